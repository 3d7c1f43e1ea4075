"""The pytest plugin: one option group, target fixtures that skip with a reason, one-line aborts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.plugin import UserFactory
from tests.harness.harness_fakes import FAKE_TOKEN, clean_env

OPTIONS = (
    "--target",
    "--token-env",
    "--second-token-env",
    "--stripe-api-base",
    "--publishable-key-env",
    "--allow-live",
    "--profile",
    "--reports-dir",
    "--wait-timeout",
)


def run_pytest(tmp: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "connect_cert", "-p", "no:cacheprovider", "-rs", *args],
        cwd=tmp,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def write(path: Path, source: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
    return path


def test_all_options_live_in_one_group(tmp_path: Path) -> None:
    out = run_pytest(tmp_path, "--help").stdout
    section = out.split("connect-cert: the target and the run:", 1)
    assert len(section) == 2, "no connect-cert option group in --help"
    group = section[1].split("\n\n", 1)[0]
    for option in OPTIONS:
        assert option in group, f"{option} is not in the connect-cert group"


def test_a_url_target_without_control_skips_with_reasons(tmp_path: Path, connect_like: str) -> None:
    write(
        tmp_path / "suites" / "api" / "test_probe.py",
        """
        import pytest

        def test_target(target, request):
            assert not target.is_sandbox and target.token == "FAKE_TOKEN"
            assert target.api_base == target.origin + "/api/v1"
            assert request.node.get_closest_marker("platform").args == ("api",)

        def test_control(sandbox_control):
            pass

        def test_tenancy(second_partner):
            pass

        @pytest.mark.sandbox_only("forces a 3DS outcome")
        def test_forced():
            pass
    """.replace("FAKE_TOKEN", FAKE_TOKEN),
    )
    proc = run_pytest(
        tmp_path,
        "suites",
        "--target",
        connect_like,
        "--certification-reports",
        "off",
        env=clean_env(CONNECT_CERT_TOKEN=FAKE_TOKEN),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed, 3 skipped" in proc.stdout, proc.stdout
    assert "target offers no sandbox control" in proc.stdout
    assert "target offers no sandbox control: forces a 3DS outcome" in proc.stdout
    assert "target offers no second partner token" in proc.stdout
    assert FAKE_TOKEN not in proc.stdout.replace(f'"{FAKE_TOKEN}"', "")  # only the test's own source shows it


def test_an_unreachable_target_ends_the_run_with_exit_3(tmp_path: Path) -> None:
    write(tmp_path / "test_one.py", "def test_one(target):\n    pass\n")
    proc = run_pytest(tmp_path, "--target", "http://127.0.0.1:9", env=clean_env(CONNECT_CERT_TOKEN=FAKE_TOKEN))
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "cannot reach the target http://127.0.0.1:9" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_malformed_target_is_a_pytest_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "test_one.py", "def test_one():\n    pass\n")
    proc = run_pytest(tmp_path, "--target", "localhost:8765")
    assert proc.returncode == 4
    assert "--target must be 'sandbox' or an http(s) URL" in proc.stderr


def test_the_user_factory_soft_deletes_what_it_created() -> None:
    calls: list[tuple[str, str]] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, request.url.path))
        if request.method == "POST" and request.url.path == "/api/v1/users/":
            return httpx.Response(201, json={"id": f"u{len(calls)}"})
        if request.method == "PUT":
            return httpx.Response(200, json={})
        return httpx.Response(204)

    factory = UserFactory(ConnectClient("http://t.test/api/v1", "tok", transport=httpx.MockTransport(api)))
    first, second = factory(), factory.with_billing()
    factory.cleanup()
    assert calls[-2:] == [("DELETE", f"/api/v1/users/{second['id']}/"), ("DELETE", f"/api/v1/users/{first['id']}/")]
    assert ("PUT", f"/api/v1/users/{second['id']}/billing-details/") in calls
    assert factory.created == []


def test_the_embedded_sandbox_serves_the_fixtures(tmp_path: Path) -> None:
    write(
        tmp_path / "test_sandbox.py",
        """
        def test_sandbox(target, sandbox_control, connect, stripe_client):
            assert target.is_sandbox and target.origin.startswith("http://127.0.0.1:")
            assert sandbox_control.info().expect(200)["publishable_key"] == target.publishable_key
            assert connect.list_users().expect(200)["count"] >= 0
    """,
    )
    proc = run_pytest(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_sandbox_settings_are_restored_after_the_test(tmp_path: Path) -> None:
    write(
        tmp_path / "test_settings.py",
        """
        def test_change(sandbox_settings, sandbox_control):
            sandbox_settings(preauth_amount="0.00", faults={"charging_start": "charging_provider_error"})
            assert sandbox_control.settings().expect(200)["preauth_amount"] == "0.00"

        def test_restored(sandbox_control):
            settings = sandbox_control.settings().expect(200)
            assert (settings["preauth_amount"], settings["faults"]) == ("50.00", {})
    """,
    )
    proc = run_pytest(tmp_path, "-p", "no:randomly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout
