"""The partner config, `certification.yaml`: who is certified, against which target, with which apps.

A documented example is `fixtures/partners/example-certification.yaml`. Loading validates everything that
needs no network and reports every problem at once, one line each (`file: field.path: problem`), as a
`PartnerConfigError` (a `ConfigError`: exit 2). Paths in the file are relative to the file.

What it decides:
- the target (`sandbox` or a URL) and the names of the environment variables holding credentials (never
  the credentials themselves: a value that looks like a token or key is refused);
- `target.sandbox_port`: with `url: sandbox`, the port the sandbox listens on, so the partner's app can be
  pointed at the sandbox the harness starts;
- the apps under test per platform (web, ios, android, and `source` for the lint), their versions and,
  for the web, the adapter describing the partner app's own navigation (`reference`, a selectors mapping
  or file, or a Python class `module:Class` / `file.py:Class`, loaded by `connect_cert.harness.web.partner_app`);
  a selector step may be a list, done in order (click "My cards", then read the list);
- how the harness finds each app's Connect user (`binding`: email, app, injected, discovery; see
  `connect_cert.harness.binding`);
- which requirements apply: all of the catalog's by default; `requirements.exclude` removes one with a
  reason (`PAY-08: "…"`), or on some platforms only (`PAY-07: {web: "…"}`); a blocker requirement cannot
  be excluded on every platform it applies to.
The platforms certified are api plus one per app listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from connect_cert.devices.matrix import AppDefaults, Device, parse_app_devices
from connect_cert.devices.problems import read_yaml
from connect_cert.devices.problems import text as _string  # non-empty text; numbers (versions) become text
from connect_cert.devices.versions import Platform, SdkVersion
from connect_cert.harness.binding import BINDING_KINDS, DEFAULT_EMAIL_DOMAIN, BindingKind, BindingSpec
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.reports.catalog import Catalog, load_catalog

SANDBOX = "sandbox"
SUITES = ("api", "web", "mobile", "lint")
APP_PLATFORMS = {"web": "web", "ios": "ios", "android": "android", "source": "lint"}
# apps.source.kind: the platforms `connect-cert lint` knows
SOURCE_KINDS = ("ios", "android", "flutter", "react-native", "web")
BUILT_IN_ADAPTER = "reference"
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
PYTHON_REF = re.compile(r"^(?:[\w./-]+\.py|[A-Za-z_][\w.]*):[A-Za-z_]\w*$")  # module:Class or file.py:Class
SECRET_LIKE = re.compile(r"^(eyJ|sk_|rk_|pk_|whsec_)|_secret_")

_TOP = ("version", "partner", "target", "apps", "suites", "requirements")
_PARTNER = ("name", "contact")
_TARGET = (
    "url",
    "sandbox_port",
    "token_env",
    "second_token_env",
    "publishable_key_env",
    "stripe_api_base",
    "wallet_domain",
)
_APP_FIELDS: Mapping[str, tuple[str, ...]] = {
    "web": ("url", "version", "adapter", "binding", "viewports"),
    "ios": ("app", "bundle_id", "version", "stripe_sdk", "devices", "adapter", "binding"),
    "android": ("app", "app_package", "app_activity", "version", "stripe_sdk", "devices", "adapter", "binding"),
    "source": ("path", "version", "kind"),
}
_BINDING = ("kind", "email_domain", "timeout_s")
_REQUIREMENTS = ("exclude",)
DOMAIN = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")


class PartnerConfigError(ConfigError):
    """The partner config is unreadable or invalid; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TargetConfig:
    url: str = SANDBOX
    sandbox_port: int | None = None  # with url sandbox: the port the embedded sandbox listens on
    token_env: str = "CONNECT_CERT_TOKEN"
    second_token_env: str = "CONNECT_CERT_SECOND_TOKEN"
    publishable_key_env: str = "CONNECT_CERT_PUBLISHABLE_KEY"
    stripe_api_base: str | None = None
    wallet_domain: str | None = None

    @property
    def is_sandbox(self) -> bool:
        return self.url == SANDBOX


@dataclass(frozen=True)
class Adapter:
    """How the harness drives the partner app's own navigation (sign in, add method, debts, logout)."""

    kind: str  # "reference" (built in), "python" (module:Class), "selectors" (inline or from a YAML file)
    python: str | None = None
    selectors: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)  # a step: one selector or several
    file: Path | None = None


@dataclass(frozen=True)
class App:
    platform: str  # web, ios, android, lint
    version: str | None = None
    location: str | None = None  # web URL, app bundle/apk path, or source folder
    identifier: str | None = None  # bundle id / app package
    adapter: Adapter | None = None
    devices: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    device_entries: tuple[Device, ...] = ()  # ios/android: entries given inline (their ids are in `devices` too)
    binding: BindingSpec = field(default_factory=BindingSpec)  # how the harness finds the app's Connect user

    def device_defaults(self) -> AppDefaults:
        """What this ios/android app gives the device entries that leave it out (`resolve_devices`)."""
        ios = self.platform == "ios"
        return AppDefaults(
            app=self.location,
            bundle_id=self.identifier if ios else None,
            app_package=None if ios else self.identifier,
            app_activity=self.extra.get("app_activity"),
            stripe_sdk=self.extra.get("stripe_sdk"),
        )


@dataclass(frozen=True)
class PartnerConfig:
    path: Path
    partner: str
    contact: str | None
    target: TargetConfig
    apps: Mapping[str, App]  # by platform: web, ios, android, lint
    excluded: Mapping[str, str]  # requirement id -> reason, on every platform
    suites: tuple[str, ...] | None = None
    excluded_on: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # requirement id -> platform -> reason

    @property
    def platforms(self) -> frozenset[str]:
        """The platforms this partner is certified on: the API, plus one per app."""
        return frozenset({"api", *self.apps})

    def app_version(self, platform: str) -> str | None:
        app = self.apps.get(platform)
        return app.version if app else None

    def exclusions(self) -> dict[str, str]:
        """Every exclusion with its reason, as the certificate shows it (`on web: …` for one platform's)."""
        shown = dict(self.excluded)
        for rid, reasons in self.excluded_on.items():
            shown[rid] = "; ".join(f"on {platform}: {reason}" for platform, reason in reasons.items())
        return shown


class _Problems:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.lines: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.lines.append(f"{self.origin}: {where}: {problem}")

    def unknown_keys(self, mapping: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in known:
                hint = _closest(str(key), known)
                more = f"did you mean {hint!r}? " if hint else ""
                self.add(f"{where}.{key}" if where else str(key), f"unknown field ({more}known: {', '.join(known)})")


def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return found[0] if found else None


def _mapping(value: Any, where: str, problems: _Problems) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, f"expected a mapping, got {type(value).__name__}")
        return {}
    return value


def _url(value: Any, where: str, problems: _Problems, *, allow_sandbox: bool = False) -> str | None:
    text = _string(value, where, problems)
    if text is None or (allow_sandbox and text == SANDBOX):
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        expected = "'sandbox' or an http(s) URL" if allow_sandbox else "an http(s) URL"
        problems.add(where, f"must be {expected}, got {text!r}")
        return None
    return text


def _env_name(value: Any, where: str, problems: _Problems, default: str) -> str:
    text = _string(value, where, problems)
    if text is None:
        return default
    if SECRET_LIKE.search(text):
        problems.add(
            where, "looks like a credential: give the NAME of an environment variable holding it, never the value"
        )
        return default
    if not ENV_NAME.match(text):
        problems.add(where, f"{text!r} is not an environment variable name (A-Z, 0-9, _)")
        return default
    return text


def _adapter(value: Any, where: str, base: Path, problems: _Problems) -> Adapter | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == BUILT_IN_ADAPTER:
            return Adapter("reference")
        if text.endswith((".yaml", ".yml")):
            return _adapter_file(text, where, base, problems)
        if PYTHON_REF.match(text):
            module = text.partition(":")[0]
            if module.endswith(".py") and not (base / module).is_file():
                problems.add(where, f"{module} does not exist (relative to {base})")
                return None
            return Adapter("python", python=text)
        problems.add(
            where,
            f"{text!r} is neither 'reference', a selectors file (.yaml) nor Python ('module:Class' or 'file.py:Class')",
        )
        return None
    if isinstance(value, dict):
        selectors = _selectors(value, where, problems)
        return Adapter("selectors", selectors=selectors) if selectors else None
    problems.add(
        where, f"expected 'reference', a file, 'module:Class' or a mapping of selectors, got {type(value).__name__}"
    )
    return None


def _adapter_file(text: str, where: str, base: Path, problems: _Problems) -> Adapter | None:
    path = (base / text).resolve()
    if not path.is_file():
        problems.add(where, f"selectors file {text} does not exist (relative to {base})")
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.add(where, f"selectors file {text} is not readable YAML: {getattr(exc, 'problem', exc)}")
        return None
    selectors = _selectors(raw, f"{where} ({text})", problems)
    return Adapter("selectors", selectors=selectors, file=path) if selectors else None


def _selectors(raw: Any, where: str, problems: _Problems) -> dict[str, str | tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        problems.add(where, "expected a non-empty mapping of step name -> selector")
        return {}
    selectors: dict[str, str | tuple[str, ...]] = {}
    for name, selector in raw.items():
        if isinstance(selector, list) and selector and all(isinstance(s, str) and s.strip() for s in selector):
            selectors[str(name)] = tuple(selector)  # a sequence: every selector but the last is clicked first
            continue
        if not isinstance(selector, str) or not selector.strip():
            problems.add(f"{where}.{name}", "expected a non-empty selector string, or a list of them (done in order)")
            continue
        selectors[str(name)] = selector
    return selectors


def _binding(value: Any, where: str, problems: _Problems) -> BindingSpec:
    """`binding: email` or `binding: {kind: email, email_domain: …, timeout_s: …}`."""
    if value is None:
        return BindingSpec()
    data = {"kind": value} if isinstance(value, str) else _mapping(value, where, problems)
    problems.unknown_keys(data, _BINDING, where)
    kind = data.get("kind", BindingKind.INJECTED.value)
    if kind not in BINDING_KINDS:
        problems.add(
            f"{where}.kind" if isinstance(value, dict) else where,
            f"unknown binding {kind!r} (known: {', '.join(BINDING_KINDS)})",
        )
        return BindingSpec()
    domain = _string(data.get("email_domain"), f"{where}.email_domain", problems) or DEFAULT_EMAIL_DOMAIN
    if not DOMAIN.match(domain):
        problems.add(f"{where}.email_domain", f"expected a domain such as example.com, got {domain!r}")
        domain = DEFAULT_EMAIL_DOMAIN
    timeout = data.get("timeout_s", BindingSpec.timeout_s)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 600:
        problems.add(f"{where}.timeout_s", f"expected seconds between 0 and 600, got {timeout!r}")
        timeout = BindingSpec.timeout_s
    return BindingSpec(BindingKind(kind), domain, float(timeout))


def _app(name: str, raw: Any, base: Path, problems: _Problems) -> App | None:
    where = f"apps.{name}"
    data = _mapping(raw, where, problems)
    if raw is not None and not data:
        return None
    problems.unknown_keys(data, _APP_FIELDS[name], where)
    platform = APP_PLATFORMS[name]
    version = _string(data.get("version"), f"{where}.version", problems)
    devices_raw = data.get("devices") or []
    devices: tuple[str, ...] = ()
    entries: tuple[Device, ...] = ()
    if name in ("ios", "android"):  # matrix ids, or entries of the matrix's schema (connect_cert.devices.matrix)
        devices, entries = parse_app_devices(
            devices_raw, f"{where}.devices", problems, platform=Platform(name), base=base
        )
        sdk = _string(data.get("stripe_sdk"), f"{where}.stripe_sdk", problems)
        if sdk is not None:
            _check_sdk_version(sdk, Platform(name), f"{where}.stripe_sdk", problems)
    elif not isinstance(devices_raw, list) or not all(isinstance(d, str) and d.strip() for d in devices_raw):
        problems.add(f"{where}.devices", "expected a list of device names")
    else:
        devices = tuple(devices_raw)
    adapter = _adapter(data.get("adapter"), f"{where}.adapter", base, problems)
    binding = _binding(data.get("binding"), f"{where}.binding", problems)
    if name == "web":
        location = _url(data.get("url"), f"{where}.url", problems)
        if "url" not in data:
            problems.add(f"{where}.url", "missing (the URL of the partner web app)")
        return App(
            platform, version, location, adapter=adapter or Adapter("reference"), devices=devices, binding=binding
        )
    if name == "source":
        path_text = _string(data.get("path"), f"{where}.path", problems, required=True)
        kind = _string(data.get("kind"), f"{where}.kind", problems)
        if kind is not None and kind not in SOURCE_KINDS:
            problems.add(f"{where}.kind", f"unknown kind {kind!r} (known: {', '.join(SOURCE_KINDS)})")
            kind = None
        if path_text and not (base / path_text).is_dir():
            problems.add(f"{where}.path", f"folder {path_text} does not exist (relative to {base})")
        return App(platform, version, path_text, extra={"kind": kind} if kind else {})
    app = _string(data.get("app"), f"{where}.app", problems)
    id_key = "bundle_id" if name == "ios" else "app_package"
    identifier = _string(data.get(id_key), f"{where}.{id_key}", problems)
    if app is None and identifier is None:
        problems.add(where, f"give the build under test ('app': a path or URL) or an installed app ('{id_key}')")
    if app and "://" not in app and not (base / app).exists():
        problems.add(f"{where}.app", f"{app} does not exist (relative to {base})")
    extra = {k: str(data[k]) for k in ("stripe_sdk", "app_activity") if data.get(k) is not None}
    return App(platform, version, app, identifier, adapter, devices, extra, entries, binding)


def _check_sdk_version(text: str, platform: Platform, where: str, problems: _Problems) -> None:
    try:
        SdkVersion.parse(text, platform)
    except ValueError as exc:
        problems.add(where, str(exc))


def parse_partner_config(raw: Any, path: Path, catalog: Catalog | None = None) -> PartnerConfig:
    """The config from its parsed YAML; PartnerConfigError lists every problem."""
    problems = _Problems(path.name)
    if not isinstance(raw, dict):
        raise PartnerConfigError([f"{path.name}: expected a mapping at the top (partner, target, apps, requirements)"])
    problems.unknown_keys(raw, _TOP, "")
    if raw.get("version", 1) != 1:
        problems.add("version", f"unsupported version {raw.get('version')!r} (this harness reads version 1)")
    base = path.resolve().parent

    partner = _mapping(raw.get("partner"), "partner", problems)
    problems.unknown_keys(partner, _PARTNER, "partner")
    name = _string(partner.get("name"), "partner.name", problems, required=True) or ""
    contact = _string(partner.get("contact"), "partner.contact", problems)

    target_raw = _mapping(raw.get("target"), "target", problems)
    problems.unknown_keys(target_raw, _TARGET, "target")
    defaults = TargetConfig()
    stripe = _url(target_raw.get("stripe_api_base"), "target.stripe_api_base", problems)
    wallet = _string(target_raw.get("wallet_domain"), "target.wallet_domain", problems)
    if wallet and ("/" in wallet or ":" in wallet):
        problems.add("target.wallet_domain", f"expected a bare domain such as pay.example.com, got {wallet!r}")
    url = _url(target_raw.get("url", SANDBOX), "target.url", problems, allow_sandbox=True) or SANDBOX
    target = TargetConfig(
        url=url,
        sandbox_port=_sandbox_port(target_raw.get("sandbox_port"), url, problems),
        token_env=_env_name(target_raw.get("token_env"), "target.token_env", problems, defaults.token_env),
        second_token_env=_env_name(
            target_raw.get("second_token_env"), "target.second_token_env", problems, defaults.second_token_env
        ),
        publishable_key_env=_env_name(
            target_raw.get("publishable_key_env"), "target.publishable_key_env", problems, defaults.publishable_key_env
        ),
        stripe_api_base=stripe,
        wallet_domain=wallet,
    )

    apps_raw = _mapping(raw.get("apps"), "apps", problems)
    problems.unknown_keys(apps_raw, tuple(_APP_FIELDS), "apps")
    apps: dict[str, App] = {}
    for key in _APP_FIELDS:
        if key in apps_raw:
            app = _app(key, apps_raw[key], base, problems)
            if app is not None:
                apps[app.platform] = app

    suites: tuple[str, ...] | None = None
    if raw.get("suites") is not None:
        listed = raw["suites"]
        if not isinstance(listed, list) or not listed:
            problems.add("suites", f"expected a non-empty list of {', '.join(SUITES)}")
        else:
            for suite in listed:
                if suite not in SUITES:
                    problems.add("suites", f"unknown suite {suite!r} (known: {', '.join(SUITES)})")
            suites = tuple(s for s in listed if s in SUITES)

    excluded, excluded_on = _requirements(raw.get("requirements"), catalog or load_catalog(), problems)
    if problems.lines:
        raise PartnerConfigError(problems.lines)
    return PartnerConfig(path, name, contact, target, apps, excluded, suites, excluded_on)


def _sandbox_port(value: Any, url: str, problems: _Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        problems.add("target.sandbox_port", f"expected a port between 1 and 65535, got {value!r}")
        return None
    if url != SANDBOX:
        problems.add("target.sandbox_port", f"only with url: sandbox (the sandbox the harness starts), not {url!r}")
        return None
    return value


def _requirements(raw: Any, catalog: Catalog, problems: _Problems) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Exclusions on every platform (`PAY-08: reason`) and on some (`PAY-07: {web: reason}`)."""
    data = _mapping(raw, "requirements", problems)
    problems.unknown_keys(data, _REQUIREMENTS, "requirements")
    exclude = _mapping(data.get("exclude"), "requirements.exclude", problems)
    excluded: dict[str, str] = {}
    excluded_on: dict[str, dict[str, str]] = {}
    for rid, reason in exclude.items():
        where = f"requirements.exclude.{rid}"
        requirement = catalog.get(str(rid))
        if requirement is None:
            problems.add(where, f"unknown requirement (known: {', '.join(catalog.ids)})")
            continue
        blocker = requirement.severity == "blocker"
        if isinstance(reason, dict):
            per_platform: dict[str, str] = {}
            for platform, why in reason.items():
                if platform not in requirement.platforms:
                    problems.add(
                        f"{where}.{platform}",
                        f"{rid} does not apply on {platform!r} (it applies on {', '.join(requirement.platforms)})",
                    )
                    continue
                text = _string(why, f"{where}.{platform}", problems)
                if text is not None:
                    per_platform[str(platform)] = text
            if blocker and set(per_platform) >= set(requirement.platforms):
                problems.add(
                    where,
                    f"{rid} is a blocker requirement ({requirement.title}): it cannot be excluded on every platform "
                    f"it applies to ({', '.join(requirement.platforms)})",
                )
                continue
            if per_platform:
                excluded_on[str(rid)] = per_platform
            continue
        if blocker:
            problems.add(
                where,
                f"{rid} is a blocker requirement ({requirement.title}) and cannot be excluded",
            )
            continue
        text = _string(reason, where, problems)
        if text is None:
            continue
        excluded[str(rid)] = text
    return excluded, excluded_on


def load_partner_config(path: Path | str, catalog: Catalog | None = None) -> PartnerConfig:
    """Read and validate `certification.yaml`."""
    path = Path(path)
    raw = read_yaml(
        path, what="the partner config", expected="the path of certification.yaml", error=PartnerConfigError
    )
    return parse_partner_config(raw, path, catalog)
