"""Android dependencies: no direct financial-connections artifact (Gradle Groovy, Kotlin DSL, version catalog)."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.model import Platform, Severity
from connect_cert.harness.lint.rules.base import App, Hit, rule
from connect_cert.harness.lint.rules.vocabulary import DEPENDENCY_CONFIGURATIONS, FINANCIAL_CONNECTIONS

ADVICE = (
    "the guide says to skip the financial-connections import: remove the dependency (Stripe's paymentsheet "
    "artifact is all the integration needs)"
)


def _is_build_script(path: str, language: str) -> bool:
    return language == "groovy" or path.endswith(".gradle.kts")


@rule(
    "android-no-financial-connections",
    title="No direct financial-connections dependency",
    severity=Severity.WARNING,
    requirement="LINT-02",
    platforms=(Platform.ANDROID,),
)
def android_no_financial_connections(app: App) -> Iterator[Hit]:
    """The guide: "Set up Stripe (client side): Skip the financial-connections import." Flags
    com.stripe:financial-connections declared in a dependencies block (Groovy or Kotlin DSL, string or
    group/name notation) or in a version catalog's [libraries]; an exclude of it is fine."""
    for source in app.code():
        facts = source.facts
        if source.language == "catalog":
            for label in facts.labels:
                if FINANCIAL_CONNECTIONS.match(label.value.text):
                    yield Hit(
                        source.path,
                        label.line,
                        f"the version catalog declares com.stripe:financial-connections: {ADVICE}",
                    )
            continue
        if not _is_build_script(source.path, source.language):
            continue
        for call in facts.calls:
            if not DEPENDENCY_CONFIGURATIONS.match(call.name):
                continue
            group, name = call.argument("group"), call.argument("name")
            by_parts = (
                group is not None
                and name is not None
                and f"{group.text}:{name.text}" == "com.stripe:financial-connections"
            )
            if by_parts or any(FINANCIAL_CONNECTIONS.match(s) for s in call.inner.strings):
                yield Hit(source.path, call.line, f"{call.name} com.stripe:financial-connections: {ADVICE}")
