"""The control API: loopback only, validated, and each endpoint doing what QA scripts rely on."""

from __future__ import annotations

import pytest

from connect_cert.fixtures.cards import THREE_DS_3184, Challenge
from connect_cert.fixtures.charging import ALL_VCPS, PROGRESS_VCPS, SHARED_VCP, SHARED_VCPS
from connect_cert.sandbox import identity

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("host", ["10.0.0.7", "192.168.1.20", "testclient", "2001:db8::1"])
def test_non_loopback_clients_are_refused(control_from, host):
    remote = control_from(host)
    for response in (remote.info(), remote.reset(), remote.configure()):
        assert response.status == 403 and set(response.body) == {"detail"}, response


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"])
def test_loopback_clients_are_served(control_from, host):
    assert control_from(host).info().status == 200


def test_info_lists_relative_urls_keys_tokens_and_vcps(control):
    info = control.info().expect(200)
    assert info["stripe_api_base"] == "/stripe" and info["api_base"] == "/api/v1"
    assert info["playground"] == "/playground/"
    assert info["publishable_key"] == identity.PUBLISHABLE_KEY and info["publishable_key"].startswith("pk_test_")
    assert info["tokens"] == {p: identity.partner_token(p) for p in ("partner_a", "partner_b")}
    assert set(info["vcps"]["shared"]) == set(SHARED_VCPS) and set(info["vcps"]["progress"]) == set(PROGRESS_VCPS)
    assert isinstance(info["version"], str) and info["version"]
    assert not any(str(v).startswith("http") for v in info.values() if isinstance(v, str))


def test_reset_forgets_everything(flow, api, control):
    user_id, _ = flow.charging_user()
    control.configure(preauth_amount="10.00").expect(200)
    control.set_busy(SHARED_VCP, True)
    assert control.reset().status == 204
    assert api.get_user(user_id).status == 404 and api.list_users().body["count"] == 0
    assert control.configure().expect(200)["preauth_amount"] == "50.00"
    assert api.station_details(SHARED_VCP, type="evse_id").body["status"] == "free"


def test_config_is_partially_updated_and_read_back(control):
    before = control.settings().expect(200)
    after = control.configure(preauth_amount="12.5", cdr_delay_seconds=1).expect(200)
    assert after["preauth_amount"] == "12.50" and after["cdr_delay_seconds"] == 1
    assert {k: v for k, v in after.items() if k not in ("preauth_amount", "cdr_delay_seconds")} == {
        k: v for k, v in before.items() if k not in ("preauth_amount", "cdr_delay_seconds")
    }
    assert control.settings().expect(200) == after


@pytest.mark.parametrize(
    "body",
    [
        {"preauth_amount": "abc"},
        {"preauth_amount": "-1"},
        {"preauth_amount": "0.10"},
        {"preauth_amount": "1.234"},
        {"preauth_amount": True},
        {"cdr_delay_seconds": -1},
        {"cdr_delay_seconds": "5"},
        {"progress_interval_seconds": 0},
        {"default_energy_kwh": "100000"},
        {"currency": "USD"},
        {"faults": {"charging_start": "meltdown"}},
        {"faults": {"teleport": "unexpected_error"}},
        {"faults": []},
        {"unknown_setting": 1},
        {"clock_offset_seconds": -10},
    ],
)
def test_bad_config_is_400_and_changes_nothing(control, body):
    before = control.settings().expect(200)
    response = control.configure(**body)
    assert response.status == 400 and set(response.body) == {"detail"}
    assert control.settings().expect(200) == before


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_control_body_is_400(control, raw):
    response = control.send("sandbox.config", "PUT", "/config", content=raw, headers=JSON)
    assert response.status == 400 and set(response.body) == {"detail"}


def test_huge_control_body_is_refused(control):
    response = control.send(
        "sandbox.config", "PUT", "/config", content=b"{" + b" " * (1024 * 1024 + 10) + b"}", headers=JSON
    )
    assert response.status == 413


def test_faults_can_be_cleared(control):
    control.configure(faults={"charging_start": "charging_provider_error"}).expect(200)
    assert control.configure(faults={"charging_start": None}).expect(200)["faults"] == {}


def test_finish_unknown_session_404_and_finished_session_409(flow, control):
    assert control.finish_session("nope").status == 404
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    control.finish_session(session["id"]).expect(200)
    response = control.finish_session(session["id"])
    assert response.status == 409 and set(response.body) == {"detail"}


@pytest.mark.parametrize("energy", [b'"-1"', b'"abc"', b'"100000"', b"1e400", b"NaN", b"[1]", b"true"])
def test_finish_with_bad_energy_is_400_and_leaves_the_session_running(flow, api, control, energy):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    body = b'{"energy_kwh": ' + energy + b"}"
    response = control.send(
        "sandbox.finish_session", "POST", f"/sessions/{session['id']}/finish", content=body, headers=JSON
    )
    assert response.status == 400
    assert api.get_charging_session(user_id, session["id"]).body["is_active"] is True


def test_finish_answers_the_session_as_the_connect_api_shows_it(flow, api, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    finished = control.finish_session(session["id"], energy_kwh="3.210").expect(200)
    assert finished == api.get_charging_session(user_id, session["id"]).body | {"duration": finished["duration"]}
    assert finished["consumed_energy"] == "3.210" and finished["session_cost"]["invoice_download"]


@pytest.mark.parametrize("evse_id", ALL_VCPS)
def test_busy_toggles_every_vcp(control, evse_id):
    response = control.set_busy(evse_id, True)
    assert response.status == 200 and response.body["busy"] is True
    assert control.set_busy(evse_id, False).body["busy"] is False


def test_busy_rejects_unknown_evse_and_non_boolean(control):
    assert control.set_busy("DE*XXX*E000000*0").status == 404
    response = control.send("sandbox.evse_busy", "POST", f"/evses/{SHARED_VCP}/busy", json_body={"busy": "yes"})
    assert response.status == 400


def test_3ds_resolves_a_pending_challenge_and_refuses_others(flow, stripe_client, control):
    user_id = flow.user()
    intent = stripe_client.confirm_setup_intent(flow.setup_secret(user_id), payment_method=THREE_DS_3184.pm_id).body
    maybe = control.send("sandbox.3ds", "POST", f"/3ds/{intent['id']}", json_body={"outcome": "maybe"})
    assert maybe.status == 400
    assert control.resolve_3ds(intent["id"], Challenge.COMPLETE).expect(200)["status"] == "succeeded"
    again = control.resolve_3ds(intent["id"], Challenge.COMPLETE)
    assert again.status == 409 and set(again.body) == {"detail"}
    assert control.resolve_3ds("pi_unknown", Challenge.FAIL).status == 404


def test_clock_moves_forward_only(control):
    before = control.settings().expect(200)["clock_offset_seconds"]
    response = control.advance_clock(90)
    assert response.status == 200 and response.body["clock_offset_seconds"] == before + 90
    for body in ({"advance_seconds": -5}, {}, {"advance_seconds": "soon"}):
        assert control.send("sandbox.clock", "POST", "/clock", json_body=body).status == 400
