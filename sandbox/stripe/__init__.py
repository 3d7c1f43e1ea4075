"""Stripe test mode, emulated: Stripe's own paths under /stripe/, the card table in `cards`."""

from __future__ import annotations

from starlette.routing import BaseRoute

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.stripe import api, challenge


def install(sb: Sandbox) -> None:
    """Nothing to subscribe: Stripe emits, the Connect API listens."""


def routes() -> list[BaseRoute]:
    return [*api.routes(), *challenge.routes(), api.fallback()]
