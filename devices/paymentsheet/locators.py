"""Locators and the per-platform tables that hold them, looked up by Stripe SDK version.

A `Locator` is what a driver's `find_elements(by, value)` takes: `strategy` is Appium's strategy name
(`accessibility id`, `-ios predicate string`, …). A table row says for which SDK versions a locator
holds; a row without a locator records a version range where the element cannot be automated, with the
reason. Values may hold `{package}` (the app package: Android resource ids carry it) and `{text}` (what a
page object looks for, such as a country name).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from connect_cert.devices.versions import ALL_VERSIONS, Platform, SdkVersion, VersionRange
from connect_cert.harness.exitcodes import ConfigError


class Strategy:
    """Appium's locator strategy names (as `AppiumBy` spells them)."""

    ACCESSIBILITY_ID = "accessibility id"
    IOS_PREDICATE = "-ios predicate string"
    IOS_CLASS_CHAIN = "-ios class chain"
    ANDROID_UIAUTOMATOR = "-android uiautomator"
    ID = "id"
    XPATH = "xpath"
    CLASS_NAME = "class name"


@dataclass(frozen=True)
class Locator:
    strategy: str
    value: str

    def bind(self, *, package: str | None = None, text: str | None = None) -> Locator:
        """The locator with `{package}` / `{text}` filled in."""
        value = self.value
        if package is not None:
            value = value.replace("{package}", package)
        if text is not None:
            value = value.replace("{text}", text.replace("\\", "\\\\").replace('"', '\\"'))
        return Locator(self.strategy, value)

    @property
    def is_bound(self) -> bool:
        return "{package}" not in self.value and "{text}" not in self.value

    def __str__(self) -> str:
        return f"{self.strategy}: {self.value}"


class UnsupportedSdkVersion(ConfigError):
    """No locator for an element at this SDK version (a known SDK bug, or a range nobody has observed)."""


@dataclass(frozen=True)
class Row:
    """The locator of one element for a range of SDK versions; `locator=None` records why there is none."""

    key: str
    locator: Locator | None
    versions: VersionRange = ALL_VERSIONS
    note: str = ""  # why there is no locator, or where a locator not in the reference comes from
    hint: str = ""  # added to a wait's failure: what commonly hides this element


class LocatorTable:
    """Every locator of one platform's PaymentSheet, by element key and SDK version range."""

    def __init__(self, platform: Platform, rows: Iterable[Row]) -> None:
        self.platform = platform
        self.rows = tuple(rows)
        by_key: dict[str, list[Row]] = {}
        for row in self.rows:
            for other in by_key.get(row.key, ()):
                if other.versions.overlaps(row.versions):
                    raise ValueError(f"{platform} {row.key}: ranges {other.versions} and {row.versions} overlap")
            by_key.setdefault(row.key, []).append(row)
        self._by_key = by_key

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._by_key)

    def rows_for(self, key: str) -> tuple[Row, ...]:
        if key not in self._by_key:
            raise KeyError(f"{self.platform} PaymentSheet has no element {key!r} (known: {', '.join(self.keys)})")
        return tuple(self._by_key[key])

    def row(self, key: str, version: SdkVersion | None) -> Row:
        """The row that holds at `version` (None: the newest SDK); UnsupportedSdkVersion when none does."""
        rows = self.rows_for(key)
        for row in rows:
            if (version is None and row.versions.is_open_ended) or (version is not None and version in row.versions):
                if row.locator is None:
                    raise UnsupportedSdkVersion(f"{self._sdk(version)}: {key}: {row.note} ({row.versions})")
                return row
        known = "; ".join(str(row.versions) for row in rows if row.locator is not None)
        raise UnsupportedSdkVersion(
            f"{self._sdk(version)}: no known locator for the {key.replace('_', ' ')} (known for {known}); "
            "check a page source of this version and add a row to devices/paymentsheet/selectors.py"
        )

    def lookup(self, key: str, version: SdkVersion | None, *, package: str | None = None) -> Locator:
        locator = self.row(key, version).locator
        assert locator is not None  # row() raises for a row without one
        return locator.bind(package=package)

    def for_sdk(self, version: SdkVersion | None, *, package: str | None = None) -> Locators:
        return Locators(self, version, package)

    def problems(self, version: SdkVersion | None) -> list[str]:
        """One line per element this SDK version's sheet cannot be driven through (empty: all can)."""
        found: list[str] = []
        for key in self.keys:
            try:
                self.row(key, version)
            except UnsupportedSdkVersion as exc:
                found.append(exc.message)
        return found

    def _sdk(self, version: SdkVersion | None) -> str:
        return f"{self.platform.sdk} {version if version is not None else '(newest)'}"


class Locators(Mapping[str, Locator]):
    """One platform's locators for one SDK version and app package; a missing one raises on access."""

    def __init__(self, table: LocatorTable, version: SdkVersion | None, package: str | None) -> None:
        self.table = table
        self.version = version
        self.package = package

    @property
    def platform(self) -> Platform:
        return self.table.platform

    def __getitem__(self, key: str) -> Locator:
        return self.table.lookup(key, self.version, package=self.package)

    def hint(self, key: str) -> str:
        return self.table.row(key, self.version).hint

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.keys)

    def __len__(self) -> int:
        return len(self.table.keys)
