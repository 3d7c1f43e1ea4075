"""Helpers of the report builder's tests: Allure results written by hand, real PNGs, what an Allure report embeds."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.reports import allure as evidence

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ALLURE_CLI = REPO / "node_modules" / "allure" / "cli.js"

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install -y chromium)"
)
needs_allure_cli = pytest.mark.skipif(
    not ALLURE_CLI.is_file() or shutil.which("node") is None,
    reason="the npm package 'allure' is not installed (run `npm ci`) or node is missing",
)


class ResultWriter:
    """Writes `*-result.json` files the way allure-pytest does, with the labels our plugin sets."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.clock = 1_700_000_000_000

    def __call__(
        self,
        name: str,
        status: str,
        *,
        requirements: Iterable[str] = (),
        platform: str | None = None,
        message: str | None = None,
        history_id: str | None = None,
        attachments: Iterable[tuple[str, str, bytes]] = (),
        labels: Mapping[str, str] | None = None,
        parameters: Mapping[str, str] | None = None,
        duration: int = 10,
    ) -> dict[str, Any]:
        self.clock += duration + 1
        labels_list = [{"name": evidence.REQUIREMENT_LABEL, "value": r} for r in requirements]
        if platform:
            labels_list.append({"name": evidence.PLATFORM_LABEL, "value": platform})
        labels_list.append({"name": evidence.NODEID_LABEL, "value": f"suites/{platform or 'x'}/test_x.py::{name}"})
        labels_list += [{"name": k, "value": v} for k, v in (labels or {}).items()]
        files = []
        for att_name, mime, content in attachments:
            ext = {"image/png": "png", "text/plain": "txt", "application/zip": "zip"}.get(mime, "bin")
            source = f"{uuid.uuid4()}-attachment.{ext}"
            (self.dir / source).write_bytes(content)
            files.append({"name": att_name, "source": source, "type": mime})
        result: dict[str, Any] = {
            "uuid": str(uuid.uuid4()),
            "name": name,
            "fullName": f"suites.{platform or 'x'}.test_x#{name}",
            "historyId": history_id or uuid.uuid4().hex,
            "status": status,
            "start": self.clock - duration,
            "stop": self.clock,
            "labels": labels_list,
            "parameters": [{"name": k, "value": v} for k, v in (parameters or {}).items()],
            "steps": [{"name": "a step", "status": status, "attachments": files}] if files else [],
        }
        if message:
            result["statusDetails"] = {"message": message, "trace": message}
        (self.dir / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")
        return result


def png(width: int = 40, height: int = 30, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG of one colour: evidence for thumbnails."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def embedded_results(index_html: Path) -> list[dict[str, Any]]:
    """The test results a single-file Allure report embeds (`d("data/test-results/<id>.json", "<base64>")`)."""
    import base64
    import re

    html = index_html.read_text(encoding="utf-8")
    found = re.findall(r'd\("data/test-results/[0-9a-f]+\.json","([A-Za-z0-9+/=]+)"\)', html)
    return [json.loads(base64.b64decode(blob)) for blob in found]
