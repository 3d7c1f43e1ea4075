"""Allure helpers: requests and responses attached without secrets; categories; run metadata."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.reports.allure import (
    CATEGORIES,
    categorize,
    detect_executor,
    exchange_text,
    write_run_metadata,
)
from connect_cert.sandbox.identity import partner_token

TOKEN = partner_token("partner_a")
SECRET = "pi_3QaBcDeFgHiJkLmN_secret_An0th3rS3cr3tAbc"


def _client() -> ConnectClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            402,
            json={
                "detail": "Pre-authorization failed",
                "error": {"type": "pre_authorization_failed", "payment_intent_client_secret": SECRET},
            },
        )

    return ConnectClient("http://connect.test", TOKEN, transport=httpx.MockTransport(answer))


def test_an_exchange_is_attached_without_token_or_secret() -> None:
    with _client() as client:
        response = client.request(
            "POST",
            "/api/v1/users/u1/charging/start/",
            operation="charging_start",
            json_body={"evse_id": "DE*CIQ*EWBNHHLM82TLA*1", "payment_method_id": "pm_1"},
        )
    text = exchange_text(response)
    assert TOKEN not in text and "An0th3rS3cr3t" not in text
    assert "POST http://connect.test/api/v1/users/u1/charging/start/" in text
    assert "HTTP 402" in text and "pre_authorization_failed" in text
    assert "pi_3QaBcDeFgHiJkLmN_secret_[REDACTED]" in text, "the intent id stays, the secret goes"
    assert 'reproduce: curl -sS -X POST -H "authorization: Bearer $CONNECT_TOKEN"' in text


@pytest.mark.parametrize(
    ("status", "message", "category"),
    [
        ("failed", "AssertionError: expected 402, got 201", "Product defect"),
        ("broken", "KeyError: 'results'", "Test defect"),
        (
            "broken",
            "connect_cert.harness.exitcodes.TargetUnreachable: cannot reach the target http://x: connection refused",
            "Environment",
        ),
        ("failed", "playwright._impl._errors.Error: Executable doesn't exist at /usr/bin/chromium", "Environment"),
        ("broken", "TimeoutError: Page.click: Timeout 30000ms exceeded.\nwaiting for ...", "Environment"),
        ("passed", None, None),
        ("skipped", "Skipped: no device", None),
    ],
)
def test_findings_are_classified_like_allure_categories(status: str, message: str | None, category: str | None) -> None:
    assert categorize(status, message) == category


def test_categories_are_valid_for_allure() -> None:
    for category in CATEGORIES:
        assert set(category) <= {"name", "description", "matchedStatuses", "messageRegex"}
        assert set(category["matchedStatuses"]) <= {"failed", "broken", "passed", "skipped"}


def test_run_metadata_is_written_and_redacted(tmp_path: Path) -> None:
    write_run_metadata(
        tmp_path, {"target": "https://dev.connect.cariqa.com", "token": f"Bearer {TOKEN}", "empty": None}
    )
    properties = (tmp_path / "environment.properties").read_text(encoding="utf-8")
    assert "target=https\\://dev.connect.cariqa.com" in properties
    assert TOKEN not in properties and "empty" not in properties
    assert json.loads((tmp_path / "categories.json").read_text())[0]["name"] == "Environment"
    assert json.loads((tmp_path / "executor.json").read_text())["type"] in (
        "local",
        "ci",
        "github",
        "gitlab",
        "jenkins",
    )


def test_the_executor_names_the_ci() -> None:
    github = detect_executor(
        {
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": "cariqa/cert",
            "GITHUB_RUN_ID": "7",
            "GITHUB_WORKFLOW": "certify",
            "GITHUB_RUN_NUMBER": "12",
        }
    )
    assert github.as_json() == {
        "name": "GitHub Actions",
        "type": "github",
        "buildName": "certify #12",
        "buildUrl": "https://github.com/cariqa/cert/actions/runs/7",
    }
    assert detect_executor({"GITLAB_CI": "true", "CI_JOB_ID": "5", "CI_JOB_URL": "https://gl/j/5"}).type == "gitlab"
    assert detect_executor({"CI": "1"}).type == "ci"
    assert detect_executor({}).type == "local"
