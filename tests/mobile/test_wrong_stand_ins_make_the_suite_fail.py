"""A PaymentSheet stand-in made wrong makes the device suite fail, with a finding that names the flow it broke;
the unchanged stand-in passes through the same machinery."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.mobile.mutants import APP_JS, MUTANTS, UNCHANGED
from tests.mobile.support import SuiteRun
from tests.web.mutants import Mutant

DEVICES = {"ignore-3ds": "pixel-8", "keep-previous-customer": "pixel-8"}  # the others on the iPhone


def test_every_mutant_still_changes_the_stand_in() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    for mutant in MUTANTS:
        assert mutant.apply(source) != source, mutant.name


def test_the_unchanged_stand_in_passes_through_the_same_machinery(suite_against: Callable[..., SuiteRun]) -> None:
    run = suite_against(UNCHANGED)
    assert run.returncode == 0, run.output[-3000:]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_a_wrong_stand_in_fails_the_flow_it_breaks(mutant: Mutant, suite_against: Callable[..., SuiteRun]) -> None:
    run = suite_against(mutant, DEVICES.get(mutant.name, "iphone-15"))
    assert run.returncode == 1, f"the suite did not fail on a stand-in that {mutant.wrong}:\n{run.output[-3000:]}"
    assert f"Flow failed: {mutant.flow}" in run.output, f"no finding names the flow:\n{run.output[-3000:]}"
