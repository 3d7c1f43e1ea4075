"""Contract throughput: our runner against the bare `schemathesis run`, same contract, same settings.

Both sides run `contracts/connect-api.yaml` against a fresh sandbox child process (`python -m sandbox
--port 0`) with the same settings file (`harness/contract/schemathesis.toml`), the same checks (every
built-in one, `-c all`, plus ours, loaded into the CLI through SCHEMATHESIS_HOOKS), the same phases, the
same `--max-examples` for every phase and the same number of workers. Each side runs in its own child
process and is timed from start to exit, so both pay for interpreter start-up and schema loading.
Cases are counted as `schemathesis run` counts them ("N generated"). Our side also does what the bare
CLI cannot (confirm SetupIntents client-side in the stateful phase, stop the sessions it started).
Goal: ours >= 0.8 of bare.

    python benchmarks/contract_throughput.py [--max-examples 25] [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._servers import child_server  # noqa: E402

CONTRACT = REPO / "contracts" / "connect-api.yaml"
SETTINGS = REPO / "harness" / "contract" / "schemathesis.toml"
HOOKS = "connect_cert.contracts.checks"  # importing it registers our checks
PHASES = "examples,coverage,fuzzing,stateful"
GOAL = 0.8
_GENERATED = re.compile(r"(\d+) generated")
TIMEOUT = 1800


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECT_CERT_", "SCHEMATHESIS_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_bare(url: str, token: str, max_examples: int, workers: int) -> tuple[int, float]:
    """`schemathesis run` as a user would type it; (cases, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "schemathesis.toml"
        # The shared settings plus the token, read from the environment (never on the command line).
        settings.write_text('headers = { Authorization = "Bearer ${BENCH_TOKEN}" }\n' + SETTINGS.read_text())
        command = [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(settings),
            "run",
            str(CONTRACT),
            "--url",
            url,
            "--checks",
            "all",
            "--phases",
            PHASES,
            "--max-examples",
            str(max_examples),
            "--workers",
            str(workers),
            "--no-color",
        ]
        env = {**_child_env(), "SCHEMATHESIS_HOOKS": HOOKS, "BENCH_TOKEN": token}
        started = time.perf_counter()
        result = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        elapsed = time.perf_counter() - started
    found = _GENERATED.search(result.stdout)
    if not found:
        raise SystemExit(f"schemathesis run printed no case count (exit {result.returncode}):\n{result.stdout[-2000:]}")
    return int(found.group(1)), elapsed


def run_ours(url: str, max_examples: int, workers: int) -> tuple[int, float]:
    """Our runner in a child process; (cases, seconds)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        url,
        "--max-examples",
        str(max_examples),
        "--workers",
        str(workers),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=_child_env(), capture_output=True, text=True, timeout=TIMEOUT)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"our runner failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return int(json.loads(result.stdout.strip().splitlines()[-1])["generated"]), elapsed


def _child(url: str, max_examples: int, workers: int) -> None:
    from connect_cert.harness.contract import Profile, run_contract
    from connect_cert.harness.target import TargetArgs, resolve_target

    target = resolve_target(TargetArgs(target=url))
    profile = Profile("benchmark", max_examples=max_examples, stateful_examples=max_examples, workers=workers)
    run = run_contract(target, profile)
    print(json.dumps({"generated": run.generated, "findings": len(run.findings), "fatal": run.fatal}))


def _token(url: str) -> str:
    import httpx

    return str(next(iter(httpx.get(f"{url}/_sandbox/info", timeout=10).json()["tokens"].values())))


def _measure(side: str, max_examples: int, workers: int) -> tuple[int, float]:
    with child_server(["-m", "sandbox", "--port", "0"]) as url:  # a fresh sandbox: same state for both sides
        if side == "bare":
            return run_bare(url, _token(url), max_examples, workers)
        return run_ours(url, max_examples, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side, alternating; medians are shown")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.max_examples, args.workers)
        return

    rates: dict[str, list[float]] = {"bare": [], "ours": []}
    for i in range(args.repeat):
        for side in ("bare", "ours") if i % 2 == 0 else ("ours", "bare"):
            cases, seconds = _measure(side, args.max_examples, args.workers)
            rates[side].append(cases / seconds)
            print(f"  {side:4s} run {i + 1}: {cases:6d} cases in {seconds:6.1f} s = {cases / seconds:7.1f} cases/s")
    bare, ours = statistics.median(rates["bare"]), statistics.median(rates["ours"])
    print(f"max examples {args.max_examples}, workers {args.workers}, phases {PHASES}, checks all + ours")
    print(f"bare `schemathesis run`  {bare:7.1f} cases/s")
    print(f"connect-cert runner      {ours:7.1f} cases/s")
    print(
        f"ratio ours/bare          {ours / bare:7.2f}  (goal >= {GOAL}: {'met' if ours / bare >= GOAL else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
