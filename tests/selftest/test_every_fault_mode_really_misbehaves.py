"""Every fault mode makes the sandbox misbehave, and only in that mode: a direct probe per fault (probes.py)
shows the misbehavior with the fault on and correct behavior with it off. So no fault that does nothing can
ever count as caught by `connect-cert selftest`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.sandbox.faults import catalog, get
from tests.selftest.probes import BROWSER_PROBES, HTTP_PROBES, Api, Browser


def test_every_fault_mode_has_exactly_one_probe() -> None:
    names = {fault.name for fault in catalog()}
    probed = set(HTTP_PROBES) | set(BROWSER_PROBES)
    assert not set(HTTP_PROBES) & set(BROWSER_PROBES)
    assert names - probed == set(), "fault modes without a probe"
    assert probed - names == set(), "probes of fault modes that do not exist"


@pytest.mark.parametrize("fault", sorted(HTTP_PROBES))
def test_the_sandbox_misbehaves_in_the_fault_mode_only(fault: str, api_with: Callable[[list[str]], Api]) -> None:
    probe = HTTP_PROBES[fault]
    assert probe(api_with([])) is False, f"without {fault} the probe already sees: {get(fault).description}"
    assert probe(api_with([fault])) is True, f"with {fault} on the probe does not see: {get(fault).description}"


@pytest.mark.parametrize("fault", sorted(BROWSER_PROBES))
def test_the_browser_side_misbehaves_in_the_fault_mode_only(
    fault: str, browser_with: Callable[[list[str]], Browser]
) -> None:
    probe = BROWSER_PROBES[fault]
    assert probe(browser_with([])) is False, f"without {fault} the probe already sees: {get(fault).description}"
    assert probe(browser_with([fault])) is True, f"with {fault} on the probe does not see: {get(fault).description}"
