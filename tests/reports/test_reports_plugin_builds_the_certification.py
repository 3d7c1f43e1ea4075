"""A whole run through the reports plugin: labels from markers, the four reports, agreement, exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.reports.catalog import load_catalog
from connect_cert.harness.reports.certification import schema_errors
from connect_cert.sandbox.identity import partner_token
from tests.reports.support import ALLURE_CLI, embedded_results, png

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

API_REQUIREMENTS = [r.id for r in load_catalog() if "api" in r.platforms]

API_SUITE = f"""
import pytest

@pytest.mark.platform("api")
@pytest.mark.parametrize("rid", [pytest.param(r, marks=pytest.mark.requirement(r)) for r in {API_REQUIREMENTS!r}])
def test_requirement_holds(rid):
    assert rid
"""

WEB_SUITE = """
import pytest
from connect_cert.harness.reports import allure as ev
from tests.reports.support import png

pytestmark = pytest.mark.platform("web")

@pytest.mark.requirement("PAY-02")
def test_4242_is_attached():
    with ev.step("add 4242"):
        ev.attach_png("after adding", png(rgb=(30, 160, 30)))
    ev.label_device("Desktop Chrome")

@pytest.mark.requirement("PAY-03")
def test_3184_needs_the_challenge():
    with ev.step("complete the challenge"):
        ev.attach_png("challenge", png(rgb=(200, 30, 30)))
        assert False, "the page showed success before the 3DS challenge"

@pytest.mark.requirement("PAY-08")
def test_apple_pay_button():
    ev.not_applicable("the target declares no registered wallet domain")
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(
        "-p", "connect_cert.harness.reports.plugin", "-p", "no:cacheprovider", "--progress", "plain", *args
    )


def _certification(pytester: pytest.Pytester) -> dict[str, Any]:
    return json.loads((pytester.path / "reports" / "certification.json").read_text(encoding="utf-8"))


def _junit_cases(pytester: pytest.Pytester) -> list[ET.Element]:
    return list(ET.parse(pytester.path / "reports" / "junit.xml").getroot().iter("testcase"))


def _results(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    folder = pytester.path / "reports" / "allure-results"
    return [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*-result.json")]


def _labels(result: dict[str, Any], name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


@pytest.fixture
def suites(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.mkdir("suites")
    for suite in ("api", "web"):
        pytester.mkdir(f"suites/{suite}")
    (pytester.path / "suites" / "api" / "test_contract.py").write_text(API_SUITE)
    return pytester


def test_a_failing_requirement_appears_in_all_four_reports(suites: pytest.Pytester) -> None:
    (suites.path / "suites" / "web" / "test_cards.py").write_text(WEB_SUITE)
    outcome = _run(suites, "suites")
    assert outcome.ret == 1
    outcome.stdout.fnmatch_lines(["*connect-cert certification*", "certification: FAIL*", "*PAY-03 on web: failed*"])
    outcome.stdout.fnmatch_lines(["[[]connect-cert[]] suite *: *tests done*elapsed"])

    # certification.json: the failing requirement with its finding and its evidence
    doc = _certification(suites)
    assert schema_errors(doc) == []
    assert doc["verdict"] == "fail"
    pay03 = next(r for r in doc["requirements"] if r["id"] == "PAY-03")["platforms"]["web"]
    assert pay03["status"] == "failed"
    [finding] = pay03["findings"]
    assert "success before the 3DS challenge" in finding["message"]
    assert finding["category"] == "Product defect"
    assert (
        finding["reproduce"][-1]
        == "python -m pytest 'suites/web/test_cards.py::test_3184_needs_the_challenge' --target sandbox"
    )
    assert finding["evidence"] and all((suites.path / "reports" / p).is_file() for p in finding["evidence"])
    pay08 = next(r for r in doc["requirements"] if r["id"] == "PAY-08")["platforms"]["web"]
    assert pay08["status"] == "not_applicable" and "wallet domain" in pay08["reason"]

    # junit.xml: the same counts, and the requirement as a property of the failing case
    cases = _junit_cases(suites)
    counts = doc["counts"]
    assert len(cases) == counts["total"] == len(API_REQUIREMENTS) + 3
    failing = [c for c in cases if c.find("failure") is not None]
    assert len(failing) == counts["failed"] + counts["broken"] == 1
    properties = {(p.get("name"), p.get("value")) for p in failing[0].iter("property")}
    assert ("requirement", "PAY-03") in properties and ("platform", "web") in properties
    assert doc["agreement"]["agree"] is True

    # certification.html: the failing row
    html = (suites.path / "reports" / "certification.html").read_text(encoding="utf-8")
    assert 'data-requirement="PAY-03" data-status="failed"' in html
    assert "NOT CERTIFIED" in html

    # Allure: labels from the markers and the catalog, and (when npm packages are there) the report
    by_name = {r["name"]: r for r in _results(suites)}
    added = by_name["test_4242_is_attached"]
    assert _labels(added, "epic") == ["Web"]
    assert _labels(added, "feature") == ["PAY-02 A 4242 card is added without friction and becomes the default method"]
    assert _labels(added, "severity") == ["blocker"]
    assert _labels(added, "story") == ["cards"]
    assert _labels(added, "requirement") == ["PAY-02"] and _labels(added, "platform") == ["web"]
    assert _labels(added, "device") == ["Desktop Chrome"]
    assert {"name": "device", "value": "'Desktop Chrome'"} in added["parameters"], "the device is part of the identity"
    assert _labels(by_name["test_3184_needs_the_challenge"], "severity") == ["critical"]
    results_dir = suites.path / "reports" / "allure-results"
    for name in ("environment.properties", "executor.json", "categories.json"):
        assert (results_dir / name).is_file(), name
    categories = json.loads((results_dir / "categories.json").read_text())
    assert [c["name"] for c in categories] == ["Environment", "Product defect", "Test defect"]
    if ALLURE_CLI.is_file():
        report = suites.path / "reports" / "allure-report"
        assert (report / "index.html").is_file()
        assert doc["agreement"]["allure_report"]["failed"] == 1
        shown = embedded_results(report / "index.html")
        assert len(shown) == doc["counts"]["total"]
        failed = [r for r in shown if r.get("status") == "failed"]
        assert [_labels(r, "requirement") for r in failed] == [["PAY-03"]]


def test_all_tests_passing_is_not_enough_when_a_requirement_is_untested(suites: pytest.Pytester) -> None:
    (suites.path / "suites" / "web" / "test_cards.py").write_text(
        "import pytest\n\n@pytest.mark.platform('web')\n@pytest.mark.requirement('PAY-02')\ndef test_4242():\n    pass\n"
    )
    outcome = _run(suites, "suites")
    assert outcome.ret == 1, "every test passed, yet web requirements are unproven"
    outcome.assert_outcomes(passed=len(API_REQUIREMENTS) + 1)
    doc = _certification(suites)
    assert doc["verdict"] == "fail"
    assert "PAY-03 on web: untested (no test carries this requirement on web)" in doc["reasons"]
    assert schema_errors(doc) == []


def test_the_api_alone_certifies_when_every_api_requirement_passes(suites: pytest.Pytester) -> None:
    outcome = _run(suites, "suites/api")
    assert outcome.ret == 0, outcome.stdout.str()
    doc = _certification(suites)
    assert doc["verdict"] == "pass" and doc["reasons"] == []
    assert doc["run"]["platforms"] == ["api"] and doc["run"]["suites"] == ["api"]
    assert doc["counts"]["passed"] == len(API_REQUIREMENTS)
    assert schema_errors(doc) == []
    outcome.stdout.fnmatch_lines(["certification: PASS*"])


def test_a_secret_in_an_attachment_fails_the_run_and_names_the_file(suites: pytest.Pytester) -> None:
    token = partner_token("partner_a")
    (suites.path / "suites" / "api" / "test_leaky.py").write_text(
        "import allure, pytest\n\n"
        "@pytest.mark.platform('api')\n@pytest.mark.requirement('API-02')\n"
        "def test_leaks_a_token():\n"
        f"    allure.attach('Authorization: Bearer {token}', name='raw request')\n"
    )
    outcome = _run(suites, "suites/api")
    assert outcome.ret == 1
    doc = _certification(suites)
    assert doc["verdict"] == "fail"
    # The attachment leaks, and so does its copy in the Allure report when that was generated.
    expected = {"allure-results"} | ({"allure-report"} if ALLURE_CLI.is_file() else set())
    assert {leak["path"].split("/")[0] for leak in doc["leaks"]} == expected
    # Named by its shape, or as this run's own token when the process registered it first: both are right.
    kinds = {leak["kind"] for leak in doc["leaks"]}
    assert kinds and kinds <= {"partner token (JWT)", "registered secret (token or key of this run)"}
    leak = next(leak for leak in doc["leaks"] if leak["path"].startswith("allure-results/"))
    assert any(reason.startswith(f"leak in {leak['path']}") for reason in doc["reasons"])
    outcome.stdout.fnmatch_lines([f"*leak in {leak['path']}*"])
    for name in ("certification.json", "certification.html"):
        assert token not in (suites.path / "reports" / name).read_text(encoding="utf-8")


def test_the_previous_results_do_not_count_again(suites: pytest.Pytester) -> None:
    stale = suites.path / "reports" / "allure-results"
    stale.mkdir(parents=True)
    (stale / "old-result.json").write_text(json.dumps({"uuid": "old", "name": "old", "status": "failed", "labels": []}))
    assert _run(suites, "suites/api").ret == 0
    assert not (stale / "old-result.json").exists()


def test_a_bad_partner_config_is_a_usage_error_of_one_line(suites: pytest.Pytester) -> None:
    config = suites.path / "certification.yaml"
    config.write_text("partner: {name: Acme}\ntarget: {url: 'ftp://nope'}\n")
    outcome = _run(suites, "suites/api", "--partner-config", str(config))
    assert outcome.ret == pytest.ExitCode.USAGE_ERROR
    outcome.stderr.fnmatch_lines(
        ["*certification.yaml: target.url: must be 'sandbox' or an http(s) URL, got 'ftp://nope'"]
    )


def test_the_partner_and_its_app_versions_label_every_test(suites: pytest.Pytester) -> None:
    config = suites.path / "certification.yaml"
    config.write_text(
        "partner: {name: Acme Charging}\n"
        "apps: {web: {url: 'https://app.acme.example', version: '3.1.0'}}\n"
        "requirements: {exclude: {PAY-09: 'no Google Pay on the web'}}\n"
    )
    (suites.path / "suites" / "web" / "test_cards.py").write_text(WEB_SUITE)
    outcome = _run(suites, "suites", "--partner-config", str(config))
    assert outcome.ret == 1
    added = next(r for r in _results(suites) if r["name"] == "test_4242_is_attached")
    assert _labels(added, "partner") == ["Acme Charging"] and _labels(added, "app_version") == ["3.1.0"]
    doc = _certification(suites)
    assert doc["partner"] == {
        "name": "Acme Charging",
        "config": str(config),
        "excluded": {"PAY-09": "no Google Pay on the web"},
    }
    assert doc["versions"]["apps"] == {"web": "3.1.0"}
    pay09 = next(r for r in doc["requirements"] if r["id"] == "PAY-09")
    assert pay09["status"] == "not_applicable"
    assert schema_errors(doc) == []


def test_screenshots_are_real_images(tmp_path: Path) -> None:
    """The evidence the tests above attach is a decodable PNG (the HTML test shows it as a thumbnail)."""
    data = png(8, 4)
    assert data.startswith(b"\x89PNG") and b"IHDR" in data and data.endswith(b"IEND\xaeB`\x82")
