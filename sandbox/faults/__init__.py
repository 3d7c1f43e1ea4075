"""Fault modes: the sandbox made wrong on purpose, by name, so that `connect-cert selftest` can show that the
suites catch each fault (and stay green without it).

Turn them on with `connect-cert sandbox serve --fault NAME` (repeatable), `PUT /_sandbox/config
{"fault_modes": [NAME, …]}` (replaces the active set), `create_app(fault_modes=[…])`, or for `connect-cert
certify` on the embedded sandbox with `CONNECT_CERT_SANDBOX_FAULTS=NAME,…`. `GET /_sandbox/info` lists the
active ones. Names are `family.name`; `catalog()` lists them all, each with its one-line description.

These are not the one-shot `faults` setting (an ErrorType answered once by an operation): a fault mode stays
on, and makes the sandbox wrong in a way a faulty integration would be.

Families and where they act (`registry` explains the three kinds):
- contract, auth, payments: mostly HTTP transforms (`middleware`), a few behavioral hooks;
- lifecycle: behavioral hooks in the Connect and charging code (`hooks.Point`);
- web_client, stripe_js, paymentsheet: read by the static JavaScript (`clients`).
"""

from connect_cert.sandbox.faults import auth, clients, contract, lifecycle, payments
from connect_cert.sandbox.faults.hooks import Point
from connect_cert.sandbox.faults.registry import (
    CLIENT_FAMILIES,
    FAMILIES,
    Fault,
    UnknownFault,
    catalog,
    get,
    validate,
)
from connect_cert.sandbox.faults.state import active_faults, hook, is_active, modes, set_modes

__all__ = [
    "CLIENT_FAMILIES",
    "FAMILIES",
    "Fault",
    "Point",
    "UnknownFault",
    "active_faults",
    "auth",
    "catalog",
    "clients",
    "contract",
    "get",
    "hook",
    "is_active",
    "lifecycle",
    "modes",
    "payments",
    "set_modes",
    "validate",
]
