"""The tolerances drop a negative case only when a DRF API is right to accept what went out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from connect_cert.harness.contract.tolerances import _contract_operations, _valid_as_sent


def _parameter(operation: str, name: str) -> Mapping[str, Any]:
    return next(p for p in _contract_operations()[operation].parameters if p["name"] == name)


@pytest.mark.parametrize(
    ("operation", "name", "sent"),
    [
        ("stations_tile_retrieve", "x", ["0.0"]),  # DRF's IntegerField reads 0.0 as 0
        ("stations_tile_retrieve", "power_groups", ["", ""]),  # empty values of a filter: no filter
        ("stations_tile_retrieve", "only_available", [""]),
        ("stations_around_list", "only_partners", ["false"]),
        ("stations_around_list", "connector_types", ["CHADEMO"]),
        ("stations_tile_retrieve", "operators", []),
        ("stations_tile_retrieve", "z", ["null", "false", "0.0"]),  # a repeated scalar: DRF reads the last
    ],
)
def test_valid_as_sent(operation: str, name: str, sent: list[str]) -> None:
    assert _valid_as_sent(_parameter(operation, name), sent)


@pytest.mark.parametrize(
    ("operation", "name", "sent"),
    [
        ("stations_tile_retrieve", "x", ["0.5"]),
        ("stations_tile_retrieve", "z", [""]),  # required: empty is missing, never tolerated
        ("stations_around_list", "latitude", ["north"]),
        ("stations_around_list", "connector_types", ["NOT_A_CONNECTOR"]),
        ("stations_around_list", "only_partners", ["maybe"]),
        ("users_list", "page", ["first"]),
        ("stations_tile_retrieve", "z", ["0", "null"]),  # the last value decides, and it is not an integer
        ("stations_tile_retrieve", "z", ["3", ""]),  # required, and read as empty
    ],
)
def test_invalid_as_sent(operation: str, name: str, sent: list[str]) -> None:
    assert not _valid_as_sent(_parameter(operation, name), sent)
