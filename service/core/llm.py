"""The one door to language and embedding models: every litellm call goes through here.

Stages never see litellm: they get a `ChatModel` (a small protocol a test can fake) and
`Completion` records. Local providers (the built-in drafter) are registered as litellm
custom providers, so they take exactly the same path as a hosted or self-hosted model.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any, Protocol

from service.core.errors import (
    BackendUnavailable,
    BadInput,
    ConfigurationError,
    PolicyRewriterError,
)

Message = dict[str, str]
# A local provider answers a list of chat messages with the assistant's text.
# A model served in process: it answers the conversation, given the task as data too.
LocalAnswer = Callable[[list[Message], Mapping[str, Any] | None], str]


@cache
def _litellm() -> ModuleType:
    if os.environ.get("LITELLM_LOCAL_MODEL_COST_MAP") is None:
        # litellm would fetch its price list from the internet as it loads
        raise ConfigurationError(
            "the process is not set up: call service.core.process.configure_process() at "
            "start-up (it keeps litellm and the embedder offline)"
        )
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    if not os.environ.get("LITELLM_LOG"):
        # Failures reach the user as our own errors; litellm's tracebacks (logged for every
        # retry and fallback) only bury them. LITELLM_LOG=DEBUG brings them back.
        logging.getLogger("LiteLLM").setLevel(logging.CRITICAL)
    for name in list(_LOCAL):  # the in-process models the process set up
        _install_local(litellm, name)
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


_MASK = re.compile(r"\d+|'[^']*'|\"[^\"]*\"")


class FailureStreak:
    """Rules failing one after another for the same reason: a fault that is not the rule's
    (a request the server refuses, an option it does not take) stops the run at the
    `limit`-th rule instead of failing every rule the same way."""

    def __init__(self, limit: int = 3) -> None:
        self.limit = limit
        self._key: str | None = None
        self._count = 0

    def success(self) -> None:
        self._key, self._count = None, 0

    def failure(self, error: ModelError) -> None:
        key = _MASK.sub("#", error.message)[:300]
        self._count = self._count + 1 if key == self._key else 1
        self._key = key
        if self._count >= self.limit:
            raise ConfigurationError(
                f"{self._count} rules in a row failed the same way, so drafting stopped "
                f"(the rules not drafted can be drafted again): {error.message}"
            )


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
    max_tokens: int | None = 2048  # an answer's ceiling: re-asks must fit a small context


class ChatModel(Protocol):
    """What drafting needs from a model: one JSON answer for a list of messages."""

    @property
    def name(self) -> str: ...

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> Completion:
        """An answer to `messages`; `job` is the same task as data, for a model served in
        this process (the built-in drafter), which need not read it out of the prompt."""
        ...


class AsyncChatModel(ChatModel, Protocol):
    """A `ChatModel` that can also be awaited, for many calls in flight at once."""

    async def acomplete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> Completion: ...


_LOCAL: dict[str, LocalAnswer] = {}


def serve_locally(name: str, answer: LocalAnswer) -> None:
    """Serve models named `name/...` from `answer`, in process, through litellm. Process
    set-up declares them (`service.core.process`); litellm learns of them when it loads."""
    _LOCAL[name] = answer
    if _litellm.cache_info().currsize:  # litellm is loaded already
        _install_local(_litellm(), name)


def _install_local(litellm: Any, name: str) -> None:
    from litellm import CustomLLM, ModelResponse

    class LocalProvider(CustomLLM):
        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            messages = kwargs["messages"]
            metadata = (kwargs.get("litellm_params") or {}).get("metadata") or {}
            text = _LOCAL[name](messages, metadata.get("job"))
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


class UnknownModel(BadInput):
    """A model this server cannot use as named: no provider litellm knows, or a provider
    whose key the server does not have. The name is the asker's to fix; nothing was sent."""

    kind = "unknown_model"


def check_model(model: str, *, api_key: str | None = None, api_base: str | None = None) -> None:
    """Refuse, before any call, a model name litellm cannot place with a provider, or a
    hosted provider whose key is missing (no key set and no server address given)."""
    if is_local(model):
        return
    shown = model if len(model) <= 80 else model[:80] + "…"
    litellm = _litellm()
    try:
        _, provider, _, _ = litellm.get_llm_provider(model=model, api_base=api_base)
    except Exception:
        provider = None
    if not provider or not model.split("/", 1)[-1].strip():
        raise UnknownModel(
            f"unknown model {shown!r}: name it as provider/model (for example "
            "'openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-latest' or 'ollama/llama3.1'), "
            "or use 'builtin'"
        )
    if api_key or api_base:
        return
    try:
        missing = litellm.validate_environment(model=model).get("missing_keys") or []
    except Exception:  # litellm cannot tell: the call itself will say
        return
    keys = [name for name in missing if not name.endswith("_API_BASE")]
    if keys:
        raise UnknownModel(
            f"model {shown!r} needs {' and '.join(keys)}, which this server does not have: "
            "use another model, or set the key where the server runs"
        )


# How a model is asked for JSON, most structured first. Servers differ: llama.cpp's answers
# json_schema with a 500 ("Input should be 'text' or 'json_object'"), some take no
# response_format at all. Prompts always carry the schema, so every way gets the same answer.
FORMATS = ("json_schema", "json_object", "text")
_format_of: dict[tuple[str, str | None], str] = {}  # what each model was found to accept
_format_settled: set[tuple[str, str | None]] = set()  # ... and that an answer came back
_format_lock = threading.Lock()
_REFUSED_FORMAT = (
    "response_format",
    "json_schema",
    "json_object",
    "input should be 'text'",
    "structured output",
    "unsupportedparams",
)


def _refuses_format(exc: Exception) -> bool:
    """The server refused the way JSON was asked for (not the request as a whole)."""
    text = f"{type(exc).__name__} {exc}".lower()
    return any(marker in text for marker in _REFUSED_FORMAT)


class LiteLLMChat:
    """A `ChatModel` backed by litellm: any hosted provider or OpenAI-compatible server.

    It asks for JSON the most structured way the model accepts, steps down (JSON schema,
    then JSON mode, then plain text) when a server refuses one, and remembers what worked
    for that model and server for the rest of the process."""

    def __init__(self, options: ModelOptions) -> None:
        self.options = options

    @property
    def name(self) -> str:
        return self.options.model

    @property
    def _key(self) -> tuple[str, str | None]:
        return self.options.model, self.options.api_base

    def response_format(self) -> str:
        """The way JSON is asked of this model now."""
        with _format_lock:
            return _format_of.get(self._key, FORMATS[0])

    def _probing(self) -> bool:
        """The way to ask is not settled yet, so a refusal should not be retried. With
        fallbacks, litellm's retries and fallbacks run as configured."""
        with _format_lock:
            return self._key not in _format_settled and not self.options.fallbacks

    def _settle(self, fmt: str) -> None:
        with _format_lock:
            _format_of.setdefault(self._key, fmt)
            _format_settled.add(self._key)

    def _step_down(self, tried: str, exc: Exception) -> bool:
        """Remember that `tried` is refused; False when there is no simpler way left."""
        if not _refuses_format(exc) or tried == FORMATS[-1]:
            return False
        with _format_lock:
            _format_of[self._key] = FORMATS[FORMATS.index(tried) + 1]
        return True

    def _retry_as_settled(self, fmt: str, exc: Exception, probing: bool) -> bool:
        """After a failed call: True to ask again (a simpler format, or the same one with
        litellm's retries once a probe failed for another reason)."""
        if self._step_down(fmt, exc):
            return True
        if probing:  # the format was not refused: keep it, and retry as litellm would have
            self._settle(fmt)
            return (
                self.options.retries > 0
                and "timeout" not in type(exc).__name__.lower()
                and not _blames_request(exc)
            )
        return False

    def _attempt(
        self,
        messages: list[Message],
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> tuple[str, bool, dict[str, Any]]:
        """The format to ask in, whether it is still being probed, and the request."""
        fmt, probing = self.response_format(), self._probing()
        request = self._request(messages, schema, schema_name, fmt)
        if job is not None and is_local(self.options.model):
            # litellm hands its metadata to the in-process provider, and to no server
            request["metadata"] = {"job": dict(job)}
        if probing:  # no retries of a refused format (a 500 from llama.cpp) before we know
            request["num_retries"] = 0
            request.pop("retry_policy", None)
        return fmt, probing, request

    def _request(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str, fmt: str
    ) -> dict[str, Any]:
        options = self.options
        request: dict[str, Any] = {
            "model": options.model,
            "messages": messages,
            "timeout": options.timeout,
            "num_retries": options.retries,
            # A refused request fails the same way when sent again: only a busy, failing or
            # slow server is asked again.
            "retry_policy": _retry_policy(options.retries),
        }
        if fmt == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema},
            }
        elif fmt == "json_object":
            request["response_format"] = {"type": "json_object"}
        if options.max_tokens and not is_local(options.model):
            request["max_tokens"] = options.max_tokens
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
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> Completion:
        litellm = _litellm()
        while True:
            fmt, probing, request = self._attempt(messages, schema, schema_name, job)
            try:
                response = litellm.completion(**request)
            except Exception as exc:  # litellm's own types, and plain Exception after fallbacks
                if self._retry_as_settled(fmt, exc, probing):
                    continue
                raise _model_error(self.name, exc, self.options.api_base) from exc
            self._settle(fmt)
            return _completion(response, self.name)

    async def acomplete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any],
        schema_name: str,
        job: Mapping[str, Any] | None = None,
    ) -> Completion:
        litellm = _litellm()
        # litellm's own timeout covers the HTTP exchange; this one also covers a provider
        # that accepts the request and never answers, whatever the client library does.
        limit = self.options.timeout + 5.0
        while True:
            fmt, probing, request = self._attempt(messages, schema, schema_name, job)
            try:
                response = await asyncio.wait_for(litellm.acompletion(**request), limit)
            except TimeoutError as exc:
                raise BackendUnavailable(
                    f"model {self.name!r} gave no answer in {limit:g} s"
                ) from exc
            except Exception as exc:
                if self._retry_as_settled(fmt, exc, probing):
                    continue
                raise _model_error(self.name, exc, self.options.api_base) from exc
            self._settle(fmt)
            return _completion(response, self.name)


def _completion(response: Any, requested: str) -> Completion:
    choices = getattr(response, "choices", None) or []
    if not choices or getattr(choices[0], "message", None) is None:
        # A reply that parses but holds no answer: a failing server or proxy, not the rule.
        raise ModelError(f"model {requested!r} failed: its reply held no answer", transient=True)
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


def _model_error(model: str, exc: Exception, api_base: str | None = None) -> PolicyRewriterError:
    litellm = _litellm()
    errors = litellm.exceptions
    where = f" at {api_base}" if api_base else ""
    if isinstance(exc, errors.AuthenticationError | errors.NotFoundError):
        return ConfigurationError(f"model {model!r}{where} refused the request: {exc}")
    if isinstance(exc, errors.Timeout):
        return BackendUnavailable(f"model {model!r}{where} cannot be reached in time: {exc}")
    if _refused(exc):
        # A refused connection fails the same way for every rule: it is not worth retrying.
        return ConfigurationError(
            f"model {model!r} cannot be reached{where or ' (no server address set)'}: "
            f"{str(exc).splitlines()[0][:200]}"
        )
    if isinstance(exc, errors.ContextWindowExceededError):
        return ModelError(f"model {model!r}{where}: the prompt does not fit its context: {exc}")
    status = getattr(exc, "status_code", None)
    if isinstance(exc, errors.BadRequestError) or _blames_request(exc):
        # this request was refused: asking it again would not help
        return ModelError(f"model {model!r}{where} rejected the request: {str(exc)[:300]}")
    if isinstance(exc, errors.RateLimitError):
        return ModelError(
            f"model {model!r} is rate-limited: {exc}",
            rate_limited=True,
            retry_after=_retry_after(exc),
        )
    if isinstance(status, int):
        # Any server error (a 502 from a proxy is not litellm's APIError) may pass.
        transient = status >= 500
    else:
        transient = isinstance(
            exc, errors.InternalServerError | errors.ServiceUnavailableError | errors.APIError
        )
    return ModelError(
        f"model {model!r} failed: {exc}",
        transient=transient,
        retry_after=_retry_after(exc) if transient else None,  # a 503 may say when to return
    )


def _retry_policy(retries: int) -> Any:
    from litellm.types.router import RetryPolicy

    return RetryPolicy(
        BadRequestErrorRetries=0,
        AuthenticationErrorRetries=0,
        NotFoundErrorRetries=0,
        ContentPolicyViolationErrorRetries=0,
        TimeoutErrorRetries=retries,
        RateLimitErrorRetries=retries,
        InternalServerErrorRetries=retries,
        ServiceUnavailableErrorRetries=retries,
        DefaultRetries=retries,
    )


# A server error that blames the request ("response_format type not supported"): the same
# request fails the same way however often it is sent. An "invalid response" (litellm's
# words for a reply that is not JSON, such as a proxy's HTML page) blames the server.
_NAMES_REQUEST = re.compile(
    r"\b(?:invalid(?! response)|not supported|unsupported|unknown (?:field|parameter|argument|option)|"
    r"unrecognized|malformed|bad request|must be (?:one of|a|an)|schema)\b",
    re.IGNORECASE,
)


def _blames_request(exc: BaseException) -> bool:
    """The server refused this request as it is (a 4xx other than a rate limit, or a server
    error naming the request as invalid): sending it again would fail the same way."""
    status = getattr(exc, "status_code", None)
    if not isinstance(status, int):
        return False
    return (400 <= status < 500 and status != 429) or (
        status >= 500 and _NAMES_REQUEST.search(str(exc)) is not None
    )


def _refused(exc: BaseException) -> bool:
    """Nothing listens at the address (the same for every rule), as opposed to a server that
    dropped or stalled one request."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ConnectionRefusedError) or type(seen).__name__ == "ConnectError":
            return True
        if "connection refused" in str(seen).lower() or "errno 111" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
        if not os.environ.get("OPENAI_API_KEY"):
            # as for chat: a local server takes any key, but the client insists on one
            kwargs["api_key"] = "local"
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
