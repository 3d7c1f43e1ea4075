"""Every PaymentSheet locator, evaluated over the page source of its screen and SDK range, finds exactly its
element (or the documented count); a wrong locator finds nothing and makes the check fail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from connect_cert.devices.locator_eval import PageSource
from connect_cert.devices.paymentsheet.locators import Locator, LocatorTable
from connect_cert.devices.paymentsheet.selectors import ANDROID, IOS
from connect_cert.devices.versions import SdkVersion
from tests.devices.support import PACKAGE, page

IOS_SDK = SdkVersion(24, 16, 0)
ANDROID_NEW = SdkVersion(21, 12, 0)  # expiry by content-desc, primary button by Compose test tag
ANDROID_OLD = SdkVersion(20, 48, 0)  # expiry by its "MM / YY" label, primary button a View resource id


@dataclass(frozen=True)
class Screen:
    """A page-source fixture, the SDK version it shows, and how many nodes each locator must find there."""

    fixture: str
    table: LocatorTable
    version: SdkVersion
    expected: Mapping[str, int]
    text: str | None = None  # what a `{text}` locator looks for on this screen

    def __str__(self) -> str:
        return f"{self.fixture}@{self.version}"


ANDROID_CARD_FORM = dict.fromkeys(
    (
        "card_section",
        "card_tab",
        "card_number",
        "expiry",
        "cvc",
        "postal_code",
        "country",
        "primary_button",
        "close",
        "google_pay_button",
    ),
    1,
)
SCREENS = (
    Screen(
        "ios/card_form.xml",
        IOS,
        IOS_SDK,
        {
            "card_tab": 1,
            "card_number": 1,
            "expiry": 1,
            "cvc": 1,
            "postal_code": 1,
            "country": 1,
            "keyboard_done": 1,
            "primary_button": 1,
            "close": 1,
            "apple_pay_button": 1,
            "error": 0,  # nothing declined yet
        },
    ),
    Screen("ios/payment_error.xml", IOS, IOS_SDK, {"primary_button": 1, "error": 1, "postal_code": 1, "close": 1}),
    Screen("ios/country_picker.xml", IOS, IOS_SDK, {"country": 1, "country_picker": 1, "keyboard_done": 1}),
    Screen("ios/challenge_native.xml", IOS, IOS_SDK, {"challenge_code": 1, "challenge_submit": 1}),
    Screen("ios/challenge_web.xml", IOS, IOS_SDK, {"web_challenge_complete": 1, "web_challenge_fail": 1, "close": 0}),
    Screen(
        "ios/apple_pay_sheet.xml",
        IOS,
        IOS_SDK,
        {"apple_pay_card": 1, "apple_pay_confirm": 1, "apple_pay_prompt": 0, "primary_button": 0},
    ),
    Screen(
        "ios/apple_pay_sheet_ios26.xml",
        IOS,
        IOS_SDK,
        {"apple_pay_change_method": 1, "apple_pay_confirm": 1, "apple_pay_card": 0},
    ),
    Screen("ios/apple_pay_cards_ios26.xml", IOS, IOS_SDK, {"apple_pay_card": 1}),
    Screen("ios/apple_pay_prompt.xml", IOS, IOS_SDK, {"apple_pay_prompt": 1, "apple_pay_card": 1}),
    Screen("ios/host_app.xml", IOS, IOS_SDK, {"primary_button": 0, "close": 0}),
    Screen("android/sdk-21.12/card_form.xml", ANDROID, ANDROID_NEW, {**ANDROID_CARD_FORM, "error": 0}),
    Screen("android/sdk-21.12/payment_error.xml", ANDROID, ANDROID_NEW, {"primary_button": 1, "error": 1, "expiry": 1}),
    Screen("android/sdk-20.48/card_form.xml", ANDROID, ANDROID_OLD, ANDROID_CARD_FORM),
    Screen("android/country_menu.xml", ANDROID, ANDROID_NEW, {"country_option": 1}, text="Germany"),
    Screen(
        "android/challenge_native.xml",
        ANDROID,
        ANDROID_NEW,
        {
            "challenge_header": 1,
            "challenge_info": 1,
            "challenge_entry_view": 1,
            "challenge_code": 1,
            "challenge_submit": 1,
            "challenge_resend": 1,
        },
    ),
    Screen("android/challenge_web.xml", ANDROID, ANDROID_NEW, {"web_challenge_complete": 1, "web_challenge_fail": 1}),
    Screen(
        "android/browser_setup.xml",
        ANDROID,
        ANDROID_NEW,
        {"browser_authorize_setup": 1, "browser_fail_setup": 1, "browser_authorize_payment": 0},
    ),
    Screen(
        "android/browser_payment.xml",
        ANDROID,
        ANDROID_NEW,
        {"browser_authorize_payment": 1, "browser_fail_payment": 1, "browser_authorize_setup": 0},
    ),
    Screen("android/google_pay_sheet.xml", ANDROID, ANDROID_NEW, {"google_pay_continue": 1, "primary_button": 0}),
    Screen("android/host_app.xml", ANDROID, ANDROID_NEW, {"primary_button": 0, "close": 0}),
)
CASES = [(screen, key) for screen in SCREENS for key in screen.expected]


def locator(screen: Screen, key: str) -> Locator:
    return screen.table.lookup(key, screen.version, package=PACKAGE).bind(text=screen.text)


def count(screen: Screen, found: Locator) -> int:
    return len(page(screen.fixture).find(found))


def assert_finds_expected(screen: Screen, key: str, found: Locator) -> None:
    matches = page(screen.fixture).find(found)
    assert len(matches) == screen.expected[key], (
        f"{screen}: {key} ({found}) found {len(matches)}, expected {screen.expected[key]}: {matches}"
    )


@pytest.mark.parametrize(("screen", "key"), CASES, ids=[f"{screen}-{key}" for screen, key in CASES])
def test_locator_finds_its_element_on_its_screen(screen: Screen, key: str) -> None:
    assert_finds_expected(screen, key, locator(screen, key))


@pytest.mark.parametrize("table", [IOS, ANDROID], ids=["ios", "android"])
def test_every_row_of_the_table_is_checked_on_a_screen_where_it_is_present(table: LocatorTable) -> None:
    """A locator added to a table without a page source showing its element fails here."""
    unchecked = []
    for row in table.rows:
        if row.locator is None:
            continue
        covered = any(
            screen.table is table and screen.version in row.versions and screen.expected.get(row.key, 0) >= 1
            for screen in SCREENS
        )
        if not covered:
            unchecked.append(f"{row.key} ({row.versions})")
    assert not unchecked, f"no fixture shows: {', '.join(unchecked)}"


@pytest.mark.parametrize(
    ("key", "fixture"),
    [("expiry", "card_form.xml"), ("primary_button", "card_form.xml")],
)
def test_each_sdk_range_needs_its_own_locator(key: str, fixture: str) -> None:
    """The newer SDK's locator finds nothing on the older page source and the other way round."""
    new = ANDROID.lookup(key, ANDROID_NEW, package=PACKAGE)
    old = ANDROID.lookup(key, ANDROID_OLD, package=PACKAGE)
    assert new != old
    assert len(page(f"android/sdk-21.12/{fixture}").find(new)) == 1
    assert len(page(f"android/sdk-20.48/{fixture}").find(old)) == 1
    assert page(f"android/sdk-21.12/{fixture}").find(old) == []
    assert page(f"android/sdk-20.48/{fixture}").find(new) == []


def _screen(fixture: str) -> Screen:
    return next(screen for screen in SCREENS if screen.fixture == fixture)


# (fixture, key, the part of the locator changed, what it becomes): each a plausible slip.
MUTANTS = [
    ("ios/card_form.xml", "card_number", "Card number", "Card Number"),
    ("ios/card_form.xml", "cvc", "XCUIElementTypeTextField", "XCUIElementTypeSecureTextField"),
    ("ios/card_form.xml", "primary_button", "'Set up'", "'Setup'"),
    ("ios/card_form.xml", "keyboard_done", "XCUIElementTypeToolbar/", "XCUIElementTypeKeyboard/"),
    ("ios/card_form.xml", "apple_pay_button", "apple_pay_button", "applePayButton"),
    ("ios/payment_error.xml", "error", "declined", "refused"),
    ("ios/challenge_native.xml", "challenge_code", "STDSTextField", "STDSSecureTextField"),
    ("ios/apple_pay_sheet.xml", "apple_pay_card", "Simulated Card - AmEx", "Simulated Card - Visa"),
    ("android/sdk-21.12/card_form.xml", "expiry", "Expiration date", "Expiry date"),
    ("android/sdk-21.12/card_form.xml", "primary_button", "PRIMARY_BUTTON", "primary_button"),
    ("android/sdk-21.12/card_form.xml", "card_number", "android.widget.TextView", "android.widget.EditText"),
    ("android/sdk-20.48/card_form.xml", "primary_button", ":id/primary_button", ":id/buy_button"),
    ("android/country_menu.xml", "country_option", ".text(", ".description("),
    ("android/challenge_native.xml", "challenge_submit", "czv_submit_button", "submit_button"),
    ("android/google_pay_sheet.xml", "google_pay_continue", "com.google.android.gms", "com.google.android.gsf"),
]


@pytest.mark.parametrize(
    ("fixture", "key", "part", "replacement"), MUTANTS, ids=[f"{f}-{k}-{r}" for f, k, _, r in MUTANTS]
)
def test_a_wrong_locator_finds_nothing_and_fails_the_check(fixture: str, key: str, part: str, replacement: str) -> None:
    screen = _screen(fixture)
    right = locator(screen, key)
    assert part in right.value, f"the mutation does not apply to {right}"
    wrong = Locator(right.strategy, right.value.replace(part, replacement))
    assert count(screen, right) == 1  # the same screen, the right locator: it is there
    assert count(screen, wrong) == 0
    with pytest.raises(AssertionError, match=f"{key} .* found 0, expected 1"):
        assert_finds_expected(screen, key, wrong)


def test_fixtures_are_real_page_sources_of_their_platform() -> None:
    for screen in SCREENS:
        source: PageSource = page(screen.fixture)
        assert source.platform is screen.table.platform, screen.fixture
