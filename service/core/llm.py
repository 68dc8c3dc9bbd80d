"""The one door to language and embedding models: every litellm call goes through here."""

from __future__ import annotations

import os
from functools import cache
from types import ModuleType
from typing import Any

from service.core.errors import BackendUnavailable, ConfigurationError


@cache
def _litellm() -> ModuleType:
    # Without this, importing litellm fetches the model price list from the internet.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.telemetry = False
    return litellm


def embed(
    texts: list[str], *, model: str, api_base: str | None = None, timeout: float = 60.0
) -> list[list[float]]:
    """Embed `texts` with a litellm embedding model (hosted, or a local OpenAI-style server)."""
    litellm = _litellm()
    kwargs: dict[str, Any] = {"model": model, "input": texts, "timeout": timeout}
    if api_base:
        kwargs["api_base"] = api_base
    try:
        response = litellm.embedding(**kwargs)
    except litellm.exceptions.BadRequestError as exc:
        raise ConfigurationError(f"embedding model {model!r} rejected the request: {exc}") from exc
    except (
        litellm.exceptions.APIConnectionError,
        litellm.exceptions.Timeout,
        litellm.exceptions.ServiceUnavailableError,
    ) as exc:
        raise BackendUnavailable(f"embedding model {model!r} cannot be reached: {exc}") from exc
    rows = sorted(response.data, key=lambda item: item["index"])
    return [list(item["embedding"]) for item in rows]
