"""The self-test's arithmetic: what counts as caught, what is a false positive, which tests are flaky, and the
exit code; from the records its runs leave (no run needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.selftest import command
from connect_cert.harness.selftest.plan import FaultInfo, Job, choose_faults, plan
from connect_cert.harness.selftest.report import (
    CAUGHT,
    ENVIRONMENT,
    MISSED,
    SelfTestReport,
    clean_run,
    fault_row,
    flakes,
)
from connect_cert.harness.selftest.runner import JobResult, read_record, read_selected

FAULT = FaultInfo("lifecycle.invoice_missing", "lifecycle", "A billed session gets no invoice.")
WEB_FAULT = FaultInfo("web_client.success_on_decline", "web_client", "Success on a decline.")
STARTED = 1_000.0


def _record(path: Path, *phases: dict[str, object]) -> Path:
    lines = [json.dumps({"when": "call", "environment": False, "requirements": [], "message": [], **p}) for p in phases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _result(job: Job, path: Path, exit_code: int | None = 1) -> JobResult:
    return JobResult(job, path.parent, exit_code, STARTED, 30.0, read_record(path))


def test_a_failed_test_catches_the_fault_with_its_requirement_finding_and_time(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "r.jsonl",
        {"nodeid": "api/test_a.py::test_ok", "outcome": "passed", "t": STARTED + 5},
        {
            "nodeid": "api/test_b.py::test_invoice",
            "outcome": "failed",
            "requirements": ["API-03", "PAY-02"],
            "message": ["AssertionError: no invoice", "assert None is not None"],
            "t": STARTED + 12.34,
        },
    )
    row = fault_row(FAULT, _result(Job(FAULT, ("api",)), record))
    assert row.status == CAUGHT and row.caught
    assert row.requirements == ("API-03", "PAY-02")
    assert row.test == "api/test_b.py::test_invoice"
    assert row.finding == "AssertionError: no invoice"
    assert row.time_to_first_failure_s == 12.3


def test_a_contract_failure_names_its_first_finding(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "r.jsonl",
        {
            "nodeid": "api/test_contract_conforms.py::test_operation_answers_as_documented[users_list]",
            "outcome": "failed",
            "requirements": ["API-01"],
            "message": ["Failed: users_list: 2 finding(s)", "users_list · pagination_is_coherent · Pagination is…"],
            "t": STARTED + 3,
        },
    )
    row = fault_row(FAULT, _result(Job(FAULT, ("api",)), record))
    assert row.finding == "Failed: users_list: 2 finding(s) | users_list · pagination_is_coherent · Pagination is…"


def test_an_environment_failure_does_not_catch_and_is_not_counted(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "r.jsonl",
        {"nodeid": "web/test_a.py::test_x", "when": "setup", "outcome": "failed", "environment": True, "t": 1.0},
    )
    row = fault_row(WEB_FAULT, _result(Job(WEB_FAULT, ("web",)), record, exit_code=3))
    assert row.status == ENVIRONMENT and not row.caught
    report = SelfTestReport("quick", 1, [row], [], [], 1.0, 0.95)
    assert report.counted == [] and report.kill_rate is None
    assert report.exit_code() == 3


def test_a_fault_no_test_fails_on_is_missed_and_lowers_the_kill_rate(tmp_path: Path) -> None:
    passed = _record(tmp_path / "p.jsonl", {"nodeid": "api/test_a.py::test_ok", "outcome": "passed", "t": 2.0})
    missed = fault_row(FAULT, _result(Job(FAULT, ("api",)), passed, exit_code=0))
    failed = _record(tmp_path / "f.jsonl", {"nodeid": "api/test_a.py::test_ok", "outcome": "failed", "t": 2.0})
    caught = fault_row(WEB_FAULT, _result(Job(WEB_FAULT, ("web",)), failed))
    report = SelfTestReport("quick", 1, [missed, caught], [], [], 61.0, 0.95)
    assert missed.status == MISSED
    assert report.kill_rate == 0.5 and report.exit_code() == 1
    assert report.summary().startswith("selftest: kill rate 1/2 (50.0%), false positives 0")
    assert report.summary().endswith("wall time 1m01s")


def test_a_failing_clean_run_is_a_false_positive(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "c.jsonl",
        {"nodeid": "api/test_a.py::test_ok", "outcome": "passed", "t": 2.0},
        {"nodeid": "api/test_a.py::test_bad", "outcome": "failed", "message": ["AssertionError: boom"], "t": 3.0},
    )
    run = clean_run(_result(Job(None, ("api",)), record))
    assert run.status == "red" and run.failing == ("api/test_a.py::test_bad: AssertionError: boom",)
    report = SelfTestReport("quick", 1, [], [run], [], 1.0, 0.95)
    assert report.false_positives == 1 and report.exit_code() == 1


def test_a_test_whose_outcome_changes_between_clean_runs_is_flaky(tmp_path: Path) -> None:
    results = []
    for run, outcome in enumerate(("passed", "failed", "passed"), start=1):
        record = _record(
            tmp_path / f"{run}.jsonl",
            {"nodeid": "api/test_a.py::test_steady", "outcome": "passed", "t": 1.0},
            {"nodeid": "api/test_a.py::test_shaky", "outcome": outcome, "t": 2.0},
        )
        results.append(_result(Job(None, ("api",), run), record, exit_code=0))
    found = flakes(results)
    assert [(f.test, f.outcomes) for f in found] == [("api/test_a.py::test_shaky", ("passed", "failed", "passed"))]
    assert flakes(results[:1]) == []


def test_a_setup_error_is_broken_and_a_cut_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    _record(path, {"nodeid": "api/t.py::test_x", "when": "setup", "outcome": "failed", "t": 1.0})
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"nodeid": "api/t.py::test_y", "wh')  # the run was stopped mid-line
    assert [(t.nodeid, t.status) for t in read_record(path)] == [("api/t.py::test_x", "broken")]


def test_faults_are_chosen_by_name_or_family_and_planned_on_their_suites() -> None:
    known = [FAULT, WEB_FAULT]
    assert choose_faults("all", known) == known and choose_faults("none", known) == []
    assert choose_faults("web_client", known) == [WEB_FAULT]
    with pytest.raises(ConfigError, match="neither a fault mode nor a family"):
        choose_faults("lifecycle.nope", known)
    jobs, unseen = plan(known, ["api", "lint", "web"], None, repeat=2)
    assert unseen == []
    assert [(j.label, j.suites) for j in jobs] == [
        ("clean web #1", ("web",)),
        ("clean web #2", ("web",)),
        ("web_client.success_on_decline", ("web",)),
        ("clean api #1", ("api",)),
        ("clean api #2", ("api",)),
        ("lifecycle.invoice_missing", ("api", "web")),
    ]
    only_api, unseen = plan(known, ["api", "web"], ["api"], repeat=1)
    assert [j.label for j in only_api] == ["clean api #1", "lifecycle.invoice_missing"] and unseen == [WEB_FAULT]


def test_a_run_that_selects_no_test_counts_neither_way(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"selected": 0, "t": 1.0}) + "\n", encoding="utf-8")
    fault = fault_row(FAULT, JobResult(Job(FAULT, ("api",)), tmp_path, 1, 0.0, 1.0, [], "21 deselected", 0))
    clean = clean_run(
        JobResult(Job(None, ("mobile",)), tmp_path, 1, 0.0, 1.0, [], "21 deselected", read_selected(path))
    )
    assert (fault.status, fault.detail) == ("not run", "no test selected")
    assert (clean.status, clean.detail) == ("empty", "no test selected")
    report = SelfTestReport("quick", 1, [fault], [clean], [], 1.0, 0.95)
    assert report.counted == [] and report.false_positives == 0
    assert report.exit_code() == 1  # nothing proven is never a pass


def test_a_suite_that_catches_a_fault_further_down_gets_its_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payments fault runs api, then web: caught by web, so web must pass on the clean sandbox too."""
    batches: list[list[str]] = []

    def run_jobs(jobs: list[Job], settings: object, parallel: int, on_done: object) -> list[JobResult]:
        batches.append([job.label for job in jobs])
        results = []
        for job in jobs:
            suite = job.suites[-1] if job.fault is not None else job.suites[0]
            outcome = "failed" if job.fault is not None else "passed"
            record = _record(
                tmp_path / f"{job.slug}.jsonl", {"nodeid": f"{suite}/t.py::test", "outcome": outcome, "t": 2.0}
            )
            results.append(_result(job, record, exit_code=1 if job.fault else 0))
        return results

    payments = FaultInfo("payments.declined_card_attached", "payments", "A declined card is attached.")
    monkeypatch.setattr(command, "fault_catalog", lambda: [payments])
    monkeypatch.setattr(command, "run_jobs", run_jobs)
    options = command.SelfTestOptions(faults="all", out=tmp_path)
    report = command.run_selftest(options, ["api", "web"], lambda line: None)
    assert batches == [["clean api #1", "payments.declined_card_attached"], ["clean web #1"]]
    assert [(c.suites, c.status) for c in report.clean] == [(("api",), "green"), (("web",), "green")]
