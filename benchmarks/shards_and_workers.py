"""Shards and workers on this machine: the wall time of one selection certified

- as 1 shard (the whole selection in one process: the baseline) and as 2 shards run in parallel
  (`certify --shard 1/2` and `--shard 2/2` at once, balanced by the baseline's durations.json), then merged;
- with `-n 1` (the baseline) and with `-n 2`, whose run summary must say the contract engine ran once.

Ratios are to the baseline measured in the same run (below 1.0: faster), medians over `--repeat` rounds that
take turns, so a busy neighbour slows both sides alike. The 2 shards share this machine's cores here; on CI each
shard has a machine of its own.

    python benchmarks/shards_and_workers.py [--suites api] [--profile quick] [-k EXPRESSION] [--repeat 1]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._runs import REPO, TIMEOUT_S, Timed, child_env, connect_cert, timed

CONTRACT_LINE = re.compile(r"connect-cert: (contract: \d+ runs?, [\d +]+ operations)")


def certify(selection: list[str], out: Path, *extra: str) -> list[str]:
    return connect_cert("certify", *selection[:4], "--out", str(out), *extra, *selection[4:])


def must_end(run: Timed, what: str, codes: tuple[int, ...]) -> Timed:
    if run.returncode not in codes:
        raise SystemExit(f"{what} ended with exit {run.returncode}:\n{run.output[-3000:]}")
    return run


def parallel(commands: list[list[str]], logs: Path) -> tuple[float, list[int]]:
    """Start every command at once; the wall time until the last one ends, and their exit codes."""
    start = time.perf_counter()
    procs = []
    for n, argv in enumerate(commands):
        log = (logs / f"shard-{n + 1}.log").open("w")
        procs.append((subprocess.Popen(argv, cwd=REPO, env=child_env(), stdout=log, stderr=subprocess.STDOUT), log))
    codes = []
    for proc, log in procs:
        codes.append(proc.wait(timeout=TIMEOUT_S))
        log.close()
    return time.perf_counter() - start, codes


def measure(selection: list[str], ok: tuple[int, ...]) -> tuple[float, float, float, float, float, str]:
    """One round: the whole selection, 2 shards in parallel and their merge, -n 1, -n 2 (and its output)."""
    with tempfile.TemporaryDirectory(prefix="connect-cert-bench-") as tmp:
        root = Path(tmp)
        whole = must_end(timed(certify(selection, root / "whole")), "the baseline (1 shard)", ok)
        durations = root / "whole" / "durations.json"
        shards = [root / f"shard-{i}" for i in (1, 2)]
        commands = [
            certify(selection, folder, "--shard", f"{i}/2", "--durations-from", str(durations))
            for i, folder in enumerate(shards, start=1)
        ]
        wall, codes = parallel(commands, root)
        if any(code not in ok for code in codes):
            logs = "\n".join((root / f"shard-{i}.log").read_text()[-2000:] for i in (1, 2))
            raise SystemExit(f"a shard did not run to its end (exits {codes}):\n{logs}")
        merge = must_end(
            timed(connect_cert("report", "merge", *map(str, shards), "--out", str(root / "merged"))), "merge", ok
        )
        if merge.returncode != whole.returncode:  # the timing stands; the tests say whether merging is right
            print(f"  note: the merge ended {merge.returncode}, the whole run {whole.returncode} (a finding in one)")
        one = must_end(timed(certify(selection, root / "n1", "-n", "1")), "-n 1", ok)
        two = must_end(timed(certify(selection, root / "n2", "-n", "2")), "-n 2", ok)
    return whole.seconds, wall, merge.seconds, one.seconds, two.seconds, two.output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suites", default="api")
    parser.add_argument("--profile", choices=("quick", "full"), default="quick")
    parser.add_argument("-k", dest="keyword", default=None, help="a pytest -k expression narrowing the selection")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each measures all four")
    args = parser.parse_args()
    selection = [
        "--suites",
        args.suites,
        "--profile",
        args.profile,
        *(["--", "-k", args.keyword] if args.keyword else []),
    ]
    ok = (0, 1)  # 1: a subset leaves requirements untested, or a fuzzed case found something: still timed

    rounds = [measure(selection, ok) for _ in range(max(1, args.repeat))]
    whole, wall, merge, one, two = (statistics.median(r[i] for r in rounds) for i in range(5))
    summary = rounds[-1][5]
    contract = CONTRACT_LINE.search(summary)
    name = f"certify --suites {args.suites} --profile {args.profile}" + (
        f" -k {args.keyword!r}" if args.keyword else ""
    )
    print(f"shards and workers, {name} (median of {len(rounds)}):")
    print(f"  1 shard (baseline)      {whole:7.1f} s")
    print(
        f"  2 shards in parallel    {wall:7.1f} s  ratio {wall / whole:.2f}x"
        f"  (+ report merge {merge:.1f} s: {(wall + merge) / whole:.2f}x)"
    )
    print(f"  -n 1 (baseline)         {one:7.1f} s")
    print(f"  -n 2                    {two:7.1f} s  ratio {two / one:.2f}x")
    print(f"  -n 2 run summary: {contract.group(1) if contract else 'no contract line (the API suite did not run)'}")
    if contract and not contract.group(1).startswith("contract: 1 run,"):
        raise SystemExit("-n 2 ran the contract engine more than once")


if __name__ == "__main__":
    main()
