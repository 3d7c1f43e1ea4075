"""The leak scan: no token, secret key, client secret or real card number in anything a run leaves behind.

Runs after every certification over every file under the output folder (`reports/`). Text and binary
files are scanned as bytes (a screenshot's metadata, a video's container, a PDF); zip archives
(Playwright traces) are opened and every member scanned, since compression would hide their text; long
base64 runs (data URIs, the single-file Allure report, which embeds every result and attachment that
way) are decoded and scanned too.

What counts as a leak:
- a partner token: a JWT (`eyJ….eyJ….sig`), or any exact secret the run registered (`secrets=`);
- a `Bearer` credential that is not a placeholder;
- a Stripe secret or restricted key (`sk_…`, `rk_…`) or webhook secret (`whsec_…`);
  publishable keys (`pk_…`) are public by design and not a leak;
- a client secret (`seti_…_secret_…`, `pi_…_secret_…`) whose secret part is not redacted;
- a card number: a run of 13 to 19 digits (or printed in groups of four, Amex 4-6-5) starting with
  2-6 (the card networks' ranges), passing the Luhn check, that is not one of Stripe's published test
  numbers. Timestamps (they start with 1), hex ids, decimal fractions and SVG path data are not card numbers.

A finding names the file (and the archive member) and where, and shows only a masked hint of the value.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from connect_cert.fixtures.cards import PUBLISHED_TEST_NUMBERS
from connect_cert.harness.redact import luhn_ok

MAX_FILE_BYTES = 512 * 1024 * 1024  # larger files are scanned in their first 512 MiB
MAX_FINDINGS_PER_FILE = 20
PLACEHOLDERS = frozenset(
    {b"redacted", b"REDACTED", b"[REDACTED]", b"$CONNECT_TOKEN", b"${CONNECT_TOKEN}", b"***", b"<token>", b"TOKEN"}
)

_BASE64 = re.compile(rb"[A-Za-z0-9+/]{64,}={0,2}")  # long runs only: words and paths are not base64
_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")
_BEARER = re.compile(rb"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{16,})")
_STRIPE_SECRET = re.compile(rb"\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9]{10,}")
_CLIENT_SECRET = re.compile(rb"\b(?:seti|pi|src)_[A-Za-z0-9]{6,}_secret_([A-Za-z0-9]+)")
# Contiguous, or grouped as cards are printed: 4-4-4-4(-1..3) or Amex 4-6-5, one space or dash between groups.
_PAN = re.compile(
    rb"(?<![\w.,-])[2-6](?:[0-9]{12,18}|[0-9]{3}(?:([ -])[0-9]{4}(?:\1[0-9]{4}){2}(?:\1[0-9]{1,3})?|[ -][0-9]{6}[ -][0-9]{4,5}))"
    rb"(?![\w-]|[.,][0-9])"
)


@dataclass(frozen=True)
class Leak:
    path: str  # relative to the scanned root; `archive.zip!member` inside an archive
    kind: str
    offset: int
    hint: str  # masked: enough to find the value, never the value

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} at byte {self.offset} ({self.hint})"


def _mask(value: bytes) -> str:
    text = value.decode("ascii", "replace")
    return f"{text[:6]}…({len(text)} chars)" if len(text) > 10 else f"…({len(text)} chars)"


def scan_bytes(data: bytes, secrets: Iterable[str] = ()) -> list[tuple[str, int, str]]:
    """(kind, offset, masked hint) for every leak in `data`."""
    found: list[tuple[str, int, str]] = []
    for secret in {s for s in secrets if s and len(s) >= 8}:
        needle = secret.encode()
        at = data.find(needle)
        if at >= 0:
            found.append(("registered secret (token or key of this run)", at, _mask(needle)))
    for m in _JWT.finditer(data):
        found.append(("partner token (JWT)", m.start(), _mask(m.group(0))))
    for m in _BEARER.finditer(data):
        value = m.group(1)
        if value not in PLACEHOLDERS and not value.startswith(b"eyJ"):  # a JWT is reported once, above
            found.append(("bearer credential", m.start(1), _mask(value)))
    for m in _STRIPE_SECRET.finditer(data):
        found.append(("Stripe secret key", m.start(), m.group(0)[:8].decode() + "…"))
    for m in _CLIENT_SECRET.finditer(data):
        if m.group(1) not in PLACEHOLDERS and m.group(1).lower() != b"redacted":
            found.append(("client secret", m.start(), m.group(0).split(b"_secret_")[0].decode() + "_secret_…"))
    for m in _PAN.finditer(data):
        digits = re.sub(rb"[ -]", b"", m.group(0)).decode()
        if 13 <= len(digits) <= 19 and digits not in PUBLISHED_TEST_NUMBERS and luhn_ok(digits):
            found.append(
                ("card number (not a published test number)", m.start(), f"…{digits[-4:]}, {len(digits)} digits")
            )
    found.sort(key=lambda f: f[1])
    return found


def _base64_blobs(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Decoded base64 runs (data URIs, Allure's single-file report): a secret must not hide in them."""
    for m in _BASE64.finditer(data):
        blob = m.group(0)
        try:
            yield m.start(), base64.b64decode(blob + b"=" * (-len(blob) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue


def _members(path: Path, data: bytes, depth: int = 0) -> Iterator[tuple[str, bytes]]:
    yield str(path), data
    if depth < 2:
        for offset, decoded in _base64_blobs(data):
            yield from _members(Path(f"{path}!base64@{offset}"), decoded, depth + 1)
    if depth < 2 and data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if info.is_dir() or info.file_size > MAX_FILE_BYTES:
                        continue
                    member = archive.read(info)
                    yield from (
                        (f"{path}!{name}", content)
                        for name, content in _members(Path(info.filename), member, depth + 1)
                    )
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            return  # not really a zip (or encrypted): the raw bytes were scanned


def scan_file(path: Path, root: Path, secrets: Iterable[str] = ()) -> list[Leak]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES)
    except OSError:
        return []
    leaks: list[Leak] = []
    secrets = tuple(secrets)
    rel = path.relative_to(root).as_posix()
    for name, content in _members(Path(rel), data):
        for kind, offset, hint in scan_bytes(content, secrets)[:MAX_FINDINGS_PER_FILE]:
            leaks.append(Leak(name, kind, offset, hint))
    return leaks


def scan_tree(root: Path, secrets: Iterable[str] = (), *, exclude: Iterable[str] = ()) -> list[Leak]:
    """Every leak in every file under `root`; `exclude` are relative paths (or folders) to leave out."""
    root = Path(root)
    if not root.exists():
        return []
    excluded = tuple(e.rstrip("/") for e in exclude)
    secrets = tuple(secrets)
    leaks: list[Leak] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(root).as_posix()
        if any(rel == e or rel.startswith(e + "/") for e in excluded):
            continue
        leaks += scan_file(path, root, secrets)
    return leaks
