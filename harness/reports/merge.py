"""`connect-cert report merge DIR... --out DIR`: the shards of one run as one certification.

Each DIR is the folder of one `certify --shard I/N` run: its manifest (`shard.json`), allure-results,
junit.xml, durations.json and evidence. The merge first checks that the folders are the N shards of one
selection (the same hash, every shard once, no test in two), then gathers their Allure results and evidence
into OUT, joins their junit.xml and durations.json, and builds certification.json / .html, the Allure report
and the leak scan as `certify` does: the verdict and the exit code are those of one machine running it all.
Every problem with the shards is one line naming the folder (exit 2).
"""

from __future__ import annotations

import filecmp
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.partner_config import load_partner_config
from connect_cert.harness.reports.catalog import Catalog
from connect_cert.harness.reports.certification import RunInfo
from connect_cert.harness.reports.finalize import HTML, JSON, JUNIT, REPORT, RESULTS, Finalized, finalize
from connect_cert.harness.sharding import DURATIONS, MANIFEST, ShardManifest, read_durations, write_durations

# Written anew from the merged results, so never copied from a shard.
REGENERATED = frozenset({MANIFEST, DURATIONS, JUNIT, JSON, HTML, REPORT})
RUN_METADATA = frozenset({"environment.properties", "executor.json", "categories.json"})


@dataclass(frozen=True)
class Shard:
    folder: Path
    manifest: ShardManifest

    @property
    def name(self) -> str:
        return f"shard {self.manifest.plan.spec} ({self.folder})"


def check_shards(folders: Sequence[Path]) -> list[Shard]:
    """The shards in order; a ConfigError naming the folder when one is missing, twice, or of another run."""
    if not folders:
        raise ConfigError("report merge: name the shards' folders (DIR...)")
    seen: dict[Path, Path] = {}
    for folder in folders:
        resolved = folder.resolve()
        if resolved in seen:
            raise ConfigError(f"{folder}: given twice")
        seen[resolved] = folder
    shards = [Shard(folder, ShardManifest.read(folder)) for folder in folders]
    first = shards[0]
    for shard in shards[1:]:
        plan, ref = shard.manifest.plan, first.manifest.plan
        if plan.selection_hash != ref.selection_hash:
            raise ConfigError(
                f"{shard.folder}: shards of different selections: selection {plan.selection_hash} "
                f"({plan.selected} tests), {first.folder} has {ref.selection_hash} ({ref.selected} tests)"
            )
        if plan.spec.total != ref.spec.total:
            raise ConfigError(f"{shard.folder}: shard {plan.spec}, but {first.folder} is shard {ref.spec}")
    by_index: dict[int, Shard] = {}
    for shard in shards:
        index = shard.manifest.plan.spec.index
        if index in by_index:
            raise ConfigError(f"{shard.folder}: shard {shard.manifest.plan.spec} twice (also {by_index[index].folder})")
        by_index[index] = shard
    total = first.manifest.plan.spec.total
    missing = [f"{i}/{total}" for i in range(1, total + 1) if i not in by_index]
    if missing:
        raise ConfigError(f"shard {', '.join(missing)} missing: the folders given hold {len(by_index)} of {total}")
    owner: dict[str, Shard] = {}
    for shard in by_index.values():
        for test in shard.manifest.plan.tests:
            if test in owner:
                raise ConfigError(f"{shard.folder}: {test} is in {owner[test].name} too")
            owner[test] = shard
    if len(owner) != first.manifest.plan.selected:
        raise ConfigError(
            f"the {total} shards own {len(owner)} tests, their selection has {first.manifest.plan.selected}"
        )
    return [by_index[i] for i in sorted(by_index)]


def merged_run(runs: Sequence[RunInfo]) -> RunInfo:
    """One run from the shards': the first one's target and partner, from the earliest start to the last end."""
    statuses = [r.pytest_exit_status for r in runs]
    incomplete = [s for s in statuses if s not in (None, 0, 1, 5)]
    if incomplete:
        status: int | None = incomplete[0]
    elif 1 in statuses:
        status = 1
    else:
        status = 5 if statuses and all(s == 5 for s in statuses) else 0
    suites = sorted({s for r in runs for s in (r.suites or ())})
    return replace(
        runs[0],
        started_at=min(r.started_at for r in runs),
        finished_at=max(r.finished_at for r in runs),
        suites=tuple(suites) or None,
        pytest_exit_status=status,
    )


def merge_junit(sources: Sequence[Path], target: Path) -> None:
    """One <testsuite> holding every shard's <testcase>, its counts recounted."""
    suite = ET.Element("testsuite", name="connect-cert")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    seconds = 0.0
    for source in sources:
        try:
            root = ET.parse(source).getroot()
        except FileNotFoundError:
            continue
        except (OSError, ET.ParseError) as exc:
            raise ConfigError(f"{source}: unreadable junit.xml ({type(exc).__name__})") from None
        for case in root.iter("testcase"):
            suite.append(case)
            counts["tests"] += 1
            tags = {child.tag for child in case}
            counts["failures"] += "failure" in tags
            counts["errors"] += "error" in tags and "failure" not in tags
            counts["skipped"] += "skipped" in tags
            seconds += float(case.get("time", "0") or 0)
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", f"{seconds:.3f}")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)


def _copy_evidence(shard: Shard, out: Path) -> None:
    """Every file of the shard's folder but what the merge writes anew, at the same place under OUT."""
    for path in sorted(shard.folder.rglob("*")):
        rel = path.relative_to(shard.folder)
        if not path.is_file() or rel.parts[0] in REGENERATED:
            continue
        if rel.parts[0] == RESULTS and rel.name in RUN_METADATA:
            continue
        dest = out / rel
        if dest.exists():
            if filecmp.cmp(path, dest, shallow=False):
                continue
            raise ConfigError(f"{shard.folder}: {rel} is in another shard too, with other content")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)


def merge_shards(
    folders: Sequence[Path],
    out: Path,
    *,
    partner_config: Path | None = None,
    catalog: Catalog | None = None,
    generate_html_report: bool = True,
) -> Finalized:
    """Check the shards, gather them into `out` and build the certification of them all."""
    shards = check_shards(folders)
    out = Path(out)
    for shard in shards:
        inside = out.resolve() == shard.folder.resolve() or shard.folder.resolve() in out.resolve().parents
        if inside or out.resolve() in shard.folder.resolve().parents:
            raise ConfigError(f"--out {out}: overlaps {shard.folder}; merge into a folder of its own")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the output folder {out}: {exc.strerror}") from None
    shutil.rmtree(out / RESULTS, ignore_errors=True)  # a fresh merge: results of an earlier one must not count
    (out / RESULTS).mkdir()
    durations: dict[str, float] = {}
    for shard in shards:
        _copy_evidence(shard, out)
        if (shard.folder / DURATIONS).is_file():
            durations.update(read_durations(shard.folder / DURATIONS))
    merge_junit([shard.folder / JUNIT for shard in shards], out / JUNIT)
    if durations:
        write_durations(out / DURATIONS, durations)
    run = merged_run([RunInfo.from_json(shard.manifest.run) for shard in shards])
    config = partner_config or (Path(run.partner_config) if run.partner_config else None)
    partner = load_partner_config(config) if config is not None else None
    return finalize(out, run=run, catalog=catalog, partner=partner, generate_html_report=generate_html_report)
