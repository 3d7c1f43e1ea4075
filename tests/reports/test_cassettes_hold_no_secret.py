"""Record and replay: cassettes keep the exchanges, never a token, client secret or e-mail; replay needs no network."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from connect_cert.harness.clients import HttpClient
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.recording import Mode, RecordingSettings, cassette, cassette_json, cassette_path, scrub
from connect_cert.harness.reports.leakscan import scan_tree
from connect_cert.sandbox.identity import PUBLISHABLE_KEY, partner_token

TOKEN = partner_token("partner_a")
EMAIL = "alice.driver@partner.example"
SETUP_SECRET = "seti_1QaBcDeFgHiJkLmN_secret_T0pS3cr3tV4lu3xyz"
PI_SECRET = "pi_3QaBcDeFgHiJkLmN_secret_An0th3rS3cr3tAbc"


class _Connect(BaseHTTPRequestHandler):
    """A stand-in answering like the Connect API, with every kind of secret in its answers."""

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", f"session={TOKEN}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self._answer(201, {"id": "3f1c", "email": body["email"]})

    def do_GET(self) -> None:
        if "setup-intents" in self.path:
            self._answer(200, {"setup_intent_client_secret": SETUP_SECRET})
        else:
            self._answer(
                200, {"count": 1, "results": [{"session_id": "s1", "payment_intent_client_secret": PI_SECRET}]}
            )

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Connect)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _exchanges(base: str) -> list[tuple[int, object]]:
    """What a test of the API suite does: create a user, get a setup intent, list debts (Stripe key in the query)."""
    with HttpClient(base, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        answers = [
            client.send("users_create", "POST", "/api/v1/users/", json_body={"email": EMAIL}),
            client.send("setup_intents", "GET", "/api/v1/users/3f1c/setup-intents/", params={"pm_type": "card"}),
            client.send("debts", "GET", "/api/v1/users/3f1c/charging/debts/", params={"key": PUBLISHABLE_KEY}),
        ]
    return [(a.status, a.body) for a in answers]


def test_a_recorded_cassette_holds_the_exchanges_without_secrets(server: str, tmp_path: Path) -> None:
    settings = RecordingSettings(Mode.RECORD, tmp_path / "cassettes")
    with cassette(settings, "suites/api/test_x/test_lifecycle"):
        live = _exchanges(server)
    assert live[1] == (200, {"setup_intent_client_secret": SETUP_SECRET}), (
        "recording does not change what the test sees"
    )

    file = tmp_path / "cassettes" / "suites" / "api" / "test_x" / "test_lifecycle.yaml"
    text = file.read_text(encoding="utf-8")
    for secret in (TOKEN, EMAIL, SETUP_SECRET, PI_SECRET, PUBLISHABLE_KEY, "T0pS3cr3t"):
        assert secret not in text, f"{secret[:12]}… is in the cassette"
    assert scan_tree(tmp_path / "cassettes", [TOKEN]) == []
    interactions = cassette_json(file)
    assert [i["request"]["method"] for i in interactions] == ["POST", "GET", "GET"]
    assert interactions[0]["request"]["headers"]["authorization"] == ["Bearer REDACTED"]
    assert "set-cookie" not in {h.lower() for h in interactions[0]["response"]["headers"]}
    assert "seti_1QaBcDeFgHiJkLmN_secret_redacted" in text, "the shape (and the intent id) survive"
    assert "key=pk_test_REDACTED" in interactions[2]["request"]["uri"]


def test_replay_answers_from_the_cassette_with_no_server(server: str, tmp_path: Path) -> None:
    record = RecordingSettings(Mode.RECORD, tmp_path / "cassettes")
    with cassette(record, "t"):
        _exchanges(server)
    closed = "http://127.0.0.1:9"  # nothing listens there: a replay must not need the network
    with cassette(RecordingSettings(Mode.REPLAY, tmp_path / "cassettes"), "t"):
        replayed = _exchanges(closed)
    status, body = replayed[0]
    assert status == 201 and body["email"].endswith("@example.com") and body["email"] != EMAIL
    assert replayed[1] == (200, {"setup_intent_client_secret": "seti_1QaBcDeFgHiJkLmN_secret_redacted"})
    assert replayed[2][1]["results"][0]["payment_intent_client_secret"] == "pi_3QaBcDeFgHiJkLmN_secret_redacted"


def test_replay_refuses_a_request_it_did_not_record(server: str, tmp_path: Path) -> None:
    with cassette(RecordingSettings(Mode.RECORD, tmp_path / "c"), "t"):
        httpx.get(f"{server}/api/v1/users/3f1c/setup-intents/")
    from vcr.errors import CannotOverwriteExistingCassetteException

    with cassette(RecordingSettings(Mode.REPLAY, tmp_path / "c"), "t"):
        with pytest.raises(CannotOverwriteExistingCassetteException):
            httpx.get("http://127.0.0.1:9/api/v1/users/other/")


def test_replay_without_a_cassette_and_both_flags_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no cassette .*: record it first with --record"):
        with cassette(RecordingSettings(Mode.REPLAY, tmp_path), "missing"):
            pass
    with pytest.raises(ConfigError, match="--record and --replay exclude each other"):
        RecordingSettings.from_flags(record=True, replay=True)
    assert RecordingSettings.from_flags(record=False, replay=False).mode is Mode.OFF


def test_off_records_nothing(server: str, tmp_path: Path) -> None:
    with cassette(RecordingSettings(Mode.OFF, tmp_path), "t") as recorded:
        assert recorded is None
        _exchanges(server)
    assert list(tmp_path.iterdir()) == []


def test_cassette_names_follow_the_test() -> None:
    assert (
        cassette_path("suites/api/test_life.py::test_debt[3178-fail]")
        == "suites/api/test_life/test_debt[3178-fail].yaml"
    )
    assert cassette_path("suites/api/test_life.py::TestX::test_y") == "suites/api/test_life/TestX.test_y.yaml"


def test_scrub_keeps_shapes() -> None:
    assert scrub(f"Bearer {TOKEN}") == "Bearer [REDACTED]"
    assert scrub("sk_test_51AbCdEfGh") == "sk_test_REDACTED"
    assert scrub(PI_SECRET) == "pi_3QaBcDeFgHiJkLmN_secret_redacted"
    once = scrub(f"mail {EMAIL}")
    assert once == scrub(f"mail {EMAIL}") and EMAIL not in once, "the same address always maps to the same stand-in"


def test_the_fixture_records_then_replays_a_test(server: str, pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_life=f'''
import httpx

def test_setup_intent(api_cassette):
    answer = httpx.get("{server}/api/v1/users/3f1c/setup-intents/", headers={{"Authorization": "Bearer {TOKEN}"}})
    assert answer.json()["setup_intent_client_secret"].startswith("seti_1QaBcDeFgHiJkLmN_secret_")
'''
    )
    cassettes = pytester.path / "cassettes"
    common = ("-p", "connect_cert.harness.recording", "-p", "no:cacheprovider", "--cassette-dir", str(cassettes))
    unrecorded = pytester.runpytest(*common, "--replay")
    assert unrecorded.ret == 1
    unrecorded.stdout.fnmatch_lines(["*no cassette *test_setup_intent.yaml: record it first with --record"])
    assert pytester.runpytest(*common, "--record").ret == 0
    recorded = cassettes / "test_life" / "test_setup_intent.yaml"
    assert recorded.is_file() and TOKEN not in recorded.read_text()
    replay = pytester.runpytest(*common, "--replay")
    replay.assert_outcomes(passed=1)
    both = pytester.runpytest(*common, "--record", "--replay")
    assert both.ret == pytest.ExitCode.USAGE_ERROR
    both.stderr.fnmatch_lines(["*--record and --replay exclude each other*"])
