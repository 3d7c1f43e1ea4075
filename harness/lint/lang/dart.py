"""Dart / Flutter (tree-sitter-dart).

Dart's grammar spells a member chain as siblings, not as nested nodes: `Stripe.instance.initPaymentSheet(…)`
is `identifier selector(.instance) selector(.initPaymentSheet) selector(arguments)` inside its parent, with
comments allowed between the links. The walk groups such a run of siblings into one chain: a selector with
arguments is a call on the path read so far.
"""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from connect_cert.harness.lint.facts import Context, Kind, LabelKind, Member, Value
from connect_cert.harness.lint.lang.base import ArgumentShape, CallShape, LabelShape, Lowering, Summary, line, text

_NAME_SELECTORS = ("unconditional_assignable_selector", "conditional_assignable_selector")


class DartLowering(Lowering):
    COMMENTS = frozenset({"comment", "documentation_comment"})
    STRINGS = frozenset({"string_literal"})
    IDENTIFIERS = frozenset({"identifier", "type_identifier", "identifier_dollar_escaped"})
    CONDITIONALS = frozenset(
        {"conditional_expression", "if_statement", "if_element", "switch_expression", "switch_statement"}
    )
    NUMBERS = frozenset({"decimal_integer_literal", "decimal_floating_point_literal", "hex_integer_literal"})
    WRAPPERS = frozenset({"parenthesized_expression"})
    CALL_TYPES = frozenset({"const_object_expression", "new_expression"})
    LABEL_TYPES = frozenset({"assignment_expression", "cascade_section"})

    def string_content(self, node: Node) -> str:
        raw = text(node).lstrip("rR")
        quote = 3 if raw[:3] in ("'''", '"""') else 1
        return raw[quote:-quote] if len(raw) >= 2 * quote else ""

    # --- chains of siblings ----------------------------------------------------------------------

    def visit_sequence(self, nodes: Sequence[Node], context: Context, into: Summary) -> None:
        children = nodes
        i, count = 0, len(children)
        while i < count:
            child = children[i]
            end = i + 1
            while end < count and (children[end].type == "selector" or children[end].type in self.COMMENTS):
                end += 1
            while end > i + 1 and children[end - 1].type in self.COMMENTS:
                end -= 1
            if end > i + 1 and child.is_named and child.type not in self.COMMENTS:
                self.visit_chain(children[i:end], context, into)
                i = end
            else:
                self.visit(child, context, into)
                i += 1

    def _link(self, selector: Node) -> tuple[str, Node | None, Node | None]:
        """One link: ("name", identifier) / ("key", string) / ("call", arguments) / ("other", None)."""
        if selector.type != "selector":
            inner: Node | None = selector  # an assignable expression holds its selectors bare
        else:
            inner = selector.named_children[0] if selector.named_children else None
        if inner is None:
            return "other", None, None
        if inner.type in _NAME_SELECTORS:
            for part in inner.named_children:
                if part.type == "identifier":
                    return "name", part, None
                if part.type == "index_selector":
                    key = next((k for k in part.named_children if k.type in self.STRINGS), None)
                    return ("key", key, None) if key is not None else ("other", None, None)
            return "other", None, None
        if inner.type == "argument_part":
            arguments = next((c for c in inner.named_children if c.type == "arguments"), None)
            return "call", None, arguments
        return "other", None, None

    def chain_path(self, nodes: Sequence[Node]) -> tuple[tuple[str, ...], bool]:
        """The path a chain reads, and whether it ends in a call."""
        path = list(self.path_of(nodes[0]))
        called = False
        for node in nodes[1:]:
            if node.type in self.COMMENTS:
                continue
            kind, part, _ = self._link(node)
            if kind == "name" and part is not None:
                path.append(text(part))
                called = False
            elif kind == "key" and part is not None:
                path.append(self.string_content(part))
                called = False
            elif kind == "call":
                called = True
        return tuple(path), called

    def visit_chain(self, nodes: Sequence[Node], context: Context, into: Summary) -> None:
        head = nodes[0]
        self.visit(head, context, into)
        path = list(self.path_of(head))
        name_line = line(head)
        read = False
        for node in nodes[1:]:
            if node.type in self.COMMENTS:
                self.visit(node, context, into)
                continue
            kind, part, arguments = self._link(node)
            if kind in ("name", "key") and part is not None:
                if kind == "name":
                    self.visit(part, context, into)
                    path.append(text(part))
                    name_line = line(part)
                else:
                    self.visit(part, context, into)
                    path.append(self.string_content(part))
                read = True
            elif kind == "call":
                shape = CallShape(tuple(path) or ("",), name_line, arguments=self._arguments(arguments))
                self.visit_call(shape, context, into)
                read = False
            else:
                self.visit(node, context, into)
        if read:
            self.facts.members.append(Member(tuple(path), name_line + self.offset, context))

    def _arguments(self, arguments: Node | None) -> list[ArgumentShape]:
        found: list[ArgumentShape] = []
        for child in arguments.named_children if arguments is not None else ():
            if child.type == "named_argument":
                label = next((c for c in child.named_children if c.type == "label"), None)
                name = next((text(c) for c in label.named_children if c.type == "identifier"), None) if label else None
                rest = [c for c in child.children if c is not label and c.type != ","]
                found.append(ArgumentShape(name, rest, line(label) if label is not None else None))
            elif child.type == "argument":
                found.append(ArgumentShape(None, child.children))
            elif child.type not in self.COMMENTS:
                found.append(ArgumentShape(None, [child]))
        return found

    # --- single nodes ------------------------------------------------------------------------------

    def path_of(self, node: Node) -> tuple[str, ...]:
        if node.type in ("this", "super"):
            return (node.type,)
        if node.type == "cascade_selector":
            return tuple(text(c) for c in node.named_children if c.type == "identifier")
        if node.type == "assignable_expression":
            return self.chain_path(node.named_children)[0] if node.named_children else ()
        return super().path_of(node)

    def call_shape(self, node: Node) -> CallShape | None:
        named = [c for c in node.named_children if c.type not in self.COMMENTS]
        names = [c for c in named if c.type in ("type_identifier", "identifier")]
        arguments = next((c for c in named if c.type == "arguments"), None)
        if not names:
            return None
        return CallShape(tuple(text(n) for n in names), line(names[0]), arguments=self._arguments(arguments))

    def label_shape(self, node: Node) -> LabelShape | None:
        children = [c for c in node.children if c.type not in self.COMMENTS]
        if node.type == "cascade_section":
            if len(children) < 3 or children[0].type != ".." or children[2].type != "=":
                return None
            path = self.path_of(children[1])
            return LabelShape(path[-1], line(children[1]), children[3:], LabelKind.ASSIGNMENT) if path else None
        return self.assignment_shape(
            node,
            node.child_by_field_name("left"),
            node.children_by_field_name("right"),
            operator=node.child_by_field_name("operator"),
        )

    def classify_sequence(self, nodes: Sequence[Node], inner: Summary) -> Value:
        if nodes and any(n.type == "selector" for n in nodes[1:]):
            path, called = self.chain_path(nodes)
            if path:
                return self.summarise(Kind.CALL if called else Kind.NAME, ".".join(path), inner)
        return self.summarise(Kind.OTHER, "", inner)
