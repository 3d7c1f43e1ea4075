"""A reference client made wrong makes the web suite fail, with a finding that names the flow it broke."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.web.mutants import APP_JS, MUTANTS, UNCHANGED, Mutant
from tests.web.support import SuiteRun


def test_every_mutant_still_changes_the_client() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    for mutant in MUTANTS:
        assert mutant.apply(source) != source, mutant.name


def test_the_unchanged_client_passes_through_the_same_machinery(suite_against: Callable[..., SuiteRun]) -> None:
    run = suite_against(UNCHANGED, "-k", "payment-element")
    assert run.returncode == 0, run.output[-3000:]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_a_wrong_client_fails_the_flow_it_breaks(mutant: Mutant, suite_against: Callable[..., SuiteRun]) -> None:
    run = suite_against(mutant)
    assert run.returncode == 1, f"the suite did not fail on a client that {mutant.wrong}:\n{run.output[-3000:]}"
    assert f"Flow failed: {mutant.flow}" in run.output, f"no finding names the flow:\n{run.output[-3000:]}"
