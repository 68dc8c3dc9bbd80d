"""All settings in one place. Every field is documented in README.md and .env.example."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "minilm"


class Settings(BaseSettings):
    """Settings read from `POLICY_REWRITER_*` environment variables (and a `.env` file)."""

    model_config = SettingsConfigDict(
        env_prefix="POLICY_REWRITER_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    data_dir: Path = Field(
        default=Path("data"),
        description="Folder for the database file, the vector store and the keyword indexes.",
    )
    database_url: Annotated[
        str | None,
        Field(
            default=None,
            validation_alias=AliasChoices("POLICY_REWRITER_DATABASE_URL", "DATABASE_URL"),
            description="SQLAlchemy URL of the database; default: a SQLite file in the data dir.",
        ),
    ]
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (http://host:port); default: embedded store in the data dir.",
    )
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description="'minilm' for the bundled offline model, or any litellm embedding model string.",
    )
    rule_classifier: Literal["learned", "cues"] = Field(
        default="learned",
        description="Whether a rule is restrictive: 'learned' weighs the rule's meaning (the "
        "bundled embedding) with the cues; 'cues' reads the cues alone, with no model loaded.",
    )
    embedding_api_base: str | None = Field(
        default=None, description="Base URL for a litellm embedding model served locally."
    )
    embedding_batch_size: int = Field(
        default=64, ge=1, le=4096, description="Texts per embedding call."
    )
    max_file_bytes: int = Field(
        default=25_000_000,
        ge=1,
        description="Largest manual or complaints file accepted, in bytes.",
    )
    max_complaint_chars: int = Field(
        default=20_000, ge=1, description="Complaints longer than this are reported and skipped."
    )
    rules_per_complaint: int = Field(
        default=2,
        ge=1,
        le=20,
        description="How many rules one complaint may count as evidence for.",
    )
    # 0.56 with no margin: 0.81 of evidence pairs right on the development datasets, against
    # 0.71 at 0.52 with a 0.02 margin, at the cost of a weaker match's support.
    min_evidence_score: float = Field(
        default=0.56, ge=0.0, le=1.0, description="Lowest complaint-to-rule score kept as evidence."
    )
    evidence_margin: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="A complaint supports its best rule, and others scoring within this margin of it.",
    )
    model: str = Field(
        default="builtin",
        description="Drafting model: 'builtin' (offline drafter) or any litellm model string.",
    )
    api_base: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server for the drafting model."
    )
    api_key: str | None = Field(
        default=None,
        description="API key for the drafting model, if its provider's usual variable is not set.",
    )
    model_timeout: float = Field(
        default=120.0, gt=0, le=3600, description="Seconds before one model call times out."
    )
    model_retries: int = Field(
        default=2, ge=0, le=10, description="Retries of a failed model call (with backoff)."
    )
    model_fallbacks: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated models tried in order when the drafting model keeps failing.",
    )
    draft_attempts: int = Field(
        default=3, ge=1, le=10, description="Answers asked for when the model's JSON is invalid."
    )
    draft_complaints: int = Field(
        default=8, ge=0, le=50, description="Most complaints shown to the model for one rule."
    )
    batch_concurrency: int = Field(
        default=8, ge=1, le=64, description="Model calls a batch keeps in flight at once."
    )
    batch_attempts: int = Field(
        default=4,
        ge=1,
        le=20,
        description="Tries per rule in a batch when the model is rate-limited, failing or slow.",
    )
    batch_backoff: float = Field(
        default=1.0,
        gt=0,
        le=600,
        description="First wait in seconds before a batch asks again (doubles each try, jittered).",
    )
    batch_backoff_max: float = Field(
        default=60.0, gt=0, le=3600, description="Longest wait in seconds between a batch's tries."
    )
    batch_workers: bool = Field(
        default=False,
        description="Leave the web app's batches to `policy-rewriter worker` processes "
        "(PostgreSQL) instead of running them in the server.",
    )
    session_hours: float = Field(
        default=12.0, gt=0, le=24 * 30, description="How long a web sign-in lasts, in hours."
    )
    progress: bool = Field(
        default=True, description="Show progress bars on a terminal (never under CI or --json)."
    )

    @field_validator("model_fallbacks", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"chroma_url must start with http:// or https://, got {value!r}")
        return value or None

    @model_validator(mode="after")
    def _data_dir_is_a_folder(self) -> Settings:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise ValueError(f"data_dir {self.data_dir} exists and is not a folder")
        return self

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants psycopg explicitly.
            url = self.database_url
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.data_dir / 'policy-rewriter.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_path(self) -> Path:
        return self.data_dir / "keyword"
