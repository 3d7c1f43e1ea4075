"""The control API: loopback only, validated, and each endpoint doing what QA scripts rely on."""

from __future__ import annotations

import pytest

from connect_cert.fixtures.cards import THREE_DS_3184
from connect_cert.fixtures.charging import ALL_VCPS, PROGRESS_VCPS, SHARED_VCP, SHARED_VCPS
from connect_cert.sandbox import identity


@pytest.mark.parametrize("host", ["10.0.0.7", "192.168.1.20", "testclient", "2001:db8::1"])
def test_non_loopback_clients_are_refused(client_from, host):
    remote = client_from(host)
    for method, path in (("GET", "/_sandbox/info"), ("POST", "/_sandbox/reset"), ("PUT", "/_sandbox/config")):
        response = remote.request(method, path, json={})
        assert response.status_code == 403 and set(response.json()) == {"detail"}


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"])
def test_loopback_clients_are_served(client_from, host):
    assert client_from(host).get("/_sandbox/info").status_code == 200


def test_info_lists_relative_urls_keys_tokens_and_vcps(client):
    info = client.get("/_sandbox/info").json()
    assert info["stripe_api_base"] == "/stripe" and info["api_base"] == "/api/v1"
    assert info["playground"] == "/playground/"
    assert info["publishable_key"] == identity.PUBLISHABLE_KEY and info["publishable_key"].startswith("pk_test_")
    assert info["tokens"] == {p: identity.partner_token(p) for p in ("partner_a", "partner_b")}
    assert set(info["vcps"]["shared"]) == set(SHARED_VCPS) and set(info["vcps"]["progress"]) == set(PROGRESS_VCPS)
    assert isinstance(info["version"], str) and info["version"]
    assert not any(str(v).startswith("http") for v in info.values() if isinstance(v, str))


def test_reset_forgets_everything(client, flow, api, control):
    user_id, _ = flow.charging_user()
    control.configure(preauth_amount="10.00")
    control.busy(SHARED_VCP, True)
    assert client.post("/_sandbox/reset").status_code == 204
    assert api.get(f"/users/{user_id}/").status_code == 404 and api.get("/users/").json()["count"] == 0
    assert control.configure()["preauth_amount"] == "50.00"
    assert api.get("/stations/details/", params={"id": SHARED_VCP, "type": "evse_id"}).json()["status"] == "free"


def test_config_is_partially_updated_and_read_back(client, control):
    before = client.get("/_sandbox/config").json()
    after = control.configure(preauth_amount="12.5", cdr_delay_seconds=1)
    assert after["preauth_amount"] == "12.50" and after["cdr_delay_seconds"] == 1
    assert {k: v for k, v in after.items() if k not in ("preauth_amount", "cdr_delay_seconds")} == {
        k: v for k, v in before.items() if k not in ("preauth_amount", "cdr_delay_seconds")
    }
    assert client.get("/_sandbox/config").json() == after


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
def test_bad_config_is_400_and_changes_nothing(client, body):
    before = client.get("/_sandbox/config").json()
    response = client.put("/_sandbox/config", json=body)
    assert response.status_code == 400 and set(response.json()) == {"detail"}
    assert client.get("/_sandbox/config").json() == before


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_control_body_is_400(client, raw):
    response = client.put("/_sandbox/config", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400 and set(response.json()) == {"detail"}


def test_huge_control_body_is_refused(client):
    response = client.put(
        "/_sandbox/config",
        content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_faults_can_be_cleared(control):
    control.configure(faults={"charging_start": "charging_provider_error"})
    assert control.configure(faults={"charging_start": None})["faults"] == {}


def test_finish_unknown_session_404_and_finished_session_409(client, flow, control):
    assert client.post("/_sandbox/sessions/nope/finish", json={}).status_code == 404
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    control.finish(session["id"])
    response = client.post(f"/_sandbox/sessions/{session['id']}/finish", json={})
    assert response.status_code == 409 and set(response.json()) == {"detail"}


@pytest.mark.parametrize("energy", [b'"-1"', b'"abc"', b'"100000"', b"1e400", b"NaN", b"[1]", b"true"])
def test_finish_with_bad_energy_is_400_and_leaves_the_session_running(client, flow, api, energy):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    response = client.post(
        f"/_sandbox/sessions/{session['id']}/finish",
        content=b'{"energy_kwh": ' + energy + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()["is_active"] is True


def test_finish_answers_the_session_as_the_connect_api_shows_it(flow, api, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    finished = control.finish(session["id"], energy_kwh="3.210")
    assert finished == api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json() | {
        "duration": finished["duration"]
    }
    assert finished["consumed_energy"] == "3.210" and finished["session_cost"]["invoice_download"]


@pytest.mark.parametrize("evse_id", ALL_VCPS)
def test_busy_toggles_every_vcp(control, evse_id):
    response = control.busy(evse_id, True)
    assert response.status_code == 200 and response.json()["busy"] is True
    assert control.busy(evse_id, False).json()["busy"] is False


def test_busy_rejects_unknown_evse_and_non_boolean(client, control):
    assert control.busy("DE*XXX*E000000*0").status_code == 404
    response = client.post(f"/_sandbox/evses/{SHARED_VCP}/busy", json={"busy": "yes"})
    assert response.status_code == 400


def test_3ds_resolves_a_pending_challenge_and_refuses_others(client, flow, stripe_frontend, control):
    user_id = flow.user()
    intent = stripe_frontend.confirm_setup(flow.setup_secret(user_id), THREE_DS_3184.pm_id).json()
    assert client.post(f"/_sandbox/3ds/{intent['id']}", json={"outcome": "maybe"}).status_code == 400
    assert control.resolve_3ds(intent["id"])["status"] == "succeeded"
    again = client.post(f"/_sandbox/3ds/{intent['id']}", json={"outcome": "complete"})
    assert again.status_code == 409 and set(again.json()) == {"detail"}
    assert client.post("/_sandbox/3ds/pi_unknown", json={"outcome": "fail"}).status_code == 404


def test_clock_moves_forward_only(client):
    before = client.get("/_sandbox/config").json()["clock_offset_seconds"]
    response = client.post("/_sandbox/clock", json={"advance_seconds": 90})
    assert response.status_code == 200 and response.json()["clock_offset_seconds"] == before + 90
    for body in ({"advance_seconds": -5}, {}, {"advance_seconds": "soon"}):
        assert client.post("/_sandbox/clock", json=body).status_code == 400
