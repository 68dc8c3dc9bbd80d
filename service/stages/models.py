"""The model factory: the drafting models of the process, as the settings name them."""

from __future__ import annotations

from service.core.llm import AsyncChatModel, ChatModel, ModelOptions
from service.core.settings import Settings
from service.drafting.models import open_model


class Models:
    """Opens the configured drafting model, or another one by name (and its server)."""

    def __init__(self, *, settings: Settings, chat_model: ChatModel | None = None) -> None:
        self._settings = settings
        self._chat_model = chat_model  # a model given in code (tests) wins over the settings

    def _options(self, model: str | None, api_base: str | None, *, retries: int) -> ModelOptions:
        settings = self._settings
        return ModelOptions(
            model=model or settings.model,
            api_base=api_base or settings.api_base,
            api_key=settings.api_key,
            timeout=settings.model_timeout,
            retries=retries,
            fallbacks=tuple(settings.model_fallbacks),
        )

    def chat(self, model: str | None = None, api_base: str | None = None) -> ChatModel:
        """The configured drafting model, or the one given (and its server)."""
        if self._chat_model is not None and model is None:
            return self._chat_model
        return open_model(self._options(model, api_base, retries=self._settings.model_retries))

    def async_chat(self, model: str, api_base: str | None = None) -> AsyncChatModel:
        """The model a batch awaits. Batches retry on their own (with backoff shared by all
        their calls), so litellm is told not to."""
        return open_model(self._options(model, api_base, retries=0))
