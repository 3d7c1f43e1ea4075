"""certification.json follows certification.schema.json, and the schema has teeth."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.reports.catalog import load_catalog
from connect_cert.harness.reports.certification import RunInfo, load_schema, schema_errors
from connect_cert.harness.reports.finalize import finalize
from connect_cert.sandbox.identity import partner_token
from tests.reports.support import ResultWriter, png

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RUN = RunInfo(target_name="sandbox", started_at=START, finished_at=START + timedelta(seconds=42), suites=("api", "web"))


def _document(results: ResultWriter, tmp_path: Path, **run: Any) -> dict[str, Any]:
    info = RunInfo(**{**RUN.__dict__, **run})
    done = finalize(tmp_path / "reports", run=info, generate_html_report=False)
    on_disk = json.loads((tmp_path / "reports" / "certification.json").read_text(encoding="utf-8"))
    assert on_disk == done.document
    return on_disk


def _proving_run(results: ResultWriter) -> None:
    for requirement in load_catalog():
        for platform in set(requirement.platforms) & {"api", "web"}:
            results(
                f"test_{requirement.id}_{platform}",
                "passed",
                requirements=[requirement.id],
                platform=platform,
                attachments=[("screen", "image/png", png())] if platform == "web" else (),
            )


def test_a_passing_run_is_valid_and_reads_pass(results: ResultWriter, tmp_path: Path) -> None:
    _proving_run(results)
    doc = _document(results, tmp_path)
    assert schema_errors(doc) == []
    assert doc["verdict"] == "pass"
    assert doc["run"]["duration_seconds"] == 42
    assert doc["run"]["platforms"] == ["api", "web"]
    pay02 = next(r for r in doc["requirements"] if r["id"] == "PAY-02")
    assert pay02["platforms"]["web"]["evidence"][0]["path"].startswith("allure-results/")
    assert pay02["platforms"]["ios"] == {
        "status": "not_applicable",
        "applies": False,
        "reason": "ios is not certified in this run",
        "counts": {"total": 0, "passed": 0, "failed": 0, "broken": 0, "skipped": 0},
        "tests": [],
        "evidence": [],
        "findings": [],
    }


def test_a_failing_run_is_valid_and_carries_findings(results: ResultWriter, tmp_path: Path) -> None:
    _proving_run(results)
    token = partner_token("partner_a")
    results(
        "test_start_with_3184",
        "failed",
        requirements=["PAY-07"],
        platform="api",
        message=f"AssertionError: expected 402, got 201\n  reproduce: curl -sS -X POST -H 'Authorization: Bearer {token}' http://127.0.0.1:1/api/v1/x/",
    )
    results(
        "test_tenancy",
        "broken",
        requirements=["API-02"],
        platform="api",
        message="connect_cert.harness.exitcodes.TargetUnreachable: cannot reach the target http://127.0.0.1:1: connection refused",
    )
    doc = _document(results, tmp_path)
    assert schema_errors(doc) == []
    assert doc["verdict"] == "fail"
    pay07 = next(r for r in doc["requirements"] if r["id"] == "PAY-07")["platforms"]["api"]
    [finding] = pay07["findings"]
    assert finding["category"] == "Product defect"
    assert finding["reproduce"][0].startswith("curl -sS -X POST -H 'Authorization: Bearer [REDACTED]'")
    assert token not in json.dumps(doc)
    api02 = next(r for r in doc["requirements"] if r["id"] == "API-02")["platforms"]["api"]
    assert api02["findings"][0]["category"] == "Environment"


def test_a_partner_run_is_valid(results: ResultWriter, tmp_path: Path) -> None:
    _proving_run(results)
    doc = _document(
        results,
        tmp_path,
        partner="Acme",
        partner_config="certification.yaml",
        excluded={"PAY-08": "cards only"},
        app_versions={"web": "3.1.0"},
        target_kind="connect",
        target_name="dev.connect.cariqa.com",
        target_url="https://dev.connect.cariqa.com",
    )
    assert schema_errors(doc) == []
    assert doc["partner"]["excluded"] == {"PAY-08": "cards only"}


@pytest.mark.parametrize(
    ("path", "value", "complaint"),
    [
        (("verdict",), "maybe", "verdict"),
        (("reasons",), ["PAY-01 on web: untested"], "reasons"),  # a pass with a reason is a contradiction
        (("counts", "failed"), 3, "counts"),  # a pass with failures
        (("requirements", 0, "platforms", "api", "status"), "green", "requirements/0/platforms/api/status"),
        (
            ("requirements", 0, "platforms", "api", "counts", "passed"),
            0,
            "requirements/0/platforms/api",
        ),  # passed with no passing test
        (("run", "started_at"), "yesterday", "run/started_at"),
        (("reports", "html"), "index.html", "reports/html"),
    ],
)
def test_the_schema_rejects_what_must_not_be(
    results: ResultWriter, tmp_path: Path, path: tuple, value: Any, complaint: str
) -> None:
    _proving_run(results)
    doc = copy.deepcopy(_document(results, tmp_path))
    assert doc["verdict"] == "pass"
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    errors = schema_errors(doc)
    assert errors, f"setting {'/'.join(map(str, path))} to {value!r} should be invalid"
    assert any(e.startswith(complaint) for e in errors), errors


def test_an_unknown_field_is_rejected(results: ResultWriter, tmp_path: Path) -> None:
    _proving_run(results)
    doc = _document(results, tmp_path)
    doc["certified_forever"] = True
    assert schema_errors(doc)


def test_the_schema_is_documented() -> None:
    """The README describes every top-level field of the schema."""
    doc = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for field in load_schema()["properties"]:
        assert f"`{field}`" in doc, f"{field} is not documented"
    for code in ("0", "1", "2", "3"):
        assert f"| {code} |" in doc
