"""The example partner app (its own backend owning the Connect users, its own markup, Stripe.js from the sandbox's
origin, no QA backdoor) passes the whole web suite with only its certification.yaml: binding by e-mail, the
sandbox on the config's port. It declares the API too, so a web-only run reads "incomplete: not certified"."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.partner.support import certify, example_app, partner_config


def test_the_example_app_passes_every_web_flow_it_declares(tmp_path: Path, sandbox_port: int) -> None:
    with example_app(f"http://127.0.0.1:{sandbox_port}") as app_url:
        run = certify(partner_config(tmp_path, app_url, sandbox_port), tmp_path / "out", workers=2)
    assert run.tests("failed") == [] and run.tests("broken") == [], run.output[-4000:]
    assert len(run.tests("passed")) >= 11
    skipped = run.document["requirements"]
    reasons = {req["id"]: req["platforms"]["web"]["reason"] for req in skipped if "web" in req["platforms"]}
    assert reasons["PAY-07"].startswith("excluded on web by the partner config: Charging starts")
    assert run.document["partner"]["excluded"]["PAY-07"].startswith("on web: ")
    assert run.document["reasons"] == ["incomplete: not certified: api declared in the partner config but not run"]
    assert run.returncode == 1 and "connect-cert: incomplete: not certified (exit 1)" in run.output


def test_the_python_adapter_of_the_readme_drives_the_same_app(tmp_path: Path, sandbox_port: int) -> None:
    (tmp_path / "voltstrom_adapter.py").write_text(
        (Path(__file__).resolve().parents[2] / "examples/partner-web/voltstrom_adapter.py").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with example_app(f"http://127.0.0.1:{sandbox_port}") as app_url:
        config = partner_config(tmp_path, app_url, sandbox_port, adapter="voltstrom_adapter.py:Voltstrom")
        run = certify(config, tmp_path / "out", "-k", "4242_is_saved or debt_is_paid or declined and 0002")
    assert run.tests("passed") == [
        "test_card_4242_is_saved_as_default[partner-app]",
        "test_debt_is_paid_in_the_browser_with_3ds[partner-app]",
        "test_declined_cards_show_an_error_and_attach_nothing[partner-app-0002]",
    ], run.output[-4000:]


@pytest.mark.parametrize("binding", ["app", "discovery"])
def test_the_other_bindings_find_the_same_apps_user(tmp_path: Path, sandbox_port: int, binding: str) -> None:
    """`app` reads the id the debug build shows; `discovery` learns it from the first card the app saves."""
    with example_app(f"http://127.0.0.1:{sandbox_port}", debug=binding == "app") as app_url:
        config = partner_config(tmp_path, app_url, sandbox_port, binding=binding)
        if binding == "app":
            steps = yaml.safe_load(config.read_text(encoding="utf-8"))
            steps["apps"]["web"]["adapter"]["connect_user_id"] = "#connect-user"
            config.write_text(yaml.safe_dump(steps, sort_keys=False), encoding="utf-8")
        run = certify(config, tmp_path / "out", "-k", "4242_is_saved or declined and 0002 or debt_is_paid")
    assert len(run.tests("passed")) == 3, run.output[-4000:]
