"""Findings: each failed check of a contract run, named by operationId and check, reproducible with curl.

A finding reads "Received / Documented" like every Schemathesis failure, and carries the curl commands
that reproduce it (the chain of requests for a stateful failure). Tokens never appear: the partner's
token is the shell variable `$CONNECT_TOKEN` (a second partner's `$CONNECT_CERT_SECOND_TOKEN`), any other
credential and every client secret is masked by `connect_cert.harness.redact`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from schemathesis.core.failures import Failure
from schemathesis.core.transport import Response
from schemathesis.engine import Status
from schemathesis.engine.recorder import ReproductionStep, ScenarioRecorder
from schemathesis.generation.case import Case

from connect_cert.harness import redact

BODY_EXCERPT = 300
TOKEN_VARIABLES = ("$CONNECT_TOKEN", "$CONNECT_CERT_SECOND_TOKEN")
_AUTH_OPTION = re.compile(r"\s-H\s+(?:'[Aa]uthorization:[^']*'|\"[Aa]uthorization:[^\"]*\")")
_CURL_HEAD = re.compile(r"^curl -X \S+")


@dataclass(frozen=True)
class Finding:
    """One failed check: which operation, which check, what came back, what the contract says, how to reproduce."""

    operation: str  # operationId
    check: str  # the check's name, e.g. response_schema_conformance, setup_intent_secret_is_a_setup_intent
    title: str  # the failure's title, e.g. "Response violates schema"
    code: str  # Schemathesis failure code (ST…) or ours (CC…)
    phase: str  # examples, coverage, fuzzing or stateful
    severity: str
    status: int | None  # the HTTP status of the failing response, None when none came
    received: str
    documented: str
    curl: str  # one command per line, in the order they must run

    @property
    def key(self) -> tuple[str, str, str, str, int | None]:
        """Two findings with the same key are the same problem seen twice."""
        return (self.phase, self.operation, self.check, self.title, self.status)

    def render(self) -> str:
        reproduce = "\n".join(f"    {line}" for line in self.curl.splitlines())
        return (
            f"{self.operation} · {self.check} · {self.title} ({self.code}, {self.phase})\n"
            f"  Received:   {self.received}\n"
            f"  Documented: {self.documented}\n"
            f"  Reproduce:\n{reproduce}"
        )

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Credentials:
    """The run's tokens, each shown in a curl command as the shell variable that holds it."""

    token: str
    second_token: str | None = None

    def header_option(self, value: str | None) -> str:
        if value is None:
            return ""
        scheme, _, credential = value.partition(" ")
        for secret, variable in zip((self.token, self.second_token), TOKEN_VARIABLES, strict=True):
            if secret and credential == secret:
                return f' -H "Authorization: {scheme} {variable}"'
        return f" -H 'Authorization: {redact.MASK}'"  # a made-up or broken credential: any invalid one will do

    def mask(self, text: str) -> str:
        return redact.redact(text, extra_secrets=(self.token, self.second_token))


def operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId") or case.operation.label)


def curl_command(case: Case[Any], headers: Mapping[str, str], credentials: Credentials) -> str:
    """`case` as a curl command: the Authorization it carried as a shell variable, every other secret masked."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    others = {k: v for k, v in headers.items() if k.lower() != "authorization"}
    command = case.as_curl_command(headers=others).split("\n\n", 1)[0]  # drop Schemathesis' warnings
    command = _AUTH_OPTION.sub("", command)
    command = credentials.mask(command)
    option = credentials.header_option(auth)
    return _CURL_HEAD.sub(lambda m: m.group(0) + option, command, count=1)


def _excerpt(response: Response, credentials: Credentials) -> str:
    text = response.content.decode("utf-8", "replace") if response.content else ""
    text = " ".join(credentials.mask(text).split())
    return text[:BODY_EXCERPT] + "…" if len(text) > BODY_EXCERPT else text


def _split_message(failure: Failure) -> tuple[str | None, str]:
    """(received, documented) from a "Received: … / Documented: …" message, else (None, the message)."""
    received = documented = None
    rest: list[str] = []
    for line in (failure.message or "").splitlines():
        if line.startswith("Received:"):
            received = line.removeprefix("Received:").strip()
        elif line.startswith("Documented:"):
            documented = line.removeprefix("Documented:").strip()
        elif line.strip():
            rest.append(line.strip())
    if documented is None:
        documented = "; ".join(rest) or failure.title
    return received, documented


def _steps(recorder: ScenarioRecorder, failing_id: str, recorded: list[ReproductionStep]) -> list[str]:
    """Case ids of the requests that reproduce a failure, oldest first: a stateful chain, or the case itself."""
    steps = [step.case_id for step in recorded]
    if failing_id not in steps:
        steps.append(failing_id)
    return [s for s in steps if s in recorder.cases and s in recorder.interactions]


def findings_in(recorder: ScenarioRecorder, phase: str, credentials: Credentials) -> Iterator[Finding]:
    """Every failed check recorded in one scenario."""
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            if node.status != Status.FAILURE or node.failure_info is None:
                continue
            failure = node.failure_info.failure
            failing_id = failure.case_id or case_id
            if failing_id not in recorder.cases:
                failing_id = case_id
            case = recorder.cases[failing_id].value
            commands = [
                curl_command(recorder.cases[step].value, recorder.find_request_headers(case_id=step), credentials)
                for step in _steps(recorder, failing_id, node.failure_info.steps)
            ]
            said, documented = _split_message(failure)
            response = recorder.find_response(case_id=failing_id)
            status = response.status_code if response is not None else None
            if response is None:
                received = "no response"
            elif said:
                received = f"HTTP {status}: {credentials.mask(said)}"
            else:
                received = f"HTTP {status} {_excerpt(response, credentials)}".rstrip()
            yield Finding(
                operation=operation_id(case),
                check=node.name,
                title=failure.title,
                code=str(getattr(failure, "code", "")),
                phase=phase,
                severity=str(getattr(failure, "severity", "")),
                status=status,
                received=received,
                documented=credentials.mask(documented),
                curl="\n".join(commands),
            )
