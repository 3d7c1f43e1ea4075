"""Reports of a certification run: Allure results and HTML, certification.json/.html, junit agreement,
leak scan, progress. The pytest side is `harness.reports.plugin`; `finalize` builds everything from a
folder of allure-results (see `harness.reports.finalize`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.reports.finalize import Finalized


def finalize(*args: Any, **kwargs: Any) -> Finalized:
    """`harness.reports.finalize.finalize`, imported on first use (keeps `import harness.reports` light)."""
    from harness.reports.finalize import finalize as _finalize

    return _finalize(*args, **kwargs)
