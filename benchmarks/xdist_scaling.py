"""pytest-xdist scaling: one suite certified on the embedded sandbox with 1 worker, then with 2.

The baseline is the same certification with one xdist worker, in the same run, so the ratio is the speed-up
the second worker buys (2.0 would be perfect; each worker starts its own sandbox and, for the API suite, its own
contract run). Goal: >= 1.3 on 2 cores.

    python benchmarks/xdist_scaling.py [--suites api] [--profile quick] [--repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._runs import connect_cert, must_pass, timed

GOAL = 1.3


def certify_seconds(suites: str, profile: str, workers: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        argv = connect_cert("certify", "--suites", suites, "--profile", profile, "--out", out, "-n", str(workers))
        return must_pass(timed(argv), f"certify --suites {suites} -n {workers}").seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suites", default="api")
    parser.add_argument("--profile", choices=("quick", "full"), default="quick")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    one, two = [], []
    for i in range(args.repeat):
        one.append(certify_seconds(args.suites, args.profile, 1))
        two.append(certify_seconds(args.suites, args.profile, 2))
        print(f"  run {i + 1}: 1 worker {one[-1]:6.1f} s, 2 workers {two[-1]:6.1f} s")
    t1, t2 = statistics.median(one), statistics.median(two)
    speedup = t1 / t2
    print(
        f"xdist scaling, certify --suites {args.suites} --profile {args.profile}: 1 worker {t1:.1f} s, "
        f"2 workers {t2:.1f} s, speed-up {speedup:.2f}x (goal >= {GOAL}: {'met' if speedup >= GOAL else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
