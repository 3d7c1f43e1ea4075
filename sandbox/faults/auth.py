"""Auth faults: a request without a valid token is served, or a partner sees another partner's users."""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox import identity
from connect_cert.sandbox.faults.hooks import Point
from connect_cert.sandbox.faults.middleware import Answer, Exchange
from connect_cert.sandbox.faults.registry import behavior, on_request, on_response

API = r"^/api/v1/"
FIRST_PARTNER = identity.PARTNERS[0]


def _bearer(exchange: Exchange) -> str | None:
    header = exchange.header("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@on_request("auth", (), API)
def no_token_served_as_first_partner(exchange: Exchange) -> None:
    """A request without a token is served as the first partner's, instead of 401."""
    if exchange.header("authorization") is None:
        exchange.set_header("authorization", f"Bearer {identity.partner_token(FIRST_PARTNER)}")


@on_response("auth", (), API)
def missing_token_answers_403(exchange: Exchange, answer: Answer) -> None:
    """A request without a token answers 403 instead of 401 (no authentication header, as DRF then does)."""
    if answer.status == 401 and exchange.header("authorization") is None:
        answer.status = 403
        answer.set_header("www-authenticate", None)


@on_request("auth", (), API)
def unknown_token_accepted(exchange: Exchange) -> None:
    """The token is not checked: one no environment issued is served as the first partner's."""
    token = _bearer(exchange)
    if token and identity.partner_for(token) is None:
        exchange.set_header("authorization", f"Bearer {identity.partner_token(FIRST_PARTNER)}")


@behavior("auth", Point.USER_PARTNER)
def another_partners_user_visible(partner: str, point: str, *, user: dict[str, Any] | None, **_: Any) -> str:
    """Users are looked up across partners: any partner's token reaches any partner's user."""
    return str(user["partner"]) if user is not None else partner
