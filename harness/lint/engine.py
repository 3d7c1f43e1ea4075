"""The lint run: discover the sources, analyse each (in parallel for large trees), run the rules.

A file is read once. Binary, unreadable, oversized and unparsable files are skipped with the reason, never
a crash. Every source is parsed (so a syntax error is always reported), but only files in which a word of
the rules' vocabulary occurs are walked into facts (`rules.vocabulary.prefilter`): that keeps a large app
fast without changing what the rules see.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.lint.discovery import SourceFile, discover
from connect_cert.harness.lint.facts import Facts
from connect_cert.harness.lint.model import Finding, LintReport, Platform, Skipped
from connect_cert.harness.lint.parsers import (
    ParseFailure,
    analyse_catalog,
    analyse_code,
    analyse_config,
    analyse_html,
    check_syntax,
)
from connect_cert.harness.lint.rules import RULES, App, Rule, SourceFacts
from connect_cert.harness.lint.rules.vocabulary import prefilter as holds_vocabulary
from connect_cert.harness.lint.suppression import Suppressions, suppressions

MAX_BYTES = 2_000_000  # larger sources are generated (bundles, code generators): not read
# A file costs about 0.3 ms of CPU to read, parse and (when it may matter) walk; a pool of workers costs
# about 0.5 s of CPU to start and feed (benchmarks/lint_large_tree.py). Below this many files one process
# is as fast, so workers are used by default only above it (an explicit `workers` count always uses them).
PARALLEL_FROM = 8000
CHUNK = 16


class LintPathError(ConfigError):
    """The path to lint does not exist or cannot be read (exit 2)."""


@dataclass(frozen=True)
class Analysis:
    relative: str
    language: str
    platform: Platform | None
    facts: Facts | None  # None when the file holds no word of the rules' vocabulary (or was skipped)
    skipped: str | None = None
    blocking: bool = False  # skipped code that could not be read or parsed


def analyse(source: SourceFile, prefilter: bool = True) -> Analysis:
    """Read, parse and (when it may matter) walk one file."""

    def skip(reason: str, blocking: bool = False) -> Analysis:
        return Analysis(source.relative, source.language, source.platform, None, reason, blocking)

    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        return skip(f"unreadable: {exc.strerror or exc}", blocking=True)
    if len(raw) > MAX_BYTES:
        return skip(f"larger than {MAX_BYTES // 1_000_000} MB (generated?), not read")
    if b"\0" in raw[:8192]:
        return skip("binary file, not read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return skip(f"not UTF-8 text (byte {exc.start}), not read", blocking=True)
    relevant = not prefilter or holds_vocabulary(text)
    try:
        facts = _facts(source.language, text, raw.removeprefix(b"\xef\xbb\xbf"), relevant)
    except ParseFailure as failure:
        return skip(failure.reason, blocking=True)
    return Analysis(source.relative, source.language, source.platform, facts if relevant else None)


def _facts(language: str, text: str, raw: bytes, relevant: bool) -> Facts | None:
    if language == "config":
        return analyse_config(text) if relevant else None
    if language == "catalog":
        return analyse_catalog(text)
    if language == "html":
        return analyse_html(raw)
    if not relevant:
        check_syntax(language, raw)
        return None
    return analyse_code(language, raw)


def _analyse_all(files: list[SourceFile], workers: int | None, prefilter: bool) -> list[Analysis]:
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if count <= 1 or (workers is None and len(files) < PARALLEL_FROM):
        return [analyse(f, prefilter) for f in files]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        chunk = max(CHUNK, len(files) // (count * 8))  # few round trips, still balanced across workers
        return list(pool.map(analyse, files, [prefilter] * len(files), chunksize=chunk))


def lint(
    path: Path | str,
    platforms: Collection[Platform] | None = None,
    *,
    workers: int | None = None,
    prefilter: bool = True,
) -> LintReport:
    """Lint the app at `path` (a folder, or one file); `platforms` limits the sources and rules."""
    root = Path(path)
    if not root.exists():
        raise LintPathError(f"{path}: no such file or folder")
    if root.is_dir() and not os.access(root, os.R_OK | os.X_OK):
        raise LintPathError(f"{path}: the folder cannot be read")
    files, skipped = discover(root, platforms)
    analyses = _analyse_all(files, workers, prefilter)
    skipped += [Skipped(a.relative, a.skipped, a.platform, a.blocking) for a in analyses if a.skipped is not None]
    scanned = [a for a in analyses if a.skipped is None]
    present = frozenset(f.platform for f in files if f.platform is not None)
    app = App(
        tuple(SourceFacts(a.relative, a.language, a.platform, a.facts) for a in scanned if a.facts is not None),
        present,
    )
    wanted = frozenset(platforms) if platforms else None
    findings = _findings(app, RULES, wanted)
    return LintReport(
        root.resolve(), tuple(findings), len(scanned), tuple(sorted(skipped, key=lambda s: s.file)), present
    )


def _findings(app: App, rules: Iterable[Rule], wanted: frozenset[Platform] | None) -> list[Finding]:
    by_file: dict[str, Suppressions] = {f.path: suppressions(f.facts.comments) for f in app.files}
    platform_of = {f.path: f.platform for f in app.files}
    found: dict[tuple[str, str, int | None], Finding] = {}
    for rule in rules:
        platforms = [p for p in rule.platforms if wanted is None or p in wanted]
        if not platforms:
            continue
        for hit in rule.check(app.only(platforms)):
            if _suppressed(rule.id, hit.file, hit.line, by_file, platform_of):
                continue
            key = (rule.id, hit.file, hit.line)
            if key not in found:
                found[key] = Finding(hit.file, hit.line, rule.id, hit.severity or rule.severity, hit.message)
    return sorted(found.values(), key=lambda f: f.sort_key)


def _suppressed(
    rule: str, file: str, line: int | None, by_file: dict[str, Suppressions], platform_of: dict[str, Platform | None]
) -> bool:
    own = by_file.get(file)
    if own is not None and own.covers(rule, line):
        return True
    if line is None:  # about the whole app: a suppression anywhere on that platform counts
        platform = platform_of.get(file)
        return any(s.covers(rule, None) for path, s in by_file.items() if platform_of.get(path) == platform)
    return False
