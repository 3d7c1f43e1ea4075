"""Redact what pytest writes for a failure on its way to the reports: that text is not ours to shape.

An assertion message can show a response body whole (a client secret, a token). The Allure results and
containers (status details, step names, parameters) and junit.xml go through `connect_cert.harness.redact` before any
report is built. Attachments are not touched: the harness writes them redacted, and a secret in one is a
harness bug the leak scan must name, not hide.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from connect_cert.harness.redact import redact

PYTEST_WRITTEN = ("*-result.json", "*-container.json")


def _redact_tree(node: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(node, str):
        return redact(node, secrets)
    if isinstance(node, list):
        return [_redact_tree(v, secrets) for v in node]
    if isinstance(node, dict):
        return {k: _redact_tree(v, secrets) for k, v in node.items()}
    return node


def _rewrite(path: Path, text: str, cleaned: str) -> bool:
    if cleaned == text:
        return False
    path.write_text(cleaned, encoding="utf-8")
    return True


def scrub_file(path: Path, secrets: Iterable[str] = ()) -> bool:
    """Redact one text file in place; True when anything changed. Binary files are left alone."""
    kept = tuple(s for s in secrets if s)
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return False
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            return _rewrite(path, text, redact(text, kept))
        cleaned = _redact_tree(data, kept)
        return cleaned != data and _rewrite(path, text, json.dumps(cleaned, ensure_ascii=False))
    return _rewrite(path, text, redact(text, kept))


def scrub_reports(results_dir: Path, junit: Path | None, secrets: Iterable[str] = ()) -> list[Path]:
    """Redact the Allure results and containers and junit.xml; the files changed."""
    kept = tuple(secrets)
    changed = []
    paths = sorted(p for pattern in PYTEST_WRITTEN for p in results_dir.glob(pattern)) if results_dir.is_dir() else []
    if junit is not None and junit.is_file():
        paths.append(junit)
    for path in paths:
        if scrub_file(path, kept):
            changed.append(path)
    return changed
