"""Fixtures of the lint's tests: small apps written into tmp_path (helpers live in support.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """`make_app({"App.swift": "…"})` -> a folder holding those files (text, UTF-8)."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "app"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make
