"""Every marker the connect-cert suites and the project's tests use, each with its one text.

The main plugin registers them (`register`); neither pyproject.toml nor suites/pytest.ini lists markers.
`allure_label`, which the reports plugin adds, is allure-pytest's own (a dependency that registers it).
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

MARKERS = MappingProxyType(
    {
        "requirement": "requirement(id): the requirement in fixtures/requirements.yaml this test proves",
        "platform": "platform(name): api, web, ios, android or lint",
        "sandbox_only": "sandbox_only(reason): needs the sandbox control API (/_sandbox/); skipped on other targets",
        "web_devices": "web_devices(*names): run on these mobile viewports (filtered by --web-devices)",
        "web_element": "web_element(kind): with the reference client, only this element (payment or card)",
        "side_by_side": "side_by_side: under -n, this test's xdist_group goes to a worker holding no other such"
        " group, before other work (one device session per worker, the devices running at the same time)",
    }
)
"""Marker name -> the text `pytest --markers` shows."""


def register(config: pytest.Config) -> None:
    for text in MARKERS.values():
        config.addinivalue_line("markers", text)
