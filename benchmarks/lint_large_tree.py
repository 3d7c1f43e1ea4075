"""Lint throughput: `connect-cert lint` over a generated 5,000-file app tree, against reading the same files.

The tree mixes the languages the lint reads (Swift, Kotlin, Java, Gradle Groovy and Kotlin DSL, a version
catalog, Dart, TypeScript, TSX, JavaScript, HTML with inline scripts, config files) in the shape of real
apps: most files are ordinary app code, some use Stripe correctly, a few break a rule (so findings are
produced and counted). The baseline, measured in the same run over the same files, reads every file and
decodes it as UTF-8 without parsing; the ratio says what parsing and the rules cost on top of I/O.
Goal: the lint of 5,000 files within 10 s on 2 cores.

    python benchmarks/lint_large_tree.py [--files 5000] [--workers N] [--repeat 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from connect_cert.harness.lint import lint  # noqa: E402
from connect_cert.harness.lint.discovery import discover  # noqa: E402

GOAL_SECONDS = 10.0


def _body(rng: random.Random, functions: int, line: Callable[[int], str]) -> str:
    return "\n".join(line(i) for i in range(functions * rng.randint(6, 12)))


def swift(rng: random.Random, n: int, kind: str) -> str:
    lines = [
        f"import SwiftUI\n\n/// Screen {n}: shows a list and a detail.\nstruct Screen{n}View: View {{",
        "    @State private var items: [String] = []",
    ]
    for i in range(rng.randint(4, 8)):
        lines += [
            f"    func load{i}(_ value: Int) -> String {{",
            f"        // formats item {i} for display",
            f'        let label = "item-\\(value)-{i}"',
            "        return items.isEmpty ? label : items[min(value, items.count - 1)]",
            "    }",
        ]
    if kind == "stripe":
        lines += [
            "    func sheet(secret: String) -> PaymentSheet {",
            "        var configuration = PaymentSheet.Configuration()",
            '        configuration.returnURL = "bench://stripe-redirect"',
            "        return PaymentSheet(setupIntentClientSecret: secret, configuration: configuration)",
            "    }",
        ]
    if kind == "wrong":
        lines += [
            "    func bad(c: inout PaymentSheet.Configuration) {",
            "        c.allowsDelayedPaymentMethods = true",
            "    }",
        ]
    lines += ["    var body: some View {", "        List(items, id: \\.self) { Text($0) }", "    }", "}"]
    return "\n".join(lines) + "\n"


def kotlin(rng: random.Random, n: int, kind: str) -> str:
    lines = [f"package com.bench.feature{n % 40}\n", f"class Repository{n}(private val api: Api) {{"]
    for i in range(rng.randint(4, 8)):
        lines += [
            f"    /** Loads page {i}. */",
            f"    suspend fun page{i}(offset: Int): List<String> {{",
            f'        val items = api.get("/items?offset=$offset&page={i}")',
            "        return items.filter { it.isNotBlank() }.map { it.trim() }",
            "    }",
        ]
    if kind == "stripe":
        lines += ["    fun logout(context: android.content.Context) = PaymentSheet.resetCustomer(context)"]
    if kind == "wrong":
        lines += [
            "    fun pay(sheet: PaymentSheet, secret: String, c: PaymentSheet.Configuration) {",
            "        sheet.presentWithPaymentIntent(secret, c)",
            "    }",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def java(rng: random.Random, n: int, kind: str) -> str:
    lines = [f"package com.bench.legacy{n % 20};\n", "import java.util.List;\n", f"public final class Util{n} {{"]
    for i in range(rng.randint(4, 8)):
        lines += [
            f"    // helper {i}",
            f"    public static int sum{i}(List<Integer> values) {{",
            "        int total = 0;",
            "        for (int v : values) { total += v; }",
            f"        return total + {i};",
            "    }",
        ]
    if kind == "wrong":
        lines += ['    static final String KEY = "sk_live_51BenchmarkSecretKeyNotReal";']
    lines.append("}")
    return "\n".join(lines) + "\n"


def gradle(rng: random.Random, n: int, kind: str) -> str:
    deps = [f"    implementation 'androidx.lib{i}:lib{i}:1.{i}.0'" for i in range(rng.randint(5, 15))]
    if kind == "wrong":
        deps.append("    implementation 'com.stripe:financial-connections:21.0.0'")
    return "plugins {\n    id 'com.android.library'\n}\n\ndependencies {\n" + "\n".join(deps) + "\n}\n"


def gradle_kts(rng: random.Random, n: int, kind: str) -> str:
    deps = [f'    implementation("androidx.lib{i}:lib{i}:1.{i}.0")' for i in range(rng.randint(5, 15))]
    return 'plugins {\n    id("com.android.library")\n}\n\ndependencies {\n' + "\n".join(deps) + "\n}\n"


def catalog(rng: random.Random, n: int, kind: str) -> str:
    libs = [f'lib{i} = {{ module = "org.bench:lib{i}", version = "1.{i}" }}' for i in range(rng.randint(10, 30))]
    return '[versions]\nkotlin = "2.0.21"\n\n[libraries]\n' + "\n".join(libs) + "\n"


def dart(rng: random.Random, n: int, kind: str) -> str:
    lines = [
        "import 'package:flutter/material.dart';\n",
        f"class Tile{n} extends StatelessWidget {{",
        f"  const Tile{n}({{super.key, required this.title}});",
        "  final String title;",
    ]
    for i in range(rng.randint(4, 8)):
        lines += [f"  // formats part {i}", f"  String part{i}(int value) => '$title-$value-{i}';"]
    if kind == "stripe":
        lines += ["  Future<void> logOut() => Stripe.instance.resetPaymentSheetCustomer();"]
    lines += ["  @override", "  Widget build(BuildContext context) => ListTile(title: Text(part0(1)));", "}"]
    return "\n".join(lines) + "\n"


def typescript(rng: random.Random, n: int, kind: str) -> str:
    lines = [f"// Service {n}", f"export interface Item{n} {{ id: string; title: string; }}", ""]
    for i in range(rng.randint(4, 8)):
        lines += [
            f"export async function fetch{i}(offset: number): Promise<Item{n}[]> {{",
            f"  const response = await fetch(`/api/items?offset=${{offset}}&page={i}`);",
            f"  return (await response.json()) as Item{n}[];",
            "}",
        ]
    if kind == "wrong":
        lines += ["export function debtSecret(debt: { client_secret: string }) {", "  return debt.client_secret;", "}"]
    return "\n".join(lines) + "\n"


def tsx(rng: random.Random, n: int, kind: str) -> str:
    lines = ["import React from 'react';", "import { Text, View } from 'react-native';", ""]
    lines += [f"export function Row{n}({{ title }}: {{ title: string }}): React.JSX.Element {{"]
    for i in range(rng.randint(3, 6)):
        lines += [f"  const label{i} = `${{title}}-{i}`; // label {i}"]
    if kind == "stripe":
        lines += [
            "  const { initPaymentSheet } = useStripe();",
            "  void initPaymentSheet({ setupIntentClientSecret: title, merchantDisplayName: 'Bench', returnURL: 'bench://r' });",
        ]
    lines += ["  return (", "    <View>", "      <Text>{label0}</Text>", "    </View>", "  );", "}"]
    return "\n".join(lines) + "\n"


def javascript(rng: random.Random, n: int, kind: str) -> str:
    lines = [f"/* util {n} */"]
    for i in range(rng.randint(4, 8)):
        lines += [f"export function format{i}(value) {{", f"  return String(value).padStart({i + 2}, '0');", "}"]
    if kind == "stripe":
        lines += [
            "export async function add(stripe, elements) {",
            "  return stripe.confirmSetup({ elements, confirmParams: { return_url: location.origin } });",
            "}",
        ]
    return "\n".join(lines) + "\n"


def html(rng: random.Random, n: int, kind: str) -> str:
    items = "\n".join(f"    <li>Item {i}</li>" for i in range(rng.randint(5, 20)))
    script = "      document.querySelectorAll('li').forEach((li, i) => li.dataset.index = String(i));"
    return f"<!doctype html>\n<html>\n<head><title>Page {n}</title></head>\n<body>\n  <ul>\n{items}\n  </ul>\n  <script>\n{script}\n  </script>\n</body>\n</html>\n"


def config(rng: random.Random, n: int, kind: str) -> str:
    return "\n".join(f'  "key{i}": "value {n}-{i}",' for i in range(rng.randint(5, 20))).join(
        ["{\n", '\n  "end": true\n}\n']
    )


# (generator, path pattern, share of the tree): the mix of a multi-platform partner repository
LANGUAGES: list[tuple[Callable[[random.Random, int, str], str], str, float]] = [
    (swift, "ios/App/Feature{g}/Screen{n}View.swift", 0.20),
    (kotlin, "android/app/src/main/java/com/bench/feature{g}/Repository{n}.kt", 0.17),
    (java, "android/legacy/src/main/java/com/bench/legacy{g}/Util{n}.java", 0.05),
    (gradle, "android/modules/module{n}/build.gradle", 0.02),
    (gradle_kts, "android/modules/kts{n}/build.gradle.kts", 0.02),
    (catalog, "android/catalogs/c{n}/libs.versions.toml", 0.004),
    (dart, "flutter/lib/feature{g}/tile_{n}.dart", 0.16),
    (typescript, "web/src/feature{g}/service{n}.ts", 0.12),
    (tsx, "mobile/src/feature{g}/Row{n}.tsx", 0.12),
    (javascript, "web/public/js/util{n}.js", 0.07),
    (html, "web/public/page{n}.html", 0.04),
    (config, "web/public/data/data{n}.json", 0.016),
]


def generate(root: Path, files: int, seed: int = 13) -> int:
    """Write the tree; returns its size in bytes."""
    rng = random.Random(seed)
    (root / "mobile").mkdir(parents=True)
    (root / "mobile" / "package.json").write_text('{"dependencies": {"react-native": "0.76.0"}}\n', encoding="utf-8")
    size = 0
    counts = [max(1, round(files * share)) for _, _, share in LANGUAGES]
    counts[0] += files - sum(counts) - 1  # exactly `files`, package.json included
    for (make, pattern, _), count in zip(LANGUAGES, counts, strict=True):
        for n in range(count):
            kind = "wrong" if n % 97 == 0 else "stripe" if n % 13 == 0 else "plain"
            path = root / pattern.format(g=n % 25, n=n)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = make(rng, n, kind)
            path.write_text(text, encoding="utf-8")
            size += len(text)
    return size


def read_all(root: Path) -> float:
    """The baseline: read and decode every source the lint reads, no parsing."""
    started = time.perf_counter()
    sources, _ = discover(root)
    for source in sources:
        source.path.read_bytes().decode("utf-8")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument(
        "--workers", type=int, default=None, help="lint worker processes (default: up to 4, one per core)"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="generate into this (empty) folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "tree"
        size = generate(root, args.files)
        baselines, lints, cpus = [], [], []
        report = None
        for _ in range(args.repeat):
            baselines.append(read_all(root))
            started, before = time.perf_counter(), os.times()
            report = lint(root, workers=args.workers)
            lints.append(time.perf_counter() - started)
            after = os.times()
            cpus.append(after.user + after.system + after.children_user + after.children_system - sum(before[:4]))
        assert report is not None
        baseline, took, cpu = statistics.median(baselines), statistics.median(lints), statistics.median(cpus)
        verdict = "PASS" if took <= GOAL_SECONDS else "FAIL"
        load = os.getloadavg()[0]
        print(
            f"lint_large_tree: {report.files_scanned} files ({size / 1e6:.1f} MB, {len(report.findings)} findings, "
            f"{len(report.skipped)} skipped) linted in {took:.2f} s wall ({cpu:.2f} s CPU) on {os.cpu_count()} cores "
            f"(load {load:.1f}); baseline (read all, no parse) {baseline:.3f} s; ratio {took / baseline:.1f}x; "
            f"goal <= {GOAL_SECONDS:.0f} s: {verdict}"
        )
        return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
