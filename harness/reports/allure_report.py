"""The browsable HTML report: Allure 3 (npm package `allure`, no Java) over allure-results.

`node node_modules/allure/cli.js generate <results> -o <out>/allure-report --config <generated>` with the
Awesome plugin as one self-contained `index.html` (`singleFile`: it opens from disk; a multi-file report
needs a web server, browsers refuse its fetches over file://). Its analytics snippet is removed. History:
Allure 3 keeps it in a JSON-lines file (`historyPath`); ours lives inside the report
(`allure-report/history.jsonl`), so when the previous report is there its history carries over.
The report folder is emptied first (Allure 3 does not remove stale files) and the history put back.

Where the CLI comes from: `node_modules/allure` next to the results, the working folder or the repository
(`npm ci` there); else, as Playwright does for browsers, the pinned version installed once with npm into a
per-user cache (`$CONNECT_CERT_CACHE_DIR`, default `${XDG_CACHE_HOME:-~/.cache}/connect-cert`) and reused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connect_cert.harness import node_tools
from connect_cert.harness.reports.allure import CATEGORIES

REPO = Path(__file__).resolve().parents[2]
HISTORY_FILE = "history.jsonl"
GENERATE_TIMEOUT = 600.0  # seconds; a report of a few thousand results takes well under a minute
ALLURE_VERSION = "3.18.0"  # what package-lock.json pins (tests/packaging holds the two together)
CACHE_ENV = node_tools.CACHE_ENV
INSTALL_TIMEOUT = 600.0  # seconds for the one-time `npm install`; a cold one takes well under a minute


@dataclass(frozen=True)
class AllureReport:
    """What generation produced: the index (None when not generated), why not, and the report's counts."""

    index: Path | None
    reason: str | None = None
    stats: Mapping[str, int] | None = None


def find_cli(search_from: Sequence[Path] = ()) -> Path | None:
    """`node_modules/allure/cli.js` in one of the folders (or their parents), then the repository's."""
    for start in [*search_from, Path.cwd(), REPO]:
        for folder in [start.resolve(), *start.resolve().parents]:
            cli = folder / "node_modules" / "allure" / "cli.js"
            if cli.is_file():
                return cli
    return None


AllureUnavailable = node_tools.ToolUnavailable
PURPOSE = "the Allure HTML report"


def cache_dir() -> Path:
    """Where connect-cert keeps the tools it installs on first use."""
    return node_tools.cache_dir()


def allure_tool(version: str = ALLURE_VERSION) -> node_tools.NodeTool:
    return node_tools.NodeTool("allure", version, (f"allure@{version}",), "node_modules/allure/cli.js")


def cached_cli(version: str = ALLURE_VERSION) -> Path:
    return allure_tool(version).cached_entry()


def no_node(version: str = ALLURE_VERSION) -> str:
    """How to get the Allure HTML report where Node.js is missing: one line."""
    return node_tools.no_node(allure_tool(version), PURPOSE)


def install_cli(version: str = ALLURE_VERSION, *, timeout: float = INSTALL_TIMEOUT) -> Path:
    """Install `allure@version` into the cache with npm, once; later calls reuse it."""
    return node_tools.install(allure_tool(version), PURPOSE, timeout=timeout, env=_env())


def resolve_cli(search_from: Sequence[Path] = ()) -> Path:
    """The Allure CLI to run: a `node_modules/allure` found by `find_cli`, else the cached pinned version."""
    return find_cli(search_from) or install_cli()


def report_config(name: str, history_path: Path) -> dict[str, Any]:
    return {
        "name": name,
        "historyPath": str(history_path),
        "plugins": {"awesome": {"options": {"reportName": name, "singleFile": True, "reportLanguage": "en"}}},
        "categories": [dict(c) for c in CATEGORIES],
    }


def read_stats(report_dir: Path) -> dict[str, int] | None:
    """The counts the generated report shows (its summary.json), by status."""
    try:
        summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stats = summary.get("stats") if isinstance(summary, dict) else None
    if not isinstance(stats, dict):
        return None
    return {k: int(v) for k, v in stats.items() if isinstance(v, int)}


def generate(
    results_dir: Path,
    report_dir: Path,
    *,
    name: str = "connect-cert",
    cli: Path | None = None,
    timeout: float = GENERATE_TIMEOUT,
) -> AllureReport:
    """Generate the report; never raises for a missing tool, it says why (and how to get it) instead."""
    if not results_dir.is_dir():
        return AllureReport(None, f"no Allure results in {results_dir}")
    node = shutil.which("node")
    if cli is None:
        try:
            cli = resolve_cli([results_dir])
        except AllureUnavailable as exc:
            return AllureReport(None, str(exc))
    if not cli.is_file():
        return AllureReport(None, "the npm package 'allure' is not installed (run `npm ci` in the repository)")
    if node is None:
        return AllureReport(None, no_node())
    report_dir = report_dir.resolve()
    history = report_dir / HISTORY_FILE
    previous = history.read_bytes() if history.is_file() else None
    if report_dir.exists():
        shutil.rmtree(report_dir)
    report_dir.mkdir(parents=True)
    if previous is not None:
        history.write_bytes(previous)
    with tempfile.TemporaryDirectory(prefix="connect-cert-allure-") as tmp:
        config = Path(tmp) / "allurerc.json"
        config.write_text(json.dumps(report_config(name, history)), encoding="utf-8")
        command = [
            node,
            str(cli),
            "generate",
            str(results_dir.resolve()),
            "-o",
            str(report_dir),
            "--config",
            str(config),
        ]
        try:
            done = subprocess.run(
                command,
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env=_env(),
            )
        except subprocess.TimeoutExpired:
            return AllureReport(None, f"allure generate took longer than {timeout:.0f} s")
        except OSError as exc:
            return AllureReport(None, f"cannot run node: {exc.strerror or exc}")
    index = report_dir / "index.html"
    if done.returncode != 0 or not index.is_file():
        last = (done.stderr or done.stdout).strip().splitlines()
        return AllureReport(None, f"allure generate exited {done.returncode}: {last[-1] if last else 'no output'}")
    strip_analytics(index)
    return AllureReport(index, None, read_stats(report_dir))


_ANALYTICS = re.compile(
    r"<script async src=\"https://www\.googletagmanager\.com/gtag/js\?id=[^\"]*\"></script>\s*"
    r"<script>(?:(?!</script>)[\s\S])*?gtag\([\s\S]*?</script>"
)


def strip_analytics(index: Path) -> bool:
    """Remove the Google Analytics snippet Allure 3's Awesome page always carries (it has no switch).

    A certification report is opened on partners' machines: it must not call out to a tracker."""
    html = index.read_text(encoding="utf-8")
    cleaned, count = _ANALYTICS.subn("", html)
    if count:
        index.write_text(cleaned, encoding="utf-8")
    return bool(count)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_COLOR", "1")
    env["ALLURE_NO_ANALYTICS"] = "true"  # honoured by the Allure 2-style plugin; Awesome is cleaned afterwards
    return env
