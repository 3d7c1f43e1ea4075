"""Reports of a certification run: Allure results and HTML, certification.json/.html, junit agreement,
leak scan, progress. The pytest side is `connect_cert.harness.reports.plugin`; `finalize` builds everything from a
folder of allure-results (see `connect_cert.harness.reports.finalize`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connect_cert.harness.reports.finalize import Finalized


def finalize(*args: Any, **kwargs: Any) -> Finalized:
    """`connect_cert.harness.reports.finalize.finalize`, imported on first use (keeps `import harness.reports` light)."""
    from connect_cert.harness.reports.finalize import finalize as _finalize

    return _finalize(*args, **kwargs)
