"""What the page does besides what it shows: its Stripe calls, and its console errors and failed requests.

`StripeConfirmations` records, wherever Stripe is hosted, the confirm calls the page (and Stripe's frames)
send, every SetupIntent / PaymentIntent the page names (in a path or by its client secret) and the Stripe
bases it calls: the binding proof and discovery read them (`connect_cert.harness.binding`). Never a form
value, which may hold card details; never a client secret, only the intent id it starts with.

`PageDiagnostics` keeps the page's console errors, uncaught errors and failed requests, for the finding of a
failed flow; an `IntegrationError` from Stripe.js decides a flow at once (the page cannot go on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError

from connect_cert.harness import redact

_CONFIRM = re.compile(r"/v1/(setup_intents|payment_intents)/([A-Za-z0-9_]+)/confirm$")
_INTENT_PATH = re.compile(r"/v1/(?:setup_intents|payment_intents)/((?:seti|pi)_[A-Za-z0-9]+)(?:/|$)")
_SECRET = re.compile(r"^((?:seti|pi)_[A-Za-z0-9]+)_secret_")
# Stripe's API resources a page's Stripe.js calls (the Connect API's own paths use hyphens and /users/).
_STRIPE_CALL = re.compile(
    r"^(.*?)/v1/(?:setup_intents|payment_intents|payment_methods|elements|confirmation_tokens|tokens|sources|"
    r"payment_pages|3ds2|consumers|link_account_sessions|radar)(?:/|$)"
)
MAX_LISTED = 5  # per kind, in a finding's summary
DECISIVE = "IntegrationError"  # Stripe.js's error for a misuse: the flow cannot succeed


@dataclass(frozen=True)
class Confirmation:
    """A confirm call the browser sent to Stripe (never its form data, which may hold card details)."""

    kind: str  # setup_intents or payment_intents
    intent_id: str
    return_url: str | None


@dataclass
class StripeConfirmations:
    """The page's Stripe calls: confirmations, the intents named, the Stripe bases called."""

    seen: list[Confirmation] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    _requests: dict[str, Request] = field(default_factory=dict)  # intent id -> its last confirm call

    def watch(self, page: Page) -> None:
        page.on("request", self._on_request)

    def _on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        call = _STRIPE_CALL.match(parts.path)
        if call is None:
            return
        base = f"{parts.scheme}://{parts.netloc}{call.group(1)}"
        if base not in self.bases:
            self.bases.append(base)
        named = [m.group(1) for m in [_INTENT_PATH.search(parts.path)] if m]
        params = parse_qs(parts.query)
        if request.method == "POST":
            params.update(parse_qs(_post_data(request)))
        named += [m.group(1) for s in params.get("client_secret", []) for m in [_SECRET.match(s)] if m]
        for intent in named:
            if intent not in self.intents:
                self.intents.append(intent)
        confirm = _CONFIRM.search(parts.path)
        if request.method == "POST" and confirm:
            return_url = params.get("return_url", [None])[0]
            self.seen.append(Confirmation(confirm.group(1), confirm.group(2), return_url))
            self._requests[confirm.group(2)] = request

    def of(self, kind: str) -> list[Confirmation]:
        return [c for c in self.seen if c.kind == kind]

    def clear(self) -> None:
        """Forget the confirmations (a new flow starts); the intents named stay, for the session's proof."""
        self.seen.clear()

    def mark(self) -> int:
        """A point in the page's life (a sign-in): `intents_since` counts from it."""
        return len(self.intents)

    def intents_since(self, mark: int) -> list[str]:
        return self.intents[mark:]

    def payment_method_of(self, intent_id: str) -> str | None:
        """The PaymentMethod Stripe answered the confirm call of `intent_id` with (Stripe.js expands it)."""
        request = self._requests.get(intent_id)
        try:
            response = request.response() if request is not None else None
            body: Any = response.json() if response is not None and response.ok else None
        except (PlaywrightError, ValueError):
            return None
        payment_method = body.get("payment_method") if isinstance(body, dict) else None
        if isinstance(payment_method, dict):
            payment_method = payment_method.get("id")
        return payment_method if isinstance(payment_method, str) else None


def _post_data(request: Request) -> str:
    try:
        return request.post_data or ""
    except (PlaywrightError, UnicodeDecodeError):
        return ""


def _without_stack(text: str) -> str:
    """An error as the console prints it, without the stack trace that follows its first line."""
    return re.split(r"\n\s+at ", text, maxsplit=1)[0]


def _where(url: str) -> str:
    """A URL without its query (client secrets and keys travel there), redacted."""
    parts = urlsplit(url)
    return redact.redact(f"{parts.scheme}://{parts.netloc}{parts.path}")


@dataclass
class PageDiagnostics:
    """Console errors, uncaught errors and failed requests of one page, in order."""

    entries: list[tuple[str, str]] = field(default_factory=list)  # (kind, one line): console, uncaught, request

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._add("uncaught", _without_stack(f"{error.name}: {error.message}")))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _add(self, kind: str, text: str) -> None:
        line = " ".join(redact.redact(text).split())[:300]
        if (kind, line) not in self.entries:
            self.entries.append((kind, line))

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium also logs every 4xx as "Failed to load resource": the response handler has those, with the URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self._add("console", _without_stack(message.text))

    def _on_failed(self, request: Request) -> None:
        self._add("request", f"{request.method} {_where(request.url)}: {request.failure or 'failed'}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._add("request", f"{response.request.method} {_where(response.url)} -> {response.status}")

    def mark(self) -> int:
        return len(self.entries)

    def decisive_since(self, mark: int) -> str | None:
        """The first Stripe.js IntegrationError since `mark`: the page cannot complete the flow after it."""
        return next((text for kind, text in self.entries[mark:] if kind != "request" and DECISIVE in text), None)

    def summary(self, mark: int = 0) -> str:
        """One line per kind, for a finding: what the console said and which requests failed."""
        lines = []
        for kind, title in (
            ("uncaught", "uncaught errors"),
            ("console", "console errors"),
            ("request", "failed requests"),
        ):
            texts = [text for k, text in self.entries[mark:] if k == kind]
            if texts:
                more = f" (+{len(texts) - MAX_LISTED} more)" if len(texts) > MAX_LISTED else ""
                lines.append(f"Page {title}: {' | '.join(texts[:MAX_LISTED])}{more}")
        return "\n".join(lines)
