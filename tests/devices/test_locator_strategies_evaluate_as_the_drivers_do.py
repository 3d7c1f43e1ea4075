"""Each Appium strategy, evaluated over a page source, selects what XCUITest or UiAutomator2 would select;
syntax outside the implemented subsets is an error, never an empty match."""

from __future__ import annotations

import pytest

from connect_cert.devices.locator_eval import LocatorSyntaxError, PageSource
from connect_cert.devices.paymentsheet.locators import Strategy

IOS_SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<AppiumAUT>
  <XCUIElementTypeApplication type="XCUIElementTypeApplication" name="App" label="App" enabled="true" visible="true">
    <XCUIElementTypeWindow type="XCUIElementTypeWindow" enabled="true" visible="true">
      <XCUIElementTypeCell type="XCUIElementTypeCell" name="Alpha" label="Alpha" enabled="true" visible="true">
        <XCUIElementTypeButton type="XCUIElementTypeButton" name="a1" label="Open" enabled="true" visible="true"/>
        <XCUIElementTypeButton type="XCUIElementTypeButton" name="a2" label="Delete" enabled="false" visible="true"/>
      </XCUIElementTypeCell>
      <XCUIElementTypeCell type="XCUIElementTypeCell" name="Beta" label="Beta" enabled="true" visible="false">
        <XCUIElementTypeButton type="XCUIElementTypeButton" name="b1" label="Open" enabled="true" visible="true"/>
      </XCUIElementTypeCell>
      <XCUIElementTypeButton type="XCUIElementTypeButton" name="Pay €9.73" label="Pay €9.73" enabled="true" visible="true"/>
      <XCUIElementTypeStaticText type="XCUIElementTypeStaticText" name="Café" label="Café" value="Crème" enabled="true" visible="true"/>
    </XCUIElementTypeWindow>
  </XCUIElementTypeApplication>
</AppiumAUT>"""

ANDROID_SOURCE = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<hierarchy index="0" class="hierarchy" rotation="0" width="1080" height="2400">
  <android.widget.FrameLayout index="0" package="com.app" class="android.widget.FrameLayout" text="" resource-id="" content-desc="" clickable="false" enabled="true" scrollable="false">
    <android.widget.ScrollView index="0" package="com.app" class="android.widget.ScrollView" text="" resource-id="com.app:id/list" content-desc="" clickable="false" enabled="true" scrollable="true">
      <android.widget.TextView index="0" package="com.app" class="android.widget.TextView" text="First item" resource-id="" content-desc="" clickable="true" enabled="true" scrollable="false"/>
      <android.widget.TextView index="1" package="com.app" class="android.widget.TextView" text="Second item" resource-id="" content-desc="" clickable="true" enabled="false" scrollable="false"/>
    </android.widget.ScrollView>
    <android.widget.LinearLayout index="1" package="com.app" class="android.widget.LinearLayout" text="" resource-id="" content-desc="row" clickable="false" enabled="true" scrollable="false">
      <android.widget.TextView index="0" package="com.app" class="android.widget.TextView" text="Label" resource-id="" content-desc="" clickable="false" enabled="true" scrollable="false"/>
      <android.widget.EditText index="1" package="com.app" class="android.widget.EditText" text="" resource-id="com.app:id/field" content-desc="Amount" clickable="true" enabled="true" scrollable="false"/>
    </android.widget.LinearLayout>
    <android.widget.Button index="2" package="com.app" class="android.widget.Button" text="OK" resource-id="TAG_OK" content-desc="" clickable="true" enabled="true" scrollable="false"/>
  </android.widget.FrameLayout>
</hierarchy>"""


@pytest.fixture(scope="module")
def ios() -> PageSource:
    return PageSource(IOS_SOURCE)


@pytest.fixture(scope="module")
def android() -> PageSource:
    return PageSource(ANDROID_SOURCE)


def names(source: PageSource, strategy: str, value: str) -> list[str]:
    return [
        node.attr("name") or node.attr("text") or node.attr("resource-id") or node.tag
        for node in source.find_all(strategy, value)
    ]


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ("label == 'Open'", ["a1", "b1"]),
        ("label = 'Open' AND name != 'b1'", ["a1"]),
        ("type == 'XCUIElementTypeButton' AND (label == 'Delete' OR label BEGINSWITH 'Pay ')", ["a2", "Pay €9.73"]),
        ("label CONTAINS 'ete'", ["a2"]),
        ("label ENDSWITH '9.73'", ["Pay €9.73"]),
        ("label ==[c] 'open' && NOT (name == 'a1')", ["b1"]),
        ("label ==[cd] 'cafe'", ["Café"]),
        ("value == 'Crème'", ["Café"]),
        ("label LIKE 'Pay *'", ["Pay €9.73"]),
        ("label MATCHES 'Pay .*[0-9].*'", ["Pay €9.73"]),
        ("enabled == 0", ["a2"]),
        ("visible == FALSE", ["Beta"]),
        ("wdName == 'a2' || identifier == 'b1'", ["a2", "b1"]),
        ("label == 'Nothing'", []),
    ],
)
def test_predicate_strings_compare_like_nspredicate(ios: PageSource, predicate: str, expected: list[str]) -> None:
    assert names(ios, Strategy.IOS_PREDICATE, predicate) == expected


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ("**/XCUIElementTypeButton", ["a1", "a2", "b1", "Pay €9.73"]),
        ("XCUIElementTypeWindow/XCUIElementTypeButton", ["Pay €9.73"]),  # children only
        ("XCUIElementTypeWindow/XCUIElementTypeCell[2]/XCUIElementTypeButton", ["b1"]),
        ("**/XCUIElementTypeCell[-1]", ["Beta"]),
        ('**/XCUIElementTypeCell[`name == "Alpha"`]/*[`label == "Delete"`]', ["a2"]),
        ("**/XCUIElementTypeCell[$label == 'Delete'$]", ["Alpha"]),
        ("**/XCUIElementTypeButton[`label == 'Open'`][2]", ["b1"]),
        ("**/XCUIElementTypeButton[9]", []),
        ("XCUIElementTypeButton", []),  # the first step looks at the application's children only
    ],
)
def test_class_chains_select_like_xcuitest(ios: PageSource, chain: str, expected: list[str]) -> None:
    assert names(ios, Strategy.IOS_CLASS_CHAIN, chain) == expected


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ('new UiSelector().text("OK")', ["OK"]),
        ('new UiSelector().textContains("item")', ["First item", "Second item"]),
        ('new UiSelector().textStartsWith("Sec")', ["Second item"]),
        ('new UiSelector().textMatches("F.*m")', ["First item"]),
        ('new UiSelector().description("Amount")', ["com.app:id/field"]),
        ('new UiSelector().descriptionContains("mou")', ["com.app:id/field"]),
        ('new UiSelector().resourceId("TAG_OK")', ["OK"]),
        ('new UiSelector().className("android.widget.TextView").enabled(false)', ["Second item"]),
        ('new UiSelector().className("android.widget.TextView").instance(1)', ["Second item"]),
        ('new UiSelector().className("android.widget.TextView").index(0).clickable(true)', ["First item"]),
        ('new UiSelector().resourceId("com.app:id/list").childSelector(new UiSelector().index(1))', ["Second item"]),
        (
            'new UiSelector().text("Label").fromParent(new UiSelector().className("android.widget.EditText"))',
            ["com.app:id/field"],
        ),
        ('new UiSelector().packageName("com.app").text("OK");', ["OK"]),
        (
            "new UiScrollable(new UiSelector().scrollable(true)).setAsVerticalList()"
            '.scrollIntoView(new UiSelector().text("Second item"))',
            ["Second item"],
        ),
        ('new UiScrollable(new UiSelector().scrollable(true)).scrollIntoView(new UiSelector().text("OK"))', []),
    ],
)
def test_uiautomator_selectors_select_like_uiautomator2(
    android: PageSource, selector: str, expected: list[str]
) -> None:
    assert names(android, Strategy.ANDROID_UIAUTOMATOR, selector) == expected


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("//android.widget.TextView[@text='OK' or @clickable='true']", ["First item", "Second item"]),
        ("//*[@resource-id='TAG_OK']", ["OK"]),
        ("//android.widget.EditText[../android.widget.TextView[@text='Label']]", ["com.app:id/field"]),
        ("//android.widget.TextView[@text='Label']/following-sibling::*[1]", ["com.app:id/field"]),
        ("//android.widget.EditText/ancestor::*[@content-desc='row']", ["android.widget.LinearLayout"]),
        ("//android.widget.TextView[contains(@text, 'item') and not(@enabled='false')]", ["First item"]),
        ("//android.widget.TextView[starts-with(@text, 'Sec')]", ["Second item"]),
        ("//android.widget.ScrollView/android.widget.TextView[2]", ["Second item"]),
        ("//android.widget.ScrollView/*[last()]", ["Second item"]),
        ("(//android.widget.TextView)[position() = 3]", ["Label"]),
        ("/hierarchy/android.widget.FrameLayout/android.widget.Button", ["OK"]),
        ("//android.widget.Button[@text!='OK']", []),
    ],
)
def test_xpath_selects_like_xpath_1(android: PageSource, xpath: str, expected: list[str]) -> None:
    assert names(android, Strategy.XPATH, xpath) == expected


def test_ids_and_accessibility_ids_follow_each_driver(ios: PageSource, android: PageSource) -> None:
    assert names(ios, Strategy.ACCESSIBILITY_ID, "a2") == ["a2"]
    assert names(ios, Strategy.ID, "Beta") == ["Beta"]
    assert names(android, Strategy.ACCESSIBILITY_ID, "Amount") == ["com.app:id/field"]
    assert names(android, Strategy.ID, "com.app:id/field") == ["com.app:id/field"]
    assert names(android, Strategy.ID, "field") == ["com.app:id/field"]  # UiAutomator2 adds the app package
    assert names(android, Strategy.ID, "TAG_OK") == ["OK"]
    assert names(android, Strategy.CLASS_NAME, "android.widget.Button") == ["OK"]


def test_every_match_can_be_found_again_by_its_absolute_xpath(ios: PageSource, android: PageSource) -> None:
    for source in (ios, android):
        for node in source.root.descendants():
            assert source.find_all(Strategy.XPATH, node.xpath) == [node]


@pytest.mark.parametrize(
    ("strategy", "value"),
    [
        (Strategy.IOS_PREDICATE, "label === 'x'"),
        (Strategy.IOS_PREDICATE, "colour == 'red'"),
        (Strategy.IOS_PREDICATE, "label IN {'a', 'b'}"),
        (Strategy.IOS_PREDICATE, "label == 'unterminated"),
        (Strategy.IOS_CLASS_CHAIN, "**/"),
        (Strategy.IOS_CLASS_CHAIN, "**/Button"),
        (Strategy.IOS_CLASS_CHAIN, "**/XCUIElementTypeButton[0]"),
        (Strategy.XPATH, "//*[matches(@text, 'x')]"),
        (Strategy.XPATH, "//*[@text='x'"),
        (Strategy.XPATH, "//@text"),
        (Strategy.ID, "{package}:id/field"),
        ("css selector", "button"),
    ],
)
def test_syntax_outside_the_subset_is_an_error_not_an_empty_match(ios: PageSource, strategy: str, value: str) -> None:
    with pytest.raises(LocatorSyntaxError):
        ios.find_all(strategy, value)


@pytest.mark.parametrize(
    "value",
    [
        'new UiSelector().textEndsWith("x")',
        "new UiSelector().text(3)",
        'new UiSelector().text("x"',
        "new UiScrollable(new UiSelector().scrollable(true))",
        'UiSelector().text("x")',
    ],
)
def test_uiautomator_syntax_outside_the_subset_is_an_error(android: PageSource, value: str) -> None:
    with pytest.raises(LocatorSyntaxError):
        android.find_all(Strategy.ANDROID_UIAUTOMATOR, value)


def test_a_strategy_of_the_other_platform_is_refused(ios: PageSource, android: PageSource) -> None:
    with pytest.raises(LocatorSyntaxError, match="is a Android strategy"):
        ios.find_all(Strategy.ANDROID_UIAUTOMATOR, 'new UiSelector().text("x")')
    with pytest.raises(LocatorSyntaxError, match="is a iOS strategy"):
        android.find_all(Strategy.IOS_PREDICATE, "label == 'x'")


def test_something_else_than_a_page_source_is_refused() -> None:
    with pytest.raises(ValueError, match="not a page source"):
        PageSource("<html><body/></html>")
    with pytest.raises(ValueError, match="not a page source"):
        PageSource("<hierarchy>")
