"""Record and replay the API suite's HTTP exchanges as vcrpy cassettes.

- `--record`: every httpx exchange of a test is kept in `<cassette-dir>/<test path>/<test name>.yaml`
  (record mode "all": a fresh recording replaces the old one).
- `--replay`: the same test reruns from its cassette with no network (record mode "none": a request the
  cassette does not hold fails the test, naming the request).

Redaction happens before anything is written (`before_record_request` / `before_record_response`) and
keeps the shape of each value, so a replayed run still passes the contract's patterns:
- `Authorization: Bearer <token>` -> `Bearer REDACTED`; cookies dropped;
- JWTs and registered tokens elsewhere -> `[REDACTED]`; Stripe keys -> `sk_test_REDACTED` / `pk_test_REDACTED`;
- client secrets `seti_X_secret_Y` -> `seti_X_secret_redacted` (the intent id is kept: paths use it);
- e-mail addresses -> `user-<hash>@example.com` (the same address always maps to the same stand-in);
- then `connect_cert.harness.redact` as a safety net (registered tokens, card numbers other than test numbers).
Requests are matched on method, path and query with the ids a run makes up (UUIDs, `pm_…`, `seti_…`, `pi_…`)
left out (`id_free_path`, `id_free_query`), not host or port: the sandbox listens on an ephemeral port, and
the users a module fixture makes on replay are not the recorded ones.

Wiring: the main plugin loads this module (`pytest_plugins`). With --record or --replay every test of the
API suite runs inside its cassette (`_api_exchanges`, autouse, so its function-scoped fixtures' exchanges
are in it too), except the contract's tests, whose one Schemathesis run is reproduced by its seed. What
happens outside any test (resolving the target, module fixtures such as the tenancy tests' user, the
contract run) still talks to the target on replay.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import vcr
from vcr.cassette import Cassette
from vcr.request import Request

from connect_cert.harness import redact as _redact
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.options import option_group

DEFAULT_CASSETTE_DIR = Path("fixtures") / "cassettes"  # under the working folder
MATCH_ON = ("method", "id_free_path", "id_free_query")
DROPPED_HEADERS = frozenset({"cookie", "set-cookie", "proxy-authorization", "x-api-key"})

_MASK = re.escape(_redact.MASK)
_MASKED_SECRET = re.compile(r"\b((?:seti|pi|src)_[A-Za-z0-9]+_secret_)" + _MASK)
_MASKED_KEY = re.compile(r"\b(sk|pk|rk)_(test|live)_" + _MASK)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_BEARER = re.compile(r"(?i)^(bearer|token|basic)\s+.+$")
# Ids the target makes up anew on every run: a user's UUID, Stripe's `pm_…`, `seti_…`, `pi_…`.
_RUN_ID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
    r"|\b(?:pm|seti|pi|cus|ch|re|in|src|card|pmc|py|evt|ii)_[A-Za-z0-9]+"
)


class Mode(StrEnum):
    OFF = "off"
    RECORD = "record"
    REPLAY = "replay"


@dataclass(frozen=True)
class RecordingSettings:
    mode: Mode = Mode.OFF
    cassette_dir: Path = DEFAULT_CASSETTE_DIR

    @classmethod
    def from_flags(cls, *, record: bool, replay: bool, cassette_dir: Path | str | None = None) -> RecordingSettings:
        if record and replay:
            raise ConfigError("--record and --replay exclude each other: record once, then replay")
        mode = Mode.RECORD if record else Mode.REPLAY if replay else Mode.OFF
        return cls(mode, Path(cassette_dir) if cassette_dir else DEFAULT_CASSETTE_DIR)


# --- redaction -----------------------------------------------------------------------------------


def _stand_in_email(match: re.Match[str]) -> str:
    address = match.group(0)
    if address.endswith("@example.com") and address.startswith("user-"):
        return address  # already a stand-in
    return f"user-{hashlib.sha256(address.lower().encode()).hexdigest()[:12]}@example.com"


def scrub(text: str) -> str:
    """Text with tokens, keys, client secrets and e-mails replaced by stand-ins of the same shape.

    `connect_cert.harness.redact` runs first (registered tokens, JWTs, keys, secrets, card numbers); then the masks
    it leaves inside a Stripe key or a client secret become alphanumeric again, so the value keeps its
    pattern (`seti_…_secret_…`) on replay.
    """
    if not text:
        return text
    text = _redact.redact(text)
    text = _MASKED_SECRET.sub(lambda m: f"{m.group(1)}redacted", text)
    text = _MASKED_KEY.sub(lambda m: f"{m.group(1)}_{m.group(2)}_REDACTED", text)
    return _EMAIL.sub(_stand_in_email, text)


def _scrub_query(query: str) -> str:
    if not query:
        return query
    return urlencode([(k, scrub(v)) for k, v in parse_qsl(query, keep_blank_values=True)])


def scrub_uri(uri: str) -> str:
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, scrub(parts.path), _scrub_query(parts.query), parts.fragment))


def _scrub_body(body: bytes | str | None, content_type: str) -> bytes | str | None:
    if body is None or isinstance(body, (list, tuple)):
        return body
    raw = body.encode("utf-8") if isinstance(body, str) else body
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return body  # binary: nothing textual to hide (and nothing the API suite sends)
    if "application/x-www-form-urlencoded" in content_type:
        cleaned = _scrub_query(text)
    else:
        cleaned = scrub(text)
    return cleaned.encode("utf-8") if isinstance(body, bytes) else cleaned


def _header(headers: Any, name: str) -> str:
    for key, value in dict(headers).items():
        if key.lower() == name:
            return value[0] if isinstance(value, list) else str(value)
    return ""


def redact_request(request: Request) -> Request:
    """`before_record_request`: a copy of the request with every credential replaced."""
    request = copy.deepcopy(request)
    headers: dict[str, Any] = {}
    for name, value in dict(request.headers).items():
        lower = name.lower()
        if lower in DROPPED_HEADERS:
            continue
        if lower == "authorization":
            scheme = str(value).split(" ", 1)[0] if _BEARER.match(str(value)) else "Bearer"
            headers[name] = f"{scheme} REDACTED"
            continue
        headers[name] = scrub(str(value))
    request.headers = headers
    request.uri = scrub_uri(request.uri)
    request.body = _scrub_body(request.body, _header(request.headers, "content-type"))
    return request


def redact_response(response: dict[str, Any]) -> dict[str, Any]:
    """`before_record_response`: the response with cookies dropped and secrets in the body replaced."""
    response = copy.deepcopy(response)
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in DROPPED_HEADERS:
            del headers[name]
        else:
            headers[name] = (
                [scrub(str(v)) for v in headers[name]] if isinstance(headers[name], list) else scrub(str(headers[name]))
            )
    body = response.get("body", {})
    if isinstance(body, dict) and "string" in body:
        content_type = ""
        for name, value in headers.items():
            if name.lower() == "content-type":
                content_type = value[0] if isinstance(value, list) else str(value)
        body["string"] = _scrub_body(body["string"], content_type)
        size = len(body["string"].encode("utf-8") if isinstance(body["string"], str) else body["string"] or b"")
        for name in list(headers):
            if name.lower() == "content-length":
                headers[name] = [str(size)]
    return response


# --- cassettes -----------------------------------------------------------------------------------


def without_run_ids(text: str) -> str:
    """`/users/6f33…/payment-methods/pm_1Qx…/` -> `/users/{id}/payment-methods/{id}/`."""
    return _RUN_ID.sub("{id}", text)


def id_free_path(recorded: Request, sent: Request) -> None:
    """vcrpy matcher: the same path up to the ids of the run (users a module fixture made, methods, intents)."""
    assert without_run_ids(recorded.path) == without_run_ids(sent.path)


def id_free_query(recorded: Request, sent: Request) -> None:
    assert without_run_ids(urlencode(recorded.query)) == without_run_ids(urlencode(sent.query))


def make_vcr(settings: RecordingSettings) -> vcr.VCR:
    recorder = vcr.VCR(
        cassette_library_dir=str(settings.cassette_dir),
        record_mode="all" if settings.mode is Mode.RECORD else "none",
        match_on=MATCH_ON,
        before_record_request=redact_request,
        before_record_response=redact_response,
        decode_compressed_response=True,
        serializer="yaml",
    )
    recorder.register_matcher("id_free_path", id_free_path)
    recorder.register_matcher("id_free_query", id_free_query)
    return recorder


def cassette_path(nodeid: str) -> str:
    """`suites/api/test_x.py::test_y[a-b]` -> `suites/api/test_x/test_y[a-b].yaml`, safe for any filesystem."""
    file_part, _, name = nodeid.partition("::")
    folder = Path(file_part).with_suffix("")
    safe = re.sub(r"[^\w.\-\[\]]+", "_", name.replace("::", ".")) or "module"
    return str(folder / f"{safe[:180]}.yaml")


@contextmanager
def cassette(settings: RecordingSettings, name: str) -> Iterator[Cassette | None]:
    """Record or replay the HTTP exchanges inside the block; with mode off, do nothing."""
    if settings.mode is Mode.OFF:
        yield None
        return
    file = settings.cassette_dir / (name if name.endswith(".yaml") else f"{name}.yaml")
    if settings.mode is Mode.REPLAY and not file.is_file():
        raise ConfigError(f"no cassette {file}: record it first with --record")
    file.parent.mkdir(parents=True, exist_ok=True)
    with make_vcr(settings).use_cassette(str(file.relative_to(settings.cassette_dir))) as recorded:
        yield recorded


# --- pytest: options and fixtures ----------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--record",
        action="store_true",
        default=False,
        help="keep the API suite's HTTP exchanges as cassettes (secrets redacted)",
    )
    group.addoption(
        "--replay",
        action="store_true",
        default=False,
        help="rerun the API suite's tests from their cassettes (a request a cassette does not hold fails the test)",
    )
    group.addoption(
        "--cassette-dir", default=None, metavar="DIR", help=f"where cassettes live (default {DEFAULT_CASSETTE_DIR})"
    )


def pytest_configure(config: pytest.Config) -> None:
    try:
        RecordingSettings.from_flags(
            record=bool(config.getoption("record", default=False)),
            replay=bool(config.getoption("replay", default=False)),
        )
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.fixture(scope="session")
def recording_settings(pytestconfig: pytest.Config) -> RecordingSettings:
    """Record, replay or neither, from --record / --replay / --cassette-dir."""
    return RecordingSettings.from_flags(
        record=bool(pytestconfig.getoption("record", default=False)),
        replay=bool(pytestconfig.getoption("replay", default=False)),
        cassette_dir=pytestconfig.getoption("cassette_dir", default=None),
    )


@pytest.fixture
def api_cassette(request: pytest.FixtureRequest, recording_settings: RecordingSettings) -> Iterator[Cassette | None]:
    """This test's cassette while it runs (None when neither recording nor replaying)."""
    try:
        context = cassette(recording_settings, cassette_path(request.node.nodeid))
        recorded = context.__enter__()
    except ConfigError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield recorded
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _api_exchanges(request: pytest.FixtureRequest, recording_settings: RecordingSettings) -> Iterator[None]:
    """With --record or --replay, every test of the API suite runs inside its cassette (`api_cassette`), its
    function-scoped fixtures included (autouse fixtures are set up first)."""
    if recording_settings.mode is Mode.OFF or not _records(request):
        yield
        return
    request.getfixturevalue("api_cassette")
    yield


def _records(request: pytest.FixtureRequest) -> bool:
    """A test of the API suite, but not the contract's: its one Schemathesis run is reproduced by its seed."""
    marker = request.node.get_closest_marker("platform")
    return bool(marker and marker.args and marker.args[0] == "api") and "contract_run" not in request.fixturenames


def cassette_json(path: Path) -> list[dict[str, Any]]:
    """The interactions of a recorded cassette (for tests and review)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("interactions", []))


__all__ = [
    "Mode",
    "RecordingSettings",
    "api_cassette",
    "cassette",
    "cassette_json",
    "cassette_path",
    "make_vcr",
    "recording_settings",
    "redact_request",
    "redact_response",
    "scrub",
    "scrub_uri",
]
