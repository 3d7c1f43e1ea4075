"""The reports half of the connect-cert pytest plugin: markers -> Allure labels, and the reports at the end.

The main plugin (`connect_cert.harness.plugin`) loads it; the state it shares lives under the keys of
`connect_cert.harness.stash`.

What it does, in a certification run (tests under `suites/`, or `--certification-reports on`):
- `--alluredir` defaults to `<reports-dir>/allure-results`, emptied at the start of the run;
  `--junitxml` defaults to `<reports-dir>/junit.xml`;
- each test's `requirement` and `platform` markers become Allure labels: `requirement`, `platform`,
  epic = platform, feature = `PAY-02 <title>`, a default story (the test file: files are named after the
  outcome they test) and severity (the worst of its requirements'), plus target, partner and app_version;
- progress lines (suite, tests done, elapsed);
- at the end (controller process only), `finalize`: verdict, Allure 3 HTML report, certification.json
  and .html, agreement with junit.xml, leak scan. When the certification fails although every test
  passed (an untested requirement, a leak, reports that disagree) the session's exit status becomes 1;
  when the only tests that did not pass broke on the environment (`EnvironmentBroken`), it becomes 3.
Outside a certification run (the project's own `tests/`) it only adds the labels.
"""

from __future__ import annotations

import shutil
from collections.abc import Generator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from connect_cert.harness.exitcodes import ConfigError, EnvironmentBroken, ExitCode
from connect_cert.harness.options import option_group
from connect_cert.harness.partner_config import load_partner_config
from connect_cert.harness.reports import allure as evidence
from connect_cert.harness.reports.catalog import CatalogError, load_catalog, severity_rank
from connect_cert.harness.reports.progress import Progress, plain_mode
from connect_cert.harness.stash import CATALOG_KEY, PARTNER_KEY, SHARD_KEY, SHARD_PLAN_KEY, STATE_KEY, TARGET_KEY

if TYPE_CHECKING:
    from connect_cert.harness.reports.certification import RunInfo

ENVIRONMENT_KEY = pytest.StashKey[bool]()

MODES = ("auto", "on", "off")


class RunState:
    """This run's report state; registered as a plugin so its hooks see it (progress and the end)."""

    def __init__(self, config: pytest.Config, certify: bool, reports_dir: Path, results_dir: Path | None) -> None:
        self.config = config
        self.certify = certify
        self.reports_dir = reports_dir
        self.results_dir = results_dir
        self.started = datetime.now().astimezone()
        self.suites: set[str] = set()
        self.progress: Progress | None = None
        self.summary: list[str] = []
        self.code = 0

    def _start_progress(self, total: int) -> None:
        mode = self.config.getoption("progress")
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if (
            self.progress is not None
            or mode == "off"
            or reporter is None
            or _is_worker(self.config)
            or not self.certify
        ):
            return
        isatty = bool(getattr(reporter, "isatty", False))
        plain = mode == "plain" or (mode == "auto" and plain_mode(isatty))
        self.progress = Progress(write=lambda line: _write_line(reporter, line), plain=plain)
        self.progress.start(total)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._start_progress(len(session.items))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        self._start_progress(len(ids))  # under xdist the controller collects nothing itself

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Under xdist the controller receives every worker's reports here, so progress counts them all.
        if self.progress is not None and (report.when == "call" or (report.when == "setup" and not report.passed)):
            self.progress.test_finished(report.nodeid, failed=report.failed)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """After junit.xml is written (trylast): build the certification and settle the exit status."""
        if not self.certify or _is_worker(self.config) or self.results_dir is None:
            return
        if self.progress is not None:
            self.progress.finish()
        shard = SHARD_KEY in self.config.stash
        try:
            code, self.summary = (_finalize_shard if shard else _finalize)(self, int(exitstatus))
        except Exception as exc:  # a bug in the report builder must not hide the test outcome: one line, exit 1
            code, self.summary = 1, [f"certification reports could not be built: {type(exc).__name__}: {exc}"]
        self.code = code
        if shard and int(exitstatus) in (0, 1, 5):
            session.exitstatus = code  # a shard's code is its own tests': an empty shard passed
        elif code == ExitCode.UNREACHABLE and int(exitstatus) in (0, 1):
            session.exitstatus = code  # what failed was the environment's tests only: not the integration
        elif int(exitstatus) == 0 and code:
            session.exitstatus = code

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """The verdict last, after pytest's own summary (it runs after every pytest_sessionfinish)."""
        if not self.summary:
            return
        title = "connect-cert shard" if SHARD_KEY in self.config.stash else "connect-cert certification"
        terminalreporter.write_sep("=", title, bold=True, red=bool(self.code), green=not self.code)
        for line in self.summary:
            terminalreporter.write_line(line)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--partner-config",
        default=None,
        metavar="PATH",
        help="certification.yaml: partner, target, apps under test, requirements that apply",
    )
    group.addoption(
        "--catalog", default=None, metavar="PATH", help="requirement catalog (default fixtures/requirements.yaml)"
    )
    group.addoption(
        "--certification-reports",
        choices=MODES,
        default="auto",
        help="build certification.json/.html, the Allure report and the leak scan at the end "
        "(auto: when the run collects suites/)",
    )
    group.addoption(
        "--progress",
        choices=("auto", "tty", "plain", "off"),
        default="auto",
        help="progress lines: on a terminal every few seconds, plain (CI) less often",
    )


def _write_line(reporter: pytest.TerminalReporter, line: str) -> None:
    """A whole line, even when pytest is in the middle of a line of dots."""
    writer = getattr(reporter, "_tw", None)
    mid_line: int = getattr(writer, "width_of_current_line", 0)
    if writer is not None and mid_line:
        writer.line()
    reporter.write_line(line)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _reports_dir(config: pytest.Config) -> Path:
    return Path(str(config.getoption("reports_dir")))


def _runs_suites(config: pytest.Config) -> bool:
    mode = str(config.getoption("certification_reports"))
    if mode != "auto":
        return mode == "on"
    for arg in config.args:
        parts = Path(arg.split("::", 1)[0]).resolve().parts
        if "suites" in parts:
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        catalog = load_catalog(config.getoption("catalog"))
        partner = None
        if config.getoption("partner_config"):
            partner = load_partner_config(config.getoption("partner_config"), catalog)
    except (CatalogError, ConfigError) as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[CATALOG_KEY] = catalog
    config.stash[PARTNER_KEY] = partner

    certify = _runs_suites(config) and not config.option.collectonly  # nothing ran: nothing to certify
    reports_dir = _reports_dir(config)
    results_dir: Path | None = None
    if certify:
        if not getattr(config.option, "allure_report_dir", None):
            results_dir = reports_dir / "allure-results"
            config.option.allure_report_dir = str(results_dir)
            if not _is_worker(config) and results_dir.exists():
                shutil.rmtree(results_dir)  # a fresh run: results of an earlier one must not count
        else:
            results_dir = Path(config.option.allure_report_dir)
        if getattr(config.option, "xmlpath", None) is None and not _is_worker(config):
            config.option.xmlpath = str(reports_dir / "junit.xml")
    state = RunState(config, certify, reports_dir, results_dir)
    config.stash[STATE_KEY] = state
    config.pluginmanager.register(state, "connect-cert-reports-state")


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = config.stash.get(STATE_KEY, None)
    partner = config.stash.get(PARTNER_KEY, None)
    lines = []
    if partner is not None:
        lines.append(f"connect-cert partner: {partner.partner} ({partner.path})")
    if state is not None and state.certify:
        lines.append(f"connect-cert reports: {state.reports_dir}")
    return lines


def _requirement_ids(item: pytest.Item) -> list[str]:
    ids: list[str] = []
    for mark in item.iter_markers("requirement"):
        ids += [str(a) for a in mark.args]
        if "id" in mark.kwargs:
            ids.append(str(mark.kwargs["id"]))
    return list(dict.fromkeys(ids))


def _platform(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("platform")
    if mark is None:
        return None
    return str(mark.args[0]) if mark.args else mark.kwargs.get("name")


def _label(name: str, value: str) -> pytest.MarkDecorator:
    """The marker allure-pytest reads labels from (what `allure.label` builds), without needing its helper."""
    return pytest.mark.allure_label(value, label_type=name)


def _story(item: pytest.Item) -> str:
    stem = Path(str(item.path)).stem.removeprefix("test_")
    return stem.replace("_", " ")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Requirement and platform markers -> Allure labels (after harness.plugin added suite platforms)."""
    catalog = config.stash[CATALOG_KEY]
    partner = config.stash.get(PARTNER_KEY, None)
    target = str(config.getoption("target") or "")
    unknown: dict[str, list[str]] = {}
    for item in items:
        platform = _platform(item)
        ids = _requirement_ids(item)
        marks = [_label(evidence.NODEID_LABEL, item.nodeid)]
        if platform:
            marks += [
                _label(evidence.PLATFORM_LABEL, platform),
                _label("epic", evidence.PLATFORM_EPICS.get(platform, platform)),
            ]
        severities = []
        for rid in ids:
            requirement = catalog.get(rid)
            marks.append(_label(evidence.REQUIREMENT_LABEL, rid))
            marks.append(_label("feature", requirement.label if requirement else rid))
            if requirement is None:
                unknown.setdefault(rid, []).append(item.nodeid)
            else:
                severities.append(requirement.severity)
        if severities:
            marks.append(_label("severity", min(severities, key=severity_rank)))
        marks.append(_label("story", _story(item)))
        if target:
            marks.append(_label("target", target if target == "sandbox" else _host(target)))
        if partner is not None:
            marks.append(_label("partner", partner.partner))
            version = partner.app_version(platform) if platform else None
            if version:
                marks.append(_label("app_version", version))
        for mark in marks:
            item.add_marker(mark, append=True)  # appended: a test's own decorators win for unique labels
        for rid in ids:
            item.user_properties.append(("requirement", rid))  # junit.xml carries the requirement too
        if platform:
            item.user_properties.append(("platform", platform))
    by_id = {item.nodeid: item for item in items}
    for rid, nodes in sorted(unknown.items()):
        more = f" (and {len(nodes) - 1} more tests)" if len(nodes) > 1 else ""
        by_id[nodes[0]].warn(
            pytest.PytestWarning(f"requirement {rid!r} is not in {catalog.path or 'the catalog'}{more}")
        )
    state = config.stash.get(STATE_KEY, None)
    if state is not None:
        state.suites |= {suite for item in items if (suite := _suite(item))}


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A test broken by `EnvironmentBroken`: labelled `cause=environment`, its report one line (the cause).

    Innermost wrapper (trylast), so allure-pytest's wrapper sees the short report; its labels from markers
    are read at teardown, so the label added here reaches the result."""
    report = yield
    error = call.excinfo.value if call.excinfo is not None else None
    if isinstance(error, EnvironmentBroken):
        if not item.stash.get(ENVIRONMENT_KEY, False):
            item.stash[ENVIRONMENT_KEY] = True
            item.add_marker(_label(evidence.CAUSE_LABEL, evidence.ENVIRONMENT_CAUSE), append=True)
        report.longrepr = f"{type(error).__name__}: {error}"
    return report


def _suite(item: pytest.Item) -> str | None:
    parts = Path(str(item.path)).parts
    if "suites" in parts and parts.index("suites") + 1 < len(parts) - 1:
        return parts[parts.index("suites") + 1]
    return None


def _suites_from_args(config: pytest.Config) -> set[str]:
    """The suites named on the command line (under xdist the controller collects nothing itself)."""
    found: set[str] = set()
    for arg in config.args:
        parts = Path(arg.split("::", 1)[0]).resolve().parts
        if "suites" not in parts:
            continue
        i = parts.index("suites")
        if i + 1 < len(parts):
            found.add(parts[i + 1])
        else:
            suites_dir = Path(*parts)
            found |= {d.name for d in suites_dir.iterdir() if d.is_dir() and any(d.rglob("test_*.py"))}
    return found


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


# --- the end of the run --------------------------------------------------------------------------


def _finalize_shard(state: RunState, exitstatus: int) -> tuple[int, list[str]]:
    """A shard: its results made safe to upload and its manifest; the certification is the merge's."""
    from connect_cert.harness.reports.finalize import finalize_shard

    config = state.config
    plan = config.stash.get(SHARD_PLAN_KEY, None)
    if plan is None:
        raise RuntimeError("no shard plan: nothing was collected")
    run = _run_info(state, exitstatus, suites=tuple(sorted(_suites_from_args(config))))
    resolved = config.stash.get(TARGET_KEY, None)
    xmlpath = getattr(config.option, "xmlpath", None)
    result = finalize_shard(
        state.reports_dir,
        run=run,
        plan=plan,
        results_dir=state.results_dir,
        junit=Path(xmlpath) if xmlpath else None,
        partner=config.stash.get(PARTNER_KEY, None),
        secrets=resolved.secrets() if resolved else (),
    )
    return int(result.exit_code), [*result.summary_lines(), f"  manifest: {result.manifest}"]


def _finalize(state: RunState, exitstatus: int) -> tuple[int, list[str]]:
    # Imported here, at the end of a certification run: most pytest runs never build the reports.
    from connect_cert.harness.reports.finalize import finalize

    config = state.config
    partner = config.stash.get(PARTNER_KEY, None)
    resolved = config.stash.get(TARGET_KEY, None)
    run = _run_info(state, exitstatus, suites=tuple(sorted(state.suites or _suites_from_args(config))) or None)
    xmlpath = getattr(config.option, "xmlpath", None)
    assert state.results_dir is not None
    result = finalize(
        state.reports_dir,
        run=run,
        results_dir=state.results_dir,
        junit=Path(xmlpath) if xmlpath else None,
        catalog=config.stash[CATALOG_KEY],
        partner=partner,
        secrets=resolved.secrets() if resolved else (),
    )
    return int(result.exit_code), [*result.summary_lines(), f"reports: {state.reports_dir / 'certification.html'}"]


def _run_info(state: RunState, exitstatus: int, *, suites: tuple[str, ...] | None) -> RunInfo:
    """The run around the results: target, partner, suites, profile, versions, when."""
    from connect_cert.harness.reports.allure import base_environment, detect_executor
    from connect_cert.harness.reports.certification import RunInfo

    config = state.config
    partner = config.stash.get(PARTNER_KEY, None)
    option = str(config.getoption("target") or "sandbox")
    resolved = config.stash.get(TARGET_KEY, None)
    embedded = option == "sandbox"  # its ephemeral URL means nothing after the run
    run = RunInfo(
        target_name=resolved.name if resolved else ("sandbox" if embedded else _host(option)),
        target_url=None if embedded else (resolved.api_base if resolved else option),
        target_kind="sandbox" if (resolved.is_sandbox if resolved else embedded) else "connect",
        target_option=option,
        started_at=state.started,
        finished_at=datetime.now().astimezone(),
        partner=partner.partner if partner else None,
        partner_config=str(partner.path) if partner else None,
        excluded=partner.exclusions() if partner else {},
        suites=suites,
        profile=config.getoption("profile"),
        versions=base_environment(),
        app_versions={p: a.version for p, a in partner.apps.items() if a.version} if partner else {},
        executor=detect_executor().as_json(),
        pytest_exit_status=exitstatus,
    )
    return run
