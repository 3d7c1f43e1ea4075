"""Keys: no live publishable key, and no secret or restricted key, in the app."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.model import ALL_PLATFORMS, Severity
from connect_cert.harness.lint.rules.base import App, Hit, rule
from connect_cert.harness.lint.rules.vocabulary import KEY


@rule(
    "no-live-or-secret-key",
    title="No live publishable key and no secret or restricted key in the app",
    severity=Severity.ERROR,
    requirement="LINT-06",
    platforms=ALL_PLATFORMS,
)
def no_live_or_secret_key(app: App) -> Iterator[Hit]:
    """The Connect API does the server side, so the app needs only a publishable key, and certification runs
    in test mode. Flags string literals (and config file values) holding a secret (sk_…) or restricted
    (rk_…) key, which must be removed and rolled, and a hard-coded live publishable key (pk_live_…, a
    warning), which should come from the build's configuration. Comments are not read; the key itself is
    never printed."""
    for source in app.files:
        for literal in source.facts.literals:
            for prefix in dict.fromkeys(m.group(1) for m in KEY.finditer(literal.text)):
                if prefix == "pk_live":
                    yield Hit(
                        source.path,
                        literal.line,
                        "a live publishable key (pk_live_…) is hard-coded: load the key per build (the test key in "
                        "development builds; certification runs in test mode)",
                        Severity.WARNING,
                    )
                else:
                    kind = "secret" if prefix.startswith("sk") else "restricted"
                    yield Hit(
                        source.path,
                        literal.line,
                        f"a Stripe {kind} key ({prefix}_…) is in the app: remove it and roll it in the Stripe dashboard; "
                        "the app needs only the publishable key",
                    )
