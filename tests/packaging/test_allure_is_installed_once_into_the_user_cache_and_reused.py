"""Without a `node_modules/allure` at hand, the first report installs the pinned allure with npm into a
per-user cache; later reports reuse it. Fake `npm` and `node` on PATH record what they were asked to do."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from connect_cert.harness.reports import allure_report

REPO = Path(__file__).resolve().parents[2]

FAKE_NPM = """
import json, os, sys
from pathlib import Path
with open(os.environ["FAKE_NPM_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
prefix = Path(sys.argv[sys.argv.index("--prefix") + 1])
(prefix / "node_modules" / "allure").mkdir(parents=True)
if os.environ.get("FAKE_NPM_FAIL"):
    (prefix / "node_modules" / "allure" / "package.json").write_text("{}")  # half-made
    print("npm error 404 Not Found - GET https://registry.npmjs.org/allure", file=sys.stderr)
    print("npm error A complete log of this run can be found in: /nowhere.log", file=sys.stderr)
    sys.exit(1)
(prefix / "node_modules" / "allure" / "cli.js").write_text("// fake allure")
"""
FAKE_NODE = """
import json, os, sys
from pathlib import Path
args = sys.argv[1:]  # cli.js generate RESULTS -o OUT --config FILE
with open(os.environ["FAKE_NODE_LOG"], "a") as log:
    log.write(args[0] + "\\n")
count = len(list(Path(args[2]).glob("*-result.json")))
out = Path(args[args.index("-o") + 1])
(out / "index.html").write_text("<!doctype html><title>fake allure</title>")
(out / "summary.json").write_text(json.dumps({"stats": {"total": count, "passed": count}}))
"""


class Tools:
    def __init__(self, tmp_path: Path) -> None:
        self.bin = tmp_path / "bin"
        self.npm_log = tmp_path / "npm.log"
        self.node_log = tmp_path / "node.log"
        self.cache = tmp_path / "cache"

    def npm_calls(self) -> list[list[str]]:
        text = self.npm_log.read_text() if self.npm_log.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    def node_runs(self) -> list[str]:
        return self.node_log.read_text().splitlines() if self.node_log.exists() else []


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tools:
    """PATH holds only the fakes; no node_modules in the working folder or the 'checkout'."""
    tools = Tools(tmp_path)
    tools.bin.mkdir()
    for name, body in (("npm", FAKE_NPM), ("node", FAKE_NODE)):
        script = tools.bin / name
        script.write_text(f"#!{sys.executable}\n{body}")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools.bin))
    monkeypatch.setenv("FAKE_NPM_LOG", str(tools.npm_log))
    monkeypatch.setenv("FAKE_NODE_LOG", str(tools.node_log))
    monkeypatch.setenv(allure_report.CACHE_ENV, str(tools.cache))
    monkeypatch.setattr(allure_report, "REPO", tmp_path / "checkout")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tools


@pytest.fixture
def results(tmp_path: Path) -> Path:
    folder = tmp_path / "reports" / "allure-results"
    folder.mkdir(parents=True)
    (folder / "1-result.json").write_text(json.dumps({"name": "test_4242", "status": "passed"}))
    return folder


def test_the_first_report_installs_the_pinned_allure_once_and_the_next_reuses_it(tools: Tools, results: Path) -> None:
    cached = allure_report.cached_cli()
    assert cached.is_relative_to(tools.cache) and not cached.exists()
    first = allure_report.generate(results, results.parent / "allure-report")
    assert first.reason is None and first.index is not None and first.index.is_file()
    assert first.stats == {"total": 1, "passed": 1}
    (call,) = tools.npm_calls()
    assert call[0] == "install" and call[-1] == f"allure@{allure_report.ALLURE_VERSION}"
    assert Path(call[call.index("--prefix") + 1]).parent == tools.cache
    assert cached.is_file() and tools.node_runs() == [str(cached)]

    second = allure_report.generate(results, results.parent / "allure-report")
    assert second.index is not None and second.reason is None
    assert len(tools.npm_calls()) == 1, "the cached allure is reused, not installed again"
    assert tools.node_runs() == [str(cached), str(cached)]
    assert sorted(p.name for p in tools.cache.iterdir()) == [f"allure-{allure_report.ALLURE_VERSION}"]


def test_a_failed_install_leaves_nothing_a_later_run_would_trust(
    tools: Tools, results: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_FAIL", "1")
    failed = allure_report.generate(results, results.parent / "allure-report")
    assert failed.index is None and failed.reason is not None
    assert "exited 1" in failed.reason and "404 Not Found" in failed.reason and "\n" not in failed.reason
    assert list(tools.cache.iterdir()) == [], "the half-made install is removed"
    assert tools.node_runs() == []

    monkeypatch.delenv("FAKE_NPM_FAIL")
    retried = allure_report.generate(results, results.parent / "allure-report")
    assert retried.index is not None and len(tools.npm_calls()) == 2


def test_a_checkout_with_node_modules_needs_no_install(tools: Tools, results: Path, tmp_path: Path) -> None:
    local = tmp_path / "work" / "node_modules" / "allure" / "cli.js"
    local.parent.mkdir(parents=True)
    local.write_text("// npm ci in the checkout")
    report = allure_report.generate(results, results.parent / "allure-report")
    assert report.index is not None
    assert tools.npm_calls() == [] and tools.node_runs() == [str(local)]


def test_the_cache_lives_in_the_users_cache_folder_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(allure_report.CACHE_ENV, str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert allure_report.cache_dir() == tmp_path / "chosen"
    monkeypatch.delenv(allure_report.CACHE_ENV)
    assert allure_report.cache_dir() == tmp_path / "xdg" / "connect-cert"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert allure_report.cache_dir() == tmp_path / "home" / ".cache" / "connect-cert"
    assert allure_report.cached_cli("9.9.9").parts[-4:] == ("allure-9.9.9", "node_modules", "allure", "cli.js")


def test_the_pinned_version_is_the_one_package_lock_json_pins() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert allure_report.ALLURE_VERSION == lock["packages"]["node_modules/allure"]["version"]
