"""`connect-cert lint`: check a partner app's source against the payments guide before any device runs.

    from connect_cert.harness.lint import lint
    report = lint("path/to/app")          # LintReport: findings, files_scanned, skipped

Parsers: tree-sitter grammars per language (`parsers`, `lang/`); rules: one module per concern (`rules/`);
output: text and JSON (`report`), SARIF 2.1.0 (`sarif`). The README's "Lint" section documents every rule.
"""

from __future__ import annotations

from connect_cert.harness.lint.engine import LintPathError, lint
from connect_cert.harness.lint.model import FailOn, Finding, LintReport, Platform, Severity, Skipped
from connect_cert.harness.lint.rules import RULES

__all__ = ["RULES", "FailOn", "Finding", "LintPathError", "LintReport", "Platform", "Severity", "Skipped", "lint"]
