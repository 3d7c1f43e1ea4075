"""Trace and video of a failed web test, kept under `<reports>/web/<test>/`.

A Playwright trace records network traffic and DOM snapshots, so it holds the partner token (the
Authorization header, the sign-in field) and client secrets (Connect answers, redirect URLs). Every
text member of the archive goes through `connect_cert.harness.redact` before the trace is kept.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from connect_cert.harness.redact import redact

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def artifact_dir(reports_dir: Path, nodeid: str) -> Path:
    """`reports/web/test_card_4242_is_saved_as_default.py-test_x-payment-desktop`: one folder per test."""
    name = nodeid.split("suites/web/", 1)[-1]
    return reports_dir / "web" / _UNSAFE.sub("-", name).strip("-")[:150]


def redact_trace(path: Path) -> None:
    """Rewrite the trace archive with every secret in its text members masked."""
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as tmp:
        clean = Path(tmp.name)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(clean, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    target.writestr(info, data)  # images and other binary resources
                    continue
                target.writestr(info, redact(text).encode("utf-8"))
        shutil.move(clean, path)
    finally:
        clean.unlink(missing_ok=True)
