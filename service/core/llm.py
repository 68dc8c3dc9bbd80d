"""The one door to language and embedding models: every litellm call goes through here.

Stages never see litellm: they get a `ChatModel` (a small protocol a test can fake) and
`Completion` records. Local providers (the built-in drafter) are registered as litellm
custom providers, so they take exactly the same path as a hosted or self-hosted model.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any, Protocol

from service.core.errors import BackendUnavailable, ConfigurationError, PolicyRewriterError

Message = dict[str, str]
# A local provider answers a list of chat messages with the assistant's text.
LocalAnswer = Callable[[list[Message]], str]


@cache
def _litellm() -> ModuleType:
    # Without this, importing litellm fetches the model price list from the internet.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    if not os.environ.get("LITELLM_LOG"):
        # Failures reach the user as our own errors; litellm's tracebacks (logged for every
        # retry and fallback) only bury them. LITELLM_LOG=DEBUG brings them back.
        logging.getLogger("LiteLLM").setLevel(logging.CRITICAL)
    return litellm


def _warm() -> None:
    litellm = _litellm()
    try:  # a mocked call: litellm loads most of what a first real call needs, sends nothing
        litellm.completion(
            model="openai/warm-up",
            messages=[{"role": "user", "content": "warm up"}],
            mock_response="{}",
            api_key="unused",
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "warm_up", "schema": {"type": "object"}},
            },
        )
    except Exception:  # only a head start; the real first call loads whatever is missing
        logging.getLogger(__name__).debug("litellm warm-up failed", exc_info=True)


def warm_up() -> threading.Thread:
    """Import litellm and load what its first call needs (about a second in all) on a
    background thread; join the thread before the first call."""
    thread = threading.Thread(target=_warm, name="litellm-warm-up", daemon=True)
    thread.start()
    return thread


class ModelError(PolicyRewriterError):
    """The model could not give a usable answer (after litellm's retries and fallbacks).

    `transient` failures (rate limits, server errors) may succeed when asked again;
    `retry_after` is the wait in seconds the provider asked for, when it said.
    """

    status_code = 502
    kind = "model_error"

    def __init__(
        self,
        message: str,
        *,
        transient: bool = False,
        rate_limited: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.transient = transient or rate_limited
        self.rate_limited = rate_limited
        self.retry_after = retry_after


def is_transient(exc: BaseException) -> bool:
    """Worth asking again: the model server was unreachable, timed out, busy or failing."""
    if isinstance(exc, BackendUnavailable):
        return True
    return isinstance(exc, ModelError) and exc.transient


@dataclass(frozen=True)
class Completion:
    text: str
    model: str  # the model that answered (a fallback, when the first one failed)
    prompt_tokens: int
    completion_tokens: int
    cost: float | None  # in US dollars, where litellm knows the model's price


@dataclass(frozen=True)
class ModelOptions:
    """How to reach a model. `fallbacks` are tried in order when `model` keeps failing."""

    model: str
    api_base: str | None = None
    api_key: str | None = None
    timeout: float = 120.0
    retries: int = 2
    fallbacks: tuple[str, ...] = field(default_factory=tuple)


class ChatModel(Protocol):
    """What drafting needs from a model: one JSON answer for a list of messages."""

    @property
    def name(self) -> str: ...

    def complete(
        self, messages: list[Message], *, schema: dict[str, Any], schema_name: str
    ) -> Completion: ...


class AsyncChatModel(ChatModel, Protocol):
    """A `ChatModel` that can also be awaited, for many calls in flight at once."""

    async def acomplete(
        self, messages: list[Message], *, schema: dict[str, Any], schema_name: str
    ) -> Completion: ...


_LOCAL: dict[str, LocalAnswer] = {}


def register_local_provider(name: str, answer: LocalAnswer) -> None:
    """Serve models named `name/...` from `answer`, in process, through litellm."""
    if _LOCAL.get(name) is answer:
        return  # already served; every drafting run asks again
    _LOCAL[name] = answer
    litellm: Any = _litellm()
    from litellm import CustomLLM, ModelResponse

    class LocalProvider(CustomLLM):
        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            messages = kwargs["messages"]
            text = _LOCAL[name](messages)
            model = kwargs.get("model", name)
            prompt_tokens = litellm.token_counter(model=model, messages=messages)
            completion_tokens = litellm.token_counter(model=model, text=text)
            return ModelResponse(
                model=f"{name}/{model}",
                choices=[
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": text},
                    }
                ],
                usage={
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            )

        async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            return self.completion(*args, **kwargs)

    providers = [p for p in litellm.custom_provider_map if p.get("provider") != name]
    providers.append({"provider": name, "custom_handler": LocalProvider()})
    litellm.custom_provider_map = providers
    # litellm reads the map when it routes a model; refresh its list of known providers.
    from litellm.utils import custom_llm_setup

    custom_llm_setup()


def is_local(model: str) -> bool:
    return model.split("/", 1)[0] in _LOCAL


class LiteLLMChat:
    """A `ChatModel` backed by litellm: any hosted provider or OpenAI-compatible server."""

    def __init__(self, options: ModelOptions) -> None:
        self.options = options

    @property
    def name(self) -> str:
        return self.options.model

    def _request(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> dict[str, Any]:
        options = self.options
        request: dict[str, Any] = {
            "model": options.model,
            "messages": messages,
            "timeout": options.timeout,
            "num_retries": options.retries,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema},
            },
        }
        if options.api_base:
            request["api_base"] = options.api_base
        if options.api_key:
            request["api_key"] = options.api_key
        elif options.api_base and not os.environ.get("OPENAI_API_KEY"):
            # Local OpenAI-compatible servers take any key, but the client insists on one.
            request["api_key"] = "local"
        if options.fallbacks:
            # A fallback on the same server as the first model needs the same address.
            request["fallbacks"] = [
                {"model": m, **({"api_base": options.api_base} if options.api_base else {})}
                for m in options.fallbacks
            ]
        return request

    def complete(
        self, messages: list[Message], *, schema: dict[str, Any], schema_name: str
    ) -> Completion:
        litellm = _litellm()
        try:
            response = litellm.completion(**self._request(messages, schema, schema_name))
        except (
            Exception
        ) as exc:  # litellm raises its own types, and plain Exception after fallbacks
            raise _model_error(self.name, exc) from exc
        return _completion(response, self.name)

    async def acomplete(
        self, messages: list[Message], *, schema: dict[str, Any], schema_name: str
    ) -> Completion:
        litellm = _litellm()
        # litellm's own timeout covers the HTTP exchange; this one also covers a provider
        # that accepts the request and never answers, whatever the client library does.
        limit = self.options.timeout + 5.0
        try:
            response = await asyncio.wait_for(
                litellm.acompletion(**self._request(messages, schema, schema_name)), limit
            )
        except TimeoutError as exc:
            raise BackendUnavailable(f"model {self.name!r} gave no answer in {limit:g} s") from exc
        except Exception as exc:
            raise _model_error(self.name, exc) from exc
        return _completion(response, self.name)


def _completion(response: Any, requested: str) -> Completion:
    usage = getattr(response, "usage", None)
    cost: float | None
    if is_local(requested):
        answered_by, cost = requested, 0.0
    else:
        answered_by, cost = response.model or requested, _cost(response)
    return Completion(
        text=response.choices[0].message.content or "",
        model=answered_by,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=cost,
    )


def _cost(response: Any) -> float | None:
    hidden = getattr(response, "_hidden_params", None) or {}
    if hidden.get("response_cost") is not None:  # litellm priced it already
        return float(hidden["response_cost"])
    try:
        return float(_litellm().completion_cost(completion_response=response))
    except Exception:  # an unpriced model (a local server, a new model)
        return None


def _model_error(model: str, exc: Exception) -> PolicyRewriterError:
    litellm = _litellm()
    errors = litellm.exceptions
    if isinstance(exc, errors.AuthenticationError | errors.NotFoundError):
        return ConfigurationError(f"model {model!r} refused the request: {exc}")
    if isinstance(exc, errors.APIConnectionError | errors.Timeout):
        return BackendUnavailable(f"model {model!r} cannot be reached: {exc}")
    if isinstance(exc, errors.RateLimitError):
        return ModelError(
            f"model {model!r} is rate-limited: {exc}",
            rate_limited=True,
            retry_after=_retry_after(exc),
        )
    status = getattr(exc, "status_code", None)
    transient = isinstance(
        exc, errors.InternalServerError | errors.ServiceUnavailableError | errors.APIError
    ) and (not isinstance(status, int) or status >= 500)
    return ModelError(f"model {model!r} failed: {exc}", transient=transient)


def _retry_after(exc: Exception) -> float | None:
    """Seconds from a Retry-After header (a number of seconds; dates are ignored)."""
    headers = getattr(exc, "litellm_response_headers", None) or {}
    try:
        value = float(headers.get("retry-after", ""))
    except (TypeError, ValueError):
        return None
    return max(0.0, value)


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


def count_tokens(model: str, *, messages: list[Message] | None = None, text: str = "") -> int:
    """Tokens of a prompt (or a text) as `model`'s tokenizer counts them, where litellm knows
    it; otherwise litellm's default tokenizer, which is close for most models."""
    litellm = _litellm()
    if messages is not None:
        return int(litellm.token_counter(model=model, messages=messages))
    return int(litellm.token_counter(model=model, text=text))


def price(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """US dollars for these tokens, or None when litellm has no price for the model."""
    if is_local(model):
        return 0.0
    try:
        prompt, completion = _litellm().cost_per_token(
            model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )
    except Exception:  # litellm raises for a model missing from its price list
        return None
    return float(prompt) + float(completion)
