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
    billed = flow.control.finish_session(flow.session(billed_user, billed_pm)["id"]).expect(200)
    flow.control.configure(preauth_amount="0", cdr_delay_seconds=7).expect(200)
    debtor, failing_pm = flow.charging_user(CHARGE_CUSTOMER_FAIL_0341)
    flow.control.finish_session(flow.session(debtor, failing_pm)["id"]).expect(200)
    running = flow.session(*flow.charging_user(VISA_4242))
    deleted = flow.user()
    flow.api.delete_user(deleted)
    snapshot = {
        path: flow.api.request("GET", path).body
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
            assert again.api.request("GET", path).body == body, path
        assert again.api.get_user(deleted).status == 404
        assert again.control.configure().expect(200)["cdr_delay_seconds"] == 7
        invoice = snapshot[f"/users/{billed_user}/invoices/"]["results"][0]
        assert invoice["charging_session_id"] == billed["id"]
        assert again.api.with_token(None).request("GET", invoice["link"]).status == 200
        # the running session goes on after the restart, and its point is still taken
        users = [u["id"] for u in snapshot["/users/"]["results"]]
        assert running["id"] in {s["id"] for u in users for s in again.api.list_charging_sessions(u).body["results"]}
        assert again.control.finish_session(running["id"]).expect(200)["is_active"] is False
    finally:
        second.state.sandbox.store.close()
