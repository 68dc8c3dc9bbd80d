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
from service.web.security import Admin, ApiUser, Owner, Reviewer, api_caller, get_workspace
from service.workspace import Workspace, batch_concurrency

router = APIRouter(prefix="/api")
# Everything but /api/health needs a signed-in caller; some routes also need a role.
private = APIRouter(dependencies=[Depends(api_caller)])

WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]


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
def list_manuals(workspace: WorkspaceDep) -> list[ManualVersionInfo]:
    return workspace.manuals()


@private.post("/manuals", tags=["manuals"], status_code=201)
async def upload_manual(
    workspace: WorkspaceDep, user: Owner, file: Annotated[UploadFile, File()]
) -> ManualIngestResult:
    """Upload a manual (Markdown, text, HTML, DOCX or PDF)."""
    data = await _read_upload(file, workspace.settings.max_file_bytes)
    result = workspace.ingest_manual(data=data, filename=file.filename or "manual", actor=user.name)
    return ManualIngestResult(**result.info.model_dump(), unchanged=result.unchanged)


@private.get("/manuals/{manual_id}", tags=["manuals"])
def get_manual(workspace: WorkspaceDep, manual_id: str) -> ManualVersionInfo:
    return workspace.manual(manual_id)


@private.get("/rules", tags=["rules"])
def list_rules(workspace: WorkspaceDep, manual: str | None = None) -> list[Rule]:
    return workspace.rules(manual)


@private.get("/rules/{rule_id}", tags=["rules"])
def get_rule(workspace: WorkspaceDep, rule_id: str) -> Rule:
    return workspace.rule(rule_id)


@private.get("/complaints", tags=["complaints"])
def list_complaints(
    workspace: WorkspaceDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    quarantined: Annotated[
        bool | None,
        Query(description="Only complaints quarantined for trying to instruct the system, or not."),
    ] = None,
) -> list[Complaint]:
    """Stored complaints. A quarantined one carries the reason and is never evidence."""
    return workspace.complaints(limit=limit, offset=offset, quarantined=quarantined)


@private.post("/complaints", tags=["complaints"], status_code=201)
async def upload_complaints(
    workspace: WorkspaceDep,
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
    data = await _read_upload(file, workspace.settings.max_file_bytes)
    return workspace.ingest_complaints(
        data=data,
        filename=file.filename or "complaints.csv",
        text_column=text_column,
        id_column=id_column,
        date_column=date_column,
        channel_column=channel_column,
        manual=manual,
    )


@private.get("/complaints/{complaint_id}", tags=["complaints"])
def get_complaint(workspace: WorkspaceDep, complaint_id: str) -> Complaint:
    return workspace.complaint(complaint_id)


@private.get("/complaints/{complaint_id}/rules", tags=["conflicts"])
def rules_for_complaint(
    workspace: WorkspaceDep, complaint_id: str, top: Annotated[int, Query(ge=1, le=50)] = 5
) -> list[RuleMatch]:
    """The rules this complaint is most likely about, best first."""
    return workspace.rules_for_complaint(complaint_id, top=top)


@private.get("/conflicts", tags=["conflicts"])
def list_conflicts(
    workspace: WorkspaceDep,
    manual: str | None = None,
    top: Annotated[int | None, Query(ge=1)] = None,
    complaint: str | None = None,
) -> list[Conflict] | list[RuleMatch]:
    """Rules ranked by complaint evidence; with `complaint=ID`, the rules for that complaint."""
    if complaint:
        return workspace.rules_for_complaint(complaint, top=top or 5, manual=manual)
    return workspace.conflicts(manual=manual, top=top)


@private.get("/conflicts/{rule_id}", tags=["conflicts"])
def get_conflict(
    workspace: WorkspaceDep, rule_id: str, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> Conflict:
    return workspace.conflict(rule_id, limit=limit)


class DraftRequest(BaseModel):
    # No api_base here: a caller must not make the server send prompts to any URL it names.
    # The model server is a server-side setting (POLICY_REWRITER_API_BASE).
    model: str | None = Field(
        default=None, description="litellm model string or 'builtin'; default: the configured one."
    )
    fresh: bool = Field(default=False, description="Ask the model again despite a cached draft.")


@private.post("/rules/{rule_id}/suggestions", tags=["suggestions"], status_code=201)
def draft_rule(
    workspace: WorkspaceDep, _user: Owner, rule_id: str, request: DraftRequest | None = None
) -> Suggestion:
    """Draft (or return the cached draft of) a rewrite of one rule."""
    options = request or DraftRequest()
    skipped: dict[str, str] = {}
    drafted = workspace.draft([rule_id], model=options.model, fresh=options.fresh, skipped=skipped)
    if not drafted:
        raise ConflictError(f"rule {rule_id} needs no rewrite: {skipped[rule_id]}")
    return drafted[0]


@private.get("/suggestions", tags=["suggestions"])
def list_suggestions(
    workspace: WorkspaceDep,
    status: SuggestionStatus | None = None,
    manual: str | None = None,
    review: ReviewState | None = None,
) -> list[Suggestion]:
    return workspace.suggestions(status=status, manual=manual, review=review)


@private.get("/suggestions/{suggestion_id}", tags=["suggestions"])
def get_suggestion(workspace: WorkspaceDep, suggestion_id: str) -> Suggestion:
    return workspace.suggestion(suggestion_id)


class DecisionRequest(BaseModel):
    action: DecisionAction
    version: int = Field(description="The suggestion's version you decided on (409 if stale).")
    text: str | None = Field(default=None, description="The edited text (action 'edit').")
    reason: str | None = Field(default=None, description="Why (required for 'reject').")
    comment: str | None = None


@private.post("/suggestions/{suggestion_id}/decision", tags=["review"], status_code=201)
def decide(
    workspace: WorkspaceDep, user: Reviewer, suggestion_id: str, request: DecisionRequest
) -> Decision:
    """Accept, edit then accept, or reject a suggestion. 409 when someone decided first."""
    return workspace.decide(
        suggestion_id,
        request.action,
        user=user,
        version=request.version,
        text=request.text,
        reason=request.reason,
        comment=request.comment,
    )


@private.get("/suggestions/{suggestion_id}/decisions", tags=["review"])
def list_decisions(workspace: WorkspaceDep, suggestion_id: str) -> list[Decision]:
    workspace.suggestion(suggestion_id)
    return workspace.decisions(suggestion_id)


@private.get(
    "/manuals/{manual_id}/export",
    tags=["review"],
    response_class=Response,
    responses={200: {"content": {media: {} for media, _ in FORMATS.values()}}},
)
def export_manual(
    workspace: WorkspaceDep,
    _user: Owner,
    manual_id: str,
    format: Annotated[str, Query(pattern="^(md|html|docx)$")] = "md",
) -> Response:
    """The revised manual with accepted rewrites applied, and its change log."""
    content, media, name = workspace.export(manual_id, format)
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@private.get("/manuals/{manual_id}/audit", tags=["review"])
def manual_audit(workspace: WorkspaceDep, manual_id: str) -> list[AuditEntry]:
    """Who decided what and when, newest first."""
    return workspace.audit(manual_id)


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
def list_users(workspace: WorkspaceDep, _user: Admin) -> list[User]:
    return workspace.users()


@private.post("/users", tags=["users"], status_code=201)
def add_user(workspace: WorkspaceDep, admin: Admin, request: NewUserRequest) -> NewUserResponse:
    created = workspace.add_user(
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


async def _batch_files(workspace: Workspace, files: list[UploadFile]) -> list[BatchFile]:
    limit = workspace.settings.max_file_bytes
    inputs = [(upload.filename or "manual", await _read_upload(upload, limit)) for upload in files]
    return await run_in_threadpool(workspace.batch_files, inputs)


@private.post("/batches", tags=["batches"], status_code=202)
async def create_batch(
    request: Request,
    response: Response,
    workspace: WorkspaceDep,
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
    found = await _batch_files(workspace, files)
    info = await run_in_threadpool(
        partial(
            workspace.create_batch,
            found,
            model=model,
            concurrency=batch_concurrency(concurrency),
            origin="api",
            actor=user.name,
        )
    )
    batch_runner(request).submit(info.id)
    response.headers["Location"] = f"/api/batches/{info.id}"
    return info


@private.post("/batches/estimate", tags=["batches"])
async def estimate_batch(
    workspace: WorkspaceDep,
    user: Owner,
    files: Annotated[list[UploadFile], File()],
    model: Annotated[str | None, Form()] = None,
) -> BatchEstimate:
    """What a batch of these manuals would draft, and its tokens and cost; stores nothing."""
    found = await _batch_files(workspace, files)
    return await run_in_threadpool(
        partial(workspace.estimate_batch, found, model=model, origin="api")
    )


@private.get("/batches", tags=["batches"])
def list_batches(workspace: WorkspaceDep) -> list[BatchInfo]:
    return workspace.batches()


@private.get("/batches/{batch_id}", tags=["batches"])
def get_batch(workspace: WorkspaceDep, batch_id: str) -> BatchInfo:
    """State, counts, progress and usage so far."""
    return workspace.batch(batch_id)


@private.post("/batches/{batch_id}/resume", tags=["batches"], status_code=202)
def resume_batch(
    request: Request,
    workspace: WorkspaceDep,
    user: Owner,
    batch_id: str,
    retry_failed: bool = False,
) -> BatchInfo:
    """Run a stopped batch on from where it stopped; `retry_failed` also retries failed rules."""
    info = workspace.resumable(batch_id)
    batch_runner(request).submit(batch_id, retry_failed=retry_failed)
    return info


@private.get("/batches/{batch_id}/report", tags=["batches"], response_model=None)
def batch_report(
    workspace: WorkspaceDep,
    batch_id: str,
    format: Annotated[str, Query(pattern="^(json|md)$")] = "json",
) -> BatchReports | Response:
    """The report of every manual: counts by outcome, strongest evidence, blocked and failed
    rules and why, skipped rules and why, tokens and cost."""
    info = workspace.batch(batch_id)
    reports = workspace.batch_reports(batch_id)
    if format == "md":
        text = "\n".join(report_markdown(r) for r in reports)
        return Response(text, media_type=MEDIA["md"])
    return BatchReports(batch=info, manuals=reports)


@private.get("/batches/{batch_id}/files/{name}", tags=["batches"])
def batch_file(workspace: WorkspaceDep, user: Owner, batch_id: str, name: str) -> Response:
    """One output: `<manual>.revised.md`, `.revised.docx` (DOCX input), `.report.md` or
    `.report.json`."""
    [(found, content)] = workspace.batch_outputs(batch_id, only=name)
    return Response(
        content,
        media_type=MEDIA[found.rsplit(".", 1)[-1]],
        headers={"Content-Disposition": f'attachment; filename="{found}"'},
    )


router.include_router(private)
