"""The sandbox's credentials: partner tokens (JWT-shaped, as Connect issues them) and Stripe test keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

_SIGNING_SECRET = b"connect-cert-sandbox-signing-secret"
PARTNERS = ("partner_a", "partner_b")
REVOKED_PARTNER = "partner_revoked"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def partner_token(partner: str) -> str:
    """A deterministic HS256 JWT naming the partner; it never expires, like Connect's."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps({"partner": partner, "iat": 1767225600}, separators=(",", ":")).encode())
    signature = hmac.new(_SIGNING_SECRET, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


TOKENS: dict[str, str] = {partner_token(p): p for p in PARTNERS}
REVOKED_TOKEN = partner_token(REVOKED_PARTNER)

PUBLISHABLE_KEY = "pk_test_51SandboxConnectCertPublishableKey0000000000"
SECRET_KEY = "sk_test_51SandboxConnectCertSecretKey000000000000000"


def partner_for(token: str) -> str | None:
    return TOKENS.get(token)
