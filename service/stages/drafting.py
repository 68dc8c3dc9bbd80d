"""Drafting: a checked rewrite of each rule that needs one."""

from __future__ import annotations

from service.core.domain import Suggestion
from service.core.llm import FailureStreak, ModelError
from service.core.settings import Settings
from service.drafting.jobs import gather_job
from service.drafting.selection import skip_reason
from service.drafting.service import draft_rule
from service.stages.library import Library
from service.stages.matching import Matching
from service.stages.models import Models
from service.store.database import Database


class Drafting:
    """Drafts, checks and stores suggestions, for the rules whose evidence calls for one."""

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        library: Library,
        matching: Matching,
        models: Models,
    ) -> None:
        self._settings = settings
        self._db = db
        self._library = library
        self._matching = matching
        self._models = models

    def skipped(self, rule_ids: list[str]) -> dict[str, str]:
        """The rules among `rule_ids` that need no rewrite, with the reason for each."""
        reasons = {}
        for rule_id in dict.fromkeys(rule_ids):
            rule = self._library.rule(rule_id)
            reason = skip_reason(rule, complaints=len(self._matching.conflict(rule_id).complaints))
            if reason:
                reasons[rule_id] = reason
        return reasons

    def draft(
        self,
        rule_ids: list[str],
        *,
        model: str | None = None,
        api_base: str | None = None,
        fresh: bool = False,
        skipped: dict[str, str] | None = None,
        failed: dict[str, str] | None = None,
    ) -> list[Suggestion]:
        """A suggestion per rule that needs a rewrite, drafted (or taken from the cache),
        checked and stored. The others are left out, with the reason put in `skipped`.

        Given `failed`, a rule whose model answers stay invalid (or whose call fails) is
        recorded there with the error and the others go on; a refused key, an unknown model
        or an unreachable server stops the run, since every rule would fail the same way."""
        chat = self._models.chat(model, api_base)
        rules = [self._library.rule(rule_id) for rule_id in dict.fromkeys(rule_ids)]
        suggestions = []
        streak = FailureStreak()
        for rule in rules:
            conflict = self._matching.conflict(rule.id)
            reason = skip_reason(rule, complaints=len(conflict.complaints))
            if reason:
                if skipped is not None:
                    skipped[rule.id] = reason
                continue
            with self._db.session() as session:
                job = gather_job(
                    session, rule, conflict, complaints=self._settings.draft_complaints
                )
                try:
                    suggestion = draft_rule(
                        session,
                        job,
                        model=chat,
                        attempts=self._settings.draft_attempts,
                        fresh=fresh,
                    )
                except ModelError as exc:
                    if failed is None:
                        raise
                    failed[rule.id] = exc.message
                    streak.failure(exc)  # the same failure rule after rule stops the run
                    continue
                streak.success()
                suggestions.append(suggestion)
        return suggestions
