"""Code cites the project's own reference (docs/reference.md#<anchor>), never a file outside the repository.

The package folders may not name such a file at all; tests and benchmarks may read the published spec
beside the clone (and skip without it) but their docstrings and comments cite docs/reference.md too.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "docs" / "reference.md"
PACKAGE_FOLDERS = tuple(sorted(p.name for p in (REPO / "connect_cert").iterdir() if p.is_symlink()))
TEST_FOLDERS = ("tests", "benchmarks")
# Names of the reference material kept beside the clone (never in it), and paths into its folder.
OUTSIDE = re.compile(
    r"shared/reference|\.\./shared\b|FACTS\.md|payments-frontend-setup\.txt|docs-index-llms\.txt"
    r"|connect-api-upstream-openapi\.yml|stripe-openapi-subset\.json"
)
CITATION = re.compile(r"docs/reference\.md#([A-Za-z0-9_-]+)")
ANCHOR = re.compile(r'<a id="([A-Za-z0-9_-]+)"></a>')
CITING_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".txt", ".html", ".js", ".json"}
SKIPPED_PARTS = {".venv", "node_modules", "reports", "__pycache__", ".git", "build", "dist"}


def _files(folders: tuple[str, ...], suffixes: set[str]) -> list[Path]:
    found = []
    for folder in folders:
        for path in (REPO / folder).rglob("*"):
            if path.suffix in suffixes and path.is_file() and not SKIPPED_PARTS & set(path.parts):
                found.append(path)
    return sorted(found)


def _outside_citations(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]


def _prose(source: str) -> str:
    """The comments and docstrings of a Python source, where a citation lives (code may read a file)."""
    parts: list[str] = []
    previous = tokenize.INDENT
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            parts.append(token.string)
        elif token.type == tokenize.STRING and previous in (tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT):
            parts.append(token.string)  # a string statement: a docstring
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return "\n".join(parts)


def _anchors() -> list[str]:
    return ANCHOR.findall(REFERENCE.read_text(encoding="utf-8"))


def test_the_checks_see_what_they_look_for() -> None:
    assert {"harness", "sandbox", "fixtures", "suites"} <= set(PACKAGE_FOLDERS)
    assert _outside_citations('"""Rows from FACTS.md."""') and _outside_citations("x = '../shared/reference/a.yml'")
    assert not _outside_citations('"""Rows from docs/reference.md#test-cards."""')
    source = 'SPEC = ROOT / "shared/reference/spec.yml"  # the spec\n\n\ndef f():\n    """Per FACTS.md."""\n'
    assert _outside_citations(_prose(source)) == ['"""Per FACTS.md."""']


def test_no_package_module_names_a_file_outside_the_repository() -> None:
    modules = _files(PACKAGE_FOLDERS, {".py"})
    assert len(modules) > 50, "the package folders were not found"
    cited = {
        str(path.relative_to(REPO)): found for path in modules if (found := _outside_citations(path.read_text("utf-8")))
    }
    assert cited == {}, f"cite docs/reference.md#<anchor> instead: {cited}"


def test_no_test_docstring_or_comment_cites_a_file_outside_the_repository() -> None:
    modules = _files(TEST_FOLDERS, {".py"})
    assert Path(__file__) in modules
    cited = {
        str(path.relative_to(REPO)): found
        for path in modules
        if (found := _outside_citations(_prose(path.read_text("utf-8"))))
    }
    assert cited == {}, f"cite docs/reference.md#<anchor> instead: {cited}"


def test_the_reference_has_unique_anchors_each_with_a_public_source() -> None:
    anchors = _anchors()
    assert len(anchors) == len(set(anchors)), "an anchor is defined twice"
    sections = re.split(ANCHOR, REFERENCE.read_text(encoding="utf-8"))[1:]
    for anchor, body in zip(sections[::2], sections[1::2], strict=True):
        assert re.search(r"\]\(https://", body), f"#{anchor} names no public source"


def test_every_cited_anchor_exists() -> None:
    anchors = set(_anchors())
    assert "test-cards" in anchors
    cited: dict[str, set[str]] = {}
    for path in _files((*PACKAGE_FOLDERS, *TEST_FOLDERS, "docs"), CITING_SUFFIXES):
        for anchor in CITATION.findall(path.read_text("utf-8", errors="replace")):
            cited.setdefault(anchor, set()).add(str(path.relative_to(REPO)))
    assert "fixtures/cards.py" in cited.get("test-cards", set()), "the citation scan missed fixtures/cards.py"
    missing = {anchor: sorted(paths) for anchor, paths in cited.items() if anchor not in anchors}
    assert missing == {}, f"docs/reference.md has no such anchor (known: {', '.join(sorted(anchors))})"
