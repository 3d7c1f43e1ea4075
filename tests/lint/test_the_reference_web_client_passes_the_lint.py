"""The sandbox's reference web client (written for the web suite, not for the lint) follows the guide, so the
lint finds nothing in it: real code that must not raise false positives."""

from __future__ import annotations

from pathlib import Path

import connect_cert.sandbox
from connect_cert.harness.lint import lint
from connect_cert.harness.lint.model import Platform

STATIC = Path(connect_cert.sandbox.__file__).resolve().parent / "static"


def test_the_reference_web_client_has_no_finding() -> None:
    playground = (STATIC / "playground" / "app.js").read_text(encoding="utf-8")
    for used in ("stripe.confirmSetup(", "return_url", "pre_authorization_failed", "stripe.confirmPayment("):
        assert used in playground, f"the reference client no longer uses {used}: this test would prove less"
    report = lint(STATIC)
    assert report.platforms == {Platform.WEB}
    assert report.files_scanned >= 5 and report.skipped == ()
    assert report.findings == ()
