"""Kotlin and the Gradle Kotlin DSL (tree-sitter-kotlin): named arguments, builders, `x.y = …`, `a[b]`."""

from __future__ import annotations

from tree_sitter import Node

from connect_cert.harness.lint.lang.base import ArgumentShape, CallShape, LabelShape, Lowering, line, text


class KotlinLowering(Lowering):
    COMMENTS = frozenset({"line_comment", "block_comment"})
    STRINGS = frozenset({"string_literal", "multiline_string_literal"})
    IDENTIFIERS = frozenset({"identifier"})
    CONDITIONALS = frozenset({"if_expression", "when_expression"})
    NUMBERS = frozenset({"number_literal", "float_literal"})
    WRAPPERS = frozenset({"parenthesized_expression", "postfix_expression"})
    CALL_TYPES = frozenset({"call_expression"})
    LABEL_TYPES = frozenset({"assignment"})
    MEMBER_TYPES = frozenset({"navigation_expression", "index_expression"})

    def _named(self, node: Node) -> list[Node]:
        return [c for c in node.named_children if c.type not in self.COMMENTS]

    def string_content(self, node: Node) -> str:
        return "".join(text(c) for c in node.children if c.type in ("string_content", "escape_sequence"))

    def call_shape(self, node: Node) -> CallShape | None:
        parts = self._named(node)
        if not parts:
            return None
        callee, rest = parts[0], parts[1:]
        arguments = next((p for p in rest if p.type == "value_arguments"), None)
        if arguments is None and callee.type == "call_expression":
            return None  # `f(x) { … }`: the inner node is the call, the lambda a body
        path = self.path_of(callee)
        if not path:
            return None
        name_node = self._named(callee)[-1] if callee.type == "navigation_expression" else callee
        shape = CallShape(path, line(name_node), callee=[callee], rest=[p for p in rest if p is not arguments])
        for argument in self._named(arguments) if arguments is not None else ():
            if argument.type != "value_argument":
                continue
            named = [c for c in argument.children if c.type not in self.COMMENTS]
            if len(named) >= 3 and named[0].type == "identifier" and named[1].type == "=":
                shape.arguments.append(ArgumentShape(text(named[0]), named[2:], line(named[0])))
            else:
                shape.arguments.append(ArgumentShape(None, [c for c in named if c.type != "*"]))
        return shape

    def member_path(self, node: Node) -> tuple[str, ...] | None:
        parts = self._named(node)
        if node.type == "navigation_expression" and len(parts) >= 2 and parts[-1].type == "identifier":
            return (*self.path_of(parts[0]), text(parts[-1]))
        if node.type == "index_expression" and parts:
            if len(parts) == 2 and parts[1].type in self.STRINGS:
                return (*self.path_of(parts[0]), self.string_content(parts[1]))
            return self.path_of(parts[0]) or None  # `debts[0]`: the element of `debts`
        return None

    def label_shape(self, node: Node) -> LabelShape | None:
        left = node.child_by_field_name("left")
        receiver = self._named(left)[0] if left is not None and left.type == "navigation_expression" else None
        return self.assignment_shape(
            node, left, node.children_by_field_name("right"), receiver, node.child_by_field_name("operator")
        )
