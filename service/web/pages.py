"""The review web app: sign in, the queue, one suggestion, the audit trail, exports.

Server-rendered with Jinja (autoescaped); the little JavaScript there is (keyboard shortcuts,
select-all) is served from /static and the pages work without it."""

from __future__ import annotations

import secrets
from dataclasses import replace
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from service.core.domain import Citation, Suggestion, User
from service.core.errors import BadInput, PolicyRewriterError
from service.core.html import html_env
from service.core.personal_data import Masked, mask
from service.review.decisions import (
    REJECT_REASONS,
    SORTS,
    ChecksFailed,
    DecisionConflict,
    QueueFilter,
    Sort,
)
from service.review.diff import word_diff
from service.stages.root import Root
from service.web import masking
from service.web.hardening import LoginLimiter
from service.web.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Caller,
    PageCaller,
    get_root,
    require_page_role,
    same_secret,
)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100
STRENGTHS = {"": 0.0, "some": 0.5, "strong": 1.5, "very": 3.0}


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = html_env().get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never `//host` or `https://...` (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/review"


# --- signing in -----------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/review", error: str | None = None) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request, "login.html", 401 if error else 200, csrf=token, next=_safe_next(next), error=error
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/login",
    )
    return response


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/review",
) -> Response:
    root = get_root(request)
    if not same_secret(csrf, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return login_form(request, next, "The form expired; please sign in again.")
    limiter: LoginLimiter = request.app.state.login_limiter
    address = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(name, address)
    if wait:
        refused = login_form(
            request, next, f"Too many sign-in attempts; try again in {wait} seconds."
        )
        refused.status_code = 429
        refused.headers["Retry-After"] = str(wait)
        return refused
    web = root.people.sign_in(name, password)
    limiter.attempted(name, address, succeeded=web is not None)
    if web is None:
        return login_form(request, next, "Wrong name or password.")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        web.secret,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=int(root.settings.session_hours * 3600),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _check_csrf(caller: Caller, given: str) -> None:
    if not same_secret(given, caller.csrf_token):
        raise BadInput("the form's security token is missing or out of date; reload the page")


@router.post("/logout")
def logout(request: Request, caller: PageCaller, csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(caller, csrf)
    get_root(request).people.sign_out(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home() -> Response:
    return RedirectResponse("/review", status_code=303)


# --- the queue ------------------------------------------------------------------------------


def _filter(
    manual: str | None, review: str | None, status: str | None, strength: str, sort: str
) -> QueueFilter:
    chosen_sort: Sort = sort if sort in SORTS else "evidence"
    return QueueFilter(
        manual=manual or None,
        review=review if review in {"pending", "accepted", "rejected"} else None,
        status=status if status in {"ready", "blocked"} else None,
        min_strength=STRENGTHS.get(strength, 0.0),
        sort=chosen_sort,
    )


def _filter_from(query: dict[str, str]) -> tuple[QueueFilter, str]:
    """The queue filter a suggestion page carries in its query string, and its strength key."""
    strength = query.get("strength", "")
    chosen = _filter(
        query.get("manual"),
        query.get("review", "pending"),
        query.get("status"),
        strength,
        query.get("sort", "evidence"),
    )
    return chosen, strength


def _decided(root: Root, suggestion_id: str | None) -> Suggestion | None:
    """The suggestion just decided, for the notice on the page that follows."""
    if not suggestion_id:
        return None
    try:
        return root.review.suggestion(suggestion_id)
    except PolicyRewriterError:
        return None


def _filter_query(chosen: QueueFilter, strength: str) -> str:
    return urlencode(
        {
            "manual": chosen.manual or "",
            "review": chosen.review or "all",
            "status": chosen.status or "",
            "strength": strength,
            "sort": chosen.sort,
        }
    )


@router.get("/review")
def queue_page(
    request: Request,
    caller: PageCaller,
    manual: str | None = None,
    review: str = "pending",
    status: str | None = None,
    strength: str = "",
    sort: str = "evidence",
    page: Annotated[int, Query(ge=1)] = 1,
    accepted: int = 0,
    conflicts: int = 0,
    failed: int = 0,
    done: str | None = None,
) -> Response:
    root = get_root(request)
    chosen = _filter(manual, review, status, strength, sort)
    items, total, counts = root.review.queue(chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    manuals = root.review.suggestion_manuals()
    by_review = {
        state: _filter_query(replace(chosen, review=state), strength)
        for state in ("pending", "accepted", "rejected")
    }
    return render(
        request,
        "queue.html",
        caller=caller,
        items=items,
        total=total,
        counts=counts,
        chosen=chosen,
        strength=strength,
        strengths=STRENGTHS,
        sorts=SORTS,
        manuals=manuals,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        query=_filter_query(chosen, strength),
        by_review=by_review,
        done=_decided(root, done),
        bulk={"accepted": accepted, "conflicts": conflicts, "failed": failed},
    )


@router.post("/review/bulk")
async def bulk_accept(request: Request, caller: PageCaller) -> Response:
    """Accept every ticked suggestion, each as its own audited decision."""
    form = await request.form()
    _check_csrf(caller, str(form.get("csrf", "")))
    user = require_page_role(caller, "reviewer")
    root = get_root(request)
    chosen = {
        str(suggestion_id): str(form.get(f"version-{suggestion_id}", ""))
        for suggestion_id in form.getlist("selected")
    }
    # the decisions are database work: off the event loop
    done = await run_in_threadpool(partial(root.review.accept_many, chosen, user=user))
    back = str(form.get("back", ""))
    return RedirectResponse(f"/review?{back}&{urlencode(done)}", status_code=303)


# --- one suggestion -------------------------------------------------------------------------


def _marked(text: str, citation: Citation) -> list[tuple[bool, str]]:
    """The complaint cut around the quoted span: [(is_quote, text), ...]."""
    start, end = citation.start, citation.end
    if not (citation.verified and 0 <= start < end <= len(text)):
        found = text.find(citation.quote)
        if found < 0:
            return [(False, text)]
        start, end = found, found + len(citation.quote)
    return [(False, text[:start]), (True, text[start:end]), (False, text[end:])]


def _masked_parts(parts: list[tuple[bool, str]], masked: Masked) -> list[tuple[bool, str]]:
    """The complaint's parts (which make up its whole text) as they read masked."""
    shown, at = [], 0
    for quoted, text in parts:
        shown.append((quoted, masked.segment(at, at + len(text), lead=False)))
        at += len(text)
    return shown


def _complaints(root: Root, suggestion: Suggestion, user: User) -> list[dict[str, Any]]:
    cited = [c for c in suggestion.citations if c.source == "complaint"]
    rows = root.library.complaints_by_id(c.id for c in cited)
    originals = masking.sees_originals(user)
    shown = []
    for citation in cited:
        row = rows.get(citation.id)
        parts = _marked(row.text, citation) if row else [(True, citation.quote)]
        if not originals:
            parts = (
                _masked_parts(parts, masking.masked_complaint(row))
                if row
                else [(True, mask(citation.quote).text)]
            )
        shown.append(
            {
                "citation": citation,
                "parts": parts,
                "date": row.date if row else None,
                "channel": row.channel if row else None,
                "missing": row is None,
            }
        )
    return shown


def _suggestion_page(
    request: Request,
    caller: Caller,
    suggestion_id: str,
    query: dict[str, str],
    *,
    status_code: int = 200,
    error: str | None = None,
    edit_text: str | None = None,
    edit_checks: list[Any] | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    root = get_root(request)
    suggestion = root.review.suggestion(suggestion_id)
    chosen, strength = _filter_from(query)
    return render(
        request,
        "suggestion.html",
        status_code,
        caller=caller,
        s=suggestion,
        diff=word_diff(suggestion.original, suggestion.proposed),
        final_diff=word_diff(suggestion.original, suggestion.final_text)
        if suggestion.final_text and suggestion.final_text != suggestion.proposed
        else None,
        complaints=_complaints(root, suggestion, caller.user),
        decisions=root.review.decisions(suggestion_id),
        next_id=root.review.next_pending(chosen, after=suggestion_id),
        query=_filter_query(chosen, strength),
        reasons=REJECT_REASONS,
        error=error,
        edit_text=edit_text,
        edit_checks=edit_checks,
        form=form or {},
        done=_decided(root, query.get("done")),
        can_decide=caller.user.has("reviewer"),
    )


@router.get("/review/{suggestion_id}")
def suggestion_page(request: Request, caller: PageCaller, suggestion_id: str) -> Response:
    return _suggestion_page(request, caller, suggestion_id, dict(request.query_params))


@router.post("/review/{suggestion_id}")
def decide(
    request: Request,
    caller: PageCaller,
    suggestion_id: str,
    action: Annotated[str, Form()],
    version: Annotated[int, Form()],
    csrf: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    reason_detail: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    _check_csrf(caller, csrf)
    user = require_page_role(caller, "reviewer")
    root = get_root(request)
    query = dict(request.query_params)
    form = {"reason": reason, "reason_detail": reason_detail, "comment": comment}
    if action not in {"accept", "reject", "edit"}:
        raise BadInput(f"unknown action {action!r}")
    try:
        root.review.decide(
            suggestion_id,
            action,  # type: ignore[arg-type]
            user=user,
            version=version,
            text=text if action == "edit" else None,
            reason=reason if action == "reject" else None,
            reason_detail=reason_detail if action == "reject" else None,
            comment=comment or None,
        )
    except ChecksFailed as exc:
        return _suggestion_page(
            request,
            caller,
            suggestion_id,
            query,
            status_code=422,
            error=exc.message,
            edit_text=text,
            edit_checks=exc.checks,
            form=form,
        )
    except DecisionConflict as exc:
        return _suggestion_page(
            request, caller, suggestion_id, query, status_code=409, error=exc.message
        )
    except BadInput as exc:
        return _suggestion_page(
            request,
            caller,
            suggestion_id,
            query,
            status_code=422,
            error=exc.message,
            edit_text=text if action == "edit" else None,
            form=form,
        )
    chosen, strength = _filter_from(query)
    back = _filter_query(chosen, strength)
    following = root.review.next_pending(chosen, after=suggestion_id)
    if following:
        return RedirectResponse(
            f"/review/{following}?{back}&{urlencode({'done': suggestion_id})}", status_code=303
        )
    return RedirectResponse(f"/review?{back}&{urlencode({'done': suggestion_id})}", status_code=303)


# --- audit and export -----------------------------------------------------------------------


@router.get("/complaints/quarantined")
def quarantined_page(request: Request, caller: PageCaller) -> Response:
    """Complaints kept out of evidence and prompts because they try to instruct the system."""
    root = get_root(request)
    return render(
        request,
        "quarantined.html",
        caller=caller,
        complaints=masking.complaints(
            root.library.complaints(limit=1000, quarantined=True), caller.user
        ),
    )


@router.get("/manuals/{manual_id}/audit")
def audit_page(request: Request, caller: PageCaller, manual_id: str) -> Response:
    root = get_root(request)
    return render(
        request,
        "audit.html",
        caller=caller,
        manual=root.library.manual(manual_id),
        entries=root.review.audit(manual_id),
    )


@router.get("/manuals/{manual_id}/export")
def export_page(
    request: Request,
    caller: PageCaller,
    manual_id: str,
    format: Annotated[str, Query(pattern="^(md|html|docx)$")] = "html",
) -> Response:
    require_page_role(caller, "owner")
    content, media, name = get_root(request).review.export(manual_id, format)
    disposition = "inline" if format == "html" else "attachment"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )


# --- batches --------------------------------------------------------------------------------


def _batches_page(
    request: Request, caller: Caller, *, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    root = get_root(request)
    return render(
        request,
        "batches.html",
        status_code,
        caller=caller,
        batches=root.batches.recent(),
        error=error,
        default_model=root.settings.model,
        default_concurrency=root.settings.batch_concurrency,
    )


@router.get("/batches")
def batches_page(request: Request, caller: PageCaller) -> Response:
    return _batches_page(request, caller)


@router.post("/batches")
async def start_batch(request: Request, caller: PageCaller) -> Response:
    """The upload form: every file is read first; a bad one is named and nothing is stored."""
    form = await request.form()
    _check_csrf(caller, str(form.get("csrf", "")))
    user = require_page_role(caller, "owner")
    root = get_root(request)
    limit = root.settings.max_file_bytes
    try:
        inputs = []
        for upload in form.getlist("files"):
            if isinstance(upload, str) or not upload.filename:
                continue
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise BadInput(f"{upload.filename} is over the limit of {limit:,} bytes")
            inputs.append((upload.filename, data))
        concurrency = str(form.get("concurrency", "")).strip()
        found = await run_in_threadpool(root.batches.files, inputs)
        info = await run_in_threadpool(
            partial(
                root.batches.create,
                found,
                model=str(form.get("model", "")).strip() or None,
                concurrency=concurrency,
                origin="api",
                actor=user.name,
            )
        )
    except PolicyRewriterError as exc:
        return _batches_page(request, caller, error=exc.message, status_code=exc.status_code)
    request.app.state.batches.submit(info.id)
    return RedirectResponse(f"/batches/{info.id}", status_code=303)


@router.get("/batches/{batch_id}")
def batch_page(request: Request, caller: PageCaller, batch_id: str) -> Response:
    return render(
        request, "batch.html", caller=caller, batch=get_root(request).batches.info(batch_id)
    )


@router.post("/batches/{batch_id}/resume")
def resume_batch_page(
    request: Request,
    caller: PageCaller,
    batch_id: str,
    csrf: Annotated[str, Form()] = "",
    retry_failed: Annotated[bool, Form()] = False,
) -> Response:
    _check_csrf(caller, csrf)
    require_page_role(caller, "owner")
    get_root(request).batches.resumable(batch_id)
    request.app.state.batches.submit(batch_id, retry_failed=retry_failed)
    return RedirectResponse(f"/batches/{batch_id}", status_code=303)
