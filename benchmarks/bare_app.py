"""The baseline: one JSON endpoint on the same framework and server as the sandbox."""

from __future__ import annotations

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from connect_cert.sandbox.server import HOST, bind


async def ping(request: Request) -> JSONResponse:
    return JSONResponse({"id": "00000000-0000-0000-0000-000000000000", "email": None, "locale": "en"})


def main() -> None:
    sock = bind(0)
    app = Starlette(routes=[Route("/ping/", ping)])
    print(f"Bare app on http://{HOST}:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")).run(sockets=[sock])


if __name__ == "__main__":
    main()
