"""Four partner mistakes, each built into the example app (examples/partner-web/variants.py), fail the web
suite with a finding that names the cause, never a broken test; the confirmPayment one names Stripe.js's
error. Each run certifies only the flows that catch the mistake."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.partner.support import certify, example_app, partner_config


@dataclass(frozen=True)
class Caught:
    variant: str
    tests: str  # -k of the flows that catch it
    finding: tuple[str, ...]  # what the finding says, in this order


CAUGHT = (
    Caught(
        "success-on-decline",
        "declined and 0002",
        ("Flow failed: 0002 is declined: an error, nothing attached", 'Received: success "Card saved."', "-> 402"),
    ),
    Caught(
        "ignores-3ds-result",
        "3ds_failure",
        ("Flow failed: 3184 with 3DS failed attaches nothing and shows an error", 'Received: success "Card saved."'),
    ),
    Caught(
        "keeps-previous-user",
        "logout",
        ("Expected: none of the previous user's payment methods shown", "Received: the app lists: Visa •••• 4242"),
    ),
    Caught(
        "confirm-payment-for-setup",
        "added_through_the_setup_intent",
        (
            'Received: error "Could not save the card."',
            "Page console errors: IntegrationError: Invalid value for confirmPayment",
            "a SetupIntent client secret was given",
        ),
    ),
)


@pytest.mark.parametrize("caught", CAUGHT, ids=[c.variant for c in CAUGHT])
def test_a_broken_variant_fails_with_a_finding_naming_the_cause(
    tmp_path: Path, sandbox_port: int, caught: Caught
) -> None:
    with example_app(f"http://127.0.0.1:{sandbox_port}", caught.variant) as app_url:
        config = partner_config(tmp_path, app_url, sandbox_port)
        run = certify(config, tmp_path / "out", "-k", caught.tests)
    assert run.returncode == 1 and run.tests("failed") and run.tests("broken") == [], run.output[-4000:]
    messages = [f["message"] for f in run.findings() if f["status"] == "failed"]
    assert any(all(part in m for part in caught.finding) for m in messages), messages
    reproduce = run.findings()[0]["reproduce"][-1]
    assert f"--target http://127.0.0.1:{sandbox_port}" in reproduce and f"--partner-config {config}" in reproduce
