"""Against the published spec, every difference is known drift; a docs-shaped spec hits the docs-vs-spec entries."""

from __future__ import annotations

import copy
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from connect_cert.contracts.drift import CONTRACT, KNOWN_DRIFT, classify, diff, load_known_drift, load_spec, main

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared/reference/connect-api-upstream-openapi.yml"

pytestmark = pytest.mark.skipif(not PUBLISHED.exists(), reason=f"published spec not found at {PUBLISHED}")


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    return load_spec(PUBLISHED)


@pytest.fixture(scope="module")
def classified(published: dict[str, Any]) -> list[tuple[Any, str | None]]:
    return classify(diff(load_spec(CONTRACT), published), load_known_drift())


def test_main_against_the_published_spec_finds_only_known_drift() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(str(PUBLISHED), out=out, err=err) == 0, out.getvalue()
    assert err.getvalue() == ""
    text = out.getvalue()
    assert "BREAKING, new (0)" in text
    assert "users_charging_start_create (POST /api/v1/users/{user_id}/charging/start/) response 401" in text
    assert "status_code_removed: ours documents 401; other does not  [known: auth-401-undocumented]" in text


def test_every_difference_is_classified_known(classified: list[tuple[Any, str | None]]) -> None:
    unknown = [d for d, known in classified if known is None]
    assert unknown == []


def test_each_deliberate_difference_is_found_under_its_entry(classified: list[tuple[Any, str | None]]) -> None:
    by_entry = Counter(known for _, known in classified)
    assert by_entry["auth-401-undocumented"] == 22  # every operation
    assert by_entry["card-expiration-format"] == 1
    assert by_entry["card-closed-object"] == 1
    assert by_entry["start-charging-400"] == 1
    assert by_entry["users-list-invalid-page-404"] == 1
    assert by_entry["json-request-bodies-only"] == 10  # 5 bodies x (form, multipart)
    assert by_entry["stripe-id-and-secret-patterns"] >= 4


def test_known_drift_keeps_its_breaking_class(classified: list[tuple[Any, str | None]]) -> None:
    kinds = {(d.kind, d.breaking) for d, known in classified if known == "auth-401-undocumented"}
    assert kinds == {("status_code_removed", True)}
    media = {(d.kind, d.breaking) for d, known in classified if known == "json-request-bodies-only"}
    assert media == {("media_type_added", False)}
    expiry = [d for d, known in classified if known == "card-expiration-format"]
    assert [(d.kind, d.breaking) for d in expiry] == [("pattern_removed", True)]
    assert expiry[0].location.endswith("response 200 application/json: results[].card.expiration_date")


def _docs_shaped(published: dict[str, Any]) -> dict[str, Any]:
    """The published spec rewritten the way the public docs describe the API."""
    docs = copy.deepcopy(published)
    schemas = docs["components"]["schemas"]
    schemas["ConnectAPISetupIntent"] = {
        "type": "object",
        "properties": {"client_secret": {"type": "string"}},
        "required": ["client_secret"],
    }
    debt = schemas["ConnectAPIDebt"]
    debt["properties"]["client_secret"] = debt["properties"].pop("payment_intent_client_secret")
    debt["required"] = [n if n != "payment_intent_client_secret" else "client_secret" for n in debt["required"]]
    setup = docs["paths"]["/api/v1/users/{user_id}/setup-intents/"]["get"]
    pm_type = next(p for p in setup["parameters"] if p["name"] == "pm_type")
    pm_type["schema"]["enum"] = ["card", "paypal"]
    return docs


def test_a_docs_shaped_spec_matches_the_docs_vs_spec_entries(published: dict[str, Any]) -> None:
    rows = classify(diff(load_spec(CONTRACT), _docs_shaped(published)), load_known_drift())
    hits = {(d.kind, known) for d, known in rows}
    assert ("required_field_removed", "setup-intent-secret-name") in hits
    assert ("required_field_added", "setup-intent-secret-name") in hits
    assert ("required_field_removed", "debt-secret-name") in hits
    assert ("enum_widened", "setup-intent-pm-type-paypal") in hits
    assert [d for d, known in rows if known is None] == []


def test_known_drift_entries_are_complete_and_evidenced() -> None:
    entries = yaml.safe_load(KNOWN_DRIFT.read_text(encoding="utf-8"))["entries"]
    assert {e["source"] for e in entries} == {"docs-vs-spec", "deliberate"}
    docs_vs_spec = [e["id"] for e in entries if e["source"] == "docs-vs-spec"]
    assert len(docs_vs_spec) == 5  # the five of docs/reference.md#docs-spec-drift
    for entry in entries:
        for key in ("id", "summary", "docs_say", "spec_says", "our_contract", "evidence", "matches"):
            assert entry.get(key), f"{entry.get('id')}: no {key}"
        for evidence in entry["evidence"]:
            path = REPO / evidence["file"]
            assert path.exists(), f"{entry['id']}: {evidence['file']} not found"
            text = " ".join(path.read_text(encoding="utf-8").split())
            assert " ".join(evidence["quote"].split()) in text, f"{entry['id']}: quote not in {evidence['file']}"
