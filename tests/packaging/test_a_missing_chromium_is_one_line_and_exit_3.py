"""The web suite without a Chromium to launch ends before anything starts: one line naming
--browser-executable and how to install one, exit 3 (the environment, not the integration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from connect_cert.harness import cli
from connect_cert.harness.exitcodes import ExitCode


@pytest.fixture
def some_browser(tmp_path: Path) -> Path:
    """An executable file where a browser could be: the check looks for one, it does not start it."""
    browser = tmp_path / "bin" / "chromium"
    browser.parent.mkdir()
    browser.write_text("#!/bin/sh\nexit 0\n")
    browser.chmod(0o755)
    return browser


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    assert captured.out == "", "nothing started"
    return lines[0]


def test_the_check_looks_at_the_named_executable(some_browser: Path, tmp_path: Path) -> None:
    cli.check_browser(["--browser-executable", str(some_browser)])  # there: no error
    cli.check_browser([f"--browser-executable={some_browser}"])
    with pytest.raises(cli.BrowserMissing):
        cli.check_browser(["--browser-executable", str(tmp_path / "gone")])
    cli.check_browser(["--browser-executable", str(tmp_path / "gone"), "--browser-endpoint", "ws://127.0.0.1:1/"])


@pytest.mark.parametrize("form", ["option", "pytest-argument"])
def test_no_chromium_at_the_path_is_one_line_naming_the_fix_and_exit_3(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-chromium"
    given = ["--browser-executable", str(missing)] if form == "option" else ["--", f"--browser-executable={missing}"]
    code = cli.run(["certify", "--suites", "web", "--out", str(tmp_path / "out"), *given])
    line = _one_error_line(capsys)
    assert code == ExitCode.UNREACHABLE == 3
    assert line.startswith("connect-cert: error: ") and str(missing) in line
    assert "--browser-executable" in line and "apt-get install chromium" in line
    assert not (tmp_path / "out").exists()
