"""One line per problem in a device matrix, naming the file, the entry and the field (exit 2)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import yaml

from connect_cert.harness.exitcodes import ConfigError

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
PLACEHOLDER = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")  # ${VAR}: resolved from the environment at session start
SECRET_LIKE = re.compile(r"^(eyJ|sk_|rk_|pk_|whsec_)|_secret_")


class MatrixError(ConfigError):
    """The device matrix (or a partner config's device entries) is invalid; one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Sink(Protocol):
    """Anything that collects `where: problem` lines (ours, or the partner config's)."""

    def add(self, where: str, problem: str) -> None: ...


class Problems:
    """Collects `origin: where: problem` lines; `where` is `devices.<entry id>.<field>`."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.lines: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.lines.append(f"{self.origin}: {where}: {problem}" if where else f"{self.origin}: {problem}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise MatrixError(self.lines)


def unknown_keys(problems: Sink, data: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    choices = tuple(known)
    for key in data:
        if key not in choices:
            found = difflib.get_close_matches(str(key), choices, n=1, cutoff=0.7)
            hint = f"did you mean {found[0]!r}? " if found else ""
            problems.add(f"{where}.{key}" if where else str(key), f"unknown field ({hint}known: {', '.join(choices)})")


def text(value: Any, where: str, problems: Sink, *, required: bool = False) -> str | None:
    """Non-empty text (numbers become text: YAML reads `os_version: 17.5` as a float)."""
    if value is None:
        if required:
            problems.add(where, "missing")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"expected non-empty text, got {value!r}")
        return None
    return value.strip()


def env_name(value: Any, where: str, problems: Sink, default: str) -> str:
    """The NAME of an environment variable; a value that looks like a credential is refused, unprinted."""
    name = text(value, where, problems)
    if name is None:
        return default
    if SECRET_LIKE.search(name) or not ENV_NAME.match(name):
        problems.add(where, "expected the NAME of an environment variable (A-Z, 0-9, _), never the credential itself")
        return default
    return name


def mapping(value: Any, where: str, problems: Sink) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    problems.add(where, f"expected a mapping, got {type(value).__name__}")
    return None


def read_yaml(path: Path, *, what: str, expected: str, error: Callable[[list[str]], ConfigError]) -> Any:
    """The parsed YAML of `path`, or `error` with one line: `what` names the file ("the device matrix"),
    `expected` what to give instead of a folder ("the path of the matrix file")."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([f"{path}: {what} does not exist"]) from None
    except IsADirectoryError:
        raise error([f"{path}: is a folder; give {expected}"]) from None
    except OSError as exc:
        raise error([f"{path}: cannot read {what}: {exc.strerror}"]) from None
    try:
        return yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise error([f"{path.name}: not valid YAML{line}: {getattr(exc, 'problem', None) or exc}"]) from None
