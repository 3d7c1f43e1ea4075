"""Each source belongs to one platform: by language, by the nearest package.json for scripts (React Native
or web), by the nearest project marker for neutral config files; --platform keeps only those."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from connect_cert.harness.lint.discovery import discover
from connect_cert.harness.lint.model import Platform

RN_PACKAGE = '{"dependencies": {"react-native": "0.76.0", "@stripe/stripe-react-native": "0.41.0"}}'


def test_each_source_gets_its_platform(make_app: Callable[[dict[str, str]], Path]) -> None:
    root = make_app(
        {
            "mobile/package.json": RN_PACKAGE,
            "mobile/src/App.tsx": "export default 1;\n",
            "mobile/ios/AppDelegate.swift": "import UIKit\n",
            "mobile/android/app/src/Main.kt": "class Main\n",
            "site/package.json": '{"dependencies": {"@stripe/stripe-js": "4.0.0"}}',
            "site/src/checkout.ts": "export {};\n",
            "site/index.html": "<p></p>\n",
            "flutter_app/pubspec.yaml": "name: x\n",
            "flutter_app/.env": "KEY=1\n",
            "flutter_app/lib/main.dart": "void main() {}\n",
            "android/build.gradle.kts": "plugins {}\n",
            "android/gradle/libs.versions.toml": "[libraries]\n",
            "android/app/src/main/res/values/strings.xml": "<resources/>\n",
            "loose/settings.json": "{}\n",
            "loose/util.js": "export {};\n",
        }
    )
    files, skipped = discover(root)
    assert not skipped
    assert {f.relative: f.platform for f in files} == {
        "mobile/package.json": Platform.REACT_NATIVE,
        "mobile/src/App.tsx": Platform.REACT_NATIVE,
        "mobile/ios/AppDelegate.swift": Platform.IOS,
        "mobile/android/app/src/Main.kt": Platform.ANDROID,
        "site/package.json": Platform.WEB,
        "site/src/checkout.ts": Platform.WEB,
        "site/index.html": Platform.WEB,
        "flutter_app/pubspec.yaml": Platform.FLUTTER,
        "flutter_app/.env": Platform.FLUTTER,
        "flutter_app/lib/main.dart": Platform.FLUTTER,
        "android/build.gradle.kts": Platform.ANDROID,
        "android/gradle/libs.versions.toml": Platform.ANDROID,
        "android/app/src/main/res/values/strings.xml": Platform.ANDROID,
        "loose/settings.json": None,
        "loose/util.js": Platform.WEB,
    }
    only_web, _ = discover(root, [Platform.WEB])
    assert {f.relative for f in only_web} == {
        "site/package.json",
        "site/src/checkout.ts",
        "site/index.html",
        "loose/settings.json",
        "loose/util.js",
    }


def test_a_single_file_can_be_linted(make_app: Callable[[dict[str, str]], Path]) -> None:
    root = make_app({"Checkout.swift": "import UIKit\n"})
    files, _ = discover(root / "Checkout.swift")
    assert [(f.relative, f.language, f.platform) for f in files] == [("Checkout.swift", "swift", Platform.IOS)]
