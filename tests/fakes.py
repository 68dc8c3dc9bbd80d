"""In-process fakes: a queue-driven chat model that records its prompts."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from service.core.llm import Completion, Message
from service.drafting.prompts import data_of
from service.drafting.schema import DraftInput

# A queued answer: literal text, a pydantic answer, or a function of the prompt's data.
Answer = str | BaseModel | Callable[[DraftInput], "str | BaseModel"]


class FakeModel:
    def __init__(self, name: str = "fake/model") -> None:
        self._name = name
        self._queue: deque[Answer] = deque()
        self.history: list[list[Message]] = []

    @property
    def name(self) -> str:
        return self._name

    def enqueue(self, *answers: Answer) -> FakeModel:
        self._queue.extend(answers)
        return self

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> Completion:
        self.history.append(messages)
        if not self._queue:
            raise AssertionError("FakeModel was called with no answer queued")
        answer = self._queue.popleft()
        if callable(answer) and not isinstance(answer, BaseModel):
            answer = answer(data_of(messages))
        text = answer.model_dump_json() if isinstance(answer, BaseModel) else answer
        return Completion(
            text=text, model=self._name, prompt_tokens=10, completion_tokens=5, cost=None
        )
