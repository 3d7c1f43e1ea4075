"""The connect-cert pytest plugin: one option group, fixtures layered args -> factory -> object.

    target_args -> target -> new_connect_client -> connect, second_partner
                          -> stripe_client, sandbox_control -> frontend, charging, sandbox_settings
                          -> user_factory

It loads through the `pytest11` entry point wherever connect-cert is installed, and brings the other
plugins along (`pytest_plugins`), so every option exists from start-up: `pytest --help` lists them all in
the one `connect-cert` group, and plain `pytest suites` accepts each of them.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NoReturn

import pytest

from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness import markers, redact
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.exitcodes import ConfigError, EnvironmentBroken, HarnessError
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.options import option_group
from connect_cert.harness.sandbox_runner import embedded_sandbox
from connect_cert.harness.stash import TARGET_KEY
from connect_cert.harness.target import Target, TargetArgs, resolve_target

# Reports (Allure, certification verdict, leak scan), record/replay and the suites' own fixtures ride along.
pytest_plugins = [
    "connect_cert.harness.reports.plugin",
    "connect_cert.harness.recording",
    "connect_cert.harness.api_fixtures",
    "connect_cert.harness.web.plugin",
    "connect_cert.harness.mobile.plugin",
    "connect_cert.harness.lint.plugin",
    "connect_cert.harness.sharding",
]

PROFILES = ("quick", "full")
SUITE_PLATFORMS = {"api": "api", "web": "web", "lint": "lint"}  # mobile tests name ios/android themselves

NO_CONTROL = "target offers no sandbox control"
NO_SECOND_PARTNER = "target offers no second partner token (set the variable named by --second-token-env)"
NO_STRIPE = "target offers no Stripe base and publishable key (see --stripe-api-base, --publishable-key-env)"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = option_group(parser)
    group.addoption(
        "--target",
        default="sandbox",
        help="'sandbox' (default: the sandbox in-process on an ephemeral port) or the URL of a target",
    )
    group.addoption(
        "--token-env",
        default=TargetArgs.token_env,
        metavar="VAR",
        help="environment variable holding the partner token (URL targets without /_sandbox/info)",
    )
    group.addoption(
        "--second-token-env",
        default=TargetArgs.second_token_env,
        metavar="VAR",
        help="environment variable holding a second partner's token (tenancy tests)",
    )
    group.addoption(
        "--stripe-api-base",
        default=None,
        metavar="URL",
        help="Stripe API base for client-side calls (default https://api.stripe.com; sandboxes say)",
    )
    group.addoption(
        "--publishable-key-env",
        default=TargetArgs.publishable_key_env,
        metavar="VAR",
        help="environment variable holding the Stripe publishable key (pk_test_...)",
    )
    group.addoption(
        "--allow-live",
        action="store_true",
        default=False,
        help="allow live Stripe keys and the production host (off by default)",
    )
    group.addoption(
        "--profile",
        choices=PROFILES,
        default="quick",
        help="quick: every check once with few examples; full: generate deeply",
    )
    group.addoption("--reports-dir", default="reports", metavar="DIR", help="where evidence and reports go")
    group.addoption(
        "--wait-timeout",
        type=float,
        default=180.0,
        metavar="SECONDS",
        help="bound of every wait for the target (CDR, final charge) on a real target",
    )


def pytest_configure(config: pytest.Config) -> None:
    markers.register(config)
    try:
        _target_args(config).validate()
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under suites/<suite>/ get that suite's platform marker unless they name one."""
    for item in items:
        if item.get_closest_marker("platform"):
            continue
        parts = Path(str(item.path)).parts
        if "suites" in parts:
            i = parts.index("suites")
            platform = SUITE_PLATFORMS.get(parts[i + 1]) if i + 1 < len(parts) else None
            if platform:
                item.add_marker(pytest.mark.platform(platform))


def _target_args(config: pytest.Config) -> TargetArgs:
    return TargetArgs(
        target=config.getoption("--target"),
        token_env=config.getoption("--token-env"),
        second_token_env=config.getoption("--second-token-env"),
        stripe_api_base=config.getoption("--stripe-api-base"),
        publishable_key_env=config.getoption("--publishable-key-env"),
        allow_live=config.getoption("--allow-live"),
    )


def _abort(config: pytest.Config, exc: HarnessError) -> NoReturn:
    """End the run with one line and the documented code (under xdist a worker can only end its tests:
    broken by the environment for an unreachable target, failed for anything else)."""
    if hasattr(config, "workerinput"):
        if isinstance(exc, EnvironmentBroken):
            raise exc
        pytest.fail(str(exc), pytrace=False)
    pytest.exit(str(exc), returncode=int(exc.exit_code))


# --- args -> target ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def target_args(pytestconfig: pytest.Config) -> TargetArgs:
    """The target options of this run; override to test against something else."""
    return _target_args(pytestconfig)


@pytest.fixture(scope="session")
def target(target_args: TargetArgs, pytestconfig: pytest.Config) -> Iterator[Target]:
    """The resolved target; for `--target sandbox` the sandbox runs in-process until the session ends."""
    with ExitStack() as stack:
        try:
            base = stack.enter_context(embedded_sandbox()).url if target_args.is_sandbox else None
            resolved = resolve_target(target_args, base_url=base)
        except HarnessError as exc:
            _abort(pytestconfig, exc)
        for secret in resolved.secrets():
            redact.register_secret(secret)
        pytestconfig.stash[TARGET_KEY] = resolved
        yield resolved


@pytest.fixture(scope="session")
def profile(pytestconfig: pytest.Config) -> str:
    """`quick` or `full`."""
    return str(pytestconfig.getoption("--profile"))


@pytest.fixture(scope="session")
def reports_dir(pytestconfig: pytest.Config) -> Path:
    path = Path(pytestconfig.getoption("--reports-dir"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def wait_timeout(pytestconfig: pytest.Config) -> float:
    return float(pytestconfig.getoption("--wait-timeout"))


# --- target -> clients ---------------------------------------------------------------------------

_DEFAULT: Any = object()


@pytest.fixture(scope="session")
def new_connect_client(target: Target) -> Iterator[Callable[..., ConnectClient]]:
    """Factory: `new_connect_client()` with the partner token, `(None)` without one, `(token)` with another."""
    clients: list[ConnectClient] = []

    def make(token: str | None = _DEFAULT) -> ConnectClient:
        client = ConnectClient(target.api_base, target.token if token is _DEFAULT else token)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def connect(new_connect_client: Callable[..., ConnectClient]) -> ConnectClient:
    """The Connect API as the partner under test."""
    return new_connect_client()


@pytest.fixture(scope="session")
def second_partner(target: Target, new_connect_client: Callable[..., ConnectClient]) -> ConnectClient:
    """The Connect API as another partner (tenancy); skipped when the target has no second token."""
    if not target.second_token:
        pytest.skip(NO_SECOND_PARTNER)
    return new_connect_client(target.second_token)


@pytest.fixture(scope="session")
def stripe_client(target: Target) -> Iterator[StripeClient]:
    """Stripe as the frontend calls it (publishable key + client secret)."""
    if not (target.stripe_api_base and target.publishable_key):
        pytest.skip(NO_STRIPE)
    client = StripeClient(target.stripe_api_base, target.publishable_key)
    with client:
        yield client


@pytest.fixture(scope="session")
def sandbox_control(target: Target) -> Iterator[SandboxControl]:
    """The sandbox's control API; skipped on targets that offer none."""
    if target.sandbox_control is None:
        pytest.skip(NO_CONTROL)
    client = SandboxControl(target.sandbox_control)
    with client:
        yield client


def _optional_control(request: pytest.FixtureRequest, target: Target) -> SandboxControl | None:
    return request.getfixturevalue("sandbox_control") if target.offers_control else None


@pytest.fixture
def frontend(
    connect: ConnectClient, stripe_client: StripeClient, target: Target, request: pytest.FixtureRequest
) -> Frontend:
    """A partner frontend's payment steps: add a card from a SetupIntent, confirm a PaymentIntent."""
    return Frontend(connect, stripe_client, _optional_control(request, target))


@pytest.fixture
def charging(connect: ConnectClient, target: Target, wait_timeout: float, request: pytest.FixtureRequest) -> Charging:
    """Settle a stopped session: control finish on a sandbox, a bounded wait elsewhere."""
    return Charging(connect, _optional_control(request, target), timeout=wait_timeout)


@pytest.fixture
def sandbox_settings(sandbox_control: SandboxControl) -> Iterator[Callable[..., dict[str, Any]]]:
    """`sandbox_settings(preauth_amount="0.00")` for this test only; the changed settings are restored after."""
    before: dict[str, Any] = sandbox_control.settings().expect(200)
    changed: set[str] = set()

    def configure(**settings: Any) -> dict[str, Any]:
        changed.update(settings)
        now: dict[str, Any] = sandbox_control.configure(**settings).expect(200)
        return now

    yield configure
    restore = {k: before[k] for k in changed if k in before and k not in ("faults", "clock_offset_seconds")}
    if "faults" in changed:  # faults merge: clear the ones this test added, put back the earlier ones
        now = sandbox_control.settings().expect(200).get("faults", {})
        restore["faults"] = {op: before.get("faults", {}).get(op) for op in {*now, *before.get("faults", {})}}
    if restore:
        sandbox_control.configure(**restore).expect(200)


@pytest.fixture(autouse=True)
def _sandbox_only(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("sandbox_only")
    if marker is None:
        return
    target: Target = request.getfixturevalue("target")
    if not target.offers_control:
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        pytest.skip(f"{NO_CONTROL}: {reason}" if reason else NO_CONTROL)


# --- users ---------------------------------------------------------------------------------------


class UserFactory:
    """Creates users (optionally with complete billing details) and soft-deletes them afterwards."""

    def __init__(self, connect: ConnectClient) -> None:
        self.connect = connect
        self.created: list[tuple[ConnectClient, str]] = []

    def __call__(
        self,
        *,
        billing: Mapping[str, Any] | None = None,
        client: ConnectClient | None = None,
        email: str | None = None,
        locale: str = "en",
        external_id: str | None = None,
    ) -> dict[str, Any]:
        """A new user as a dict; `billing=BILLING_DETAILS` (or any mapping) also PUTs billing details."""
        api = client or self.connect
        tag = uuid.uuid4().hex[:12]
        user: dict[str, Any] = api.create_user(
            email=email or f"cert+{tag}@example.com", locale=locale, external_id=external_id or f"cert-{tag}"
        ).expect(201)
        self.created.append((api, user["id"]))
        if billing is not None:
            api.put_billing_details(user["id"], billing).expect(200)
        return user

    def with_billing(self, **kwargs: Any) -> dict[str, Any]:
        """A user ready to charge: complete billing details."""
        return self(billing=BILLING_DETAILS, **kwargs)

    def cleanup(self) -> None:
        for api, user_id in reversed(self.created):
            try:
                answer = api.delete_user(user_id)
            except HarnessError as exc:
                warnings.warn(f"could not soft-delete user {user_id}: {exc}", stacklevel=1)
                continue
            # 402: an open debt blocks the soft delete, as on the real API; a debt scenario leaves it so
            if answer.status not in (204, 402, 404):
                warnings.warn(f"could not soft-delete user {user_id}: {answer.status}", stacklevel=1)
        self.created.clear()


@pytest.fixture
def user_factory(connect: ConnectClient) -> Iterator[UserFactory]:
    """`user_factory()` -> a new user; `user_factory.with_billing()` -> one ready to charge."""
    factory = UserFactory(connect)
    yield factory
    factory.cleanup()
