"""The leak scan finds a planted token, key, client secret or card number, and names the file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from connect_cert.fixtures.cards import ALL_CARDS, OTHER_PUBLISHED_NUMBERS, THREE_DS_3184
from connect_cert.harness.redact import luhn_ok
from connect_cert.harness.reports.leakscan import scan_bytes, scan_tree
from connect_cert.sandbox.identity import PUBLISHABLE_KEY, SECRET_KEY, partner_token
from tests.reports.support import png

TOKEN = partner_token("partner_a")
# Luhn-valid numbers that are not Stripe test numbers (built here, so no real-looking card sits in the file).
NOT_A_TEST_CARD = "4" + "5" * 14
NOT_A_TEST_CARD += str(next(d for d in range(10) if luhn_ok(NOT_A_TEST_CARD + str(d))))


@pytest.mark.parametrize(
    ("planted", "kind"),
    [
        (f'{{"authorization": "Bearer {TOKEN}"}}', "partner token (JWT)"),
        (f"token={TOKEN}", "partner token (JWT)"),
        ("Authorization: Bearer abcdefghijklmnop0123456789", "bearer credential"),
        (f"stripe key {SECRET_KEY}", "Stripe secret key"),
        ("pi_3Pq0AbCdEfGh_secret_Zx9Yw8Vu7Ts6Rq5", "client secret"),
        ("seti_1AbCdEfGh_secret_QwErTy123456", "client secret"),
        (f"card {NOT_A_TEST_CARD}", "card number (not a published test number)"),
        (
            f"card {NOT_A_TEST_CARD[:4]} {NOT_A_TEST_CARD[4:8]} {NOT_A_TEST_CARD[8:12]} {NOT_A_TEST_CARD[12:]}",
            "card number (not a published test number)",
        ),
    ],
)
def test_each_kind_of_secret_is_found(planted: str, kind: str) -> None:
    found = scan_bytes(f"before {planted} after".encode())
    assert [k for k, _, _ in found] == [kind]
    assert all(planted not in hint for _, _, hint in found), "a finding must not repeat the secret"


@pytest.mark.parametrize(
    "harmless",
    [
        *(c.number for c in ALL_CARDS),
        *sorted(OTHER_PUBLISHED_NUMBERS),
        "4000 0027 6000 3184",  # published, printed in groups
        "1795476562082",  # a millisecond timestamp
        "0.30000000000000004",  # a float
        "M136 222c-12 3-21 10-26 16 5-5 12-9 22-12 10-2 18-2 2",  # SVG path data
        "pi_3Pq0AbCdEfGh_secret_[REDACTED]",
        "seti_1AbCdEfGh_secret_redacted",
        "Bearer [REDACTED]",
        'curl -H "Authorization: Bearer $CONNECT_TOKEN"',
        PUBLISHABLE_KEY,  # public by design
        "4242424242424241",  # fails the Luhn check
        "uuid 6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    ],
)
def test_published_test_numbers_and_placeholders_are_not_leaks(harmless: str) -> None:
    assert scan_bytes(f"x {harmless} y".encode()) == []


def test_a_registered_secret_is_found_even_when_it_looks_like_nothing() -> None:
    found = scan_bytes(b"...opaque-partner-credential-1234...", secrets=["opaque-partner-credential-1234"])
    assert [k for k, _, _ in found] == ["registered secret (token or key of this run)"]


def test_scan_tree_names_the_file_including_binary_files_and_zip_members(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "clean-attachment.txt").write_text(f"card {THREE_DS_3184.number} ok")
    (reports / "allure-results" / "leaky-attachment.txt").write_text(f"Bearer {TOKEN}")
    (reports / "shot.png").write_bytes(png() + b"tEXtComment\x00" + SECRET_KEY.encode())
    trace = io.BytesIO()
    with zipfile.ZipFile(trace, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("trace.network", f'{{"headers": {{"authorization": "Bearer {TOKEN}"}}}}' * 50)
    (reports / "trace.zip").write_bytes(trace.getvalue())
    assert TOKEN.encode() not in trace.getvalue(), "the member is compressed: only unzipping finds it"

    leaks = scan_tree(reports)
    by_path = {leak.path: leak.kind for leak in leaks}
    assert by_path == {
        "allure-results/leaky-attachment.txt": "partner token (JWT)",
        "shot.png": "Stripe secret key",
        "trace.zip!trace.network": "partner token (JWT)",
    }
    assert all(TOKEN not in str(leak) and SECRET_KEY not in str(leak) for leak in leaks)


def test_an_empty_or_missing_folder_has_no_leak(tmp_path: Path) -> None:
    assert scan_tree(tmp_path / "missing") == []
    assert scan_tree(tmp_path) == []


def test_a_secret_hidden_in_base64_is_found(tmp_path: Path) -> None:
    """Data URIs and the single-file Allure report embed results as base64: the scan decodes them."""
    import base64

    blob = base64.b64encode(
        json.dumps({"request": f"Authorization: Bearer {TOKEN}", "pad": "x" * 64}).encode()
    ).decode()
    (tmp_path / "index.html").write_text(f'<script>d("data/test-results/1.json","{blob}")</script>')
    [leak] = scan_tree(tmp_path)
    assert leak.path.startswith("index.html!base64@") and leak.kind == "partner token (JWT)"
    image = base64.b64encode(png()).decode()
    (tmp_path / "index.html").write_text(f'<img src="data:image/png;base64,{image}">')
    assert scan_tree(tmp_path) == []
