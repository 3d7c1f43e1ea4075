"""The example partner app (its own backend owning the Connect users, its own markup, Stripe.js from the sandbox's
origin, no QA backdoor) passes the whole web suite with only its certification.yaml: binding by e-mail, the
sandbox on the config's port. It declares the API too, so a web-only run reads "incomplete: not certified"."""

from __future__ import annotations

from pathlib import Path

from tests.partner.support import EXAMPLE, certify, example_app, partner_config


def test_the_example_app_passes_every_web_flow_it_declares(tmp_path: Path, sandbox_port: int) -> None:
    with example_app(f"http://127.0.0.1:{sandbox_port}") as app_url:
        run = certify(partner_config(tmp_path, app_url, sandbox_port), tmp_path / "out")
    assert run.tests("failed") == [] and run.tests("broken") == [], run.output[-4000:]
    assert len(run.tests("passed")) >= 11
    skipped = run.document["requirements"]
    reasons = {req["id"]: req["platforms"]["web"]["reason"] for req in skipped if "web" in req["platforms"]}
    assert reasons["PAY-07"].startswith("excluded on web by the partner config: Charging starts")
    assert run.document["partner"]["excluded"]["PAY-07"].startswith("on web: ")
    assert run.document["reasons"] == ["incomplete: not certified: api declared in the partner config but not run"]
    assert run.returncode == 1 and "connect-cert: incomplete: not certified (exit 1)" in run.output


def test_the_python_adapter_of_the_readme_reads_the_user_id_of_the_debug_build(
    tmp_path: Path, sandbox_port: int
) -> None:
    """The README's Python adapter drives the same app, bound by the Connect user id its debug build shows."""
    (tmp_path / "voltstrom_adapter.py").write_text((EXAMPLE / "voltstrom_adapter.py").read_text(encoding="utf-8"))
    with example_app(f"http://127.0.0.1:{sandbox_port}", debug=True) as app_url:
        config = partner_config(
            tmp_path, app_url, sandbox_port, adapter="voltstrom_adapter.py:Voltstrom", binding="app"
        )
        run = certify(config, tmp_path / "out", "-k", "4242_is_saved or debt_is_paid")
    assert run.tests("passed") == [
        "test_card_4242_is_saved_as_default[partner-app]",
        "test_debt_is_paid_in_the_browser_with_3ds[partner-app]",
    ], run.output[-4000:]


def test_discovery_binds_the_user_of_the_first_card_the_app_saves(tmp_path: Path, sandbox_port: int) -> None:
    """Before a refused card or a debt needs the user, a card the app saves tells who it is."""
    with example_app(f"http://127.0.0.1:{sandbox_port}") as app_url:
        config = partner_config(tmp_path, app_url, sandbox_port, binding="discovery")
        run = certify(config, tmp_path / "out", "-k", "declined and 0002 or debt_is_paid")
    assert len(run.tests("passed")) == 2, run.output[-4000:]
