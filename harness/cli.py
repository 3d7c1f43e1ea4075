"""`connect-cert`: certify a target, serve the sandbox, compare contracts.

Every error ends with one line on stderr and a documented exit code (see `connect_cert.harness.exitcodes`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

import connect_cert.suites
from connect_cert.devices.cli import devices as devices_commands
from connect_cert.harness import __version__
from connect_cert.harness.exitcodes import ConfigError, ExitCode, HarnessError
from connect_cert.harness.target import SANDBOX, TargetArgs, resolve_target

SUITES_DIR = Path(connect_cert.suites.__file__).resolve().parent
KNOWN_SUITES = ("api", "web", "mobile", "lint")
PROG = "connect-cert"


def available_suites() -> list[str]:
    """Suites that exist: a folder under suites/ with at least one test file."""
    if not SUITES_DIR.is_dir():
        return []
    return sorted(d.name for d in SUITES_DIR.iterdir() if d.is_dir() and any(d.rglob("test_*.py")))


def select_suites(spec: str | None) -> list[str]:
    available = available_suites()
    if spec is None:
        if not available:
            raise ConfigError(f"no suite with tests under {SUITES_DIR}")
        return available
    names = [s.strip() for s in spec.split(",") if s.strip()]
    if not names:
        raise ConfigError("--suites is empty; give a comma-separated list such as api,web")
    for name in names:
        if name not in KNOWN_SUITES and name not in available:
            raise ConfigError(f"unknown suite {name!r}: choose from {', '.join(KNOWN_SUITES)}")
        if name not in available:
            raise ConfigError(
                f"suite {name!r} has no tests in this checkout (available: {', '.join(available) or 'none'})"
            )
    return list(dict.fromkeys(names))


def preflight(args: TargetArgs) -> str:
    """Resolve the target once before pytest starts, so a bad target ends with one line, not N errors."""
    if args.is_sandbox:
        from connect_cert.harness.sandbox_runner import embedded_sandbox

        with embedded_sandbox() as sandbox:
            target = resolve_target(args, base_url=sandbox.url)
            faulty = f", fault modes {', '.join(sandbox.fault_modes)}" if sandbox.fault_modes else ""
            return f"{target.name} (embedded, {target.origin}{faulty})"
    target = resolve_target(args)
    kind = "sandbox" if target.is_sandbox else "Connect API"
    return f"{target.name} ({kind}, {target.origin})"


class BrowserMissing(HarnessError):
    """The web suite is selected and there is no browser to launch (exit 3, as an unreachable target)."""

    exit_code = ExitCode.UNREACHABLE


def _browser_args(executable: str | None, endpoint: str | None, caps_env: str | None = None) -> list[str]:
    return [
        *(["--browser-executable", executable] if executable else []),
        *(["--browser-endpoint", endpoint] if endpoint else []),
        *(["--browser-caps-env", caps_env] if caps_env else []),
    ]


def _shard_args(shard: str | None, durations_from: Path | None) -> list[str]:
    """`--shard I/N` and `--durations-from FILE` for pytest, checked first (exit 2 with one line)."""
    from connect_cert.harness.sharding import ShardSpec, read_durations

    if shard is not None:
        ShardSpec.parse(shard)
    if durations_from is not None:
        read_durations(durations_from)
    return [
        *(["--shard", shard] if shard else []),
        *(["--durations-from", str(durations_from)] if durations_from else []),
    ]


def _option_value(args: Sequence[str], name: str) -> str | None:
    """The value `args` give the pytest option `name` (`--name VALUE` or `--name=VALUE`); the last one wins."""
    value = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(f"{name}="):
            value = arg.split("=", 1)[1]
    return value


def check_browser(args: Sequence[str]) -> None:
    """Before anything starts: a web suite without --browser-endpoint needs a Chromium it can launch; with
    one, the endpoint must be of a known kind and name only variables that are set (exit 2 otherwise).
    Whether the endpoint answers is for the tests to find out: an unreachable one makes them broken."""
    endpoint = _option_value(args, "--browser-endpoint")
    if endpoint:
        from connect_cert.harness.web.browser import capabilities_from, check_endpoint, connect_url

        check_endpoint(endpoint)
        connect_url(endpoint, capabilities_from(_option_value(args, "--browser-caps-env")))
        return
    from connect_cert.harness.web.browser import CHROMIUM, missing_browser

    problem = missing_browser(_option_value(args, "--browser-executable") or CHROMIUM)
    if problem is not None:
        raise BrowserMissing(problem)


class _Outcome:
    """Tells how pytest ended, where its exit code alone is ambiguous."""

    def __init__(self) -> None:
        self.internal_error = False
        self.user_interrupt = False

    def pytest_internalerror(self, excrepr: object, excinfo: object) -> None:
        self.internal_error = True

    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        import pytest

        self.user_interrupt = not isinstance(excinfo.value, pytest.exit.Exception)


def exit_code_of(pytest_rc: int, outcome: _Outcome) -> ExitCode:
    if pytest_rc == 0:
        return ExitCode.PASSED
    if pytest_rc == 2 and not outcome.user_interrupt:
        return ExitCode.USAGE  # pytest.exit(returncode=2) from the plugin: a config error
    if pytest_rc == 3 and not outcome.internal_error:
        return ExitCode.UNREACHABLE  # pytest.exit(returncode=3) from the plugin
    if pytest_rc == 4:
        return ExitCode.USAGE  # pytest's usage error
    return ExitCode.FAILED  # failures, no tests collected, interrupted, internal error: not certified


SUITE_PLATFORMS = {"api": ("api",), "web": ("web",), "lint": ("lint",), "mobile": ("ios", "android")}


def left_out(declared: frozenset[str], chosen: Sequence[str]) -> list[str]:
    """The platforms the partner config declares that the chosen suites do not cover."""
    covered = {p for suite in chosen for p in SUITE_PLATFORMS.get(suite, ())}
    return sorted(declared - covered)


def verdict_word(code: ExitCode, declared: frozenset[str], chosen: Sequence[str]) -> str:
    """`certified`, `not certified`, or `incomplete: not certified` for a run that leaves out a declared platform."""
    if left_out(declared, chosen):
        return "incomplete: not certified"
    return "certified" if code == ExitCode.PASSED else "not certified"


def serve_sandbox_on(port: int) -> Any:
    """The sandbox on 127.0.0.1:`port` for the whole run (`--sandbox-port`), so an app can be pointed at it; with
    the fault modes `CONNECT_CERT_SANDBOX_FAULTS` names, as every embedded sandbox."""
    from connect_cert.harness.sandbox_runner import fault_modes_from_env
    from connect_cert.sandbox.app import create_app
    from connect_cert.sandbox.server import SandboxThread

    app = create_app(fault_modes=fault_modes_from_env())
    try:
        return SandboxThread(port=port, app=app).start()
    except OSError as exc:
        raise ConfigError(
            f"--sandbox-port {port}: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} (a sandbox already "
            f"running there is --target http://127.0.0.1:{port})"
        ) from None


def _error(message: str) -> None:
    click.echo(f"{PROG}: error: {message}", err=True)


# --- commands ------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name=PROG)
def cli() -> None:
    """Certify a Connect API payments integration, or serve the sandbox."""


@cli.command()
@click.option("--target", default=SANDBOX, show_default=True, help="'sandbox' or the URL of a Connect API target.")
@click.option("--suites", default=None, help="Comma-separated: api,web,mobile,lint (default: all that exist).")
@click.option(
    "--out",
    default="reports",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where junit.xml and the reports go.",
)
@click.option("--profile", type=click.Choice(["quick", "full"]), default="full", show_default=True)
@click.option(
    "--token-env",
    default=TargetArgs.token_env,
    show_default=True,
    metavar="VAR",
    help="Environment variable holding the partner token.",
)
@click.option(
    "--second-token-env",
    default=TargetArgs.second_token_env,
    show_default=True,
    metavar="VAR",
    help="Environment variable holding a second partner's token.",
)
@click.option(
    "--stripe-api-base", default=None, metavar="URL", help="Stripe API base (default https://api.stripe.com)."
)
@click.option(
    "--publishable-key-env",
    default=TargetArgs.publishable_key_env,
    show_default=True,
    metavar="VAR",
    help="Environment variable holding the Stripe publishable key.",
)
@click.option(
    "-n",
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="pytest-xdist workers (0: run in this process).",
)
@click.option("--allow-live", is_flag=True, help="Allow live Stripe keys and the production host.")
@click.option(
    "--partner-config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="PATH",
    help="A partner's certification.yaml: target, apps, adapters, requirements that apply.",
)
@click.option("--record", is_flag=True, help="Keep the API suite's HTTP exchanges as redacted cassettes.")
@click.option("--replay", is_flag=True, help="Rerun the API suite's tests from their cassettes (not the contract run).")
@click.option(
    "--cassette-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Where cassettes are kept (default fixtures/cassettes).",
)
@click.option(
    "--browser-executable",
    default=None,
    metavar="PATH",
    help="The Chromium the web suite launches (default: Debian's chromium package).",
)
@click.option(
    "--browser-endpoint",
    default=None,
    metavar="URL",
    help="A remote browser for the web suite instead: ws(s):// a Playwright browser server, cdp+ws(s):// or "
    "cdp+http(s):// a Chrome DevTools endpoint; ${VAR} is read from the environment.",
)
@click.option(
    "--browser-caps-env",
    default=None,
    metavar="VAR",
    help="Environment variable holding the JSON capabilities of a cloud's Playwright endpoint (never printed).",
)
@click.option(
    "--shard",
    default=None,
    metavar="I/N",
    help="Run shard I of N of the selected tests, into --out; `report merge` certifies the shards together.",
)
@click.option(
    "--durations-from",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Balance --shard by an earlier run's durations.json (default: by test count).",
)
@click.option(
    "--sandbox-port",
    type=click.IntRange(1, 65535),
    default=None,
    metavar="N",
    help="With --target sandbox: serve the sandbox on 127.0.0.1:N for the run, so your app can be pointed at it.",
)
@click.option(
    "--matrix",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="The device matrix of the mobile suite (default devices/matrix.yaml).",
)
@click.option("--devices", default=None, metavar="IDS", help="Only these matrix entries, comma-separated ids.")
@click.option("--device-tags", default=None, metavar="TAGS", help="Only matrix entries with any of these tags.")
@click.option(
    "--appium-url", default=None, metavar="URL", help="Your Appium server for local devices and the stand-in."
)
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def certify(
    ctx: click.Context,
    target: str,
    suites: str | None,
    out: Path,
    profile: str,
    token_env: str,
    second_token_env: str,
    stripe_api_base: str | None,
    publishable_key_env: str,
    workers: int,
    allow_live: bool,
    partner_config: Path | None,
    record: bool,
    replay: bool,
    cassette_dir: Path | None,
    browser_executable: str | None,
    browser_endpoint: str | None,
    browser_caps_env: str | None,
    shard: str | None,
    durations_from: Path | None,
    sandbox_port: int | None,
    matrix: Path | None,
    devices: str | None,
    device_tags: str | None,
    appium_url: str | None,
    pytest_args: tuple[str, ...],
) -> int:
    """Run the chosen suites against the target; exit 0 pass, 1 fail, 2 usage, 3 unreachable.

    Arguments after `--` go to pytest unchanged (e.g. `-- -k lifecycle`).
    """
    if record and replay:
        raise ConfigError("--record and --replay exclude each other")
    declared: frozenset[str] = frozenset()  # the platforms the partner config certifies
    if partner_config is not None:
        from connect_cert.harness.partner_config import load_partner_config

        config = load_partner_config(partner_config)
        declared = config.platforms

        def given(name: str) -> bool:  # the command line wins over the partner config
            return ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE

        target = target if given("target") else config.target.url
        token_env = token_env if given("token_env") else config.target.token_env
        second_token_env = second_token_env if given("second_token_env") else config.target.second_token_env
        publishable_key_env = publishable_key_env if given("publishable_key_env") else config.target.publishable_key_env
        stripe_api_base = stripe_api_base or config.target.stripe_api_base
        if suites is None and config.suites:
            suites = ",".join(config.suites)
        if sandbox_port is None and target == SANDBOX:
            sandbox_port = config.target.sandbox_port
    if sandbox_port is not None:
        if target != SANDBOX:
            raise ConfigError(
                f"--sandbox-port goes with --target sandbox (the sandbox the harness starts), not {target}"
            )
        running = serve_sandbox_on(sandbox_port)
        ctx.call_on_close(running.stop)
        target = running.url  # pytest and every worker reach this one sandbox, as the partner's app does
    args = TargetArgs(
        target=target,
        token_env=token_env,
        second_token_env=second_token_env,
        stripe_api_base=stripe_api_base,
        publishable_key_env=publishable_key_env,
        allow_live=allow_live,
    )
    args.validate()
    chosen = select_suites(suites)
    browser_args: list[str] = []
    if "web" in chosen:
        browser_args = _browser_args(browser_executable, browser_endpoint, browser_caps_env)
        check_browser([*browser_args, *pytest_args])
    shard_args = _shard_args(shard, durations_from)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the output folder {out}: {exc.strerror}") from None
    described = preflight(args)
    click.echo(f"{PROG}: certifying {described} with suites {', '.join(chosen)} (profile {profile})")
    if left_out(declared, chosen):
        click.echo(
            f"{PROG}: incomplete: the partner config declares {', '.join(left_out(declared, chosen))}, which "
            f"--suites {','.join(chosen)} leaves out: this run cannot certify"
        )

    import pytest

    argv = [
        *(str(SUITES_DIR / name) for name in chosen),
        "-p",
        "connect_cert",
        "--target",
        target,
        "--token-env",
        token_env,
        "--second-token-env",
        second_token_env,
        "--publishable-key-env",
        publishable_key_env,
        "--profile",
        profile,
        "--reports-dir",
        str(out),
        f"--junitxml={out / 'junit.xml'}",
        "-c",
        str(SUITES_DIR / "pytest.ini"),
        "--rootdir",
        str(SUITES_DIR),
        # httpx (and so anyio, a pytest plugin) is imported before pytest starts: harmless, not worth a warning
        "-W",
        "ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning",
    ]
    if stripe_api_base:
        argv += ["--stripe-api-base", stripe_api_base]
    if allow_live:
        argv.append("--allow-live")
    if partner_config is not None:
        argv += ["--partner-config", str(partner_config)]
    if record:
        argv.append("--record")
    if replay:
        argv.append("--replay")
    if cassette_dir is not None:
        argv += ["--cassette-dir", str(cassette_dir)]
    if workers:
        argv += ["-n", str(workers)]  # the sharding plugin adds --dist loadgroup: the contract on one worker
    for option, value in (
        ("--matrix", matrix),
        ("--devices", devices),
        ("--device-tags", device_tags),
        ("--appium-url", appium_url),
    ):
        argv += [option, str(value)] if value is not None else []
    argv += browser_args
    argv += shard_args
    argv += list(pytest_args)
    outcome = _Outcome()
    code = exit_code_of(int(pytest.main(argv, plugins=[outcome])), outcome)
    if shard:
        click.echo(
            f"{PROG}: shard {shard} {'passed' if code == ExitCode.PASSED else 'did not pass'} (exit {int(code)})"
        )
    else:
        click.echo(f"{PROG}: {verdict_word(code, declared, chosen)} (exit {int(code)})")
    return int(code)


@cli.group()
def report() -> None:
    """The reports of runs: merge the shards of one certification."""


@report.command(name="merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the merged results and the certification go.",
)
@click.option(
    "--partner-config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="PATH",
    help="The partner config of the run (default: the one the shards name).",
)
@click.option("--no-html-report", is_flag=True, help="Skip the Allure HTML report.")
def merge(shards: tuple[Path, ...], out: Path, partner_config: Path | None, no_html_report: bool) -> int:
    """Certify the folders of `certify --shard I/N` runs as one run; exit as certify.

    Every shard of one selection must be there once: a missing, repeated or foreign shard is exit 2.
    """
    from connect_cert.harness.reports.merge import merge_shards

    done = merge_shards(list(shards), out, partner_config=partner_config, generate_html_report=not no_html_report)
    for line in done.summary_lines():
        click.echo(line)
    click.echo(f"reports: {out / 'certification.html'}")
    code = done.exit_code
    click.echo(f"{PROG}: {'certified' if code == ExitCode.PASSED else 'not certified'} (exit {int(code)})")
    return int(code)


@cli.command(name="selftest")
@click.option(
    "--faults",
    default="all",
    show_default=True,
    metavar="all|none|NAME,...",
    help="Fault modes or families to run (none: only the clean runs).",
)
@click.option("--suites", default=None, help="Only these suites, comma-separated (default: each family's suites).")
@click.option(
    "-n", "--parallel", type=click.IntRange(min=1), default=2, show_default=True, help="Runs at a time (processes)."
)
@click.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True, help="Clean runs per suite.")
@click.option("--profile", type=click.Choice(["quick", "full"]), default="quick", show_default=True)
@click.option(
    "--out",
    default=Path("reports/selftest"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where each run's output goes.",
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Results as JSON."
)
@click.option("--timeout", type=click.FloatRange(min=1), default=900.0, show_default=True, help="Seconds per run.")
@click.option("--keep-going", is_flag=True, help="Run every test of a fault's run, not only up to the first failure.")
@click.option(
    "--min-kill-rate", type=click.FloatRange(0, 1), default=0.95, show_default=True, help="Exit 1 below this."
)
@click.option("--list", "list_only", is_flag=True, help="List the fault modes and exit.")
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def selftest_command(
    faults: str,
    suites: str | None,
    parallel: int,
    repeat: int,
    profile: str,
    out: Path,
    json_path: Path | None,
    timeout: float,
    keep_going: bool,
    min_kill_rate: float,
    list_only: bool,
    pytest_args: tuple[str, ...],
) -> int:
    """Certify a sandbox with each fault mode, then clean ones: kill rate, false positives, flaky tests.

    Exit 0 when the kill rate reaches --min-kill-rate with no false positive and no flaky test, 1 otherwise,
    2 usage, 3 when the environment kept runs from happening. Arguments after `--` go to every run's pytest.
    """
    from connect_cert.harness.selftest import SelfTestOptions, list_faults, selftest

    if list_only:
        return list_faults(click.echo)
    chosen = tuple(select_suites(suites)) if suites is not None else None
    if "web" in (chosen or available_suites()):
        check_browser(pytest_args)
    options = SelfTestOptions(
        faults=faults,
        suites=chosen,
        parallel=parallel,
        repeat=repeat,
        profile=profile,
        out=out,
        json_path=json_path,
        timeout_s=timeout,
        keep_going=keep_going,
        min_kill_rate=min_kill_rate,
        pytest_args=pytest_args,
    )
    return selftest(options, available_suites(), click.echo)


@cli.group()
def sandbox() -> None:
    """The embedded sandbox: Connect API, Stripe test mode and charging points on one origin."""


@sandbox.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--db", type=click.Path(dir_okay=False), default=None, help="SQLite file (default: in memory).")
@click.option(
    "--fault",
    "fault_modes",
    multiple=True,
    metavar="NAME",
    help="Run with this fault mode, wrong on purpose (repeat for several; `connect-cert selftest --list`).",
)
def serve(port: int, db: str | None, fault_modes: tuple[str, ...]) -> int:
    """Serve the sandbox on 127.0.0.1 until interrupted."""
    if db is not None and not Path(db).resolve().parent.is_dir():
        raise ConfigError(f"the folder of --db {db} does not exist")
    from connect_cert.sandbox.faults import UnknownFault, validate
    from connect_cert.sandbox.server import serve as serve_sandbox

    try:
        modes = validate(fault_modes)
    except UnknownFault as exc:
        raise ConfigError(f"--fault: {exc}") from None
    try:
        serve_sandbox(port=port, db=db, fault_modes=modes)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} (choose another --port)") from None
    return 0


@cli.group()
def contract() -> None:
    """Our OpenAPI contract of the Connect API."""


@contract.command()
@click.argument("other_spec")
@click.option("--ours", default=None, metavar="PATH", help="Our contract (default contracts/connect-api.yaml).")
def diff(other_spec: str, ours: str | None) -> int:
    """List breaking and non-breaking differences to OTHER_SPEC; exit 1 on a breaking one."""
    try:
        from connect_cert.contracts import drift
    except ImportError as exc:
        if exc.name not in ("connect_cert.contracts", "connect_cert.contracts.drift"):
            raise
        raise ConfigError("the contract drift tool (contracts.drift) is not in this checkout") from None
    return int(drift.main(other_spec, ours))


@cli.command(name="lint")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="The least severe finding that makes the exit code 1.",
)
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["ios", "android", "flutter", "react-native", "web"]),
    help="Lint only this platform's sources and rules (repeat for several; default: every platform found).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the report to FILE instead of standard output.",
)
def lint_command(path: Path, output_format: str, fail_on: str, platforms: tuple[str, ...], output: Path | None) -> int:
    """Check an app's source against the payments guide; exit 0 clean, 1 findings at or over --fail-on, 2 usage."""
    from connect_cert.harness.lint.command import run as run_lint

    return run_lint(path, output_format, fail_on, platforms, output)


cli.add_command(devices_commands)  # devices list / caps / check: the device matrix (connect_cert.devices.cli)


# --- entry point ---------------------------------------------------------------------------------


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one line on stderr."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name=PROG, standalone_mode=False)
    except HarnessError as exc:
        for line in exc.message.splitlines() or [""]:  # a config with several problems: one line each
            _error(line)
        return int(exc.exit_code)
    except click.exceptions.Abort:
        _error("aborted")
        return int(ExitCode.FAILED)
    except click.ClickException as exc:  # usage errors: one line, exit 2
        _error(exc.format_message().replace("\n", " "))
        return int(ExitCode.USAGE)
    except Exception as exc:  # a harness bug: still one line, the traceback only on request
        if os.environ.get("CONNECT_CERT_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set CONNECT_CERT_DEBUG=1 for the traceback)")
        return int(ExitCode.FAILED)
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
