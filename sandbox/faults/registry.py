"""The fault catalog: each fault mode is one named function (or, for the browser stand-ins, one declaration)
with a one-line description, in a family.

Three kinds, by where the fault acts:
- `behavior`: a transform of one value the sandbox passes through a named hook point (`hooks.Point`), e.g.
  "is the billing complete?" at start, or the partner a user must belong to;
- `http`: a transform of a request before the sandbox sees it, or of its answer (`middleware`);
- `client`: read by the static JavaScript (reference client, Stripe.js and PaymentSheet stand-ins), which
  learns the active names from `/playground/config.json` or `/_sandbox/info`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connect_cert.sandbox.faults.middleware import Answer, Exchange

FAMILIES: Mapping[str, str] = {
    "contract": "the Connect API breaks its contract (types, required fields, statuses, content types, pages)",
    "auth": "authentication and tenancy are not enforced",
    "payments": "cards are set up or shown wrongly",
    "lifecycle": "the charging lifecycle (start, pre-authorization, stop, final charge, debts, invoices) is wrong",
    "web_client": "the reference web client mishandles a result",
    "stripe_js": "the Stripe.js stand-in misbehaves",
    "paymentsheet": "the PaymentSheet stand-in misbehaves",
}
CLIENT_FAMILIES = frozenset({"web_client", "stripe_js", "paymentsheet"})

Transform = Callable[..., Any]  # (value, point, **context) -> value
RequestTransform = Callable[["Exchange"], None]
ResponseTransform = Callable[["Exchange", "Answer"], None]


class UnknownFault(ValueError):
    """A fault mode name that is not in the catalog."""


@dataclass(frozen=True)
class HttpRule:
    """Which requests an HTTP fault applies to: methods (empty: any) and a path pattern."""

    methods: frozenset[str]
    path: re.Pattern[str]

    def matches(self, method: str, path: str) -> bool:
        return (not self.methods or method in self.methods) and self.path.search(path) is not None


@dataclass(frozen=True)
class Fault:
    """One fault mode: `family.name`, what it does wrong, and where it acts."""

    name: str
    family: str
    description: str
    hooks: Mapping[str, Transform] = field(default_factory=dict)  # hook point -> transform
    rule: HttpRule | None = None
    on_request: RequestTransform | None = None
    on_response: ResponseTransform | None = None
    where: str = ""  # for client faults: the file that reads the name

    @property
    def kind(self) -> str:
        if self.family in CLIENT_FAMILIES:
            return "client"
        return "http" if self.rule is not None else "behavior"

    @property
    def is_client(self) -> bool:
        return self.family in CLIENT_FAMILIES


REGISTRY: dict[str, Fault] = {}


def _register(fault: Fault) -> Fault:
    if fault.family not in FAMILIES:
        raise ValueError(f"unknown fault family {fault.family!r}")
    if fault.name in REGISTRY:
        raise ValueError(f"fault {fault.name!r} is registered twice")
    if not fault.description or "\n" in fault.description:
        raise ValueError(f"fault {fault.name!r} needs a one-line description")
    REGISTRY[fault.name] = fault
    return fault


def _description(function: Callable[..., Any]) -> str:
    doc = (function.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def behavior(family: str, *points: str) -> Callable[[Transform], Transform]:
    """Register the decorated function as fault `family.<function name>`, transforming the value at `points`.

    It is called as `function(value, point, **context)` and answers the value the sandbox goes on with.
    """

    def register(function: Transform) -> Transform:
        hooks = {point: function for point in points}
        _register(Fault(f"{family}.{function.__name__}", family, _description(function), hooks=hooks))
        return function

    return register


def _rule(methods: str | Iterable[str], path: str) -> HttpRule:
    chosen = {methods} if isinstance(methods, str) else set(methods)
    return HttpRule(frozenset(m for m in chosen if m), re.compile(path))


def on_request(family: str, methods: str | Iterable[str], path: str) -> Callable[[RequestTransform], RequestTransform]:
    """Register the decorated function as an HTTP fault that changes matching requests before the sandbox."""

    def register(function: RequestTransform) -> RequestTransform:
        name = f"{family}.{function.__name__}"
        _register(Fault(name, family, _description(function), rule=_rule(methods, path), on_request=function))
        return function

    return register


def on_response(
    family: str, methods: str | Iterable[str], path: str
) -> Callable[[ResponseTransform], ResponseTransform]:
    """Register the decorated function as an HTTP fault that changes the sandbox's answer to matching requests."""

    def register(function: ResponseTransform) -> ResponseTransform:
        name = f"{family}.{function.__name__}"
        _register(Fault(name, family, _description(function), rule=_rule(methods, path), on_response=function))
        return function

    return register


def client(family: str, name: str, description: str, *, where: str) -> Fault:
    """Declare a fault the static JavaScript in `where` carries out when its name is active."""
    return _register(Fault(f"{family}.{name}", family, description, where=where))


def get(name: str) -> Fault:
    try:
        return REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(name, REGISTRY, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UnknownFault(f"unknown fault mode {name!r}{hint}") from None


def validate(names: Iterable[str]) -> tuple[str, ...]:
    """The names, each checked against the catalog, duplicates dropped, in the order given."""
    return tuple(dict.fromkeys(get(name).name for name in names))


def catalog() -> list[Fault]:
    """Every fault mode, family by family in `FAMILIES` order, then by name."""
    order = list(FAMILIES)
    return sorted(REGISTRY.values(), key=lambda f: (order.index(f.family), f.name))
