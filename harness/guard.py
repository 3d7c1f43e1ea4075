"""The live-mode guard: certification runs against test mode unless the user opts in with --allow-live."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from connect_cert.harness.exitcodes import LiveModeRefused

PRODUCTION_HOSTS = frozenset({"connect.cariqa.com"})
LIVE_KEY_PREFIXES = ("pk_live_", "sk_live_", "rk_live_")


def check_host(url: str, *, allow_live: bool) -> None:
    """Refuse the production Connect host (dev.connect.cariqa.com and others are fine)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host in PRODUCTION_HOSTS and not allow_live:
        raise LiveModeRefused(
            f"refusing to run against the production host {host}: use the development environment "
            "(https://dev.connect.cariqa.com) or pass --allow-live to opt in"
        )


def check_keys(keys: Iterable[tuple[str, str | None]], *, allow_live: bool) -> None:
    """Refuse live Stripe keys; `keys` are (where it came from, value) pairs, the value is never printed."""
    if allow_live:
        return
    for source, value in keys:
        if value and value.strip().startswith(LIVE_KEY_PREFIXES):
            prefix = value.strip()[:8]
            raise LiveModeRefused(
                f"refusing a live Stripe key ({prefix}…) from {source}: use test-mode keys (pk_test_/sk_test_) "
                "or pass --allow-live to opt in"
            )
