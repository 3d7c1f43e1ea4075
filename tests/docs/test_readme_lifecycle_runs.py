"""The README's curl walkthrough runs as written against a fresh sandbox."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from connect_cert.sandbox.server import SandboxThread

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"<!-- lifecycle:begin -->\s*```bash\n(.*?)```\s*<!-- lifecycle:end -->", re.S)


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="the walkthrough needs curl and jq")
def test_readme_lifecycle_walkthrough_runs() -> None:
    match = BLOCK.search(README.read_text())
    assert match, "README.md has no lifecycle block between the markers"
    script = "set -euo pipefail\n" + match.group(1)
    with SandboxThread() as sandbox:
        done = subprocess.run(
            ["bash", "-c", script],
            env={**os.environ, "SANDBOX": sandbox.url},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines.count("succeeded") >= 3 and "requires_action" in lines
    assert "204" in lines
    assert any('"type":"pre_authorization_failed"' in line and "_secret_" in line for line in lines)
    assert any(line.endswith(" 402") and '"payment_error"' in line for line in lines)
    assert lines[-2:] == ['{"count":0}', '{"count":1}'], "the paid debt is gone and its invoice is listed"
