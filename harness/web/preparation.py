"""What a web scenario needs before the browser opens, made through the Connect API (and sandbox control).

An open debt: a 3DS card saved, a session started (its pre-authorization confirmed with 3DS), stopped and
finished with more energy than the hold covers, so the second, off-session charge fails and a debt opens.
"""

from __future__ import annotations

from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.charging import Charging
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.web.scenarios import PayDebt


class PreparationFailed(AssertionError):
    """The target did not get into the state a scenario starts from (not a finding about the app)."""


def open_debt(user_id: str, scenario: PayDebt, frontend: Frontend, charging: Charging) -> str:
    """A debt of the user, paid later in the browser; answers its session id."""
    saved = frontend.add_card(user_id, scenario.card, challenge=Challenge.COMPLETE)
    if not saved.succeeded or not saved.payment_method_id:
        raise PreparationFailed(f"preparing {scenario.flow!r}: {scenario.card.label} was not saved ({saved.status})")
    pm = saved.payment_method_id
    started = charging.start(user_id, pm, scenario.evse_ids)
    if started.status == 402:
        secret = (started.body.get("error") or {}).get("payment_intent_client_secret")
        if not secret:
            raise PreparationFailed(f"preparing {scenario.flow!r}: {started.describe()}")
        confirmed = frontend.confirm_payment(secret, pm, challenge=Challenge.COMPLETE)
        if not confirmed.succeeded:
            raise PreparationFailed(f"preparing {scenario.flow!r}: the pre-authorization stayed {confirmed.status}")
        started = charging.start(user_id, pm, scenario.evse_ids)
    session = started.expect(201)
    charging.connect.stop_charging(user_id, session["id"]).expect(204)
    settled = charging.settle(user_id, session["id"], energy_kwh=scenario.energy_kwh)
    if settled.debt is None:
        raise PreparationFailed(
            f"preparing {scenario.flow!r}: the session ended without a debt "
            f"(invoice {bool(settled.invoice)}); more energy than the hold is needed"
        )
    return str(session["id"])
