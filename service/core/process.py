"""What a process sets up once, at its start, before any stage runs.

The command line, the web app and the tests call `configure_process` first: it keeps the
libraries offline (litellm's price list and the embedding model ship with their packages)
and declares the models served in this process, so that no stage changes the environment
or litellm's list of providers as a side effect of doing its work.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from service.core.llm import LocalAnswer, serve_locally

OFFLINE = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # else importing litellm fetches prices online
    "HF_HUB_OFFLINE": "1",  # the embedding model ships inside its package
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def configure_process(*, local_models: Mapping[str, LocalAnswer] | None = None) -> None:
    """Offline defaults (a value already set wins) and the models served in process."""
    for name, value in OFFLINE.items():
        os.environ.setdefault(name, value)
    for name, answer in (local_models or {}).items():
        serve_locally(name, answer)
