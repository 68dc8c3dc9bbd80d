"""Which model drafts: the built-in drafter by default, any litellm model when configured."""

from __future__ import annotations

from service.core.llm import LiteLLMChat, Message, ModelOptions, register_local_provider
from service.drafting.prompts import data_of

BUILTIN = "builtin"
BUILTIN_LABEL = "built-in drafter"
MODEL_LABEL = "language model"
# The litellm model string the built-in drafter answers to.
BUILTIN_MODEL = f"{BUILTIN}/drafter"


def builtin_answer(messages: list[Message]) -> str:
    """The built-in drafter's JSON answer to a drafting conversation."""
    from service.drafting import builtin  # loaded when the built-in drafter is first used

    return builtin.draft(data_of(messages)).model_dump_json()


def is_builtin(model: str) -> bool:
    return model == BUILTIN or model.startswith(f"{BUILTIN}/")


def open_model(options: ModelOptions) -> LiteLLMChat:
    """A litellm-backed model; `builtin` is served in process through the same path."""
    if is_builtin(options.model):
        register_local_provider(BUILTIN, builtin_answer)
        options = ModelOptions(
            model=BUILTIN_MODEL,
            timeout=options.timeout,
            retries=0,
            fallbacks=options.fallbacks,
        )
    return LiteLLMChat(options)


def drafter_label(model: str) -> str:
    return BUILTIN_LABEL if is_builtin(model) else MODEL_LABEL
