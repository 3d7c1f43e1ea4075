"""The README's Lint section documents usage, exit codes, suppression and one section per rule, under the
anchor the text output and SARIF helpUri point to."""

from __future__ import annotations

import re

import pytest

from connect_cert.harness.lint import RULES
from connect_cert.harness.lint.report import README, help_uri
from connect_cert.harness.lint.rules import Rule
from connect_cert.harness.lint.suppression import PATTERN


@pytest.fixture(scope="module")
def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Lint\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_the_section_documents_usage_exit_codes_and_suppression(section: str) -> None:
    assert "connect-cert lint PATH [--format text|json|sarif] [--fail-on error|warning|never]" in section
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in section
    examples = re.findall(r"connect-cert: ignore(?:-file)?\[[^\]]+\]", section)
    assert len(examples) >= 3 and all(PATTERN.search(example) for example in examples)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_has_its_anchored_section_and_table_row(rule: Rule, section: str) -> None:
    assert f'<a id="{rule.anchor}"></a>\n#### `{rule.id}`\n' in section
    row = next(line for line in section.splitlines() if line.startswith(f"| [`{rule.id}`](#{rule.anchor}) |"))
    assert f"| {rule.requirement} |" in row and rule.severity.value in row
    assert help_uri(rule.id).endswith(f"#{rule.anchor}")
