"""A restart on the same database file keeps every user, method, session, debt, invoice and setting."""

from __future__ import annotations

from pathlib import Path

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, VISA_4242
from connect_cert.sandbox.app import create_app


def test_restart_on_the_same_file_keeps_everything(tmp_path: Path, flow_for):
    db = str(tmp_path / "sandbox.db")
    first = create_app(db_path=db)
    flow = flow_for(first)
    billed_user, billed_pm = flow.charging_user(VISA_4242)
    billed = flow.control.finish(flow.session(billed_user, billed_pm)["id"])
    flow.control.configure(preauth_amount="0", cdr_delay_seconds=7)
    debtor, failing_pm = flow.charging_user(CHARGE_CUSTOMER_FAIL_0341)
    flow.control.finish(flow.session(debtor, failing_pm)["id"])
    running = flow.session(*flow.charging_user(VISA_4242))
    deleted = flow.user()
    flow.api.delete(f"/users/{deleted}/")
    snapshot = {
        path: flow.api.get(path).json()
        for path in (
            "/users/",
            f"/users/{billed_user}/payment-methods/",
            f"/users/{billed_user}/charging-sessions/",
            f"/users/{billed_user}/invoices/",
            f"/users/{debtor}/charging/debts/",
            f"/users/{billed_user}/billing-details/",
        )
    }
    first.state.sandbox.store.close()

    second = create_app(db_path=db)
    again = flow_for(second)
    try:
        for path, body in snapshot.items():
            assert again.api.get(path).json() == body, path
        assert again.api.get(f"/users/{deleted}/").status_code == 404
        assert again.control.configure()["cdr_delay_seconds"] == 7
        invoice = snapshot[f"/users/{billed_user}/invoices/"]["results"][0]
        assert invoice["charging_session_id"] == billed["id"]
        assert again.api.client.get(invoice["link"]).status_code == 200
        # the running session goes on after the restart, and its point is still taken
        users = [u["id"] for u in snapshot["/users/"]["results"]]
        assert running["id"] in {
            s["id"] for u in users for s in again.api.get(f"/users/{u}/charging-sessions/").json()["results"]
        }
        assert again.control.finish(running["id"])["is_active"] is False
    finally:
        second.state.sandbox.store.close()
