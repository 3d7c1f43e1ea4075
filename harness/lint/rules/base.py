"""How a rule is written: a decorated check over the analysed app, yielding hits.

    @rule("no-customer-config", title=..., severity=Severity.ERROR, requirement="PAY-01", platforms=ALL_PLATFORMS)
    def no_customer_config(app: App) -> Iterator[Hit]:
        \"\"\"What the guide asks and what to change (the SARIF help text).\"\"\"

A check sees only the files of its platforms (and config files every platform ships). A hit names a file and
a line; an app-level rule (`app_level=True`) names the file it anchors to (where the PaymentSheet is set up)
and no line. The engine turns hits into findings, drops suppressed ones and de-duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from connect_cert.harness.lint.facts import Call, Facts, Label, Value
from connect_cert.harness.lint.model import Platform, Severity


@dataclass(frozen=True)
class SourceFacts:
    """One analysed file."""

    path: str
    language: str
    platform: Platform | None
    facts: Facts


@dataclass(frozen=True)
class App:
    """The analysed files a check sees."""

    files: tuple[SourceFacts, ...]
    platforms: frozenset[Platform]  # platforms whose sources exist (analysed or not)

    def only(self, platforms: Iterable[Platform]) -> App:
        keep = frozenset(platforms)
        return App(tuple(f for f in self.files if f.platform is None or f.platform in keep), self.platforms & keep)

    def on(self, platform: Platform) -> list[SourceFacts]:
        """The platform's files, by path (an app-level finding anchors to the first that qualifies)."""
        return sorted((f for f in self.files if f.platform is platform), key=lambda f: f.path)

    def code(self) -> Iterator[SourceFacts]:
        """Files parsed as code (not config files read line by line)."""
        return (f for f in self.files if f.language != "config")


@dataclass(frozen=True)
class Hit:
    file: str
    line: int | None
    message: str
    severity: Severity | None = None  # None: the rule's


Check = Callable[[App], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    requirement: str  # the requirement of fixtures/requirements.yaml this rule checks in the source
    platforms: tuple[Platform, ...]
    check: Check
    help: str
    app_level: bool = False

    @property
    def anchor(self) -> str:
        """The README section of the rule."""
        return f"lint-{self.id}"


REGISTRY: list[Rule] = []


def rule(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    requirement: str,
    platforms: Iterable[Platform],
    app_level: bool = False,
) -> Callable[[Check], Check]:
    """Register a check as a rule; its docstring is the rule's help text."""

    def register(check: Check) -> Check:
        if any(r.id == rule_id for r in REGISTRY):
            raise ValueError(f"duplicate lint rule id {rule_id}")
        help_text = " ".join((check.__doc__ or title).split())
        REGISTRY.append(Rule(rule_id, title, severity, requirement, tuple(platforms), check, help_text, app_level))
        return check

    return register


# --- helpers the checks share --------------------------------------------------------------------


def configured(facts: Facts, *names: str) -> Iterator[tuple[Value, int, Label | Call]]:
    """Every place one of `names` is configured: a label (argument, key, attribute, assignment, builder
    setter) or a one-argument setter call (`allowsDelayedPaymentMethods(true)` in an `apply {}` block)."""
    for label in facts.labels_named(*names):
        yield label.value, label.line, label
    for call in facts.calls_named(*names):
        if len(call.arguments) == 1 and call.arguments[0].label is None and "Builder" not in call.path[:-1]:
            yield call.arguments[0].value, call.line, call


def mentions(value: Value, fragment: str) -> bool:
    """Whether an identifier inside `value` contains `fragment` (case-insensitive)."""
    fragment = fragment.lower()
    return any(fragment in name.lower() for name in value.names)
