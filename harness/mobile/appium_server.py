"""An Appium 3 server this run starts on 127.0.0.1 (a free port), with its log kept, and stopped after.

`make install` installs Appium and its Chromium driver from npm into the project (`package.json`); their
`APPIUM_HOME` is the project itself, where Appium finds the driver as a local dependency, so nothing is
downloaded at run time. Elsewhere `--appium-executable` names an `appium` and `APPIUM_HOME` is taken from
the environment. Every wait here is bounded; a server that does not come up is *broken* with the cause.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from connect_cert.devices.providers import Provider, ProviderKind, ping
from connect_cert.harness import node_tools
from connect_cert.harness.exitcodes import EnvironmentBroken
from connect_cert.harness.waits import wait_for

PROJECT = Path(__file__).resolve().parents[2]
PROJECT_APPIUM = PROJECT / "node_modules" / ".bin" / "appium"
# What package.json pins: Appium 3 and its Chromium driver, found by Appium as local dependencies.
APPIUM_TOOL = node_tools.NodeTool(
    "appium", "3.8.0", ("appium@3.8.0", "appium-chromium-driver@3.1.1"), "node_modules/.bin/appium"
)
START_TIMEOUT = 120.0  # seconds: loading the drivers takes a few seconds, many more on a busy machine
PING_TIMEOUT = 5.0
STOP_TIMEOUT = 10.0
LOG_TAIL_LINES = 15
LOG_LEVEL = "info"  # every command and its answer's status; "debug" adds bodies (a page source per poll)


class AppiumUnavailable(EnvironmentBroken):
    """No Appium server to open device sessions with: the device tests are broken, not failed."""


def free_port() -> int:
    """A TCP port nobody listens on now, on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def find_appium(explicit: str | None = None) -> Path | None:
    """The `appium` to start: the one named, the project's (`make install`), one on PATH, else the pinned one
    installed once into the user cache (an installed wheel has no node_modules); None when none can be had."""
    if explicit:
        named = shutil.which(explicit)
        return Path(named) if named else None
    present = _present_appium()
    if present is not None:
        return present
    try:
        return node_tools.install(APPIUM_TOOL, "the device suite's PaymentSheet stand-in")
    except node_tools.ToolUnavailable:
        return None


def _present_appium() -> Path | None:
    """The project's `appium`, one on PATH, or the pinned one already in the user cache."""
    if PROJECT_APPIUM.is_file():
        return PROJECT_APPIUM
    found = shutil.which("appium")
    if found:
        return Path(found)
    cached = APPIUM_TOOL.cached_entry()
    return cached if cached.is_file() else None


def stand_in_appium() -> tuple[bool, str]:
    """Whether a run can start the Appium server for the PaymentSheet stand-in, and which one, as `find_appium`
    would find it but without installing anything."""
    present = _present_appium()
    if present is not None:
        return True, f"{present} (make install)" if present == PROJECT_APPIUM else str(present)
    if shutil.which("npm") and shutil.which("node"):
        return True, f"Appium {APPIUM_TOOL.version} is installed into {node_tools.cache_dir()} on the first run"
    return False, node_tools.no_node(APPIUM_TOOL, "the device suite's PaymentSheet stand-in")


def appium_home(executable: Path) -> str | None:
    """The project whose node_modules holds this appium (its APPIUM_HOME); None when it is a global one."""
    bin_dir = executable.parent
    if bin_dir.name == ".bin" and bin_dir.parent.name == "node_modules":
        return str(bin_dir.parent.parent)
    return os.environ.get("APPIUM_HOME")


def status(url: str, timeout: float = PING_TIMEOUT) -> str | None:
    """None when the Appium server at `url` is ready; else why not, in a few words."""
    answer = ping(Provider(url, ProviderKind.APPIUM, url.rstrip("/")), timeout=timeout)
    return None if answer.reachable else answer.detail


def _answers(url: str) -> bool:
    """Whether a local server answers `/status` ready (plain HTTP, cheap enough to poll while it starts)."""
    try:
        with urllib.request.urlopen(f"{url}/status", timeout=1.0) as response:
            value = json.loads(response.read()).get("value") or {}
    except (OSError, ValueError):
        return False
    return value.get("ready") is True


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass
class AppiumServer:
    """A running server: its URL, process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def start_appium(executable: Path, log_path: Path, *, timeout: float = START_TIMEOUT) -> AppiumServer:
    """Start Appium on a free loopback port and wait (bounded) until `/status` says it is ready."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    home = appium_home(executable)
    if home:
        env["APPIUM_HOME"] = home
    env.setdefault("APPIUM_SKIP_CHROMEDRIVER_INSTALL", "1")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [str(executable), "--address", "127.0.0.1", "--port", str(port), "--log-no-colors", "--log-timestamp"]
    command += ["--log-level", LOG_LEVEL]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    server = AppiumServer(url, process, log_path)

    def ready() -> bool | None:
        if not server.alive():
            return False
        return True if _answers(url) else None

    try:
        up = wait_for(ready, timeout=timeout, interval=0.25, what=f"Appium at {url} ready")
    except AssertionError:
        server.stop()
        raise AppiumUnavailable(
            f"Appium ({executable}) did not answer on {url} within {timeout:.0f} s; its log ends: {_tail(log_path)}"
        ) from None
    if not up:
        raise AppiumUnavailable(
            f"Appium ({executable}) exited with status {process.returncode} before it answered; "
            f"its log ends: {_tail(log_path)}"
        )
    return server


@contextmanager
def running_appium(executable: Path, log_path: Path, *, timeout: float = START_TIMEOUT) -> Iterator[AppiumServer]:
    """A server for the duration of the block, stopped after whatever happens."""
    server = start_appium(executable, log_path, timeout=timeout)
    try:
        yield server
    finally:
        server.stop()
