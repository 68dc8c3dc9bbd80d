"""Prompt templates (Jinja files in prompts/), each rendered by one typed function.

Prompts are plain text, so autoescape is off; customer text is kept inside the JSON data
block instead, fenced by a tag derived from the block's own content (a complaint cannot
contain the hash of itself, so it cannot close the fence).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from service.core.bundled import bundled_dir
from service.core.errors import ConfigurationError
from service.core.llm import Message
from service.drafting.schema import DraftInput, answer_schema

TEMPLATES = ("system.j2", "draft.j2")


def prompts_dir() -> Path:
    """The prompts folder: in the wheel, or beside the source checkout."""
    found = bundled_dir("prompts", "draft.j2")
    if found is None:
        raise ConfigurationError(
            "prompt templates not found (expected service/_prompts or ./prompts)"
        )
    return found


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(prompts_dir()),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


@cache
def prompt_version() -> str:
    """A short hash of the templates: a changed prompt never reuses a cached answer."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update((prompts_dir() / name).read_bytes())
    return digest.hexdigest()[:12]


@cache  # the system prompt has no variables beyond the fixed schema
def render_system() -> str:
    schema = json.dumps(answer_schema(), ensure_ascii=False, separators=(",", ":"))
    return environment().get_template("system.j2").render(schema=schema)


def warm() -> None:
    """Compile the templates now rather than in the first drafting call (a few hundred ms)."""
    render_system()
    environment().get_template("draft.j2")


def render_draft(data: DraftInput) -> str:
    block = json.dumps(data.model_dump(), ensure_ascii=False, indent=1)
    fence = hashlib.sha256(block.encode()).hexdigest()[:16]
    return (
        environment()
        .get_template("draft.j2")
        .render(
            rule=data.rule,
            data=block,
            fence=fence,
            complaint_count=len(data.complaints),
        )
    )


def messages(data: DraftInput) -> list[Message]:
    return [
        {"role": "system", "content": render_system()},
        {"role": "user", "content": render_draft(data)},
    ]


def read_data(prompt: str) -> DraftInput:
    """The data block of a drafting prompt (what a local drafter works from)."""
    lines = prompt.splitlines()
    begin = next((i for i, line in enumerate(lines) if line.startswith("BEGIN DATA ")), None)
    if begin is None:
        raise ValueError("the prompt has no BEGIN DATA line")
    closing = "END DATA " + lines[begin][len("BEGIN DATA ") :]
    end = lines.index(closing, begin + 1)
    return DraftInput.model_validate_json("\n".join(lines[begin + 1 : end]))


def data_of(conversation: list[Message]) -> DraftInput:
    """The data block of a drafting conversation: in its first user message (later ones,
    after an invalid answer, only say what was wrong)."""
    return read_data(next(m["content"] for m in conversation if m["role"] == "user"))
