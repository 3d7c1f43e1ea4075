"""`connect-cert devices list / caps / check`: the matrix listed and filtered by tags, and check's verdicts:
exit 0 with every provider (or some) reachable, 3 when none is, 2 for an entry that cannot run here; an
entry without an app runs the stand-in on the run's own Appium, so its provider is not what decides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from connect_cert.harness.cli import run
from connect_cert.harness.mobile import appium_server
from tests.harness.harness_fakes import clean_env, run_cli

APP = "https://builds.example.com/charge-2.4.1.apk"  # an app: the session opens on the entry's provider


def entry(device_id: str, provider: Any, **fields: Any) -> dict[str, Any]:
    found = {
        "id": device_id,
        "platform": "android",
        "os_version": "14",
        "device_name": "Pixel 8",
        "stripe_sdk": "21.12.0",
        "provider": provider,
        "app": APP,
        **fields,
    }
    return {key: value for key, value in found.items() if value is not None}


def matrix(tmp_path: Path, *entries: dict[str, Any]) -> str:
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump({"devices": list(entries)}))
    return str(path)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    code = run(["devices", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_list_shows_every_entry_and_filters_by_tags_and_platform(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list")
    assert code == 0
    assert out[0].split() == ["ID", "PLATFORM", "OS", "DEVICE", "STRIPE", "SDK", "PROVIDER", "TAGS", "OFFERS"]
    ids = [line.split()[0] for line in out[1:]]
    assert ids[:2] == ["iphone-15", "pixel-8"] and len(ids) == 6

    _, smoke, _ = cli(capsys, "list", "--tags", "smoke", "--platform", "ios")
    assert [line.split()[0] for line in smoke[1:]] == ["iphone-15", "browserstack-iphone-15"]


def test_an_unknown_tag_or_id_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "list", "--tags", "nightly")
    assert (code, len(err)) == (2, 1) and "no entry with the tags nightly" in err[0]
    code, _, err = cli(capsys, "caps", "iphone-99")
    assert (code, len(err)) == (2, 1) and "no device 'iphone-99' (ids: iphone-15, pixel-8," in err[0]


def test_check_reports_a_ready_provider_reachable(
    tmp_path: Path, ready_appium: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "check", "--matrix", matrix(tmp_path, entry("pixel", ready_appium)))
    assert (code, err) == (0, [])
    assert out[0].startswith(f"pixel  Android 14 · Pixel 8 · stripe-android 21.12.0 · app {APP}")
    assert out[1] == f"reachable  {ready_appium} (appium): ready (version 3.0.2) (devices: pixel)"


def test_check_exits_3_when_no_provider_is_reachable(
    tmp_path: Path, closed_port_url: str, silent_port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = matrix(tmp_path, entry("a", closed_port_url), entry("b", silent_port))
    code, out, err = cli(capsys, "check", "--matrix", path, "--timeout", "0.3")
    assert code == 3
    assert [line.split()[0] for line in out[2:]] == ["broken", "broken"]
    assert err == [
        f"connect-cert: error: no device can run ({closed_port_url}: connection refused; "
        f"{silent_port}: no answer within 0.3 s): every mobile test would be broken"
    ]


def test_check_passes_with_some_provider_reachable_and_lists_the_broken_one(
    tmp_path: Path, ready_appium: str, closed_port_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = matrix(tmp_path, entry("up", ready_appium), entry("down", closed_port_url))
    code, out, _ = cli(capsys, "check", "--matrix", path)
    assert code == 0
    assert out[-2].startswith("broken     ") and out[-2].endswith("connection refused (devices: down)")
    assert out[-1] == "1 of 2 providers unreachable: their devices' tests would be broken"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"stripe_sdk": "21.0.0"},
            "devices.a.stripe_sdk: stripe-android 21.0.0: primary_button: the primary button is invisible to Appium",
        ),
        ({"app": "builds/missing.apk"}, "devices.a.app: {dir}/builds/missing.apk does not exist"),
        (
            {
                "provider": {"kind": "browserstack", "url": "{up}/wd/hub", "username_env": "NO_SUCH_USER_VAR"},
                "app": "bs://x",
            },
            "devices.a.provider: environment variable(s) not set: NO_SUCH_USER_VAR, BROWSERSTACK_ACCESS_KEY",
        ),
    ],
)
def test_check_exits_2_for_an_entry_that_cannot_run_here(
    tmp_path: Path,
    ready_appium: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fields: dict[str, Any],
    expected: str,
) -> None:
    monkeypatch.delenv("BROWSERSTACK_ACCESS_KEY", raising=False)
    provider = fields.pop("provider", ready_appium)
    if isinstance(provider, dict):
        provider = {**provider, "url": provider["url"].format(up=ready_appium)}
    code, out, err = cli(capsys, "check", "--matrix", matrix(tmp_path, entry("a", provider, **fields)))
    assert code == 2
    assert out[-1].startswith("reachable")  # the providers were still checked
    assert all(line.startswith("connect-cert: error: matrix.yaml: devices.a.") for line in err), err
    assert any(
        line.startswith(f"connect-cert: error: matrix.yaml: {expected.format(dir=tmp_path.resolve())}") for line in err
    ), err


def test_the_installed_command_exits_3_with_one_line(tmp_path: Path, closed_port_url: str) -> None:
    proc = run_cli("devices", "check", "--matrix", matrix(tmp_path, entry("a", closed_port_url)), env=clean_env())
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"connect-cert: error: no device can run ({closed_port_url}: connection refused): "
        "every mobile test would be broken"
    ]


def test_an_entry_without_an_app_needs_the_runs_own_appium_not_its_provider(
    tmp_path: Path, closed_port_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default matrix's local entries: nothing listens on 4723, and `certify` still runs them."""
    path = matrix(tmp_path, entry("standin", closed_port_url, app=None))
    code, out, err = cli(capsys, "check", "--matrix", path)
    assert (code, err) == (0, [])
    assert "no app: the sandbox's PaymentSheet stand-in" in out[0]
    assert out[1].startswith("ready      stand-in on the run's own Appium: ") and out[1].endswith("(devices: standin)")

    monkeypatch.setattr(appium_server, "stand_in_appium", lambda: (False, "Node.js with npm is not on PATH"))
    code, _, err = cli(capsys, "check", "--matrix", path)
    assert code == 3
    assert err == [
        "connect-cert: error: no device can run (stand-in: Node.js with npm is not on PATH): "
        "every mobile test would be broken"
    ]
