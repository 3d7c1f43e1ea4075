"""The README's walkthrough shows the example's certification.yaml and Python adapter whole, as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["certification.yaml", "voltstrom_adapter.py"])
def test_the_readme_quotes_the_example_file_whole(name: str) -> None:
    text = (REPO / "examples" / "partner-web" / name).read_text(encoding="utf-8")
    assert text in (REPO / "README.md").read_text(encoding="utf-8")
