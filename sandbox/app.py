"""The sandbox as one ASGI app: Connect API, Stripe emulator, control API and static web, one origin."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount

from connect_cert.sandbox import connect, control, stripe, web
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.faults import set_modes
from connect_cert.sandbox.faults.middleware import FaultMiddleware
from connect_cert.sandbox.store import Store


async def _not_found(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/stripe/"):
        return JSONResponse(
            {
                "error": {
                    "type": "invalid_request_error",
                    "message": f"Unrecognized request URL ({request.method}: {request.url.path}).",
                }
            },
            404,
        )
    return JSONResponse({"detail": "Not found."}, 404)


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    # DRF names the allowed methods, as RFC 9110 asks of a 405.
    return JSONResponse(
        {"detail": f'Method "{request.method}" not allowed.'}, 405, headers=getattr(exc, "headers", None)
    )


def create_app(db_path: str | None = None, store: Store | None = None, fault_modes: Iterable[str] = ()) -> Starlette:
    """A sandbox app over a fresh in-memory store, a SQLite file (kept across restarts) or a given store.

    `fault_modes` names the faults it runs with (`connect_cert.sandbox.faults`); an unknown name raises
    `faults.UnknownFault`.
    """
    sandbox = Sandbox(store or Store(db_path))
    set_modes(sandbox, fault_modes)
    stripe.install(sandbox)
    connect.install(sandbox)
    routes: list[BaseRoute] = [
        Mount("/api/v1", routes=connect.routes()),
        Mount("/stripe", routes=stripe.routes()),
        Mount("/_sandbox", routes=control.routes()),
        *web.routes(),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={404: _not_found, 405: _method_not_allowed},
        middleware=[Middleware(web.StripeCors), Middleware(FaultMiddleware, sandbox=sandbox)],
    )
    app.state.sandbox = sandbox
    return app
