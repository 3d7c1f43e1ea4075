"""The web suite's pytest plugin: one browser per worker, a fresh context per test, page objects and flows.

    browser_launch_args -> browser -> browser_context_args -> new_context -> context -> page
    web_app (certification.yaml apps.web, or the reference client) + element_kind -> partner_app -> flows
    web_app.binding + user_factory -> user_binder -> web_user_factory -> web_user (bound when signed in)
    page -> stripe_calls, page_diagnostics (watched before the app opens; Stripe's hosts routed to a sandbox)

Loaded by the main plugin (`connect_cert.harness.plugin`), so its options exist from start-up and join
the one `connect-cert` group. Artifacts: a screenshot per step always (Allure); a Playwright
trace and video only for a failed test, decided in `pytest_runtest_makereport`, kept under
`<reports-dir>/web/<test>/`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import allure
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness import redact
from connect_cert.harness.binding import UserBinder
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.exitcodes import ConfigError, EnvironmentBroken
from connect_cert.harness.options import option_group
from connect_cert.harness.reports.allure import attach_file, attach_png, label_device
from connect_cert.harness.sandbox_runner import embedded_sandbox
from connect_cert.harness.stash import DEVICES_KEY, FAILED_KEY, PARTNER_KEY, WEB_APP_KEY
from connect_cert.harness.target import Target
from connect_cert.harness.web.artifacts import artifact_dir, redact_trace
from connect_cert.harness.web.browser import (
    CHROMIUM,
    capabilities_from,
    check_endpoint,
    connect_url,
    endpoint_secrets,
    launch_args,
    missing_browser,
    release_playwright,
    shared_playwright,
    shown,
    start_browser,
    video_problem,
)
from connect_cert.harness.web.evidence import Evidence
from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.page_watch import PageDiagnostics, StripeConfirmations
from connect_cert.harness.web.partner_app import REFERENCE, PartnerApp, WebAppSpec, WebUser, spec_from_partner_app
from connect_cert.harness.web.stripe_elements import ElementKind, StripeElements
from connect_cert.harness.web.stripe_hosts import STRIPE_API, route_stripe_hosts
from connect_cert.harness.web.three_ds import ThreeDSChallenge

if TYPE_CHECKING:
    from connect_cert.harness.plugin import UserFactory

DESKTOP = "desktop"
MOBILE_DEVICES = {"iphone": "iPhone 15", "pixel": "Pixel 7"}  # Playwright device descriptors
DESKTOP_CONTEXT: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
ARTIFACT_MODES = ("retain-on-failure", "off")
VIDEO_MAX_WIDTH = 640  # enough to follow a flow; encoding larger frames costs CPU the tests need
WEB_TIMEOUT_MS = 15_000  # every wait of a page object ends within this, then asserts
STRIPE_JS = "https://js.stripe.com/v3/"
NO_WEB_APP = "the partner config lists no web app (apps.web), so the web platform is not certified"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--browser-endpoint",
        default=None,
        metavar="URL",
        help="use a remote browser instead of launching Chromium: ws(s)://… a Playwright browser server "
        "(launchServer, BrowserStack), cdp+ws(s)://… or cdp+http(s)://… a Chrome DevTools endpoint "
        "(a Selenium Grid 4 session's se:cdp, Sauce Labs); ${VAR} is read from the environment; the target "
        "must be reachable from that browser",
    )
    group.addoption(
        "--browser-caps-env",
        default=None,
        metavar="VAR",
        help="environment variable holding the JSON capabilities a cloud's Playwright endpoint reads "
        "(sent as its `caps` query parameter; never printed)",
    )
    group.addoption(
        "--browser-executable",
        default=CHROMIUM,
        metavar="PATH",
        help=f"the Chromium the web suite launches (default {CHROMIUM}, Debian's package)",
    )
    group.addoption(
        "--web-devices",
        default=",".join(MOBILE_DEVICES),
        metavar="NAMES",
        help=f"mobile viewports of the device tests, comma-separated from {', '.join(MOBILE_DEVICES)}",
    )
    group.addoption(
        "--web-artifacts",
        choices=ARTIFACT_MODES,
        default="retain-on-failure",
        help="Playwright trace and video of web tests: kept for failed tests only, or not recorded",
    )


def _web_app(config: pytest.Config) -> WebAppSpec | None:
    """The app of `apps.web` in the partner config; the reference client without a partner config."""
    partner = config.stash.get(PARTNER_KEY, None)
    if partner is None:
        return REFERENCE
    app = partner.apps.get("web")
    if app is None:
        return None
    try:
        return spec_from_partner_app(app, Path(partner.path).parent)
    except ConfigError as exc:
        raise pytest.UsageError(f"{Path(partner.path).name}: {exc}") from None


def _web_devices(config: pytest.Config) -> set[str]:
    chosen = {d.strip() for d in str(config.getoption("--web-devices")).split(",") if d.strip()}
    unknown = chosen - set(MOBILE_DEVICES)
    if unknown:
        raise pytest.UsageError(
            f"--web-devices: unknown {', '.join(sorted(unknown))} (known: {', '.join(MOBILE_DEVICES)})"
        )
    return chosen


def pytest_configure(config: pytest.Config) -> None:
    """After the reports plugin's (tryfirst), which reads the partner config this takes `apps.web` from."""
    config.stash[WEB_APP_KEY] = _web_app(config)
    config.stash[DEVICES_KEY] = _web_devices(config)
    endpoint = config.getoption("--browser-endpoint")
    if endpoint:
        try:
            check_endpoint(endpoint)
            connect_url(endpoint, capabilities_from(config.getoption("--browser-caps-env")))
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "element_kind" in metafunc.fixturenames:
        spec = metafunc.config.stash.get(WEB_APP_KEY, REFERENCE)
        if spec is not None and spec.is_reference:
            marker = metafunc.definition.get_closest_marker("web_element")
            kinds = [ElementKind(marker.args[0])] if marker else list(ElementKind)
            metafunc.parametrize("element_kind", kinds, ids=[f"{k.value}-element" for k in kinds])
        else:
            metafunc.parametrize("element_kind", [None], ids=["partner-app"])
    marker = metafunc.definition.get_closest_marker("web_devices")
    if marker and "device_name" in metafunc.fixturenames:
        chosen = metafunc.config.stash.get(DEVICES_KEY, set(MOBILE_DEVICES))
        names = [d for d in marker.args if d in chosen]
        metafunc.parametrize("device_name", names, ids=names)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """The one place that decides whether a test's trace and video are kept: it failed."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        item.stash[FAILED_KEY] = True
    return report


# --- browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_launch_args(pytestconfig: pytest.Config) -> dict[str, Any]:
    """How the local Chromium starts; override to change flags."""
    return launch_args(str(pytestconfig.getoption("--browser-executable")))


def _recording(config: pytest.Config) -> bool:
    return str(config.getoption("--web-artifacts")) != "off"


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    yield shared_playwright()
    release_playwright()


@pytest.fixture(scope="session")
def video_recording(pytestconfig: pytest.Config, playwright_driver: Playwright) -> bool:
    """Whether contexts record video (kept for failed tests only); needs an ffmpeg Playwright can run.

    A remote browser renders video with the ffmpeg of its own host, which may have none: there a failed
    test keeps its trace, and a cloud's own session video is the recording."""
    if not _recording(pytestconfig) or pytestconfig.getoption("--browser-endpoint"):
        return False
    problem = video_problem()
    if problem is not None:
        warnings.warn(f"web suite: failed tests keep a trace but no video: {problem}", stacklevel=1)
    return problem is None


@pytest.fixture(scope="session")
def browser(
    playwright_driver: Playwright, browser_launch_args: dict[str, Any], pytestconfig: pytest.Config
) -> Iterator[Browser]:
    """One browser per worker: launched, or connected with --browser-endpoint.

    No browser to launch or connect to is the environment: every test that needs one is broken with the
    cause (`EnvironmentBroken`), never failed."""
    endpoint: str | None = pytestconfig.getoption("--browser-endpoint")
    capabilities = capabilities_from(pytestconfig.getoption("--browser-caps-env")) if endpoint else None
    for secret in endpoint_secrets(endpoint, capabilities) if endpoint else ():
        redact.register_secret(secret)
    try:
        started = start_browser(playwright_driver, endpoint, browser_launch_args, capabilities)
    except PlaywrightError as exc:
        missing = None if endpoint else missing_browser(browser_launch_args["executable_path"])
        if missing is not None:
            raise EnvironmentBroken(f"environment unreachable: {missing}") from None
        where = shown(endpoint) if endpoint else browser_launch_args["executable_path"]
        raise EnvironmentBroken(f"environment unreachable: no browser at {where}: {_first_line(exc)}") from None
    yield started
    started.close()


def _first_line(exc: Exception) -> str:
    """Playwright's own first line, with any secret of the endpoint's query left out."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return re.sub(r"(wss?|https?)://\S+", lambda m: shown(m.group(0)), first)


@pytest.fixture
def device_name() -> str:
    """The viewport: desktop, unless a test asks for mobile ones (`@pytest.mark.web_devices`)."""
    return DESKTOP


@pytest.fixture
def browser_context_args(
    device_name: str, playwright_driver: Playwright, video_recording: bool, tmp_path: Path
) -> dict[str, Any]:
    if device_name == DESKTOP:
        args = dict(DESKTOP_CONTEXT)
    else:
        descriptor = playwright_driver.devices[MOBILE_DEVICES[device_name]]
        args = {k: v for k, v in descriptor.items() if k != "default_browser_type"}  # we drive Chromium
    args.update(locale="en-US", timezone_id="Europe/Berlin")
    if video_recording:
        args["record_video_dir"] = str(tmp_path / "video")
        width, height = args["viewport"]["width"], args["viewport"]["height"]
        scale = min(1.0, VIDEO_MAX_WIDTH / width)
        args["record_video_size"] = {"width": int(width * scale) // 2 * 2, "height": int(height * scale) // 2 * 2}
    return args


@pytest.fixture
def new_context(
    browser: Browser,
    browser_context_args: dict[str, Any],
    request: pytest.FixtureRequest,
    reports_dir: Path,
    pytestconfig: pytest.Config,
) -> Iterator[Callable[..., BrowserContext]]:
    """Factory of browser contexts; closes them all and keeps trace and video when the test failed."""
    record = _recording(pytestconfig)
    contexts: list[BrowserContext] = []

    def make(**overrides: Any) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, **overrides})
        context.set_default_timeout(WEB_TIMEOUT_MS)
        if record:
            context.tracing.start(screenshots=True, snapshots=True, sources=False)
        contexts.append(context)
        return context

    yield make
    keep = record and request.node.stash.get(FAILED_KEY, False)
    folder = artifact_dir(reports_dir, request.node.nodeid)
    for n, context in enumerate(contexts):
        _close_context(context, folder if keep else None, f"-{n}" if n else "", record)


def _close_context(context: BrowserContext, folder: Path | None, suffix: str, record: bool) -> None:
    pages = list(context.pages)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages):
            try:
                png = page.screenshot(path=str(folder / f"failure{suffix}-{i}.png"), timeout=5_000)
                attach_png("at the failure", png)
            except PlaywrightError:
                pass
    if record:
        if folder is not None:
            trace = folder / f"trace{suffix}.zip"
            context.tracing.stop(path=str(trace))
            redact_trace(trace)
            attach_file(trace, "Playwright trace (npx playwright show-trace)")
        else:
            context.tracing.stop()
    videos = [page.video for page in pages if page.video is not None]
    context.close()
    for i, video in enumerate(videos):
        if folder is not None:
            kept = folder / f"video{suffix}-{i}.webm"
            video.save_as(str(kept))
            attach_file(kept, "video")
        video.delete()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext, device_name: str) -> Page:
    label_device(device_name)
    return context.new_page()


# --- the app and its page objects ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def web_app(pytestconfig: pytest.Config) -> WebAppSpec:
    spec = pytestconfig.stash.get(WEB_APP_KEY, REFERENCE)
    if spec is None:
        pytest.skip(NO_WEB_APP)
    return spec


@pytest.fixture(scope="session")
def reference_client_base(target: Target, web_app: WebAppSpec) -> Iterator[str]:
    """Where the reference client is served: the sandbox target itself, else a local sandbox's static pages."""
    if target.is_sandbox:
        yield target.links.get("playground") or target.url("/playground/")
        return
    with embedded_sandbox() as local:
        yield f"{local.url}/playground/"


@pytest.fixture
def evidence(page: Page) -> Evidence:
    return Evidence(page)


@pytest.fixture
def stripe_calls(page: Page) -> StripeConfirmations:
    """The page's Stripe calls (confirmations, intents, Stripe bases), watched from before the app opens."""
    calls = StripeConfirmations()
    calls.watch(page)
    return calls


@pytest.fixture
def page_diagnostics(page: Page) -> PageDiagnostics:
    """The page's console errors and failed requests, for the findings."""
    diagnostics = PageDiagnostics()
    diagnostics.watch(page)
    return diagnostics


@pytest.fixture
def partner_app(
    page: Page,
    web_app: WebAppSpec,
    element_kind: ElementKind | None,
    target: Target,
    request: pytest.FixtureRequest,
    evidence: Evidence,
    stripe_calls: StripeConfirmations,
    page_diagnostics: PageDiagnostics,
) -> PartnerApp:
    """The app under test, opened. The reference client pointed at a real target loads real Stripe.js; with a
    sandbox as the target, Stripe's hosts are the sandbox's, so an app loading Stripe.js from js.stripe.com runs."""
    if target.is_sandbox:
        route_stripe_hosts(page.context, target.origin)
    config = None
    base = ""
    if web_app.is_reference:
        base = request.getfixturevalue("reference_client_base")
        if not target.is_sandbox:
            config = {
                "target": target.name,
                "connect_api_base": target.api_base,
                "stripe_js_url": STRIPE_JS,
                "publishable_key": target.publishable_key,
                "wallet_domain": target.wallet_domain,
            }
    app = web_app.build(page, reference_base=base, element=element_kind, timeout_ms=WEB_TIMEOUT_MS, config=config)
    with evidence.step("open the app", element=element_kind.value if element_kind else "the app's"):
        app.open()
    return app


@pytest.fixture
def elements(page: Page) -> StripeElements:
    return StripeElements(page, timeout_ms=WEB_TIMEOUT_MS)


@pytest.fixture
def three_ds(page: Page) -> ThreeDSChallenge:
    return ThreeDSChallenge(page, timeout_ms=WEB_TIMEOUT_MS)


@pytest.fixture
def flows(
    partner_app: PartnerApp,
    elements: StripeElements,
    three_ds: ThreeDSChallenge,
    connect: ConnectClient,
    evidence: Evidence,
    stripe_calls: StripeConfirmations,
    page_diagnostics: PageDiagnostics,
    user_binder: UserBinder,
    target: Target,
) -> WebFlows:
    bases = tuple(b for b in (target.stripe_api_base, STRIPE_API if target.is_sandbox else None) if b)
    return WebFlows(
        app=partner_app,
        elements=elements,
        challenge=three_ds,
        connect=connect,
        evidence=evidence,
        confirmations=stripe_calls,
        binder=user_binder,
        diagnostics=page_diagnostics,
        stripe_bases=bases,
    )


# --- users ----------------------------------------------------------------------------------------------


@pytest.fixture
def user_binder(
    web_app: WebAppSpec,
    user_factory: UserFactory,
    connect: ConnectClient,
    target: Target,
    request: pytest.FixtureRequest,
) -> UserBinder:
    """How this test finds the app's Connect user: the partner config's `apps.web.binding` (the reference
    client takes an injected user)."""
    allure.dynamic.label("binding", web_app.binding.kind.value)  # type: ignore[no-untyped-call]
    control = request.getfixturevalue("sandbox_control") if target.offers_control else None
    return UserBinder(
        web_app.binding, connect, make_user=user_factory, billing=BILLING_DETAILS, token=target.token, control=control
    )


@pytest.fixture
def web_user_factory(user_binder: UserBinder) -> Callable[..., WebUser]:
    """`web_user_factory()` -> a new user of the app (bound when signed in); `billing=True`: ready to charge."""

    def make(*, billing: bool = False) -> WebUser:
        return user_binder.new_user(billing=billing)

    return make


@pytest.fixture
def web_user(web_user_factory: Callable[..., WebUser]) -> WebUser:
    return web_user_factory()
