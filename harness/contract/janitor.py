"""Clean up after a contract run, as a partner's backend would: nothing it started keeps running.

- After each stateful scenario, every session it started (a 201 from start) and did not stop is
  stopped: a session left charging keeps a shared charging point busy for the next scenario and, on a
  real target, for other partners.
- At the end, every user the run created is soft-deleted, so a partner's account on the target is not
  left full of generated users.

All with the partner's token, outside the engine: the answers are not checked, and a refusal (a user
with an open debt cannot be deleted) is simply left as it is.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
from schemathesis.engine.recorder import ScenarioRecorder

from connect_cert.harness.contract.findings import operation_id

CREATE, START, STOP = "users_create", "users_charging_start_create", "users_charging_stop_create"
TIMEOUT = 10.0


class RunJanitor:
    """Stops the sessions a scenario left active and deletes the users the run created."""

    def __init__(self, origin: str, token: str) -> None:
        self._http = httpx.Client(
            base_url=origin.rstrip("/"), timeout=TIMEOUT, headers={"Authorization": f"Bearer {token}"}
        )
        self.users: list[str] = []
        self.sessions_stopped = 0
        self.users_deleted = 0

    def note(self, recorder: ScenarioRecorder) -> None:
        """Remember the users this scenario created."""
        for case_id, node in recorder.cases.items():
            response = recorder.find_response(case_id=case_id)
            if response is not None and response.status_code == 201 and operation_id(node.value) == CREATE:
                user = _id_in(response.content)
                if user:
                    self.users.append(user)

    def stop_sessions(self, recorder: ScenarioRecorder) -> None:
        """Stop every session this scenario started and left active."""
        started: dict[str, str] = {}
        stopped: set[str] = set()
        for case_id, node in recorder.cases.items():
            response = recorder.find_response(case_id=case_id)
            if response is None:
                continue
            op = operation_id(node.value)
            if op == START and response.status_code == 201:
                session = _id_in(response.content)
                if session:
                    started[session] = str(node.value.path_parameters.get("user_id"))
            elif op == STOP and response.status_code == 204:
                stopped.add(str(node.value.path_parameters.get("session_id")))
        for session, user in started.items():
            if (
                session not in stopped
                and self._post(f"/api/v1/users/{_seg(user)}/charging/stop/{_seg(session)}/") == 204
            ):
                self.sessions_stopped += 1

    def delete_users(self) -> None:
        for user in dict.fromkeys(self.users):
            if self._send("DELETE", f"/api/v1/users/{_seg(user)}/") == 204:
                self.users_deleted += 1

    def _post(self, path: str) -> int | None:
        return self._send("POST", path)

    def _send(self, method: str, path: str) -> int | None:
        try:
            return self._http.request(method, path).status_code
        except httpx.TransportError:
            return None  # the run itself reports an unreachable target

    def close(self) -> None:
        self._http.close()


def _seg(value: str) -> str:
    return quote(value, safe="")


def _id_in(content: bytes | None) -> str | None:
    try:
        body = json.loads(content or b"null")
    except ValueError:
        return None
    return str(body["id"]) if isinstance(body, dict) and body.get("id") else None
