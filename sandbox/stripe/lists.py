"""List answers with Stripe's cursor pagination (https://docs.stripe.com/api/pagination).

Newest first; `limit` from 1 to 100 (10 by default); `starting_after` pages on to older objects,
`ending_before` back to newer ones; `has_more` says whether more lie in that direction; `url` is the list's
own path. `created` filters by creation time (an integer, or `gt`, `gte`, `lt`, `lte`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_cert.sandbox.stripe.common import Obj, missing
from connect_cert.sandbox.stripe.params import INT, STR, Param, check, obj, param_error

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
CREATED = Param("any")
PARAMS: dict[str, Param] = {"limit": INT, "starting_after": STR, "ending_before": STR, "created": CREATED}
_BOUNDS = obj(gt=INT, gte=INT, lt=INT, lte=INT)
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _created_filter(value: Any) -> Callable[[Obj], bool]:
    if value is None:
        return lambda _: True
    if isinstance(value, dict):
        bounds = check(_BOUNDS.fields or {}, value, "created")
        return lambda o: all(_COMPARE[op](o["created"], limit) for op, limit in bounds.items())
    try:
        exact = int(value)
    except (TypeError, ValueError):
        raise param_error(f"Invalid integer: {value}", "created", "parameter_invalid_integer") from None
    return lambda o: o["created"] == exact


def page(items: list[Obj], form: Obj, url: str, kind: str) -> Obj:
    """One page of `items` (newest first already) as Stripe's list object."""
    limit = form.get("limit", DEFAULT_LIMIT)
    if limit < 1:
        raise param_error("This value must be greater than or equal to 1.", "limit", "parameter_invalid_integer")
    if limit > MAX_LIMIT:
        raise param_error(
            f"This value must be less than or equal to {MAX_LIMIT}.", "limit", "parameter_invalid_integer"
        )
    after, before = form.get("starting_after"), form.get("ending_before")
    if after and before:
        raise param_error(
            "You may only specify one of these parameters: ending_before, starting_after.",
            "starting_after",
            "parameters_exclusive",
        )
    keep = _created_filter(form.get("created"))
    items = [o for o in items if keep(o)]
    ids = [o["id"] for o in items]
    cursor = after or before
    if cursor and cursor not in ids:
        raise missing(kind, cursor, "starting_after" if after else "ending_before")
    if after:
        start = ids.index(after) + 1
        data, has_more = items[start : start + limit], start + limit < len(items)
    elif before:
        end = ids.index(before)
        start = max(0, end - limit)
        data, has_more = items[start:end], start > 0
    else:
        data, has_more = items[:limit], len(items) > limit
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
