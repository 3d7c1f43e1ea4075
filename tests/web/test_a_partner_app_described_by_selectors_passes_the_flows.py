"""A partner app described in certification.yaml by selectors alone is driven by the same flows and page
objects (here "their" app is the reference client's Card Element variant, found on its own URL)."""

from __future__ import annotations

from pathlib import Path

import yaml

from connect_cert.harness.web.partner_app import REFERENCE_SELECTORS
from tests.web.support import run_suite


def test_a_partner_app_described_by_selectors_passes_the_flows(tmp_path: Path, sandbox_url: str) -> None:
    config = {
        "version": 1,
        "partner": {"name": "Selector Mobility GmbH"},
        "target": {"url": sandbox_url},
        "apps": {"web": {"url": f"{sandbox_url}/playground/?element=card", "adapter": dict(REFERENCE_SELECTORS)}},
    }
    path = tmp_path / "certification.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    run = run_suite(
        sandbox_url, "test_card_4242_is_saved_as_default.py", tmp_path / "reports", "--partner-config", str(path), "-rA"
    )
    assert run.returncode == 0, run.output[-3000:]
    assert (
        "PASSED suites/web/test_card_4242_is_saved_as_default.py::test_card_4242_is_saved_as_default[partner-app]"
        in run.output
    )
