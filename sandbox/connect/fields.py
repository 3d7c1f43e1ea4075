"""Input validation for request bodies and query strings, the way DRF's fields behave.

Every failure is a 400 `validation_error` naming the field; nothing a client sends can reach a handler
with the wrong type. Strings are trimmed (DRF's `trim_whitespace`); null characters and unpaired
surrogates are refused (they cannot be stored or encoded). Types are strict for JSON bodies (a number is
not a string); form and multipart bodies carry only strings, so numbers and objects are parsed from them,
and an empty form value of a nullable field is null (DRF's HTML input rule).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from typing import Any, Final

from starlette.datastructures import QueryParams

from connect_cert.sandbox.errors import validation_error
from connect_cert.sandbox.http import ConnectRequest


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

# Django's EmailValidator, ASCII part.
_EMAIL_USER = re.compile(
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
    re.IGNORECASE,
)
_EMAIL_DOMAIN = re.compile(r"((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))\Z", re.IGNORECASE)
_DRF_INTEGER_TAIL = re.compile(r"\.0*\s*$")


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "..."


def is_valid_email(value: str) -> bool:
    if "@" not in value or len(value) > 254:
        return False
    user, domain = value.rsplit("@", 1)
    return bool(_EMAIL_USER.match(user)) and (domain == "localhost" or bool(_EMAIL_DOMAIN.match(domain)))


def clean_text(name: str, value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise validation_error(f"{name}: Contains characters that are not valid Unicode.") from None
    if "\x00" in value:
        raise validation_error(f"{name}: Null characters are not allowed.")
    return value.strip()


class Body:
    """The request body of a Connect API call, read field by field."""

    def __init__(self, req: ConnectRequest) -> None:
        self.data = req.body
        ctype = req.request.headers.get("content-type", "").split(";")[0].strip().lower()
        self.form = ctype in ("application/x-www-form-urlencoded", "multipart/form-data")

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def _raw(self, name: str, required: bool, nullable: bool) -> Any:
        if name not in self.data:
            if required:
                raise validation_error(f"{name}: This field is required.")
            return MISSING
        value = self.data[name]
        if self.form and value == "" and nullable:
            return None  # DRF: an empty form field of a nullable field is null
        if value is None and not nullable:
            raise validation_error(f"{name}: This field may not be null.")
        return value

    def string(
        self,
        name: str,
        *,
        required: bool = False,
        nullable: bool = False,
        max_length: int | None = None,
        choices: Collection[str] | None = None,
    ) -> Any:
        value = self._raw(name, required, nullable)
        if value is MISSING or value is None:
            return value
        if not isinstance(value, str):
            raise validation_error(f"{name}: Not a valid string.")
        value = clean_text(name, value)
        if max_length is not None and len(value) > max_length:
            raise validation_error(f"{name}: Ensure this field has no more than {max_length} characters.")
        if choices is not None and value not in choices:
            raise validation_error(f'{name}: "{_shown(value)}" is not a valid choice.')
        return value

    def email(self, name: str, *, nullable: bool = True) -> Any:
        value = self.string(name, nullable=nullable, max_length=254)
        if isinstance(value, str) and not is_valid_email(value):
            raise validation_error(f"{name}: Enter a valid email address.")
        return value

    def obj(self, name: str, *, nullable: bool = False) -> Any:
        value = self._raw(name, False, nullable)
        if value is MISSING or value is None:
            return value
        if self.form and isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else None
            except ValueError:
                raise validation_error(f"{name}: Expected a JSON object.") from None
            if value is None and nullable:
                return None
        if not isinstance(value, dict):
            raise validation_error(f"{name}: Invalid data. Expected a dictionary, but got {type(value).__name__}.")
        return value

    def choice_int(self, name: str, choices: Collection[int], *, nullable: bool = False) -> Any:
        value = self._raw(name, False, nullable)
        if value is MISSING or value is None:
            return value
        if self.form and isinstance(value, str):
            if value.strip() == "" and nullable:
                return None
            try:
                value = int(value.strip())
            except ValueError:
                raise validation_error(f'{name}: "{_shown(value)}" is not a valid choice.') from None
        if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
            raise validation_error(f'{name}: "{_shown(value)}" is not a valid choice.')
        return value


def nested_string(data: dict[str, Any], name: str, *, nullable: bool = True, max_length: int | None = None) -> Any:
    """A string field of a nested object (`custom_properties.external_id`)."""
    if name not in data:
        return MISSING
    value = data[name]
    if value is None:
        if nullable:
            return None
        raise validation_error(f"{name}: This field may not be null.")
    if not isinstance(value, str):
        raise validation_error(f"{name}: Not a valid string.")
    value = clean_text(name, value)
    if max_length is not None and len(value) > max_length:
        raise validation_error(f"{name}: Ensure this field has no more than {max_length} characters.")
    return value


# --- query strings -------------------------------------------------------------------------------


def _one(query: QueryParams, name: str, required: bool) -> str | None:
    value = query.get(name)
    if value is None and required:
        raise validation_error(f"{name}: This field is required.")
    return value


def q_int(
    query: QueryParams,
    name: str,
    *,
    required: bool = False,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    raw = _one(query, name, required)
    if raw is None:
        return default
    try:
        value = int(_DRF_INTEGER_TAIL.sub("", raw))
    except ValueError:
        raise validation_error(f"{name}: A valid integer is required.") from None
    if minimum is not None and value < minimum:
        raise validation_error(f"{name}: Ensure this value is greater than or equal to {minimum}.")
    if maximum is not None and value > maximum:
        raise validation_error(f"{name}: Ensure this value is less than or equal to {maximum}.")
    return value


def q_float(
    query: QueryParams, name: str, *, required: bool = False, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    raw = _one(query, name, required)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise validation_error(f"{name}: A valid number is required.") from None
    if not math.isfinite(value):
        raise validation_error(f"{name}: A valid number is required.")
    if minimum is not None and value < minimum:
        raise validation_error(f"{name}: Ensure this value is greater than or equal to {minimum}.")
    if maximum is not None and value > maximum:
        raise validation_error(f"{name}: Ensure this value is less than or equal to {maximum}.")
    return value


_TRUE = {"true", "1", "yes", "on", "t", "y"}
_FALSE = {"false", "0", "no", "off", "f", "n", ""}


def q_bool(query: QueryParams, name: str, default: bool = False) -> bool:
    raw = query.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise validation_error(f"{name}: Must be a valid boolean.")


def q_choice(
    query: QueryParams, name: str, choices: Collection[str], *, required: bool = False, default: str | None = None
) -> str | None:
    raw = _one(query, name, required)
    if raw is None:
        return default
    if raw not in choices:
        raise validation_error(f'{name}: "{_shown(raw)}" is not a valid choice.')
    return raw


def q_list(query: QueryParams, name: str, *, choices: Collection[str] | None = None, split: bool = True) -> list[str]:
    """A repeated parameter (`a=x&a=y`); with `split`, comma-separated values too."""
    values: list[str] = []
    for raw in query.getlist(name):
        if split:
            values.extend(part.strip() for part in raw.split(","))
        else:
            values.append(raw)
    values = [v for v in values if v != ""] if split else values
    if choices is not None:
        for value in values:
            if value not in choices:
                raise validation_error(f'{name}: "{_shown(value)}" is not a valid choice.')
    return values


def q_int_list(
    query: QueryParams, name: str, *, required: bool = False, minimum: int = 0, maximum: int | None = None
) -> list[int]:
    raw = q_list(query, name)
    if not raw and required:
        raise validation_error(f"{name}: This field is required.")
    values = []
    for item in raw:
        try:
            value = int(_DRF_INTEGER_TAIL.sub("", item))
        except ValueError:
            raise validation_error(f"{name}: A valid integer is required.") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise validation_error(f"{name}: {value} is outside the tile grid of this zoom level.")
        values.append(value)
    return values
