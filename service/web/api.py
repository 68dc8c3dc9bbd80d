"""JSON endpoints: manuals, rules, complaints, conflicts and suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from service.core.domain import (
    Complaint,
    ComplaintIngestReport,
    Conflict,
    ManualVersionInfo,
    Rule,
    RuleMatch,
    Suggestion,
    SuggestionStatus,
)
from service.core.errors import TooLarge
from service.workspace import Workspace

router = APIRouter(prefix="/api")


def get_workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


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


@router.get("/manuals", tags=["manuals"])
def list_manuals(workspace: WorkspaceDep) -> list[ManualVersionInfo]:
    return workspace.manuals()


@router.post("/manuals", tags=["manuals"], status_code=201)
async def upload_manual(
    workspace: WorkspaceDep, file: Annotated[UploadFile, File()]
) -> ManualIngestResult:
    """Upload a manual (Markdown, text, HTML, DOCX or PDF)."""
    data = await _read_upload(file, workspace.settings.max_file_bytes)
    result = workspace.ingest_manual(data=data, filename=file.filename or "manual")
    return ManualIngestResult(**result.info.model_dump(), unchanged=result.unchanged)


@router.get("/manuals/{manual_id}", tags=["manuals"])
def get_manual(workspace: WorkspaceDep, manual_id: str) -> ManualVersionInfo:
    return workspace.manual(manual_id)


@router.get("/rules", tags=["rules"])
def list_rules(workspace: WorkspaceDep, manual: str | None = None) -> list[Rule]:
    return workspace.rules(manual)


@router.get("/rules/{rule_id}", tags=["rules"])
def get_rule(workspace: WorkspaceDep, rule_id: str) -> Rule:
    return workspace.rule(rule_id)


@router.get("/complaints", tags=["complaints"])
def list_complaints(
    workspace: WorkspaceDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[Complaint]:
    return workspace.complaints(limit=limit, offset=offset)


@router.post("/complaints", tags=["complaints"], status_code=201)
async def upload_complaints(
    workspace: WorkspaceDep,
    file: Annotated[UploadFile, File()],
    text_column: Annotated[str | None, Form()] = None,
    id_column: Annotated[str | None, Form()] = None,
    date_column: Annotated[str | None, Form()] = None,
    channel_column: Annotated[str | None, Form()] = None,
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
    )


@router.get("/complaints/{complaint_id}", tags=["complaints"])
def get_complaint(workspace: WorkspaceDep, complaint_id: str) -> Complaint:
    return workspace.complaint(complaint_id)


@router.get("/complaints/{complaint_id}/rules", tags=["conflicts"])
def rules_for_complaint(
    workspace: WorkspaceDep, complaint_id: str, top: Annotated[int, Query(ge=1, le=50)] = 5
) -> list[RuleMatch]:
    """The rules this complaint is most likely about, best first."""
    return workspace.rules_for_complaint(complaint_id, top=top)


@router.get("/conflicts", tags=["conflicts"])
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


@router.get("/conflicts/{rule_id}", tags=["conflicts"])
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


@router.post("/rules/{rule_id}/suggestions", tags=["suggestions"], status_code=201)
def draft_rule(
    workspace: WorkspaceDep, rule_id: str, request: DraftRequest | None = None
) -> Suggestion:
    """Draft (or return the cached draft of) a rewrite of one rule."""
    options = request or DraftRequest()
    return workspace.draft([rule_id], model=options.model, fresh=options.fresh)[0]


@router.get("/suggestions", tags=["suggestions"])
def list_suggestions(
    workspace: WorkspaceDep,
    status: SuggestionStatus | None = None,
    manual: str | None = None,
) -> list[Suggestion]:
    return workspace.suggestions(status=status, manual=manual)


@router.get("/suggestions/{suggestion_id}", tags=["suggestions"])
def get_suggestion(workspace: WorkspaceDep, suggestion_id: str) -> Suggestion:
    return workspace.suggestion(suggestion_id)
