"""JSON endpoints: manuals, rules, complaints, conflicts and suggestions."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.concurrency import run_in_threadpool

from service.batch.background import BatchRunner
from service.batch.report import MEDIA, report_markdown
from service.batch.store import BatchFile
from service.core.domain import (
    AuditEntry,
    BatchEstimate,
    BatchInfo,
    BatchReport,
    Complaint,
    ComplaintIngestReport,
    Conflict,
    Decision,
    DecisionAction,
    ManualVersionInfo,
    ReviewState,
    Role,
    Rule,
    RuleMatch,
    Suggestion,
    SuggestionStatus,
    User,
)
from service.core.errors import ConfigurationError, TooLarge
from service.core.errors import Conflict as ConflictError
from service.core.llm import UnknownModel
from service.review.decisions import REJECT_REASONS
from service.review.export import FORMATS
from service.stages.root import Root
from service.web import masking
from service.web.security import Admin, ApiUser, Owner, Reviewer, api_caller, get_root


class ErrorBody(BaseModel):
    """Every error the API answers: a kind to branch on and a message to show. Some kinds
    add fields: `detail` (bad_input from validation), `checks` (checks_failed) and `current`
    (a decision conflict)."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(
        description="not_found, bad_input, unauthorized, forbidden, conflict, too_large, …"
    )
    message: str = Field(description="What is wrong and where, for a person to act on.")


_ERRORS = {
    400: "The request cannot be used as given.",
    401: "No valid bearer token (missing, unknown, revoked, or its user disabled).",
    403: "The caller's roles do not allow this, or a cookie-signed request lacks its CSRF token.",
    404: "Nothing stored under that id.",
    409: "The request clashes with what is stored (e.g. someone decided first).",
    413: "An upload over the size limit.",
    415: "An upload of a format that cannot be read.",
    422: "Invalid input: a parameter or field out of range, of the wrong type, or refused.",
    429: "Too many requests: wait and try again.",
    502: "The language model failed to give a usable answer.",
    503: "A backing service (database, vector store, model server) cannot be reached.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each with the error body."""
    return {code: {"model": ErrorBody, "description": _ERRORS[code]} for code in codes}


# Every signed-in route can answer these (and 404 when its path names something); routes
# declare their own (404 for a filter naming nothing, 409...) besides.
COMMON_ERRORS = (400, 401, 403, 422, 429, 503)


def document_errors(app: FastAPI) -> None:
    """Declare the common errors, with their body, on every /api operation that needs a
    caller, whichever router added it."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorBody"] = ErrorBody.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for path, item in schema.get("paths", {}).items():
            for operation in item.values():
                if not path.startswith("/api/") or "security" not in operation:
                    continue
                responses = operation.setdefault("responses", {})
                # a path names something stored, which may not be there
                for code in COMMON_ERRORS + ((404,) if "{" in path else ()):
                    responses.setdefault(str(code), {"description": _ERRORS[code], "content": body})
                # FastAPI's own 422 body is not what the API answers (see create_app)
                responses["422"] = {"description": _ERRORS[422], "content": body}
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


# Paging: an offset beyond every row is an empty page, but it must fit the database's
# integers; the cap is far above any real table.
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]

router = APIRouter(prefix="/api")
# Everything but /api/health needs a signed-in caller; some routes also need a role.
private = APIRouter(dependencies=[Depends(api_caller)])


async def _root(request: Request) -> Root:
    # async: no I/O, so FastAPI runs it on the event loop, not in a worker thread
    return get_root(request)


RootDep = Annotated[Root, Depends(_root)]


class ManualIngestResult(ManualVersionInfo):
    unchanged: bool


async def _read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{upload.filename} is over the limit of {limit:,} bytes")
    return data


@router.get("/health", tags=["service"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@private.get("/manuals", tags=["manuals"])
def list_manuals(root: RootDep) -> list[ManualVersionInfo]:
    return root.library.manuals()


@private.post("/manuals", tags=["manuals"], status_code=201, responses=errors(413, 415))
async def upload_manual(
    root: RootDep, user: Owner, file: Annotated[UploadFile, File()]
) -> ManualIngestResult:
    """Upload a manual (Markdown, text, HTML, DOCX or PDF)."""
    data = await _read_upload(file, root.settings.max_file_bytes)
    # ingest is seconds of parsing, embedding and database work: off the event loop, so the
    # other requests this process serves go on meanwhile
    result = await run_in_threadpool(
        partial(root.ingest.manual, data=data, filename=file.filename or "manual", actor=user.name)
    )
    return ManualIngestResult(**result.info.model_dump(), unchanged=result.unchanged)


@private.get("/manuals/{manual_id}", tags=["manuals"], responses=errors(404))
def get_manual(root: RootDep, manual_id: str) -> ManualVersionInfo:
    return root.library.manual(manual_id)


@private.get("/rules", tags=["rules"], responses=errors(404))
def list_rules(root: RootDep, manual: str | None = None) -> list[Rule]:
    return root.library.rules(manual)


@private.get("/rules/{rule_id}", tags=["rules"], responses=errors(404))
def get_rule(root: RootDep, rule_id: str) -> Rule:
    return root.library.rule(rule_id)


@private.get("/complaints", tags=["complaints"])
def list_complaints(
    root: RootDep,
    caller: ApiUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
    quarantined: Annotated[
        bool | None,
        Query(description="Only complaints quarantined for trying to instruct the system, or not."),
    ] = None,
) -> list[Complaint]:
    """Stored complaints. A quarantined one carries the reason and is never evidence."""
    found = root.library.complaints(limit=limit, offset=offset, quarantined=quarantined)
    return masking.complaints(found, caller.user)


@private.post("/complaints", tags=["complaints"], status_code=201, responses=errors(404, 413, 415))
async def upload_complaints(
    root: RootDep,
    _user: Owner,
    file: Annotated[UploadFile, File()],
    text_column: Annotated[str | None, Form()] = None,
    id_column: Annotated[str | None, Form()] = None,
    date_column: Annotated[str | None, Form()] = None,
    channel_column: Annotated[str | None, Form()] = None,
    manual: Annotated[
        str | None, Form(description="Tie the complaints to this manual: only its rules match.")
    ] = None,
) -> ComplaintIngestReport:
    """Upload complaints (CSV, JSON Lines or JSON). Bad rows are skipped and listed."""
    data = await _read_upload(file, root.settings.max_file_bytes)
    return await run_in_threadpool(  # off the event loop, as a manual's ingest
        partial(
            root.ingest.complaints,
            data=data,
            filename=file.filename or "complaints.csv",
            text_column=text_column,
            id_column=id_column,
            date_column=date_column,
            channel_column=channel_column,
            manual=manual,
        )
    )


@private.get("/complaints/{complaint_id}", tags=["complaints"], responses=errors(404))
def get_complaint(root: RootDep, caller: ApiUser, complaint_id: str) -> Complaint:
    return masking.complaints([root.library.complaint(complaint_id)], caller.user)[0]


@private.get("/complaints/{complaint_id}/rules", tags=["conflicts"], responses=errors(404))
def rules_for_complaint(
    root: RootDep,
    caller: ApiUser,
    complaint_id: str,
    top: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[RuleMatch]:
    """The rules this complaint is most likely about, best first."""
    found = root.matching.rules_for_complaint(complaint_id, top=top)
    return masking.rule_matches(root, complaint_id, found, caller.user)


@private.get("/conflicts", tags=["conflicts"], responses=errors(404))
def list_conflicts(
    root: RootDep,
    caller: ApiUser,
    manual: str | None = None,
    top: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    complaint: str | None = None,
) -> list[Conflict] | list[RuleMatch]:
    """Rules ranked by complaint evidence; with `complaint=ID`, the rules for that complaint."""
    if complaint:
        found = root.matching.rules_for_complaint(complaint, top=top or 5, manual=manual)
        return masking.rule_matches(root, complaint, found, caller.user)
    return masking.conflicts(root, root.matching.conflicts(manual=manual, top=top), caller.user)


@private.get("/conflicts/{rule_id}", tags=["conflicts"], responses=errors(404))
def get_conflict(
    root: RootDep,
    caller: ApiUser,
    rule_id: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Conflict:
    return masking.conflicts(root, [root.matching.conflict(rule_id, limit=limit)], caller.user)[0]


class DraftRequest(BaseModel):
    # No api_base here: a caller must not make the server send prompts to any URL it names.
    # The model server is a server-side setting (POLICY_REWRITER_API_BASE).
    model: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="litellm model string (provider/model) or 'builtin'; default: the "
        "configured one. 422 for a model this server cannot use.",
    )
    fresh: bool = Field(default=False, description="Ask the model again despite a cached draft.")


@private.post(
    "/rules/{rule_id}/suggestions",
    tags=["suggestions"],
    status_code=201,
    responses=errors(404, 409, 502),
)
def draft_rule(
    root: RootDep, user: Owner, rule_id: str, request: DraftRequest | None = None
) -> Suggestion:
    """Draft (or return the cached draft of) a rewrite of one rule. 409 when the rule needs
    no rewrite; 422 for a model this server cannot use (unknown, no key, unreachable)."""
    options = request or DraftRequest()
    skipped: dict[str, str] = {}
    try:
        drafted = root.drafting.draft(
            [rule_id], model=options.model, fresh=options.fresh, skipped=skipped
        )
    except ConfigurationError as exc:
        if options.model is None or options.model == root.settings.model:
            raise  # the server's own model: its configuration is at fault
        # A model the caller chose refused the request or cannot be reached from here.
        raise UnknownModel(
            f"model {options.model[:80]!r} cannot be used by this server: "
            f"{exc.message.splitlines()[0][:300]}"
        ) from exc
    if not drafted:
        raise ConflictError(f"rule {rule_id} needs no rewrite: {skipped[rule_id]}")
    return masking.suggestion(root, drafted[0], user)


MAX_PAGE = 200


class SuggestionPage(BaseModel):
    """One page of suggestions, newest first; follow `next` until it is null."""

    items: list[Suggestion]
    total: int = Field(description="How many suggestions match the filters in all.")
    limit: int
    offset: int
    next: str | None = Field(
        description="The path and query of the next page, or null on the last page."
    )


@private.get("/suggestions", tags=["suggestions"])
def list_suggestions(
    request: Request,
    root: RootDep,
    caller: ApiUser,
    status: SuggestionStatus | None = None,
    manual: str | None = None,
    review: ReviewState | None = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"Page size, 1 to {MAX_PAGE}.")
    ] = 50,
    offset: Offset = 0,
) -> SuggestionPage:
    """Suggestions, newest first, a page at a time (`limit`, `offset`), with the total."""
    items, total = root.review.suggestion_page(
        status=status, manual=manual, review=review, limit=limit, offset=offset
    )
    following = offset + len(items)
    next_page = None
    if items and following < total:
        query = request.url.include_query_params(offset=following, limit=limit).query
        next_page = f"{request.url.path}?{query}"
    items = masking.suggestions(root, items, caller.user)
    return SuggestionPage(items=items, total=total, limit=limit, offset=offset, next=next_page)


@private.get("/suggestions/{suggestion_id}", tags=["suggestions"], responses=errors(404))
def get_suggestion(root: RootDep, caller: ApiUser, suggestion_id: str) -> Suggestion:
    return masking.suggestion(root, root.review.suggestion(suggestion_id), caller.user)


# The review service checks the reason (the same check, and message, as the review form's);
# the schema lists the choices.
RejectReasonChoice = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(REJECT_REASONS)})
]


class DecisionRequest(BaseModel):
    action: DecisionAction
    version: int = Field(description="The suggestion's version you decided on (409 if stale).")
    text: str | None = Field(default=None, description="The edited text (action 'edit').")
    reason: RejectReasonChoice | None = Field(
        default=None, description="Why, from the review form's list (required for 'reject')."
    )
    reason_detail: str | None = Field(
        default=None, description="Your own words after the reason (required for 'other')."
    )
    comment: str | None = None


@private.post(
    "/suggestions/{suggestion_id}/decision",
    tags=["review"],
    status_code=201,
    responses=errors(404, 409),
)
def decide(root: RootDep, user: Reviewer, suggestion_id: str, request: DecisionRequest) -> Decision:
    """Accept, edit then accept, or reject a suggestion. 409 when someone decided first."""
    return root.review.decide(
        suggestion_id,
        request.action,
        user=user,
        version=request.version,
        text=request.text,
        reason=request.reason,
        reason_detail=request.reason_detail,
        comment=request.comment,
    )


@private.get("/suggestions/{suggestion_id}/decisions", tags=["review"], responses=errors(404))
def list_decisions(root: RootDep, suggestion_id: str) -> list[Decision]:
    return root.review.decisions(suggestion_id)


@private.get(
    "/manuals/{manual_id}/export",
    tags=["review"],
    response_class=Response,
    responses={200: {"content": {media: {} for media, _ in FORMATS.values()}}, **errors(404)},
)
def export_manual(
    root: RootDep,
    _user: Owner,
    manual_id: str,
    format: Annotated[str, Query(pattern="^(md|html|docx)$")] = "md",
) -> Response:
    """The revised manual with accepted rewrites applied, and its change log."""
    content, media, name = root.review.export(manual_id, format)
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@private.get("/manuals/{manual_id}/audit", tags=["review"], responses=errors(404))
def manual_audit(root: RootDep, manual_id: str) -> list[AuditEntry]:
    """Who decided what and when, newest first."""
    return root.review.audit(manual_id)


@private.get("/me", tags=["users"])
def me(caller: ApiUser) -> User:
    return caller.user


class NewUserRequest(BaseModel):
    name: str
    roles: list[Role]
    password: str | None = Field(default=None, description="For the web form; at least 10 chars.")


class NewUserResponse(BaseModel):
    user: User
    token: str = Field(description="Shown once; only its hash is stored.")


@private.get("/users", tags=["users"])
def list_users(root: RootDep, _user: Admin) -> list[User]:
    return root.people.users()


@private.post("/users", tags=["users"], status_code=201, responses=errors(409))
def add_user(root: RootDep, admin: Admin, request: NewUserRequest) -> NewUserResponse:
    created = root.people.add_user(
        request.name, list(request.roles), password=request.password, actor=admin.name
    )
    return NewUserResponse(user=created.user, token=created.token)


# --- batches --------------------------------------------------------------------------------


class BatchReports(BaseModel):
    batch: BatchInfo
    manuals: list[BatchReport]


def batch_runner(request: Request) -> BatchRunner:
    runner: BatchRunner = request.app.state.batches
    return runner


async def _batch_files(root: Root, files: list[UploadFile]) -> list[BatchFile]:
    limit = root.settings.max_file_bytes
    inputs = [(upload.filename or "manual", await _read_upload(upload, limit)) for upload in files]
    return await run_in_threadpool(root.batches.files, inputs)


@private.post("/batches", tags=["batches"], status_code=202, responses=errors(413, 415))
async def create_batch(
    request: Request,
    response: Response,
    root: RootDep,
    user: Owner,
    files: Annotated[list[UploadFile], File(description="Manuals: md, txt, html, docx, pdf.")],
    model: Annotated[str | None, Form(description="litellm model (default: the setting).")] = None,
    concurrency: Annotated[
        str | None, Form(description="Model calls in flight at once, 1 to 64.")
    ] = None,
) -> BatchInfo:
    """Start a batch rewrite of one or more manuals; poll the returned job for progress.

    Every file is read and split first: a bad one is refused by name and nothing is stored.
    """
    root.models.chat(model)  # an unknown model is refused now, not in the background
    found = await _batch_files(root, files)
    info = await run_in_threadpool(
        partial(
            root.batches.create,
            found,
            model=model,
            concurrency=concurrency,
            origin="api",
            actor=user.name,
        )
    )
    batch_runner(request).submit(info.id)
    response.headers["Location"] = f"/api/batches/{info.id}"
    return info


@private.post("/batches/estimate", tags=["batches"], responses=errors(413, 415))
async def estimate_batch(
    root: RootDep,
    user: Owner,
    files: Annotated[list[UploadFile], File()],
    model: Annotated[str | None, Form()] = None,
) -> BatchEstimate:
    """What a batch of these manuals would draft, and its tokens and cost; stores nothing."""
    found = await _batch_files(root, files)
    return await run_in_threadpool(partial(root.batches.estimate, found, model=model, origin="api"))


@private.get("/batches", tags=["batches"])
def list_batches(root: RootDep) -> list[BatchInfo]:
    return root.batches.recent()


@private.get("/batches/{batch_id}", tags=["batches"], responses=errors(404))
def get_batch(root: RootDep, batch_id: str) -> BatchInfo:
    """State, counts, progress and usage so far."""
    return root.batches.info(batch_id)


@private.post(
    "/batches/{batch_id}/resume", tags=["batches"], status_code=202, responses=errors(404, 409)
)
def resume_batch(
    request: Request,
    root: RootDep,
    user: Owner,
    batch_id: str,
    retry_failed: bool = False,
) -> BatchInfo:
    """Run a stopped batch on from where it stopped; `retry_failed` also retries failed rules."""
    info = root.batches.resumable(batch_id)
    batch_runner(request).submit(batch_id, retry_failed=retry_failed)
    return info


@private.get(
    "/batches/{batch_id}/report",
    tags=["batches"],
    response_model=None,
    responses={
        200: {"content": {"application/json": {}, MEDIA["md"]: {}}},
        **errors(404),
    },
)
def batch_report(
    root: RootDep,
    batch_id: str,
    format: Annotated[str, Query(pattern="^(json|md)$")] = "json",
) -> BatchReports | Response:
    """The report of every manual: counts by outcome, strongest evidence, blocked and failed
    rules and why, skipped rules and why, tokens and cost."""
    info = root.batches.info(batch_id)
    reports = root.batches.reports(batch_id)
    if format == "md":
        text = "\n".join(report_markdown(r) for r in reports)
        return Response(text, media_type=MEDIA["md"])
    return BatchReports(batch=info, manuals=reports)


@private.get(
    "/batches/{batch_id}/files/{name}",
    tags=["batches"],
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}, **errors(404)},
)
def batch_file(root: RootDep, user: Owner, batch_id: str, name: str) -> Response:
    """One output: `<manual>.revised.md`, `.revised.docx` (DOCX input), `.report.md` or
    `.report.json`."""
    [(found, content)] = root.batches.outputs(batch_id, only=name)
    return Response(
        content,
        media_type=MEDIA[found.rsplit(".", 1)[-1]],
        headers={"Content-Disposition": f'attachment; filename="{found}"'},
    )


router.include_router(private)


def allowed_methods(request: Request) -> list[str]:
    """The methods the schema documents at this request's path (for a 405's Allow): those
    of the path itself, else of the templates it fits (`/api/batches/estimate` is not read
    as a batch id)."""
    path = request.url.path
    paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    if path in paths:
        return sorted(method.upper() for method in paths[path])
    methods: set[str] = set()
    for template, item in paths.items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {method.upper() for method in item}
    return sorted(methods)
