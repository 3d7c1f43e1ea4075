"""The documented exit codes of `connect-cert`, and the errors that end a run with one of them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    PASSED = 0  # every selected test passed: the integration is certified
    FAILED = 1  # at least one test failed (or nothing ran): certification failed
    USAGE = 2  # bad option, malformed config, live credentials without --allow-live
    UNREACHABLE = 3  # the environment kept tests from running (target, browser, Appium, device): not the integration


class HarnessError(Exception):
    """An error that ends the run with one line and a documented exit code, never a traceback."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(HarnessError):
    """Usage or configuration error (exit 2)."""

    exit_code = ExitCode.USAGE


class LiveModeRefused(ConfigError):
    """Live keys or the production host without --allow-live (exit 2)."""


class EnvironmentBroken(HarnessError):
    """The environment, not the integration: an unreachable target, browser endpoint, Appium server or device.

    Raised in a test or a fixture, it makes the affected tests *broken* with this message as the cause,
    never *failed*: the reports plugin labels them (Allure label `cause=environment`), the verdict counts
    them apart, and a run where nothing but the environment went wrong ends with exit 3. Subclass it for a
    cause of your own (e.g. an Appium server that does not answer); keep the message one line, no secrets.
    """

    exit_code = ExitCode.UNREACHABLE


class TargetUnreachable(EnvironmentBroken):
    """The target does not answer, or answers but is not the Connect API (exit 3)."""

    exit_code = ExitCode.UNREACHABLE
