"""The Virtual Charging Points of the development environment (docs/reference.md#virtual-charging-points).

Two kinds:
- shared: start, stop, then a final CDR; no progress updates; other drivers use them too, so they may
  answer busy (made busy through `POST /_sandbox/evses/{evse_id}/busy`).
- progress: up to ten progress updates raise `consumed_energy`, then the final CDR.
"""

from __future__ import annotations

from typing import Final

SHARED: Final = "shared"
PROGRESS: Final = "progress"

PROGRESS_UPDATES: Final = 10  # a progress VCP sends at most this many meter values, then its CDR

VCPS: Final[dict[str, str]] = {
    "DE*CIQ*EWBNHHLM82TLA*1": SHARED,
    "AT*VIE*E2334770022*2": SHARED,
    "DE*PWA*EALP22541X01617*01": PROGRESS,
    "DE*EUL*EAUT0002*01": PROGRESS,
}


def kind_of(evse_id: str) -> str:
    """A VCP's kind; every other EVSE of the dataset charges like a shared VCP (start, stop, CDR)."""
    return VCPS.get(evse_id, SHARED)


def by_kind() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {SHARED: [], PROGRESS: []}
    for evse_id, kind in VCPS.items():
        result[kind].append(evse_id)
    return result
