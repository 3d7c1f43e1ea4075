"""Typed HTTP clients: the Connect API, Stripe as a frontend calls it, and the sandbox's control API.

HTTP errors are answers, not exceptions: every call returns an `ApiResponse`. Only a transport failure
(refused connection, DNS, timeout) raises, as `TargetUnreachable`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from connect_cert.harness.exitcodes import TargetUnreachable
from connect_cert.harness.redact import curl_command, redact, redact_json

Observer = Callable[["ApiResponse"], None]

_MISSING: Any = object()


@dataclass(frozen=True)
class ApiResponse:
    """One exchange: the operation, the status and the parsed body; the raw response stays reachable."""

    operation: str
    status: int
    body: Any  # parsed JSON, or None when the answer is empty or not JSON
    response: httpx.Response = field(repr=False)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_json(self) -> bool:
        content_type: str = self.response.headers.get("content-type", "")
        return content_type.split(";")[0].strip().endswith("json")

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def request(self) -> httpx.Request:
        return self.response.request

    def __repr__(self) -> str:
        # pytest prints this in assertion messages: never the raw body, which holds client secrets.
        return f"ApiResponse(operation={self.operation!r}, status={self.status}, body={redact_json(self.body)!r})"

    def curl(self) -> str:
        """A curl command reproducing the request, token and secrets redacted."""
        return curl_command(self.request)

    def describe(self) -> str:
        """`operationId: METHOD path -> status body` with secrets redacted, for assertion messages."""
        body = json.dumps(redact_json(self.body)) if self.body is not None else redact(self.text[:500])
        req = self.request
        return f"{self.operation}: {req.method} {req.url.path} -> {self.status} {body[:1000]}"

    def expect(self, *statuses: int) -> Any:
        """The body when the status is one of `statuses`; otherwise an AssertionError naming the operation."""
        if self.status not in statuses:
            wanted = " or ".join(str(s) for s in statuses)
            raise AssertionError(f"expected {wanted}, got {self.describe()}\n  reproduce: {self.curl()}")
        return self.body

    def field(self, status: int, path: str) -> Any:
        """`expect(status)`, then the value at `path` (`error.type`, `results.0.id`); an answer without it is
        an AssertionError naming the operation and the missing part, not a KeyError from the test."""
        value = self.expect(status)
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise AssertionError(f"no `{path}` in the answer: {self.describe()}\n  reproduce: {self.curl()}")
        return value


def parse_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


class HttpClient:
    """An httpx client that turns transport failures into `TargetUnreachable` and tells observers."""

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        observers: tuple[Observer, ...] = (),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.observers = observers
        self._timeout = timeout
        self._transport = transport
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=dict(headers or {}),
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def send(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = _MISSING,
        data: Mapping[str, Any] | list[tuple[str, str]] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        """`content` sends raw bytes as the body (malformed JSON, say), with the `headers` the caller gives."""
        kwargs: dict[str, Any] = {}
        if params:
            kwargs["params"] = {k: v for k, v in params.items() if v is not None}
        if json_body is not _MISSING:
            kwargs["json"] = json_body
        if data is not None:
            kwargs["data"] = data
        if content is not None:
            kwargs["content"] = content
        request = self._http.build_request(method, path, headers=headers, **kwargs)
        try:
            response = self._http.send(request)
        except httpx.TransportError as exc:
            raise TargetUnreachable(f"{method} {self.base_url}{path} failed: {transport_reason(exc)}") from None
        result = ApiResponse(operation, response.status_code, parse_body(response), response)
        for observer in self.observers:
            observer(result)
        return result

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def transport_reason(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "the host name does not resolve"
    if "Connection refused" in text or "[Errno 111]" in text:
        return "connection refused"
    return redact(text.splitlines()[0] if text else type(exc).__name__)
