"""The lint report as text (one line per finding, for terminals and editors) and as JSON.

    ios/App/Checkout.swift:14: error no-customer-config: customer configures … [README.md#lint-no-customer-config]
    ios/App/Checkout.swift: error logout-resets-customer: ios: PaymentSheet is used but … [README.md#lint-…]

JSON is exactly `{"findings": [{"rule", "severity", "file", "line", "message"}], "files_scanned", "skipped"}`
(`skipped`: `[{"file", "reason"}]`).
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from connect_cert.harness.lint.model import Finding, LintReport, Severity
from connect_cert.harness.lint.rules import BY_ID

README = Path(__file__).resolve().parents[2] / "README.md"  # the repository's README, in a checkout


def readme_url() -> str:
    """Where the README's Lint section lives: the distribution's documentation URL when it declares one,
    else the README of this checkout."""
    try:
        urls = metadata("connect-cert").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("documentation", "homepage") and url.strip():
            return str(url).strip()
    return README.as_uri()


def help_uri(rule_id: str) -> str:
    return f"{readme_url()}#{BY_ID[rule_id].anchor}"


def finding_line(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}" if finding.line is not None else finding.file
    return (
        f"{where}: {finding.severity.value} {finding.rule}: {finding.message} [README.md#{BY_ID[finding.rule].anchor}]"
    )


def render_text(report: LintReport) -> str:
    lines = [finding_line(f) for f in report.findings]
    lines += [f"{s.file}: skipped: {s.reason}" for s in report.skipped]
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    warnings = len(report.findings) - errors
    files = f"{report.files_scanned} file{'s' if report.files_scanned != 1 else ''}"
    skipped = f"; {len(report.skipped)} skipped" if report.skipped else ""
    if report.findings:
        summary = f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} ({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}) in {files}{skipped}"
    elif not report.files_scanned:
        summary = f"no source file to check{skipped} (nothing was checked)"
    else:
        summary = f"no findings in {files}{skipped}"
    lines.append(f"connect-cert lint: {summary}")
    return "\n".join(lines) + "\n"


def render_json(report: LintReport) -> str:
    return json.dumps(report.as_json(), indent=2) + "\n"
