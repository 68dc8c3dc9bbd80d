"""Which model drafts: the built-in drafter by default, any litellm model when configured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.core.errors import ConfigurationError
from service.core.llm import LiteLLMChat, Message, ModelOptions, check_model, is_local
from service.drafting.prompts import data_of
from service.drafting.schema import DraftInput

BUILTIN = "builtin"
BUILTIN_LABEL = "built-in drafter"
MODEL_LABEL = "language model"
# The litellm model string the built-in drafter answers to.
BUILTIN_MODEL = f"{BUILTIN}/drafter"


def builtin_answer(messages: list[Message], job: Mapping[str, Any] | None = None) -> str:
    """The built-in drafter's JSON answer to a drafting job, given as data. Without it (a
    conversation from elsewhere, such as a test's stand-in for a remote model) the job is
    read from the prompt's data block."""
    from service.drafting import builtin  # loaded when the built-in drafter is first used

    data = DraftInput.model_validate(job) if job is not None else data_of(messages)
    return builtin.draft(data).model_dump_json()


# The models this package serves in process, for process set-up to declare.
LOCAL_MODELS = {BUILTIN: builtin_answer}


def is_builtin(model: str) -> bool:
    return model == BUILTIN or model.startswith(f"{BUILTIN}/")


def open_model(options: ModelOptions) -> LiteLLMChat:
    """A litellm-backed model; `builtin` is served in process through the same path."""
    if is_builtin(options.model):
        if not is_local(BUILTIN_MODEL):
            raise ConfigurationError(
                "the built-in drafter is not served in this process: start-up calls "
                "configure_process(local_models=LOCAL_MODELS)"
            )
        options = ModelOptions(
            model=BUILTIN_MODEL,
            timeout=options.timeout,
            retries=0,
            fallbacks=options.fallbacks,
        )
    else:
        check_model(options.model, api_key=options.api_key, api_base=options.api_base)
    return LiteLLMChat(options)


def drafter_label(model: str) -> str:
    return BUILTIN_LABEL if is_builtin(model) else MODEL_LABEL
