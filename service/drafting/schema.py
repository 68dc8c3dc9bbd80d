"""What goes into a drafting call and what must come back.

`DraftInput` is the data block of the prompt (JSON, so customer text stays inside JSON
strings); `DraftAnswer` is the JSON the model must answer with, validated by pydantic.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

OriginKind = Literal[
    "tradition",
    "leader_preference",
    "self_protection",
    "reaction",
    "silo",
    "hearsay",
    "distrust",
    "unknown",
]


class InputRule(BaseModel):
    id: str
    manual: str
    section: str
    number: str | None
    text: str
    legal_basis: str | None
    possible_basis: str | None = Field(
        default=None, description="Cites no law but probably rests on one, or on safety."
    )
    protective: bool = Field(default=False, description="It protects customers.")
    lead_in: str | None = Field(
        default=None, description="The sentence introducing the list this rule is an item of."
    )


class InputComplaint(BaseModel):
    id: str
    text: str = Field(description="The complaint, or the part of it around the quote.")
    quote: str = Field(description="The sentence retrieval found closest to the rule.")


class DraftInput(BaseModel):
    rule: InputRule
    context: list[str] = Field(
        default_factory=list, description="Other rules of the same section, for context."
    )
    complaints: list[InputComplaint] = Field(default_factory=list)
    roles: list[str] = Field(
        default_factory=list, description="Roles the manual names: the only ones to escalate to."
    )


class CitedComplaint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    complaint_id: str = Field(min_length=1)
    quote: str = Field(min_length=1, description="Copied word for word from the complaint.")


class Origin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: OriginKind
    explanation: str


class DraftAnswer(BaseModel):
    """The model's answer for one rule."""

    model_config = ConfigDict(extra="forbid")

    proposed: str = Field(min_length=1, description="The rewritten rule, ready to publish.")
    purpose: str = Field(min_length=1, description="What the rule protects.")
    default: str = Field(min_length=1, description="What the customer can now do.")
    discretion: str = Field(
        min_length=1, description="What frontline staff may decide alone, and within which limits."
    )
    escalation: str = Field(
        min_length=1, description="Who is immediately available beyond those limits."
    )
    legal_basis: str | None = Field(description="The legal basis kept, or null if none.")
    rationale: str = Field(min_length=1, description="Why, in two or three sentences.")
    origin: Origin | None = Field(
        default=None, description="A hypothesis about where the rule came from, if the text hints."
    )
    citations: list[CitedComplaint] = Field(
        default_factory=list, description="Only the complaints that really are about this rule."
    )


@cache
def _schema() -> dict[str, object]:
    return DraftAnswer.model_json_schema()


def answer_schema() -> dict[str, object]:
    """The JSON schema of an answer (built once: pydantic takes milliseconds per build)."""
    return copy.deepcopy(_schema())
