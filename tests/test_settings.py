"""Every setting is documented, and unsafe values fail fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_is_documented(field: str) -> None:
    name = f"POLICY_REWRITER_{field.upper()}"
    assert name in (ROOT / "README.md").read_text(), f"{name} is missing from README.md"
    assert name in (ROOT / ".env.example").read_text(), f"{name} is missing from .env.example"


def test_database_url_aliases_and_postgres_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Settings(_env_file=None).resolved_database_url == "postgresql+psycopg://u@h/db"  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("POLICY_REWRITER_CHROMA_URL", "localhost:8000"),
        ("POLICY_REWRITER_EMBEDDING_BATCH_SIZE", "0"),
        ("POLICY_REWRITER_MIN_EVIDENCE_SCORE", "2"),
    ],
)
def test_unsafe_values_fail_fast(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
