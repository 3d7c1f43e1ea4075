"""Stripe SDK versions as a matrix entry names them, and the version ranges the locator tables use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    IOS = "ios"
    ANDROID = "android"

    @property
    def sdk(self) -> str:
        """The name of Stripe's native SDK on this platform, as a matrix entry may prefix its version."""
        return "stripe-ios" if self is Platform.IOS else "stripe-android"

    @property
    def label(self) -> str:
        return "iOS" if self is Platform.IOS else "Android"


_VERSION = re.compile(r"^(?:(?P<sdk>[a-z][a-z_-]*)\s+)?v?(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?$")


@dataclass(frozen=True, order=True)
class SdkVersion:
    """A native Stripe SDK version (stripe-ios or stripe-android); missing parts count as 0."""

    major: int
    minor: int = 0
    patch: int = 0

    @classmethod
    def parse(cls, text: str, platform: Platform) -> SdkVersion:
        """`21.12.0`, `stripe-android 21.12` or `stripe-ios 24.16.1`; ValueError says what is expected."""
        found = _VERSION.match(text.strip())
        if found is None:
            raise ValueError(f"expected a version such as '{platform.sdk} 24.16.0', got {text!r}")
        sdk = found["sdk"]
        if sdk is not None and sdk != platform.sdk:
            raise ValueError(
                f"{sdk!r} is not the native SDK of {platform.label} (give the {platform.sdk} version; "
                "React Native and Flutter apps present the native sheet of the SDK they bundle)"
            )
        return cls(int(found["major"]), int(found["minor"] or 0), int(found["patch"] or 0))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class VersionRange:
    """SDK versions from `since` (inclusive) up to `before` (exclusive); None leaves that side open."""

    since: SdkVersion | None = None
    before: SdkVersion | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.before is not None and not self.since < self.before:
            raise ValueError(f"empty version range {self}")

    def __contains__(self, version: object) -> bool:
        if not isinstance(version, SdkVersion):
            return False
        return (self.since is None or version >= self.since) and (self.before is None or version < self.before)

    def overlaps(self, other: VersionRange) -> bool:
        starts_before_other_ends = self.since is None or other.before is None or self.since < other.before
        other_starts_before_self_ends = other.since is None or self.before is None or other.since < self.before
        return starts_before_other_ends and other_starts_before_self_ends

    @property
    def is_open_ended(self) -> bool:
        """True when the range reaches the newest SDK: what an entry without `stripe_sdk` gets."""
        return self.before is None

    def sample(self) -> SdkVersion:
        """One version inside the range (its start, or 1.0.0 when open below)."""
        return self.since if self.since is not None else SdkVersion(1)

    def __str__(self) -> str:
        if self.since is None and self.before is None:
            return "all versions"
        if self.since is None:
            return f"< {self.before}"
        if self.before is None:
            return f">= {self.since}"
        return f"{self.since} up to (not incl.) {self.before}"


ALL_VERSIONS = VersionRange()


def since(version: str) -> VersionRange:
    return VersionRange(since=_v(version))


def before(version: str) -> VersionRange:
    return VersionRange(before=_v(version))


def between(first: str, stop: str) -> VersionRange:
    """From `first` (inclusive) to `stop` (exclusive)."""
    return VersionRange(_v(first), _v(stop))


def _v(text: str) -> SdkVersion:
    major, minor, patch = (int(part) for part in text.split("."))
    return SdkVersion(major, minor, patch)
