"""A partner frontend built on Stripe's official React packages (tests/web/react_app/), bundled with esbuild
from npm, served on the target's origin and described to the web flows by its selectors.

The bundle is built once per session into a temporary folder. The page loads it from
`{origin}/partner-react/`, a path Playwright answers from that folder, so the app shares the sandbox's
origin as a partner's app behind the same host would (the Connect API and the Stripe.js stand-in are
relative URLs; the sandbox sends no CORS headers). Its config names the stand-in at
`/stripe-js/<release>/stripe.js`, the release @stripe/stripe-js expects, so loadStripe finds no mismatch.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Route

from connect_cert.harness.target import Target
from connect_cert.harness.web.partner_app import SelectorApp
from connect_cert.harness.web.stripe_elements import ElementKind

REPO = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).resolve().parent / "react_app"
NODE_MODULES = REPO / "node_modules"
ESBUILD = NODE_MODULES / ".bin" / "esbuild"
STRIPE_JS_LOADER = NODE_MODULES / "@stripe" / "stripe-js" / "dist" / "pure.mjs"
APP_PATH = "/partner-react/"
REAL_STRIPE = "https://js.stripe.com/**"
BUILD_TIMEOUT_S = 120
NOT_INSTALLED = "the npm packages are not installed: run `npm ci` (make install)"

# The app's selectors, as a partner would describe their app in certification.yaml (apps.web.adapter):
# by role, label and text where the markup offers them.
REACT_SELECTORS = {
    "ready": 'body[data-ready="true"]',
    "sign_in.token": 'form[name="sign-in"] input[type="password"]',
    "sign_in.user_id": "role=textbox[name='User id']",
    "sign_in": "role=button[name='Sign in']",
    "signed_in": "header >> text=Signed in as",
    "add_payment_method": "role=button[name='Add payment method']",
    "submit_payment_method": "role=button[name='Save card']",
    "success_message": '[data-kind="success"]',
    "error_message": '[data-kind="error"]',
    "payment_method": 'section[aria-label="Payment methods"] li',
    "payment_method.default": "text=Default",
    "no_payment_methods": "text=No payment methods yet.",
    "log_out": "role=button[name='Log out']",
    "open_debts": "role=button[name='Open debts']",
    "debt": 'section[aria-label="Open debts"] li',
    "pay_debt": "role=button[name='Pay']",
    "no_debts": "text=No open debts.",
}


class BuildFailed(RuntimeError):
    """esbuild could not bundle the app."""


def stripe_js_release() -> str:
    """The Stripe.js release train the installed @stripe/stripe-js loads (`endive` for version 10)."""
    found = re.search(r"RELEASE_TRAIN = '([a-z]+)'", STRIPE_JS_LOADER.read_text(encoding="utf-8"))
    if not found:
        raise BuildFailed(f"no RELEASE_TRAIN in {STRIPE_JS_LOADER}")
    return found.group(1)


def build_react_app(out: Path) -> Path:
    """Bundle app.jsx with React, react-stripe-js and stripe-js into `out` (app.js beside index.html)."""
    command = [
        str(ESBUILD),
        str(SOURCE / "app.jsx"),
        "--bundle",
        "--format=iife",
        "--jsx=automatic",
        "--target=es2020",
        "--minify",
        '--define:process.env.NODE_ENV="production"',
        f"--outfile={out / 'app.js'}",
        "--log-level=error",
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"esbuild exited {done.returncode}: {done.stderr.strip()[:2000]}")
    shutil.copy(SOURCE / "index.html", out / "index.html")
    return out


def app_config(target: Target) -> dict[str, str]:
    """What the app is configured with for this target; every URL relative to the shared origin."""
    if not target.publishable_key:
        raise BuildFailed("the target offers no publishable key")
    return {
        "connect_api_base": urlsplit(target.api_base).path.rstrip("/"),
        "stripe_js_url": f"/stripe-js/{stripe_js_release()}/stripe.js",
        "publishable_key": target.publishable_key,
    }


@dataclass
class BrowserLog:
    """What reached the console, uncaught errors, and every request to the real Stripe.js."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    real_stripe: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message: ConsoleMessage) -> None:
        # A declined card answers 402, which Chromium reports as a failed resource: not the app's complaint.
        if message.type in ("warning", "error") and not message.text.startswith("Failed to load resource"):
            self.console.append(f"{message.type}: {message.text}")

    def complaints(self) -> list[str]:
        return self.console + self.page_errors + [f"request to the real Stripe.js: {u}" for u in self.real_stripe]


def serve_react_app(page: Page, origin: str, build: Path, config: dict[str, str], log: BrowserLog) -> None:
    """Answer `{origin}/partner-react/…` from the build; refuse (and record) any request to js.stripe.com."""
    files = {"": "index.html", "index.html": "index.html", "app.js": "app.js"}

    def answer(route: Route) -> None:
        name = urlsplit(route.request.url).path.removeprefix(APP_PATH)
        if name == "config.json":
            route.fulfill(json=config, headers={"Cache-Control": "no-store"})
        elif name in files:
            kind = "text/html" if files[name].endswith(".html") else "text/javascript"
            route.fulfill(path=build / files[name], content_type=kind, headers={"Cache-Control": "no-store"})
        else:
            route.fulfill(status=404, body="not found")

    def refuse(route: Route) -> None:
        log.real_stripe.append(route.request.url)
        route.abort()

    page.route(f"{origin}{APP_PATH}**", answer)
    page.route(REAL_STRIPE, refuse)


class ReactPartnerApp(SelectorApp):
    """The React frontend; `element` picks its <PaymentElement> or <CardElement> form."""

    def __init__(self, page: Page, *, origin: str, element: ElementKind, timeout_ms: float = 15_000) -> None:
        url = f"{origin}{APP_PATH}?element={element.value}"
        super().__init__(page, url=url, selectors=REACT_SELECTORS, timeout_ms=timeout_ms)
        self.element = element
