"""A 3DS challenge is answered on whichever page the SDK shows (its native challenge or a test web page),
completing with the test code or failing, on both platforms."""

from __future__ import annotations

import pytest

from connect_cert.devices.paymentsheet import payment_sheet
from connect_cert.devices.paymentsheet.selectors import CHALLENGE_OTP
from connect_cert.devices.paymentsheet.sheet import WRONG_OTP
from connect_cert.fixtures.cards import Challenge
from tests.devices.support import device, driver, shows

CASES = [
    # platform, page, answer, the kind answered, what is tapped, what is typed
    ("ios", "ios/challenge_native.xml", Challenge.COMPLETE, "native", "Submit", CHALLENGE_OTP),
    ("ios", "ios/challenge_native.xml", Challenge.FAIL, "native", "Submit", WRONG_OTP),
    ("ios", "ios/challenge_web.xml", Challenge.COMPLETE, "web", "COMPLETE AUTHENTICATION", None),
    ("ios", "ios/challenge_web.xml", Challenge.FAIL, "web", "FAIL AUTHENTICATION", None),
    ("android", "android/challenge_native.xml", Challenge.COMPLETE, "native", "Submit", CHALLENGE_OTP),
    ("android", "android/challenge_web.xml", Challenge.COMPLETE, "web", "COMPLETE", None),
    ("android", "android/challenge_web.xml", Challenge.FAIL, "web", "FAIL", None),
    ("android", "android/browser_setup.xml", Challenge.COMPLETE, "web", "AUTHORIZE TEST SETUP", None),
    ("android", "android/browser_setup.xml", Challenge.FAIL, "web", "FAIL TEST SETUP", None),
    ("android", "android/browser_payment.xml", Challenge.COMPLETE, "web", "AUTHORIZE TEST PAYMENT", None),
    ("android", "android/browser_payment.xml", Challenge.FAIL, "web", "FAIL TEST PAYMENT", None),
]


@pytest.mark.parametrize(
    ("platform", "fixture", "answer", "kind", "tapped", "typed"),
    CASES,
    ids=[f"{fixture}-{answer}" for _, fixture, answer, *_ in CASES],
)
def test_the_challenge_shown_is_answered(
    platform: str, fixture: str, answer: Challenge, kind: str, tapped: str, typed: str | None
) -> None:
    drv = driver(fixture, {tapped: f"{platform}/host_app.xml"})
    sheet = payment_sheet(drv, device(platform), timeout=1)

    assert sheet.answer_challenge(answer) == kind

    assert shows(drv.taps()[-1]) == tapped
    assert [text for _, text in drv.typed()] == ([typed] if typed else [])


def test_no_challenge_at_all_fails_naming_what_was_awaited() -> None:
    sheet = payment_sheet(driver("ios/card_form.xml"), device("ios"), timeout=0.05)
    with pytest.raises(AssertionError, match="a 3DS challenge .*STDSTextField"):
        sheet.answer_challenge(Challenge.COMPLETE)
