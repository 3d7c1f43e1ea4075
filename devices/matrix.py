"""The device matrix as data: `devices/matrix.yaml`, or the `devices` of `apps.ios` / `apps.android`.

An entry (one device profile) has: `id`, `platform` (ios, android), `os_version`, `device_name`,
`automation` (XCUITest, UiAutomator2), the app (`app`: a path, an http(s) URL, `bs://…` or
`storage:filename=…`; and/or `bundle_id`, or `app_package` + `app_activity`), `stripe_sdk` (the native
SDK version, which picks the PaymentSheet locators), `provider` (see `providers.py`), `tags` (smoke,
full; an entry tagged `example` documents a setup and runs only when selected by that tag),
`capabilities` (W3C overrides, every key standard or vendor-prefixed) and `offers` (what the device can
do: `apple_pay_test_cards`, `google_account`).

Loading validates everything that needs no network and reports every problem at once, one line each,
`<file>: devices.<entry>.<field>: <problem>`, as a `MatrixError` (exit 2). Paths are relative to the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from connect_cert.devices.problems import (
    PLACEHOLDER,
    SECRET_LIKE,
    MatrixError,
    Problems,
    Sink,
    mapping,
    read_yaml,
    text,
    unknown_keys,
)
from connect_cert.devices.providers import Provider, ProviderKind, builtin_providers, parse_providers, resolve_provider
from connect_cert.devices.versions import Platform, SdkVersion

DEFAULT_MATRIX = Path(__file__).resolve().parent / "matrix.yaml"
EXAMPLE_TAG = "example"  # documents a setup; never selected unless asked for by tag

AUTOMATIONS = {Platform.IOS: "XCUITest", Platform.ANDROID: "UiAutomator2"}
PLATFORM_NAMES = {Platform.IOS: "iOS", Platform.ANDROID: "Android"}  # W3C platformName
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TAG_PATTERN = ID_PATTERN
OS_VERSION = re.compile(r"^\d+(\.\d+){0,2}$")
BUNDLE_ID = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PACKAGE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
ACTIVITY = re.compile(r"^(\.|[A-Za-z_]\w*\.)?[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
W3C_STANDARD = frozenset(
    {
        "browserName",
        "browserVersion",
        "platformName",
        "acceptInsecureCerts",
        "pageLoadStrategy",
        "proxy",
        "setWindowRect",
        "timeouts",
        "strictFileInteractability",
        "unhandledPromptBehavior",
        "webSocketUrl",
    }
)
CREDENTIAL_KEYS = frozenset({"username", "userName", "user", "accessKey", "access_key", "key", "password"})

_TOP = ("version", "providers", "devices")
_ENTRY = (
    "id",
    "platform",
    "os_version",
    "device_name",
    "automation",
    "app",
    "bundle_id",
    "app_package",
    "app_activity",
    "stripe_sdk",
    "provider",
    "tags",
    "capabilities",
    "offers",
)
_PLATFORM_ONLY = {"bundle_id": Platform.IOS, "app_package": Platform.ANDROID, "app_activity": Platform.ANDROID}


class Offer(StrEnum):
    """What a device can do beyond cards; a flow needing an offer the device lacks is skipped with the reason."""

    APPLE_PAY_TEST_CARDS = "apple_pay_test_cards"  # iOS: Wallet holds Apple's test cards (simulators do)
    GOOGLE_ACCOUNT = "google_account"  # Android: signed in to a Google account in the Google Pay test environment

    @property
    def platform(self) -> Platform:
        return Platform.IOS if self is Offer.APPLE_PAY_TEST_CARDS else Platform.ANDROID


class AppKind(StrEnum):
    PATH = "path"  # a file the Appium server reads (a local path, or absolute on a Grid node)
    URL = "url"  # downloaded by the Appium server
    BROWSERSTACK = "browserstack"  # bs://<id>, uploaded to BrowserStack
    SAUCE_STORAGE = "sauce_storage"  # storage:filename=<name> or storage:<id>, uploaded to Sauce Labs


@dataclass(frozen=True)
class AppRef:
    """The build under test as the provider reaches it (`appium:app`)."""

    kind: AppKind
    location: str

    @classmethod
    def classify(cls, location: str) -> AppRef:
        if location.startswith("bs://"):
            return cls(AppKind.BROWSERSTACK, location)
        if location.startswith("storage:"):
            return cls(AppKind.SAUCE_STORAGE, location)
        if location.startswith(("http://", "https://")):
            return cls(AppKind.URL, location)
        return cls(AppKind.PATH, location)


@dataclass(frozen=True)
class AppDefaults:
    """What a partner config's `apps.ios` / `apps.android` gives every device entry that leaves it out."""

    app: str | None = None
    bundle_id: str | None = None
    app_package: str | None = None
    app_activity: str | None = None
    stripe_sdk: str | None = None


@dataclass(frozen=True)
class Device:
    """One device profile of the matrix: what to start, where, with which app and which PaymentSheet."""

    id: str
    platform: Platform
    os_version: str
    device_name: str
    automation: str
    provider: Provider
    app: AppRef | None = None
    bundle_id: str | None = None
    app_package: str | None = None
    app_activity: str | None = None
    stripe_sdk: SdkVersion | None = None  # None: the newest SDK's locators
    tags: tuple[str, ...] = ()
    capabilities: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    offers: frozenset[Offer] = frozenset()
    origin: str = field(default="", compare=False)  # the file it came from, for messages

    @property
    def is_example(self) -> bool:
        return EXAMPLE_TAG in self.tags

    @property
    def has_app(self) -> bool:
        return self.app is not None or bool(self.bundle_id or self.app_package)

    def offers_apple_pay(self) -> bool:
        return Offer.APPLE_PAY_TEST_CARDS in self.offers

    def offers_google_pay(self) -> bool:
        return Offer.GOOGLE_ACCOUNT in self.offers

    @property
    def os_major(self) -> int:
        return int(self.os_version.split(".")[0])

    @property
    def sdk_label(self) -> str:
        return f"{self.platform.sdk} {self.stripe_sdk}" if self.stripe_sdk else f"{self.platform.sdk} (newest)"

    def with_app(self, defaults: AppDefaults, base: Path | None = None) -> Device:
        """This entry with the partner app's fields filling what it leaves out (its own values win)."""
        sdk = self.stripe_sdk
        if sdk is None and defaults.stripe_sdk:
            try:
                sdk = SdkVersion.parse(defaults.stripe_sdk, self.platform)
            except ValueError as exc:
                raise MatrixError([f"apps.{self.platform}.stripe_sdk: {exc}"]) from None
        app = self.app
        if app is None and defaults.app:
            app = AppRef.classify(defaults.app)
            if app.kind is AppKind.PATH and base is not None:
                app = AppRef(AppKind.PATH, str((base / app.location).resolve()))
        ios = self.platform is Platform.IOS
        return replace(
            self,
            app=app,
            stripe_sdk=sdk,
            bundle_id=self.bundle_id or (defaults.bundle_id if ios else None),
            app_package=self.app_package or (None if ios else defaults.app_package),
            app_activity=self.app_activity or (None if ios else defaults.app_activity),
        )


@dataclass(frozen=True)
class Matrix:
    """The device entries of one file, in file order, and the providers they may name."""

    path: Path
    devices: tuple[Device, ...]
    providers: Mapping[str, Provider] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(device.id for device in self.devices)

    def get(self, device_id: str) -> Device:
        """The entry with this id (or, failing that, the one non-example entry of this device name).

        MatrixError lists the ids.
        """
        for device in self.devices:
            if device.id == device_id:
                return device
        named = [device for device in self.devices if device.device_name == device_id and not device.is_example]
        if len(named) == 1:
            return named[0]
        raise MatrixError([f"{self.path.name}: no device {device_id!r} (ids: {', '.join(self.ids) or 'none'})"])

    def select(
        self, tags: Iterable[str] = (), platform: Platform | None = None, *, include_examples: bool = False
    ) -> tuple[Device, ...]:
        """Entries carrying any of `tags` (all when none given), of `platform` when given.

        Example entries come only when asked for: by `include_examples` or by naming the `example` tag.
        """
        wanted = set(tags)
        with_examples = include_examples or EXAMPLE_TAG in wanted
        return tuple(
            device
            for device in self.devices
            if (not wanted or wanted & set(device.tags))
            and (platform is None or device.platform is platform)
            and (with_examples or not device.is_example)
        )


# --- parsing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryContext:
    """What an entry is read against: its file's folder (paths are relative to it), the providers it may
    name, the platform its place implies (a partner config's apps.ios: the entry may omit it), the file."""

    base: Path
    providers: Mapping[str, Provider] = field(default_factory=builtin_providers, hash=False)
    platform: Platform | None = None
    origin: str = ""


def parse_device(raw: Any, where: str, problems: Sink, context: EntryContext) -> Device | None:
    """One entry; `where` names it in problems (`devices.<id>` once the id is known)."""
    base, providers, platform, origin = context.base, context.providers, context.platform, context.origin
    counted = _Counting(problems)
    problems = counted
    data = mapping(raw, where, problems)
    if data is None:
        return None
    entry_id = text(data.get("id"), f"{where}.id", problems, required=True)
    if entry_id is not None and not ID_PATTERN.match(entry_id):
        problems.add(f"{where}.id", f"{entry_id!r}: use lower-case letters, digits, '-' and '_' (it names tests)")
        entry_id = None
    if entry_id is not None:
        where = f"{where.rsplit('[', 1)[0]}.{entry_id}" if where.endswith("]") else where
    unknown_keys(problems, data, _ENTRY, where)

    found = _platform(data.get("platform"), f"{where}.platform", problems, platform)
    os_version = text(data.get("os_version"), f"{where}.os_version", problems, required=True)
    if os_version is not None and not OS_VERSION.match(os_version):
        problems.add(f"{where}.os_version", f"expected a version such as 17.5 or 14, got {os_version!r}")
    device_name = text(data.get("device_name"), f"{where}.device_name", problems, required=True)
    provider = resolve_provider(data.get("provider"), f"{where}.provider", providers, problems)
    tags = _tags(data.get("tags"), f"{where}.tags", problems)
    if found is None:
        return None
    automation = _automation(data.get("automation"), f"{where}.automation", problems, found)
    for key, only in _PLATFORM_ONLY.items():
        if data.get(key) is not None and only is not found:
            problems.add(f"{where}.{key}", f"is for {only.label} entries; this one is {found.label}")
    bundle_id = _identifier(data, "bundle_id", BUNDLE_ID, where, problems) if found is Platform.IOS else None
    app_package = _identifier(data, "app_package", PACKAGE, where, problems) if found is Platform.ANDROID else None
    app_activity = _identifier(data, "app_activity", ACTIVITY, where, problems) if found is Platform.ANDROID else None
    sdk = _sdk(data.get("stripe_sdk"), f"{where}.stripe_sdk", problems, found)
    offers = _offers(data.get("offers"), f"{where}.offers", problems, found)
    app = _app(data.get("app"), f"{where}.app", problems, base, provider)
    overrides = _overrides(data.get("capabilities"), f"{where}.capabilities", problems, provider)
    if counted.count or entry_id is None or os_version is None or device_name is None:
        return None
    assert provider is not None and automation is not None  # each None came with a problem
    return Device(
        entry_id,
        found,
        os_version,
        device_name,
        automation,
        provider,
        app,
        bundle_id,
        app_package,
        app_activity,
        sdk,
        tags,
        MappingProxyType(overrides),
        offers,
        origin,
    )


class _Counting:
    """Forwards problems and counts them: an entry with any problem is left out."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.count = 0

    def add(self, where: str, problem: str) -> None:
        self.count += 1
        self.sink.add(where, problem)


def _platform(value: Any, where: str, problems: Sink, implied: Platform | None) -> Platform | None:
    if value is None:
        if implied is None:
            problems.add(where, "missing (ios or android)")
        return implied
    name = text(value, where, problems)
    if name is None:
        return None
    try:
        found = Platform(name.lower())
    except ValueError:
        problems.add(where, f"expected ios or android, got {name!r}")
        return None
    if implied is not None and found is not implied:
        problems.add(where, f"{found} entry under apps.{implied}")
        return None
    return found


def _automation(value: Any, where: str, problems: Sink, platform: Platform) -> str | None:
    expected = AUTOMATIONS[platform]
    name = text(value, where, problems)
    if name is None:
        return expected if value is None else None
    if name.lower() != expected.lower():
        problems.add(where, f"{platform.label} PaymentSheet tests run on {expected}, got {name!r}")
        return None
    return expected


def _identifier(data: Mapping[str, Any], key: str, pattern: re.Pattern[str], where: str, problems: Sink) -> str | None:
    value = text(data.get(key), f"{where}.{key}", problems)
    if value is not None and not pattern.match(value):
        problems.add(f"{where}.{key}", f"{value!r} is not a valid {key.replace('_', ' ')}")
        return None
    return value


def _sdk(value: Any, where: str, problems: Sink, platform: Platform) -> SdkVersion | None:
    name = text(value, where, problems)
    if name is None:
        return None
    try:
        return SdkVersion.parse(name, platform)
    except ValueError as exc:
        problems.add(where, str(exc))
        return None


def _tags(value: Any, where: str, problems: Sink) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(tag, str) and TAG_PATTERN.match(tag) for tag in value):
        problems.add(where, "expected a list of tags such as [smoke, full] (lower-case letters, digits, '-', '_')")
        return ()
    return tuple(dict.fromkeys(value))


def _offers(value: Any, where: str, problems: Sink, platform: Platform) -> frozenset[Offer]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        problems.add(where, f"expected a list ({', '.join(Offer)}), got {type(value).__name__}")
        return frozenset()
    offers: set[Offer] = set()
    for item in value:
        try:
            offer = Offer(item)
        except ValueError:
            problems.add(where, f"unknown offer {item!r} (known: {', '.join(Offer)})")
            continue
        if offer.platform is not platform:
            problems.add(where, f"{offer} is for {offer.platform.label} devices")
            continue
        offers.add(offer)
    return frozenset(offers)


def _app(value: Any, where: str, problems: Sink, base: Path, provider: Provider | None) -> AppRef | None:
    location = text(value, where, problems)
    if location is None:
        return None
    app = AppRef.classify(location)
    kind = provider.kind if provider is not None else None
    if app.kind is AppKind.BROWSERSTACK and kind is not ProviderKind.BROWSERSTACK:
        problems.add(where, "a bs:// app is uploaded to BrowserStack: use it with a browserstack provider")
    elif app.kind is AppKind.SAUCE_STORAGE and kind is not ProviderKind.SAUCELABS:
        problems.add(where, "a storage: app is uploaded to Sauce Labs: use it with a saucelabs provider")
    elif app.kind is AppKind.PATH and kind in (ProviderKind.BROWSERSTACK, ProviderKind.SAUCELABS):
        problems.add(where, f"a farm cannot read {location}: upload the build and give bs://… or storage:filename=…")
    elif app.kind is AppKind.PATH and kind is ProviderKind.GRID and not Path(location).is_absolute():
        problems.add(where, "a Grid node reads the path on its own machine: give an absolute path or a URL")
    elif app.kind is AppKind.PATH and kind is ProviderKind.APPIUM:
        return AppRef(AppKind.PATH, str((base / location).resolve()))
    return app


# Capabilities the entry's own fields set: an override would contradict them.
_FROM_FIELDS = {
    "platformName": "platform",
    "appium:automationName": "automation",
    "appium:platformVersion": "os_version",
    "appium:deviceName": "device_name",
    "appium:app": "app",
    "appium:bundleId": "bundle_id",
    "appium:appPackage": "app_package",
    "appium:appActivity": "app_activity",
}


def _overrides(value: Any, where: str, problems: Sink, provider: Provider | None) -> dict[str, Any]:
    if value is None:
        return {}
    data = mapping(value, where, problems)
    if data is None:
        return {}
    vendor = provider.vendor_options_key if provider is not None else None
    overrides: dict[str, Any] = {}
    for key, item in data.items():
        name = str(key)
        at = f"{where}.{name}"
        if name in _FROM_FIELDS:
            problems.add(at, f"set by the entry's '{_FROM_FIELDS[name]}' field")
        elif name not in W3C_STANDARD and ":" not in name:
            problems.add(at, f"not a W3C capability: prefix it with its vendor (appium:{name})")
        elif name.endswith(":options") and name != vendor:
            problems.add(at, f"{name} belongs to another provider (this entry's provider takes {vendor or 'none'})")
        elif name == vendor and not isinstance(item, dict):
            problems.add(at, f"expected a mapping, got {type(item).__name__}")
        elif _has_credential(item, at, problems):
            pass
        else:
            overrides[name] = item
    return overrides


def _has_credential(item: Any, where: str, problems: Sink) -> bool:
    """A credential in the file (a known key, or a value shaped like one) is refused, never echoed."""
    if isinstance(item, dict):
        found = False
        for key, value in item.items():
            if key in CREDENTIAL_KEYS:
                problems.add(f"{where}.{key}", "credentials come from the provider's username_env / access_key_env")
                found = True
            else:
                found = _has_credential(value, f"{where}.{key}", problems) or found
        return found
    if isinstance(item, str) and (SECRET_LIKE.search(item) or "$" in PLACEHOLDER.sub("", item)):
        problems.add(where, "looks like a credential or a broken ${VAR} placeholder (the value is not shown)")
        return True
    return False


def parse_matrix(raw: Any, path: Path) -> Matrix:
    """The matrix from its parsed YAML; MatrixError lists every problem."""
    problems = Problems(path.name)
    if not isinstance(raw, dict):
        raise MatrixError([f"{path.name}: expected a mapping with 'devices' (and optionally 'providers')"])
    unknown_keys(problems, raw, _TOP, "")
    if raw.get("version", 1) != 1:
        problems.add("version", f"unsupported version {raw.get('version')!r} (this harness reads version 1)")
    providers = parse_providers(raw.get("providers"), problems)
    entries = raw.get("devices")
    if not isinstance(entries, list) or not entries:
        problems.add("devices", "expected a non-empty list of device entries")
        entries = []
    devices = _entries(entries, "devices", problems, EntryContext(path.resolve().parent, providers, origin=path.name))
    problems.raise_if_any()
    return Matrix(path, devices, MappingProxyType(providers))


def _entries(entries: Sequence[Any], where: str, problems: Sink, context: EntryContext) -> tuple[Device, ...]:
    devices: list[Device] = []
    seen: set[str] = set()
    for index, item in enumerate(entries):
        device = parse_device(item, f"{where}[{index}]", problems, context)
        if device is None:
            continue
        if device.id in seen:
            problems.add(f"{where}.{device.id}.id", "used by an earlier entry: ids must be unique")
            continue
        seen.add(device.id)
        devices.append(device)
    return tuple(devices)


def parse_app_devices(
    raw: Any, where: str, problems: Sink, *, platform: Platform, base: Path
) -> tuple[tuple[str, ...], tuple[Device, ...]]:
    """A partner config's `apps.<platform>.devices`: matrix ids (or device names), or inline entries.

    Returns every id listed (inline entries by their id) and the inline entries themselves, which use the
    built-in providers (local, browserstack, saucelabs) or an inline provider.
    """
    if raw is None:
        return (), ()
    if not isinstance(raw, list):
        problems.add(where, "expected a list of device ids (from the matrix) or device entries")
        return (), ()
    ids: list[str] = []
    inline: list[Any] = []
    for index, item in enumerate(raw):
        if isinstance(item, str) and item.strip():
            ids.append(item.strip())
        elif isinstance(item, dict):
            inline.append(item)
        else:
            problems.add(f"{where}[{index}]", "expected a device id or a device entry (a mapping)")
    devices = _entries(inline, where, problems, EntryContext(base, platform=platform))
    ids.extend(device.id for device in devices)
    return tuple(ids), devices


def load_matrix(path: Path | str | None = None) -> Matrix:
    """Read and validate a matrix file (default: the packaged `devices/matrix.yaml`)."""
    path = Path(path) if path is not None else DEFAULT_MATRIX
    raw = read_yaml(path, what="the device matrix", expected="the path of the matrix file", error=MatrixError)
    return parse_matrix(raw, path)


def resolve_devices(
    matrix: Matrix,
    platform: Platform,
    *,
    listed: Sequence[str] = (),
    inline: Sequence[Device] = (),
    defaults: AppDefaults | None = None,
    base: Path | None = None,
    tags: Iterable[str] = (),
) -> tuple[Device, ...]:
    """The devices a run uses for one platform.

    A partner app that lists devices gets those (matrix ids or names, and its inline entries); otherwise
    every non-example entry of the platform (filtered by `tags`). The app's fields fill what entries omit.
    """
    inline_by_id = {device.id: device for device in inline}
    if listed:
        chosen = [inline_by_id.get(name) or matrix.get(name) for name in listed]
        wanted = set(tags)
        chosen = [device for device in chosen if not wanted or wanted & set(device.tags)]
    else:
        chosen = list(matrix.select(tags, platform))
    wrong = [device.id for device in chosen if device.platform is not platform]
    if wrong:
        raise MatrixError([f"{matrix.path.name}: {', '.join(wrong)}: not {platform.label} devices"])
    return tuple(device.with_app(defaults, base) if defaults else device for device in chosen)
