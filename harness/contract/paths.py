"""Where the contract and the shared Schemathesis settings live."""

from __future__ import annotations

from pathlib import Path

from connect_cert import contracts

CONTRACT = Path(contracts.__file__).resolve().parent / "connect-api.yaml"
SETTINGS = Path(__file__).with_name("schemathesis.toml")
