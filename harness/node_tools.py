"""Node tools the harness installs on first use, as Playwright does for its browsers.

A checkout has them in its own `node_modules` (`make install`); an installed wheel has none, so the pinned
versions are installed once with npm into a per-user cache (`$CONNECT_CERT_CACHE_DIR`, else
`${XDG_CACHE_HOME:-~/.cache}/connect-cert`) and reused by every later run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CACHE_ENV = "CONNECT_CERT_CACHE_DIR"
INSTALL_TIMEOUT = 600.0  # seconds: npm fetches a few hundred packages for Appium on a slow registry


class ToolUnavailable(Exception):
    """The tool cannot be had here; the message says why and how to get it, in one line."""


@dataclass(frozen=True)
class NodeTool:
    """A pinned npm install: its folder name in the cache, the package specs, and the file that proves it."""

    name: str
    version: str
    specs: tuple[str, ...]
    entry: str  # relative to the install prefix, e.g. node_modules/allure/cli.js

    def prefix(self) -> Path:
        return cache_dir() / f"{self.name}-{self.version}"

    def cached_entry(self) -> Path:
        return self.prefix() / self.entry


def cache_dir() -> Path:
    """Where connect-cert keeps the tools it installs on first use."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "connect-cert"


def no_node(tool: NodeTool, purpose: str) -> str:
    """One line for a machine without Node.js: what is missing and what the harness does once it is there."""
    return (
        f"Node.js with npm is not on PATH: install it (e.g. `apt-get install nodejs npm`) and run again; "
        f"connect-cert then installs {tool.name} {tool.version} once into {cache_dir()} for {purpose}"
    )


def install(
    tool: NodeTool, purpose: str, *, timeout: float = INSTALL_TIMEOUT, env: Mapping[str, str] | None = None
) -> Path:
    """Install `tool` into the cache with npm, once; later calls reuse it. Returns its entry file.

    npm works in a private folder renamed into place when complete, so a cut-short or concurrent install
    never leaves a half-made tool that a later run would trust."""
    entry = tool.cached_entry()
    if entry.is_file():
        return entry
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ToolUnavailable(no_node(tool, purpose))
    final = tool.prefix()
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    except OSError as exc:
        raise ToolUnavailable(
            f"cannot write the cache {final.parent}: {exc.strerror or exc} (set {CACHE_ENV} to another folder)"
        ) from None
    try:
        _npm_install(npm, work, tool.specs, timeout, env)
        if not (work / tool.entry).is_file():
            raise ToolUnavailable(f"npm install {' '.join(tool.specs)} left no {tool.entry}")
        if final.exists() and not entry.is_file():  # an install someone cut short by hand: replace it
            shutil.rmtree(final, ignore_errors=True)
        try:
            work.rename(final)
        except OSError as exc:
            if not entry.is_file():  # not merely another run that finished first
                raise ToolUnavailable(f"cannot move {tool.name} into {final}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return entry


def _npm_install(npm: str, prefix: Path, specs: tuple[str, ...], timeout: float, env: Mapping[str, str] | None) -> None:
    command = [npm, "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund", *specs]
    shown = " ".join(specs)
    try:
        done = subprocess.run(
            command,
            cwd=prefix,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=dict(env) if env is not None else None,
        )
    except subprocess.TimeoutExpired:
        raise ToolUnavailable(f"npm install {shown} took longer than {timeout:.0f} s") from None
    except OSError as exc:
        raise ToolUnavailable(f"cannot run npm: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith(("npm error", "npm ERR!"))]  # the last names a log file
        why = (errors or lines or ["no output"])[0].strip()
        raise ToolUnavailable(f"npm install {shown} exited {done.returncode}: {why}")
