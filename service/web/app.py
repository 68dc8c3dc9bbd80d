"""FastAPI application: JSON API over the same `Workspace` the CLI uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from service import __version__
from service.core.errors import PolicyRewriterError
from service.core.settings import Settings
from service.web import api
from service.workspace import Workspace


def create_app(settings: Settings | None = None, *, workspace: Workspace | None = None) -> FastAPI:
    """Build the app; pass `workspace` to share one (tests), else one is made from settings."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.workspace = workspace or Workspace(settings or Settings())
        try:
            yield
        finally:
            if workspace is None:
                app.state.workspace.close()

    app = FastAPI(
        title="policy-rewriter",
        version=__version__,
        lifespan=lifespan,
        description="Find the rules that say no to customers, and the complaints behind them.",
    )

    @app.exception_handler(PolicyRewriterError)
    async def domain_error(_request: Request, exc: PolicyRewriterError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status_code)

    app.include_router(api.router)
    return app
