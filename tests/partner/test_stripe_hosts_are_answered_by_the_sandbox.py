"""With a sandbox as the target, Stripe's own hosts are the sandbox's: a page that loads Stripe.js the official
way (js.stripe.com/<release>/stripe.js, as @stripe/stripe-js 10 injects it) runs unmodified, and a challenge
answered through the control API settles the page's pending confirm call as the challenge's button would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing

import pytest
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from connect_cert.fixtures.cards import THREE_DS_3184, Challenge
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.web.stripe_hosts import route_stripe_hosts, sandbox_path
from connect_cert.harness.web.three_ds import CHALLENGE_FRAME, ThreeDSChallenge
from connect_cert.sandbox import identity
from connect_cert.sandbox.server import SandboxThread

OFFICIAL = "https://js.stripe.com/endive/stripe.js"
PAGE = f"""<!doctype html><html><head><title>waiting</title><script src="{OFFICIAL}"></script></head><body>
<script>
window.confirmCard = (pk, secret, pm) => Stripe(pk).confirmCardSetup(secret, {{payment_method: pm}}).then(
  (r) => {{ document.title = r.setupIntent ? r.setupIntent.status : "error " + r.error.code; }});
</script></body></html>"""


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://js.stripe.com/v3/", "/stripe-js/v3/"),
        ("https://js.stripe.com/v3", "/stripe-js/v3/"),
        ("https://js.stripe.com/endive/stripe.js", "/stripe-js/endive/stripe.js"),
        ("https://js.stripe.com/v3/elements-inner-payment.html#origin=x", "/stripe-js/v3/elements-inner-payment.html"),
        (
            "https://api.stripe.com/v1/setup_intents/seti_1?client_secret=s",
            "/stripe/v1/setup_intents/seti_1?client_secret=s",
        ),
        ("https://hooks.stripe.com/stripe/3ds/seti_1/challenge?token=t", "/stripe/3ds/seti_1/challenge?token=t"),
        ("https://js.stripe.com/v3/../../_sandbox/info", None),
        ("https://api.stripe.com/_sandbox/reset", None),
        ("https://m.stripe.network/inner.html", None),
    ],
)
def test_each_stripe_url_maps_to_the_sandboxs_own_or_nothing(url: str, path: str | None) -> None:
    assert sandbox_path(url) == path


@pytest.fixture
def app_origin() -> Iterator[str]:
    """A partner app that loads Stripe.js from js.stripe.com, as Stripe documents."""

    async def checkout(request: Request) -> Response:
        return HTMLResponse(PAGE)

    with SandboxThread(app=Starlette(routes=[Route("/checkout", checkout)])) as running:
        yield running.url


def test_an_official_loader_gets_the_stand_in_and_a_control_answer_settles_its_confirm(
    page: Page, app_origin: str, sandbox_url: str
) -> None:
    route_stripe_hosts(page.context, sandbox_url)
    page.goto(f"{app_origin}/checkout")
    assert page.evaluate("Stripe.version") == "endive"
    with closing(ConnectClient(f"{sandbox_url}/api/v1", identity.partner_token("partner_a"))) as connect:
        user = connect.create_user(email="official-loader@example.com").expect(201)["id"]
        secret = connect.get_setup_intent(user).expect(200)["setup_intent_client_secret"]
    page.evaluate(
        "([pk, secret, pm]) => { window.confirmCard(pk, secret, pm); }",
        [identity.PUBLISHABLE_KEY, secret, THREE_DS_3184.pm_id],
    )
    challenge = ThreeDSChallenge(page, timeout_ms=10_000)
    expect(challenge.button(challenge.wait_shown(), Challenge.COMPLETE)).to_be_visible()  # the test page loaded
    inner = challenge.overlay().content_frame.locator(CHALLENGE_FRAME)
    expect(inner).to_have_attribute("src", re.compile(r"^https://hooks\.stripe\.com/stripe/3ds/"))
    with closing(SandboxControl(f"{sandbox_url}/_sandbox")) as control:
        control.resolve_3ds(secret.split("_secret_")[0], Challenge.COMPLETE).expect(200)
    expect(page).to_have_title("succeeded")  # the pending confirmCardSetup went on, the overlay closed
    expect(challenge.overlay()).to_have_count(0)
