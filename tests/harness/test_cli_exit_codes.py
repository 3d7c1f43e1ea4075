"""Bad input ends `connect-cert` with one line on stderr and its documented exit code, never a traceback."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from tests.harness.harness_fakes import FAKE_TOKEN, clean_env, run_cli


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int, *fragments: str) -> str:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{proc.stderr}"
    assert lines[0].startswith("connect-cert: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    return lines[0]


def test_an_unknown_suite_is_a_usage_error() -> None:
    assert_one_line_error(run_cli("certify", "--suites", "api,payments"), 2, "unknown suite 'payments'")


def test_an_empty_suite_list_is_a_usage_error() -> None:
    assert_one_line_error(run_cli("certify", "--suites", ","), 2, "--suites")


def test_an_unknown_option_is_a_usage_error() -> None:
    assert_one_line_error(run_cli("certify", "--suite", "api"), 2, "--suite")


def test_a_bad_profile_is_a_usage_error() -> None:
    assert_one_line_error(run_cli("certify", "--profile", "deep"), 2, "--profile")


def test_a_target_that_is_no_url_is_a_usage_error() -> None:
    assert_one_line_error(run_cli("certify", "--target", "ftp://example.org"), 2, "--target")


def test_the_production_host_is_refused_without_allow_live() -> None:
    assert_one_line_error(run_cli("certify", "--target", "https://connect.cariqa.com"), 2, "--allow-live")


def test_a_live_publishable_key_is_refused_and_not_printed(closed_port_url: str) -> None:
    live = "pk_live_51NotARealKeyButLooksLikeOne0000"
    proc = run_cli("certify", "--target", closed_port_url, env=clean_env(CONNECT_CERT_PUBLISHABLE_KEY=live))
    line = assert_one_line_error(proc, 2, "live", "--allow-live")
    assert live not in line


def test_a_closed_port_is_unreachable(closed_port_url: str) -> None:
    proc = run_cli("certify", "--target", closed_port_url, env=clean_env(CONNECT_CERT_TOKEN=FAKE_TOKEN))
    assert_one_line_error(proc, 3, closed_port_url, "connection refused")


def test_an_unresolvable_host_is_unreachable() -> None:
    proc = run_cli("certify", "--target", "http://connect-cert-no-such-host.invalid")
    assert_one_line_error(proc, 3, "does not resolve")


def test_a_web_server_that_is_not_the_connect_api_is_unreachable(plain_site: str) -> None:
    proc = run_cli("certify", "--target", plain_site, env=clean_env(CONNECT_CERT_TOKEN=FAKE_TOKEN))
    assert_one_line_error(proc, 3, "is not the Connect API", "text/html")


def test_a_connect_api_without_a_token_is_a_usage_error(connect_like: str) -> None:
    assert_one_line_error(run_cli("certify", "--target", connect_like), 2, "CONNECT_CERT_TOKEN")


def test_a_token_the_target_refuses_is_a_usage_error(connect_like: str) -> None:
    secret = "refused-token-should-never-print"
    proc = run_cli("certify", "--target", connect_like, env=clean_env(CONNECT_CERT_TOKEN=secret))
    line = assert_one_line_error(proc, 2, "refuses the partner token", "403")
    assert secret not in proc.stdout + proc.stderr, line


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    assert_one_line_error(run_cli("certify", "--out", str(blocker)), 2, "--out")


def test_serve_with_a_db_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "sandbox.sqlite3"
    assert_one_line_error(run_cli("sandbox", "serve", "--port", "0", "--db", str(db)), 2, "--db")


def test_help_exits_zero() -> None:
    proc = run_cli("certify", "--help")
    assert proc.returncode == 0
    for option in (
        "--target",
        "--suites",
        "--out",
        "--profile",
        "--token-env",
        "--second-token-env",
        "--stripe-api-base",
        "--publishable-key-env",
        "-n",
        "--allow-live",
    ):
        assert option in proc.stdout


def test_certify_on_the_sandbox_passes_and_writes_junit(tmp_path: Path) -> None:
    # One lifecycle test, certification verdict off: this checks the run and its exit code, not coverage.
    proc = run_cli(
        "certify",
        "--suites",
        "api",
        "--profile",
        "quick",
        "--out",
        str(tmp_path / "out"),
        "--",
        "-k",
        "test_a_4242_session_is_priced_and_invoiced",
        "--certification-reports",
        "off",
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert "connect-cert: certified (exit 0)" in proc.stdout
    junit = (tmp_path / "out" / "junit.xml").read_text()
    assert "test_a_4242_session_is_priced_and_invoiced" in junit and 'failures="0"' in junit


def test_a_run_that_selects_no_test_is_not_certified(tmp_path: Path) -> None:
    proc = run_cli("certify", "--suites", "api", "--out", str(tmp_path), "--", "-k", "no_such_test_name")
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr
    assert "not certified (exit 1)" in proc.stdout and "Traceback" not in proc.stderr


def test_serve_on_a_port_in_use_is_a_usage_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run_cli("sandbox", "serve", "--port", str(port))
    assert_one_line_error(proc, 2, "--port", str(port))
