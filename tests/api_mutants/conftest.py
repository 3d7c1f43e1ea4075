"""Fixtures of the mutant tests (helpers live in support.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from tests.api_mutants.mutants import Mutant
from tests.api_mutants.support import Served, serve_mutant


@pytest.fixture
def serve() -> Callable[[type[Mutant] | None], AbstractContextManager[Served]]:
    """`with serve(Mutant) as (target, app):` a wrapped sandbox on loopback; `serve(None)`: the sandbox as is."""
    return serve_mutant
