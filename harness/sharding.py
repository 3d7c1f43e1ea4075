"""How one certification run is split: shards across CI machines, workers on one machine.

- `--shard I/N` keeps a deterministic, balanced part of the selected tests. The selection is cut into units
  (a test, or every test of one `xdist_group`: the contract run is one unit, never split), and the units are
  dealt longest first to the least loaded shard, by the durations a previous run recorded
  (`--durations-from FILE`) or, without them, by count. Every shard computes the same plan from the same
  selection, so no test runs twice and together the shards hold every test. The plan (I/N, the selection's
  hash, the tests this shard owns) goes into the shard's manifest (`shard.json`, written with its reports),
  which `connect-cert report merge` checks.
- Every run records how long each test took in `<reports-dir>/durations.json`: the next run's
  `--durations-from`, and `report merge` joins the shards' into one.
- Under `-n N` the tests of one `xdist_group` go to one worker (`--dist loadgroup`, what this plugin chooses
  for a run of the suites unless `--dist` is given): the contract engine runs once, and the run summary says
  how often it ran. xdist's own loadgroup marks a group by appending `@group` to node ids, which pytest 9.2's
  structured node ids ignore (pytest-xdist#1386), so this plugin schedules loadgroup itself: each worker
  writes the groups it collected to a file its controller named, and the controller's scheduler
  (`GroupScheduling`, xdist's LoadScope scheduling with a group as one scope) reads them. Groups marked
  `side_by_side` (the device suite's: one group per device) are dealt first, one to each worker, and a worker
  takes another only once its own is done: the devices of a matrix run at the same time, not one after the
  other on one worker while another holds the contract.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.options import option_group
from connect_cert.harness.stash import SHARD_KEY, SHARD_PLAN_KEY

MANIFEST = "shard.json"
DURATIONS = "durations.json"
MANIFEST_FORMAT = "connect-cert-shard/1"
DURATIONS_FORMAT = "connect-cert-durations/1"
GROUP_MARK = "xdist_group"
SIDE_BY_SIDE_MARK = "side_by_side"
_PLAN_OUTPUT = "connect_cert_shard_plan"  # what a worker hands the controller (xdist's workeroutput)
_CONTRACT_OUTPUT = "connect_cert_contract_runs"
_GROUPS_INPUT = "connect_cert_groups"  # the folder a worker writes its groups to (xdist's workerinput)
_GROUPS_KEY: pytest.StashKey[Path] = pytest.StashKey()  # the controller's groups folder
_DURATIONS_KEY: pytest.StashKey[dict[str, float]] = pytest.StashKey()  # --durations-from, read at configure


@dataclass(frozen=True)
class ShardSpec:
    """Shard `index` of `total` (1-based), as `--shard I/N` gives it."""

    index: int
    total: int

    @classmethod
    def parse(cls, text: str) -> ShardSpec:
        index, slash, total = text.strip().partition("/")
        try:
            spec = cls(int(index), int(total))
        except ValueError:
            spec = None
        if not slash or spec is None or not 1 <= spec.index <= spec.total:
            raise ConfigError(f"--shard {text!r}: expected I/N with 1 <= I <= N, e.g. --shard 1/4")
        return spec

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


@dataclass(frozen=True)
class Unit:
    """Tests that always run together, in one shard: one test, or every test of an `xdist_group`."""

    key: str
    tests: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class ShardPlan:
    """What this shard runs of the selection, and how the selection was split."""

    spec: ShardSpec
    selection_hash: str
    selected: int  # tests in the whole selection
    units: int  # units in the whole selection
    tests: tuple[str, ...]  # the tests this shard owns
    balanced_by: str  # "durations" or "count"
    expected_seconds: float  # this shard's share by the durations (by count: its number of tests)

    def as_json(self) -> dict[str, Any]:
        return {
            "shard": {"index": self.spec.index, "total": self.spec.total},
            "selection": {"hash": self.selection_hash, "tests": self.selected, "units": self.units},
            "balanced_by": self.balanced_by,
            "expected_seconds": round(self.expected_seconds, 3),
            "tests": list(self.tests),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ShardPlan:
        return cls(
            spec=ShardSpec(int(data["shard"]["index"]), int(data["shard"]["total"])),
            selection_hash=str(data["selection"]["hash"]),
            selected=int(data["selection"]["tests"]),
            units=int(data["selection"]["units"]),
            tests=tuple(str(t) for t in data["tests"]),
            balanced_by=str(data["balanced_by"]),
            expected_seconds=float(data["expected_seconds"]),
        )


@dataclass(frozen=True)
class ShardManifest:
    """`shard.json`: the plan, the run around it (`RunInfo` as JSON) and the shard's exit code."""

    plan: ShardPlan
    run: Mapping[str, Any] = field(default_factory=dict)
    exit_code: int = 0

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST
        document = {
            "format": MANIFEST_FORMAT,
            **self.plan.as_json(),
            "run": dict(self.run),
            "exit_code": self.exit_code,
        }
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, folder: Path) -> ShardManifest:
        """The manifest of a shard's folder; a ConfigError naming the folder when there is none."""
        path = folder / MANIFEST
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such folder")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{folder}: no {MANIFEST}, so not the folder of a `certify --shard` run") from None
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: unreadable ({type(exc).__name__})") from None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            raise ConfigError(f"{path}: not a {MANIFEST_FORMAT} manifest")
        try:
            return cls(ShardPlan.from_json(data), dict(data.get("run") or {}), int(data.get("exit_code", 0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: malformed ({type(exc).__name__}: {exc})") from None


# --- the plan ----------------------------------------------------------------------------------------


def plain_nodeid(nodeid: str) -> str:
    """The node id without the `@group` suffix `--dist loadgroup` appends, so runs compare under any -n."""
    at, bracket = nodeid.rfind("@"), nodeid.rfind("]")
    return nodeid[:at] if at > bracket and "::" in nodeid[:at] else nodeid


def group_of(item: pytest.Item) -> str | None:
    for mark in item.iter_markers(GROUP_MARK):
        return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
    return None


def _side_by_side(item: pytest.Item) -> bool:
    return item.get_closest_marker(SIDE_BY_SIDE_MARK) is not None


def selection_hash(tests: Iterable[str], context: Mapping[str, str]) -> str:
    """One hash of the selected tests and what else makes the shards one run (target, profile)."""
    digest = hashlib.sha256()
    for key in sorted(context):
        digest.update(f"{key}={context[key]}\n".encode())
    for test in sorted(tests):
        digest.update(test.encode() + b"\n")
    return digest.hexdigest()[:16]


def units_of(tests: Sequence[tuple[str, str | None]], durations: Mapping[str, float]) -> tuple[list[Unit], str]:
    """(test, group) pairs -> units with their expected seconds, and what they are balanced by.

    A test without a recorded duration counts as the median of the recorded ones; with none recorded,
    every test counts 1 (balanced by count)."""
    known = [durations[t] for t, _ in tests if t in durations]
    default = statistics.median(known) if known else 1.0
    grouped: dict[str, list[str]] = {}
    for test, group in tests:
        grouped.setdefault(f"group:{group}" if group else test, []).append(test)
    units = [
        Unit(key, tuple(members), sum(durations.get(t, default) if known else 1.0 for t in members))
        for key, members in grouped.items()
    ]
    return units, "durations" if known else "count"


def deal(units: Sequence[Unit], total: int) -> list[list[Unit]]:
    """Longest unit first to the least loaded shard (ties: the lower shard); the same input, the same deal."""
    shards: list[list[Unit]] = [[] for _ in range(total)]
    loads = [0.0] * total
    for unit in sorted(units, key=lambda u: (-u.seconds, u.key)):
        i = min(range(total), key=lambda n: (round(loads[n], 6), n))
        shards[i].append(unit)
        loads[i] += unit.seconds
    return shards


def plan_shard(
    spec: ShardSpec, tests: Sequence[tuple[str, str | None]], durations: Mapping[str, float], context: Mapping[str, str]
) -> ShardPlan:
    units, balanced_by = units_of(tests, durations)
    mine = deal(units, spec.total)[spec.index - 1]
    owned = {t for unit in mine for t in unit.tests}
    return ShardPlan(
        spec=spec,
        selection_hash=selection_hash((t for t, _ in tests), context),
        selected=len(tests),
        units=len(units),
        tests=tuple(t for t, _ in tests if t in owned),
        balanced_by=balanced_by,
        expected_seconds=sum(u.seconds for u in mine),
    )


# --- durations ---------------------------------------------------------------------------------------


def read_durations(path: Path) -> dict[str, float]:
    """A durations.json (`--durations-from`); a ConfigError naming it when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--durations-from {path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"--durations-from {path}: unreadable ({type(exc).__name__})") from None
    tests = data.get("tests") if isinstance(data, dict) and data.get("format") == DURATIONS_FORMAT else None
    if not isinstance(tests, dict):
        raise ConfigError(f"--durations-from {path}: not a {DURATIONS} of connect-cert ({DURATIONS_FORMAT})")
    return {str(k): float(v) for k, v in tests.items() if isinstance(v, int | float) and v >= 0}


def write_durations(path: Path, durations: Mapping[str, float]) -> None:
    tests = {k: round(v, 3) for k, v in sorted(durations.items())}
    path.write_text(json.dumps({"format": DURATIONS_FORMAT, "tests": tests}, indent=1) + "\n", encoding="utf-8")


# --- the plugin --------------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--shard",
        default=None,
        metavar="I/N",
        help="run shard I of N: a deterministic, balanced part of the selected tests (merge the shards' "
        "folders with `connect-cert report merge`)",
    )
    group.addoption(
        "--durations-from",
        default=None,
        metavar="FILE",
        help=f"balance --shard by the test durations of an earlier run (its {DURATIONS}); default: by count",
    )


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _runs_suites(config: pytest.Config) -> bool:
    return any("suites" in Path(str(arg).split("::", 1)[0]).resolve().parts for arg in config.args)


def _dist_given(config: pytest.Config) -> bool:
    args = [str(a) for a in config.invocation_params.args]
    return any(a in ("--dist", "-d") or a.startswith("--dist=") for a in args)


def _group_workers(config: pytest.Config) -> None:
    """Workers of a certification run: the tests of one xdist_group (the contract) on one worker.

    The controller chooses loadgroup before xdist's own configure (trylast) reads the mode, only where the
    user chose none, and makes the folder its workers write their groups to."""
    if _is_worker(config) or not getattr(config.option, "numprocesses", None):
        return
    if not _dist_given(config) and getattr(config.option, "dist", "no") in ("no", "load") and _runs_suites(config):
        config.option.dist = "loadgroup"
    if config.option.dist == "loadgroup":
        config.stash[_GROUPS_KEY] = Path(tempfile.mkdtemp(prefix="connect-cert-groups-"))


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_GROUPS_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Name the folder each worker writes the groups it collected to."""
    folder = node.config.stash.get(_GROUPS_KEY, None)
    if folder is not None:
        node.workerinput[_GROUPS_INPUT] = str(folder)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    folder = config.stash.get(_GROUPS_KEY, None)
    return GroupScheduling(config, log, folder) if folder is not None else None


class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's LoadScope scheduling where the tests of one `xdist_group` are one scope, every other test its own.

    Side-by-side groups first, one per worker; then the largest scope first (xdist reorders by size): one
    worker takes the contract, the others the rest."""

    def __init__(self, config: pytest.Config, log: Any, folder: Path) -> None:
        super().__init__(config, log)
        self.folder = folder
        self.groups: dict[str, str] = {}
        self.side_by_side: set[str] = set()  # scopes of side-by-side groups

    def schedule(self) -> None:
        if self.collection is None:  # the first call, once every worker has sent its collection
            for path in sorted(self.folder.glob("*.json")):
                written = json.loads(path.read_text(encoding="utf-8"))
                self.groups.update(written["groups"])
                self.side_by_side.update(f"group:{name}" for name in written["side_by_side"])
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        group = self.groups.get(nodeid)
        return f"group:{group}" if group else nodeid

    def _assign_work_unit(self, node: Any) -> None:
        """Before xdist pops the next scope: a worker holding no unfinished side-by-side group takes one;
        a worker holding one takes anything else first."""
        waiting = [scope for scope in self.workqueue if scope in self.side_by_side]
        held = self.assigned_work.get(node, {})
        holds = any(scope in self.side_by_side and not all(held[scope].values()) for scope in held)
        if waiting and not holds:
            self.workqueue.move_to_end(waiting[0], last=False)
        elif holds:
            other = next((scope for scope in self.workqueue if scope not in self.side_by_side), None)
            if other is not None:
                self.workqueue.move_to_end(other, last=False)
        super()._assign_work_unit(node)


def _write_groups(config: pytest.Config, items: Sequence[pytest.Item]) -> None:
    """A worker's groups, for its controller's scheduler (written whole before its collection is sent)."""
    folder = config.workerinput.get(_GROUPS_INPUT)  # type: ignore[attr-defined]
    if not folder:
        return
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    side_by_side = sorted({groups[item.nodeid] for item in items if item.nodeid in groups and _side_by_side(item)})
    worker = config.workerinput["workerid"]  # type: ignore[attr-defined]
    part = Path(folder) / f".{worker}.json.part"
    part.write_text(json.dumps({"groups": groups, "side_by_side": side_by_side}), encoding="utf-8")
    os.replace(part, Path(folder) / f"{worker}.json")


def pytest_configure(config: pytest.Config) -> None:
    _group_workers(config)
    try:
        text = config.getoption("--shard")
        if text:
            config.stash[SHARD_KEY] = ShardSpec.parse(str(text))
        source = config.getoption("--durations-from")
        config.stash[_DURATIONS_KEY] = read_durations(Path(source)) if source else {}
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.pluginmanager.register(_RunRecord(config), "connect-cert-sharding-record")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After every other selection (-k, -m, ...): keep this shard's part of what is left; a worker then tells
    its controller which of its tests are grouped."""
    spec = config.stash.get(SHARD_KEY, None)
    if spec is not None:
        _keep_shard(config, spec, items)
    if _is_worker(config):
        _write_groups(config, items)


def _keep_shard(config: pytest.Config, spec: ShardSpec, items: list[pytest.Item]) -> None:
    tests = [(plain_nodeid(item.nodeid), group_of(item)) for item in items]
    context = {"target": str(config.getoption("--target")), "profile": str(config.getoption("--profile"))}
    durations: dict[str, float] = config.stash[_DURATIONS_KEY]
    plan = plan_shard(spec, tests, durations, context)
    config.stash[SHARD_PLAN_KEY] = plan
    owned = set(plan.tests)
    keep = [item for item in items if plain_nodeid(item.nodeid) in owned]
    dropped = [item for item in items if plain_nodeid(item.nodeid) not in owned]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


class _RunRecord:
    """Per run: each test's duration (controller side) and how often the contract engine ran (all processes)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.durations: dict[str, float] = {}
        self.engine_before = len(_engine_runs())
        self.contract_runs: list[int] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not _is_worker(self.config):
            key = plain_nodeid(report.nodeid)
            self.durations[key] = self.durations.get(key, 0.0) + float(report.duration)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        output = getattr(node, "workeroutput", {}) or {}
        self.contract_runs += list(output.get(_CONTRACT_OUTPUT, []))
        plan = output.get(_PLAN_OUTPUT)
        if plan and SHARD_PLAN_KEY not in self.config.stash:
            self.config.stash[SHARD_PLAN_KEY] = ShardPlan.from_json(plan)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Before the reports are built (they run last): what this process knows, where it belongs."""
        mine = list(_engine_runs()[self.engine_before :])
        if _is_worker(self.config):
            output: dict[str, Any] = self.config.workeroutput  # type: ignore[attr-defined]
            output[_CONTRACT_OUTPUT] = mine
            plan = self.config.stash.get(SHARD_PLAN_KEY, None)
            if plan is not None:
                output[_PLAN_OUTPUT] = plan.as_json()
            return
        self.contract_runs += mine
        reports_dir = Path(str(self.config.getoption("--reports-dir")))
        if self.durations and (_runs_suites(self.config) or self.config.getoption("--shard")):
            reports_dir.mkdir(parents=True, exist_ok=True)
            write_durations(reports_dir / DURATIONS, self.durations)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """In a run of the suites: how often the contract engine ran (once, however many workers)."""
        if self.contract_runs and _runs_suites(self.config):
            terminalreporter.write_line(f"connect-cert: {contract_summary(self.contract_runs)}")


def _engine_runs() -> tuple[int, ...]:
    from connect_cert.harness.contract.runner import engine_runs  # the engine is heavy: loaded when a run asks

    return engine_runs()


def contract_summary(runs: Sequence[int]) -> str:
    """`contract: 1 run, 20 operations` (several runs: the operations of each)."""
    if len(runs) == 1:
        return f"contract: 1 run, {runs[0]} operations"
    return f"contract: {len(runs)} runs, {' + '.join(str(n) for n in runs)} operations"
