"""Remove secrets from anything the harness writes: logs, reports, cassettes, curl commands.

Redacted: partner tokens (JWTs and any token registered at run time), `Bearer …` values, Stripe keys
(`sk_…`, `rk_…`, and `pk_…` too: public, but nothing a report needs), client secrets
(`seti_…_secret_…`, `pi_…_secret_…`; the intent id before `_secret_` is kept, it is not a secret) and
full card numbers other than Stripe's published test numbers (the last four digits are kept).
"""

from __future__ import annotations

import re
import shlex
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from connect_cert.fixtures.cards import PUBLISHED_TEST_NUMBERS

MASK = "[REDACTED]"

_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s\"',;]+")
_STRIPE_KEY = re.compile(r"\b((?:sk|pk|rk)_(?:test|live)_)[A-Za-z0-9]+")
_CLIENT_SECRET = re.compile(r"\b((?:seti|pi|src)_[A-Za-z0-9]+_secret_)[A-Za-z0-9]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# 14 to 19 digits, optionally grouped by single spaces or dashes, starting like a card (2-6), not part of a word.
_PAN = re.compile(r"(?<![\w-])[2-6](?:[ -]?\d){13,18}(?![\w-])")

SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization"})
SENSITIVE_KEYS = frozenset({"token", "access_token", "refresh_token", "password", "secret", "api_key", "key"})

_registered: set[str] = set()
_lock = threading.Lock()


def registered_secrets() -> tuple[str, ...]:
    """The secrets registered this run (tokens, keys), for the leak scan."""
    return tuple(sorted(_registered))


def register_secret(value: str | None) -> None:
    """Redact this exact value wherever it appears (tokens that do not look like one)."""
    if value and len(value) >= 8:
        with _lock:
            _registered.add(value)


def luhn_ok(digits: str) -> bool:
    """Whether a digit run passes the Luhn check, as every real card number does."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _mask_pan(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(0))
    if digits in PUBLISHED_TEST_NUMBERS or not luhn_ok(digits):
        return match.group(0)
    return f"[REDACTED card …{digits[-4:]}]"


def redact(text: str, extra_secrets: Iterable[str | None] = ()) -> str:
    """The text with every secret and non-test card number replaced."""
    if not text:
        return text
    with _lock:
        exact = sorted({*_registered, *(s for s in extra_secrets if s and len(s) >= 8)}, key=len, reverse=True)
    # Patterns first, so the result does not depend on which secrets happen to be registered.
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _JWT.sub(MASK, text)
    text = _STRIPE_KEY.sub(lambda m: f"{m.group(1)}{MASK}", text)
    text = _CLIENT_SECRET.sub(lambda m: f"{m.group(1)}{MASK}", text)
    for secret in exact:
        text = text.replace(secret, MASK)
    return _PAN.sub(_mask_pan, text)


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers with credentials masked (the scheme of Authorization is kept)."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for name, value in items:
        if name.lower() in SENSITIVE_HEADERS:
            scheme = value.split(" ", 1)[0] if name.lower().endswith("authorization") and " " in value else ""
            result[name] = f"{scheme} {MASK}".strip()
        else:
            result[name] = redact(value)
    return result


def redact_json(value: Any) -> Any:
    """A copy of a JSON-like structure with secrets masked, by key name and by pattern."""
    if isinstance(value, Mapping):
        return {
            k: (MASK if isinstance(k, str) and k.lower() in SENSITIVE_KEYS and isinstance(v, str) else redact_json(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_json(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value


def curl_command(request: httpx.Request) -> str:
    """A curl command that reproduces the request, with the token as a shell variable and secrets masked."""
    parts = ["curl", "-sS", "-X", request.method]
    for name, value in request.headers.items():
        lname = name.lower()
        if lname in ("host", "content-length", "accept-encoding", "connection", "user-agent", "accept"):
            continue
        if lname == "authorization":
            value = "Bearer $CONNECT_TOKEN" if value.lower().startswith("bearer ") else MASK
            parts += ["-H", f'"{name}: {value}"']  # double quotes: the shell expands $CONNECT_TOKEN
            continue
        parts += ["-H", shlex.quote(f"{name}: {redact(value)}")]
    body = request.content.decode("utf-8", "replace") if request.content else ""
    if body:
        parts += ["--data", shlex.quote(redact(body))]
    parts.append(shlex.quote(redact(str(request.url))))
    return " ".join(parts)
