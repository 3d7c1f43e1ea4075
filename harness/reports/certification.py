"""certification.json and certification.html: what a partner hands over, built from the verdict.

The JSON follows `certification.schema.json` (documented in the README, "certification.json"). The HTML is one
self-contained page (inline CSS, evidence thumbnails as data URIs, no external asset): verdict banner,
counts, requirements × platforms, findings with how to reproduce them, evidence, environment.
Every text taken from a test result passes through `connect_cert.harness.redact` before it is written.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from connect_cert.harness import redact as _redact
from connect_cert.harness.reports.allure import categorize
from connect_cert.harness.reports.leakscan import Leak
from connect_cert.harness.reports.verdict import Cell, Counts, Status, TestOutcome, Verdict

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("certification.schema.json")
MAX_MESSAGE = 4000
MAX_PARAMETER = 200  # a parameter's repr can be a whole dataclass; the Allure result keeps it in full
MAX_EVIDENCE_PER_CELL = 30
THUMBNAILS_PER_CELL = 4
MAX_INLINE_IMAGE_BYTES = 256 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_CURL = re.compile(r"curl\s.+")


@dataclass(frozen=True)
class RunInfo:
    """The run around the results: who, what, when."""

    target_name: str
    started_at: datetime
    finished_at: datetime
    target_url: str | None = None
    target_kind: str = "sandbox"  # sandbox | connect
    target_option: str | None = None  # --target as given ('sandbox' or the URL): what reproduces the run
    partner: str | None = None
    partner_config: str | None = None
    excluded: Mapping[str, str] = field(default_factory=dict)
    suites: tuple[str, ...] | None = None
    profile: str | None = None
    versions: Mapping[str, str] = field(default_factory=dict)
    app_versions: Mapping[str, str] = field(default_factory=dict)
    executor: Mapping[str, str] = field(default_factory=dict)
    pytest_exit_status: int | None = None

    @property
    def duration_seconds(self) -> float:
        return round((self.finished_at - self.started_at).total_seconds(), 3)

    def as_json(self) -> dict[str, Any]:
        """Every field, JSON-ready: a shard's manifest carries it to `connect-cert report merge`."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            data[f.name] = value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunInfo:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for moment in ("started_at", "finished_at"):
            values[moment] = datetime.fromisoformat(str(values[moment]))
        if values.get("suites") is not None:
            values["suites"] = tuple(values["suites"])
        return cls(**values)


@dataclass(frozen=True)
class Agreement:
    """The counts each artefact shows; they must agree."""

    results: Counts
    junit: Counts | None = None
    allure_report: Mapping[str, int] | None = None

    @property
    def problems(self) -> list[str]:
        found: list[str] = []
        r = self.results
        if self.junit is not None:
            ours = (r.total, r.passed, r.failed + r.broken, r.skipped)
            theirs = (self.junit.total, self.junit.passed, self.junit.failed + self.junit.broken, self.junit.skipped)
            if ours != theirs:
                found.append(
                    "junit.xml and allure-results disagree (total, passed, failed+broken, skipped): "
                    f"junit {theirs}, allure-results {ours}"
                )
        if self.allure_report is not None:
            report = self.allure_report
            ours_report = (r.total, r.passed, r.failed, r.broken, r.skipped)
            shown = tuple(int(report.get(k, 0)) for k in ("total", "passed", "failed", "broken", "skipped"))
            if ours_report != shown:
                found.append(
                    "the Allure report and allure-results disagree (total, passed, failed, broken, skipped): "
                    f"report {shown}, allure-results {ours_report}"
                )
        return found


def _iso(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(text: str | None) -> str | None:
    if not text:
        return None
    text = _redact.redact(text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …(truncated)"


def reproduce_commands(outcome: TestOutcome, run: RunInfo) -> list[str]:
    """How to see this failure again: any curl the test printed, then the pytest command for the test."""
    commands: list[str] = []
    for text in (outcome.message or "", outcome.trace or ""):
        for match in _CURL.finditer(text):
            command = _redact.redact(match.group(0).strip())
            if command not in commands:
                commands.append(command)
    target = run.target_option or (run.target_url if run.target_kind != "sandbox" and run.target_url else "sandbox")
    node = outcome.nodeid or outcome.full_name.replace("#", "::")
    partner = f" --partner-config {run.partner_config}" if run.partner_config else ""
    commands.append(f"python -m pytest '{node}' --target {target}{partner}")
    return commands


def _evidence(outcomes: Sequence[TestOutcome], results_rel: str, out_dir: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for outcome in outcomes:
        for a in outcome.attachments:
            path = f"{results_rel}/{a.source}"
            if not (out_dir / path).is_file():
                continue
            items.append(
                {
                    "name": _redact.redact(a.name),
                    "type": a.type or "application/octet-stream",
                    "path": path,
                    "test": outcome.display,
                }
            )
            if len(items) >= MAX_EVIDENCE_PER_CELL:
                return items
    return items


def _test_entry(outcome: TestOutcome, results_rel: str) -> dict[str, Any]:
    return {
        "name": _redact.redact(outcome.name),
        "nodeid": outcome.nodeid,
        "status": outcome.status,
        "duration_ms": outcome.duration_ms,
        "parameters": {k: _short(_redact.redact(v), MAX_PARAMETER) for k, v in outcome.parameters.items()},
        "result": f"{results_rel}/{outcome.result_file}" if outcome.result_file else None,
    }


def _findings(cell: Cell, run: RunInfo, results_rel: str, out_dir: Path) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    for outcome in cell.tests:
        if outcome.status not in ("failed", "broken"):
            continue
        findings.append(
            {
                "test": outcome.display,
                "status": outcome.status,
                "category": "Environment" if outcome.environment else categorize(outcome.status, outcome.message),
                "message": _message(outcome.message) or f"{outcome.status} without a message",
                "reproduce": reproduce_commands(outcome, run),
                "evidence": [e["path"] for e in _evidence([outcome], results_rel, out_dir)],
            }
        )
    if cell.applies and cell.status is Status.UNTESTED:
        findings.append(
            {
                "test": None,
                "status": "untested",
                "category": "Test defect",
                "message": f"no test carries requirement {cell.requirement} on {cell.platform}",
                "reproduce": [
                    f"mark a test under suites/ with @pytest.mark.requirement({cell.requirement!r}) on platform {cell.platform}"
                ],
                "evidence": [],
            }
        )
    if cell.applies and cell.status is Status.SKIPPED:
        first = next((t for t in cell.tests if t.message), None)
        findings.append(
            {
                "test": first.display if first else None,
                "status": "skipped",
                "category": "Environment",
                "message": _message(first.message if first else None) or "every test proving it was skipped",
                "reproduce": reproduce_commands(first, run) if first else [],
                "evidence": [],
            }
        )
    return findings


def build_document(
    verdict: Verdict,
    run: RunInfo,
    out_dir: Path,
    *,
    results_dir: Path,
    junit: Path | None = None,
    allure_index: Path | None = None,
    agreement: Agreement | None = None,
    leaks: Sequence[Leak] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """certification.json as a dict (see certification.schema.json)."""
    results_rel = _rel(results_dir, out_dir)
    requirements = []
    for result in verdict.requirements:
        req = result.requirement
        platforms: dict[str, Any] = {}
        for platform, cell in result.cells.items():
            platforms[platform] = {
                "status": cell.status.value,
                "applies": cell.applies,
                "reason": _redact.redact(cell.reason) if cell.reason else None,
                "counts": Counts.of(cell.tests).as_dict(),
                "tests": [_test_entry(t, results_rel) for t in cell.tests],
                "evidence": _evidence(cell.tests, results_rel, out_dir),
                "findings": _findings(cell, run, results_rel, out_dir),
            }
        requirements.append(
            {
                "id": req.id,
                "title": req.title,
                "statement": req.statement,
                "severity": req.severity,
                "source": {"document": req.source.document, "section": req.source.section, "quote": req.source.quote},
                "status": result.status.value,
                "platforms": platforms,
            }
        )
    unmapped = [
        {**_test_entry(t, results_rel), "platform": t.platform, "message": _message(t.message)}
        for t in verdict.unmapped
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": "pass" if verdict.passed else "fail",
        "reasons": [_redact.redact(r) for r in verdict.reasons],
        "exit_code": int(verdict.exit_code),
        "environment": {
            "broken": len(verdict.environment_broken),
            "blocked": {platform: _redact.redact(why) for platform, why in verdict.blocked.items()},
        },
        "generated_at": _iso(run.finished_at),
        "target": {
            "name": _redact.redact(run.target_name),
            "url": _redact.redact(run.target_url) if run.target_url else None,
            "kind": run.target_kind,
        },
        "partner": {"name": run.partner, "config": run.partner_config, "excluded": dict(run.excluded)}
        if run.partner
        else None,
        "versions": {"harness": dict(run.versions), "apps": dict(run.app_versions)},
        "run": {
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "duration_seconds": run.duration_seconds,
            "suites": list(run.suites) if run.suites is not None else None,
            "platforms": list(verdict.platforms),
            "profile": run.profile,
            "executor": dict(run.executor),
            "pytest_exit_status": run.pytest_exit_status,
        },
        "counts": verdict.counts.as_dict(),
        "agreement": {
            "junit": agreement.junit.as_dict() if agreement and agreement.junit else None,
            "allure_report": dict(agreement.allure_report) if agreement and agreement.allure_report else None,
            "agree": not (agreement.problems if agreement else []),
        },
        "requirements": requirements,
        "unmapped_tests": unmapped,
        "unknown_requirements": {rid: [t.display for t in tests] for rid, tests in sorted(verdict.unknown.items())},
        "leaks": [{"path": leak.path, "kind": leak.kind, "offset": leak.offset, "hint": leak.hint} for leak in leaks],
        "notes": [_redact.redact(n) for n in notes],
        "reports": {
            "allure_results": results_rel,
            "allure_report": _rel(allure_index, out_dir) if allure_index else None,
            "junit": _rel(junit, out_dir) if junit and junit.is_file() else None,
            "json": "certification.json",
            "html": "certification.html",
        },
    }


def _rel(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def write_json(document: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def schema_errors(document: Mapping[str, Any]) -> list[str]:
    """Every way `document` departs from certification.schema.json (empty when valid)."""
    import jsonschema_rs  # a Schemathesis dependency, so always installed with the harness

    validator = jsonschema_rs.Draft202012Validator(load_schema())
    return [
        f"{'/'.join(str(p) for p in e.instance_path) or '(root)'}: {e.message}" for e in validator.iter_errors(document)
    ]


# --- HTML ----------------------------------------------------------------------------------------


def _thumbnail(out_dir: Path, item: Mapping[str, Any]) -> str | None:
    """A data URI for a small image, so the page stands alone; None when too big (the page links it)."""
    if item["type"] not in IMAGE_TYPES:
        return None
    path = out_dir / item["path"]
    try:
        if path.stat().st_size > MAX_INLINE_IMAGE_BYTES:
            return None
        return f"data:{item['type']};base64,{base64.b64encode(path.read_bytes()).decode()}"
    except OSError:
        return None


TEMPLATE = "certification.html.j2"  # beside this module, shipped as package data
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(document: Mapping[str, Any], out_dir: Path) -> str:
    """The self-contained page for `document`; images under out_dir become inline thumbnails."""
    from connect_cert.harness.reports.allure import PLATFORM_EPICS

    columns = list(document["run"]["platforms"])
    for req in document["requirements"]:
        for platform, cell in req["platforms"].items():
            if platform not in columns and cell["tests"]:
                columns.append(platform)
    thumbnails: dict[str, list[dict[str, Any]]] = {}
    for req in document["requirements"]:
        for platform, cell in req["platforms"].items():
            images = [e for e in cell["evidence"] if e["type"] in IMAGE_TYPES][:THUMBNAILS_PER_CELL]
            if images:
                thumbnails[f"{req['id']}/{platform}"] = [{**e, "uri": _thumbnail(out_dir, e)} for e in images]
    return _ENV.get_template(TEMPLATE).render(
        doc=document,
        columns=columns,
        epics=PLATFORM_EPICS,
        thumbnails=thumbnails,
        image_types=list(IMAGE_TYPES),
    )


def write_html(document: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(document, path.parent), encoding="utf-8")
