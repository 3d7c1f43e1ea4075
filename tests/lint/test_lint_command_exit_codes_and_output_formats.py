"""`connect-cert lint PATH`: exit 0 clean, 1 with findings at or over --fail-on, 2 on usage (one line, no
traceback); text, JSON and SARIF output, to standard output or --output FILE; --platform narrows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connect_cert.harness.cli import run
from tests.harness.harness_fakes import run_cli
from tests.harness.test_cli_exit_codes import assert_one_line_error
from tests.lint.support import FIXTURE_APPS

CORRECT = FIXTURE_APPS / "ios" / "correct"
WRONG = FIXTURE_APPS / "ios" / "wallet-keys-and-debts"  # 3 errors, 2 warnings
ONLY_WARNINGS = FIXTURE_APPS / "android" / "catalog-debts-java" / "gradle"  # the catalog alone: 2 warnings


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("lint", str(tmp_path / "nowhere")), 2, "nowhere: no such file or folder")


def test_an_unknown_platform_or_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(CORRECT), "--platform", "windows"]) == 2
    assert run(["lint", str(CORRECT), "--format", "xml"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all(line.startswith("connect-cert: error: ") for line in errors)


def test_a_clean_app_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(CORRECT)]) == 0
    assert capsys.readouterr().out == "connect-cert lint: no findings in 4 files\n"


@pytest.mark.parametrize(
    ("path", "fail_on", "code"),
    [
        (WRONG, "error", 1),
        (WRONG, "never", 0),
        (ONLY_WARNINGS, "error", 0),
        (ONLY_WARNINGS, "warning", 1),
    ],
)
def test_fail_on_decides_the_exit_code(path: Path, fail_on: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(path), "--fail-on", fail_on]) == code
    assert capsys.readouterr().out.strip()


def test_text_output_is_one_line_per_finding_pointing_to_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    run(["lint", str(WRONG)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ChargeApp/DebtsModel.swift: error preauth-402-handled: ios: nothing handles")
    assert lines[1].startswith("ChargeApp/DebtsModel.swift:6: error debt-paid-with-payment-intent: ")
    assert all(line.endswith(f"[README.md#lint-{line.split()[2].rstrip(':')}]") for line in lines[:-1])
    assert lines[-1] == "connect-cert lint: 5 findings (3 errors, 2 warnings) in 3 files"


def test_json_output_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(FIXTURE_APPS / "web" / "keys-and-debts"), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"findings", "files_scanned", "skipped"}
    assert report["files_scanned"] == 4
    assert report["skipped"] == [{"file": "js/broken.js", "reason": "does not parse: syntax error at line 1"}]
    assert all(set(f) == {"rule", "severity", "file", "line", "message"} for f in report["findings"])
    assert report["findings"][0] == {
        "rule": "no-live-or-secret-key",
        "severity": "warning",
        "file": "index.html",
        "line": 4,
        "message": report["findings"][0]["message"],
    }
    assert "pk_live_51" not in json.dumps(report)  # keys are named by prefix only


def test_output_goes_to_the_file_and_the_summary_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lint.json"
    assert run(["lint", str(WRONG), "--format", "json", "--output", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "connect-cert lint: 5 findings (3 errors, 2 warnings) in 3 files\n"
    assert len(json.loads(out.read_text(encoding="utf-8"))["findings"]) == 5


def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(CORRECT), "--output", str(tmp_path / "missing" / "lint.txt")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("connect-cert: error: cannot write --output ")


def test_platform_limits_the_sources_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    mixed = FIXTURE_APPS  # every fixture app at once: all platforms
    run(["lint", str(mixed), "--format", "json", "--fail-on", "never", "--platform", "web"])
    web = json.loads(capsys.readouterr().out)
    assert web["findings"] and all(f["file"].startswith("web/") for f in web["findings"])
    run(["lint", str(mixed), "--format", "json", "--fail-on", "never", "--platform", "ios", "--platform", "flutter"])
    files = {f["file"].split("/")[0] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert files == {"ios", "flutter"}


def test_a_path_without_sources_says_nothing_was_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(FIXTURE_APPS / "web" / "correct"), "--platform", "ios"]) == 0
    assert capsys.readouterr().out == "connect-cert lint: no source file to check (nothing was checked)\n"
