"""A kept Playwright trace holds no token, client secret or real card number."""

from __future__ import annotations

import zipfile
from pathlib import Path

from connect_cert.harness.reports.leakscan import scan_tree
from connect_cert.harness.web.artifacts import artifact_dir, redact_trace
from connect_cert.sandbox import identity

TOKEN = identity.partner_token("partner_a")
SECRET = "seti_1AbCdEfGhIjKlMnOpQrStUvW_secret_ZyXwVuTsRqPoNmLkJiHgFeDc"
REAL_LOOKING_CARD = "4111111111111111"  # Luhn-valid, not a Stripe test number


def test_trace_members_are_redacted_and_binaries_kept(tmp_path: Path) -> None:
    trace = tmp_path / "web" / "t" / "trace.zip"
    trace.parent.mkdir(parents=True)
    png = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.network", f'{{"name":"Authorization","value":"Bearer {TOKEN}"}}\n{SECRET}\n')
        archive.writestr("trace.trace", f'{{"value":"{TOKEN}","typed":"{REAL_LOOKING_CARD}"}}')
        archive.writestr("resources/shot.png", png)
    redact_trace(trace)
    assert scan_tree(tmp_path, [TOKEN]) == []
    with zipfile.ZipFile(trace) as archive:
        assert archive.read("resources/shot.png") == png
        assert "seti_1AbCdEfGhIjKlMnOpQrStUvW_secret_" in archive.read("trace.network").decode()


def test_artifacts_go_to_a_folder_named_after_the_test(tmp_path: Path) -> None:
    folder = artifact_dir(tmp_path, "suites/web/test_card_4242_is_saved_as_default.py::test_x[payment-element]")
    assert folder == tmp_path / "web" / "test_card_4242_is_saved_as_default.py-test_x-payment-element"
