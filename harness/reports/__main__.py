"""`python -m harness.reports [OUT]`: rebuild every report of OUT (default reports/) from its allure-results.

After a run that was cut short, or for results gathered elsewhere into one allure-results folder (the shards
of `certify --shard I/N` are certified together with `connect-cert report merge`, which checks them first).
Exit code as `connect-cert certify`: 0 pass, 1 fail, 2 usage or config error, 3 only the environment broke.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from connect_cert.harness.exitcodes import ConfigError, ExitCode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.reports", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="reports", type=Path, help="the output folder (default reports/)")
    parser.add_argument("--partner-config", type=Path, default=None, help="certification.yaml of the run")
    parser.add_argument("--suites", default=None, help="comma-separated suites the run covered (api,web,mobile,lint)")
    parser.add_argument("--target", default="sandbox", help="the target the run certified ('sandbox' or its URL)")
    parser.add_argument("--no-html-report", action="store_true", help="skip the Allure 3 HTML report")
    args = parser.parse_args(argv)

    from connect_cert.harness.partner_config import load_partner_config
    from connect_cert.harness.reports.certification import RunInfo
    from connect_cert.harness.reports.finalize import RESULTS, finalize

    try:
        partner = load_partner_config(args.partner_config) if args.partner_config else None
    except ConfigError as exc:
        for line in str(exc).splitlines():
            print(f"harness.reports: error: {line}", file=sys.stderr)
        return int(ExitCode.USAGE)
    results = args.out / RESULTS
    if not results.is_dir():
        print(f"harness.reports: error: no {RESULTS} folder in {args.out}", file=sys.stderr)
        return int(ExitCode.USAGE)
    stamps = [p.stat().st_mtime for p in results.glob("*-result.json")] or [datetime.now().timestamp()]
    embedded = args.target == "sandbox"
    run = RunInfo(
        target_name="sandbox" if embedded else args.target,
        target_url=None if embedded else args.target,
        target_kind="sandbox" if embedded else "connect",
        started_at=datetime.fromtimestamp(min(stamps)).astimezone(),
        finished_at=datetime.fromtimestamp(max(stamps)).astimezone(),
        partner=partner.partner if partner else None,
        partner_config=str(partner.path) if partner else None,
        excluded=partner.exclusions() if partner else {},
        suites=tuple(s.strip() for s in args.suites.split(",") if s.strip()) if args.suites else None,
        app_versions={p: a.version for p, a in partner.apps.items() if a.version} if partner else {},
    )
    done = finalize(args.out, run=run, partner=partner, generate_html_report=not args.no_html_report)
    for line in done.summary_lines():
        print(line)
    return int(done.exit_code)


if __name__ == "__main__":
    sys.exit(main())
