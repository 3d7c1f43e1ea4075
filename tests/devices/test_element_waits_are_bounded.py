"""Element waits poll until the element is there (or gone, or enabled) and end in an AssertionError naming
the element, its locator and what commonly hides it; a stale element only means "poll again"."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException

from connect_cert.devices.locator_eval import PageSource
from connect_cert.devices.paymentsheet import payment_sheet
from connect_cert.devices.paymentsheet.elements import Element, first_shown
from connect_cert.devices.paymentsheet.locators import Locator, Strategy
from connect_cert.devices.source_driver import PageSourceDriver, SourceElement
from tests.devices.support import device, driver, page

SET_UP = Locator(Strategy.ACCESSIBILITY_ID, "Set up")


class LateDriver(PageSourceDriver):
    """Shows the next page source only after `polls` lookups, as a screen that takes a moment."""

    def __init__(self, first: PageSource, then: PageSource, polls: int) -> None:
        super().__init__(first)
        self.then = then
        self.polls = polls

    def find_elements(self, by: str, value: str) -> list[SourceElement]:
        if self.finds + 1 >= self.polls:
            self.source = self.then
        return super().find_elements(by, value)


def test_a_wait_polls_until_the_element_shows() -> None:
    drv = LateDriver(page("ios/host_app.xml"), page("ios/card_form.xml"), polls=3)
    found = Element(drv, SET_UP, "set up", timeout=5, interval=0.01).wait()
    assert found.get_attribute("label") == "Set up"
    assert drv.finds == 3


def test_a_wait_that_ends_names_the_element_its_locator_and_the_hint() -> None:
    sheet = payment_sheet(driver("android/host_app.xml"), device("android"), timeout=0.05)
    with pytest.raises(AssertionError) as err:
        sheet.wait_open()
    message = str(err.value)
    assert "Android PaymentSheet primary button shown" in message
    assert 'resourceId("PRIMARY_BUTTON")' in message
    assert "testTagsAsResourceId" in message


def test_a_tap_waits_for_the_button_to_be_enabled() -> None:
    element = Element(driver("ios/card_form.xml"), SET_UP, "set up", timeout=0.05, interval=0.01)
    assert element.is_shown()  # there, but disabled until the card is typed
    with pytest.raises(AssertionError, match="set up enabled"):
        element.tap()


def test_wait_gone_fails_while_the_element_stays() -> None:
    element = Element(driver("ios/card_form.xml"), SET_UP, "set up", timeout=0.05, interval=0.01)
    with pytest.raises(AssertionError, match="set up gone"):
        element.wait_gone()


class StaleElement:
    text = ""

    def is_displayed(self) -> bool:
        raise StaleElementReferenceException("the screen changed")


class StaleDriver:
    def find_element(self, by: str, value: str) -> Any:
        return StaleElement()

    def find_elements(self, by: str, value: str) -> list[Any]:
        return [StaleElement()]


def test_a_stale_element_is_polled_again_not_an_error() -> None:
    element = Element(StaleDriver(), SET_UP, "set up", timeout=0.05, interval=0.01)
    assert not element.is_shown()
    with pytest.raises(AssertionError, match="set up shown"):
        element.wait()


def test_first_shown_picks_the_element_on_screen() -> None:
    drv = driver("ios/challenge_web.xml")
    native = Element(drv, Locator(Strategy.ACCESSIBILITY_ID, "STDSTextField"), "code", interval=0.01)
    web = Element(drv, Locator(Strategy.ACCESSIBILITY_ID, "COMPLETE AUTHENTICATION"), "complete", interval=0.01)
    assert first_shown([native, web], timeout=1, what="a challenge") is web
    with pytest.raises(AssertionError, match=r"a challenge \(accessibility id: STDSTextField\)"):
        first_shown([native], timeout=0.05, what="a challenge")
