"""`connect-cert: ignore[rule-id]` in a comment silences that rule on its line and the next; `ignore-file[…]`
the whole file; an app-level finding by a comment anywhere on its platform. Other rules, and the same text
in a string, silence nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from connect_cert.harness.lint import lint

KEY = "sk_live_51ExampleSecretKeyThatMustNeverShip"
RULE = "no-live-or-secret-key"


def _lines(root: Path, rule: str = RULE) -> list[int | None]:
    return [f.line for f in lint(root).findings if f.rule == rule]


def test_the_named_rule_is_silenced_on_the_comments_line_and_the_next(
    make_app: Callable[[dict[str, str]], Path],
) -> None:
    root = make_app(
        {
            "keys.ts": (
                f"export const a = '{KEY}';\n"
                f"export const b = '{KEY}'; // connect-cert: ignore[{RULE}]\n"
                f"// connect-cert: ignore[other-rule, {RULE}]\n"
                f"export const c = '{KEY}';\n"
                "\n"
                f"export const d = '{KEY}';\n"
            )
        }
    )
    assert _lines(root) == [1, 6]


def test_another_rule_id_or_a_string_silences_nothing(make_app: Callable[[dict[str, str]], Path]) -> None:
    root = make_app(
        {
            "keys.ts": (
                f"export const a = '{KEY}'; // connect-cert: ignore[no-customer-config]\n"
                f"export const b = ['connect-cert: ignore[{RULE}]', '{KEY}'];\n"
            )
        }
    )
    assert _lines(root) == [1, 2]


def test_ignore_file_silences_the_rule_in_that_file_only(make_app: Callable[[dict[str, str]], Path]) -> None:
    root = make_app(
        {
            "a.ts": f"/* connect-cert: ignore-file[{RULE}] */\nexport const a = '{KEY}';\n\n\nexport const b = '{KEY}';\n",
            "b.ts": f"export const c = '{KEY}';\n",
        }
    )
    assert [(f.file, f.line) for f in lint(root).findings] == [("b.ts", 1)]


@pytest.mark.parametrize("where", ["Session.swift", "Checkout.swift"])
def test_an_app_level_finding_is_silenced_by_a_comment_in_any_file_of_its_platform(
    where: str, make_app: Callable[[dict[str, str]], Path]
) -> None:
    files = {
        "Checkout.swift": 'var c = PaymentSheet.Configuration()\nc.returnURL = "x://r"\nlet s = PaymentSheet(setupIntentClientSecret: x, configuration: c)\n',
        "Session.swift": "func logOut() {}\n",
    }
    assert _lines(make_app(files), "logout-resets-customer") == [None]
    files[where] += "// connect-cert: ignore[logout-resets-customer] the reset happens in our SDK wrapper\n"
    assert _lines(make_app(files), "logout-resets-customer") == []
