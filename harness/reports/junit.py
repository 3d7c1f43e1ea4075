"""Counts from pytest's junit.xml, to check that it agrees with allure-results.

One `<testcase>` is one test: with `<failure>` or `<error>` it did not pass (a passing test whose
teardown errs is one testcase with an `<error>`, as Allure records it broken), with `<skipped>` it was
skipped. Allure's failed/broken split has no junit equivalent, so both count as `failed` here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from connect_cert.harness.reports.verdict import Counts


def read_junit(path: Path) -> Counts | None:
    """The counts in junit.xml, or None when it is missing or unreadable."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    passed = failed = skipped = 0
    for case in root.iter("testcase"):
        children = {child.tag for child in case}
        if children & {"failure", "error"}:
            failed += 1
        elif "skipped" in children:
            skipped += 1
        else:
            passed += 1
    return Counts(passed + failed + skipped, passed, failed, 0, skipped)
