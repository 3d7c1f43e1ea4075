"""After the tests: verdict, Allure report, certification.json/.html, agreement with junit.xml, leak scan.

`finalize(out_dir, run=...)` is what the reports plugin calls at the end of a session (and what anything
else can call on a folder of allure-results). It returns the certification's exit code: 0 when the
verdict is pass, 3 when only the environment kept it from passing (`Verdict.exit_code`), 1 otherwise.
Order matters: every report is written first, then the leak scan reads everything under `out_dir`; a leak
turns the verdict to fail and the two certification files are rewritten to say so (naming the file, never
the secret).

`finalize_shard` ends a `--shard I/N` run instead: a shard proves nothing alone, so it writes no
certification, only its results made safe to upload (scrubbed, leak-scanned) and its manifest (`shard.json`);
`connect-cert report merge` (`harness.reports.merge`) computes the certification of all the shards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from connect_cert.harness import redact as _redact
from connect_cert.harness.exitcodes import ExitCode
from connect_cert.harness.partner_config import PartnerConfig
from connect_cert.harness.reports import allure_report
from connect_cert.harness.reports.allure import base_environment, detect_executor, write_run_metadata
from connect_cert.harness.reports.catalog import Catalog, load_catalog
from connect_cert.harness.reports.certification import Agreement, RunInfo, build_document, write_html, write_json
from connect_cert.harness.reports.junit import read_junit
from connect_cert.harness.reports.leakscan import Leak, scan_tree
from connect_cert.harness.reports.scrub import scrub_reports
from connect_cert.harness.reports.verdict import (
    Counts,
    Scope,
    TestOutcome,
    compute_verdict,
    load_results,
    platforms_in_scope,
)
from connect_cert.harness.sharding import ShardManifest, ShardPlan

RESULTS = "allure-results"
REPORT = "allure-report"
JSON = "certification.json"
HTML = "certification.html"
JUNIT = "junit.xml"


@dataclass
class Finalized:
    exit_code: ExitCode
    document: dict[str, Any]
    leaks: list[Leak] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary_lines(self, limit: int = 12) -> list[str]:
        """What to print at the end of a run: the verdict, why, where the reports are."""
        doc = self.document
        c = doc["counts"]
        lines = [
            f"certification: {doc['verdict'].upper()} ({c['passed']} passed, {c['failed']} failed, "
            f"{c['broken']} broken, {c['skipped']} skipped of {c['total']})"
        ]
        lines += [f"  - {reason}" for reason in doc["reasons"][:limit]]
        if len(doc["reasons"]) > limit:
            lines.append(f"  … and {len(doc['reasons']) - limit} more (see certification.json)")
        if self.exit_code == ExitCode.UNREACHABLE:
            broken = doc["environment"]["broken"]
            lines.append(
                f"  the environment, not the integration: {broken} tests broken by it, nothing else failed (exit 3)"
            )
        lines += [f"  note: {note}" for note in self.notes]
        return lines


@dataclass
class ShardFinalized:
    """What a shard ends with: its exit code, its counts, its manifest."""

    exit_code: ExitCode
    counts: Counts
    plan: ShardPlan
    manifest: Path
    leaks: list[Leak] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        c, plan = self.counts, self.plan
        lines = [
            f"shard {plan.spec}: {c.passed} passed, {c.failed} failed, {c.broken} broken, {c.skipped} skipped "
            f"of its {len(plan.tests)} tests (selection {plan.selection_hash}: {plan.selected} tests)",
            f"  not a certification: that is `connect-cert report merge` of all {plan.spec.total} shards' folders",
        ]
        lines += [f"  - leak in {path}" for path in sorted({leak.path.split("!", 1)[0] for leak in self.leaks})]
        return lines


def scan_secrets(partner: PartnerConfig | None = None, extra: Iterable[str | None] = ()) -> list[str]:
    """Exact values the leak scan looks for: what the run registered with harness.redact, the partner's
    credentials (from the variables its config names) and `extra`. Publishable keys are public: left out."""
    values = [*_redact.registered_secrets(), *extra]
    if partner is not None:
        for name in (partner.target.token_env, partner.target.second_token_env):
            values.append(os.environ.get(name))
    return sorted({v for v in values if v and len(v) >= 8 and not v.startswith("pk_")})


def finalize(
    out_dir: Path,
    *,
    run: RunInfo,
    results_dir: Path | None = None,
    junit: Path | None = None,
    catalog: Catalog | None = None,
    partner: PartnerConfig | None = None,
    secrets: Sequence[str] = (),
    generate_html_report: bool = True,
    environment: dict[str, str] | None = None,
) -> Finalized:
    """Build every report in `out_dir` and return the certification's exit code with the document."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results_dir = Path(results_dir) if results_dir is not None else out_dir / RESULTS
    junit = Path(junit) if junit is not None else out_dir / JUNIT
    catalog = catalog or load_catalog()
    notes: list[str] = []
    if not run.versions or not run.executor:
        run = replace(
            run, versions=run.versions or base_environment(), executor=run.executor or detect_executor().as_json()
        )

    all_secrets = scan_secrets(partner, secrets)
    scrub_reports(results_dir, junit, all_secrets)
    outcomes = load_results(results_dir)
    scope = Scope(
        platforms=platforms_in_scope(outcomes, suites=run.suites, declared=partner.platforms if partner else None),
        excluded=dict(partner.excluded) if partner else {},
        excluded_on=dict(partner.excluded_on) if partner else {},
    )
    verdict = compute_verdict(catalog, outcomes, scope)
    if run.pytest_exit_status not in (None, 0, 1, 5):
        verdict.fail(f"the test run did not complete (pytest exit status {run.pytest_exit_status})")
    if partner is not None:
        missing = sorted(partner.platforms - scope.platforms)
        if missing:  # a partial run proves part of what the partner declared: never a certificate
            verdict.fail(f"incomplete: not certified: {', '.join(missing)} declared in the partner config but not run")

    env = {
        "target": run.target_name,
        "target.url": run.target_url,
        "partner": run.partner,
        "suites": ",".join(run.suites) if run.suites else None,
        "profile": run.profile,
        **{f"app.{k}": v for k, v in run.app_versions.items()},
        **base_environment(),
        **(environment or {}),
    }
    write_run_metadata(results_dir, env, detect_executor())

    report = allure_report.AllureReport(None, "not requested")
    if generate_html_report:
        report = allure_report.generate(
            results_dir, out_dir / REPORT, name=f"connect-cert: {run.partner or run.target_name}"
        )
        if report.index is None:
            notes.append(f"Allure HTML report not generated: {report.reason}")

    agreement = Agreement(Counts.of(outcomes), read_junit(junit) if junit.is_file() else None, report.stats)
    for problem in agreement.problems:
        verdict.fail(problem)

    def write(leaks: Sequence[Leak]) -> dict[str, Any]:
        document = build_document(
            verdict,
            run,
            out_dir,
            results_dir=results_dir,
            junit=junit,
            allure_index=report.index,
            agreement=agreement,
            leaks=leaks,
            notes=notes,
        )
        write_json(document, out_dir / JSON)
        write_html(document, out_dir / HTML)
        return document

    document = write([])
    leaks = scan_tree(out_dir, all_secrets)
    if leaks:
        for path in sorted({leak.path.split("!", 1)[0] for leak in leaks}):
            kinds = sorted({leak.kind for leak in leaks if leak.path.split("!", 1)[0] == path})
            verdict.fail(f"leak in {path}: {', '.join(kinds)}")
        document = write(leaks)
        # The certification files name the leaks by file and masked hint: make sure that stays true.
        again = [leak for leak in scan_tree(out_dir, all_secrets) if leak.path in (JSON, HTML)]
        if again:
            raise RuntimeError(f"the certification files themselves leak: {', '.join(map(str, again))}")
    return Finalized(verdict.exit_code, document, leaks, notes)


def shard_exit_code(outcomes: Sequence[TestOutcome], pytest_exit_status: int | None) -> ExitCode:
    """0 when none of the shard's tests failed or broke, 3 when only the environment broke them, else 1."""
    if pytest_exit_status not in (None, 0, 1, 5):
        return ExitCode.FAILED  # the run did not complete
    bad = [o for o in outcomes if o.status in ("failed", "broken")]
    if any(not o.environment for o in bad):
        return ExitCode.FAILED
    return ExitCode.UNREACHABLE if bad else ExitCode.PASSED


def finalize_shard(
    out_dir: Path,
    *,
    run: RunInfo,
    plan: ShardPlan,
    results_dir: Path | None = None,
    junit: Path | None = None,
    partner: PartnerConfig | None = None,
    secrets: Sequence[str] = (),
) -> ShardFinalized:
    """Scrub the shard's results, scan its folder for leaks and write its manifest."""
    out_dir = Path(out_dir)
    results_dir = Path(results_dir) if results_dir is not None else out_dir / RESULTS
    junit = Path(junit) if junit is not None else out_dir / JUNIT
    for stale in (out_dir / JSON, out_dir / HTML):  # a shard's folder never holds a certification
        stale.unlink(missing_ok=True)
    shutil.rmtree(out_dir / REPORT, ignore_errors=True)
    all_secrets = scan_secrets(partner, secrets)
    scrub_reports(results_dir, junit, all_secrets)
    outcomes = load_results(results_dir)
    code = shard_exit_code(outcomes, run.pytest_exit_status)
    leaks = scan_tree(out_dir, all_secrets)  # the folder CI uploads
    if leaks:
        code = ExitCode.FAILED
    manifest = ShardManifest(plan, run.as_json(), int(code)).write(out_dir)
    return ShardFinalized(code, Counts.of(outcomes), plan, manifest, leaks)
