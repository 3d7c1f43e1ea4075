"""`connect-cert contract diff OTHER_SPEC`: what changed between our contract and another OpenAPI 3 document.

Direction. OURS (`contracts/connect-api.yaml` unless told otherwise) is the reference: the contract a
partner's client is built against. OTHER is the document compared with it (a newly published spec, a
docs-derived one, a target's own). A difference is **breaking** when a client that is correct against
OURS could fail against an API that behaves as OTHER says:

- it calls something OTHER no longer has;
- it sends something OTHER refuses (requests: OTHER may not accept less than OURS);
- it reads something OTHER no longer promises (responses: OTHER may not promise less than OURS).

Rules (kind: breaking in a request / in a response). Parameters are request fields.

    operation_removed                  yes          an operation of OURS is missing (method + path)
    operation_added                    no
    operation_id_changed               no           same method and path, another operationId
    status_code_removed                yes          a documented outcome the client handles is gone
    status_code_added                  no           clients treat an unknown code as its class (RFC 9110)
    media_type_removed                 yes / yes
    media_type_added                   no  / no
    required_request_body_added        yes
    request_body_added                 no           an optional body
    request_body_removed               yes          the client's body would be ignored
    request_body_became_required       yes
    request_body_became_optional       no
    type_changed                       yes / yes
    required_field_added               yes / no     new field (or parameter), required in OTHER
    field_became_required              yes / no
    field_added                        no  / no     new optional field
    required_field_removed             yes / yes    a field required in OURS is gone from OTHER
    field_became_optional              no  / yes
    field_removed                      no  / no     an optional field of OURS is gone
    enum_narrowed                      yes / no     values removed (or an enum introduced)
    enum_widened                       no  / yes    values added (or the enum dropped)
    became_nullable                    no  / yes
    became_non_nullable                yes / no
    pattern_added                      yes / no
    pattern_removed                    no  / yes
    pattern_changed                    yes / yes
    additional_properties_closed       yes / no
    additional_properties_opened       no  / yes

So "enum narrowed" breaks a request and "enum widened" breaks a response: a client may send any value
OURS allows, and must be able to read any value OTHER may send.

Resolution: local `$ref`s (also beside sibling keys), `allOf` (merged), `oneOf`/`anyOf` with one
non-null branch (DRF's `oneOf: [X, NullEnum]`) read as that branch; wider `oneOf`/`anyOf` are compared
by their types and enums only. `readOnly` fields are left out of requests, `writeOnly` out of
responses. Recursive schemas are followed once per path. Not compared: descriptions, examples,
defaults, formats, numeric and length bounds, security, servers, links, headers.

Known drift (`contracts/known-drift.yaml`) marks a difference "known" when one of its `matches`
(`kind` and a `location` glob where only `*` is special) fits; known differences are listed but do not
fail the run. Exit codes: 0 no new breaking difference, 1 at least one, 2 a document cannot be read or
is not an OpenAPI 3 document.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

import yaml

CONTRACT = Path(__file__).with_name("connect-api.yaml")
KNOWN_DRIFT = Path(__file__).with_name("known-drift.yaml")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})

Side = Literal["request", "response"]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# kind -> (breaking in a request, breaking in a response)
RULES: dict[str, tuple[bool, bool]] = {
    "operation_removed": (True, True),
    "operation_added": (False, False),
    "operation_id_changed": (False, False),
    "status_code_removed": (True, True),
    "status_code_added": (False, False),
    "media_type_removed": (True, True),
    "media_type_added": (False, False),
    "required_request_body_added": (True, True),
    "request_body_added": (False, False),
    "request_body_removed": (True, True),
    "request_body_became_required": (True, True),
    "request_body_became_optional": (False, False),
    "type_changed": (True, True),
    "required_field_added": (True, False),
    "field_became_required": (True, False),
    "field_added": (False, False),
    "required_field_removed": (True, True),
    "field_became_optional": (False, True),
    "field_removed": (False, False),
    "enum_narrowed": (True, False),
    "enum_widened": (False, True),
    "became_nullable": (False, True),
    "became_non_nullable": (True, False),
    "pattern_added": (True, False),
    "pattern_removed": (False, True),
    "pattern_changed": (True, True),
    "additional_properties_closed": (True, False),
    "additional_properties_opened": (False, True),
}


@dataclass(frozen=True)
class Difference:
    """One difference of OTHER against OURS."""

    kind: str
    breaking: bool
    location: str
    message: str


@dataclass(frozen=True)
class KnownDrift:
    """An entry of known-drift.yaml: a difference we know of and accept."""

    id: str
    summary: str
    matches: tuple[tuple[str, re.Pattern[str]], ...]

    def covers(self, difference: Difference) -> bool:
        return any(kind == difference.kind and glob.fullmatch(difference.location) for kind, glob in self.matches)


class SpecError(Exception):
    """A document that cannot be read, or is not a (well-formed) OpenAPI 3 document."""

    def __init__(self, message: str, which: str | None = None) -> None:
        super().__init__(message)
        self.which = which


# --- Loading ---------------------------------------------------------------------------------------


def load_document(path: str | Path) -> dict[str, Any]:
    """Read a YAML or JSON file into a mapping, or raise SpecError with one readable line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise SpecError(f"cannot read {str(path)!r}: {reason}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader, C-accelerated when available
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SpecError(f"{str(path)!r} is not valid YAML or JSON{where}: {problem}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{str(path)!r} is not an OpenAPI document (not a mapping)")
    return data


def load_spec(path: str | Path) -> dict[str, Any]:
    """Load an OpenAPI 3 document."""
    doc = load_document(path)
    if "swagger" in doc:
        raise SpecError(f"{str(path)!r} is a Swagger {doc['swagger']} document; only OpenAPI 3 is compared")
    version = doc.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SpecError(f"{str(path)!r} is not an OpenAPI 3 document (no 'openapi: 3.x' field)")
    if not isinstance(doc.get("paths"), dict):
        raise SpecError(f"{str(path)!r} is not an OpenAPI 3 document (no 'paths' mapping)")
    return doc


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")))


def load_known_drift(path: str | Path = KNOWN_DRIFT) -> list[KnownDrift]:
    doc = load_document(path)
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise SpecError(f"{str(path)!r} has no 'entries' list")
    known = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise SpecError(f"{str(path)!r}: every entry needs an 'id'")
        matches = []
        for match in entry.get("matches") or []:
            valid = isinstance(match, dict) and match.get("kind") in RULES and isinstance(match.get("location"), str)
            if not valid:
                raise SpecError(f"{str(path)!r}: entry {entry['id']!r} has a match without a known kind and a location")
            matches.append((match["kind"], _glob(match["location"])))
        known.append(KnownDrift(entry["id"], str(entry.get("summary", "")), tuple(matches)))
    return known


# --- Schema reading --------------------------------------------------------------------------------


class _Resolver:
    def __init__(self, doc: Mapping[str, Any], which: str) -> None:
        self.doc = doc
        self.which = which

    def check_refs(self) -> None:
        """Resolve every `$ref` once, so a dangling one fails the same wherever it is."""
        pending: list[Any] = [self.doc]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    self.lookup(node["$ref"])
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)

    def error(self, message: str) -> SpecError:
        return SpecError(message, self.which)

    def lookup(self, ref: Any) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise self.error(f"unsupported $ref {ref!r} (only local '#/...' references are compared)")
        node: Any = self.doc
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.error(f"unresolvable $ref {ref!r}")
        return node

    def deref(self, node: Any, refs: tuple[str, ...] = ()) -> tuple[Any, tuple[str, ...]]:
        """Follow `$ref`s (keeping sibling keys), returning the node and the refs followed."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in refs:
                raise self.error(f"$ref {ref!r} refers to itself")
            refs = (*refs, ref)
            target = self.lookup(ref)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if isinstance(target, dict) and siblings else target
        return node, refs

    def mapping(self, node: Any, what: str) -> dict[str, Any]:
        node, _ = self.deref(node)
        if node is None:
            return {}
        if not isinstance(node, dict):
            raise self.error(f"{what} is not a mapping")
        return node


def _freeze(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


@dataclass
class _Shape:
    """What the rules compare in one schema, after `$ref`, `allOf` and single-branch `oneOf`."""

    types: frozenset[str] | None = None
    nullable: bool = False
    enum: frozenset[str] | None = None  # JSON-encoded values, null excluded
    pattern: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    closed: bool = False
    items: Any = None
    read_only: bool = False
    write_only: bool = False
    refs: frozenset[str] = frozenset()

    @property
    def null_only(self) -> bool:
        return self.nullable and (self.types == frozenset() or self.enum == frozenset())


def _shape(resolver: _Resolver, schema: Any) -> _Shape:
    schema, refs = resolver.deref(schema)
    if not isinstance(schema, dict):
        return _Shape(refs=frozenset(refs))  # `true`/`{}` or garbage: anything goes
    shape = _Shape(refs=frozenset(refs))
    raw_type = schema.get("type")
    if isinstance(raw_type, str):
        shape.types = frozenset({raw_type}) - {"null"}
        shape.nullable = raw_type == "null"
    elif isinstance(raw_type, list):
        shape.types = frozenset(t for t in raw_type if isinstance(t, str)) - {"null"}
        shape.nullable = "null" in raw_type
    shape.nullable = shape.nullable or schema.get("nullable") is True
    if isinstance(schema.get("enum"), list):
        values = schema["enum"]
        shape.nullable = shape.nullable or None in values
        shape.enum = frozenset(_freeze(v) for v in values if v is not None)
    if isinstance(schema.get("pattern"), str):
        shape.pattern = schema["pattern"]
    if isinstance(schema.get("properties"), dict):
        shape.properties = dict(schema["properties"])
    if isinstance(schema.get("required"), list):
        shape.required = frozenset(r for r in schema["required"] if isinstance(r, str))
    shape.closed = schema.get("additionalProperties") is False
    shape.items = schema.get("items")
    shape.read_only = schema.get("readOnly") is True
    shape.write_only = schema.get("writeOnly") is True

    parts = [_shape(resolver, part) for part in schema.get("allOf") or []]
    for part in parts:
        _merge(shape, part)
    shape.nullable = shape.nullable or bool(parts and all(part.nullable for part in parts))
    branches = [_shape(resolver, b) for key in ("oneOf", "anyOf") for b in schema.get(key) or []]
    if branches:
        shape.nullable = shape.nullable or any(b.nullable for b in branches)
        solid = [b for b in branches if not b.null_only]
        if len(solid) == 1:
            _merge(shape, solid[0])
        elif solid:
            if shape.types is None and all(b.types is not None for b in solid):
                shape.types = frozenset().union(*(b.types or frozenset() for b in solid))
            if shape.enum is None and all(b.enum is not None for b in solid):
                shape.enum = frozenset().union(*(b.enum or frozenset() for b in solid))
    if shape.types is None and shape.properties:
        shape.types = frozenset({"object"})
    if shape.types is None and shape.items is not None:
        shape.types = frozenset({"array"})
    return shape


def _merge(into: _Shape, part: _Shape) -> None:
    """Merge an `allOf` part (or the one branch of a oneOf) into a shape."""
    if part.types is not None:
        into.types = part.types if into.types is None else into.types & part.types
    if part.enum is not None:
        into.enum = part.enum if into.enum is None else into.enum & part.enum
    into.pattern = into.pattern or part.pattern
    for name, sub in part.properties.items():
        into.properties[name] = {"allOf": [into.properties[name], sub]} if name in into.properties else sub
    into.required |= part.required
    into.closed = into.closed or part.closed
    if part.items is not None:
        into.items = part.items if into.items is None else {"allOf": [into.items, part.items]}
    into.read_only = into.read_only or part.read_only
    into.write_only = into.write_only or part.write_only
    into.refs |= part.refs


# --- Comparison ------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, ours: Mapping[str, Any], other: Mapping[str, Any]) -> None:
        self.ours = _Resolver(ours, "ours")
        self.other = _Resolver(other, "other")
        self.found: list[Difference] = []

    def add(self, kind: str, side: Side, location: str, message: str) -> None:
        request, response = RULES[kind]
        self.found.append(Difference(kind, request if side == "request" else response, location, message))

    # Operations ------------------------------------------------------------------------------------

    def operations(self, resolver: _Resolver) -> dict[tuple[str, str], tuple[str, str, dict[str, Any], dict[str, Any]]]:
        """(METHOD, normalized path) -> (path, operationId, operation, path item)."""
        found = {}
        for path, item in resolver.mapping(resolver.doc.get("paths"), "'paths'").items():
            item = resolver.mapping(item, f"path item {path!r}")
            for method in HTTP_METHODS:
                if method in item:
                    operation = resolver.mapping(item[method], f"{method.upper()} {path}")
                    op_id = operation.get("operationId")
                    key = (method.upper(), re.sub(r"\{[^}]*\}", "{}", str(path)))
                    found[key] = (str(path), op_id if isinstance(op_id, str) else "", operation, item)
        return found

    def run(self) -> list[Difference]:
        self.ours.check_refs()
        self.other.check_refs()
        ours, other = self.operations(self.ours), self.operations(self.other)
        for key, (path, op_id, operation, item) in ours.items():
            label = f"{op_id} ({key[0]} {path})" if op_id else f"{key[0]} {path}"
            if key not in other:
                self.add("operation_removed", "request", label, "ours has this operation; other does not")
                continue
            other_path, other_id, other_op, other_item = other[key]
            if op_id and other_id and op_id != other_id:
                self.add("operation_id_changed", "request", label, f"ours: {op_id}; other: {other_id}")
            self.parameters(label, path, operation, item, other_path, other_op, other_item)
            self.request_body(label, operation.get("requestBody"), other_op.get("requestBody"))
            self.responses(label, operation.get("responses"), other_op.get("responses"))
        for key, (path, op_id, _, _) in other.items():
            if key not in ours:
                label = f"{op_id} ({key[0]} {path})" if op_id else f"{key[0]} {path}"
                self.add("operation_added", "request", label, "other has this operation; ours does not")
        return self.found

    def parameter_map(
        self, resolver: _Resolver, path: str, operation: dict[str, Any], item: dict[str, Any]
    ) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
        """(in, name) -> (display name, parameter); path parameters keyed by position, headers by lower name."""
        positions = {name: str(i) for i, name in enumerate(re.findall(r"\{([^}]*)\}", path))}
        params: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        for source in (item.get("parameters") or [], operation.get("parameters") or []):
            if not isinstance(source, list):
                raise resolver.error(f"parameters of {path!r} are not a list")
            for raw in source:
                param = resolver.mapping(raw, f"a parameter of {path!r}")
                where, name = str(param.get("in")), str(param.get("name"))
                if where == "header" and name.lower() in IGNORED_HEADERS:
                    continue
                if where == "path":
                    name_key = positions.get(name, name)
                else:
                    name_key = name.lower() if where == "header" else name
                key = (where, name_key)
                params[key] = (f"{where}.{name}", param)
        return params

    def parameters(
        self,
        label: str,
        path: str,
        operation: dict[str, Any],
        item: dict[str, Any],
        other_path: str,
        other_op: dict[str, Any],
        other_item: dict[str, Any],
    ) -> None:
        ours = self.parameter_map(self.ours, path, operation, item)
        other = self.parameter_map(self.other, other_path, other_op, other_item)
        for key in sorted(ours.keys() | other.keys()):
            if key in ours:
                name, param = ours[key]
            else:
                name, param = other[key]
            location = f"{label} parameter {name}"
            if key not in other:
                kind = "required_field_removed" if param.get("required") is True else "field_removed"
                self.add(kind, "request", location, "ours has this parameter; other does not")
                continue
            if key not in ours:
                required = other[key][1].get("required") is True
                kind = "required_field_added" if required else "field_added"
                self.add(kind, "request", location, f"other adds this {_req(required)} parameter")
                continue
            mine, theirs = param.get("required") is True, other[key][1].get("required") is True
            if mine != theirs:
                kind = "field_became_required" if theirs else "field_became_optional"
                self.add(kind, "request", location, f"ours: {_req(mine)}; other: {_req(theirs)}")
            self.schema(_param_schema(param), _param_schema(other[key][1]), "request", location, "")

    def request_body(self, label: str, ours_raw: Any, other_raw: Any) -> None:
        location = f"{label} request body"
        if ours_raw is None and other_raw is None:
            return
        other_body = self.other.mapping(other_raw, f"request body of {label}") if other_raw is not None else None
        ours_body = self.ours.mapping(ours_raw, f"request body of {label}") if ours_raw is not None else None
        if ours_body is None:
            required = bool(other_body and other_body.get("required") is True)
            kind = "required_request_body_added" if required else "request_body_added"
            self.add(kind, "request", location, f"other adds a {_req(required)} request body")
            return
        if other_body is None:
            self.add("request_body_removed", "request", location, "ours takes a request body; other takes none")
            return
        mine, theirs = ours_body.get("required") is True, other_body.get("required") is True
        if mine != theirs:
            kind = "request_body_became_required" if theirs else "request_body_became_optional"
            self.add(kind, "request", location, f"ours: {_req(mine)}; other: {_req(theirs)}")
        self.content(location, ours_body.get("content"), other_body.get("content"), "request")

    def responses(self, label: str, ours_raw: Any, other_raw: Any) -> None:
        ours = self.ours.mapping(ours_raw, f"responses of {label}")
        other = self.other.mapping(other_raw, f"responses of {label}")
        ours_codes, other_codes = {str(k): v for k, v in ours.items()}, {str(k): v for k, v in other.items()}
        for code, response in ours_codes.items():
            location = f"{label} response {code}"
            if code not in other_codes:
                self.add("status_code_removed", "response", location, f"ours documents {code}; other does not")
                continue
            mine = self.ours.mapping(response, location)
            theirs = self.other.mapping(other_codes[code], location)
            self.content(location, mine.get("content"), theirs.get("content"), "response")
        for code in sorted(other_codes.keys() - ours_codes.keys()):
            location = f"{label} response {code}"
            self.add("status_code_added", "response", location, f"other documents {code}; ours does not")

    def content(self, location: str, ours_raw: Any, other_raw: Any, side: Side) -> None:
        ours = self.ours.mapping(ours_raw, f"content of {location}")
        other = self.other.mapping(other_raw, f"content of {location}")
        for media in sorted(ours.keys() - other.keys()):
            self.add("media_type_removed", side, f"{location} {media}", f"ours: {media}; other does not have it")
        for media in sorted(other.keys() - ours.keys()):
            self.add("media_type_added", side, f"{location} {media}", f"other adds {media}")
        for media in sorted(ours.keys() & other.keys()):
            mine = self.ours.mapping(ours[media], f"{location} {media}")
            theirs = self.other.mapping(other[media], f"{location} {media}")
            if "schema" in mine and "schema" in theirs:
                self.schema(mine["schema"], theirs["schema"], side, f"{location} {media}", "")

    # Schemas ---------------------------------------------------------------------------------------

    def schema(
        self,
        ours_raw: Any,
        other_raw: Any,
        side: Side,
        where: str,
        field_path: str,
        stack: frozenset[tuple[frozenset[str], frozenset[str]]] = frozenset(),
    ) -> None:
        a, b = _shape(self.ours, ours_raw), _shape(self.other, other_raw)
        visit = (a.refs, b.refs)
        if (a.refs or b.refs) and visit in stack:
            return  # a recursive schema: this pair is already being compared higher up
        stack = stack | {visit}
        location = f"{where}: {field_path}" if field_path else where
        what = f"field {field_path!r}" if field_path else "body"

        if a.types and b.types and a.types != b.types:
            self.add("type_changed", side, location, f"{what} ours: {_names(a.types)}; other: {_names(b.types)}")
            return
        if a.nullable != b.nullable:
            kind = "became_nullable" if b.nullable else "became_non_nullable"
            self.add(kind, side, location, f"{what} ours: {_null(a.nullable)}; other: {_null(b.nullable)}")
        self.enum(a.enum, b.enum, side, location, what)
        if a.pattern != b.pattern:
            kind = "pattern_changed" if a.pattern and b.pattern else "pattern_added" if b.pattern else "pattern_removed"
            self.add(kind, side, location, f"{what} pattern ours: {a.pattern or 'none'}; other: {b.pattern or 'none'}")
        if a.closed != b.closed:
            kind = "additional_properties_closed" if b.closed else "additional_properties_opened"
            self.add(kind, side, location, f"{what} ours: {_closed(a.closed)}; other: {_closed(b.closed)}")
        self.fields(a, b, side, where, field_path, stack)
        if a.items is not None and b.items is not None:
            self.schema(a.items, b.items, side, where, f"{field_path}[]", stack)

    def enum(self, a: frozenset[str] | None, b: frozenset[str] | None, side: Side, location: str, what: str) -> None:
        if a == b:
            return
        if a is None:
            self.add("enum_narrowed", side, location, f"{what} ours: any value; other: {_values(b)}")
        elif b is None:
            self.add("enum_widened", side, location, f"{what} ours: {_values(a)}; other: any value")
        else:
            if a - b:
                self.add("enum_narrowed", side, location, f"{what} other drops {_values(a - b)}")
            if b - a:
                self.add("enum_widened", side, location, f"{what} other adds {_values(b - a)}")

    def fields(
        self,
        a: _Shape,
        b: _Shape,
        side: Side,
        where: str,
        field_path: str,
        stack: frozenset[tuple[frozenset[str], frozenset[str]]],
    ) -> None:
        ours, other = self.visible(self.ours, a, side), self.visible(self.other, b, side)
        for name in sorted(ours.keys() | other.keys()):
            path = f"{field_path}.{name}" if field_path else name
            location = f"{where}: {path}"
            mine, theirs = name in a.required, name in b.required
            if name not in other:
                kind = "required_field_removed" if mine else "field_removed"
                self.add(kind, side, location, f"ours has {_req(mine)} field {path!r}; other does not")
            elif name not in ours:
                kind = "required_field_added" if theirs else "field_added"
                self.add(kind, side, location, f"other adds {_req(theirs)} field {path!r}")
            else:
                if mine != theirs:
                    kind = "field_became_required" if theirs else "field_became_optional"
                    self.add(kind, side, location, f"field {path!r} ours: {_req(mine)}; other: {_req(theirs)}")
                self.schema(ours[name], other[name], side, where, path, stack)

    @staticmethod
    def visible(resolver: _Resolver, shape: _Shape, side: Side) -> dict[str, Any]:
        """Fields a request may send (no readOnly) or a response may carry (no writeOnly)."""
        names = dict.fromkeys(shape.required, {}) | shape.properties
        result = {}
        for name, sub in names.items():
            prop = _shape(resolver, sub)
            if (side == "request" and prop.read_only) or (side == "response" and prop.write_only):
                continue
            result[name] = sub
        return result


def _param_schema(param: Mapping[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        return media.get("schema") if isinstance(media, dict) else None
    return None


def _req(required: bool) -> str:
    return "required" if required else "optional"


def _null(nullable: bool) -> str:
    return "nullable" if nullable else "not nullable"


def _closed(closed: bool) -> str:
    return "no additional properties" if closed else "additional properties allowed"


def _names(types: frozenset[str]) -> str:
    return "|".join(sorted(types))


def _values(values: frozenset[str] | None) -> str:
    return "[" + ", ".join(sorted(values or ())) + "]"


def diff(ours: dict[str, Any], other: dict[str, Any]) -> list[Difference]:
    """Every difference of OTHER against OURS (the reference), in document order."""
    return _Differ(ours, other).run()


# --- Report ----------------------------------------------------------------------------------------


def classify(differences: list[Difference], known: list[KnownDrift]) -> list[tuple[Difference, str | None]]:
    """Pair each difference with the id of the known-drift entry that covers it, if any."""
    return [(d, next((k.id for k in known if k.covers(d)), None)) for d in differences]


def _print_group(title: str, rows: list[tuple[Difference, str | None]], out: TextIO) -> None:
    print(f"{title} ({len(rows)})", file=out)
    for difference, known_id in rows:
        print(f"  * {difference.location}", file=out)
        suffix = f"  [known: {known_id}]" if known_id else ""
        print(f"      {difference.kind}: {difference.message}{suffix}", file=out)


def main(
    other_spec: str,
    ours: str | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    known_drift: str | None = None,
) -> int:
    """Print the differences of OTHER_SPEC against our contract; 0 none new breaking, 1 some, 2 bad input."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    ours_path = str(ours or CONTRACT)
    paths = {"ours": ours_path, "other": other_spec}
    try:
        other_doc = load_spec(other_spec)
        ours_doc = load_spec(ours_path)
        known = load_known_drift(known_drift or KNOWN_DRIFT)
        rows = classify(diff(ours_doc, other_doc), known)
    except SpecError as exc:
        prefix = f"{paths[exc.which]!r}: " if exc.which else ""
        print(f"connect-cert contract diff: {prefix}{exc}", file=err)
        return 2
    except (TypeError, AttributeError, KeyError, ValueError, RecursionError) as exc:
        print(f"connect-cert contract diff: malformed OpenAPI document ({type(exc).__name__}: {exc})", file=err)
        return 2

    new_breaking = [r for r in rows if r[0].breaking and r[1] is None]
    known_breaking = [r for r in rows if r[0].breaking and r[1] is not None]
    non_breaking = [r for r in rows if not r[0].breaking]
    print(f"Contract drift of {other_spec} against {ours_path} (reference: ours).", file=out)
    print("Breaking = a client built on ours could fail against other.", file=out)
    _print_group("BREAKING, new", new_breaking, out)
    _print_group("BREAKING, known", known_breaking, out)
    _print_group("NON-BREAKING", non_breaking, out)
    status = 1 if new_breaking else 0
    print(
        f"{len(new_breaking)} new breaking, {len(known_breaking)} known breaking, "
        f"{len(non_breaking)} non-breaking difference(s): exit {status}",
        file=out,
    )
    return status
