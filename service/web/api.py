"""JSON endpoints: manuals, rules, complaints, conflicts and suggestions."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field
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
from service.core.errors import Conflict as ConflictError
from service.core.errors import TooLarge
from service.review.export import FORMATS
from service.stages.root import Root
from service.web import masking
from service.web.security import Admin, ApiUser, Owner, Reviewer, api_caller, get_root

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


@private.post("/manuals", tags=["manuals"], status_code=201)
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


@private.get("/manuals/{manual_id}", tags=["manuals"])
def get_manual(root: RootDep, manual_id: str) -> ManualVersionInfo:
    return root.library.manual(manual_id)


@private.get("/rules", tags=["rules"])
def list_rules(root: RootDep, manual: str | None = None) -> list[Rule]:
    return root.library.rules(manual)


@private.get("/rules/{rule_id}", tags=["rules"])
def get_rule(root: RootDep, rule_id: str) -> Rule:
    return root.library.rule(rule_id)


@private.get("/complaints", tags=["complaints"])
def list_complaints(
    root: RootDep,
    caller: ApiUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    quarantined: Annotated[
        bool | None,
        Query(description="Only complaints quarantined for trying to instruct the system, or not."),
    ] = None,
) -> list[Complaint]:
    """Stored complaints. A quarantined one carries the reason and is never evidence."""
    found = root.library.complaints(limit=limit, offset=offset, quarantined=quarantined)
    return masking.complaints(found, caller.user)


@private.post("/complaints", tags=["complaints"], status_code=201)
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


@private.get("/complaints/{complaint_id}", tags=["complaints"])
def get_complaint(root: RootDep, caller: ApiUser, complaint_id: str) -> Complaint:
    return masking.complaints([root.library.complaint(complaint_id)], caller.user)[0]


@private.get("/complaints/{complaint_id}/rules", tags=["conflicts"])
def rules_for_complaint(
    root: RootDep,
    caller: ApiUser,
    complaint_id: str,
    top: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[RuleMatch]:
    """The rules this complaint is most likely about, best first."""
    found = root.matching.rules_for_complaint(complaint_id, top=top)
    return masking.rule_matches(root, complaint_id, found, caller.user)


@private.get("/conflicts", tags=["conflicts"])
def list_conflicts(
    root: RootDep,
    caller: ApiUser,
    manual: str | None = None,
    top: Annotated[int | None, Query(ge=1)] = None,
    complaint: str | None = None,
) -> list[Conflict] | list[RuleMatch]:
    """Rules ranked by complaint evidence; with `complaint=ID`, the rules for that complaint."""
    if complaint:
        found = root.matching.rules_for_complaint(complaint, top=top or 5, manual=manual)
        return masking.rule_matches(root, complaint, found, caller.user)
    return masking.conflicts(root, root.matching.conflicts(manual=manual, top=top), caller.user)


@private.get("/conflicts/{rule_id}", tags=["conflicts"])
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
        default=None, description="litellm model string or 'builtin'; default: the configured one."
    )
    fresh: bool = Field(default=False, description="Ask the model again despite a cached draft.")


@private.post("/rules/{rule_id}/suggestions", tags=["suggestions"], status_code=201)
def draft_rule(
    root: RootDep, user: Owner, rule_id: str, request: DraftRequest | None = None
) -> Suggestion:
    """Draft (or return the cached draft of) a rewrite of one rule."""
    options = request or DraftRequest()
    skipped: dict[str, str] = {}
    drafted = root.drafting.draft(
        [rule_id], model=options.model, fresh=options.fresh, skipped=skipped
    )
    if not drafted:
        raise ConflictError(f"rule {rule_id} needs no rewrite: {skipped[rule_id]}")
    return masking.suggestion(root, drafted[0], user)


@private.get("/suggestions", tags=["suggestions"])
def list_suggestions(
    root: RootDep,
    caller: ApiUser,
    status: SuggestionStatus | None = None,
    manual: str | None = None,
    review: ReviewState | None = None,
) -> list[Suggestion]:
    found = root.review.suggestions(status=status, manual=manual, review=review)
    return masking.suggestions(root, found, caller.user)


@private.get("/suggestions/{suggestion_id}", tags=["suggestions"])
def get_suggestion(root: RootDep, caller: ApiUser, suggestion_id: str) -> Suggestion:
    return masking.suggestion(root, root.review.suggestion(suggestion_id), caller.user)


class DecisionRequest(BaseModel):
    action: DecisionAction
    version: int = Field(description="The suggestion's version you decided on (409 if stale).")
    text: str | None = Field(default=None, description="The edited text (action 'edit').")
    reason: str | None = Field(default=None, description="Why (required for 'reject').")
    comment: str | None = None


@private.post("/suggestions/{suggestion_id}/decision", tags=["review"], status_code=201)
def decide(root: RootDep, user: Reviewer, suggestion_id: str, request: DecisionRequest) -> Decision:
    """Accept, edit then accept, or reject a suggestion. 409 when someone decided first."""
    return root.review.decide(
        suggestion_id,
        request.action,
        user=user,
        version=request.version,
        text=request.text,
        reason=request.reason,
        comment=request.comment,
    )


@private.get("/suggestions/{suggestion_id}/decisions", tags=["review"])
def list_decisions(root: RootDep, suggestion_id: str) -> list[Decision]:
    return root.review.decisions(suggestion_id)


@private.get(
    "/manuals/{manual_id}/export",
    tags=["review"],
    response_class=Response,
    responses={200: {"content": {media: {} for media, _ in FORMATS.values()}}},
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


@private.get("/manuals/{manual_id}/audit", tags=["review"])
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


@private.post("/users", tags=["users"], status_code=201)
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


@private.post("/batches", tags=["batches"], status_code=202)
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


@private.post("/batches/estimate", tags=["batches"])
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


@private.get("/batches/{batch_id}", tags=["batches"])
def get_batch(root: RootDep, batch_id: str) -> BatchInfo:
    """State, counts, progress and usage so far."""
    return root.batches.info(batch_id)


@private.post("/batches/{batch_id}/resume", tags=["batches"], status_code=202)
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


@private.get("/batches/{batch_id}/report", tags=["batches"], response_model=None)
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


@private.get("/batches/{batch_id}/files/{name}", tags=["batches"])
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
