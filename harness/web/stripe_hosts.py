"""Stripe's hosts answered by the sandbox: an app that loads Stripe.js the official way runs unmodified.

`@stripe/stripe-js` injects `https://js.stripe.com/<release>/stripe.js` (`v3`, or a release train such as
`endive`); Stripe.js then frames `js.stripe.com/v3/…`, calls `api.stripe.com/v1/…` and shows 3DS pages from
`hooks.stripe.com`. With a sandbox as the target, the web suite routes those three hosts (Playwright's
`context.route`) to the sandbox's stand-in, emulator and 3DS pages; the stand-in, seeing itself served as
js.stripe.com, calls api.stripe.com and hooks.stripe.com in turn, as Stripe.js does.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Route
from playwright.sync_api import Error as PlaywrightError

STRIPE_HOSTS = ("https://js.stripe.com/**", "https://api.stripe.com/**", "https://hooks.stripe.com/**")
STRIPE_API = "https://api.stripe.com"  # what the page calls when routed: the target's Stripe all the same
_RELEASE_SCRIPT = re.compile(r"^/([A-Za-z0-9]+)/?(?:stripe\.js)?$")  # /v3/, /v3, /endive/stripe.js
_FRAME_FILE = re.compile(r"^/v3/([\w.-]+\.(?:html|js|css))$")


def sandbox_path(url: str) -> str | None:
    """The sandbox path answering `url` on one of Stripe's hosts; None for anything the sandbox has not."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    if parts.hostname == "js.stripe.com":
        frame = _FRAME_FILE.match(parts.path)
        if frame:
            return f"/stripe-js/v3/{frame.group(1)}"
        release = _RELEASE_SCRIPT.match(parts.path)
        if release:
            name = release.group(1)
            return "/stripe-js/v3/" if name == "v3" else f"/stripe-js/{name}/stripe.js"
        return None
    if parts.hostname == "api.stripe.com" and parts.path.startswith("/v1/"):
        return f"/stripe{parts.path}{query}"
    if parts.hostname == "hooks.stripe.com" and parts.path.startswith("/stripe/3ds/"):
        return f"{parts.path}{query}"
    return None


def route_stripe_hosts(context: BrowserContext, sandbox_origin: str) -> None:
    """Answer js.stripe.com, api.stripe.com and hooks.stripe.com from the sandbox at `sandbox_origin`."""
    origin = sandbox_origin.rstrip("/")

    def answer(route: Route) -> None:
        path = sandbox_path(route.request.url)
        if path is None:
            route.fulfill(status=404, content_type="text/plain", body="not served by the connect-cert sandbox")
            return
        try:
            response = route.fetch(url=origin + path, max_redirects=0)
        except PlaywrightError:
            route.abort("connectionrefused")
            return
        route.fulfill(response=response)

    for pattern in STRIPE_HOSTS:
        context.route(pattern, answer)
