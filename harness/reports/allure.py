"""Allure helpers every suite uses: labels, parameters, steps, redacted attachments, run metadata.

Conventions (the reports plugin applies the first four from markers; tests add the rest):
- epic = platform (API, Web, iOS, Android, App source), feature = requirement (`PAY-02 …`), story = flow;
- severity from the catalog; labels `requirement` and `platform` drive the verdict;
- labels target, partner, app_version, device; parameters card and 3ds (the device is a parameter too, so
  one test on several devices stays several tests instead of collapsing into Allure "retries");
- every text that reaches allure-results goes through `connect_cert.harness.redact` first.

Everything here is a no-op outside a test that Allure records (plain pytest without --alluredir).
"""

from __future__ import annotations

import json
import os
import platform as _platform
import re
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import allure
import pytest
from allure_commons.types import AttachmentType

from connect_cert.harness import redact as _redact

if TYPE_CHECKING:
    from connect_cert.fixtures.cards import TestCard
    from connect_cert.harness.clients import ApiResponse

PLATFORM_EPICS: Mapping[str, str] = {
    "api": "API",
    "web": "Web",
    "ios": "iOS",
    "android": "Android",
    "lint": "App source",
}
REQUIREMENT_LABEL = "requirement"
PLATFORM_LABEL = "platform"
APPLICABILITY_LABEL = "applicability"
NOT_APPLICABLE = "not_applicable"
NOT_APPLICABLE_PREFIX = "not applicable: "
NODEID_LABEL = "_nodeid"  # hidden in Allure 3 (labels starting with "_"); used to reproduce a finding
CAUSE_LABEL = "cause"  # `cause=environment`: broken by EnvironmentBroken (the reports plugin adds it)
ENVIRONMENT_CAUSE = "environment"

# Allure categories, first match wins; the same rules classify findings in certification.json.
# Regexes are written so Java (full match, Allure 2), JavaScript (search, Allure 3) and Python agree.
ENVIRONMENT_PATTERN = (
    r"[\s\S]*(EnvironmentBroken|TargetUnreachable|cannot reach|[Cc]onnection refused|ECONNREFUSED|timed out|TimeoutError|"
    r"ConnectError|does not resolve|Executable doesn't exist|no device|[Bb]rowser has been closed|"
    r"session not created|environment unreachable)[\s\S]*"
)
CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "name": "Environment",
        "description": "The target, a browser or a device could not be reached; nothing was learned about the product.",
        "matchedStatuses": ["broken", "failed"],
        "messageRegex": ENVIRONMENT_PATTERN,
    },
    {
        "name": "Product defect",
        "description": "An assertion failed: the target or the app under test did not do what the requirement says.",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Test defect",
        "description": "An unexpected exception in the harness or the test itself (status broken).",
        "matchedStatuses": ["broken"],
    },
)


# --- labels and parameters ---------------------------------------------------------------------


def severity(level: str) -> None:
    """Set the test's severity (blocker, critical, normal, minor, trivial)."""
    allure.dynamic.severity(allure.severity_level(level))


def story(flow: str) -> None:
    """Name the flow this test walks (the Allure story)."""
    allure.dynamic.story(flow)


def label_target(name: str) -> None:
    allure.dynamic.label("target", _redact.redact(name))


def label_partner(name: str) -> None:
    allure.dynamic.label("partner", name)


def label_app_version(version: str) -> None:
    allure.dynamic.label("app_version", version)


def label_device(name: str) -> None:
    """The device or viewport this run of the test used: a label, and a parameter so it is part of identity."""
    allure.dynamic.label("device", name)
    allure.dynamic.parameter("device", name)


def card_parameter(card: TestCard) -> None:
    """The card of this test, by label and last four digits (never the full number)."""
    allure.dynamic.parameter("card", f"{card.label} (…{card.last4})")


def three_ds_parameter(outcome: str | Enum) -> None:
    """How the 3DS challenge was answered (complete, fail, none)."""
    allure.dynamic.parameter("3ds", outcome.value if isinstance(outcome, Enum) else str(outcome))


def not_applicable(reason: str) -> NoReturn:
    """Skip because the target says the requirement does not apply here (e.g. no registered wallet domain).

    Only this kind of skip counts as "not applicable" in the verdict; any other skip leaves the requirement
    unproven on that platform.
    """
    allure.dynamic.label(APPLICABILITY_LABEL, NOT_APPLICABLE)
    pytest.skip(f"{NOT_APPLICABLE_PREFIX}{reason}")


# --- steps and attachments -----------------------------------------------------------------------


@contextmanager
def step(title: str, **params: Any) -> Iterator[None]:
    """An Allure step, its title and parameters redacted: `with step("add card", card="4242"): ...`."""
    safe_title = _redact.redact(title)
    if params:
        shown = ", ".join(f"{k}={_redact.redact(str(v))}" for k, v in params.items())
        safe_title = f"{safe_title} ({shown})"
    with allure.step(safe_title):
        yield


def attach_text(name: str, text: str) -> None:
    allure.attach(_redact.redact(text), name=name, attachment_type=AttachmentType.TEXT)


def attach_json(name: str, value: Any) -> None:
    body = json.dumps(_redact.redact_json(value), indent=2, ensure_ascii=False, default=str)
    allure.attach(body, name=name, attachment_type=AttachmentType.JSON)


def attach_png(name: str, png: bytes) -> None:
    """A screenshot. Pixels cannot be redacted: take it only where no secret is on screen."""
    allure.attach(png, name=name, attachment_type=AttachmentType.PNG)


def attach_file(path: Path | str, name: str | None = None, attachment_type: AttachmentType | None = None) -> None:
    """A file as it is (trace, video): the leak scan checks it after the run."""
    path = Path(path)
    allure.attach.file(
        str(path), name=name or path.name, attachment_type=attachment_type, extension=path.suffix[1:] or None
    )


def exchange_text(response: ApiResponse) -> str:
    """Request and response of one exchange as text, every secret redacted, with a curl that reproduces it."""
    request = response.request
    lines = [f"{request.method} {_redact.redact(str(request.url))}"]
    lines += [f"{k}: {v}" for k, v in _redact.redact_headers(request.headers).items()]
    if request.content:
        lines += ["", _body_text(request.content, request.headers.get("content-type", ""))]
    lines += ["", f"HTTP {response.status}"]
    lines += [f"{k}: {v}" for k, v in _redact.redact_headers(response.response.headers).items()]
    if response.body is not None:
        lines += ["", json.dumps(_redact.redact_json(response.body), indent=2, ensure_ascii=False)]
    elif response.response.content:
        lines += ["", _redact.redact(response.text[:20_000])]
    lines += ["", f"reproduce: {response.curl()}"]
    return "\n".join(lines)


def attach_exchange(response: ApiResponse) -> None:
    """Attach one HTTP exchange (usable as a client observer: `ConnectClient(..., observers=(attach_exchange,))`)."""
    request = response.request
    attach_text(
        f"{response.operation}: {request.method} {request.url.path} -> {response.status}", exchange_text(response)
    )


def _body_text(content: bytes, content_type: str) -> str:
    text = content.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            return json.dumps(_redact.redact_json(json.loads(text)), indent=2, ensure_ascii=False)
        except ValueError:
            pass
    return _redact.redact(text[:20_000])


# --- run metadata: environment.properties, executor.json, categories.json --------------------------


@dataclass(frozen=True)
class Executor:
    name: str
    type: str
    build_name: str | None = None
    build_url: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = {"name": self.name, "type": self.type, "buildName": self.build_name, "buildUrl": self.build_url}
        return {k: v for k, v in data.items() if v}


def detect_executor(environ: Mapping[str, str] | None = None) -> Executor:
    """Where this run executes: GitHub Actions, GitLab CI, Jenkins, another CI, or this machine."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        server, repo, run = (
            env.get("GITHUB_SERVER_URL", "https://github.com"),
            env.get("GITHUB_REPOSITORY"),
            env.get("GITHUB_RUN_ID"),
        )
        url = f"{server}/{repo}/actions/runs/{run}" if repo and run else None
        return Executor(
            "GitHub Actions",
            "github",
            f"{env.get('GITHUB_WORKFLOW', 'workflow')} #{env.get('GITHUB_RUN_NUMBER', '?')}",
            url,
        )
    if env.get("GITLAB_CI"):
        return Executor("GitLab CI", "gitlab", f"job {env.get('CI_JOB_ID', '?')}", env.get("CI_JOB_URL"))
    if env.get("JENKINS_URL"):
        return Executor("Jenkins", "jenkins", env.get("BUILD_TAG"), env.get("BUILD_URL"))
    if env.get("CI"):
        return Executor("CI", "ci", env.get("BUILD_NUMBER") or env.get("CI_BUILD_ID"))
    return Executor(socket.gethostname() or "local", "local", "connect-cert local run")


def _properties_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:")


def write_run_metadata(
    results_dir: Path, environment: Mapping[str, str | None], executor: Executor | None = None
) -> None:
    """environment.properties, executor.json and categories.json in allure-results (values redacted)."""
    results_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{_properties_escape(k)}={_properties_escape(_redact.redact(str(v)))}"
        for k, v in environment.items()
        if v not in (None, "")
    ]
    (results_dir / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (results_dir / "executor.json").write_text(
        json.dumps((executor or detect_executor()).as_json(), indent=2), encoding="utf-8"
    )
    (results_dir / "categories.json").write_text(json.dumps(list(CATEGORIES), indent=2), encoding="utf-8")


def base_environment() -> dict[str, str]:
    """Versions every report shows."""
    from connect_cert import harness

    harness_version = getattr(harness, "__version__", None) or _dist_version("connect-cert") or "unknown"
    versions = {
        "connect_cert": harness_version,
        "python": _platform.python_version(),
        "os": f"{_platform.system()} {_platform.release()}",
    }
    for dist in ("pytest", "allure-pytest", "playwright", "schemathesis", "Appium-Python-Client"):
        version = _dist_version(dist)
        if version:
            versions[dist.lower()] = version
    return versions


def _dist_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def categorize(status: str, message: str | None) -> str | None:
    """The category of a finding, by the same rules Allure applies (None for passed/skipped)."""
    for category in CATEGORIES:
        if status not in category["matchedStatuses"]:
            continue
        pattern = category.get("messageRegex")
        if pattern and not re.fullmatch(pattern, message or ""):
            continue
        return str(category["name"])
    return None


__all__ = [
    "CATEGORIES",
    "PLATFORM_EPICS",
    "attach_exchange",
    "attach_file",
    "attach_json",
    "attach_png",
    "attach_text",
    "base_environment",
    "card_parameter",
    "categorize",
    "detect_executor",
    "label_app_version",
    "label_device",
    "label_partner",
    "label_target",
    "not_applicable",
    "severity",
    "step",
    "story",
    "three_ds_parameter",
    "write_run_metadata",
]
