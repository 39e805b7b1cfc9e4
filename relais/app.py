"""The ASGI application: routes, one JSON error shape, health, lifecycle of the runtime."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relais import __version__, web, ws_visitor
from relais.api import router
from relais.errors import InvalidInput, RelaisError
from relais.runtime import Runtime
from relais.settings import Settings

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {"Retry-After": "2"} if status == 503 else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


class ServerTiming:
    """`Server-Timing: app;dur=<ms>` on every HTTP response: the server's own time, for clients and benchmarks.

    A plain ASGI middleware (Starlette's BaseHTTPMiddleware costs about a millisecond per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                headers = [*message.get("headers", []), (b"server-timing", f"app;dur={elapsed:.2f}".encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)


def create_app(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    runtime = runtime or Runtime(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Start in the background: the socket is open at once and /healthz says 503 until ready.
        task = asyncio.create_task(runtime.start())
        app.state.start_task = task
        try:
            yield
        finally:
            if not task.done():
                task.cancel()
            await runtime.stop()

    app = FastAPI(title="Relais", version=__version__, lifespan=lifespan,
                  description="Customer-service assistant: answers from the knowledge base, hands over to humans.")
    app.state.runtime = runtime
    app.include_router(router)
    app.include_router(ws_visitor.router(settings))
    app.include_router(web.router())

    app.add_middleware(ServerTiming)
    if settings.origin_list:
        # Browsers on the listed sites may call the visitor API (same-origin calls need no header).
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.origin_list),
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)

    @app.exception_handler(RelaisError)
    async def relais_error(_: Request, exc: RelaisError) -> JSONResponse:
        if isinstance(exc, InvalidInput) and exc.field:
            return error(exc.status, exc.code, exc.message, fields=[{"field": exc.field, "message": exc.message}])
        return error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
                  for e in exc.errors()]
        summary = "; ".join(f"{f['field'] or 'body'}: {f['message']}" for f in fields)
        return error(422, "invalid_input", summary, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
        return error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error(500, "internal_error", "an unexpected error occurred; it has been logged")

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> JSONResponse:
        if runtime.ready and runtime.engine_down:
            return JSONResponse({"status": "restarting"}, status_code=503)
        if runtime.ready:
            return JSONResponse({"status": "ok"})
        if runtime.failure:
            return JSONResponse({"status": "failed", "error": runtime.failure}, status_code=503)
        return JSONResponse({"status": "starting"}, status_code=503)

    return app
