"""The Stripe.js stand-in: card data goes from its frame to the emulator only; argument mistakes reject as
Stripe.js's IntegrationError does; results have Stripe.js's shapes."""

from __future__ import annotations

from contextlib import closing

from playwright.sync_api import Page, Request, expect

from connect_cert.fixtures.cards import DECLINED_GENERIC_0002, VISA_4242
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.web.partner_app import REFERENCE_SELECTORS, ReferenceClient, WebUser, injected_user
from connect_cert.harness.web.stripe_elements import CardEntry, ElementKind, StripeElements
from connect_cert.sandbox import identity

TOKEN = identity.partner_token("partner_a")


def _connect(sandbox_url: str) -> closing[ConnectClient]:
    return closing(ConnectClient(f"{sandbox_url}/api/v1", TOKEN))


def _user(sandbox_url: str) -> WebUser:
    with _connect(sandbox_url) as connect:
        return injected_user(connect.create_user(email="stand-in@example.com").expect(201)["id"], TOKEN)


def test_card_number_travels_only_from_stripes_frame_to_the_emulator(page: Page, sandbox_url: str) -> None:
    carrying: list[Request] = []
    page.on("request", lambda r: carrying.append(r) if VISA_4242.number in (r.post_data or "") + r.url else None)
    app = ReferenceClient(page, base=f"{sandbox_url}/playground/", element=ElementKind.CARD)
    app.open()
    app.sign_in(_user(sandbox_url))
    app.open_add_payment_method()
    StripeElements(page).fill(CardEntry.of(VISA_4242))
    app.submit_payment_method()
    expect(app.success_message()).to_be_visible()
    assert [r.url.split("?")[0].removeprefix(sandbox_url) for r in carrying] == ["/stripe/v1/payment_methods"]
    assert carrying[0].frame != page.main_frame and carrying[0].frame.name.startswith("__privateStripeFrame")


def test_integration_mistakes_reject_with_an_integration_error(page: Page, sandbox_url: str) -> None:
    page.goto(f"{sandbox_url}/playground/")
    expect(page.locator(REFERENCE_SELECTORS["ready"])).to_be_attached()
    errors = page.evaluate(
        """async (pk) => {
        const stripe = Stripe(pk);
        const names = [];
        for (const call of [
            () => stripe.confirmCardPayment("seti_abc_secret_def", {payment_method: "pm_card_visa"}),
            () => stripe.confirmCardSetup("pi_abc_secret_def", {payment_method: "pm_card_visa"}),
            () => stripe.confirmSetup({clientSecret: "seti_abc_secret_def", confirmParams: {}}),
        ]) {
            try { await call(); names.push("resolved"); } catch (e) { names.push(e.name); }
        }
        try { Stripe("sk_test_abc"); names.push("accepted"); } catch (e) { names.push(e.name); }
        return names;
    }""",
        identity.PUBLISHABLE_KEY,
    )
    assert errors == ["IntegrationError"] * 4


def test_a_decline_resolves_with_stripes_error_object(page: Page, sandbox_url: str) -> None:
    user = _user(sandbox_url)
    with _connect(sandbox_url) as connect:
        secret = connect.get_setup_intent(user.id).expect(200)["setup_intent_client_secret"]
    page.goto(f"{sandbox_url}/playground/")
    expect(page.locator(REFERENCE_SELECTORS["ready"])).to_be_attached()
    result = page.evaluate(
        """([pk, secret, pm]) => Stripe(pk).confirmCardSetup(secret, {payment_method: pm})""",
        [identity.PUBLISHABLE_KEY, secret, DECLINED_GENERIC_0002.pm_id],
    )
    error = result["error"]
    assert (error["type"], error["code"], error["decline_code"]) == ("card_error", "card_declined", "generic_decline")
    assert error["setup_intent"]["status"] == "requires_payment_method" and "setupIntent" not in result
