"""With no Appium server to reach, `connect-cert certify` reports the device tests broken with the cause (not
failed), still writes the API results, and exits 3: the environment, not the integration, kept it from passing.

A catalog of two requirements keeps the run short: API-02 on the API, PAY-02 on iOS and Android.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from connect_cert.harness.exitcodes import ExitCode
from connect_cert.harness.reports.catalog import DEFAULT_CATALOG
from tests.mobile.support import REPO

NO_APPIUM = "http://127.0.0.1:1"
TIMEOUT_S = 300


def small_catalog(folder: Path) -> Path:
    raw = yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    keep = {"API-02": ["api"], "PAY-02": ["ios", "android"]}
    raw["requirements"] = [
        {**r, "platforms": keep[r["id"]], "proven_by": {p: r["proven_by"][p] for p in keep[r["id"]]}}
        for r in raw["requirements"]
        if r["id"] in keep
    ]
    path = folder / "requirements.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _pairs(options: dict[str, str]) -> list[str]:
    return [part for pair in options.items() for part in pair]


def test_no_appium_breaks_the_device_tests_and_the_rest_is_reported(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    certify = {"--suites": "api,mobile", "--profile": "quick", "--out": str(out), "--appium-url": NO_APPIUM}
    pytest_args = {
        "--catalog": str(small_catalog(tmp_path)),
        "-k": "(a_request_without_a_token_is_401 and users_list) or card_4242",
        "-p": "no:randomly",
    }
    command = [
        sys.executable,
        "-m",
        "connect_cert.harness.cli",
        "certify",
        *_pairs(certify),
        "--",
        *_pairs(pytest_args),
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    output = done.stdout + done.stderr

    assert done.returncode == ExitCode.UNREACHABLE, output[-3000:]
    document = json.loads((out / "certification.json").read_text(encoding="utf-8"))
    cells = {(r["id"], p): cell for r in document["requirements"] for p, cell in r["platforms"].items()}
    assert cells[("API-02", "api")]["status"] == "passed"  # the API results are written
    for platform in ("ios", "android"):
        cell = cells[("PAY-02", platform)]
        assert cell["status"] == "broken", cell
        assert {t["status"] for t in cell["tests"]} == {"broken"}
        findings = " ".join(f["message"] for f in cell["findings"])
        assert f"no Appium server answers at {NO_APPIUM} (connection refused)" in findings, findings
        assert {f["category"] for f in cell["findings"]} == {"Environment"}
    assert set(document["environment"]["blocked"]) == {"ios", "android"}
    assert document["exit_code"] == ExitCode.UNREACHABLE
    assert (out / "junit.xml").is_file()
