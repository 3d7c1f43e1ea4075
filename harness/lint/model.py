"""The lint's results: findings, skipped files, the report, and the platforms a partner app can target."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class FailOn(StrEnum):
    """`--fail-on`: the least severe finding that makes the lint exit 1."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"

    def fails(self, severity: Severity) -> bool:
        if self is FailOn.NEVER:
            return False
        return severity.rank >= Severity(self.value).rank


class Platform(StrEnum):
    IOS = "ios"
    ANDROID = "android"
    FLUTTER = "flutter"
    REACT_NATIVE = "react-native"
    WEB = "web"


ALL_PLATFORMS: tuple[Platform, ...] = tuple(Platform)
SHEET_PLATFORMS: tuple[Platform, ...] = (Platform.IOS, Platform.ANDROID, Platform.FLUTTER, Platform.REACT_NATIVE)


@dataclass(frozen=True, order=True)
class Finding:
    """One rule broken at one place. `line` is None for a finding about the whole app."""

    file: str  # relative to the linted path, with forward slashes
    line: int | None
    rule: str
    severity: Severity
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return self.file, self.line or 0, self.rule


@dataclass(frozen=True)
class Skipped:
    """A file the lint did not analyse. `blocking`: source code it could not read or parse (so no rule can
    be certified over it), as opposed to binary, generated or minified files it leaves out on purpose."""

    file: str
    reason: str
    platform: Platform | None = None
    blocking: bool = False

    def as_json(self) -> dict[str, str]:
        return {"file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class LintReport:
    root: Path
    findings: tuple[Finding, ...]
    files_scanned: int
    skipped: tuple[Skipped, ...]
    platforms: frozenset[Platform]  # the platforms whose sources were found

    def as_json(self) -> dict[str, Any]:
        return {
            "findings": [f.as_json() for f in self.findings],
            "files_scanned": self.files_scanned,
            "skipped": [s.as_json() for s in self.skipped],
        }

    def failing(self, fail_on: FailOn) -> list[Finding]:
        return [f for f in self.findings if fail_on.fails(f.severity)]

    def of_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]
