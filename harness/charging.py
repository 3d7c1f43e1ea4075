"""A charging session from stop to settlement: finished by the control API on a sandbox, awaited elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.waits import wait_for

MAX_PAGES = 50
SANDBOX_SETTLE_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settlement:
    """A finished session and what its final charge produced: an invoice, or a debt."""

    session: dict[str, Any]
    invoice: dict[str, Any] | None
    debt: dict[str, Any] | None


def find_in_pages(
    list_page: Callable[[int], ApiResponse], match: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    """The first item of a paginated Connect list for which `match` holds."""
    for page in range(1, MAX_PAGES + 1):
        body = list_page(page).expect(200)
        items: list[dict[str, Any]] = body["results"]
        for item in items:
            if match(item):
                return item
        if not body.get("next"):
            return None
    return None


class Charging:
    """Settle sessions; `timeout` bounds the wait for the CDR and the final charge on a real target."""

    def __init__(
        self, connect: ConnectClient, control: SandboxControl | None, *, timeout: float, interval: float = 2.0
    ) -> None:
        self.connect = connect
        self.control = control
        self.timeout = timeout
        self.interval = interval

    def start(self, user_id: str, payment_method_id: str, evse_ids: Sequence[str]) -> ApiResponse:
        """Start at the first of `evse_ids` that is not busy (shared VCPs may be busy with other partners)."""
        if not evse_ids:
            raise ValueError("no EVSE to start at")
        answer: ApiResponse | None = None
        for evse_id in evse_ids:
            answer = self.connect.start_charging(user_id, evse_id=evse_id, payment_method_id=payment_method_id)
            if not _busy(answer):
                return answer
        assert answer is not None
        return answer

    def invoice_for(self, user_id: str, session_id: str) -> dict[str, Any] | None:
        return find_in_pages(
            lambda p: self.connect.list_invoices(user_id, page=p),
            lambda inv: inv.get("charging_session_id") == session_id,
        )

    def debt_for(self, user_id: str, session_id: str) -> dict[str, Any] | None:
        return find_in_pages(
            lambda p: self.connect.list_debts(user_id, page=p), lambda d: d.get("session_id") == session_id
        )

    def settle(self, user_id: str, session_id: str, *, energy_kwh: str | None = None) -> Settlement:
        """After stop: let the CDR arrive (now, on a sandbox) and wait for its invoice or debt."""
        if self.control is not None:
            self.control.finish_session(session_id, energy_kwh=energy_kwh).expect(200, 204)

        def outcome() -> tuple[dict[str, Any] | None, dict[str, Any] | None] | None:
            invoice = self.invoice_for(user_id, session_id)
            debt = None if invoice else self.debt_for(user_id, session_id)
            return (invoice, debt) if invoice or debt else None

        # On a sandbox finish is synchronous: the answer is there at once, so a short bound suffices.
        timeout = min(self.timeout, SANDBOX_SETTLE_TIMEOUT) if self.control is not None else self.timeout
        invoice, debt = wait_for(
            outcome,
            timeout=timeout,
            interval=self.interval,
            what=f"an invoice or a debt for session {session_id}",
        )
        session = self.connect.get_charging_session(user_id, session_id).expect(200)
        return Settlement(session, invoice, debt)


def _busy(answer: ApiResponse) -> bool:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if not isinstance(error, dict):
        return False
    return answer.status == 409 and error.get("type") == "station_availability_issue"
