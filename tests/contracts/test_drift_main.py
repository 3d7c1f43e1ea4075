"""`contract diff` prints breaking and non-breaking differences and exits 0, 1 or 2 (one line, no traceback)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from connect_cert.contracts.drift import CONTRACT, main


def _contract() -> dict[str, Any]:
    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def _run(other: str, **kwargs: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(other, out=out, err=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


NO_KNOWN_DRIFT = "entries: []\n"


def test_our_contract_against_itself_exits_0(tmp_path: Path) -> None:
    code, out, err = _run(_write(tmp_path, "same.yaml", _contract()))
    assert (code, err) == (0, "")
    assert "0 new breaking, 0 known breaking, 0 non-breaking difference(s): exit 0" in out


def test_a_dropped_count_is_new_breaking_and_exits_1(tmp_path: Path) -> None:
    other = _contract()
    other["components"]["schemas"]["PageLinks"]["required"] = ["results"]
    code, out, _ = _run(_write(tmp_path, "other.yaml", other))
    assert code == 1
    new_section = out.split("BREAKING, new")[1].split("BREAKING, known")[0]
    assert "users_list (GET /api/v1/users/) response 200 application/json: count" in new_section
    assert "field_became_optional: field 'count' ours: required; other: optional" in new_section


def test_a_renamed_setup_secret_names_the_operation(tmp_path: Path) -> None:
    other = _contract()
    setup = other["components"]["schemas"]["ConnectAPISetupIntent"]
    setup["properties"] = {"client_secret": setup["properties"].pop("setup_intent_client_secret")}
    setup["required"] = ["client_secret"]
    code, out, _ = _run(_write(tmp_path, "other.yaml", other), known_drift=_write(tmp_path, "kd.yaml", NO_KNOWN_DRIFT))
    assert code == 1
    assert (
        "users_setup_intents_retrieve (GET /api/v1/users/{user_id}/setup-intents/) response 200 application/json: "
        "setup_intent_client_secret" in out
    )


def test_only_additions_exit_0_and_are_listed_as_non_breaking(tmp_path: Path) -> None:
    other = _contract()
    health = {"operationId": "health_retrieve", "responses": {"200": {"description": "ok"}}}
    other["paths"]["/api/v1/health/"] = {"get": health}
    code, out, _ = _run(_write(tmp_path, "other.yaml", other))
    assert code == 0
    assert "NON-BREAKING (1)" in out and "health_retrieve (GET /api/v1/health/)" in out


def test_known_drift_is_listed_marked_and_does_not_fail(tmp_path: Path) -> None:
    other = _contract()
    del other["paths"]["/api/v1/stations/partners/"]
    known = {
        "entries": [
            {
                "id": "partners-gone",
                "summary": "s",
                "matches": [{"kind": "operation_removed", "location": "stations_partners_list *"}],
            }
        ]
    }
    code, out, _ = _run(_write(tmp_path, "other.yaml", other), known_drift=_write(tmp_path, "kd.yaml", known))
    assert code == 0
    assert "BREAKING, known (1)" in out and "[known: partners-gone]" in out
    code, out, _ = _run(_write(tmp_path, "other.yaml", other), known_drift=_write(tmp_path, "kd.yaml", NO_KNOWN_DRIFT))
    assert code == 1 and "BREAKING, new (1)" in out and "[known:" not in out


def test_the_reference_can_be_another_file(tmp_path: Path) -> None:
    ours = _contract()
    del ours["paths"]["/api/v1/stations/partners/"]
    code, out, _ = _run(str(CONTRACT), ours=_write(tmp_path, "ours.yaml", ours))
    assert code == 0 and "operation_added" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read"),
        ("openapi: 3.0.3\npaths: [\n", "is not valid YAML or JSON at line"),
        ("- a\n- b\n", "is not an OpenAPI document (not a mapping)"),
        ("swagger: '2.0'\npaths: {}\n", "is a Swagger 2.0 document"),
        ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n", "no 'paths' mapping"),
        ('{"title": "not an api"}', "no 'openapi: 3.x' field"),
        (
            "openapi: 3.0.3\npaths:\n  /a/:\n    get:\n      responses:\n        '200': {$ref: '#/nope'}\n",
            "unresolvable $ref '#/nope'",
        ),
        ("openapi: 3.0.3\npaths:\n  /api/v1/users/: [1, 2]\n", "is not a mapping"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: str | None, expected: str) -> None:
    other = str(tmp_path / "missing.yaml") if content is None else _write(tmp_path, "other.yaml", content)
    code, out, err = _run(other)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("connect-cert contract diff: ")
    assert expected in err and "Traceback" not in err
    assert other in err


def test_a_directory_exits_2(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path))
    assert code == 2 and "cannot read" in err and err.count("\n") == 1


def test_a_broken_known_drift_file_exits_2(tmp_path: Path) -> None:
    known = {"entries": [{"id": "x", "matches": [{"kind": "no_such_kind", "location": "*"}]}]}
    code, _, err = _run(str(CONTRACT), known_drift=_write(tmp_path, "kd.yaml", known))
    assert code == 2 and "entry 'x' has a match without a known kind" in err
