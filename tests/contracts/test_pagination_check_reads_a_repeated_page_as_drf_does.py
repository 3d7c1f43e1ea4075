"""The pagination check reads a repeated `page` or `page_size` as DRF does (its last value), so a fuzzed
`?page=&page=5` answered as page 5 is not mistaken for page 1 (a false finding seen in a full-profile run)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from connect_cert.contracts.checks.pagination import _int_param


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"page": ["", "\u00be", "5"]}, 5),
        ({"page": "3"}, 3),
        ({"page": ["2", "x"]}, None),
        ({"page": []}, None),
        ({}, None),
    ],
)
def test_the_page_asked_for_is_the_last_value_of_a_repeated_parameter(
    query: dict[str, Any], expected: int | None
) -> None:
    case: Any = SimpleNamespace(query=query)
    assert _int_param(case, "page") == expected
