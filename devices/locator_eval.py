"""Appium's locator strategies evaluated in Python over a page source, as the drivers evaluate them.

`PageSource(xml).find(locator)` returns the matching nodes of an XCUITest page source
(`<AppiumAUT><XCUIElementTypeApplication …>`) or a UiAutomator2 one (`<hierarchy>` of class-named nodes).
Strategies: `accessibility id`, `id`, `class name`, `xpath` (XPath 1.0: paths, the common axes,
predicates, `and`/`or`/`not`, `contains`, `starts-with`, `text`, `position`, `last`), `-ios predicate
string` (comparisons ==, !=, CONTAINS, BEGINSWITH, ENDSWITH, LIKE, MATCHES with [c]/[d], AND/OR/NOT,
parentheses, over type/name/label/value/enabled/visible/…), `-ios class chain` (`/`, `**/`, `*`,
backtick predicates, `$…$` descendant predicates, indexes) and `-android uiautomator` (UiSelector
attribute methods, `instance`, `index`, `childSelector`, `fromParent`; UiScrollable `scrollIntoView`).
Syntax outside these subsets raises `LocatorSyntaxError` rather than matching nothing, so a typo fails
loudly. The locator tests run every page-object locator through this; a stand-in for the native sheet can
use it to map native strategies onto its own elements (`Node.xpath` is each match's absolute path).
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connect_cert.devices.paymentsheet.locators import Locator, Strategy
from connect_cert.devices.versions import Platform


class LocatorSyntaxError(ValueError):
    """The locator is outside the syntax this evaluator implements (or is not valid at all)."""


# --- the tree ----------------------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """One element of a page source; the document itself is a Node with an empty tag."""

    tag: str
    attrs: dict[str, str]
    text_content: str
    parent: Node | None
    order: int
    children: list[Node] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        return self.attrs.get(name)

    def descendants(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.descendants()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def is_document(self) -> bool:
        return self.tag == ""

    @property
    def xpath(self) -> str:
        """The absolute path of this node (`/hierarchy/android.widget.FrameLayout[1]/…`)."""
        steps: list[str] = []
        node: Node | None = self
        while node is not None and node.parent is not None:
            same = [sibling for sibling in node.parent.children if sibling.tag == node.tag]
            steps.append(f"{node.tag}[{same.index(node) + 1}]")
            node = node.parent
        return "/" + "/".join(reversed(steps))

    def describe(self) -> str:
        """A short human description: tag plus its identifying attributes."""
        keys = ("name", "label", "value", "resource-id", "content-desc", "text")
        shown = ", ".join(f"{key}={self.attrs[key]!r}" for key in keys if self.attrs.get(key))
        return f"{self.tag}({shown})"

    def __repr__(self) -> str:
        return f"<Node {self.describe()}>"


def _build(element: ET.Element, parent: Node | None, counter: list[int]) -> Node:
    counter[0] += 1
    node = Node(element.tag, dict(element.attrib), "".join(element.itertext()), parent, counter[0])
    node.children = [_build(child, node, counter) for child in element]
    return node


class PageSource:
    """A parsed page source and the evaluation of every supported strategy over it."""

    def __init__(self, xml: str) -> None:
        try:
            root = ET.fromstring(xml)
        except ET.ParseError as exc:
            raise ValueError(f"not a page source: {exc}") from None
        self.document = Node("", {}, "", None, 0)
        self.document.children = [_build(root, self.document, [0])]
        self.root = self.document.children[0]
        if self.root.tag == "hierarchy":
            self.platform = Platform.ANDROID
            self.app = self.root
        else:
            self.platform = Platform.IOS
            apps = [n for n in [self.root, *self.root.descendants()] if n.tag == "XCUIElementTypeApplication"]
            if not apps:
                raise ValueError("not a page source: neither <hierarchy> nor an XCUIElementTypeApplication")
            self.app = apps[0]

    @classmethod
    def from_file(cls, path: Path | str) -> PageSource:
        return cls(Path(path).read_text(encoding="utf-8"))

    def find(self, locator: Locator) -> list[Node]:
        return self.find_all(locator.strategy, locator.value)

    def find_all(self, strategy: str, value: str) -> list[Node]:
        """Every node matching, in document order."""
        if not Locator(strategy, value).is_bound:
            raise LocatorSyntaxError(f"unbound placeholder in {value!r}: bind {{package}} / {{text}} first")
        android = self.platform is Platform.ANDROID
        if strategy == Strategy.ACCESSIBILITY_ID:
            key = "content-desc" if android else "name"
            return [node for node in self._elements() if node.attr(key) == value]
        if strategy == Strategy.ID:
            return [node for node in self._elements() if _id_matches(node, value, android)]
        if strategy == Strategy.CLASS_NAME:
            return [node for node in self._elements() if node.tag == value]
        if strategy == Strategy.XPATH:
            return XPath(value).select(self.document)
        if strategy == Strategy.IOS_PREDICATE:
            self._expect(Platform.IOS, strategy)
            match = Predicate(value).matches
            return [node for node in self.app.descendants() if match(node)]
        if strategy == Strategy.IOS_CLASS_CHAIN:
            self._expect(Platform.IOS, strategy)
            return ClassChain(value).select(self.app)
        if strategy == Strategy.ANDROID_UIAUTOMATOR:
            self._expect(Platform.ANDROID, strategy)
            return UiAutomator(value).select(self.root)
        raise LocatorSyntaxError(f"unsupported strategy {strategy!r}")

    def _elements(self) -> Iterator[Node]:
        return self.app.descendants()

    def _expect(self, platform: Platform, strategy: str) -> None:
        if self.platform is not platform:
            raise LocatorSyntaxError(f"{strategy} is a {platform.label} strategy; this is a {self.platform.label} page")


def _id_matches(node: Node, value: str, android: bool) -> bool:
    if not android:
        return node.attr("name") == value
    resource_id = node.attr("resource-id")
    if resource_id == value:
        return True
    # UiAutomator2 completes an id without a package with the app's: `submit` finds `<package>:id/submit`.
    return ":id/" not in value and resource_id == f"{node.attr('package')}:id/{value}"


# --- shared tokenizing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "str", "num", "name", "op"
    value: str


def _read_string(source: str, start: int) -> tuple[str, int]:
    quote = source[start]
    out: list[str] = []
    index = start + 1
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            out.append(source[index + 1])
            index += 2
            continue
        if char == quote:
            return "".join(out), index + 1
        out.append(char)
        index += 1
    raise LocatorSyntaxError(f"unterminated string in {source!r}")


class _Tokens:
    def __init__(self, tokens: list[_Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.index = 0

    def peek(self, offset: int = 0) -> _Token | None:
        position = self.index + offset
        return self.tokens[position] if position < len(self.tokens) else None

    def next(self) -> _Token:
        token = self.peek()
        if token is None:
            raise LocatorSyntaxError(f"unexpected end of {self.source!r}")
        self.index += 1
        return token

    def accept(self, kind: str, *values: str, fold: bool = False) -> _Token | None:
        token = self.peek()
        if token is None or token.kind != kind:
            return None
        if values and (token.value.upper() if fold else token.value) not in values:
            return None
        self.index += 1
        return token

    def expect(self, kind: str, *values: str, fold: bool = False) -> _Token:
        token = self.accept(kind, *values, fold=fold)
        if token is None:
            found = self.peek()
            raise LocatorSyntaxError(
                f"expected {' or '.join(values) or kind} in {self.source!r}, found {found.value if found else 'the end'!r}"
            )
        return token

    def done(self) -> bool:
        return self.index >= len(self.tokens)


# --- -ios predicate string ------------------------------------------------------------------------

_PREDICATE_TOKEN = re.compile(
    r"\s*(?:(?P<str>['\"])|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<>|>=|<=|=|&&|\|\||!|\(|\)|\[[cd]{1,2}\])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_ATTRIBUTES = {
    "type": "type",
    "elementType": "type",
    "wdType": "type",
    "name": "name",
    "identifier": "name",
    "wdName": "name",
    "label": "label",
    "wdLabel": "label",
    "value": "value",
    "wdValue": "value",
    "placeholderValue": "placeholderValue",
    "enabled": "enabled",
    "isEnabled": "enabled",
    "wdEnabled": "enabled",
    "visible": "visible",
    "isVisible": "visible",
    "wdVisible": "visible",
    "accessible": "accessible",
    "isAccessible": "accessible",
    "wdAccessible": "accessible",
    "selected": "selected",
    "hasFocus": "focused",
}
_BOOLEAN_ATTRIBUTES = {"enabled", "visible", "accessible", "selected", "focused"}
_COMPARISONS = ("==", "=", "!=", "<>", "CONTAINS", "BEGINSWITH", "ENDSWITH", "LIKE", "MATCHES")
_TRUE, _FALSE = ("TRUE", "YES"), ("FALSE", "NO")


def _tokenize(source: str, pattern: re.Pattern[str]) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(source):
        if source[index:].strip() == "":
            break
        found = pattern.match(source, index)
        if found is None or found.end() == index:
            raise LocatorSyntaxError(f"unexpected {source[index:].strip()[:20]!r} in {source!r}")
        kind = found.lastgroup or ""
        if kind == "str":
            text, index = _read_string(source, found.start(kind))
            tokens.append(_Token("str", text))
            continue
        tokens.append(_Token(kind, found.group(kind)))
        index = found.end()
    return tokens


_Match = Callable[[Node], bool]


class Predicate:
    """An NSPredicate over XCUITest element attributes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._tokens = _Tokens(_tokenize(source, _PREDICATE_TOKEN), source)
        self.matches: _Match = self._or()
        if not self._tokens.done():
            raise LocatorSyntaxError(f"unexpected {self._tokens.next().value!r} in {source!r}")

    def _or(self) -> _Match:
        return self._joined(self._and, ("OR", "||"), any)

    def _and(self) -> _Match:
        return self._joined(self._not, ("AND", "&&"), all)

    def _joined(
        self, operand: Callable[[], _Match], spellings: tuple[str, str], combine: Callable[[Iterable[bool]], bool]
    ) -> _Match:
        word, symbol = spellings
        parts = [operand()]
        while self._tokens.accept("name", word, fold=True) or self._tokens.accept("op", symbol):
            parts.append(operand())
        return parts[0] if len(parts) == 1 else lambda node: combine(part(node) for part in parts)

    def _not(self) -> _Match:
        if self._tokens.accept("name", "NOT", fold=True) or self._tokens.accept("op", "!"):
            inner = self._not()
            return lambda node: not inner(node)
        if self._tokens.accept("op", "("):
            inner = self._or()
            self._tokens.expect("op", ")")
            return inner
        return self._comparison()

    def _comparison(self) -> _Match:
        name = self._tokens.expect("name").value
        if name not in _ATTRIBUTES:
            raise LocatorSyntaxError(f"unknown attribute {name!r} in {self.source!r} (known: {', '.join(_ATTRIBUTES)})")
        attribute = _ATTRIBUTES[name]
        operator = self._tokens.next()
        op = operator.value.upper()
        if op not in _COMPARISONS:
            raise LocatorSyntaxError(f"unsupported operator {operator.value!r} in {self.source!r}")
        modifier = self._tokens.accept("op", "[c]", "[d]", "[cd]", "[dc]")
        flags = modifier.value if modifier else ""
        literal = self._tokens.next()
        if literal.kind == "name" and literal.value.upper() in _TRUE + _FALSE:
            expected: str = "true" if literal.value.upper() in _TRUE else "false"
        elif literal.kind in ("str", "num"):
            expected = literal.value
        else:
            raise LocatorSyntaxError(f"expected a value after {operator.value!r} in {self.source!r}")
        if attribute in _BOOLEAN_ATTRIBUTES and literal.kind != "str":
            expected = {"1": "true", "0": "false"}.get(expected, expected)
        compare = _comparator(op, expected, flags)
        return lambda node: compare(node.attr(attribute))


def _fold(text: str, flags: str) -> str:
    if "d" in flags:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.casefold() if "c" in flags else text


def _comparator(op: str, expected: str, flags: str) -> Callable[[str | None], bool]:
    want = _fold(expected, flags)

    def compare(actual: str | None) -> bool:
        if actual is None:
            return op in ("!=", "<>")
        have = _fold(actual, flags)
        if op in ("==", "="):
            return have == want
        if op in ("!=", "<>"):
            return have != want
        if op == "CONTAINS":
            return want in have
        if op == "BEGINSWITH":
            return have.startswith(want)
        if op == "ENDSWITH":
            return have.endswith(want)
        if op == "LIKE":
            return fnmatch.fnmatchcase(have, want)
        return re.fullmatch(expected, actual, re.IGNORECASE if "c" in flags else 0) is not None  # MATCHES

    return compare


# --- -ios class chain -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ChainStep:
    type_name: str  # XCUIElementType… or *
    descendant: bool
    filters: tuple[tuple[str, Any], ...]  # ("predicate", match) | ("has", match) | ("index", int)


class ClassChain:
    """XCUITest's class chain: `**/XCUIElementTypeCell[`name BEGINSWITH "A"`]/XCUIElementTypeButton[1]`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.steps: list[_ChainStep] = []
        descendant = False
        for part in self._split(source):
            if part == "**":
                if descendant:
                    raise LocatorSyntaxError(f"'**/**' in {source!r}")
                descendant = True
                continue
            self.steps.append(self._step(part, descendant))
            descendant = False
        if descendant or not self.steps:
            raise LocatorSyntaxError(f"a class chain must end with an element type: {source!r}")

    def _split(self, source: str) -> list[str]:
        parts: list[str] = []
        current: list[str] = []
        quote: str | None = None
        depth = 0
        for char in source:
            if quote:
                current.append(char)
                if char == quote:
                    quote = None
            elif char in "`$":
                quote = char
                current.append(char)
            elif char == "[":
                depth += 1
                current.append(char)
            elif char == "]":
                depth -= 1
                current.append(char)
            elif char == "/" and depth == 0:
                parts.append("".join(current))
                current = []
            else:
                current.append(char)
        if quote or depth:
            raise LocatorSyntaxError(f"unbalanced brackets or quotes in {source!r}")
        parts.append("".join(current))
        if any(not part for part in parts):
            raise LocatorSyntaxError(f"empty step in {source!r}")
        return parts

    def _step(self, part: str, descendant: bool) -> _ChainStep:
        found = re.match(r"^(XCUIElementType[A-Za-z]+|\*)", part)
        if found is None:
            raise LocatorSyntaxError(f"expected XCUIElementType… or * at {part!r} in {self.source!r}")
        rest = part[found.end() :]
        filters: list[tuple[str, Any]] = []
        while rest:
            bracket = re.match(r"^\[(`(?P<pred>.*?)`|\$(?P<has>.*?)\$|(?P<index>-?\d+))\]", rest)
            if bracket is None:
                raise LocatorSyntaxError(f"unexpected {rest!r} in {self.source!r}")
            if bracket["pred"] is not None:
                filters.append(("predicate", Predicate(bracket["pred"]).matches))
            elif bracket["has"] is not None:
                filters.append(("has", Predicate(bracket["has"]).matches))
            else:
                index = int(bracket["index"])
                if index == 0:
                    raise LocatorSyntaxError(f"class chain indexes start at 1 (or -1 from the end): {self.source!r}")
                filters.append(("index", index))
            rest = rest[bracket.end() :]
        return _ChainStep(found.group(1), descendant, tuple(filters))

    def select(self, app: Node) -> list[Node]:
        contexts = [app]
        for step in self.steps:
            seen: dict[int, Node] = {}
            for context in contexts:
                pool = context.descendants() if step.descendant else iter(context.children)
                for node in pool:
                    if step.type_name in ("*", node.tag):
                        seen.setdefault(node.order, node)
            candidates = [seen[key] for key in sorted(seen)]
            for kind, value in step.filters:
                if kind == "predicate":
                    candidates = [node for node in candidates if value(node)]
                elif kind == "has":
                    candidates = [node for node in candidates if any(value(inner) for inner in node.descendants())]
                else:
                    position = value - 1 if value > 0 else len(candidates) + value
                    candidates = [candidates[position]] if 0 <= position < len(candidates) else []
            contexts = candidates
        return contexts


# --- -android uiautomator -------------------------------------------------------------------------

_UIA_TOKEN = re.compile(r"\s*(?:(?P<str>\")|(?P<num>-?\d+)|(?P<op>[().,;])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))")
_UIA_TEXT = {
    "text": ("text", "eq"),
    "textContains": ("text", "contains"),
    "textStartsWith": ("text", "starts"),
    "textMatches": ("text", "regex"),
    "description": ("content-desc", "eq"),
    "descriptionContains": ("content-desc", "contains"),
    "descriptionStartsWith": ("content-desc", "starts"),
    "descriptionMatches": ("content-desc", "regex"),
    "resourceId": ("resource-id", "eq"),
    "resourceIdMatches": ("resource-id", "regex"),
    "className": ("class", "eq"),
    "classNameMatches": ("class", "regex"),
    "packageName": ("package", "eq"),
    "packageNameMatches": ("package", "regex"),
}
_UIA_FLAGS = {
    "checkable": "checkable",
    "checked": "checked",
    "clickable": "clickable",
    "enabled": "enabled",
    "focusable": "focusable",
    "focused": "focused",
    "scrollable": "scrollable",
    "selected": "selected",
    "longClickable": "long-clickable",
}
_UIA_IGNORED = {"setAsVerticalList", "setAsHorizontalList", "setMaxSearchSwipes", "setSwipeDeadZonePercentage"}


@dataclass
class _Selector:
    tests: list[_Match] = field(default_factory=list)
    instance: int | None = None
    relations: list[tuple[str, _Selector]] = field(default_factory=list)  # ("child" | "parent", selector)

    def select(self, scope: Iterable[Node]) -> list[Node]:
        found = [node for node in scope if all(test(node) for test in self.tests)]
        if self.instance is not None:
            found = [found[self.instance]] if 0 <= self.instance < len(found) else []
        for relation, inner in self.relations:
            results: dict[int, Node] = {}
            for node in found:
                base = node if relation == "child" else node.parent
                if base is None:
                    continue
                for match in inner.select(base.descendants()):
                    results.setdefault(match.order, match)
            found = [results[key] for key in sorted(results)]
        return found


class UiAutomator:
    """`new UiSelector()…` and `new UiScrollable(…).scrollIntoView(…)`, as UiAutomator2 evaluates them.

    Scrolling is a no-op here: a page source fixture holds the whole list.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._tokens = _Tokens(_tokenize(source, _UIA_TOKEN), source)
        self.selector, self.scope = self._statement()
        self._tokens.accept("op", ";")
        if not self._tokens.done():
            raise LocatorSyntaxError(f"unexpected {self._tokens.next().value!r} in {source!r}")

    def select(self, root: Node) -> list[Node]:
        if self.scope is None:
            return self.selector.select(root.descendants())
        results: dict[int, Node] = {}
        for container in self.scope.select(root.descendants()):
            for match in self.selector.select(container.descendants()):
                results.setdefault(match.order, match)
        return [results[key] for key in sorted(results)]

    def _statement(self) -> tuple[_Selector, _Selector | None]:
        self._tokens.expect("name", "new")
        kind = self._tokens.expect("name", "UiSelector", "UiScrollable").value
        self._tokens.expect("op", "(")
        if kind == "UiSelector":
            self._tokens.expect("op", ")")
            return self._methods(_Selector()), None
        container = self._selector_argument()
        self._tokens.expect("op", ")")
        target: _Selector | None = None
        while self._tokens.accept("op", "."):
            method = self._tokens.expect("name").value
            self._tokens.expect("op", "(")
            if method == "scrollIntoView":
                target = self._selector_argument()
            elif method in _UIA_IGNORED:
                if self._tokens.peek() != _Token("op", ")"):
                    self._tokens.next()  # their one argument (a count or a percentage) changes nothing here
            else:
                raise LocatorSyntaxError(f"unsupported UiScrollable method {method!r} in {self.source!r}")
            self._tokens.expect("op", ")")
        if target is None:
            raise LocatorSyntaxError(f"a UiScrollable locator needs scrollIntoView(…): {self.source!r}")
        return target, container

    def _selector_argument(self) -> _Selector:
        self._tokens.expect("name", "new")
        self._tokens.expect("name", "UiSelector")
        self._tokens.expect("op", "(")
        self._tokens.expect("op", ")")
        return self._methods(_Selector())

    def _methods(self, selector: _Selector) -> _Selector:
        while self._tokens.peek() is not None and self._tokens.peek() == _Token("op", "."):
            following = self._tokens.peek(1)
            if following is None or following.kind != "name" or following.value in ("scrollIntoView", *_UIA_IGNORED):
                break
            self._tokens.next()
            method = self._tokens.expect("name").value
            self._tokens.expect("op", "(")
            if method in ("childSelector", "fromParent"):
                selector.relations.append(
                    ("child" if method == "childSelector" else "parent", self._selector_argument())
                )
            else:
                self._apply(selector, method, self._tokens.next())
            self._tokens.expect("op", ")")
        return selector

    def _apply(self, selector: _Selector, method: str, argument: _Token) -> None:
        if method in _UIA_TEXT:
            if argument.kind != "str":
                raise LocatorSyntaxError(f"{method}() takes a string in {self.source!r}")
            attribute, how = _UIA_TEXT[method]
            selector.tests.append(_text_test(attribute, how, argument.value))
        elif method in _UIA_FLAGS:
            if argument.kind != "name" or argument.value not in ("true", "false"):
                raise LocatorSyntaxError(f"{method}() takes true or false in {self.source!r}")
            attribute, wanted = _UIA_FLAGS[method], argument.value
            selector.tests.append(lambda node: node.attr(attribute) == wanted)
        elif method in ("index", "instance"):
            if argument.kind != "num":
                raise LocatorSyntaxError(f"{method}() takes a number in {self.source!r}")
            number = int(argument.value)
            if method == "instance":
                selector.instance = number
            else:
                selector.tests.append(lambda node: node.attr("index") == str(number))
        else:
            raise LocatorSyntaxError(f"unsupported UiSelector method {method!r} in {self.source!r}")


def _text_test(attribute: str, how: str, wanted: str) -> _Match:
    if how == "eq":
        return lambda node: node.attr(attribute) == wanted
    if how == "contains":
        return lambda node: wanted in (node.attr(attribute) or "")
    if how == "starts":
        return lambda node: (node.attr(attribute) or "").startswith(wanted)
    pattern = re.compile(wanted)
    return lambda node: pattern.fullmatch(node.attr(attribute) or "") is not None


# --- xpath ----------------------------------------------------------------------------------------

_XPATH_TOKEN = re.compile(
    r"\s*(?:(?P<str>['\"])|(?P<num>\d+(?:\.\d+)?)|(?P<op>//|/|\.\.|\.|::|\[|\]|\(|\)|@|,|!=|=|\*|\|)"
    r"|(?P<name>[A-Za-z_][\w.\-]*))"
)
_AXES = (
    "child",
    "descendant",
    "descendant-or-self",
    "self",
    "parent",
    "ancestor",
    "ancestor-or-self",
    "following-sibling",
    "preceding-sibling",
    "attribute",
)


@dataclass(frozen=True)
class _Attr:
    node: Node
    name: str
    value: str


_Value = Any  # list[Node] | list[_Attr] | str | float | bool
_Expr = Callable[[Node, int, int], _Value]  # (context node, position, size) -> value


class XPath:
    """An XPath 1.0 subset over a page source (no variables, no namespaces, no arithmetic)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._tokens = _Tokens(_tokenize(source, _XPATH_TOKEN), source)
        self._depth = 0  # inside predicates
        self._selects_attributes = False
        self.expr = self._or()
        if not self._tokens.done():
            raise LocatorSyntaxError(f"unexpected {self._tokens.next().value!r} in {source!r}")
        if self._selects_attributes:
            raise LocatorSyntaxError(f"{source!r} selects attributes, not elements")

    def select(self, document: Node) -> list[Node]:
        return self.select_from(document)

    def select_from(self, context: Node) -> list[Node]:
        """The elements the expression selects with `context` as the context node (`.//…` from an element)."""
        value = self.expr(context, 1, 1)
        if not isinstance(value, list) or any(not isinstance(item, Node) for item in value):
            raise LocatorSyntaxError(f"{self.source!r} does not select elements")
        return [node for node in value if not node.is_document]

    # grammar: or > and > equality > unary (literal, number, function, parenthesis, path)

    def _or(self) -> _Expr:
        return self._joined(self._and, "or", any)

    def _and(self) -> _Expr:
        return self._joined(self._equality, "and", all)

    def _joined(self, operand: Callable[[], _Expr], keyword: str, combine: Callable[[Iterable[bool]], bool]) -> _Expr:
        parts = [operand()]
        while self._tokens.accept("name", keyword):
            parts.append(operand())
        if len(parts) == 1:
            return parts[0]
        return lambda node, pos, size: combine(_boolean(part(node, pos, size)) for part in parts)

    def _equality(self) -> _Expr:
        left = self._unary()
        operator = self._tokens.accept("op", "=", "!=")
        if operator is None:
            return left
        right = self._unary()
        negate = operator.value == "!="
        return lambda node, pos, size: _compare(left(node, pos, size), right(node, pos, size), negate)

    def _unary(self) -> _Expr:
        token = self._tokens.peek()
        if token is None:
            raise LocatorSyntaxError(f"unexpected end of {self.source!r}")
        if token.kind == "str":
            self._tokens.next()
            text = token.value
            return lambda node, pos, size: text
        if token.kind == "num":
            self._tokens.next()
            number = float(token.value)
            return lambda node, pos, size: number
        if token == _Token("op", "("):
            self._tokens.next()
            inner = self._or()
            self._tokens.expect("op", ")")
            return self._filter(inner)
        following = self._tokens.peek(1)
        if token.kind == "name" and following == _Token("op", "(") and token.value not in ("node", "text"):
            return self._function()
        return self._path()

    def _filter(self, inner: _Expr) -> _Expr:
        """`(//a)[2]`: predicates over the whole node-set, in document order."""
        predicates = self._predicates()
        if not predicates:
            return inner

        def evaluate(node: Node, pos: int, size: int) -> _Value:
            found = inner(node, pos, size)
            if not isinstance(found, list):
                raise LocatorSyntaxError(f"a predicate needs a node-set in {self.source!r}")
            for predicate in predicates:
                total = len(found)
                found = [n for index, n in enumerate(found, 1) if _predicate_true(predicate(n, index, total), index)]
            return found

        return evaluate

    def _predicates(self) -> list[_Expr]:
        predicates: list[_Expr] = []
        while self._tokens.accept("op", "["):
            self._depth += 1
            predicates.append(self._or())
            self._depth -= 1
            self._tokens.expect("op", "]")
        return predicates

    def _function(self) -> _Expr:
        name = self._tokens.next().value
        self._tokens.expect("op", "(")
        args: list[_Expr] = []
        if not self._tokens.accept("op", ")"):
            args.append(self._or())
            while self._tokens.accept("op", ","):
                args.append(self._or())
            self._tokens.expect("op", ")")
        arity = {"contains": 2, "starts-with": 2, "not": 1, "position": 0, "last": 0, "string-length": 1}
        if name not in arity:
            raise LocatorSyntaxError(f"unsupported function {name}() in {self.source!r}")
        if len(args) != arity[name]:
            raise LocatorSyntaxError(f"{name}() takes {arity[name]} argument(s) in {self.source!r}")
        if name == "contains":
            return lambda node, pos, size: _string(args[1](node, pos, size)) in _string(args[0](node, pos, size))
        if name == "starts-with":
            return lambda node, pos, size: _string(args[0](node, pos, size)).startswith(
                _string(args[1](node, pos, size))
            )
        if name == "string-length":
            return lambda node, pos, size: float(len(_string(args[0](node, pos, size))))
        if name == "not":
            return lambda node, pos, size: not _boolean(args[0](node, pos, size))
        if name == "position":
            return lambda node, pos, size: float(pos)
        return lambda node, pos, size: float(size)

    def _path(self) -> _Expr:
        steps: list[Callable[[list[Node]], list[Any]]] = []
        absolute = False
        if self._tokens.accept("op", "//"):
            absolute = True
            steps.append(_descendant_or_self)
        elif self._tokens.accept("op", "/"):
            absolute = True
            if self._tokens.peek() is None or self._tokens.peek() in (_Token("op", "]"), _Token("op", ")")):
                return lambda node, pos, size: [_document_of(node)]
        steps.append(self._step())
        while True:
            if self._tokens.accept("op", "//"):
                steps.append(_descendant_or_self)
            elif not self._tokens.accept("op", "/"):
                break
            steps.append(self._step())

        def evaluate(node: Node, pos: int, size: int) -> list[Any]:
            current: list[Any] = [_document_of(node) if absolute else node]
            for step in steps:
                current = step(current)
            return current

        return evaluate

    def _step(self) -> Callable[[list[Node]], list[Any]]:
        if self._tokens.accept("op", "."):
            return lambda nodes: nodes
        if self._tokens.accept("op", ".."):
            return lambda nodes: _unique(node.parent for node in nodes if node.parent is not None)
        axis = "child"
        if self._tokens.accept("op", "@"):
            axis = "attribute"
        else:
            token, following = self._tokens.peek(), self._tokens.peek(1)
            if token is not None and token.kind == "name" and following == _Token("op", "::"):
                if token.value not in _AXES:
                    raise LocatorSyntaxError(f"unsupported axis {token.value!r} in {self.source!r}")
                axis = token.value
                self._tokens.next()
                self._tokens.next()
        test = self._node_test()
        predicates = self._predicates()
        if axis == "attribute":
            if self._depth == 0:
                self._selects_attributes = True
            if predicates:
                raise LocatorSyntaxError(f"predicates on attributes are not supported: {self.source!r}")
            return lambda nodes: [
                _Attr(node, key, value)
                for node in nodes
                if isinstance(node, Node)
                for key, value in node.attrs.items()
                if test in ("*", key)
            ]

        def step(nodes: list[Node]) -> list[Node]:
            results: dict[int, Node] = {}
            for context in nodes:
                candidates = [n for n in _axis(context, axis) if _node_matches(n, test)]
                for predicate in predicates:
                    size = len(candidates)
                    candidates = [
                        n for index, n in enumerate(candidates, 1) if _predicate_true(predicate(n, index, size), index)
                    ]
                for match in candidates:
                    results.setdefault(match.order, match)
            return [results[key] for key in sorted(results)]

        return step

    def _node_test(self) -> str:
        if self._tokens.accept("op", "*"):
            return "*"
        name = self._tokens.expect("name").value
        if name in ("node", "text") and self._tokens.accept("op", "("):
            self._tokens.expect("op", ")")
            return f"{name}()"
        return name


def _document_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _unique(nodes: Iterable[Node]) -> list[Node]:
    found = {node.order: node for node in nodes}
    return [found[key] for key in sorted(found)]


def _descendant_or_self(nodes: list[Node]) -> list[Node]:
    return _unique(n for node in nodes for n in (node, *node.descendants()))


def _axis(node: Node, axis: str) -> list[Node]:
    if axis == "child":
        return list(node.children)
    if axis == "descendant":
        return list(node.descendants())
    if axis == "descendant-or-self":
        return [node, *node.descendants()]
    if axis == "self":
        return [node]
    if axis == "parent":
        return [node.parent] if node.parent is not None else []
    if axis == "ancestor":
        return list(reversed(list(node.ancestors())))
    if axis == "ancestor-or-self":
        return [*reversed(list(node.ancestors())), node]
    siblings = node.parent.children if node.parent is not None else []
    index = siblings.index(node) if node in siblings else 0
    if axis == "following-sibling":
        return siblings[index + 1 :]
    return list(reversed(siblings[:index]))  # preceding-sibling, nearest first as XPath positions count


def _node_matches(node: Node, test: str) -> bool:
    if test == "node()":
        return True
    if test == "text()":
        return False  # page sources carry their text in attributes
    return not node.is_document and test in ("*", node.tag)


def _string(value: _Value) -> str:
    if isinstance(value, list):
        if not value:
            return ""
        first = value[0]
        return first.value if isinstance(first, _Attr) else first.text_content
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _boolean(value: _Value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, str):
        return bool(value)
    return bool(value)


def _predicate_true(value: _Value, position: int) -> bool:
    if isinstance(value, float) and not isinstance(value, bool):
        return value == position
    return _boolean(value)


def _compare(left: _Value, right: _Value, negate: bool) -> bool:
    def strings(value: _Value) -> list[str]:
        if isinstance(value, list):
            return [item.value if isinstance(item, _Attr) else item.text_content for item in value]
        return [_string(value)]

    if isinstance(left, float) or isinstance(right, float):
        numbers = [_number(text) for text in strings(left)], [_number(text) for text in strings(right)]
        return any((a != b) if negate else (a == b) for a in numbers[0] for b in numbers[1])
    return any((a != b) if negate else (a == b) for a in strings(left) for b in strings(right))


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")
