"""FastAPI application: the JSON API and the review pages, over the same stage services
(`service.stages.root.Root`) the CLI uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import __version__
from service.batch.background import BatchRunner
from service.core.errors import PolicyRewriterError
from service.core.html import STATIC, html_env
from service.core.process import configure_process
from service.core.settings import Settings
from service.drafting.models import LOCAL_MODELS
from service.stages.root import Root
from service.web import admin, api, pages
from service.web.hardening import LoginLimiter, SecurityHeaders
from service.web.security import NotSignedIn, page_caller

TITLES = {401: "Please sign in", 403: "Not allowed", 404: "Not found", 409: "Already decided"}


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    try:
        caller = page_caller(request)
    except PolicyRewriterError:
        caller = None
    html = (
        html_env()
        .get_template("error.html")
        .render(
            request=request,
            caller=caller,
            title=TITLES.get(status, "Something is wrong"),
            message=message,
        )
    )
    return HTMLResponse(html, status_code=status)


def create_app(settings: Settings | None = None, *, root: Root | None = None) -> FastAPI:
    """Build the app; pass `root` to share one (tests), else one is made from settings."""
    configure_process(local_models=LOCAL_MODELS)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.root = root or Root(settings=settings or Settings())
        app.state.batches = BatchRunner(app.state.root.batches)
        app.state.batches.start()
        try:
            yield
        finally:
            app.state.batches.stop()
            if root is None:
                app.state.root.close()

    app = FastAPI(
        title="policy-rewriter",
        version=__version__,
        lifespan=lifespan,
        description="Find the rules that say no to customers, and the complaints behind them.",
    )

    @app.exception_handler(PolicyRewriterError)
    async def domain_error(request: Request, exc: PolicyRewriterError) -> Response:
        if not _is_page(request):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
            return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)
        if isinstance(exc, NotSignedIn):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return _error_page(request, exc.status_code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Starlette's own errors (an unknown path, a method the path does not take) in the
        API's error shape."""
        if _is_page(request):
            return await http_exception_handler(request, exc)
        kinds = {404: "not_found", 405: "method_not_allowed"}
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only its first route's
            headers["Allow"] = ", ".join(api.allowed_methods(request))
        return JSONResponse(
            {"error": kinds.get(exc.status_code, "error"), "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        if _is_page(request):
            return _error_page(request, 422, f"The request is not valid: {problems}")
        return JSONResponse(
            {"error": "bad_input", "message": problems, "detail": jsonable_encoder(exc.errors())},
            status_code=422,
        )

    app.state.login_limiter = LoginLimiter()
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    api.document_errors(app)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
