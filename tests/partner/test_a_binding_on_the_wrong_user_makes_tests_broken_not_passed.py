"""The harness pointed at a user the app does not use (binding `injected`: the harness makes a user and types
its address, the app's backend makes its own) never passes: the tests that would have looked at the wrong
user are broken, "the harness is not watching the app's user", the negative ones included."""

from __future__ import annotations

from pathlib import Path

from connect_cert.harness.binding import NOT_WATCHING
from tests.partner.support import certify, example_app, partner_config

# positive (4242), negative (declines: nothing attached; the form offers nothing delayed; logout shows nothing)
AFFECTED = "4242_is_saved or declined and 0002 or no_delayed or logout"


def test_tests_watching_another_user_are_broken_never_passed(tmp_path: Path, sandbox_port: int) -> None:
    with example_app(f"http://127.0.0.1:{sandbox_port}") as app_url:
        config = partner_config(tmp_path, app_url, sandbox_port, binding="injected")
        run = certify(config, tmp_path / "out", "-k", AFFECTED)
    assert run.tests("passed") == [] and run.tests("failed") == [], run.output[-4000:]
    assert len(run.tests("broken")) == 4
    assert all(NOT_WATCHING in f["message"] for f in run.findings()), run.findings()
    assert run.returncode == 1
