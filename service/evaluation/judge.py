"""An LLM judge of drafts: a score per criterion of a good rewrite, from any litellm model.

The draft is data in the judge's prompt (prompts/judge.j2), fenced like complaint text in
drafting prompts, so a draft cannot instruct its own judge.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.core.domain import Rule, Suggestion
from service.core.llm import ChatModel, Message
from service.drafting.prompts import environment
from service.drafting.service import unfenced


class JudgeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keeps_purpose: int = Field(ge=1, le=5)
    defaults_to_yes: int = Field(ge=1, le=5)
    bounded_discretion: int = Field(ge=1, le=5)
    escalation: int = Field(ge=1, le=5)
    keeps_obligations: int = Field(ge=1, le=5)
    grounded: int = Field(ge=1, le=5)
    plain_language: int = Field(ge=1, le=5)
    would_accept: int = Field(ge=1, le=5)


def render_judge(rule: Rule, suggestion: Suggestion) -> str:
    block = json.dumps(
        {
            "rule": rule.text,
            "legal_basis": rule.legal_basis,
            "draft": {
                "proposed": suggestion.proposed,
                "purpose": suggestion.purpose,
                "default": suggestion.default,
                "discretion": suggestion.discretion,
                "escalation": suggestion.escalation,
            },
        },
        ensure_ascii=False,
        indent=1,
    )
    fence = hashlib.sha256(block.encode()).hexdigest()[:16]
    schema = json.dumps(JudgeAnswer.model_json_schema(), separators=(",", ":"))
    return environment().get_template("judge.j2").render(data=block, fence=fence, schema=schema)


class DraftJudge:
    """Scores one draft with a judge model; an invalid answer is asked again once."""

    def __init__(self, model: ChatModel, *, attempts: int = 2) -> None:
        self.model = model
        self.attempts = attempts

    def __call__(self, suggestion: Suggestion, rule: Rule) -> dict[str, float]:
        messages: list[Message] = [{"role": "user", "content": render_judge(rule, suggestion)}]
        problem = ""
        for _ in range(self.attempts):
            completion = self.model.complete(
                messages, schema=JudgeAnswer.model_json_schema(), schema_name="judgement"
            )
            try:
                answer = JudgeAnswer.model_validate_json(unfenced(completion.text))
            except ValidationError as exc:
                problem = str(exc.errors()[0]["msg"])
                messages = [
                    *messages,
                    {"role": "assistant", "content": completion.text[:2000]},
                    {
                        "role": "user",
                        "content": f"That answer was not valid ({problem}). "
                        "Answer again with the JSON object only.",
                    },
                ]
                continue
            return {name: float(value) for name, value in answer.model_dump().items()}
        raise ValueError(f"the judge's answers were not valid: {problem}")
