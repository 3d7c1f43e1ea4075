"""`connect-cert selftest` end to end, as a CI owner runs it, on a few faults of each family and a few tests
of each suite: every fault caught by a test that proves a requirement, the clean runs green, the summary line
last, the JSON complete. The full run is `connect-cert selftest` (README, "Self-test")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from connect_cert.harness.selftest.report import SCHEMA

FAULTS = (
    "contract.users_create_answers_200",
    "auth.unknown_token_accepted",
    "payments.setup_endpoint_gives_payment_intent_secret",
    "lifecycle.second_stop_answers_204",
    "lifecycle.start_without_billing_details",
    "web_client.success_on_decline",
    "stripe_js.challenge_frame_never_shown",
)
# The tests these faults must fail, and that the clean runs must pass: the auth suite's unknown-token tests,
# the error types of the lifecycle, declined and 3DS cards in the browser (card element: one browser test each).
SELECTION = "unknown_token or every_error_type or (card-element and (declined or 3184_is_attached))"
TIMEOUT_S = 600


def test_a_quick_selftest_catches_every_chosen_fault_and_its_clean_runs_pass(tmp_path: Path) -> None:
    results = tmp_path / "selftest.json"
    command = [
        sys.executable,
        "-m",
        "connect_cert.harness.cli",
        "selftest",
        "--faults",
        ",".join(FAULTS),
        "--out",
        str(tmp_path / "runs"),
        "--json",
        str(results),
        "--",
        "-k",
        SELECTION,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    report = json.loads(results.read_text(encoding="utf-8"))
    assert report["schema"] == SCHEMA
    rows = {row["fault"]: row for row in report["faults"]}
    assert set(rows) == set(FAULTS)
    for fault, row in rows.items():
        assert row["status"] == "caught", f"{fault}: {row['status']} {row.get('detail')}\n{output[-3000:]}"
        assert row["requirements"] and row["test"] and row["finding"], row
        assert 0 < row["time_to_first_failure_s"] <= row["elapsed_s"], row
    assert {tuple(run["suites"]) for run in report["clean"]} == {("api",), ("web",)}
    assert all(run["status"] == "green" and run["passed"] > 0 for run in report["clean"]), report["clean"]
    summary = report["summary"]
    assert summary["kill_rate"] == 1.0 and summary["false_positives"] == 0 and summary["flaky"] == 0
    assert output.strip().splitlines()[-2] == summary["line"]  # then the line naming the JSON file
    assert summary["line"].startswith(f"selftest: kill rate {len(FAULTS)}/{len(FAULTS)} (100.0%), false positives 0")
