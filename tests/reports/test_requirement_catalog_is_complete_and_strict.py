"""The requirement catalog: the numbered requirements of the integration guide, and a strict loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.reports.catalog import PLATFORMS, CatalogError, load_catalog, parse_catalog

IDS = (
    "PAY-01",
    "PAY-02",
    "PAY-03",
    "PAY-04",
    "PAY-05",
    "PAY-06",
    "PAY-07",
    "PAY-08",
    "PAY-09",
    "PAY-10",
    "PAY-11",
    "PAY-12",
    "API-01",
    "API-02",
    "API-03",
    "LINT-01",
    "LINT-02",
    "LINT-03",
    "LINT-04",
    "LINT-05",
    "LINT-06",  # checked in the app's source only
)
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "payments-frontend-setup.txt"


def test_the_catalog_has_every_numbered_requirement() -> None:
    catalog = load_catalog()
    assert catalog.ids == IDS
    for requirement in catalog:
        assert requirement.platforms and set(requirement.platforms) <= set(PLATFORMS)
        assert requirement.source.quote and requirement.source.section
        assert set(requirement.proven_by) == set(requirement.platforms), requirement.id


@pytest.mark.parametrize(
    ("rid", "platforms"),
    [
        ("PAY-08", {"ios", "web"}),  # Apple Pay: iOS, and the web on a registered domain
        ("PAY-09", {"android", "web"}),  # Google Pay
        (
            "PAY-12",
            {"web", "ios", "android", "lint"},
        ),  # PaymentSheet's allowsDelayedPaymentMethods; the Payment Element's methods
        ("PAY-02", {"api", "web", "ios", "android"}),
        ("API-02", {"api"}),
    ],
)
def test_platforms_follow_the_guide(rid: str, platforms: set[str]) -> None:
    requirement = load_catalog().get(rid)
    assert requirement is not None and set(requirement.platforms) == platforms


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the shared reference folder is not next to the repository")
def test_quotes_from_the_frontend_guide_are_verbatim() -> None:
    def squeeze(text: str) -> str:  # the scraped page lost the spaces around code spans
        return "".join(text.split()).replace("*", "")

    guide = squeeze(REFERENCE.read_text(encoding="utf-8"))
    for requirement in load_catalog():
        if requirement.source.document != "payments-frontend-setup":
            continue
        for part in requirement.source.quote.split(" … "):
            assert squeeze(part) in guide, f"{requirement.id}: {part!r} is not in the guide"


def _entry(**overrides: object) -> dict:
    entry = {
        "id": "PAY-01",
        "title": "t",
        "statement": "s",
        "severity": "normal",
        "platforms": ["web"],
        "source": {"document": "d", "section": "s", "quote": "q"},
    }
    entry.update(overrides)
    return entry


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            _entry(severity="urgent"),
            "x.yaml: PAY-01: severity: 'urgent' is not one of blocker, critical, normal, minor, trivial",
        ),
        (
            _entry(platforms=["web", "tv"]),
            "x.yaml: PAY-01: platforms: unknown tv (known: api, web, ios, android, lint)",
        ),
        (
            _entry(id="pay-1"),
            "x.yaml: pay-1: id: 'pay-1' does not look like PAY-01 (letters, dash, two or three digits)",
        ),
        (
            _entry(owner="me"),
            "x.yaml: PAY-01: owner: unknown field (known: id, title, statement, source, severity, platforms, proven_by, tests)",
        ),
        (_entry(proven_by={"ios": "x"}), "x.yaml: PAY-01: proven_by: 'ios' is not one of this requirement's platforms"),
        ({k: v for k, v in _entry().items() if k != "title"}, "x.yaml: PAY-01: title: missing"),
    ],
)
def test_a_malformed_requirement_is_one_line(entry: dict, problem: str) -> None:
    with pytest.raises(CatalogError) as raised:
        parse_catalog({"requirements": [entry]}, "x.yaml")
    assert raised.value.problems == [problem]
    assert isinstance(raised.value, ConfigError)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(CatalogError, match="duplicate id PAY-01"):
        parse_catalog({"requirements": [_entry(), _entry()]}, "x.yaml")


def test_a_missing_or_broken_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "none.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("requirements: [\n")
    with pytest.raises(CatalogError, match=r"not valid YAML \(line"):
        load_catalog(broken)
    empty = tmp_path / "empty.yaml"
    empty.write_text(yaml.safe_dump({"requirements": []}))
    with pytest.raises(CatalogError, match="expected a non-empty list"):
        load_catalog(empty)
