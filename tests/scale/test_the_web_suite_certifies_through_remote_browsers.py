"""`--browser-endpoint`: the web suite runs in a Playwright browser server (launchServer of the npm
`playwright` package with Debian's Chromium) and in a Chromium reached over the Chrome DevTools Protocol,
both started here on loopback. `--browser-executable` points nowhere meanwhile, so only the remote browser
can have run the tests. A `playwright run-server` with no browser of its own, or no server at all, is the
environment: the web tests are broken, exit 3. Credentials in the endpoint or the capabilities come from the
environment and are never printed nor written."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.web.browser import CHROMIUM
from tests.harness.harness_fakes import REPO, clean_env
from tests.scale.support import connect_cert

SERVER_JS = Path(__file__).with_name("playwright_browser_server.js")
START_TIMEOUT = 60.0  # seconds for a browser to come up on a busy machine
SUBSET = "4242"  # the two runs of test_card_4242_is_saved_as_default: one per Stripe Element

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or not (REPO / "node_modules" / "playwright").is_dir(),
    reason="needs Debian's chromium and the npm package playwright (`npm ci`)",
)


def _stop(proc: subprocess.Popen[str]) -> None:
    """End the process this test started and everything it started (its own session)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@pytest.fixture
def playwright_server() -> Iterator[str]:
    """`ws://127.0.0.1:PORT/…` of a Playwright browser server."""
    proc = subprocess.Popen(
        ["node", str(SERVER_JS), CHROMIUM],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield _first_line(proc, "ws://127.0.0.1:")
    finally:
        _stop(proc)


def _first_line(proc: subprocess.Popen[str], prefix: str) -> str:
    """The first line `proc` prints, which must start with `prefix`, within START_TIMEOUT."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=START_TIMEOUT)
    line = proc.stdout.readline().strip() if ready else ""
    assert line.startswith(prefix), f"nothing like {prefix}… within {START_TIMEOUT} s: {line!r}"
    return line


@pytest.fixture
def server_without_a_browser(tmp_path: Path) -> Iterator[str]:
    """`playwright run-server`: a Playwright server with no browser of its own (none installed into it)."""
    proc = subprocess.Popen(
        [str(REPO / "node_modules" / ".bin" / "playwright"), "run-server", "--host", "127.0.0.1", "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env={**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "no-browsers")},
    )
    try:
        yield _first_line(proc, "Listening on ws://127.0.0.1:").removeprefix("Listening on ")
    finally:
        _stop(proc)


@pytest.fixture
def cdp_endpoint(tmp_path: Path) -> Iterator[str]:
    """`cdp+http://127.0.0.1:PORT` of a headless Chromium with --remote-debugging-port."""
    profile = tmp_path / "chromium-profile"
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.is_file() and port_file.read_text().strip()) and time.monotonic() < deadline:
            assert proc.poll() is None, f"chromium exited with {proc.returncode}"
            time.sleep(0.1)
        assert port_file.is_file(), f"chromium wrote no DevToolsActivePort within {START_TIMEOUT} s"
        yield f"cdp+http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        _stop(proc)


def _certify_web(
    out: Path, endpoint: str, *extra: str, env: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], str]:
    proc = connect_cert(
        "certify",
        "--suites",
        "web",
        "--profile",
        "quick",
        "--out",
        str(out),
        "--browser-endpoint",
        endpoint,
        "--browser-executable",
        str(out / "no-local-chromium"),
        *extra,
        "--",
        "-k",
        SUBSET,
        env=env,
    )
    document = json.loads((out / "certification.json").read_text()) if (out / "certification.json").is_file() else {}
    return proc.returncode, document, proc.stdout + proc.stderr


def _web_tests_passed(document: dict[str, Any], output: str) -> None:
    counts = document["counts"]
    assert counts["total"] == 2 and counts["passed"] == 2, (counts, output[-3000:])
    pay02 = next(r for r in document["requirements"] if r["id"] == "PAY-02")["platforms"]["web"]
    assert pay02["status"] == "passed" and pay02["counts"]["passed"] == 2


@pytest.mark.parametrize("kind", ["playwright_server", "cdp_endpoint"])
def test_the_web_suite_runs_in_the_remote_browser(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    endpoint: str = request.getfixturevalue(kind)
    code, document, output = _certify_web(tmp_path / "reports", endpoint)
    _web_tests_passed(document, output)
    # only a subset ran, so the other web requirements are untested: not certified, but not the environment
    assert code == 1 and document["exit_code"] == 1 and document["environment"]["broken"] == 0


def test_a_server_without_a_browser_breaks_the_web_tests_and_exits_3(
    server_without_a_browser: str, tmp_path: Path
) -> None:
    code, document, output = _certify_web(tmp_path / "reports", server_without_a_browser)
    assert code == 3, output[-3000:]
    assert document["counts"]["broken"] == document["counts"]["total"] == 2 and document["counts"]["failed"] == 0
    assert "Executable doesn't exist" in document["environment"]["blocked"]["web"]


def test_an_unreachable_endpoint_breaks_the_web_tests_and_never_shows_its_secrets(
    tmp_path: Path, closed_port_url: str
) -> None:
    token, key = "tok-5f0c3a9d81e2b7c4d6e8f0a1", "acc-9d81e2b7c4d6e8f0a15f0c3a"
    env = clean_env(CC_GRID_TOKEN=token, CC_CAPS=json.dumps({"browser": "chrome", "browserstack.accessKey": key}))
    endpoint = closed_port_url.replace("http://", "ws://") + "/playwright?token=${CC_GRID_TOKEN}"
    out = tmp_path / "reports"
    code, document, output = _certify_web(out, endpoint, "--browser-caps-env", "CC_CAPS", env=env)
    assert code == 3, output[-3000:]
    assert document["exit_code"] == 3 and document["counts"]["broken"] == document["counts"]["total"] == 2
    assert "no browser at ws://127.0.0.1:" in document["environment"]["blocked"]["web"]
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    for secret in (token, key):
        assert secret not in output and secret.encode() not in written, "a credential was printed or written"


@pytest.mark.parametrize(
    ("endpoint", "fragment"),
    [
        ("http://127.0.0.1:9/", "expected ws(s)://"),
        ("ws://127.0.0.1:9/?token=${CC_UNSET_TOKEN}", "${CC_UNSET_TOKEN}, which is not set"),
    ],
)
def test_an_endpoint_that_cannot_be_used_is_a_usage_error(endpoint: str, fragment: str, tmp_path: Path) -> None:
    proc = connect_cert("certify", "--suites", "web", "--out", str(tmp_path / "out"), "--browser-endpoint", endpoint)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and fragment in lines[0], proc.stderr
    assert not (tmp_path / "out").exists(), "nothing started"


def test_capabilities_that_are_not_a_json_object_are_a_usage_error(tmp_path: Path) -> None:
    proc = connect_cert(
        "certify",
        "--suites",
        "web",
        "--out",
        str(tmp_path / "out"),
        "--browser-endpoint",
        "wss://cloud.example/pw",
        "--browser-caps-env",
        "CC_CAPS",
        env=clean_env(CC_CAPS="browser=chrome accessKey=acc-1234567890"),
    )
    assert proc.returncode == 2 and "--browser-caps-env CC_CAPS: not JSON" in proc.stderr
    assert "acc-1234567890" not in proc.stderr + proc.stdout
