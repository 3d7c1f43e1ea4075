"""What each endpoint accepts, checked as Stripe checks it before anything runs.

A request naming a parameter the endpoint does not know is refused (`parameter_unknown`), an integer that is
not one is `parameter_invalid_integer`, an empty string unsets a parameter that can be unset and is refused
(`parameter_invalid_empty`) elsewhere. Errors raised here are `ParamError`s: Stripe saves no idempotent
result for a request that failed validation (https://docs.stripe.com/api/idempotent_requests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from connect_cert.sandbox.errors import StripeError

Obj = dict[str, Any]

METADATA_MAX_KEYS = 50
METADATA_KEY_MAX = 40
METADATA_VALUE_MAX = 500


class ParamError(StripeError):
    """A 400 for a request Stripe refuses before running it."""


def param_error(message: str, param: str | None = None, code: str | None = None) -> ParamError:
    return ParamError(400, "invalid_request_error", message, code=code, param=param)


@dataclass(frozen=True)
class Param:
    """One parameter: its kind (str, int, bool, hash, list, obj, any) and how it may be given."""

    kind: str = "str"
    fields: Mapping[str, Param] | None = None  # obj: the keys it accepts
    item: Param | None = None  # list: its items
    required: bool = False
    unset: bool = False  # an empty string sets it to null
    choices: tuple[str, ...] = ()


STR = Param()
INT = Param("int")
BOOL = Param("bool")
HASH = Param("hash")  # metadata: free keys, string values
ANY = Param("any")
STR_LIST = Param("list", item=STR)
EXPAND = STR_LIST


def obj(**fields: Param) -> Param:
    return Param("obj", fields=fields)


def required(p: Param) -> Param:
    return replace(p, required=True)


def nullable(p: Param) -> Param:
    return replace(p, unset=True)


def one_of(*choices: str, unset: bool = False) -> Param:
    return Param("str", choices=choices, unset=unset)


ADDRESS = nullable(obj(city=STR, country=STR, line1=STR, line2=STR, postal_code=STR, state=STR))
SHIPPING = nullable(obj(address=ADDRESS, name=STR, phone=STR, carrier=STR, tracking_number=STR))
BILLING_DETAILS = obj(address=ADDRESS, email=nullable(STR), name=nullable(STR), phone=nullable(STR))

# What Stripe.js and the mobile SDKs add to the calls they make with a publishable key.
CLIENT_FIELDS: dict[str, Param] = {
    name: ANY
    for name in (
        "payment_user_agent",
        "time_on_page",
        "referrer",
        "guid",
        "muid",
        "sid",
        "pasted_fields",
        "client_attribution_metadata",
        "client_context",
        "_stripe_version",
        "_stripe_account",
    )
}

CARD_DETAILS = obj(number=STR, exp_month=STR, exp_year=STR, cvc=STR, token=STR, networks=obj(preferred=STR))
PAYMENT_METHOD_DATA = obj(
    type=STR,
    card=CARD_DETAILS,
    billing_details=BILLING_DETAILS,
    metadata=HASH,
    allow_redisplay=one_of("always", "limited", "unspecified"),
    radar_options=obj(session=STR),
    **CLIENT_FIELDS,
)


def _one_of_message(path: str, choices: tuple[str, ...]) -> str:
    listed = ", ".join(choices[:-1]) + (", or " if len(choices) > 2 else " or ") + choices[-1]
    return f"Invalid {path}: must be one of {listed if len(choices) > 1 else choices[0]}"


def _name(prefix: str, key: str) -> str:
    return f"{prefix}[{key}]" if prefix else key


def _empty(path: str) -> ParamError:
    return param_error(
        f"You passed an empty string for '{path}'. We assume empty values are an attempt to unset a parameter; "
        f"however '{path}' cannot be unset. You should remove '{path}' from your request or supply a non-empty "
        "value.",
        path,
        "parameter_invalid_empty",
    )


def _check_metadata(value: Any, path: str) -> Obj | None:
    if value == "":
        return None  # unsets every key
    if not isinstance(value, dict):
        raise param_error("Invalid object", path)
    if len(value) > METADATA_MAX_KEYS:
        raise param_error(f"Invalid {path}: it can have at most {METADATA_MAX_KEYS} keys.", path)
    for key, item in value.items():
        name = _name(path, key)
        if not isinstance(item, str):
            raise param_error(f"Invalid value type: {name} must be a string", name)
        if len(key) > METADATA_KEY_MAX:
            raise param_error(f"Metadata keys can be at most {METADATA_KEY_MAX} characters long.", name)
        if len(item) > METADATA_VALUE_MAX:
            raise param_error(f"Metadata values can be at most {METADATA_VALUE_MAX} characters long.", name)
    return dict(value)


def _value(p: Param, value: Any, path: str) -> Any:
    if p.kind == "any":
        return value
    if p.kind == "hash":
        return _check_metadata(value, path)
    if value == "":
        if p.unset:
            return None
        raise _empty(path)
    if p.kind == "obj":
        if not isinstance(value, dict):
            raise param_error("Invalid object", path)
        return check(p.fields or {}, value, path)
    if p.kind == "list":
        if isinstance(value, dict) and all(k.isdigit() for k in value):
            value = [value[k] for k in sorted(value, key=int)]
        if not isinstance(value, list):
            raise param_error("Invalid array", path)
        item = p.item or STR
        return [_value(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        raise param_error(f"Invalid {p.kind if p.kind != 'str' else 'string'}: {value}", path)
    if p.kind == "int":
        try:
            return int(value)
        except ValueError:
            raise param_error(f"Invalid integer: {value}", path, "parameter_invalid_integer") from None
    if p.kind == "bool":
        if value not in ("true", "false"):
            raise param_error(f"Invalid boolean: {value}", path)
        return value == "true"
    if p.choices and value not in p.choices:
        raise param_error(_one_of_message(path, p.choices), path)
    return value


def check(spec: Mapping[str, Param], form: Obj, prefix: str = "") -> Obj:
    """The form with every value checked and typed; unknown or missing parameters are refused."""
    for key in form:
        if key not in spec:
            name = _name(prefix, key)
            raise param_error(f"Received unknown parameter: {name}", name, "parameter_unknown")
    for key, p in spec.items():
        if p.required and form.get(key) in (None, ""):
            name = _name(prefix, key)
            raise param_error(f"Missing required param: {name}.", name, "parameter_missing")
    return {key: _value(spec[key], value, _name(prefix, key)) for key, value in form.items()}


def merge_metadata(current: Obj | None, update: Obj | None, given: bool) -> Obj:
    """Stripe's metadata update: keys are set one by one, an empty value unsets its key, "" unsets all.

    https://docs.stripe.com/api/metadata
    """
    if not given:
        return dict(current or {})
    if update is None:
        return {}
    merged = dict(current or {})
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(merged) > METADATA_MAX_KEYS:
        raise param_error(f"Invalid metadata: it can have at most {METADATA_MAX_KEYS} keys.", "metadata")
    return merged
