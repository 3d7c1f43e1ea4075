"""DRF's PageNumberPagination: `{count, next, previous, results}` with `page` and `page_size`.

As DRF does: `page` must be a whole number within the pages (or `last`), else 404 `{"detail": "Invalid
page."}`; page 1 of an empty list is valid; a `page_size` that is not a positive integer falls back to the
default; one above the maximum is capped. `next` and `previous` are absolute URLs built from the request
URL with only `page` replaced (query keys sorted, as DRF's `replace_query_param` does); `previous` of page 2
drops `page` altogether. Default page size 10, maximum 100 (the real values are not published).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from starlette.requests import Request

from connect_cert.sandbox.errors import APIError

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

T = TypeVar("T")


def replace_query_param(url: str, key: str, value: Any) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params[key] = [str(value)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment))


def remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params.pop(key, None)
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment))


def page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    try:
        size = int(raw) if raw is not None else DEFAULT_PAGE_SIZE
    except ValueError:
        return DEFAULT_PAGE_SIZE
    if size <= 0:
        return DEFAULT_PAGE_SIZE
    return min(size, MAX_PAGE_SIZE)


def paginate(request: Request, items: Sequence[T], render: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    size = page_size(request)
    count = len(items)
    pages = max(1, -(-count // size))
    raw = request.query_params.get("page", "1")
    if raw == "last":
        number = pages
    else:
        try:
            number = int(raw)
        except ValueError:
            raise APIError(404, "Invalid page.") from None
    if not 1 <= number <= pages:
        raise APIError(404, "Invalid page.")
    url = str(request.url)
    start = (number - 1) * size
    previous = None
    if number > 1:
        previous = remove_query_param(url, "page") if number == 2 else replace_query_param(url, "page", number - 1)
    return {
        "count": count,
        "next": replace_query_param(url, "page", number + 1) if number < pages else None,
        "previous": previous,
        "results": [render(item) for item in items[start : start + size]],
    }
