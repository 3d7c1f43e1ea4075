"""Each drift rule, on small synthetic specs: OURS is the reference, OTHER the document compared."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from connect_cert.contracts.drift import RULES, Difference, SpecError, diff

Schema = dict[str, Any]


def _spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _json(schema: Schema, description: str = "") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _op(operation_id: str = "things_create", **extra: Any) -> dict[str, Any]:
    extra.setdefault("responses", {"200": _json({"type": "object"})})
    return {"operationId": operation_id, **extra}


def _response_spec(schema: Schema, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return _spec({"/things/": {"get": _op("things_list", responses={"200": _json(schema)})}}, schemas)


def _request_spec(schema: Schema, required: bool = True) -> dict[str, Any]:
    body = {"required": required, "content": {"application/json": {"schema": schema}}}
    return _spec({"/things/": {"post": _op(requestBody=body)}})


def _obj(required: list[str] | None = None, **properties: Schema) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


STR: Schema = {"type": "string"}


def _only(differences: list[Difference]) -> Difference:
    assert len(differences) == 1, differences
    return differences[0]


def test_identical_documents_have_no_difference() -> None:
    spec = _request_spec(_obj(["a"], a=STR, b={"type": "integer", "enum": [1, 2]}))
    assert diff(spec, copy.deepcopy(spec)) == []


def test_every_rule_has_a_direction() -> None:
    assert all(isinstance(request, bool) and isinstance(response, bool) for request, response in RULES.values())


# --- Operations, status codes, media types, bodies -------------------------------------------------


def test_operation_removed_is_breaking_and_added_is_not() -> None:
    ours = _spec({"/a/": {"get": _op("a_list")}, "/b/": {"get": _op("b_list")}})
    other = _spec({"/a/": {"get": _op("a_list")}, "/c/": {"post": _op("c_create")}})
    found = {d.kind: d for d in diff(ours, other)}
    assert found["operation_removed"].breaking and "b_list (GET /b/)" == found["operation_removed"].location
    assert not found["operation_added"].breaking and found["operation_added"].location == "c_create (POST /c/)"


def test_method_removed_from_a_kept_path_is_an_operation_removed() -> None:
    ours = _spec({"/a/": {"get": _op("a_list"), "delete": _op("a_destroy")}})
    other = _spec({"/a/": {"get": _op("a_list")}})
    assert _only(diff(ours, other)) == Difference(
        "operation_removed", True, "a_destroy (DELETE /a/)", "ours has this operation; other does not"
    )


def test_renamed_operation_id_is_not_breaking() -> None:
    found = _only(diff(_spec({"/a/": {"get": _op("a_list")}}), _spec({"/a/": {"get": _op("a_index")}})))
    assert (found.kind, found.breaking) == ("operation_id_changed", False)


def test_renamed_path_parameter_is_the_same_operation() -> None:
    param = {"in": "path", "required": True, "schema": STR}
    ours = _spec({"/u/{user_id}/": {"get": _op("u", parameters=[{**param, "name": "user_id"}])}})
    other = _spec({"/u/{id}/": {"get": _op("u", parameters=[{**param, "name": "id"}])}})
    assert diff(ours, other) == []


def test_status_code_removed_is_breaking_and_added_is_not() -> None:
    ours = _spec({"/a/": {"get": _op("a", responses={"200": _json(STR), "401": _json(STR)})}})
    other = _spec({"/a/": {"get": _op("a", responses={"200": _json(STR), "429": _json(STR)})}})
    found = {d.kind: d for d in diff(ours, other)}
    assert found["status_code_removed"].breaking and found["status_code_removed"].location == "a (GET /a/) response 401"
    assert not found["status_code_added"].breaking


def test_integer_status_keys_match_string_ones() -> None:
    ours = _spec({"/a/": {"get": _op("a", responses={"200": _json(STR)})}})
    other = _spec({"/a/": {"get": _op("a", responses={200: _json(STR)})}})
    assert diff(ours, other) == []


@pytest.mark.parametrize("side", ["request", "response"])
def test_media_type_removed_is_breaking_and_added_is_not(side: str) -> None:
    def spec(*types: str) -> dict[str, Any]:
        content = {t: {"schema": STR} for t in types}
        if side == "request":
            return _spec({"/a/": {"post": _op(requestBody={"content": content})}})
        return _spec({"/a/": {"get": _op(responses={"200": {"description": "", "content": content}})}})

    removed = _only(diff(spec("application/json", "text/csv"), spec("application/json")))
    added = _only(diff(spec("application/json"), spec("application/json", "application/x-www-form-urlencoded")))
    assert (removed.kind, removed.breaking) == ("media_type_removed", True)
    assert (added.kind, added.breaking) == ("media_type_added", False)


def test_request_body_rules() -> None:
    without = _spec({"/a/": {"post": _op()}})
    optional, required = _request_spec(STR, required=False), _request_spec(STR, required=True)
    required_added = _only(diff(_spec({"/things/": {"post": _op()}}), required))
    assert (required_added.kind, required_added.breaking) == ("required_request_body_added", True)
    assert _only(diff(_spec({"/things/": {"post": _op()}}), optional)).breaking is False
    removed = _only(diff(required, _spec({"/things/": {"post": _op()}})))
    assert (removed.kind, removed.breaking) == ("request_body_removed", True)
    became = _only(diff(optional, required))
    assert (became.kind, became.breaking) == ("request_body_became_required", True)
    assert _only(diff(required, optional)).breaking is False
    assert diff(without, copy.deepcopy(without)) == []


# --- Parameters -----------------------------------------------------------------------------------


def _param_spec(*params: dict[str, Any]) -> dict[str, Any]:
    return _spec({"/a/": {"get": _op("a_list", parameters=list(params))}})


def _query(name: str, required: bool = False, schema: Schema | None = None) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": required, "schema": schema or STR}


def test_required_parameter_added_is_breaking_and_optional_is_not() -> None:
    required = _only(diff(_param_spec(), _param_spec(_query("q", required=True))))
    optional = _only(diff(_param_spec(), _param_spec(_query("q"))))
    assert (required.kind, required.breaking, required.location) == (
        "required_field_added",
        True,
        "a_list (GET /a/) parameter query.q",
    )
    assert (optional.kind, optional.breaking) == ("field_added", False)


def test_parameter_becoming_required_is_breaking_and_optional_is_not() -> None:
    became_required = _only(diff(_param_spec(_query("q")), _param_spec(_query("q", required=True))))
    became_optional = _only(diff(_param_spec(_query("q", required=True)), _param_spec(_query("q"))))
    assert (became_required.kind, became_required.breaking) == ("field_became_required", True)
    assert (became_optional.kind, became_optional.breaking) == ("field_became_optional", False)


def test_required_parameter_removed_is_breaking_and_optional_is_not() -> None:
    assert _only(diff(_param_spec(_query("q", required=True)), _param_spec())).breaking is True
    assert _only(diff(_param_spec(_query("q")), _param_spec())).breaking is False


def test_parameter_enum_narrowed_is_breaking() -> None:
    ours = _param_spec(_query("pm_type", schema={"type": "string", "enum": ["card", "paypal"]}))
    other = _param_spec(_query("pm_type", schema={"type": "string", "enum": ["card"]}))
    found = _only(diff(ours, other))
    assert (found.kind, found.breaking) == ("enum_narrowed", True)
    assert found.location == "a_list (GET /a/) parameter query.pm_type"
    assert '"paypal"' in found.message


def test_path_level_parameters_and_parameter_refs_are_resolved() -> None:
    ours = _spec({"/a/{id}/": {"parameters": [{"$ref": "#/components/parameters/Id"}], "get": _op("a")}})
    ours["components"]["parameters"] = {"Id": {"in": "path", "name": "id", "required": True, "schema": STR}}
    other = _spec(
        {
            "/a/{id}/": {
                "get": _op(
                    "a", parameters=[{"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}]
                )
            }
        }
    )
    found = _only(diff(ours, other))
    assert (found.kind, found.location) == ("type_changed", "a (GET /a/{id}/) parameter path.id")


# --- Schema fields --------------------------------------------------------------------------------


def test_required_request_field_added_is_breaking_and_optional_is_not() -> None:
    ours = _request_spec(_obj(["a"], a=STR))
    required = _only(diff(ours, _request_spec(_obj(["a", "b"], a=STR, b=STR))))
    optional = _only(diff(ours, _request_spec(_obj(["a"], a=STR, b=STR))))
    assert (required.kind, required.breaking) == ("required_field_added", True)
    assert required.location == "things_create (POST /things/) request body application/json: b"
    assert (optional.kind, optional.breaking) == ("field_added", False)


def test_request_field_becoming_required_is_breaking() -> None:
    found = _only(diff(_request_spec(_obj(a=STR)), _request_spec(_obj(["a"], a=STR))))
    assert (found.kind, found.breaking) == ("field_became_required", True)


def test_required_request_field_removed_is_breaking_and_made_optional_is_not() -> None:
    ours = _request_spec(_obj(["a", "b"], a=STR, b=STR))
    removed = _only(diff(ours, _request_spec(_obj(["a"], a=STR))))
    optional = _only(diff(ours, _request_spec(_obj(["a"], a=STR, b=STR))))
    assert (removed.kind, removed.breaking) == ("required_field_removed", True)
    assert (optional.kind, optional.breaking) == ("field_became_optional", False)


def test_response_required_field_removed_is_breaking() -> None:
    ours = _response_spec(_obj(["count", "results"], count={"type": "integer"}, results={"type": "array"}))
    removed = _only(diff(ours, _response_spec(_obj(["results"], results={"type": "array"}))))
    made_optional = _obj(["results"], count={"type": "integer"}, results={"type": "array"})
    optional = _only(diff(ours, _response_spec(made_optional)))
    assert (removed.kind, removed.breaking, removed.location) == (
        "required_field_removed",
        True,
        "things_list (GET /things/) response 200 application/json: count",
    )
    assert (optional.kind, optional.breaking) == ("field_became_optional", True)


def test_response_field_added_or_optional_removed_is_not_breaking() -> None:
    ours = _response_spec(_obj(["a"], a=STR, b=STR))
    added = _only(diff(ours, _response_spec(_obj(["a", "c"], a=STR, b=STR, c=STR))))
    removed = _only(diff(ours, _response_spec(_obj(["a"], a=STR))))
    assert (added.kind, added.breaking) == ("required_field_added", False)
    assert (removed.kind, removed.breaking) == ("field_removed", False)


@pytest.mark.parametrize("spec", [_request_spec, _response_spec])
def test_type_changed_is_breaking_on_both_sides(spec: Any) -> None:
    found = _only(diff(spec(_obj(["amount"], amount=STR)), spec(_obj(["amount"], amount={"type": "number"}))))
    assert (found.kind, found.breaking) == ("type_changed", True)
    assert found.message == "field 'amount' ours: string; other: number"


@pytest.mark.parametrize(
    ("spec", "ours", "other", "kind", "breaking"),
    [
        (_request_spec, ["a", "b"], ["a"], "enum_narrowed", True),
        (_request_spec, ["a"], ["a", "b"], "enum_widened", False),
        (_response_spec, ["a", "b"], ["a"], "enum_narrowed", False),
        (_response_spec, ["a"], ["a", "b"], "enum_widened", True),
    ],
)
def test_enum_direction_depends_on_the_side(
    spec: Any, ours: list[str], other: list[str], kind: str, breaking: bool
) -> None:
    found = _only(diff(spec({"type": "string", "enum": ours}), spec({"type": "string", "enum": other})))
    assert (found.kind, found.breaking) == (kind, breaking)


def test_enum_dropped_from_a_response_is_a_widening() -> None:
    found = _only(diff(_response_spec({"type": "string", "enum": ["a"]}), _response_spec(STR)))
    assert (found.kind, found.breaking) == ("enum_widened", True)


def test_enum_values_keep_their_json_type() -> None:
    found = diff(_response_spec({"enum": [1, 2]}), _response_spec({"enum": [True, 2]}))
    assert {d.kind for d in found} == {"enum_narrowed", "enum_widened"}


@pytest.mark.parametrize(
    ("spec", "ours", "other", "kind", "breaking"),
    [
        (_response_spec, False, True, "became_nullable", True),
        (_response_spec, True, False, "became_non_nullable", False),
        (_request_spec, True, False, "became_non_nullable", True),
        (_request_spec, False, True, "became_nullable", False),
    ],
)
def test_nullable_direction_depends_on_the_side(spec: Any, ours: bool, other: bool, kind: str, breaking: bool) -> None:
    found = _only(diff(spec({"type": "string", "nullable": ours}), spec({"type": "string", "nullable": other})))
    assert (found.kind, found.breaking) == (kind, breaking)


@pytest.mark.parametrize(
    ("spec", "ours", "other", "kind", "breaking"),
    [
        (_response_spec, "^pi_", None, "pattern_removed", True),
        (_response_spec, None, "^pi_", "pattern_added", False),
        (_request_spec, None, "^pm_", "pattern_added", True),
        (_request_spec, "^pm_", None, "pattern_removed", False),
        (_response_spec, "^seti_", "^pi_", "pattern_changed", True),
    ],
)
def test_pattern_direction_depends_on_the_side(
    spec: Any, ours: str | None, other: str | None, kind: str, breaking: bool
) -> None:
    def schema(pattern: str | None) -> Schema:
        return {"type": "string", **({"pattern": pattern} if pattern else {})}

    found = _only(diff(spec(schema(ours)), spec(schema(other))))
    assert (found.kind, found.breaking) == (kind, breaking)


@pytest.mark.parametrize(
    ("spec", "ours", "other", "kind", "breaking"),
    [
        (_response_spec, False, True, "additional_properties_opened", True),
        (_response_spec, True, False, "additional_properties_closed", False),
        (_request_spec, True, False, "additional_properties_closed", True),
    ],
)
def test_additional_properties_direction_depends_on_the_side(
    spec: Any, ours: bool, other: bool, kind: str, breaking: bool
) -> None:
    found = _only(
        diff(spec({**_obj(a=STR), "additionalProperties": ours}), spec({**_obj(a=STR), "additionalProperties": other}))
    )
    assert (found.kind, found.breaking) == (kind, breaking)


# --- Resolution -----------------------------------------------------------------------------------

EXPIRY: Schema = {"type": "string", "pattern": "^[0-9]{2}/[0-9]{4}$"}
CARD = _obj(["brand", "expiration_date"], brand=STR, expiration_date=EXPIRY)


def _ours_composed() -> dict[str, Any]:
    """A paginated list built with $ref and allOf, as our contract writes it."""
    schemas = {
        "Page": {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count", "results"]},
        "Card": {**CARD, "additionalProperties": False},
        "PM": _obj(["id", "card"], id=STR, card={"$ref": "#/components/schemas/Card"}),
        "PMList": {
            "allOf": [
                {"$ref": "#/components/schemas/Page"},
                {"properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/PM"}}}},
            ]
        },
    }
    return _response_spec({"$ref": "#/components/schemas/PMList"}, schemas)


def _other_inline(card: Schema) -> dict[str, Any]:
    """The same list written inline, the card wrapped the DRF way (allOf + description)."""
    pm = _obj(["id", "card"], id=STR, card={"allOf": [card], "description": "card"})
    return _response_spec(_obj(["count", "results"], count={"type": "integer"}, results={"type": "array", "items": pm}))


def test_ref_and_allof_compare_equal_to_the_inline_equivalent() -> None:
    assert diff(_ours_composed(), _other_inline({**CARD, "additionalProperties": False})) == []


def test_a_change_behind_refs_and_allof_is_found_at_its_field() -> None:
    loose = copy.deepcopy(CARD)
    del loose["properties"]["expiration_date"]["pattern"]
    found = {d.kind: d for d in diff(_ours_composed(), _other_inline(loose))}
    assert set(found) == {"pattern_removed", "additional_properties_opened"}
    assert found["pattern_removed"].location == (
        "things_list (GET /things/) response 200 application/json: results[].card.expiration_date"
    )
    assert found["additional_properties_opened"].location.endswith(": results[].card")


def test_drf_nullable_oneof_equals_a_nullable_enum() -> None:
    drf = {"nullable": True, "oneOf": [{"$ref": "#/components/schemas/Rates"}, {"$ref": "#/components/schemas/Null"}]}
    schemas = {"Rates": {"type": "integer", "enum": [1, 2, 3, 4, 5]}, "Null": {"enum": [None]}}
    ours = _response_spec(_obj(rates={"type": "integer", "nullable": True, "enum": [1, 2, 3, 4, 5, None]}))
    assert diff(ours, _response_spec(_obj(rates=drf), schemas)) == []
    narrowed = _response_spec(_obj(rates={"type": "integer", "enum": [1, 2, 3, 4, 5]}))
    assert _only(diff(narrowed, _response_spec(_obj(rates=drf), schemas))).kind == "became_nullable"


def test_read_only_fields_are_not_part_of_a_request() -> None:
    ours = _request_spec(_obj(["email"], email=STR))
    other = _request_spec(_obj(["id", "email"], id={"type": "string", "readOnly": True}, email=STR))
    assert diff(ours, other) == []


def test_recursive_schemas_terminate_and_still_compare_their_fields() -> None:
    def tree(leaf: Schema) -> dict[str, Any]:
        node = _obj(["name"], name=leaf, children={"type": "array", "items": {"$ref": "#/components/schemas/Node"}})
        return _response_spec({"$ref": "#/components/schemas/Node"}, {"Node": node})

    assert diff(tree(STR), tree(STR)) == []
    found = _only(diff(tree(STR), tree({"type": "integer"})))
    assert (found.kind, found.location.rsplit(": ", 1)[1]) == ("type_changed", "name")


def test_an_unresolvable_ref_names_the_document() -> None:
    broken = _response_spec({"$ref": "#/components/schemas/Missing"})
    with pytest.raises(SpecError, match="unresolvable \\$ref '#/components/schemas/Missing'") as caught:
        diff(_response_spec(STR), broken)
    assert caught.value.which == "other"


def test_allof_of_a_nullable_schema_stays_nullable() -> None:
    schemas = {"Price": {"type": "object", "nullable": True, "additionalProperties": {"type": "array"}}}
    ours = _response_spec(_obj(kwh_price={"$ref": "#/components/schemas/Price"}), schemas)
    other = _response_spec(_obj(kwh_price={"allOf": [{"$ref": "#/components/schemas/Price"}]}), schemas)
    assert diff(ours, other) == []


def test_a_wide_oneof_compares_by_the_union_of_its_enums() -> None:
    ours = _response_spec({"type": "string", "enum": ["card", "apple_pay", "google_pay"]})
    other = _response_spec(
        {
            "oneOf": [
                {"type": "string", "enum": ["card"]},
                {"type": "string", "enum": ["apple_pay", "google_pay", "paypal"]},
            ]
        }
    )
    found = _only(diff(ours, other))
    assert (found.kind, found.breaking) == ("enum_widened", True)
    assert '"paypal"' in found.message
