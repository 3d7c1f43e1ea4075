"""`connect-cert devices`: the device matrix of the mobile suite.

    connect-cert devices list  [--matrix FILE] [--tags smoke,full] [--platform ios|android]
    connect-cert devices caps ID [--matrix FILE] [--session-request]
    connect-cert devices check [--matrix FILE] [--tags …] [--timeout 5]

Exit codes: 0 done (check: every entry valid and some device can run: its provider answers, or, for an
entry without an app, the run can start the Appium server of the stand-in; the others are listed as
broken); 2 an invalid matrix or entry, an unknown id, an SDK version the page objects cannot drive, a
missing app file or credential variable; 3 (check) no device can run. Nothing printed holds
a credential: capabilities carry `${VAR}`, and check names unset variables, never values.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from connect_cert.devices.matrix import AppKind, Device, Matrix, load_matrix
from connect_cert.devices.problems import MatrixError
from connect_cert.devices.providers import ProviderKind
from connect_cert.devices.versions import Platform
from connect_cert.harness.exitcodes import ConfigError, ExitCode, HarnessError

DEFAULT_TIMEOUT = 5.0


class ProvidersUnreachable(HarnessError):
    """No provider of the checked entries answers: their mobile tests would all be broken (exit 3)."""

    exit_code = ExitCode.UNREACHABLE


def _tags(spec: str | None) -> tuple[str, ...]:
    return tuple(tag.strip() for tag in (spec or "").split(",") if tag.strip())


def _chosen(matrix: Matrix, tags: tuple[str, ...], platform: str | None, *, include_examples: bool) -> list[Device]:
    chosen = list(matrix.select(tags, Platform(platform) if platform else None, include_examples=include_examples))
    if not chosen:
        wanted = f" with the tags {', '.join(tags)}" if tags else ""
        wanted += f" for {platform}" if platform else ""
        raise ConfigError(f"{matrix.path.name}: no entry{wanted} (ids: {', '.join(matrix.ids)})")
    return chosen


matrix_option = click.option(
    "--matrix",
    "matrix_path",
    metavar="FILE",
    type=click.Path(dir_okay=True),
    default=None,
    help="The device matrix (default: devices/matrix.yaml of the package).",
)
tags_option = click.option(
    "--tags", default=None, metavar="TAGS", help="Comma-separated: entries with any of them (`example` too)."
)


@click.group()
def devices() -> None:
    """The device matrix of the mobile suite: list it, print capabilities, check the providers."""


@devices.command("list")
@matrix_option
@tags_option
@click.option("--platform", type=click.Choice([p.value for p in Platform]), default=None)
def list_devices(matrix_path: str | None, tags: str | None, platform: str | None) -> int:
    """List the entries (examples included, tagged `example`)."""
    matrix = load_matrix(matrix_path)
    rows = [("ID", "PLATFORM", "OS", "DEVICE", "STRIPE SDK", "PROVIDER", "TAGS", "OFFERS")]
    for device in _chosen(matrix, _tags(tags), platform, include_examples=True):
        rows.append(
            (
                device.id,
                device.platform.label,
                device.os_version,
                device.device_name,
                str(device.stripe_sdk or "newest"),
                f"{device.provider.name} ({device.provider.kind})",
                ",".join(device.tags) or "-",
                ",".join(sorted(device.offers)) or "-",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


@devices.command("caps")
@click.argument("device_id")
@matrix_option
@click.option("--session-request", is_flag=True, help="Print the whole W3C new-session body instead.")
def caps(device_id: str, matrix_path: str | None, session_request: bool) -> int:
    """Print the W3C capabilities of one entry (credentials as ${VAR})."""
    from connect_cert.devices.capabilities import w3c_capabilities

    found = w3c_capabilities(load_matrix(matrix_path).get(device_id))
    body = {"capabilities": {"alwaysMatch": found, "firstMatch": [{}]}} if session_request else found
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))
    return 0


@devices.command("check")
@matrix_option
@tags_option
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 60),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds each provider's /status may take (all are asked at once).",
)
def check(matrix_path: str | None, tags: str | None, timeout: float) -> int:
    """Validate the entries, ping the provider of each entry with an app, and see that a run can start the
    Appium server for the entries without one (they run the sandbox's PaymentSheet stand-in).

    Exit 0 when some device can run (the others are listed as broken), 3 when none can, 2 when an entry
    cannot run here. Entries tagged `example` are checked only with --tags example.
    """
    from connect_cert.devices.providers import ping_all
    from connect_cert.harness.mobile.appium_server import stand_in_appium

    matrix = load_matrix(matrix_path)
    chosen = _chosen(matrix, _tags(tags), None, include_examples=False)
    problems = [line for device in chosen for line in entry_problems(matrix, device)]
    with_app = [device for device in chosen if device.has_app]
    stand_in = [device for device in chosen if not device.has_app]
    providers = list(dict.fromkeys(device.provider for device in with_app))  # each pinged once
    statuses = ping_all(providers, timeout=timeout) if providers else []
    width = max(len(device.id) for device in chosen)
    for device in chosen:
        click.echo(
            f"{device.id.ljust(width)}  {device.platform.label} {device.os_version} · {device.device_name} · "
            f"{device.sdk_label} · {_app_line(device)} · {device.provider.name}"
        )
    for status in statuses:
        users = ", ".join(device.id for device in with_app if device.provider == status.provider)
        state = "reachable" if status.reachable else "broken"
        click.echo(f"{state:<9}  {status.provider.describe()}: {status.detail} (devices: {users})")
    ready, detail = False, ""
    if stand_in:
        ready, detail = stand_in_appium()
        users = ", ".join(device.id for device in stand_in)
        click.echo(
            f"{'ready' if ready else 'broken':<9}  stand-in on the run's own Appium: {detail} (devices: {users})"
        )
    if problems:
        raise MatrixError(problems)
    down = [status for status in statuses if not status.reachable]
    if len(down) == len(statuses) and not ready:
        causes = [f"{status.provider.name}: {status.detail}" for status in down]
        causes += [f"stand-in: {detail}"] if stand_in else []
        raise ProvidersUnreachable(f"no device can run ({'; '.join(causes)}): every mobile test would be broken")
    if down:
        click.echo(f"{len(down)} of {len(statuses)} providers unreachable: their devices' tests would be broken")
    return 0


def _app_line(device: Device) -> str:
    if device.app is not None:
        return f"app {device.app.location}"
    if device.has_app:
        return f"app {device.bundle_id or device.app_package} (installed on the device)"
    return "no app: the sandbox's PaymentSheet stand-in (or a partner config's app)"


def entry_problems(matrix: Matrix, device: Device, environ: Mapping[str, str] | None = None) -> Sequence[str]:
    """What keeps a valid entry from running here: its SDK version, its app file, its credentials."""
    from connect_cert.devices.capabilities import placeholders_in, w3c_capabilities
    from connect_cert.devices.paymentsheet.selectors import table_for

    env = os.environ if environ is None else environ
    where = f"{matrix.path.name}: devices.{device.id}"
    found = [f"{where}.stripe_sdk: {line}" for line in table_for(device.platform).problems(device.stripe_sdk)]
    app = device.app
    if app is not None and app.kind is AppKind.PATH and device.provider.kind is ProviderKind.APPIUM:
        if not Path(app.location).exists():
            found.append(f"{where}.app: {app.location} does not exist")
    missing = [name for name in placeholders_in(w3c_capabilities(device)) if not env.get(name)]
    if missing:
        found.append(f"{where}.provider: environment variable(s) not set: {', '.join(missing)}")
    return found
