"""Helpers of the lint's tests: where the fixture apps live."""

from __future__ import annotations

from pathlib import Path

import connect_cert.fixtures

FIXTURE_APPS = Path(connect_cert.fixtures.__file__).resolve().parent / "apps"
