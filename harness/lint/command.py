"""`connect-cert lint PATH`: what the command does once click has parsed its options.

Exit 0: no finding at or over --fail-on; 1: such findings; 2: usage (a missing path, an unwritable --output),
one line on stderr (raised as ConfigError, which the CLI turns into that line).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from connect_cert.harness.exitcodes import ConfigError, ExitCode
from connect_cert.harness.lint.engine import lint
from connect_cert.harness.lint.model import FailOn, Platform
from connect_cert.harness.lint.report import render_json, render_text
from connect_cert.harness.lint.sarif import render_sarif

FORMATS = ("text", "json", "sarif")
RENDERERS = {"text": render_text, "json": render_json, "sarif": render_sarif}


def run(path: Path, output_format: str, fail_on: str, platforms: Sequence[str], output: Path | None) -> int:
    report = lint(path, [Platform(p) for p in platforms] or None)
    rendered = RENDERERS[output_format](report)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write --output {output}: {exc.strerror or exc}") from None
        click.echo(render_text(report).splitlines()[-1], err=True)  # the summary line, for the log
    return int(ExitCode.FAILED if report.failing(FailOn(fail_on)) else ExitCode.PASSED)
