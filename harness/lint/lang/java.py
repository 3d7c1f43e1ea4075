"""Java and Groovy Gradle scripts (tree-sitter-java, tree-sitter-groovy: the latter grew out of the former).

Java has no named arguments: PaymentSheet is configured through builders (`.customer(…)`), which the walk
records as setter labels. Groovy adds command calls (`implementation 'g:a:v'`) and map arguments
(`group: 'com.stripe', name: '…'`), recorded as labelled arguments.
"""

from __future__ import annotations

from tree_sitter import Node

from connect_cert.harness.lint.lang.base import ArgumentShape, CallShape, LabelShape, Lowering, line, text


class JavaLowering(Lowering):
    COMMENTS = frozenset({"line_comment", "block_comment"})
    STRINGS = frozenset({"string_literal", "text_block"})
    IDENTIFIERS = frozenset({"identifier", "type_identifier"})
    CONDITIONALS = frozenset({"ternary_expression", "if_statement", "switch_expression"})
    NUMBERS = frozenset(
        {
            "decimal_integer_literal",
            "hex_integer_literal",
            "octal_integer_literal",
            "binary_integer_literal",
            "decimal_floating_point_literal",
            "hex_floating_point_literal",
        }
    )
    WRAPPERS = frozenset({"parenthesized_expression", "cast_expression"})
    CALL_TYPES = frozenset({"method_invocation", "object_creation_expression"})
    LABEL_TYPES = frozenset({"assignment_expression"})
    MEMBER_TYPES = frozenset({"field_access", "scoped_type_identifier", "scoped_identifier", "generic_type"})

    def string_content(self, node: Node) -> str:
        parts = [
            text(c)
            for c in node.children
            if c.type in ("string_fragment", "multiline_string_fragment", "escape_sequence")
        ]
        return "".join(parts)

    def _arguments(self, node: Node | None) -> list[ArgumentShape]:
        if node is None:
            return []
        return [ArgumentShape(None, [child]) for child in node.named_children if child.type not in self.COMMENTS]

    def call_shape(self, node: Node) -> CallShape | None:
        if node.type == "object_creation_expression":
            kind = node.child_by_field_name("type")
            path = self.path_of(kind) if kind is not None else ()
            if not path:
                return None
            body = [c for c in node.named_children if c.type == "class_body"]
            shape = CallShape(path, line(kind or node), rest=body)
            shape.arguments = self._arguments(node.child_by_field_name("arguments"))
            return shape
        name = node.child_by_field_name("name")
        if name is None:
            return None
        receiver = node.child_by_field_name("object")
        path = (*(self.path_of(receiver) if receiver is not None else ()), text(name))
        shape = CallShape(path, line(name), callee=[receiver] if receiver is not None else [])
        shape.arguments = self._arguments(node.child_by_field_name("arguments"))
        return shape

    def member_path(self, node: Node) -> tuple[str, ...] | None:
        if node.type == "generic_type":
            inner = next((c for c in node.named_children if c.type != "type_arguments"), None)
            return self.path_of(inner) if inner is not None else None
        if node.type in ("scoped_type_identifier", "scoped_identifier"):
            named = [c for c in node.named_children if c.type not in self.COMMENTS]
            return (*self.path_of(named[0]), text(named[-1])) if len(named) >= 2 else None
        receiver = node.child_by_field_name("object")
        field = node.child_by_field_name("field")
        if receiver is None or field is None:
            return None
        return (*self.path_of(receiver), text(field))

    def label_shape(self, node: Node) -> LabelShape | None:
        left = node.child_by_field_name("left")
        receiver = left.child_by_field_name("object") if left is not None else None
        return self.assignment_shape(
            node, left, node.children_by_field_name("right"), receiver, node.child_by_field_name("operator")
        )


class GroovyLowering(JavaLowering):
    STRINGS = frozenset({"string_literal", "character_literal"})  # single-quoted Groovy strings parse as characters
    CALL_TYPES = frozenset({"method_invocation", "object_creation_expression", "juxt_function_call"})

    def string_content(self, node: Node) -> str:
        if node.type == "character_literal":
            return text(node)[1:-1]
        return super().string_content(node)

    def call_shape(self, node: Node) -> CallShape | None:
        if node.type == "object_creation_expression":
            return super().call_shape(node)
        name = node.child_by_field_name("name")
        if name is None:
            return None
        receiver = node.child_by_field_name("object")
        path = (*(self.path_of(receiver) if receiver is not None else ()), *self.path_of(name))
        if not path:
            return None
        arguments = node.child_by_field_name("arguments") or node.child_by_field_name("args")
        shape = CallShape(
            path,
            line(name),
            callee=[receiver] if receiver is not None else [],
            rest=node.children_by_field_name("body"),
        )
        for child in arguments.named_children if arguments is not None else ():
            if child.type in self.COMMENTS:
                continue
            if child.type == "map_item":
                key = child.child_by_field_name("key")
                label = (
                    self.string_content(key)
                    if key is not None and key.type in self.STRINGS
                    else text(key)
                    if key
                    else None
                )
                shape.arguments.append(ArgumentShape(label, child.children_by_field_name("value"), line(child)))
            else:
                shape.arguments.append(ArgumentShape(None, [child]))
        return shape
