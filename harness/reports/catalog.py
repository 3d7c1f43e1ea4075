"""The requirement catalog (`fixtures/requirements.yaml`): load it and refuse a malformed one.

Every problem is one line naming the requirement and the field; all of them are reported at once, as a
`CatalogError` (a `ConfigError`: exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import connect_cert.fixtures
from connect_cert.harness.exitcodes import ConfigError

DEFAULT_CATALOG = Path(connect_cert.fixtures.__file__).resolve().parent / "requirements.yaml"

PLATFORMS: tuple[str, ...] = ("api", "web", "ios", "android", "lint")
SEVERITIES: tuple[str, ...] = ("blocker", "critical", "normal", "minor", "trivial")  # Allure's, worst first
ID_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{2,3}$")
_FIELDS = ("id", "title", "statement", "source", "severity", "platforms", "proven_by", "tests")
_REQUIRED = ("id", "title", "statement", "source", "severity", "platforms")


class CatalogError(ConfigError):
    """The catalog is unreadable or malformed; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    document: str
    section: str
    quote: str


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    statement: str
    source: Source
    severity: str
    platforms: tuple[str, ...]
    proven_by: Mapping[str, str] = field(default_factory=dict)
    tests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """`PAY-02 A 4242 card is added …`: the Allure feature."""
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Catalog:
    requirements: tuple[Requirement, ...]
    documents: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def __len__(self) -> int:
        return len(self.requirements)

    def __contains__(self, requirement_id: object) -> bool:
        return any(r.id == requirement_id for r in self.requirements)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.requirements)

    def get(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)


def severity_rank(severity: str) -> int:
    """0 for blocker … 4 for trivial (unknown: normal)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else SEVERITIES.index("normal")


def load_catalog(path: Path | str | None = None) -> Catalog:
    """The catalog at `path` (default fixtures/requirements.yaml), validated."""
    path = Path(path) if path is not None else DEFAULT_CATALOG
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError([f"{path}: the requirement catalog does not exist"]) from None
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read the requirement catalog: {exc.strerror}"]) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise CatalogError([f"{path}: not valid YAML{line}: {getattr(exc, 'problem', exc)}"]) from None
    return parse_catalog(raw, str(path), path=path)


def parse_catalog(raw: Any, origin: str = "requirements.yaml", *, path: Path | None = None) -> Catalog:
    """A catalog from its parsed YAML; CatalogError lists every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise CatalogError([f"{origin}: expected a mapping with 'requirements', got {type(raw).__name__}"])
    documents = raw.get("documents") or {}
    if not isinstance(documents, dict):
        problems.append(f"{origin}: documents: expected a mapping of id -> title")
        documents = {}
    entries = raw.get("requirements")
    if not isinstance(entries, list) or not entries:
        raise CatalogError([*problems, f"{origin}: requirements: expected a non-empty list"])
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{origin}: requirements[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        rid = entry.get("id")
        if isinstance(rid, str):
            where = f"{origin}: {rid}"
        requirement = _parse_requirement(entry, where, documents, problems)
        if requirement is None:
            continue
        if requirement.id in seen:
            problems.append(f"{where}: id: duplicate id {requirement.id}")
            continue
        seen.add(requirement.id)
        requirements.append(requirement)
    if problems:
        raise CatalogError(problems)
    return Catalog(tuple(requirements), {str(k): str(v) for k, v in documents.items()}, path)


def _text(entry: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: expected non-empty text")
        return ""
    return " ".join(value.split())


def _parse_requirement(
    entry: Mapping[str, Any], where: str, documents: Mapping[str, Any], problems: list[str]
) -> Requirement | None:
    before = len(problems)
    for key in entry:
        if key not in _FIELDS:
            problems.append(f"{where}: {key}: unknown field (known: {', '.join(_FIELDS)})")
    for key in _REQUIRED:
        if key not in entry:
            problems.append(f"{where}: {key}: missing")
    if len(problems) > before and any(p.endswith(": missing") for p in problems[before:]):
        return None
    rid = _text(entry, "id", where, problems)
    if rid and not ID_PATTERN.match(rid):
        problems.append(f"{where}: id: {rid!r} does not look like PAY-01 (letters, dash, two or three digits)")
    title = _text(entry, "title", where, problems)
    statement = _text(entry, "statement", where, problems)
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        problems.append(f"{where}: severity: {severity!r} is not one of {', '.join(SEVERITIES)}")
    platforms = entry.get("platforms")
    if not isinstance(platforms, list) or not platforms:
        problems.append(f"{where}: platforms: expected a non-empty list of {', '.join(PLATFORMS)}")
        platforms = []
    unknown = [p for p in platforms if p not in PLATFORMS]
    if unknown:
        problems.append(f"{where}: platforms: unknown {', '.join(map(str, unknown))} (known: {', '.join(PLATFORMS)})")
    source = entry.get("source")
    parsed_source = Source("", "", "")
    if not isinstance(source, dict):
        problems.append(f"{where}: source: expected a mapping with document, section and quote")
    else:
        document = _text(source, "document", f"{where}: source", problems)
        if document and documents and document not in documents:
            problems.append(f"{where}: source: document: {document!r} is not listed under documents")
        parsed_source = Source(
            document,
            _text(source, "section", f"{where}: source", problems),
            _text(source, "quote", f"{where}: source", problems),
        )
    proven_by = entry.get("proven_by") or {}
    if not isinstance(proven_by, dict):
        problems.append(f"{where}: proven_by: expected a mapping of platform -> text")
        proven_by = {}
    for platform in proven_by:
        if platform not in platforms:
            problems.append(f"{where}: proven_by: {platform!r} is not one of this requirement's platforms")
    tests = entry.get("tests") or {}
    parsed_tests: dict[str, tuple[str, ...]] = {}
    if not isinstance(tests, dict):
        problems.append(f"{where}: tests: expected a mapping of platform -> list of test node ids")
    else:
        for platform, nodes in tests.items():
            if platform not in platforms:
                problems.append(f"{where}: tests: {platform!r} is not one of this requirement's platforms")
            if not isinstance(nodes, list) or not all(isinstance(n, str) for n in nodes):
                problems.append(f"{where}: tests: {platform}: expected a list of test node ids")
                continue
            parsed_tests[str(platform)] = tuple(nodes)
    if len(problems) > before:
        return None
    return Requirement(
        id=rid,
        title=title,
        statement=statement,
        source=parsed_source,
        severity=str(severity),
        platforms=tuple(p for p in PLATFORMS if p in platforms),
        proven_by={str(k): " ".join(str(v).split()) for k, v in proven_by.items()},
        tests=parsed_tests,
    )
