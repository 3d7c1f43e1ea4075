"""`certify --sandbox-port N` serves the sandbox on the port a partner's app is pointed at (the example app's
runs use it throughout); with another target, or on a taken port, it is one line and exit 2."""

from __future__ import annotations

import socket

import pytest

from connect_cert.harness.cli import run


def test_sandbox_port_goes_with_the_sandbox_target_only(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["certify", "--target", "https://dev.example.com", "--sandbox-port", "9000", "--suites", "api"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and lines == [
        "connect-cert: error: --sandbox-port goes with --target sandbox (the sandbox the harness starts), "
        "not https://dev.example.com"
    ]


def test_a_taken_port_is_one_line_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = run(["certify", "--sandbox-port", str(port), "--suites", "api"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(f"connect-cert: error: --sandbox-port {port}: cannot listen on 127.0.0.1:{port}")
