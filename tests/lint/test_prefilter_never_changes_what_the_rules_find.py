"""Files without a word of the rules' vocabulary are parsed but not walked; that never changes a finding."""

from __future__ import annotations

import pytest

from connect_cert.harness.lint import lint
from connect_cert.harness.lint.rules import vocabulary
from tests.lint.support import FIXTURE_APPS

# Names that matter only beside another word the pre-filter matches: a configuration call only with a
# `customer` label, an environment holder only with `Production`, a wrong secret only on a `debt`.
SECONDARY = {"CONFIG_CALLS": "customer", "ENVIRONMENT_HOLDERS": "Production", "WRONG_DEBT_SECRETS": "debt"}
NAME_SETS = [
    name
    for name in dir(vocabulary)
    if name.isupper() and isinstance(getattr(vocabulary, name), frozenset) and name not in SECONDARY
]


@pytest.mark.parametrize("variant", sorted(f"{p.parent.name}/{p.name}" for p in FIXTURE_APPS.glob("*/*") if p.is_dir()))
def test_the_prefilter_changes_no_finding(variant: str) -> None:
    with_filter = lint(FIXTURE_APPS / variant)
    without = lint(FIXTURE_APPS / variant, prefilter=False)
    assert with_filter.findings == without.findings
    assert with_filter.skipped == without.skipped and with_filter.files_scanned == without.files_scanned


@pytest.mark.parametrize("name_set", NAME_SETS)
def test_every_name_a_rule_looks_for_passes_the_prefilter(name_set: str) -> None:
    names = getattr(vocabulary, name_set)
    assert names, name_set
    assert [n for n in names if not vocabulary.prefilter(n)] == []


@pytest.mark.parametrize(("name_set", "beside"), sorted(SECONDARY.items()))
def test_secondary_names_come_with_a_word_the_prefilter_matches(name_set: str, beside: str) -> None:
    assert getattr(vocabulary, name_set) and vocabulary.prefilter(beside)
