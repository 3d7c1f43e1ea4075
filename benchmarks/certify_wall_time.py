"""Certify wall time per suite on the embedded sandbox, against the same tests under plain pytest.

For each suite: `connect-cert certify --suites S --profile quick` (preflight, the certification reports, the
Allure report, the leak scan) and, as the baseline in the same run, `pytest suites/S --target sandbox` with the
certification reports off: the ratio is what certifying costs over running the tests. A suite that cannot run
here (exit 3: no browser, no device) is listed and left out. Then what `make certify` runs, every suite at
once on the same workers (api, web, ios and android, and the lint: the goal is at most 4 minutes on 2 cores),
against plain pytest of all of them.

    python benchmarks/certify_wall_time.py [--suites api,mobile,web] [--profile quick] [--workers 2]

`make certify` itself uses the full profile (deeper contract generation): `--profile full` measures exactly it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._runs import REPO, Timed, connect_cert, timed

UNREACHABLE = 3
GOAL_S = 240.0  # make certify: api, web, ios and android within 4 minutes on 2 cores
WORKERS = 2  # make certify's CERTIFY_WORKERS


def certify(suite: str | None, profile: str, workers: int = WORKERS) -> Timed:
    """`connect-cert certify` of one suite, or of every suite (None) as `make certify` runs it."""
    chosen = ["--suites", suite] if suite else []
    with tempfile.TemporaryDirectory() as out:
        return timed(connect_cert("certify", *chosen, "--profile", profile, "--out", out, "-n", str(workers)))


def plain_pytest(suite: str | None, profile: str, workers: int = WORKERS) -> Timed:
    with tempfile.TemporaryDirectory() as out:
        return timed(
            [
                sys.executable,
                "-m",
                "pytest",
                *([str(REPO / "suites" / s) for s in suite.split(",")] if suite else [str(REPO / "suites")]),
                "-n",
                str(workers),
                "-c",
                str(REPO / "suites" / "pytest.ini"),
                "--target",
                "sandbox",
                "--profile",
                profile,
                "--reports-dir",
                out,
                "--certification-reports",
                "off",
                "-q",
            ]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suites", default="api,mobile,web")
    parser.add_argument("--workers", type=int, default=WORKERS, help="pytest-xdist workers, as make certify")
    parser.add_argument("--profile", choices=("quick", "full"), default="quick")
    args = parser.parse_args()
    measured: list[tuple[str, float, float]] = []
    for suite in [s.strip() for s in args.suites.split(",") if s.strip()]:
        run = certify(suite, args.profile, args.workers)
        if run.returncode == UNREACHABLE:
            print(f"  {suite}: not measured, the environment cannot run it ({run.output.strip().splitlines()[-1]})")
            continue
        if run.returncode != 0:
            raise SystemExit(f"certify --suites {suite} failed (exit {run.returncode}):\n{run.output[-3000:]}")
        base = plain_pytest(suite, args.profile, args.workers)
        if base.returncode != 0:
            raise SystemExit(f"pytest suites/{suite} failed (exit {base.returncode}):\n{base.output[-3000:]}")
        measured.append((suite, run.seconds, base.seconds))
        print(f"  {suite}: certify {run.seconds:6.1f} s, plain pytest {base.seconds:6.1f} s")
    if not measured:
        raise SystemExit("no suite could be measured")
    parts = ", ".join(f"{s} {c:.1f} s ({c / b:.2f}x)" for s, c, b in measured)
    total_c, total_b = sum(c for _, c, _ in measured), sum(b for _, _, b in measured)
    print(
        f"certify wall time per suite ({args.profile} profile; ratio to plain pytest of the same tests): "
        f"{parts}; all {total_c:.1f} s ({total_c / total_b:.2f}x)"
    )
    whole, base = certify(None, args.profile, args.workers), plain_pytest(None, args.profile, args.workers)
    if whole.returncode != 0 or base.returncode != 0:
        raise SystemExit(f"make certify equivalent failed (exit {whole.returncode}):\n{whole.output[-3000:]}")
    met = "met" if whole.seconds <= GOAL_S else "NOT met"
    print(
        f"make certify (every suite, {args.workers} workers, {args.profile} profile): {whole.seconds:.1f} s, "
        f"plain pytest {base.seconds:.1f} s ({whole.seconds / base.seconds:.2f}x); "
        f"goal api, web, ios and android <= {GOAL_S:.0f} s: {met}"
    )


if __name__ == "__main__":
    main()
