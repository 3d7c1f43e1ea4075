"""`report merge` takes the N shards of one selection, each once: a missing, repeated or foreign shard is
one line naming it and exit 2, before anything is written. Shards that fit are gathered into one run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connect_cert.harness import cli
from connect_cert.harness.exitcodes import ExitCode
from connect_cert.harness.reports.certification import RunInfo
from connect_cert.harness.sharding import MANIFEST, ShardManifest, ShardSpec, plan_shard
from tests.reports.support import ResultWriter

START = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TESTS: list[tuple[str, str | None]] = [(f"api/test_x.py::test_{n}", None) for n in range(9)]


def _run(index: int) -> RunInfo:
    started = START + timedelta(minutes=index - 1)
    return RunInfo(
        target_name="sandbox",
        started_at=started,
        finished_at=started + timedelta(seconds=30),
        suites=("api",),
        profile="quick",
        pytest_exit_status=0,
    )


def shard(root: Path, index: int, total: int, tests: list[tuple[str, str | None]] = TESTS) -> Path:
    """The folder of `certify --shard index/total` with a manifest, one passed result and junit case per test."""
    folder = root / f"shard-{index}-of-{total}-{len(tests)}"
    plan = plan_shard(ShardSpec(index, total), tests, {}, {"target": "sandbox", "profile": "quick"})
    write = ResultWriter(folder / "allure-results")
    suite = ET.Element("testsuite")
    for test in plan.tests:
        write(test.rsplit("::", 1)[1], "passed", platform="api", history_id=test)
        ET.SubElement(suite, "testcase", classname="api.test_x", name=test.rsplit("::", 1)[1], time="0.1")
    ET.ElementTree(suite).write(folder / "junit.xml")
    ShardManifest(plan, _run(index).as_json(), 0).write(folder)
    return folder


def _merge(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = cli.run(["report", "merge", *map(str, args), "--no-html-report"])
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    if code == ExitCode.USAGE:
        assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
        assert lines[0].startswith("connect-cert: error: ")
    return code, captured.err.strip()


def test_shards_that_fit_merge_into_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folders = [shard(tmp_path, i, 3) for i in (3, 1, 2)]  # any order
    out = tmp_path / "merged"
    code, err = _merge(capsys, *folders, "--out", out)
    assert err == ""
    document = json.loads((out / "certification.json").read_text())
    assert document["counts"]["total"] == len(TESTS) == len(list((out / "allure-results").glob("*-result.json")))
    assert document["agreement"]["junit"]["total"] == len(TESTS)
    run = document["run"]
    assert datetime.fromisoformat(run["started_at"]) == START, "from the first shard's start"
    assert datetime.fromisoformat(run["finished_at"]) == START + timedelta(minutes=2, seconds=30), "to the last end"
    assert code == document["exit_code"], "the exit code is the merged certification's"
    names = [case.get("name") for case in ET.parse(out / "junit.xml").getroot().iter("testcase")]
    assert sorted(names) == sorted(t.rsplit("::", 1)[1] for t, _ in TESTS)


def test_a_missing_shard_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _merge(capsys, shard(tmp_path, 1, 3), shard(tmp_path, 3, 3), "--out", tmp_path / "merged")
    assert code == ExitCode.USAGE == 2
    assert "shard 2/3 missing" in err
    assert not (tmp_path / "merged").exists(), "nothing is written when the shards do not fit"


def test_a_shard_given_twice_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = shard(tmp_path, 1, 2), shard(tmp_path, 2, 2)
    copy = tmp_path / "copy-of-shard-2"
    copy.mkdir()
    (copy / MANIFEST).write_bytes((second / MANIFEST).read_bytes())
    code, err = _merge(capsys, first, second, copy, "--out", tmp_path / "merged")
    assert code == 2 and "shard 2/2 twice" in err and str(copy) in err and str(second) in err
    code, err = _merge(capsys, first, second, second, "--out", tmp_path / "merged")
    assert code == 2 and f"{second}: given twice" in err


def test_shards_of_another_selection_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = shard(tmp_path, 2, 2, TESTS[:-1])  # one test fewer: another selection
    code, err = _merge(capsys, shard(tmp_path, 1, 2), other, "--out", tmp_path / "merged")
    assert code == 2 and f"{other}: shards of different selections" in err
    code, err = _merge(capsys, shard(tmp_path, 1, 2), shard(tmp_path, 2, 3), "--out", tmp_path / "merged")
    assert code == 2 and "shard 2/3, but" in err


def test_a_folder_without_a_manifest_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "reports"
    (plain / "allure-results").mkdir(parents=True)
    code, err = _merge(capsys, shard(tmp_path, 1, 2), plain, "--out", tmp_path / "merged")
    assert code == 2 and f"{plain}: no shard.json" in err
    code, err = _merge(capsys, tmp_path / "nowhere", "--out", tmp_path / "merged")
    assert code == 2 and "no such folder" in err


def test_the_output_may_not_be_a_shards_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = shard(tmp_path, 1, 2), shard(tmp_path, 2, 2)
    code, err = _merge(capsys, first, second, "--out", first)
    assert code == 2 and "overlaps" in err
    assert json.loads((first / MANIFEST).read_text())["shard"]["index"] == 1, "the shard is left as it was"
