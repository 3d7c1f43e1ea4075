"""The sandbox's shared state: store, settings, clock and the in-process event bus."""

from __future__ import annotations

import secrets
import string
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from connect_cert.sandbox.store import Store

_ALPHABET = string.ascii_letters + string.digits


def new_id(prefix: str, length: int = 24) -> str:
    """A Stripe-style id: `seti_1Q…`."""
    return f"{prefix}_" + "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass
class Settings:
    """Scenario knobs, changed by `PUT /_sandbox/config`; persisted with the rest."""

    preauth_amount: str = "50.00"  # EUR; "0" or "0.00" disables the pre-authorization
    currency: str = "EUR"
    cdr_delay_seconds: float = 5.0  # stop -> CDR, as the charging provider sends it later
    progress_interval_seconds: float = 3.0  # between progress updates on progress VCPs
    default_energy_kwh: str = "7.500"  # a CDR's energy when nothing else set it
    clock_offset_seconds: float = 0.0
    faults: dict[str, str] = field(default_factory=dict)  # operation -> ErrorType, used once

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def preauth_cents(self) -> int:
        return int(Decimal(self.preauth_amount) * 100)


Handler = Callable[..., None]


class Sandbox:
    """Everything a request handler needs; one per app."""

    def __init__(self, store: Store, base_path: str = "") -> None:
        self.store = store
        self.base_path = base_path
        self._subscribers: dict[str, list[Handler]] = defaultdict(list)
        self._tickers: list[Callable[[], None]] = []

    # settings -----------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        data = self.store.get("config", "settings")
        return Settings.from_dict(data) if data else Settings()

    def save_settings(self, settings: Settings) -> None:
        self.store.put("config", "settings", asdict(settings))

    def take_fault(self, operation: str) -> str | None:
        """A fault injected for this operation, consumed by the first request that meets it."""
        settings = self.settings
        fault = settings.faults.pop(operation, None)
        if fault:
            self.save_settings(settings)
        return fault

    # clock --------------------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.settings.clock_offset_seconds

    # events -------------------------------------------------------------------------------------
    def subscribe(self, event: str, handler: Handler) -> None:
        self._subscribers[event].append(handler)

    def emit(self, event: str, obj: dict[str, Any]) -> None:
        """Deliver synchronously, inside the caller's transaction (a webhook that cannot be lost)."""
        for handler in self._subscribers[event]:
            handler(obj)

    def on_tick(self, ticker: Callable[[], None]) -> None:
        self._tickers.append(ticker)

    def tick(self) -> None:
        """Let time-driven work that is due happen (progress updates, CDRs)."""
        for ticker in self._tickers:
            ticker()
