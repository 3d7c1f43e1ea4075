"""Work-arounds for the Python this harness runs on, each with the bug it avoids."""

from __future__ import annotations

import ast
import sys
import threading
from collections.abc import Callable
from typing import Any

_AST_LOCK = threading.Lock()


def serialize_ast_parse() -> None:
    """Let one thread at a time run `ast.parse`.

    CPython before 3.13 can raise `SystemError: AST constructor recursion depth mismatch` when two
    threads build an AST at once (gh-106905). Hypothesis parses lambda sources to describe strategies,
    so Schemathesis workers hit it; the error then fails an operation of the run for nothing.
    """
    if sys.version_info >= (3, 13) or getattr(ast.parse, "__connect_cert_serialized__", False):
        return
    original: Callable[..., Any] = ast.parse

    def parse(*args: Any, **kwargs: Any) -> Any:
        with _AST_LOCK:
            return original(*args, **kwargs)

    parse.__connect_cert_serialized__ = True  # type: ignore[attr-defined]
    parse.__doc__ = original.__doc__
    ast.parse = parse
