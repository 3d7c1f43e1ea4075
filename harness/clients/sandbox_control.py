"""The sandbox's control API (`/_sandbox/`): script a scenario instead of waiting for it.

Only a sandbox offers it; a suite asks the `sandbox_control` fixture, which skips on other targets.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.clients import ApiResponse, HttpClient, Observer


class SandboxControl(HttpClient):
    """`base` is the control API's absolute base, e.g. `http://127.0.0.1:8765/_sandbox`."""

    def __init__(
        self,
        base: str,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        observers: tuple[Observer, ...] = (),
    ) -> None:
        super().__init__(
            base, headers={"Accept": "application/json"}, timeout=timeout, transport=transport, observers=observers
        )

    def info(self) -> ApiResponse:
        return self.send("sandbox.info", "GET", "/info")

    def reset(self) -> ApiResponse:
        """Forget every user, method, session, debt and invoice; settings back to their defaults."""
        return self.send("sandbox.reset", "POST", "/reset")

    def settings(self) -> ApiResponse:
        """The current scenario settings (preauth_amount, cdr_delay_seconds, faults, ...)."""
        return self.send("sandbox.config", "GET", "/config")

    def advance_clock(self, seconds: float) -> ApiResponse:
        """Move the sandbox clock forward; due progress updates and CDRs happen now."""
        return self.send("sandbox.clock", "POST", "/clock", json_body={"advance_seconds": seconds})

    def configure(self, **settings: Any) -> ApiResponse:
        """Change scenario settings, e.g. `configure(preauth_amount="0.00")`."""
        return self.send("sandbox.config", "PUT", "/config", json_body=settings)

    def finish_session(self, session_id: str, *, energy_kwh: str | None = None) -> ApiResponse:
        """Progress, CDR and final charge of a session happen now."""
        body = {} if energy_kwh is None else {"energy_kwh": energy_kwh}
        return self.send(
            "sandbox.finish_session", "POST", f"/sessions/{quote(session_id, safe='')}/finish", json_body=body
        )

    def set_busy(self, evse_id: str, busy: bool = True) -> ApiResponse:
        return self.send(
            "sandbox.evse_busy", "POST", f"/evses/{quote(evse_id, safe='')}/busy", json_body={"busy": busy}
        )

    def resolve_3ds(self, intent_id: str, outcome: Challenge) -> ApiResponse:
        """Complete or fail the pending 3DS challenge of a SetupIntent or PaymentIntent."""
        return self.send(
            "sandbox.3ds", "POST", f"/3ds/{quote(intent_id, safe='')}", json_body={"outcome": str(outcome)}
        )
