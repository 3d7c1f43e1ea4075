"""The contract's operations as data, for tests that call every operation by hand (auth, tenancy).

Read straight from `contracts/connect-api.yaml`: method, path, parameters, request body and the links that
lead to each operation. `minimal(schema)` builds the smallest value a schema accepts (required properties
only), so a request is valid without a hand-written table per operation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from connect_cert.harness.contract.paths import CONTRACT

HTTP_METHODS = ("get", "put", "post", "patch", "delete")
USER_PARAMETER = "user_id"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEMPLATE = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Link:
    """A link of the contract that leads to an operation: where from, and the values it carries."""

    source: str  # operationId of the operation whose response carries the link
    name: str
    parameters: Mapping[str, Any]  # "path.user_id" -> value or runtime expression
    request_body: Any = None


@dataclass(frozen=True)
class Operation:
    """One operation of the contract."""

    operation_id: str
    method: str  # upper case
    path: str  # the contract's path, e.g. /api/v1/users/{user_id}/
    parameters: tuple[Mapping[str, Any], ...]
    body_schema: Mapping[str, Any] | None
    body_required: bool
    links_in: tuple[Link, ...] = field(default=())

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return tuple(_TEMPLATE.findall(self.path))

    @property
    def is_user_scoped(self) -> bool:
        """Under `/users/{user_id}/`: the user belongs to one partner, and only that partner sees it."""
        return USER_PARAMETER in self.path_parameters

    @property
    def is_destructive(self) -> bool:
        return self.method == "DELETE"

    def required_query(self) -> dict[str, Any]:
        """The smallest valid value of every required query parameter."""
        return {
            p["name"]: minimal(p.get("schema", {}))
            for p in self.parameters
            if p.get("in") == "query" and p.get("required")
        }

    def url_path(self, values: Mapping[str, str]) -> str:
        """The path with its parameters filled from `values` (a missing one raises KeyError)."""
        return _TEMPLATE.sub(lambda m: str(values[m.group(1)]), self.path)

    def __str__(self) -> str:
        return self.operation_id


@cache
def _document(path: Path = CONTRACT) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.load(handle, Loader=_LOADER)
        return document


def resolve(node: Any, document: Mapping[str, Any] | None = None) -> Any:
    """`node` with a local `$ref` followed (once, at the top)."""
    document = document if document is not None else _document()
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations(path: Path = CONTRACT) -> list[Operation]:
    """Every operation of the contract, in contract order, with the links that lead to it."""
    document = _document(path)
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    for url, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                found.append((item[method]["operationId"], method.upper(), url, {**item[method], "_shared": shared}))
    incoming: dict[str, list[Link]] = {}
    for operation_id, _method, _url, spec in found:
        for response in spec.get("responses", {}).values():
            for name, link in resolve(response, document).get("links", {}).items():
                incoming.setdefault(link["operationId"], []).append(
                    Link(operation_id, name, link.get("parameters", {}), link.get("requestBody"))
                )
    result = []
    for operation_id, method, url, spec in found:
        parameters = tuple(resolve(p, document) for p in (*spec["_shared"], *spec.get("parameters", [])))
        body = resolve(spec.get("requestBody"), document) if spec.get("requestBody") else None
        schema = body["content"]["application/json"]["schema"] if body else None
        result.append(
            Operation(
                operation_id=operation_id,
                method=method,
                path=url,
                parameters=parameters,
                body_schema=schema,
                body_required=bool(body and body.get("required")),
                links_in=tuple(incoming.get(operation_id, ())),
            )
        )
    return result


def user_scoped_operations(path: Path = CONTRACT) -> list[Operation]:
    return [op for op in operations(path) if op.is_user_scoped]


def minimal(schema: Mapping[str, Any] | None, document: Mapping[str, Any] | None = None) -> Any:
    """The smallest value `schema` accepts: required properties only, the first enum value, lower bounds."""
    schema = resolve(schema or {}, document)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            part = resolve(part, document)
            merged.setdefault("properties", {}).update(part.get("properties", {}))
            merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            merged.setdefault("type", part.get("type"))
        return minimal({**merged, **{k: v for k, v in schema.items() if k != "allOf"}}, document)
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: minimal(properties.get(name, {}), document)
            for name in schema.get("required", [])
            if not resolve(properties.get(name, {}), document).get("readOnly")  # the server fills those
        }
    if kind == "array":
        return [minimal(schema.get("items", {}), document) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    if schema.get("format") == "email":
        return "cert@example.com"
    return "x" * max(1, int(schema.get("minLength", 1)))


def evaluate(expression: Any, *, request_path: Mapping[str, str], responses: Mapping[str, Any], source: str) -> Any:
    """A link's runtime expression (`$request.path.x`, `$response.body#/a/0/b`) or constant; None if unresolvable."""
    if not isinstance(expression, str) or not expression.startswith("$"):
        return expression
    if expression.startswith("$request.path."):
        return request_path.get(expression.removeprefix("$request.path."))
    if expression.startswith("$response.body#"):
        node: Any = responses.get(source)
        for part in expression.split("#", 1)[1].strip("/").split("/"):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                return None
        return node
    return None


def linked_body(operation: Operation, *, request_path: Mapping[str, str], responses: Mapping[str, Any]) -> Any:
    """The request body a contract link gives this operation (expressions resolved), else a minimal valid one."""
    for link in operation.links_in:
        if isinstance(link.request_body, Mapping):
            body = {
                key: evaluate(value, request_path=request_path, responses=responses, source=link.source)
                for key, value in link.request_body.items()
            }
            if all(value is not None for value in body.values()):
                return body
    return minimal(operation.body_schema) if operation.body_schema is not None else None
