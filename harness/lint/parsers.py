"""Parse one file into `Facts`: tree-sitter for code, tomllib for version catalogs, lines for config files.

One grammar wheel per language (pinned in pyproject.toml); nothing is downloaded at run time. A file that
does not parse raises `ParseFailure` with the first error's line: the engine reports it as skipped.
Scripts inside HTML templates are parsed as JavaScript, their lines counted in the HTML file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import tree_sitter_dart
import tree_sitter_groovy
import tree_sitter_html
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_kotlin
import tree_sitter_swift
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

from connect_cert.harness.lint.facts import Comment, Context, Facts, Kind, Label, LabelKind, Literal, Value
from connect_cert.harness.lint.lang.base import Lowering, text
from connect_cert.harness.lint.lang.dart import DartLowering
from connect_cert.harness.lint.lang.java import GroovyLowering, JavaLowering
from connect_cert.harness.lint.lang.javascript import JavaScriptLowering
from connect_cert.harness.lint.lang.kotlin import KotlinLowering
from connect_cert.harness.lint.lang.swift import SwiftLowering


class ParseFailure(Exception):
    """The file does not parse; `reason` says where."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Grammar:
    load: Callable[[], object]
    lowering: type[Lowering]


GRAMMARS: dict[str, Grammar] = {
    "swift": Grammar(tree_sitter_swift.language, SwiftLowering),
    "kotlin": Grammar(tree_sitter_kotlin.language, KotlinLowering),
    "java": Grammar(tree_sitter_java.language, JavaLowering),
    "groovy": Grammar(tree_sitter_groovy.language, GroovyLowering),
    "dart": Grammar(tree_sitter_dart.language, DartLowering),
    "javascript": Grammar(tree_sitter_javascript.language, JavaScriptLowering),
    "typescript": Grammar(tree_sitter_typescript.language_typescript, JavaScriptLowering),
    "tsx": Grammar(tree_sitter_typescript.language_tsx, JavaScriptLowering),
}
JS_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/babel", "text/jsx"})


@cache
def parser(language: str) -> Parser:
    """One parser per language and process (parsers are not shared between processes)."""
    if language == "html":
        return Parser(Language(tree_sitter_html.language()))
    return Parser(Language(GRAMMARS[language].load()))


def first_error(root: Node) -> Node | None:
    """The first ERROR or MISSING node in source order (descending only where errors are)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return None


def _check(root: Node, line_offset: int = 0, where: str = "") -> None:
    if not root.has_error:
        return
    error = first_error(root)
    row = (error.start_point[0] if error is not None else 0) + 1 + line_offset
    what = f"missing {error.type!r}" if error is not None and error.is_missing else "syntax error"
    raise ParseFailure(f"does not parse: {what} at line {row}{where}")


def check_syntax(language: str, source: bytes) -> None:
    """Parse only: raise ParseFailure when the file does not parse."""
    _check(parser(language).parse(source).root_node)


def analyse_code(language: str, source: bytes, line_offset: int = 0) -> Facts:
    tree = parser(language).parse(source)
    _check(tree.root_node, line_offset)
    try:
        return GRAMMARS[language].lowering(line_offset).lower(tree.root_node)
    except RecursionError:
        raise ParseFailure("nested too deeply to analyse (generated code?)") from None


def analyse_html(source: bytes) -> Facts:
    """Comments and attribute values of the page, and every inline script as JavaScript."""
    tree = parser("html").parse(source)
    _check(tree.root_node)
    facts = Facts()
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            facts.comments.append(Comment(text(node), node.start_point[0] + 1, node.end_point[0] + 1))
            continue
        if node.type == "attribute_value":
            facts.literals.append(Literal(text(node), node.start_point[0] + 1))
            continue
        if node.type == "script_element":
            _script(node, facts)
            continue
        stack.extend(reversed(node.children))
    return facts


def _script(element: Node, facts: Facts) -> None:
    start = next((c for c in element.children if c.type == "start_tag"), None)
    kind = ""
    for attribute in start.named_children if start is not None else ():
        if attribute.type != "attribute":
            continue
        name = next((text(c) for c in attribute.named_children if c.type == "attribute_name"), "")
        value = next(
            (text(v) for c in attribute.named_children for v in [c, *c.named_children] if v.type == "attribute_value"),
            "",
        )
        if name.lower() == "type":
            kind = value.strip().lower()
        if value:
            facts.literals.append(Literal(value, attribute.start_point[0] + 1))
    body = next((c for c in element.children if c.type == "raw_text"), None)
    if body is None or kind not in JS_SCRIPT_TYPES or not text(body).strip():
        return
    try:
        facts.extend(analyse_code("javascript", body.text or b"", body.start_point[0]))
    except ParseFailure as failure:
        raise ParseFailure(f"{failure.reason} (script starting at line {body.start_point[0] + 1})") from None


# --- version catalogs (gradle/libs.versions.toml) ------------------------------------------------

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=""")


def _comment_start(line_text: str) -> int:
    """Where a TOML comment starts on a line (outside strings), or -1."""
    quote = ""
    for index, char in enumerate(line_text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return index
    return -1


def analyse_catalog(source: str) -> Facts:
    """Each library of `[libraries]` as a key labelled with its coordinate `group:name[:version]`."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ParseFailure(f"does not parse: {exc}") from None
    facts = Facts()
    lines: dict[str, int] = {}
    table = ""
    for number, raw in enumerate(source.splitlines(), start=1):
        start = _comment_start(raw)
        if start >= 0:
            facts.comments.append(Comment(raw[start:], number, number))
            raw = raw[:start]
        header = _TABLE.match(raw)
        if header:
            table = header.group(1)
            continue
        key = _KEY.match(raw)
        if key and table == "libraries":
            lines.setdefault(next(g for g in key.groups() if g), number)
    libraries = data.get("libraries", {})
    versions = data.get("versions", {})
    if not isinstance(libraries, dict):
        return facts
    context = Context(labels=("libraries",))
    for alias, spec in libraries.items():
        coordinate = _coordinate(spec, versions)
        if coordinate is None:
            continue
        line_number = lines.get(alias, 1)
        value = Value(Kind.STRING, coordinate, strings=(coordinate,))
        facts.labels.append(Label(alias, value, line_number, LabelKind.KEY, context=context))
        facts.literals.append(Literal(coordinate, line_number, context))
    return facts


def _coordinate(spec: object, versions: object) -> str | None:
    if isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        return None
    module = spec.get("module")
    if not isinstance(module, str):
        group, name = spec.get("group"), spec.get("name")
        if not (isinstance(group, str) and isinstance(name, str)):
            return None
        module = f"{group}:{name}"
    version = spec.get("version")
    if isinstance(version, dict) and isinstance(versions, dict):
        version = versions.get(version.get("ref", ""))
    return f"{module}:{version}" if isinstance(version, str) else module


# --- config files (Info.plist, strings.xml, gradle.properties, .env, JSON, YAML) ------------------

_LINE_COMMENTS = ("#", "//", ";", "!")


def analyse_config(source: str) -> Facts:
    """Line by line: whole-line comments (and XML comment blocks) are comments, every other line a literal."""
    facts = Facts()
    in_block = False
    for number, raw in enumerate(source.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if in_block or stripped.startswith("<!--"):
            in_block = "-->" not in stripped
            facts.comments.append(Comment(stripped, number, number))
            continue
        if stripped.startswith(_LINE_COMMENTS):
            facts.comments.append(Comment(stripped, number, number))
            continue
        facts.literals.append(Literal(stripped, number))
    return facts
