"""The device suite's pytest plugin: the matrix, one Appium session per device, the app and its sheet, flows.

    device (one test per matrix entry: its id in the test id, Allure's device/os labels and parameter)
      -> appium_capabilities -> new_driver (one session per device, per worker) -> driver
      -> payment_sheet (the page objects) + mobile_app (the partner's navigation) -> mobile_flows

Devices: the partner config's `apps.ios` / `apps.android` devices, else every non-example entry of the
matrix (`--matrix`, `--devices`, `--device-tags`). A device without an app under test runs the sandbox's
PaymentSheet stand-in in Chromium through an Appium server this plugin starts (or `--appium-url`); a device
with the partner's app opens its session on its provider (a local Appium, a Grid 4, BrowserStack, Sauce
Labs). Tests of one device go to one pytest-xdist worker (`xdist_group` = the device id; the sharding plugin
picks `--dist loadgroup` for the suites, and deals `side_by_side` groups to separate workers first), so devices
run at the same time and each keeps its one session.

Evidence: a screenshot per step (Allure); on failure the page source and the Appium server's log of the
test; the farm's session page (video, logs) linked, and pass/fail marked on the farm at the end. Faults of
the environment (no Appium server, a session that does not start or dies) make the device's tests broken
with the cause; the rest of the matrix runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from connect_cert.devices.capabilities import placeholders_in, w3c_capabilities
from connect_cert.devices.matrix import Device, load_matrix, resolve_devices
from connect_cert.devices.paymentsheet import AndroidPaymentSheet, IosPaymentSheet
from connect_cert.devices.paymentsheet import payment_sheet as sheet_for
from connect_cert.devices.problems import MatrixError
from connect_cert.devices.providers import ProviderKind
from connect_cert.devices.versions import Platform
from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness import redact
from connect_cert.harness.binding import AppUser, UserBinder
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.mobile.appium_server import (
    AppiumServer,
    AppiumUnavailable,
    find_appium,
    free_port,
    start_appium,
)
from connect_cert.harness.mobile.evidence import LogCursor, MobileEvidence, attach_failure
from connect_cert.harness.mobile.flows import MobileFlows, RequestWatch
from connect_cert.harness.mobile.partner_app import (
    MobileApp,
    MobileAppSpec,
    spec_from_partner_app,
    stand_in_spec,
)
from connect_cert.harness.mobile.scenarios import Wallet
from connect_cert.harness.mobile.sessions import DeviceSessions, DeviceUnavailable, MobileSession, SessionRequest
from connect_cert.harness.mobile.stand_in import CHROMEDRIVER, StandInDriver, stand_in_capabilities, stand_in_url
from connect_cert.harness.options import option_group
from connect_cert.harness.reports.allure import attach_text, label_device
from connect_cert.harness.stash import FAILED_KEY, PARTNER_KEY
from connect_cert.harness.target import Target
from connect_cert.harness.web.browser import CHROMIUM
from connect_cert.harness.web.preparation import open_debt
from connect_cert.harness.web.scenarios import PayDebt

if TYPE_CHECKING:
    from connect_cert.harness.plugin import UserFactory

DEVICES_KEY = pytest.StashKey[tuple[Device, ...]]()
APPS_KEY = pytest.StashKey[dict[Platform, MobileAppSpec]]()
PROBLEMS_KEY = pytest.StashKey[dict[Platform, str]]()
SESSIONS_KEY = pytest.StashKey[DeviceSessions]()
NO_APP_OFF_SANDBOX = (
    "{device} names no app under test, and the PaymentSheet stand-in runs on a sandbox target only: give "
    "apps.{platform} (app, bundle_id / app_package) in the partner config"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption("--matrix", default=None, metavar="PATH", help="the device matrix (default devices/matrix.yaml)")
    group.addoption(
        "--devices",
        default=None,
        metavar="IDS",
        help="device tests on these matrix entries only, comma-separated ids (default: every non-example entry, "
        "or the partner config's apps.ios / apps.android devices)",
    )
    group.addoption(
        "--device-tags",
        default=None,
        metavar="TAGS",
        help="device tests on entries with any of these tags (smoke,full)",
    )
    group.addoption(
        "--appium-url",
        default=None,
        metavar="URL",
        help="an Appium server for the local devices and the stand-in, instead of the one the run starts",
    )
    group.addoption(
        "--appium-executable",
        default=None,
        metavar="PATH",
        help="the appium the run starts for the stand-in (default: the project's, from `make install`)",
    )
    group.addoption(
        "--chromedriver",
        default=CHROMEDRIVER,
        metavar="PATH",
        help=f"the chromedriver Appium's Chromium driver runs for the stand-in (default {CHROMEDRIVER})",
    )
    group.addoption(
        "--stand-in-browser",
        default=CHROMIUM,
        metavar="PATH",
        help=f"the Chromium the PaymentSheet stand-in runs in (default {CHROMIUM})",
    )
    group.addoption(
        "--device-timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="bound of every wait for an element on a device (default 15)",
    )


# --- the devices of this run -------------------------------------------------------------------------


def _listed(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _select(config: pytest.Config) -> tuple[tuple[Device, ...], dict[Platform, MobileAppSpec], dict[Platform, str]]:
    """The devices of the run, the app spec per platform, and why a platform has no device."""
    matrix = load_matrix(config.getoption("--matrix"))
    ids, tags = _listed(config.getoption("--devices")), _listed(config.getoption("--device-tags"))
    unknown = [i for i in ids if i not in matrix.ids]
    partner = config.stash.get(PARTNER_KEY, None)
    devices: list[Device] = []
    specs: dict[Platform, MobileAppSpec] = {}
    missing: dict[Platform, str] = {}
    for platform in Platform:
        app = partner.apps.get(platform.value) if partner is not None else None
        if partner is not None and app is not None:
            base = Path(partner.path).parent
            chosen = resolve_devices(
                matrix,
                platform,
                listed=app.devices,
                inline=app.device_entries,
                defaults=app.device_defaults(),
                base=base,
                tags=tags,
            )
            unknown = [i for i in unknown if i not in {d.id for d in app.device_entries}]
            specs[platform] = spec_from_partner_app(app, base)
        elif partner is not None:
            missing[platform] = f"the partner config lists no {platform.label} app (apps.{platform.value})"
            continue
        else:
            chosen = matrix.select(tags, platform, include_examples=bool(ids))
            specs[platform] = stand_in_spec()
        if ids:
            chosen = tuple(d for d in chosen if d.id in ids)
        if not chosen:
            missing[platform] = (
                f"no {platform.label} device selected (matrix {matrix.path.name}, --devices, --device-tags)"
            )
        devices.extend(chosen)
    if unknown:
        raise MatrixError(
            [f"--devices: {matrix.path.name} has no entry {', '.join(unknown)} (ids: {', '.join(matrix.ids)})"]
        )
    for device in devices:
        names = [n for n in placeholders_in(w3c_capabilities(device)) if not os.environ.get(n)]
        if names:
            raise MatrixError(
                [f"{device.id}: environment variable(s) not set: {', '.join(names)} (its provider needs them)"]
            )
    return tuple(devices), specs, missing


def pytest_configure(config: pytest.Config) -> None:
    """After the reports plugin's (tryfirst), which reads the partner config the devices may come from."""
    try:
        devices, specs, missing = _select(config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[DEVICES_KEY] = devices
    config.stash[APPS_KEY] = specs
    config.stash[PROBLEMS_KEY] = missing


def _device_params(config: pytest.Config, platforms: set[str]) -> list[Any]:
    params: list[Any] = []
    for device in config.stash.get(DEVICES_KEY, ()):
        if platforms and device.platform.value not in platforms:
            continue
        marks = [
            pytest.mark.platform(device.platform.value),
            pytest.mark.xdist_group(device.id),
            pytest.mark.side_by_side,
            pytest.mark.allure_label(f"{device.platform.label} {device.os_version}", label_type="os"),
            pytest.mark.allure_label(f"{device.platform.label} · {device.id}", label_type="parentSuite"),
        ]
        params.append(pytest.param(device.id, id=device.id, marks=marks))
    return params


def _parametrizes_itself(metafunc: pytest.Metafunc, name: str) -> bool:
    """A test that gives `name` its own values keeps them (a project test of its own `device`)."""
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        if name in ([n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)):
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test using `device` runs once per selected device (of its `platform` marker's platform, if any);
    a platform without a device gets one skipped run saying why, on that platform."""
    if "device" not in metafunc.fixturenames or _parametrizes_itself(metafunc, "device"):
        return
    marker = metafunc.definition.get_closest_marker("platform")
    platforms = {str(arg) for arg in marker.args} if marker else set()
    params = _device_params(metafunc.config, platforms)
    for platform, why in metafunc.config.stash.get(PROBLEMS_KEY, {}).items():
        if not platforms or platform.value in platforms:
            marks = [pytest.mark.platform(platform.value), pytest.mark.skip(reason=why)]
            params.append(pytest.param(None, id=f"no-{platform.value}-device", marks=marks))
    metafunc.parametrize("device", params, indirect=True)


# --- device -> session ---------------------------------------------------------------------------------


@pytest.fixture
def device(request: pytest.FixtureRequest) -> Device:
    """The matrix entry this run of the test is on (parametrized by id)."""
    wanted = getattr(request, "param", None)
    found = next((d for d in request.config.stash.get(DEVICES_KEY, ()) if d.id == wanted), None)
    if found is None:
        pytest.skip(f"no device {wanted!r} in this run")
    label_device(found.id)
    return found


@pytest.fixture(scope="session")
def device_timeout(pytestconfig: pytest.Config) -> float:
    return float(pytestconfig.getoption("--device-timeout"))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def appium_server(pytestconfig: pytest.Config, reports_dir: Path) -> Iterator[AppiumServer]:
    """An Appium server for this worker, started on first use; its log kept (redacted) in the reports."""
    executable = find_appium(pytestconfig.getoption("--appium-executable"))
    if executable is None:
        raise AppiumUnavailable(
            "no appium to start: run `make install` (Appium 3 and its Chromium driver from npm), name one with "
            "--appium-executable, or give a running server with --appium-url"
        )
    scratch = Path(tempfile.mkdtemp(prefix="connect-cert-appium-"))
    server = start_appium(executable, scratch / "appium.log")
    try:
        yield server
    finally:
        sessions = pytestconfig.stash.get(SESSIONS_KEY, None)
        if sessions is not None:  # its sessions end before it does (it may be set up after the factory)
            sessions.close_all(server.url)
        server.stop()
        kept = reports_dir / "mobile" / f"appium-{_worker()}.log"
        kept.parent.mkdir(parents=True, exist_ok=True)
        text = server.log_path.read_text(encoding="utf-8", errors="replace")
        kept.write_text(redact.redact(text), encoding="utf-8")
        shutil.rmtree(scratch, ignore_errors=True)


def _uses_stand_in(device: Device) -> bool:
    return not device.has_app


@pytest.fixture
def stand_in_base(target: Target) -> str:
    """Where the sandbox serves the PaymentSheet stand-in."""
    return target.links.get("paymentsheet") or target.url("/paymentsheet/")


def _own_server(device: Device, request: pytest.FixtureRequest) -> bool:
    """The stand-in runs on the run's own Appium server unless --appium-url names one."""
    return _uses_stand_in(device) and not request.config.getoption("--appium-url")


@pytest.fixture
def appium_url(device: Device, request: pytest.FixtureRequest) -> str:
    """Where the device's session is opened: --appium-url (stand-in, local devices), the run's own server
    (the stand-in), or the device's provider (a local Appium, a Grid, a farm)."""
    given: str | None = request.config.getoption("--appium-url")
    if given and (_uses_stand_in(device) or device.provider.kind is ProviderKind.APPIUM):
        return given.rstrip("/")
    if _own_server(device, request):
        server: AppiumServer = request.getfixturevalue("appium_server")
        return server.url
    return device.provider.url


@pytest.fixture
def appium_capabilities(device: Device, target: Target, pytestconfig: pytest.Config) -> dict[str, Any]:
    """The W3C capabilities of the device's session (credentials as `${VAR}`, filled at session start)."""
    if _uses_stand_in(device):
        if not target.is_sandbox:
            pytest.skip(NO_APP_OFF_SANDBOX.format(device=device.id, platform=device.platform.value))
        return stand_in_capabilities(
            device,
            chromedriver_port=free_port(),
            chromium=str(pytestconfig.getoption("--stand-in-browser")),
            chromedriver=str(pytestconfig.getoption("--chromedriver")),
        )
    caps = w3c_capabilities(device)
    caps.setdefault("appium:newCommandTimeout", 300)
    return caps


@pytest.fixture(scope="session")
def new_driver(pytestconfig: pytest.Config) -> Iterator[DeviceSessions]:
    """The factory of device sessions: `new_driver.get(device, request)`; every session closed at the end."""
    sessions = DeviceSessions()
    pytestconfig.stash[SESSIONS_KEY] = sessions
    yield sessions
    for problem in sessions.close_all():
        warnings.warn(problem, stacklevel=1)


@pytest.fixture
def mobile_session(
    device: Device,
    appium_url: str,
    appium_capabilities: dict[str, Any],
    new_driver: DeviceSessions,
    request: pytest.FixtureRequest,
) -> Iterator[MobileSession]:
    """The device's session with a freshly launched app; on failure, its page source and Appium log."""
    stand_in = request.getfixturevalue("stand_in_base") if _uses_stand_in(device) else None
    url = stand_in_url(stand_in, device) if stand_in else None
    server: AppiumServer | None = request.getfixturevalue("appium_server") if _own_server(device, request) else None
    log = LogCursor(server.log_path if server is not None else None)
    session = new_driver.get(device, SessionRequest(appium_url, appium_capabilities, url))
    if session.farm_url:
        attach_text(f"{device.id} session on the farm (video, logs)", session.farm_url)
    yield session
    if request.node.stash.get(FAILED_KEY, False):
        session.failures.append(request.node.name)
        attach_failure(session.driver, log, device.id)


@pytest.fixture
def driver(mobile_session: MobileSession) -> Any:
    """What the page objects drive: the Appium driver on a device, the stand-in's native view in Chromium."""
    return mobile_session.driver


# --- the app, its sheet, the flows ---------------------------------------------------------------------


@pytest.fixture
def payment_sheet(driver: Any, device: Device, device_timeout: float) -> IosPaymentSheet | AndroidPaymentSheet:
    """PaymentSheet's page objects for the device's platform and SDK version."""
    return sheet_for(driver, device, timeout=device_timeout)


@pytest.fixture
def mobile_app(driver: Any, device: Device, device_timeout: float, pytestconfig: pytest.Config) -> MobileApp:
    """The partner app's own navigation (the stand-in's, described like a partner's), launched and ready."""
    spec = pytestconfig.stash.get(APPS_KEY, {}).get(device.platform) or stand_in_spec()
    app = spec.build(driver, timeout=device_timeout)
    try:
        app.wait_ready()
    except AssertionError as exc:
        raise DeviceUnavailable(f"{device.id}: the app did not become ready: {exc}") from None
    return app


@pytest.fixture
def mobile_evidence(driver: Any) -> MobileEvidence:
    return MobileEvidence(driver)


@pytest.fixture
def device_user_binder(
    device: Device,
    user_factory: UserFactory,
    connect: ConnectClient,
    target: Target,
    pytestconfig: pytest.Config,
    request: pytest.FixtureRequest,
) -> UserBinder:
    """How this test finds the app's Connect user: the partner config's `apps.<platform>.binding` (the
    stand-in takes an injected user: the harness creates it and types its id)."""
    spec = pytestconfig.stash.get(APPS_KEY, {}).get(device.platform) or stand_in_spec()
    control = request.getfixturevalue("sandbox_control") if target.offers_control else None
    return UserBinder(
        spec.binding, connect, make_user=user_factory, billing=BILLING_DETAILS, token=target.token, control=control
    )


@pytest.fixture
def mobile_flows(
    mobile_app: MobileApp,
    payment_sheet: IosPaymentSheet | AndroidPaymentSheet,
    device: Device,
    connect: ConnectClient,
    mobile_evidence: MobileEvidence,
    device_user_binder: UserBinder,
    driver: Any,
    device_timeout: float,
) -> MobileFlows:
    return MobileFlows(
        app=mobile_app,
        sheet=payment_sheet,
        device=device,
        connect=connect,
        evidence=mobile_evidence,
        binder=device_user_binder,
        watch=RequestWatch(driver) if isinstance(driver, StandInDriver) else None,
        timeout=device_timeout,
    )


@pytest.fixture
def mobile_user_factory(device_user_binder: UserBinder) -> Callable[..., AppUser]:
    """`mobile_user_factory()` -> a new user of the app (bound when signed in); `billing=True`: ready to charge."""

    def make(*, billing: bool = False) -> AppUser:
        return device_user_binder.new_user(billing=billing)

    return make


@pytest.fixture
def mobile_user(mobile_user_factory: Callable[..., AppUser]) -> AppUser:
    return mobile_user_factory()


@pytest.fixture
def wallet(device: Device) -> Wallet:
    """The device's wallet, decided before the app opens: Apple Pay where the simulator's Wallet holds Apple's
    test cards, Google Pay where the device is signed in to a Google account; else the test is skipped."""
    offered = {Wallet.APPLE_PAY: device.offers_apple_pay(), Wallet.GOOGLE_PAY: device.offers_google_pay()}
    mine = next(w for w in Wallet if w.platform is device.platform)
    if not offered[mine]:
        need = (
            "Apple Pay test cards (apple_pay_test_cards)" if mine is Wallet.APPLE_PAY else "a signed-in Google account"
        )
        pytest.skip(f"{device.id} declares no {need} in its offers, so {mine.label} cannot be shown")
    return mine


@pytest.fixture
def mobile_debt(frontend: Frontend, charging: Charging) -> Callable[[AppUser, PayDebt], str]:
    """`mobile_debt(user, scenario)`: an open debt of the app's (bound) user, made through the Connect API and
    the sandbox's control; answers its session id."""
    return lambda user, scenario: open_debt(user.id, scenario, frontend, charging)
