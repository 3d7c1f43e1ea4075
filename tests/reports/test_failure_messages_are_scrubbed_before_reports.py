"""A failure message that shows a client secret reaches no report: the evidence is redacted first."""

from __future__ import annotations

import json
from pathlib import Path

from connect_cert.harness.reports.scrub import scrub_reports

SECRET = "pi_3Qx7AbCdEfGhIjKlMnOpQr12_secret_TnM2srLYDfMmTcOlODcllXfe"
TOKEN = "opaque-partner-token-of-a-real-environment"


def test_results_and_junit_are_redacted_attachments_left_to_the_leak_scan(tmp_path: Path) -> None:
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "a-result.json").write_text(
        json.dumps(
            {
                "name": "test_debt",
                "status": "failed",
                "statusDetails": {
                    "message": f"assert {{'payment_intent_client_secret': '{SECRET}'}} == {{}}",
                    "trace": f"Authorization: Bearer {TOKEN}",
                },
            }
        )
    )
    (results / "b-attachment.txt").write_text(f"GET /debts -> 200 {SECRET}")
    (results / "c-attachment.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    junit = tmp_path / "junit.xml"
    junit.write_text(f'<testsuite><testcase name="t"><failure message="{SECRET}"/></testcase></testsuite>')

    changed = scrub_reports(results, junit, [TOKEN])

    assert {p.name for p in changed} == {"a-result.json", "junit.xml"}
    assert SECRET in (results / "b-attachment.txt").read_text(), "an attachment is the leak scan's to judge"
    for path in (results / "a-result.json", junit):
        text = path.read_text()
        assert SECRET not in text and TOKEN not in text
        assert "pi_3Qx7AbCdEfGhIjKlMnOpQr12" in text, "the intent id stays, to find the evidence"
    assert json.loads((results / "a-result.json").read_text())["status"] == "failed"
    assert (results / "c-attachment.png").read_bytes().startswith(b"\x89PNG")
