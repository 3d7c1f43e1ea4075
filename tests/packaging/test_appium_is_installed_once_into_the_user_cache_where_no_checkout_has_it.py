"""An installed wheel has no node_modules: the device suite's Appium (with its Chromium driver) is installed
once with npm into the per-user cache, as the Allure CLI is, and reused. A fake `npm` on PATH records calls."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from connect_cert.harness import node_tools
from connect_cert.harness.mobile import appium_server

REPO = Path(__file__).resolve().parents[2]

FAKE_NPM = """
import json, os, sys
from pathlib import Path
with open(os.environ["FAKE_NPM_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
prefix = Path(sys.argv[sys.argv.index("--prefix") + 1])
(prefix / "node_modules" / ".bin").mkdir(parents=True)
(prefix / "node_modules" / ".bin" / "appium").write_text("#!/bin/sh\\n")
"""


@pytest.fixture
def npm_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holds only a fake npm and node; neither the 'checkout' nor PATH has an appium."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("npm", FAKE_NPM), ("node", "")):
        script = bin_dir / name
        script.write_text(f"#!{sys.executable}\n{body}")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_NPM_LOG", str(tmp_path / "npm.log"))
    monkeypatch.setenv(node_tools.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(appium_server, "PROJECT_APPIUM", tmp_path / "no-checkout" / "appium")
    return tmp_path / "npm.log"


def _calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_the_first_run_installs_the_pinned_appium_and_later_runs_reuse_it(npm_log: Path, tmp_path: Path) -> None:
    first = appium_server.find_appium()
    assert first == tmp_path / "cache" / "appium-3.8.0" / "node_modules" / ".bin" / "appium"
    assert first is not None and first.is_file()
    (call,) = _calls(npm_log)
    assert call[0] == "install" and call[-2:] == ["appium@3.8.0", "appium-chromium-driver@3.1.1"]
    assert appium_server.appium_home(first) == str(tmp_path / "cache" / "appium-3.8.0")
    assert appium_server.find_appium() == first
    assert len(_calls(npm_log)) == 1, "the second run installed again instead of reusing the cache"


def test_without_node_no_appium_is_found_and_nothing_is_installed(
    npm_log: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert appium_server.find_appium() is None
    assert _calls(npm_log) == []


def test_the_cached_versions_are_the_ones_package_json_pins() -> None:
    pins = json.loads((REPO / "package.json").read_text())["devDependencies"]
    tool = appium_server.APPIUM_TOOL
    assert tool.specs == (f"appium@{pins['appium']}", f"appium-chromium-driver@{pins['appium-chromium-driver']}")
    assert tool.version == pins["appium"]
