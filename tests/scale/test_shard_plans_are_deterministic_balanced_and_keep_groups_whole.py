"""`--shard I/N`: every test in exactly one shard, the same plan on every machine, an xdist_group (the
contract) whole in one shard, shards balanced by recorded durations or else by count."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.sharding import (
    DURATIONS,
    ShardPlan,
    ShardSpec,
    plain_nodeid,
    plan_shard,
    read_durations,
    selection_hash,
    units_of,
    write_durations,
)

CONTEXT = {"target": "sandbox", "profile": "quick"}
CONTRACT: list[tuple[str, str | None]] = [
    (f"api/test_contract_conforms.py::test_operation[{op}]", "contract") for op in range(22)
]
OTHERS: list[tuple[str, str | None]] = [
    *((f"api/test_other.py::test_{n}", None) for n in range(40)),
    *((f"web/test_web.py::test_{n}[card-element]", None) for n in range(12)),
]
SELECTION = CONTRACT + OTHERS


def _plans(
    total: int, durations: dict[str, float] | None = None, tests: list[tuple[str, str | None]] = SELECTION
) -> list[ShardPlan]:
    return [plan_shard(ShardSpec(i, total), tests, durations or {}, CONTEXT) for i in range(1, total + 1)]


@pytest.mark.parametrize("total", [1, 2, 3, 7, 80])
def test_every_test_is_in_exactly_one_shard(total: int) -> None:
    plans = _plans(total)
    owned = [t for plan in plans for t in plan.tests]
    assert sorted(owned) == sorted(t for t, _ in SELECTION), "a test missing or in two shards"
    assert len({plan.selection_hash for plan in plans}) == 1
    assert all(plan.selected == len(SELECTION) for plan in plans)


def test_the_plan_does_not_depend_on_collection_order() -> None:
    shuffled = list(SELECTION)
    random.Random(7).shuffle(shuffled)
    for a, b in zip(_plans(3), _plans(3, tests=shuffled), strict=True):
        assert set(a.tests) == set(b.tests)
        assert a.selection_hash == b.selection_hash


@pytest.mark.parametrize("total", [2, 3, 5])
def test_the_contract_group_stays_in_one_shard(total: int) -> None:
    holders = [plan.spec.index for plan in _plans(total) if any("contract" in t for t in plan.tests)]
    assert len(holders) == 1, f"contract tests split over shards {holders}"
    (holder,) = [plan for plan in _plans(total) if plan.spec.index == holders[0]]
    assert {t for t, _ in CONTRACT} <= set(holder.tests)


def test_without_durations_the_shards_are_balanced_by_count() -> None:
    plans = _plans(2)
    assert {plan.balanced_by for plan in plans} == {"count"}
    # the contract counts as its 22 tests: 74 tests split 37 / 37
    assert sorted(len(plan.tests) for plan in plans) == [37, 37]


def test_recorded_durations_balance_the_shards_by_time() -> None:
    durations = {t: 0.5 for t, _ in OTHERS}
    durations[CONTRACT[0][0]] = 60.0  # the engine runs in the first contract test's setup
    plans = _plans(2, durations)
    assert {plan.balanced_by for plan in plans} == {"durations"}
    contract_shard = next(plan for plan in plans if CONTRACT[0][0] in plan.tests)
    other = next(plan for plan in plans if plan is not contract_shard)
    # every other test goes beside the long contract, not half of them as a count split would do
    assert set(other.tests) == {t for t, _ in OTHERS}
    assert contract_shard.expected_seconds > other.expected_seconds
    # the counterfactual: by count, the same selection puts half the other tests beside the contract
    by_count = _plans(2)
    assert any(t in next(p for p in by_count if CONTRACT[0][0] in p.tests).tests for t, _ in OTHERS)


def test_longest_first_keeps_the_heaviest_shard_near_the_ideal() -> None:
    rng = random.Random(3)
    tests: list[tuple[str, str | None]] = [(f"t.py::test_{n}", None) for n in range(200)]
    durations = {t: rng.uniform(0.1, 5.0) for t, _ in tests}
    plans = _plans(4, durations, tests)
    loads = [plan.expected_seconds for plan in plans]
    ideal = sum(durations.values()) / 4
    assert max(loads) <= ideal + max(durations.values()), (loads, ideal)


def test_tests_without_a_recorded_duration_count_as_the_median() -> None:
    units, balanced_by = units_of([("a", None), ("b", None), ("c", None), ("new", None)], {"a": 1, "b": 2, "c": 9})
    assert balanced_by == "durations"
    assert next(u.seconds for u in units if u.key == "new") == 2


def test_the_selection_hash_changes_with_the_selection_and_the_run() -> None:
    ids = [t for t, _ in SELECTION]
    assert selection_hash(ids, CONTEXT) == selection_hash(list(reversed(ids)), CONTEXT)
    assert selection_hash(ids, CONTEXT) != selection_hash(ids[1:], CONTEXT)
    assert selection_hash(ids, CONTEXT) != selection_hash(ids, {**CONTEXT, "profile": "full"})


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2", ""])
def test_a_bad_shard_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match="expected I/N"):
        ShardSpec.parse(text)


def test_a_good_shard_parses() -> None:
    assert ShardSpec.parse(" 2/3 ") == ShardSpec(2, 3)
    assert str(ShardSpec.parse("1/1")) == "1/1"


def test_xdist_group_suffixes_are_not_part_of_the_id() -> None:
    assert plain_nodeid("api/t.py::test[x]@contract") == "api/t.py::test[x]"
    assert plain_nodeid("api/t.py::test@contract") == "api/t.py::test"
    assert plain_nodeid("api/t.py::test[user@example.com]") == "api/t.py::test[user@example.com]"


def test_durations_round_trip_and_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DURATIONS
    write_durations(path, {"a.py::t": 1.23456, "b.py::t": 0.0})
    assert read_durations(path) == {"a.py::t": 1.235, "b.py::t": 0.0}
    other = tmp_path / "other.json"
    other.write_text('{"a.py::t": 1}')
    with pytest.raises(ConfigError, match="not a durations.json"):
        read_durations(other)
    with pytest.raises(ConfigError, match="no such file"):
        read_durations(tmp_path / "missing.json")
