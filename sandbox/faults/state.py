"""Which fault modes a running sandbox has, and the hook call the sandbox's code makes at each hook point.

The active set belongs to the running server, not to its data: `POST /_sandbox/reset` keeps it, a restart
starts from what the command line (or `create_app(fault_modes=…)`) gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.faults.registry import REGISTRY, Fault, validate

T = TypeVar("T")

_ACTIVE: WeakKeyDictionary[Sandbox, tuple[Fault, ...]] = WeakKeyDictionary()


def set_modes(sb: Sandbox, names: Iterable[str]) -> tuple[str, ...]:
    """Make exactly these fault modes active (none: an empty list); an unknown name changes nothing."""
    chosen = validate(names)
    _ACTIVE[sb] = tuple(REGISTRY[name] for name in chosen)
    return chosen


def modes(sb: Sandbox) -> tuple[str, ...]:
    return tuple(f.name for f in _ACTIVE.get(sb, ()))


def active_faults(sb: Sandbox) -> tuple[Fault, ...]:
    return _ACTIVE.get(sb, ())


def is_active(sb: Sandbox, name: str) -> bool:
    return any(f.name == name for f in _ACTIVE.get(sb, ()))


def hook(sb: Sandbox, point: str, value: T, **context: Any) -> T:
    """The value the sandbox goes on with at `point`: `value`, unless an active fault transforms it."""
    active = _ACTIVE.get(sb)
    if not active:
        return value
    for fault in active:
        transform = fault.hooks.get(point)
        if transform is not None:
            value = transform(value, point, sb=sb, **context)
    return value
