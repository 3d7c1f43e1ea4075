"""The web: cards are added with Stripe.js confirmSetup and a return_url."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.facts import Kind
from connect_cert.harness.lint.model import Platform, Severity
from connect_cert.harness.lint.rules.base import App, Hit, rule


@rule(
    "web-confirm-setup-return-url",
    title="The web adds cards with confirmSetup and a return_url",
    severity=Severity.ERROR,
    requirement="PAY-10",
    platforms=(Platform.WEB,),
)
def web_confirm_setup_return_url(app: App) -> Iterator[Hit]:
    """Stripe.js confirmSetup needs confirmParams.return_url: a redirect-based authentication comes back to
    it (the reference client passes <origin>/payment-redirect with redirect: "if_required"). Flags a
    confirmSetup whose options are written out and hold no return_url."""
    for source in app.code():
        for call in source.facts.calls_named("confirmSetup"):
            if any(a.value.kind is not Kind.OBJECT for a in call.arguments):
                continue  # options built elsewhere: not visible here
            if "return_url" not in call.inner.keys:
                yield Hit(
                    source.path,
                    call.line,
                    "confirmSetup has no confirmParams.return_url: pass return_url (e.g. `${location.origin}/payment-redirect`) "
                    'and keep redirect: "if_required"',
                )
