"""What a correct Connect API does that a literal reading of the contract would flag, each with its evidence.

A tolerance drops one precise kind of failure of one check and nothing else; the run counts what each
dropped, so a report can show it. It is not a place for known bugs. Both tolerances concern negative
cases (`negative_data_rejection`): query values Django REST Framework does not validate.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response
from schemathesis.generation.case import Case
from schemathesis.hooks import HookContext

from connect_cert.harness.contract.findings import operation_id
from connect_cert.harness.contract.operations import Operation, operations, resolve

NEGATIVE = "negative_data_rejection"


class Tolerance(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def reason(self) -> str: ...

    def matches(self, failure: Failure, case: Case[Any], response: Response) -> bool: ...


def _invalid_parameters(case: Case[Any]) -> set[tuple[ParameterLocation, str]]:
    """(location, name) of every parameter the negative case made invalid."""
    if case.meta is None:
        return set()
    data = case.meta.phase.data
    invalid = {(m.parameter_location, m.parameter) for m in data.mutations if m.parameter}
    if data.parameter and data.parameter_location is not None:
        invalid.add((data.parameter_location, data.parameter))
    return invalid


def _is_negative_failure(failure: Failure) -> bool:
    return NEGATIVE in getattr(failure, "checks", ())


@dataclass(frozen=True)
class IgnoredQueryParameter:
    """A negative case that made `parameter` invalid, which the API ignores instead of refusing.

    Also when the case made other parameters invalid with it: the API then judges the others alone, and
    Schemathesis cannot tell whether their mutation survived serialization (an array turned object goes
    out as `name=`). Each parameter is still tested on its own: the coverage phase makes one negative
    case per parameter.
    """

    parameter: str
    reason: str

    @property
    def name(self) -> str:
        return f"{NEGATIVE}: query {self.parameter} ignored"

    def matches(self, failure: Failure, case: Case[Any], response: Response) -> bool:
        return _is_negative_failure(failure) and (ParameterLocation.QUERY, self.parameter) in _invalid_parameters(case)


_DRF_INTEGER = re.compile(r"^\s*-?\d+(\.0*)?\s*$")  # DRF's IntegerField strips a ".0" tail
_DRF_BOOLEAN = frozenset({"true", "false", "1", "0", "t", "f", "y", "n", "yes", "no", "on", "off"})


def _reads_as_valid(schema: Mapping[str, Any], value: str) -> bool:
    """Whether Django REST Framework reads this one query value as valid for `schema`."""
    schema = resolve(schema)
    if "enum" in schema:
        return value in {str(v) for v in schema["enum"] if v is not None}
    kind = schema.get("type")
    if kind == "integer":
        if not _DRF_INTEGER.match(value):
            return False
        number = int(value.strip().split(".")[0])
        return bool(schema.get("minimum", number) <= number <= schema.get("maximum", number))
    if kind == "number":
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    if kind == "boolean":
        return value.lower() in _DRF_BOOLEAN
    return kind in (None, "string")


@dataclass(frozen=True)
class QueryValidOnTheWire:
    """A negative case whose invalid query parameters went out as values the API reads as valid.

    Schemathesis mutates the typed value, then serializes it: an object for an array goes out as
    `name=`, the number 0.0 for an integer array as `x=0.0` (an integer for DRF and JSON Schema alike),
    a list of one value as that value. Read back as Django REST Framework reads a query string (an empty
    value of an optional filter is no filter, as django-filter treats it), the request is valid, so the
    API is right to accept it. A required parameter sent empty is never tolerated.
    """

    reason: str
    name: str = f"{NEGATIVE}: query valid as sent"

    def matches(self, failure: Failure, case: Case[Any], response: Response) -> bool:
        if not _is_negative_failure(failure):
            return False
        invalid = _invalid_parameters(case)
        if not invalid or any(location != ParameterLocation.QUERY for location, _ in invalid):
            return False
        operation = _contract_operations().get(operation_id(case))
        if operation is None:
            return False
        declared = {p["name"]: p for p in operation.parameters if p.get("in") == "query"}
        sent = parse_qs(urlsplit(str(response.request.url)).query, keep_blank_values=True)
        return all(name in declared and _valid_as_sent(declared[name], sent.get(name, [])) for _, name in invalid)


def _valid_as_sent(parameter: Mapping[str, Any], values: list[str]) -> bool:
    schema = resolve(parameter.get("schema", {}))
    given = [v for v in values if v != ""]  # an empty value of a filter is no value
    if not given:
        return not parameter.get("required")
    if schema.get("type") == "array":
        return all(_reads_as_valid(schema.get("items", {}), v) for v in given)
    # A repeated scalar parameter is read as its last value (Django's QueryDict.get), as `z=a&z=0` -> 0.
    last = values[-1]
    if last == "":
        return not parameter.get("required")
    return _reads_as_valid(schema, last)


@cache
def _contract_operations() -> dict[str, Operation]:
    return {op.operation_id: op for op in operations()}


TOLERANCES: tuple[Tolerance, ...] = (
    IgnoredQueryParameter(
        "page_size",
        "Django REST Framework's PageNumberPagination ignores a page_size that is not a positive integer and "
        "answers with the default page size (docs/reference.md#pagination: lists are DRF page-number "
        "paginated). `page` is not tolerated: an invalid page answers 404.",
    ),
    QueryValidOnTheWire(
        "The mutation did not survive serialization: the query that went out is valid as Django REST "
        "Framework reads query strings (docs/reference.md#connect-api: the API is DRF), so accepting it is "
        "correct.",
    ),
)


class ToleranceFilter:
    """`filter_failure` hook: keep every failure except those a tolerance covers, and count those."""

    def __init__(self, tolerances: tuple[Tolerance, ...] = TOLERANCES) -> None:
        self.tolerances = tolerances
        self.dropped: Counter[str] = Counter()  # tolerance name -> failures dropped
        self._lock = threading.Lock()

    def __call__(self, context: HookContext, failure: Failure, case: Case[Any], response: Response) -> bool:
        for tolerance in self.tolerances:
            if tolerance.matches(failure, case, response):
                with self._lock:
                    self.dropped[tolerance.name] += 1
                return False
        return True
