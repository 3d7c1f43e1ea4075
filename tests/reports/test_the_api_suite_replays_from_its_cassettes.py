"""`certify --record` keeps a cassette per API test (the contract's one run aside) and `--replay` reruns the
tests from them: the ids a run makes up do not matter, while a changed answer or a missing cassette fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from connect_cert.harness.reports.leakscan import scan_tree
from connect_cert.sandbox.identity import partner_token

REPO = Path(__file__).resolve().parents[2]
# A 403 check, and a whole charging session: users, a card, 3DS-free start, stop, the invoice.
SELECTION = "unknown_token_is_403 and users_list or test_a_4242_session_is_priced_and_invoiced"
UNKNOWN_TOKEN = "api/test_auth_is_enforced/test_an_unknown_token_is_403[users_list].yaml"
# Two tests certify nothing (the other requirements are untested): the tests' own outcomes are what counts.
BOTH_PASSED, ONE_FAILED = "2 passed, 95 deselected", "1 failed, 1 passed, 95 deselected"


def _certify(tmp_path: Path, mode: str, out: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "connect_cert.harness.cli", "certify", "--suites", "api", "--profile", "quick"]
    command += [mode, "--cassette-dir", str(tmp_path / "cassettes"), "--out", str(tmp_path / out)]
    command += ["--", "-k", SELECTION, "-p", "no:randomly"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def test_recorded_tests_replay_and_a_changed_answer_fails(tmp_path: Path) -> None:
    recorded = _certify(tmp_path, "--record", "recorded")
    assert BOTH_PASSED in recorded.stdout, recorded.stdout[-3000:]
    cassettes = sorted(p.relative_to(tmp_path / "cassettes").as_posix() for p in (tmp_path / "cassettes").rglob("*"))
    assert UNKNOWN_TOKEN in cassettes and any("priced_and_invoiced" in c for c in cassettes), cassettes
    assert scan_tree(tmp_path / "cassettes", [partner_token("partner_a"), partner_token("partner_b")]) == []

    replayed = _certify(tmp_path, "--replay", "replayed")
    assert BOTH_PASSED in replayed.stdout, replayed.stdout[-3000:]

    changed = tmp_path / "cassettes" / UNKNOWN_TOKEN
    text = changed.read_text(encoding="utf-8")
    assert "code: 403" in text
    changed.write_text(text.replace("code: 403", "code: 200"), encoding="utf-8")
    wrong = _certify(tmp_path, "--replay", "changed")
    assert wrong.returncode == 1 and ONE_FAILED in wrong.stdout, wrong.stdout[-3000:]
    assert "FAILED" in wrong.stdout and "test_an_unknown_token_is_403[users_list]" in wrong.stdout

    changed.unlink()
    missing = _certify(tmp_path, "--replay", "missing")
    assert missing.returncode == 1 and "1 passed, 95 deselected, 1 error" in missing.stdout, missing.stdout[-3000:]
    assert "no cassette" in missing.stdout and "record it first with --record" in missing.stdout
