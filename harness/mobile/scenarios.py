"""The device flows as data: what each must end in follows from the card's documented behavior and the
3DS answer (`connect_cert.harness.web.scenarios`, shared with the web suite); the names are the findings'.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from connect_cert.devices.versions import Platform
from connect_cert.fixtures.cards import (
    DECLINED_GENERIC_0002,
    DECLINED_INSUFFICIENT_FUNDS_9995,
    THREE_DS_3184,
    VISA_4242,
    Challenge,
    TestCard,
)
from connect_cert.harness.web.scenarios import AddCard, Logout, PayDebt, StartWithPreauthorization


class Wallet(StrEnum):
    APPLE_PAY = "apple_pay"
    GOOGLE_PAY = "google_pay"

    @property
    def platform(self) -> Platform:
        return Platform.IOS if self is Wallet.APPLE_PAY else Platform.ANDROID

    @property
    def label(self) -> str:
        return "Apple Pay" if self is Wallet.APPLE_PAY else "Google Pay"


@dataclass(frozen=True)
class AddWallet:
    """Add a payment method with the sheet's wallet button; Stripe's test mode backs it with `card`."""

    flow: str
    wallet: Wallet
    card: TestCard = VISA_4242


@dataclass(frozen=True)
class OpenSheet:
    """Open PaymentSheet to add a method and look at it, without adding one."""

    flow: str


ADD_4242 = AddCard("4242 is saved through PaymentSheet, listed as card/visa/4242 and default", VISA_4242)
ADD_3184_COMPLETE = AddCard(
    "3184 with the sheet's 3DS challenge completed is attached", THREE_DS_3184, Challenge.COMPLETE
)
ADD_3184_FAIL = AddCard(
    "3184 with the sheet's 3DS challenge failed attaches nothing and shows the error", THREE_DS_3184, Challenge.FAIL
)
RETRY_3184_COMPLETE = AddCard(
    "a retry in the sheet after a failed challenge attaches the card", THREE_DS_3184, Challenge.COMPLETE
)
DECLINE_0002 = AddCard("0002 is declined in the sheet: its error shown, nothing attached", DECLINED_GENERIC_0002)
DECLINE_9995 = AddCard(
    "9995 is declined in the sheet: its error shown, nothing attached", DECLINED_INSUFFICIENT_FUNDS_9995
)
DEBT_3184_COMPLETE = PayDebt(
    "a debt is paid in the app's sheet with 3DS: no debt left and the invoice issued", THREE_DS_3184, Challenge.COMPLETE
)
RETURN_AFTER_WEB_CHALLENGE = PayDebt(
    "after the web-view 3DS page the app is back and the payment completes", THREE_DS_3184, Challenge.COMPLETE
)
PREAUTH_3184_COMPLETE = StartWithPreauthorization(
    "pre-authorization 402, 3DS in the app, then charging starts", THREE_DS_3184, Challenge.COMPLETE
)
LOGOUT = Logout("after logout the next user sees none of the previous user's payment methods in the app")
OPENS_IN_SETUP_MODE = OpenSheet("the sheet opens in setup mode with the Connect API's SetupIntent")
NO_DELAYED_METHODS = OpenSheet("the sheet offers cards and wallets only: no delayed payment method")
APPLE_PAY = AddWallet("Apple Pay adds an apple_pay method backed by 4242", Wallet.APPLE_PAY)
GOOGLE_PAY = AddWallet("Google Pay adds a google_pay method backed by 4242", Wallet.GOOGLE_PAY)
