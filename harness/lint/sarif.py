"""The lint report as SARIF 2.1.0, in the subset GitHub code scanning reads.

- `tool.driver.rules`: every rule with id, name, shortDescription, fullDescription, help, helpUri (the
  README section), defaultConfiguration.level and properties (requirement, tags);
- `results`: ruleId, ruleIndex, level, message, one location with a uri relative to the linted path
  (uriBaseId `%SRCROOT%`, given in `originalUriBaseIds`) and region.startLine. GitHub needs a line, so an
  app-level finding points at line 1 of the file it anchors to, and says it is about the whole app;
- skipped files are `toolExecutionNotifications` of the invocation.
Lint the repository root (or upload with the matching checkout path) so the uris resolve in the repository.
"""

from __future__ import annotations

import json
from typing import Any

from connect_cert import __version__
from connect_cert.harness.lint.model import LintReport, Severity
from connect_cert.harness.lint.report import help_uri, readme_url
from connect_cert.harness.lint.rules import RULES, Rule

SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
SECURITY_RULES = {"no-live-or-secret-key": "8.0"}  # GitHub's security-severity (high)


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _rule(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "requirement": rule.requirement,
        "tags": ["payments", "connect-cert", *(["security"] if rule.id in SECURITY_RULES else [])],
    }
    if rule.id in SECURITY_RULES:
        properties["security-severity"] = SECURITY_RULES[rule.id]
    scope = "about the whole app (no line)" if rule.app_level else "at a line"
    return {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help},
        "help": {
            "text": f"{rule.help} Requirement {rule.requirement}; findings are {scope}. See {help_uri(rule.id)}",
            "markdown": f"{rule.help}\n\nRequirement **{rule.requirement}**; findings are {scope}. "
            f"[README: `{rule.id}`]({help_uri(rule.id)})",
        },
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def to_sarif(report: LintReport) -> dict[str, Any]:
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for finding in report.findings:
        message = finding.message if finding.line is not None else f"{finding.message} (about the whole app)"
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVELS[finding.severity],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": finding.file, "uriBaseId": SRCROOT},
                            "region": {"startLine": finding.line or 1},
                        }
                    }
                ],
            }
        )
    notifications = [
        {
            "level": "note",
            "message": {"text": f"skipped: {skipped.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": skipped.file, "uriBaseId": SRCROOT}}}],
        }
        for skipped in report.skipped
    ]
    root = report.root if report.root.is_dir() else report.root.parent
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "connect-cert",
                        "fullName": "connect-cert lint: the Cariqa Connect payments guide, checked in the app's source",
                        "version": __version__,
                        "informationUri": readme_url(),
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }


def render_sarif(report: LintReport) -> str:
    return json.dumps(to_sarif(report), indent=2) + "\n"
