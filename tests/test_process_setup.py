"""Process set-up happens once, at start-up: stages change neither the environment nor
litellm's providers, and a process that skipped the set-up is told so, not sent online."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.cli_env import ROOT


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LITELLM_LOCAL_MODEL_COST_MAP", "HF_HUB_OFFLINE"}
    }
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_set_up_the_model_and_the_embedder_refuse_with_a_clear_error() -> None:
    done = _python(
        """
        from service.core.errors import ConfigurationError
        from service.core.llm import ModelOptions
        from service.drafting.models import open_model
        from service.index.embeddings import MiniLMEmbedder
        for build in (lambda: open_model(ModelOptions(model="builtin")), MiniLMEmbedder):
            try:
                build()
            except ConfigurationError as exc:
                print("refused:", exc.message)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("refused:") == 2 and "configure_process" in done.stdout


def test_drafting_changes_neither_the_environment_nor_litellm_s_providers() -> None:
    done = _python(
        """
        import os
        from service.core.llm import ModelOptions, _litellm
        from service.core.process import configure_process
        from service.drafting.models import LOCAL_MODELS, open_model
        from service.drafting.schema import DraftAnswer
        configure_process(local_models=LOCAL_MODELS)
        environment = dict(os.environ)
        providers = [p["provider"] for p in _litellm().custom_provider_map]
        job = {
            "rule": {"id": "r", "manual": "m", "section": "", "number": None,
                     "text": "A late fee of £5 applies.", "legal_basis": None},
            "context": [], "complaints": [], "roles": [],
        }
        model = open_model(ModelOptions(model="builtin"))
        answer = model.complete([{"role": "user", "content": "Rewrite the rule."}],
                                schema=DraftAnswer.model_json_schema(), schema_name="d", job=job)
        assert DraftAnswer.model_validate_json(answer.text).proposed
        changed = {k for k in set(os.environ) | set(environment)
                   if os.environ.get(k) != environment.get(k)}
        assert changed <= {"TIKTOKEN_CACHE_DIR"}, changed  # litellm's own, as it counts tokens
        assert [p["provider"] for p in _litellm().custom_provider_map] == providers == ["builtin"]
        print("unchanged")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unchanged"
