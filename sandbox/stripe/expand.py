"""`expand[]` (https://docs.stripe.com/api/expanding_objects): an id field replaced by its object.

Paths are dotted and may nest (`latest_charge.customer`), lists expand their items under `data.`, at most four
levels. A field that is not expandable is refused before the request runs. A publishable key may expand only
an intent's `payment_method` (what Stripe.js and the mobile SDKs read), and never learns its customer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.stripe import charges, customers, payment_intents, payment_methods, setup_intents
from connect_cert.sandbox.stripe.common import Obj, load
from connect_cert.sandbox.stripe.params import ParamError, param_error

MAX_DEPTH = 4

# Per object: each expandable field (a dotted path inside the object) and what it expands to. None: a field
# the sandbox never fills (always null), so there is nothing to expand it to.
EXPANDABLE: dict[str, dict[str, str | None]] = {
    "customer": {
        "default_source": None,
        "invoice_settings.default_payment_method": "payment_method",
        "test_clock": None,
    },
    "payment_method": {"customer": "customer"},
    "setup_intent": {
        "application": None,
        "customer": "customer",
        "latest_attempt": None,
        "mandate": None,
        "on_behalf_of": None,
        "payment_method": "payment_method",
        "single_use_mandate": None,
    },
    "payment_intent": {
        "application": None,
        "customer": "customer",
        "invoice": None,
        "latest_charge": "charge",
        "on_behalf_of": None,
        "payment_method": "payment_method",
        "review": None,
    },
    "charge": {
        "application": None,
        "application_fee": None,
        "balance_transaction": None,
        "customer": "customer",
        "failure_balance_transaction": None,
        "invoice": None,
        "on_behalf_of": None,
        "payment_intent": "payment_intent",
        "review": None,
        "source_transfer": None,
        "transfer": None,
    },
}
PUBLISHABLE = {("setup_intent", "payment_method"), ("payment_intent", "payment_method")}


def _loaders() -> dict[str, Callable[[Sandbox, str, bool], Obj]]:
    return {
        "customer": lambda sb, id, _: customers.get_customer(sb, id),
        "payment_method": lambda sb, id, pub: payment_methods.render(load(sb, "payment_method", id), publishable=pub),
        "charge": lambda sb, id, _: charges.get_charge(sb, id),
        "payment_intent": lambda sb, id, _: payment_intents.get_payment_intent(sb, id),
        "setup_intent": lambda sb, id, _: setup_intents.get_setup_intent(sb, id),
    }


def _refused(segment: str, in_list: bool) -> ParamError:
    hint = f" You may want to try expanding 'data.{segment}' instead." if in_list else ""
    return param_error(f"This property cannot be expanded ({segment}).{hint}")


def _field(kind: str, segments: list[str], publishable: bool) -> tuple[str, str | None]:
    """The expandable field the path starts with, and what it expands to."""
    table = EXPANDABLE.get(kind, {})
    for n in (2, 1):
        key = ".".join(segments[:n])
        if len(segments) >= n and key in table and (not publishable or (kind, key) in PUBLISHABLE):
            return key, table[key]
    raise _refused(segments[0], False)


def check(kind: str, paths: list[str], publishable: bool) -> None:
    """Refuse, before anything runs, a path the answer (an object of `kind`, or `list:<kind>`) cannot expand."""
    for path in paths:
        segments = path.split(".")
        if len(segments) > MAX_DEPTH:
            raise param_error(f"You cannot expand more than {MAX_DEPTH} levels of a property. Property: {path}")
        current: str | None = kind
        while segments:
            if current is None:
                raise _refused(segments[0], False)
            if current.startswith("list:"):
                if segments[0] != "data" or len(segments) == 1:
                    raise _refused(segments[0], True)
                current, segments = current[5:], segments[1:]
                continue
            key, current = _field(current, segments, publishable)
            segments = segments[len(key.split(".")) :]


def _expand(sb: Sandbox, obj: Any, segments: list[str], publishable: bool) -> None:
    if not segments or not isinstance(obj, dict):
        return
    if obj.get("object") == "list":
        for item in obj.get("data", []):
            _expand(sb, item, segments[1:], publishable)
        return
    key, target = _field(obj["object"], segments, publishable)
    *parents, name = key.split(".")
    container = obj
    for part in parents:
        container = container.get(part) or {}
    value = container.get(name)
    if isinstance(value, str) and target is not None and sb.store.get(target, value) is not None:
        container[name] = _loaders()[target](sb, value, publishable)
    _expand(sb, container.get(name), segments[len(key.split(".")) :], publishable)


def apply(sb: Sandbox, answer: Obj, paths: list[str], publishable: bool) -> Obj:
    for path in paths:
        _expand(sb, answer, path.split("."), publishable)
    return answer
