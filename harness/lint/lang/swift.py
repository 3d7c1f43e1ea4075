"""Swift (tree-sitter-swift): calls with labelled arguments, `configuration.x = …`, `.init(…)`, subscripts."""

from __future__ import annotations

from tree_sitter import Node

from connect_cert.harness.lint.lang.base import ArgumentShape, CallShape, LabelShape, Lowering, line, text


def _suffix_parts(node: Node) -> tuple[Node | None, list[Node]]:
    """A call_suffix: its value_arguments (if any) and its trailing closures."""
    arguments = None
    closures: list[Node] = []
    for child in node.named_children:
        if child.type == "value_arguments":
            arguments = child
        else:
            closures.append(child)
    return arguments, closures


def _is_subscript(arguments: Node | None) -> bool:
    return arguments is not None and arguments.child_count > 0 and arguments.children[0].type == "["


class SwiftLowering(Lowering):
    COMMENTS = frozenset({"comment", "multiline_comment"})
    STRINGS = frozenset({"line_string_literal", "multi_line_string_literal", "raw_string_literal"})
    IDENTIFIERS = frozenset({"simple_identifier", "type_identifier", "self_expression"})
    CONDITIONALS = frozenset({"ternary_expression", "if_statement", "switch_statement", "guard_statement"})
    NUMBERS = frozenset({"integer_literal", "real_literal", "hex_literal", "oct_literal", "bin_literal"})
    BOOLEANS = frozenset({"boolean_literal"})
    WRAPPERS = frozenset({"tuple_expression", "await_expression", "try_expression", "postfix_expression"})
    CALL_TYPES = frozenset({"call_expression"})
    LABEL_TYPES = frozenset({"assignment"})
    MEMBER_TYPES = frozenset({"navigation_expression", "prefix_expression", "call_expression"})

    def string_content(self, node: Node) -> str:
        if node.type == "raw_string_literal":
            raw = text(node).strip("#")
            return raw[3:-3] if raw.startswith('"""') else raw[1:-1]
        return "".join(text(c) for c in node.children if c.type.endswith(("str_text", "escaped_char")))

    def call_shape(self, node: Node) -> CallShape | None:
        if node.type != "call_expression" or node.child_count < 2:
            return None
        callee, suffix = node.children[0], node.children[-1]
        if suffix.type != "call_suffix":
            return None
        arguments, closures = _suffix_parts(suffix)
        if _is_subscript(arguments):
            return None
        if arguments is None and callee.type == "call_expression":
            return None  # `f(x) { … }` parses as a call of a call: the inner one is the call
        path = self.path_of(callee)
        if not path:
            return None
        shape = CallShape(path, line(self._name_node(callee)), callee=[callee], rest=closures)
        for argument in arguments.named_children if arguments is not None else ():
            if argument.type != "value_argument":
                continue
            label = argument.child_by_field_name("name")
            values = argument.children_by_field_name("value")
            if label is None:
                shape.arguments.append(ArgumentShape(None, values))
            else:
                shape.arguments.append(ArgumentShape(text(label).strip(), values, line(label)))
        return shape

    @staticmethod
    def _name_node(callee: Node) -> Node:
        if callee.type == "navigation_expression":
            suffix = callee.child_by_field_name("suffix")
            name = suffix.child_by_field_name("suffix") if suffix is not None else None
            return name or callee
        return callee

    def member_path(self, node: Node) -> tuple[str, ...] | None:
        if node.type == "navigation_expression":
            target = node.child_by_field_name("target")
            suffix = node.child_by_field_name("suffix")
            name = suffix.child_by_field_name("suffix") if suffix is not None else None
            if name is None:
                return None
            return (*(self.path_of(target) if target is not None else ()), text(name))
        if node.type == "prefix_expression" and node.child_count == 2 and node.children[0].type == ".":
            return (text(node.children[1]),)  # `.payment`, `.init`: an implicit member
        if node.type == "call_expression" and node.child_count == 2 and node.children[1].type == "call_suffix":
            arguments, _ = _suffix_parts(node.children[1])
            if _is_subscript(arguments) and arguments is not None:
                keys = [
                    self.string_content(v)
                    for v in arguments.named_children
                    if v.type == "value_argument"
                    for v in v.named_children
                    if v.type in self.STRINGS
                ]
                if keys:
                    return (*self.path_of(node.children[0]), keys[0])
                return self.path_of(node.children[0]) or None  # `debts[0]`: the element of `debts`
        return None

    def label_shape(self, node: Node) -> LabelShape | None:
        if node.type != "assignment":
            return None
        target = node.child_by_field_name("target")
        expression = target.named_children[0] if target is not None and target.named_children else target
        receiver = expression.child_by_field_name("target") if expression is not None else None
        if expression is not None and expression.type != "navigation_expression":
            receiver = None
        return self.assignment_shape(
            node, expression, node.children_by_field_name("result"), receiver, node.child_by_field_name("operator")
        )
