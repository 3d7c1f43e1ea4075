"""The lint suite's fixtures: the partner app's source (platform "App source", id `lint`), linted once.

    --app-source / apps.source.path of the partner config -> app_source -> linted_source

The source is `--app-source PATH`, else `apps.source.path` of `--partner-config` (its `kind` limits the
platforms). Without either, every lint test is *not applicable* (skipped with the reason), never passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from connect_cert.harness.lint.engine import lint
from connect_cert.harness.lint.model import Finding, LintReport, Platform, Skipped
from connect_cert.harness.lint.report import finding_line
from connect_cert.harness.lint.rules import Rule
from connect_cert.harness.options import option_group
from connect_cert.harness.reports import allure as evidence
from connect_cert.harness.stash import PARTNER_KEY

NO_SOURCE = "no app source to lint: the partner config names none (apps.source.path) and --app-source is not given"
SOURCE_KINDS: dict[str, tuple[Platform, ...]] = {p.value: (p,) for p in Platform}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--app-source",
        default=None,
        metavar="PATH",
        help="the partner app's source folder for the lint suite (default: apps.source.path of --partner-config)",
    )


def pytest_configure(config: pytest.Config) -> None:
    option = config.getoption("--app-source", default=None)
    if option and not Path(option).exists():
        raise pytest.UsageError(f"--app-source {option}: no such file or folder")


@dataclass(frozen=True)
class AppSource:
    path: Path
    platforms: tuple[Platform, ...] = ()  # empty: every platform found


@dataclass(frozen=True)
class LintedSource:
    """The lint report of the app source, and what a rule's test needs from it."""

    source: AppSource
    report: LintReport

    def require(self, rule: Rule) -> None:
        """Not applicable when the source has none of the rule's platforms; failed when files of them could
        not be analysed (a rule is never certified over code it did not read)."""
        platforms = [p for p in rule.platforms if p in self.report.platforms]
        if not platforms:
            names = ", ".join(p.value for p in rule.platforms)
            evidence.not_applicable(f"the app source has no {names} sources ({rule.id})")
        unread = [s for s in self.report.skipped if s.blocking and (s.platform is None or s.platform in platforms)]
        if unread:
            pytest.fail(f"{rule.id} cannot be certified: {self.describe_skipped(unread)}", pytrace=False)

    def findings(self, rule: Rule) -> list[Finding]:
        found = self.report.of_rule(rule.id)
        evidence.attach_json(f"{rule.id} findings", [f.as_json() for f in found])
        return found

    @staticmethod
    def describe(findings: Sequence[Finding]) -> str:
        return "\n".join(finding_line(f) for f in findings)

    @staticmethod
    def describe_skipped(skipped: Sequence[Skipped]) -> str:
        return "; ".join(f"{s.file}: {s.reason}" for s in skipped)


@pytest.fixture(scope="session")
def app_source(pytestconfig: pytest.Config) -> AppSource:
    """The source folder under test; not applicable when none is named."""
    option = pytestconfig.getoption("--app-source", default=None)
    if option:
        return AppSource(Path(option).resolve())
    partner = pytestconfig.stash.get(PARTNER_KEY, None)
    app = partner.apps.get("lint") if partner is not None else None
    if partner is None or app is None or not app.location:
        evidence.not_applicable(NO_SOURCE)
    kind = app.extra.get("kind")
    return AppSource((Path(partner.path).resolve().parent / app.location).resolve(), SOURCE_KINDS.get(kind or "", ()))


@pytest.fixture(scope="session")
def linted_source(app_source: AppSource) -> LintedSource:
    """The app source, linted once per session."""
    return LintedSource(app_source, lint(app_source.path, app_source.platforms or None))
