"""`certify --shard 1/2` and `--shard 2/2`, one after the other on this machine (each with its own sandbox),
then `report merge`: the same tests, counts, verdict, reasons and exit code as one run of the whole
selection, every test once in the merged Allure results. The whole run uses two workers, and its summary
shows that the contract engine ran once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from connect_cert.harness.contract import contract_operations
from tests.reports.support import needs_allure_cli, needs_chromium
from tests.scale.support import connect_cert

SELECTION = ("--suites", "api,web", "--profile", "quick")
SUBSET = ("--", "-k", "api or 4242")  # the API suite and a small web subset: fast, and both platforms

pytestmark = [needs_chromium, needs_allure_cli]


def _document(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "certification.json").read_text(encoding="utf-8"))


def _statuses(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(r["id"], p): c["status"] for r in document["requirements"] for p, c in r["platforms"].items()}


def _results(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in (folder / "allure-results").glob("*-result.json")]


def _nodeid(result: dict[str, Any]) -> str:
    return next(label["value"] for label in result["labels"] if label["name"] == "_nodeid")


def test_two_shards_merge_into_what_one_run_certifies(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    proc = connect_cert("certify", *SELECTION, "--out", str(whole), "-n", "2", *SUBSET)
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr
    assert f"connect-cert: contract: 1 run, {len(contract_operations())} operations" in proc.stdout, proc.stdout[-2000:]
    reference = _document(whole)
    assert reference["counts"]["total"] > len(contract_operations()) and reference["counts"]["failed"] == 0

    shards = [tmp_path / f"shard-{i}" for i in (1, 2)]
    for i, folder in enumerate(shards, start=1):
        done = connect_cert(
            "certify",
            *SELECTION,
            "--out",
            str(folder),
            "--shard",
            f"{i}/2",
            "--durations-from",
            str(whole / "durations.json"),
            *SUBSET,
        )
        assert done.returncode == 0, f"shard {i}: {done.stdout[-3000:]}{done.stderr}"
        assert not (folder / "certification.json").exists(), "a shard alone is not a certification"

    manifests = [json.loads((folder / "shard.json").read_text()) for folder in shards]
    owned = [set(m["tests"]) for m in manifests]
    assert not owned[0] & owned[1], "a test ran in both shards"
    assert {m["selection"]["hash"] for m in manifests} == {manifests[0]["selection"]["hash"]}
    assert len(owned[0] | owned[1]) == manifests[0]["selection"]["tests"] == reference["counts"]["total"]
    assert {m["balanced_by"] for m in manifests} == {"durations"}
    contract_holders = [i for i, tests in enumerate(owned) if any("test_contract_conforms" in t for t in tests)]
    assert len(contract_holders) == 1, "the contract run is one unit"
    assert all(owned), "both shards got work"

    merged = tmp_path / "merged"
    done = connect_cert("report", "merge", *map(str, shards), "--out", str(merged))
    document = _document(merged)
    assert done.returncode == reference["exit_code"] == document["exit_code"], done.stdout[-3000:] + done.stderr

    assert document["counts"] == reference["counts"]
    assert document["verdict"] == reference["verdict"]
    assert document["reasons"] == reference["reasons"]
    assert _statuses(document) == _statuses(reference)
    assert document["run"]["suites"] == reference["run"]["suites"] == ["api", "web"]
    assert document["agreement"]["agree"] is True
    assert document["agreement"]["allure_report"]["total"] == reference["counts"]["total"]

    # each test once: one result per test (a test that ran twice would show as a retry in Allure)
    results = _results(merged)
    assert len(results) == reference["counts"]["total"]
    assert len({r["historyId"] for r in results}) == len(results)
    assert Counter(_nodeid(r) for r in results) == Counter(_nodeid(r) for r in _results(whole))
    assert (merged / "allure-report" / "index.html").is_file()
