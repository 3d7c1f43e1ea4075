"""The one walk every language shares: a syntax tree in, `Facts` out.

A language module describes its grammar (which node types are comments, strings, identifiers, calls,
labels, members, conditions) and the walk does the rest, once per tree, bottom-up: every value knows the
identifiers, keys and strings inside it without a second pass. Comments are recorded and never descended
into, so nothing in a comment reaches a rule; string contents become `Literal`s only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from tree_sitter import Node

from connect_cert.harness.lint.facts import (
    ROOT,
    Argument,
    Call,
    Comment,
    Context,
    Facts,
    Kind,
    Label,
    LabelKind,
    Literal,
    Member,
    Name,
    Value,
)


class Summary:
    """What a subtree holds: identifiers, keys and string contents (an accumulator, merged upwards)."""

    __slots__ = ("keys", "names", "strings")

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.keys: set[str] = set()
        self.strings: list[str] = []

    def merge(self, other: Summary) -> None:
        self.names |= other.names
        self.keys |= other.keys
        self.strings += other.strings


class ArgumentShape(NamedTuple):
    label: str | None
    nodes: Sequence[Node]
    line: int | None = None  # the label's line (0-based rows + 1), when labelled


@dataclass(slots=True)
class CallShape:
    """How a language spells one call: callee path, the line of its name, arguments, other children."""

    path: tuple[str, ...]
    line: int
    callee: Sequence[Node] = ()  # visited outside the call (receivers may hold calls of their own)
    arguments: list[ArgumentShape] = field(default_factory=list)
    rest: Sequence[Node] = ()  # trailing lambdas, bodies: visited outside the call


@dataclass(slots=True)
class LabelShape:
    name: str
    line: int
    value: Sequence[Node]
    kind: LabelKind
    receiver: tuple[str, ...] = ()
    target: Sequence[Node] = ()  # the receiver's nodes, visited as reads
    shorthand: bool = False  # `{ elements }`: the key is also the value's name


def text(node: Node) -> str:
    raw = node.text
    return raw.decode("utf-8", "replace") if raw is not None else ""


def line(node: Node) -> int:
    return node.start_point[0] + 1


class Lowering:
    """Walks one tree into `Facts`; subclasses describe their grammar."""

    COMMENTS: frozenset[str] = frozenset()
    STRINGS: frozenset[str] = frozenset()
    IDENTIFIERS: frozenset[str] = frozenset()
    OBJECTS: frozenset[str] = frozenset()
    CONDITIONALS: frozenset[str] = frozenset()
    NUMBERS: frozenset[str] = frozenset()
    TRUE: frozenset[str] = frozenset({"true"})
    FALSE: frozenset[str] = frozenset({"false"})
    BOOLEANS: frozenset[str] = frozenset()  # node types whose text is true or false
    WRAPPERS: frozenset[str] = frozenset()  # parenthesized, await, casts: a value is what they wrap
    # The node types that may be a call, a label or a member read: the walk asks only those.
    CALL_TYPES: frozenset[str] = frozenset()
    LABEL_TYPES: frozenset[str] = frozenset()
    MEMBER_TYPES: frozenset[str] = frozenset()

    def __init__(self, line_offset: int = 0) -> None:
        self.facts = Facts()
        self.offset = line_offset

    # --- what a language describes -----------------------------------------------------------------

    def call_shape(self, node: Node) -> CallShape | None:
        return None

    def label_shape(self, node: Node) -> LabelShape | None:
        return None

    def member_path(self, node: Node) -> tuple[str, ...] | None:
        """The path of a member read (`a.b.c`, `a["b"]`), or None when `node` is not one."""
        return None

    def path_of(self, node: Node) -> tuple[str, ...]:
        """The dotted path of a name, member or callee expression (calls in a chain keep their name)."""
        if node.type in self.IDENTIFIERS:
            return (text(node),)
        if node.type in self.MEMBER_TYPES:
            member = self.member_path(node)
            if member is not None:
                return member
        if node.type in self.CALL_TYPES:
            shape = self.call_shape(node)
            if shape is not None:
                return shape.path
        if node.type in self.WRAPPERS:
            unwrapped = self.unwrap(node)
            if unwrapped is not node:
                return self.path_of(unwrapped)
        return ()

    def string_content(self, node: Node) -> str:
        return text(node)[1:-1]

    def assignment_shape(
        self,
        node: Node,
        target: Node | None,
        value: Sequence[Node],
        receiver: Node | None = None,
        operator: Node | None = None,
    ) -> LabelShape | None:
        """`a.b.c = value` as the label `c` of receiver `a.b` (plain `=` only, not `+=`)."""
        if target is None or (operator is not None and text(operator) != "="):
            return None
        path = self.path_of(target)
        if not path:
            return None
        receivers = [receiver] if receiver is not None else []
        return LabelShape(path[-1], line(node), value, LabelKind.ASSIGNMENT, path[:-1], receivers)

    def visit_children(self, node: Node, context: Context, into: Summary) -> None:
        self.visit_sequence(node.named_children, context, into)  # punctuation and keywords say nothing

    def visit_sequence(self, nodes: Sequence[Node], context: Context, into: Summary) -> None:
        """Sibling nodes, in order (a language whose grammar spells one expression as siblings groups them)."""
        for node in nodes:
            self.visit(node, context, into)

    # --- the walk --------------------------------------------------------------------------------

    def lower(self, root: Node) -> Facts:
        self.visit(root, ROOT, Summary())
        return self.facts

    def visit(self, node: Node, context: Context, into: Summary) -> None:
        kind = node.type
        if kind in self.COMMENTS:
            self.facts.comments.append(
                Comment(text(node), line(node) + self.offset, node.end_point[0] + 1 + self.offset)
            )
            return
        if kind in self.STRINGS:
            content = self.string_content(node)
            self.facts.literals.append(Literal(content, line(node) + self.offset, context))
            into.strings.append(content)
            self.visit_children(node, context, into)  # interpolations are code
            return
        if kind in self.IDENTIFIERS:
            name = text(node)
            self.facts.names.append(Name(name, line(node) + self.offset))
            into.names.add(name)
            return
        if kind in self.OBJECTS:
            self.visit_object(node, context, into)
            return
        if kind in self.CALL_TYPES:
            shape = self.call_shape(node)
            if shape is not None:
                self.visit_call(shape, context, into)
                return
        if kind in self.LABEL_TYPES:
            label = self.label_shape(node)
            if label is not None:
                self.visit_label(label, context, into)
                return
        if kind in self.CONDITIONALS:
            context = context.under_condition()
        if kind in self.MEMBER_TYPES:
            member = self.member_path(node)
            if member is not None:
                self.facts.members.append(Member(member, line(node) + self.offset, context))
        self.visit_children(node, context, into)

    def visit_all(self, nodes: Iterable[Node], context: Context, into: Summary) -> None:
        for node in nodes:
            self.visit(node, context, into)

    def visit_call(self, shape: CallShape, context: Context, into: Summary) -> None:
        for node in shape.callee:  # the callee path is not a member read; what it is made of may be
            if node.type not in self.CALL_TYPES and node.type in self.MEMBER_TYPES:
                self.visit_children(node, context, into)
            else:
                self.visit(node, context, into)
        name = shape.path[-1] if shape.path else ""
        inside = context.in_call(".".join(shape.path))
        inner = Summary()
        arguments: list[Argument] = []
        for label, nodes, label_line in shape.arguments:
            value = self.value(nodes, inside.in_label(label) if label else inside, inner)
            arguments.append(Argument(label, value))
            if label:
                where = (label_line if label_line is not None else shape.line) + self.offset
                self.facts.labels.append(Label(label, value, where, LabelKind.ARGUMENT, (), inside))
                inner.keys.add(label)
        if len(arguments) == 1 and arguments[0].label is None and "Builder" in shape.path[:-1]:
            self.facts.labels.append(
                Label(name, arguments[0].value, shape.line + self.offset, LabelKind.SETTER, shape.path[:-1], context)
            )
        self.visit_all(shape.rest, context, into)
        self.facts.calls.append(
            Call(
                name,
                shape.path,
                shape.line + self.offset,
                tuple(arguments),
                self.summarise(Kind.OTHER, "", inner),
                context,
            )
        )
        into.merge(inner)

    def visit_label(self, shape: LabelShape, context: Context, into: Summary) -> Label:
        self.visit_all(shape.target, context, into)
        if shape.shorthand:
            into.names.add(shape.name)
            value = Value(Kind.NAME, shape.name, frozenset({shape.name}))
        else:
            value = self.value(shape.value, context.in_label(shape.name), into)
        label = Label(shape.name, value, shape.line + self.offset, shape.kind, shape.receiver, context)
        self.facts.labels.append(label)
        into.keys.add(shape.name)
        return label

    def visit_object(self, node: Node, context: Context, into: Summary) -> list[tuple[str, Value]]:
        entries: list[tuple[str, Value]] = []
        for child in node.children:
            shape = self.label_shape(child) if child.type not in self.COMMENTS else None
            if shape is not None:
                label = self.visit_label(shape, context, into)
                entries.append((label.name, label.value))
            else:
                self.visit(child, context, into)
        return entries

    def value(self, nodes: Sequence[Node], context: Context, into: Summary) -> Value:
        """Visit a value's nodes and describe it."""
        inner = Summary()
        meaningful = [n for n in nodes if n.type not in self.COMMENTS]
        single = self.unwrap(meaningful[0]) if len(meaningful) == 1 else None
        entries: list[tuple[str, Value]] = []
        for node in nodes:
            if single is not None and single.type in self.OBJECTS and node is meaningful[0]:
                entries = self.visit_object(single, context, inner)
        if single is None or single.type not in self.OBJECTS:
            self.visit_sequence(nodes, context, inner)
        into.merge(inner)
        if single is None:
            return self.classify_sequence(meaningful, inner)
        kind, description = self.classify(single)
        return self.summarise(kind, description, inner, tuple(entries))

    def unwrap(self, node: Node) -> Node:
        while node.type in self.WRAPPERS:
            named = [c for c in node.named_children if c.type not in self.COMMENTS]
            if not named:
                break
            node = named[-1]
        return node

    def classify(self, node: Node) -> tuple[Kind, str]:
        kind = node.type
        if kind in self.STRINGS:
            return Kind.STRING, self.string_content(node)
        if kind in self.TRUE or ((kind in self.IDENTIFIERS or kind in self.BOOLEANS) and text(node) == "true"):
            return Kind.TRUE, "true"
        if kind in self.FALSE or ((kind in self.IDENTIFIERS or kind in self.BOOLEANS) and text(node) == "false"):
            return Kind.FALSE, "false"
        if kind in self.NUMBERS:
            return Kind.NUMBER, text(node)
        if kind in self.OBJECTS:
            return Kind.OBJECT, ""
        if kind in self.CONDITIONALS:
            return Kind.CONDITIONAL, ""
        shape = self.call_shape(node) if kind in self.CALL_TYPES else None
        if shape is not None:
            return Kind.CALL, ".".join(shape.path)
        path = self.path_of(node)
        if path:
            return Kind.NAME, ".".join(path)
        return Kind.OTHER, ""

    def classify_sequence(self, nodes: Sequence[Node], inner: Summary) -> Value:
        """A value spelled as several sibling nodes (Dart's selector chains); by default: other."""
        return self.summarise(Kind.OTHER, "", inner)

    @staticmethod
    def summarise(kind: Kind, description: str, inner: Summary, entries: tuple[tuple[str, Value], ...] = ()) -> Value:
        return Value(kind, description, frozenset(inner.names), frozenset(inner.keys), tuple(inner.strings), entries)
