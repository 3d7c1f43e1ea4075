"""The pytest plugin: one option group, one marker registry, suites that hold tests only, target fixtures
that skip with a reason, one-line aborts."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.markers import MARKERS
from connect_cert.harness.options import GROUP_TITLE
from connect_cert.harness.plugin import UserFactory
from tests.harness.harness_fakes import FAKE_TOKEN, clean_env

REPO = Path(__file__).resolve().parents[2]
GROUP = f"{GROUP_TITLE}:"  # the heading --help prints
WEB_OPTIONS = ("--browser-endpoint", "--browser-caps-env", "--browser-executable", "--web-devices", "--web-artifacts")
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
    "--partner-config",
    "--catalog",
    "--certification-reports",
    "--progress",
    "--record",
    "--replay",
    "--cassette-dir",
    "--app-source",
    "--shard",
    "--durations-from",
    *WEB_OPTIONS,
)
MARK_USE = re.compile(r"\bpytest\.mark\.([A-Za-z_]\w*)")


def run_pytest(
    tmp: Path, *args: str, env: dict[str, str] | None = None, plugin: str = "connect_cert"
) -> subprocess.CompletedProcess[str]:
    """pytest in `tmp`; `plugin="no:connect_cert"` runs it without connect-cert."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", plugin, "-p", "no:cacheprovider", "-rs", *args],
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


def option_names(help_text: str) -> set[str]:
    return set(re.findall(r"^  (--[a-z][\w-]*)", help_text, re.M))


def test_all_options_live_in_one_group(tmp_path: Path) -> None:
    """In an empty folder (no conftest, no ini), every option connect-cert adds is in its one group."""
    out = run_pytest(tmp_path, "--help").stdout
    section = out.split(GROUP, 1)
    assert len(section) == 2, "no connect-cert option group in --help"
    group = option_names(section[1].split("\n\n", 1)[0])
    assert set(WEB_OPTIONS) <= group, f"web options missing from the group: {set(WEB_OPTIONS) - group}"
    assert set(OPTIONS) <= group, f"options missing from the group: {set(OPTIONS) - group}"
    without = option_names(run_pytest(tmp_path, "--help", plugin="no:connect_cert").stdout)
    assert not set(WEB_OPTIONS) & without, "the comparison run still loaded connect-cert"
    added = option_names(out) - without
    assert added == group, f"options of connect-cert outside its group: {added - group}"


def test_plain_pytest_collects_every_suite_with_every_option(tmp_path: Path) -> None:
    """`pytest suites` from the repository root accepts the web options (registered at start-up)."""
    reports = tmp_path / "reports"
    proc = run_pytest(REPO, "suites", "--web-artifacts", "off", "--reports-dir", str(reports), "--co", "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "unrecognized arguments" not in proc.stderr
    collected = re.search(r"^(\d+) tests collected", proc.stdout, re.M)
    assert collected and int(collected.group(1)) > 0, proc.stdout
    for suite in ("api", "web"):
        assert re.search(rf"^{suite}/test_\w+\.py::", proc.stdout, re.M), f"nothing collected from suites/{suite}"
    assert not reports.exists(), "collecting only must not build a certification"


def test_the_suites_hold_tests_only() -> None:
    """Fixtures and hooks live in the harness: a conftest under suites/ is at most a docstring."""
    code = []
    for conftest in (REPO / "suites").rglob("conftest.py"):
        lines = [ln for ln in conftest.read_text(encoding="utf-8").splitlines() if ln.strip()]
        if len(lines) > 1 or (lines and not lines[0].startswith('"""')):
            code.append(str(conftest.relative_to(REPO)))
    assert not code, f"conftests with code under suites/: {code}"


def registered_markers(tmp: Path, plugin: str = "connect_cert") -> list[str]:
    out = run_pytest(tmp, "--markers", plugin=plugin).stdout
    return re.findall(r"^@pytest\.mark\.(\w+)", out, re.M)


def test_every_marker_in_use_is_registered_once(tmp_path: Path) -> None:
    """One registry: each marker the suites, the tests and the harness use is registered, ours exactly once."""
    used: dict[str, str] = {}
    for folder in ("suites", "tests", "harness"):
        for source in sorted((REPO / folder).rglob("*.py")):
            for name in MARK_USE.findall(source.read_text(encoding="utf-8")):
                used.setdefault(name, str(source.relative_to(REPO)))
    assert {"requirement", "platform", "web_devices"} <= set(used), "the scan found none of the suites' markers"
    registered = registered_markers(tmp_path)
    unregistered = {name: where for name, where in used.items() if name not in registered}
    assert not unregistered, f"markers used but not registered: {unregistered}"
    others = set(registered_markers(tmp_path, plugin="no:connect_cert"))  # pytest's own, allure's, xdist's
    assert not set(MARKERS) & others, f"registered by another plugin too: {set(MARKERS) & others}"
    assert set(MARKERS) == set(used) - others, "the registry lists a marker nothing uses, or misses one"
    assert all(registered.count(name) == 1 for name in MARKERS), f"registered more than once: {registered}"


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


def test_a_missing_chromium_is_one_line_naming_the_option(tmp_path: Path) -> None:
    """The web fixtures come with the plugin in any folder; no browser to launch is broken, not failed."""
    write(tmp_path / "test_web.py", "def test_web(browser):\n    pass\n")
    missing = tmp_path / "no-such-chromium"
    proc = run_pytest(tmp_path, "--browser-executable", str(missing))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "1 error" in proc.stdout, out
    assert f"environment unreachable: no Chromium at {missing}" in out
    assert "--browser-executable PATH" in out and "apt-get install chromium" in out
    assert "Traceback" not in out
