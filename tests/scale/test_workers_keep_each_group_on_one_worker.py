"""`-n N` on the suites: every test of one `xdist_group` runs in one worker (the contract engine once), the
other tests spread over the workers, and `side_by_side` groups (one per device) go to different workers.
Plain pytest gets it too; an explicit `--dist` is left alone."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

GROUPED = """
import os, pathlib, pytest

pytestmark = pytest.mark.xdist_group("contract")

@pytest.fixture(scope="session")
def engine():
    pathlib.Path(os.environ["RUNS_DIR"], f"engine-{os.getpid()}").touch()

@pytest.mark.parametrize("op", range(8))
def test_operation(engine, op):
    pathlib.Path(os.environ["RUNS_DIR"], f"grouped-{op}").write_text(str(os.getpid()))
"""

SPREAD = """
import os, pathlib, time, pytest

@pytest.mark.parametrize("n", range(8))
def test_other(n):
    time.sleep(0.2)  # long enough that the free worker takes part (scheduling, not a wait for a result)
    pathlib.Path(os.environ["RUNS_DIR"], f"other-{n}").write_text(str(os.getpid()))
"""

DEVICES = """
import os, pathlib, pytest

@pytest.mark.parametrize("device", [
    pytest.param(name, marks=[pytest.mark.xdist_group(name), pytest.mark.side_by_side]) for name in ("iphone", "pixel")
])
@pytest.mark.parametrize("step", range(4))
def test_flow(device, step):
    pathlib.Path(os.environ["RUNS_DIR"], f"{device}-{step}").write_text(str(os.getpid()))
"""


OPTIONS = ("-p", "no:cacheprovider", "--reports-dir", "out", "--certification-reports", "off")


@pytest.fixture
def suites(pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    runs = tmp_path / "runs"
    runs.mkdir()
    monkeypatch.setenv("RUNS_DIR", str(runs))
    pytester.mkdir("suites")
    pytester.mkdir("suites/api")
    (pytester.path / "suites" / "api" / "test_contract.py").write_text(GROUPED)
    (pytester.path / "suites" / "api" / "test_other.py").write_text(SPREAD)
    return runs


def _pids(runs: Path, prefix: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in runs.glob(f"{prefix}-*"):
        found[path.read_text()].add(path.name)
    return found


def test_a_group_runs_on_one_worker_and_the_rest_spreads(pytester: pytest.Pytester, suites: Path) -> None:
    outcome = pytester.runpytest_subprocess("suites", "-n", "2", *OPTIONS)
    assert outcome.parseoutcomes()["passed"] == 16, outcome.stdout.str()[-2000:]
    grouped = _pids(suites, "grouped")
    assert len(grouped) == 1, f"the group ran in {len(grouped)} workers"
    assert len(list(suites.glob("engine-*"))) == 1, "the group's session fixture ran more than once"
    assert len(_pids(suites, "other")) == 2, "the other tests did not use both workers"
    durations = json.loads((pytester.path / "out" / "durations.json").read_text())["tests"]
    assert "suites/api/test_contract.py::test_operation[0]" in durations, "recorded under the id without the group"


def test_an_explicit_dist_is_left_alone(pytester: pytest.Pytester, suites: Path) -> None:
    outcome = pytester.runpytest_subprocess("suites", "-n", "2", "--dist", "load", *OPTIONS)
    assert outcome.parseoutcomes()["passed"] == 16
    assert len(list(suites.glob("engine-*"))) == 2, "with --dist load both workers run the group's fixture"


def test_side_by_side_groups_go_to_different_workers(pytester: pytest.Pytester, suites: Path) -> None:
    """Largest first would give the contract one worker and both devices, one after the other, the other."""
    (pytester.path / "suites" / "api" / "test_other.py").unlink()
    pytester.mkdir("suites/mobile")
    (pytester.path / "suites" / "mobile" / "test_devices.py").write_text(DEVICES)
    outcome = pytester.runpytest_subprocess("suites", "-n", "2", *OPTIONS)
    assert outcome.parseoutcomes()["passed"] == 16, outcome.stdout.str()[-2000:]
    iphone, pixel = _pids(suites, "iphone"), _pids(suites, "pixel")
    assert len(iphone) == 1 and len(pixel) == 1, f"a device's tests ran in several workers: {iphone} {pixel}"
    assert set(iphone) != set(pixel), "both devices ran on one worker"
