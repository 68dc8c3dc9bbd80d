"""The environment of a `policy-rewriter` run in its own process, for tests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment less any POLICY_REWRITER_ setting, with a data folder of
    the test's own, the fast hashing embedder and no progress bars."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_REWRITER_")}
    return {
        **env,
        "POLICY_REWRITER_DATA_DIR": str(data_dir),
        "POLICY_REWRITER_EMBEDDING_MODEL": "hashing",
        "POLICY_REWRITER_PROGRESS": "false",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
