"""Lists page as Stripe documents it (https://docs.stripe.com/api/pagination): newest first, `limit` between 1
and 100 (10 by default), `starting_after` for the next page, `ending_before` for the previous one, `has_more`
saying whether more lie that way, and the list's own `url`; so code that pages until the end stops.
"""

from __future__ import annotations

import pytest
import stripe

from tests.emulator.sdk_support import OfficialStripe, off_session


def _customer_with_cards(official_stripe: OfficialStripe, count: int) -> tuple[str, list[str]]:
    customer = official_stripe.customer()
    saved = [official_stripe.saved_card(customer.id).id for _ in range(count)]
    return customer.id, saved


def test_paging_with_starting_after_visits_every_object_once_newest_first(official_stripe: OfficialStripe) -> None:
    customer, saved = _customer_with_cards(official_stripe, 5)
    methods = official_stripe.secret.v1.customers.payment_methods
    seen: list[str] = []
    pages = []
    params: dict[str, object] = {"limit": 2}
    while True:
        page = methods.list(customer, params=params)
        pages.append(page)
        seen += [pm.id for pm in page.data]
        if not page.has_more:
            break
        params = {"limit": 2, "starting_after": page.data[-1].id}
    assert [len(p.data) for p in pages] == [2, 2, 1]
    assert [p.has_more for p in pages] == [True, True, False]
    assert seen == list(reversed(saved))
    assert pages[0].url == f"/v1/customers/{customer}/payment_methods"


def test_ending_before_goes_back_a_page(official_stripe: OfficialStripe) -> None:
    customer, saved = _customer_with_cards(official_stripe, 5)
    newest_first = list(reversed(saved))
    methods = official_stripe.secret.v1.customers.payment_methods
    back = methods.list(customer, params={"limit": 2, "ending_before": newest_first[3]})
    first = methods.list(customer, params={"limit": 2, "ending_before": newest_first[2]})
    assert [pm.id for pm in back.data] == newest_first[1:3] and back.has_more is True
    assert [pm.id for pm in first.data] == newest_first[0:2] and first.has_more is False


def test_the_sdks_auto_pagination_ends(official_stripe: OfficialStripe) -> None:
    customer, saved = _customer_with_cards(official_stripe, 3)
    page = official_stripe.secret.v1.customers.payment_methods.list(customer, params={"limit": 1})
    assert len(page.data) == 1 and page.has_more
    assert [pm.id for pm in page.auto_paging_iter()] == list(reversed(saved))


def test_limit_defaults_to_10_and_stays_between_1_and_100(official_stripe: OfficialStripe) -> None:
    customer, _ = _customer_with_cards(official_stripe, 11)
    methods = official_stripe.secret.v1.customers.payment_methods
    default = methods.list(customer)
    widest = methods.list(customer, params={"limit": 100})
    assert (len(default.data), default.has_more) == (10, True)
    assert (len(widest.data), widest.has_more) == (11, False)
    for limit in (0, 101):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            methods.list(customer, params={"limit": limit})
        assert refused.value.param == "limit"


def test_a_cursor_that_names_no_object_is_refused(official_stripe: OfficialStripe) -> None:
    customer, saved = _customer_with_cards(official_stripe, 1)
    methods = official_stripe.secret.v1.customers.payment_methods
    assert methods.list(customer, params={"starting_after": saved[0]}).data == []
    with pytest.raises(stripe.InvalidRequestError) as refused:
        methods.list(customer, params={"starting_after": "pm_nothing"})
    assert (refused.value.code, refused.value.param) == ("resource_missing", "starting_after")


def test_every_list_pages_the_same_way(official_stripe: OfficialStripe) -> None:
    # Customers, PaymentMethods, SetupIntents, PaymentIntents and Charges share the list shape.
    customer, saved = _customer_with_cards(official_stripe, 2)
    v1 = official_stripe.secret.v1
    for pm in saved:
        v1.payment_intents.create(params=off_session(customer, pm, 700))
    v1.setup_intents.create(params={"customer": customer})
    lists = {
        "/v1/charges": v1.charges.list(params={"customer": customer, "limit": 1}),
        "/v1/payment_intents": v1.payment_intents.list(params={"customer": customer, "limit": 1}),
        "/v1/payment_methods": v1.payment_methods.list(params={"customer": customer, "limit": 1}),
        "/v1/setup_intents": v1.setup_intents.list(params={"customer": customer, "limit": 1}),
        "/v1/customers": v1.customers.list(params={"limit": 1}),
    }
    for url, page in lists.items():
        assert page.url == url and len(page.data) == 1, url
    assert lists["/v1/charges"].has_more and lists["/v1/payment_intents"].has_more
    assert lists["/v1/setup_intents"].has_more is False
