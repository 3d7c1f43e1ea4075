"""A failing certification takes no longer than 1.5x a passing one: waits end when the outcome is decided.

The example partner app (examples/partner-web) is certified on the web, as a partner runs it
(`connect-cert certify --partner-config … --sandbox-port N`), once as built and once per broken variant, all in
this run on this machine. Prints each wall time and its ratio to the passing run; exits 1 when a ratio
exceeds the bound.

    .venv/bin/python benchmarks/partner_failing_vs_passing.py [--variants a,b] [--workers 2] [--repeat 2] [--artifacts]

On a machine shared with other work the wall times scatter; `--repeat N` keeps the fastest of N runs of each.

`--artifacts` keeps Playwright traces and videos of failed tests, as `certify` does by default (a failing run
then also pays for writing them).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "partner-web"
BOUND = 1.5
sys.path[:0] = [str(REPO), str(EXAMPLE)]  # run as a script too; `variants` is the example's own module

from variants import VARIANTS  # noqa: E402

from benchmarks._servers import child_server  # noqa: E402


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def certify_once(variant: str | None, workers: int, artifacts: bool, folder: Path) -> tuple[float, int]:
    """Wall seconds and exit code of one web certification of the example app (or a variant of it)."""
    port = _free_port()
    args = [str(EXAMPLE / "server.py"), "--port", "0", "--sandbox", f"http://127.0.0.1:{port}"]
    with child_server([*args, *(["--variant", variant] if variant else [])]) as app_url:
        config = yaml.safe_load((EXAMPLE / "certification.yaml").read_text(encoding="utf-8"))
        config["apps"]["web"]["url"] = f"{app_url}/"
        config["target"]["sandbox_port"] = port
        path = folder / f"{variant or 'as-built'}.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        command = [
            str(Path(sys.executable).parent / "connect-cert"),
            "certify",
            "--partner-config",
            str(path),
            "--suites",
            "web",
            "-n",
            str(workers),
            "--out",
            str(folder / (variant or "as-built")),
            "--",
            "--web-artifacts",
            "retain-on-failure" if artifacts else "off",
        ]
        started = time.monotonic()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        return time.monotonic() - started, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated (default: all four)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--artifacts", action="store_true", help="keep traces and videos of failed tests")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, the fastest kept")
    args = parser.parse_args(argv)
    chosen = [v.strip() for v in args.variants.split(",") if v.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def fastest(variant: str | None) -> tuple[float, int]:
            return min(certify_once(variant, args.workers, args.artifacts, folder) for _ in range(max(1, args.repeat)))

        passing, code = fastest(None)
        print(f"as built:                   {passing:6.1f} s  (web passes; exit {code}: api declared, not run)")
        worst = 0.0
        for variant in chosen:
            seconds, code = fastest(variant)
            ratio = seconds / passing
            worst = max(worst, ratio)
            print(f"{variant:27} {seconds:6.1f} s  ratio {ratio:4.2f}  (exit {code})")
    print(f"worst ratio failing / passing: {worst:.2f} (bound {BOUND})")
    return 0 if worst <= BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
