"""Files the lint cannot read are skipped with the reason, never a crash, and the rest is still linted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from connect_cert.harness.lint import lint

BAD_CONFIG = (
    "var configuration = PaymentSheet.Configuration()\n"
    "configuration.allowsDelayedPaymentMethods = true\n"
    'configuration.returnURL = "examplecharge://stripe-redirect"\n'
)


def test_unparsable_binary_unreadable_and_generated_files_are_skipped_and_the_rest_is_linted(
    make_app: Callable[[dict[str, str]], Path],
) -> None:
    root = make_app(
        {
            "Good.swift": BAD_CONFIG,
            "Broken.kt": "fun broken( {\n",
            "gradle/libs.versions.toml": "[libraries\nx = 1\n",
            "page.html": "<p>ok</p>\n<script>\n  const = ;\n</script>\n",
            "js/stripe.min.js": "var a=1;",
        }
    )
    (root / "Logo.swift").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (root / "Latin1.dart").write_bytes("// caf\xe9\n".encode("latin-1"))
    (root / "Gone.java").symlink_to(root / "nowhere.java")  # a file that cannot be opened (even by root)

    report = lint(root)

    assert [(f.rule, f.file, f.line) for f in report.findings] == [("no-delayed-payment-methods", "Good.swift", 2)]
    assert report.files_scanned == 1
    reasons = {s.file: s.reason for s in report.skipped}
    assert reasons == {
        "Broken.kt": "does not parse: syntax error at line 1",
        "gradle/libs.versions.toml": reasons["gradle/libs.versions.toml"],
        "page.html": "does not parse: syntax error at line 3 (script starting at line 2)",
        "js/stripe.min.js": "minified or bundled script (generated, not read)",
        "Logo.swift": "binary file, not read",
        "Latin1.dart": "not UTF-8 text (byte 6), not read",
        "Gone.java": "unreadable: No such file or directory",
    }
    assert (
        reasons["gradle/libs.versions.toml"].startswith("does not parse: ")
        and "line 1" in reasons["gradle/libs.versions.toml"]
    )
    blocking = {s.file for s in report.skipped if s.blocking}
    assert blocking == {"Broken.kt", "gradle/libs.versions.toml", "page.html", "Latin1.dart", "Gone.java"}


def test_code_nested_too_deeply_to_walk_is_skipped_not_a_crash(make_app: Callable[[dict[str, str]], Path]) -> None:
    deep = "const paymentTotal = " + " + ".join(["x"] * 5000) + ";\n"
    report = lint(make_app({"generated.js": deep}))
    assert report.findings == ()
    assert [s.reason for s in report.skipped] == ["nested too deeply to analyse (generated code?)"]


def test_tool_and_build_folders_are_not_read(make_app: Callable[[dict[str, str]], Path]) -> None:
    root = make_app(
        {
            "node_modules/lib/index.js": "initPaymentSheet({ paymentIntentClientSecret: s });\n",
            "build/generated/Out.kt": "paymentSheet.presentWithPaymentIntent(s, c)\n",
            "Pods/Stripe/Sheet.swift": "let s = PaymentSheet(paymentIntentClientSecret: s, configuration: c)\n",
            "src/app.js": "export const ok = true;\n",
        }
    )
    report = lint(root)
    assert report.files_scanned == 1 and report.findings == () and report.skipped == ()
