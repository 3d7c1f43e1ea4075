"""JavaScript, TypeScript and TSX (React Native and the web): calls, object keys, JSX elements."""

from __future__ import annotations

from tree_sitter import Node

from connect_cert.harness.lint.facts import LabelKind
from connect_cert.harness.lint.lang.base import ArgumentShape, CallShape, LabelShape, Lowering, line, text


class JavaScriptLowering(Lowering):
    COMMENTS = frozenset({"comment", "html_comment"})
    STRINGS = frozenset({"string", "template_string"})
    IDENTIFIERS = frozenset(
        {"identifier", "property_identifier", "type_identifier", "shorthand_property_identifier_pattern"}
    )
    OBJECTS = frozenset({"object"})
    CONDITIONALS = frozenset({"ternary_expression", "if_statement", "switch_statement"})
    NUMBERS = frozenset({"number"})
    WRAPPERS = frozenset(
        {
            "parenthesized_expression",
            "await_expression",
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
            "jsx_expression",
            "type_assertion",
        }
    )
    CALL_TYPES = frozenset({"call_expression", "new_expression", "jsx_opening_element", "jsx_self_closing_element"})
    LABEL_TYPES = frozenset({"pair", "shorthand_property_identifier", "assignment_expression"})
    MEMBER_TYPES = frozenset({"member_expression", "subscript_expression", "nested_identifier"})

    def string_content(self, node: Node) -> str:
        if node.type == "template_string":
            return "".join(text(c) for c in node.children if c.type in ("string_fragment", "escape_sequence"))
        return text(node)[1:-1]

    def call_shape(self, node: Node) -> CallShape | None:
        if node.type in ("jsx_opening_element", "jsx_self_closing_element"):
            name = node.child_by_field_name("name")
            path = self.path_of(name) if name is not None else ()
            if not path or name is None:
                return None
            shape = CallShape(path, line(name))
            for attribute in node.children_by_field_name("attribute"):
                if attribute.type != "jsx_attribute" or not attribute.named_children:
                    continue
                key, *value = [c for c in attribute.named_children if c.type not in self.COMMENTS]
                shape.arguments.append(ArgumentShape(text(key), value, line(key)))
            return shape
        callee = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        if callee is None:
            return None
        path = self.path_of(callee)
        if not path:
            return None
        name = callee.child_by_field_name("property") if callee.type == "member_expression" else callee
        shape = CallShape(path, line(name or callee), callee=[callee])
        arguments = node.child_by_field_name("arguments")
        if arguments is not None and arguments.type == "arguments":
            shape.arguments = [
                ArgumentShape(None, [c]) for c in arguments.named_children if c.type not in self.COMMENTS
            ]
        elif arguments is not None:
            shape.rest = [arguments]  # a tagged template
        return shape

    def member_path(self, node: Node) -> tuple[str, ...] | None:
        receiver = node.child_by_field_name("object")
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if receiver is None or prop is None:
                return None
            return (*self.path_of(receiver), text(prop))
        if node.type == "subscript_expression":
            index = node.child_by_field_name("index")
            if receiver is None or index is None:
                return None
            if index.type != "string":  # `debts[0]`: the element of `debts`
                return self.path_of(receiver) or None
            return (*self.path_of(receiver), self.string_content(index))
        if node.type == "nested_identifier":  # JSX `<Stripe.Provider>`
            return tuple(text(c) for c in node.named_children)
        return None

    def label_shape(self, node: Node) -> LabelShape | None:
        if node.type == "shorthand_property_identifier":
            return LabelShape(text(node), line(node), [], LabelKind.KEY, shorthand=True)
        if node.type == "pair":
            key = node.child_by_field_name("key")
            if key is None:
                return None
            name = self.string_content(key) if key.type == "string" else text(key)
            return LabelShape(name, line(key), node.children_by_field_name("value"), LabelKind.KEY)
        left = node.child_by_field_name("left")
        receiver = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
        return self.assignment_shape(node, left, node.children_by_field_name("right"), receiver)
