"""A partner's page on its own origin uses the sandbox's Stripe.js stand-in and emulator as it uses Stripe's:
CORS as Stripe answers browsers, every static URL in /_sandbox/info, and the 3DS frames working when loaded
cross-origin or through a same-origin proxy that does not pass the Host header on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

import httpx
import pytest
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from connect_cert.fixtures.cards import THREE_DS_3184, Challenge
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.web.three_ds import ThreeDSChallenge
from connect_cert.sandbox import identity
from connect_cert.sandbox.server import SandboxThread
from tests.in_process import InProcessSandbox

PARTNER_ORIGIN = "http://partner.example"
HOP_BY_HOP = {"host", "connection", "keep-alive", "transfer-encoding", "content-length", "accept-encoding"}
# A partner's page: confirms a SetupIntent with the saved 3DS card; the title tells how it ended.
PAGE = """<!doctype html><html><head><title>waiting</title><script src="{stripe_js}"></script></head><body>
<script>
window.confirmCard = (pk, secret, pm) => Stripe(pk).confirmCardSetup(secret, {{payment_method: pm}}).then(
  (r) => {{ document.title = r.setupIntent ? r.setupIntent.status : "error " + r.error.code; }},
  (e) => {{ document.title = "rejected " + e.name; }});
</script></body></html>"""


def _setup_secret(sandbox_url: str) -> str:
    with closing(ConnectClient(f"{sandbox_url}/api/v1", identity.partner_token("partner_a"))) as connect:
        user = connect.create_user(email="any-origin@example.com").expect(201)["id"]
        return str(connect.get_setup_intent(user).expect(200)["setup_intent_client_secret"])


def _confirm_and_complete(page: Page, sandbox_url: str) -> None:
    page.evaluate(
        "([pk, secret, pm]) => { window.confirmCard(pk, secret, pm); }",
        [identity.PUBLISHABLE_KEY, _setup_secret(sandbox_url), THREE_DS_3184.pm_id],
    )
    ThreeDSChallenge(page, timeout_ms=10_000).answer(Challenge.COMPLETE)
    expect(page).to_have_title("succeeded")


def test_stripe_calls_get_cors_and_the_connect_api_does_not(in_process: InProcessSandbox) -> None:
    http = in_process.http
    preflight = http.options(
        "/stripe/v1/setup_intents/seti_x/confirm",
        headers={
            "Origin": PARTNER_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, stripe-version",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "content-type, stripe-version"
    call = http.post("/stripe/v1/payment_methods", data={"type": "card"}, headers={"Origin": PARTNER_ORIGIN})
    assert call.status_code in (400, 401) and call.headers["access-control-allow-origin"] == "*"
    assert http.get("/stripe-js/v3/", headers={"Origin": PARTNER_ORIGIN}).headers["access-control-allow-origin"] == "*"
    backend_only = http.get("/api/v1/users/", headers={"Origin": PARTNER_ORIGIN})
    assert "access-control-allow-origin" not in backend_only.headers


def test_info_names_the_stand_ins_urls_and_each_is_served(in_process: InProcessSandbox) -> None:
    info = in_process.control().info().expect(200)
    assert info["stripe_js"] == "/stripe-js/v3/" and info["playground"] == "/playground/"
    assert info["stripe_js_release"] == "/stripe-js/{release}/stripe.js"
    for name in ("stripe_js", "playground", "stripe_js_release"):
        assert in_process.http.get(info[name].replace("{release}", "endive")).status_code == 200, name


@pytest.fixture
def partner_origin(sandbox_url: str) -> Iterator[str]:
    """A partner's own server on another loopback origin; its page loads the stand-in from the sandbox."""

    async def checkout(request: Request) -> Response:
        return HTMLResponse(PAGE.format(stripe_js=f"{sandbox_url}/stripe-js/v3/"))

    with SandboxThread(app=Starlette(routes=[Route("/checkout", checkout)])) as running:
        yield running.url


def test_a_page_of_another_origin_confirms_through_the_3ds_frames(
    page: Page, partner_origin: str, sandbox_url: str
) -> None:
    page.goto(f"{partner_origin}/checkout")
    _confirm_and_complete(page, sandbox_url)
    frames = [f.url for f in page.frames if "elements-inner" in f.url or "three-ds" in f.url]
    assert all(url.startswith(sandbox_url) for url in frames)


@pytest.fixture
def proxy_url(sandbox_url: str) -> Iterator[str]:
    """The partner's origin, proxying /stripe-js/ and /stripe/ to the sandbox without passing Host on."""
    client = httpx.AsyncClient(base_url=sandbox_url)

    async def forward(request: Request) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        answer = await client.request(
            request.method, request.url.path, params=request.query_params, headers=headers, content=await request.body()
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP | {"content-encoding"}}
        return Response(answer.content, answer.status_code, kept)

    async def checkout(request: Request) -> Response:
        return HTMLResponse(PAGE.format(stripe_js="/stripe-js/v3/"))

    proxy = Starlette(
        routes=[
            Route("/checkout", checkout),
            Route("/{path:path}", forward, methods=["GET", "POST", "OPTIONS"]),
        ]
    )
    with SandboxThread(app=proxy) as running:
        yield running.url


def test_behind_a_same_origin_proxy_the_challenge_shows_without_the_host_header(
    page: Page, proxy_url: str, sandbox_url: str
) -> None:
    page.goto(f"{proxy_url}/checkout")
    _confirm_and_complete(page, sandbox_url)
    assert not any(sandbox_url in frame.url for frame in page.frames)  # every frame came through the proxy
