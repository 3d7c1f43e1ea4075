"""What the environment breaks is never the integration's failure: a test that cannot reach its browser,
device or target is *broken* with the cause (`EnvironmentBroken`), and a run where nothing else went wrong
ends with exit 3; an assertion anywhere is still exit 1.

Each case runs the reports plugin over a small `suites/` tree: API tests proving every API requirement
(pass, or one assertion fails) and web tests whose browser fixture raises `EnvironmentBroken`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.exitcodes import ExitCode
from connect_cert.harness.reports import allure as evidence
from connect_cert.harness.reports.catalog import load_catalog
from tests.harness.harness_fakes import clean_env

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

API_REQUIREMENTS = [r.id for r in load_catalog() if "api" in r.platforms]
WEB_REQUIREMENTS = [r.id for r in load_catalog() if "web" in r.platforms]
CAUSE = "environment unreachable: no browser at ws://127.0.0.1:9/: connect ECONNREFUSED"

API_SUITE = """
import pytest

@pytest.mark.parametrize("rid", [pytest.param(r, marks=pytest.mark.requirement(r)) for r in {ids!r}])
def test_requirement_holds(rid):
    assert rid != {wrong!r}, "the API answered 500"
"""

WEB_SUITE = f"""
import pytest
from connect_cert.harness.exitcodes import EnvironmentBroken

@pytest.fixture(scope="session")
def remote_browser():
    raise EnvironmentBroken({CAUSE!r})

@pytest.mark.parametrize("rid", [pytest.param(r, marks=pytest.mark.requirement(r)) for r in {WEB_REQUIREMENTS!r}])
def test_flow_in_the_browser(remote_browser, rid):
    pass
"""


def _tree(pytester: pytest.Pytester, *, api: bool, wrong: str | None = None) -> None:
    pytester.mkdir("suites")
    pytester.mkdir("suites/web")
    (pytester.path / "suites" / "web" / "test_flows.py").write_text(WEB_SUITE)
    if api:
        pytester.mkdir("suites/api")
        (pytester.path / "suites" / "api" / "test_api.py").write_text(
            API_SUITE.format(ids=API_REQUIREMENTS, wrong=wrong)
        )


def _certify(pytester: pytest.Pytester) -> tuple[pytest.RunResult, dict[str, Any]]:
    outcome = pytester.runpytest("-p", "no:cacheprovider", "--progress", "off", "suites")
    doc = json.loads((pytester.path / "reports" / "certification.json").read_text(encoding="utf-8"))
    return outcome, doc


def _web_results(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    results = [json.loads(p.read_text()) for p in (pytester.path / "reports" / "allure-results").glob("*-result.json")]
    return [r for r in results if {"name": "platform", "value": "web"} in r["labels"]]


def test_an_unreachable_browser_breaks_the_web_tests_and_exits_3(pytester: pytest.Pytester) -> None:
    _tree(pytester, api=False)
    outcome, doc = _certify(pytester)
    assert outcome.ret == ExitCode.UNREACHABLE == 3
    web = _web_results(pytester)
    assert len(web) == len(WEB_REQUIREMENTS) and {r["status"] for r in web} == {"broken"}, "broken, never failed"
    cause = {"name": evidence.CAUSE_LABEL, "value": evidence.ENVIRONMENT_CAUSE}
    assert all(cause in r["labels"] for r in web)
    assert all(CAUSE in r["statusDetails"]["message"] for r in web), "each result carries the cause"
    assert doc["exit_code"] == 3 and doc["verdict"] == "fail"
    assert doc["environment"]["broken"] == len(WEB_REQUIREMENTS)
    assert CAUSE in doc["environment"]["blocked"]["web"]
    assert doc["reasons"][0].startswith("web: nothing could run")
    findings = [f for r in doc["requirements"] for c in r["platforms"].values() for f in c["findings"]]
    assert findings and {f["category"] for f in findings} == {"Environment"}
    # the terminal says it in one line per test: the cause, no traceback of the fixture
    outcome.stdout.fnmatch_lines([f"EnvironmentBroken: {CAUSE}"])
    assert "Traceback" not in outcome.stdout.str() and "raise EnvironmentBroken" not in outcome.stdout.str()
    outcome.stdout.fnmatch_lines(["*the environment, not the integration*(exit 3)"])


def test_the_api_passed_and_the_web_could_not_run_is_exit_3(pytester: pytest.Pytester) -> None:
    """Mixed: not certified (the web platform proved nothing), not the integration's fault either."""
    _tree(pytester, api=True)
    outcome, doc = _certify(pytester)
    api_cells = [r["platforms"]["api"]["status"] for r in doc["requirements"] if "api" in r["platforms"]]
    assert api_cells and set(api_cells) == {"passed"}, "the API's own results stand"
    assert outcome.ret == 3 and doc["exit_code"] == 3 and doc["verdict"] == "fail"
    assert list(doc["environment"]["blocked"]) == ["web"]


def test_an_integration_failure_is_exit_1_whatever_the_environment_did(pytester: pytest.Pytester) -> None:
    _tree(pytester, api=True, wrong=API_REQUIREMENTS[0])
    outcome, doc = _certify(pytester)
    assert outcome.ret == ExitCode.FAILED == 1
    assert doc["exit_code"] == 1 and doc["counts"]["failed"] == 1
    assert f"{API_REQUIREMENTS[0]} on api: failed (1 of 1 tests failed)" in doc["reasons"]
    assert doc["environment"]["blocked"] == {"web": doc["reasons"][0]}, "the environment is still reported"


def test_an_unreachable_target_breaks_the_tests_of_every_worker_and_exits_3(
    tmp_path: Path, closed_port_url: str
) -> None:
    """The target goes away after the CLI's preflight, or plain pytest under -n: broken, exit 3."""
    suite = tmp_path / "suites" / "api"
    suite.mkdir(parents=True)
    (suite / "test_users.py").write_text(
        "import pytest\n\n@pytest.mark.parametrize('n', range(4))\n"
        "def test_users_are_listed(connect, n):\n    connect.list_users().expect(200)\n"
    )
    for workers in ("0", "2"):
        out = tmp_path / f"reports-{workers}"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "suites",
                "-p",
                "no:cacheprovider",
                "-n",
                workers,
                "--target",
                closed_port_url,
                "--reports-dir",
                str(out),
            ],
            cwd=tmp_path,
            env=clean_env(CONNECT_CERT_TOKEN="fake-partner-token-0123456789"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 3, (workers, proc.stdout[-3000:], proc.stderr[-2000:])
        assert "connection refused" in proc.stdout + proc.stderr
        if workers == "2":  # each worker's tests broken by the environment, the run's verdict says so
            doc = json.loads((out / "certification.json").read_text())
            assert doc["exit_code"] == 3 and doc["counts"]["broken"] == 4 and doc["counts"]["failed"] == 0
            assert "api: nothing could run" in doc["reasons"][0]
