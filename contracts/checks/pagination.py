"""Page-number pagination: count, results, next and previous agree with each other and the page asked for."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import schemathesis
from schemathesis import Case, CheckContext, Response

from connect_cert.contracts.checks._conditions import body_of, for_status, operation_id, successful
from connect_cert.contracts.checks.failures import IncoherentPagination


def _page_of(url: str | None) -> int | None:
    if url is None:
        return None
    values = parse_qs(urlsplit(url).query).get("page")
    return int(values[0]) if values and values[0].isdigit() else 1


def _int_param(case: Case[Any], name: str) -> int | None:
    value = (case.query or {}).get(name)
    if isinstance(value, list):  # a repeated parameter: DRF's QueryDict.get reads its last value
        value = value[-1] if value else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


@schemathesis.check
@for_status(successful)
def pagination_is_coherent(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """`count`, `results`, `next` and `previous` describe the same page of the same list."""
    body = body_of(response)
    if not isinstance(body, dict) or "results" not in body and "count" not in body:
        return None
    if "next" not in body and "previous" not in body and "count" not in body:
        return None
    op = operation_id(case)

    def fail(received: str, documented: str) -> IncoherentPagination:
        return IncoherentPagination(operation=op, received=received, documented=documented)

    count, results = body.get("count"), body.get("results")
    if not isinstance(count, int) or count < 0:
        raise fail(f"count={count!r}", "count: a non-negative integer, always present")
    if not isinstance(results, list):
        raise fail(f"results={type(results).__name__}", "results: a list, always present")
    page = _int_param(case, "page") or 1
    size = _int_param(case, "page_size")
    if size is not None and size > 0 and len(results) > size:
        raise fail(f"{len(results)} results with page_size={size}", "at most page_size results")
    next_page, previous_page = _page_of(body.get("next")), _page_of(body.get("previous"))
    if page == 1 and body.get("previous") is not None:
        raise fail(f"previous={body.get('previous')!r} on page 1", "previous: null on the first page")
    if page > 1 and previous_page != page - 1:
        raise fail(f"previous points at page {previous_page} from page {page}", f"previous: page {page - 1}")
    if body.get("next") is not None and next_page != page + 1:
        raise fail(f"next points at page {next_page} from page {page}", f"next: page {page + 1}")
    if size and size > 0:
        if len(results) < size and body.get("next") is not None:
            size = len(results)  # DRF caps page_size silently: the page shows the size in force
        shown_before = (page - 1) * size
        more = count > shown_before + len(results)
        if more != (body.get("next") is not None):
            raise fail(
                f"count={count}, page={page}, page_size={size}, {len(results)} results, next={body.get('next')!r}",
                "next is set exactly when more results follow",
            )
        if len(results) < size and more:
            raise fail(f"a short page ({len(results)} < {size}) with more to come", "only the last page is short")
    if len(results) > count:
        raise fail(f"{len(results)} results but count={count}", "count is the size of the whole list")
    return True
