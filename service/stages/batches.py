"""Batches: many manuals ingested, planned and drafted as one job that can be resumed."""

from __future__ import annotations

from collections.abc import Callable

from service.batch import report as batch_report
from service.batch import store as batch_store
from service.batch import workers as batch_workers
from service.batch.estimate import estimate
from service.batch.ports import BatchStages
from service.batch.runner import run_batch
from service.batch.store import BatchFile
from service.core import errors
from service.core.domain import BatchEstimate, BatchInfo, BatchReport
from service.core.errors import BadInput
from service.core.settings import Settings
from service.ingest.classify import RuleClassifier
from service.ingest.manuals import manual_slug, parse_manual
from service.ingest.uploads import safe_name
from service.stages.progress import ProgressFactory, no_progress
from service.store.database import Database
from service.store.models import AuditRow, BatchRow

MAX_CONCURRENCY = 64


def batch_concurrency(value: int | str | None) -> int | None:
    """Model calls a batch keeps in flight, as a caller gave it (a form sends text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadInput(f"concurrency must be a whole number from 1 to 64, not {value!r}") from None
    if not 1 <= number <= MAX_CONCURRENCY:
        raise BadInput(f"concurrency must be a whole number from 1 to 64, not {number}")
    return number


class Batches:
    """Creates, estimates, runs and reports batches. The batch stage is handed the ingest,
    matching and model services (`stages`) through the Protocols of `service.batch.ports`."""

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        classifier: RuleClassifier,
        stages: Callable[[], BatchStages],
        progress: ProgressFactory = no_progress,
    ) -> None:
        self._settings = settings
        self._db = db
        self._classifier = classifier
        self._progress = progress
        # built when a batch is run or estimated: reading batches needs no embedder
        self._stages = stages

    def files(self, files: list[tuple[str, bytes]]) -> list[BatchFile]:
        """The files of a batch, each read and split now: a bad file is refused, by name,
        before anything is stored."""
        found = []
        for filename, data in files:
            name = safe_name(filename, "manual")
            manual_id = manual_slug(name)
            parse_manual(
                data=data,
                filename=name,
                manual_id=manual_id,
                max_bytes=self._settings.max_file_bytes,
                classifier=self._classifier,
            )
            found.append(BatchFile(name, data, manual_id))
        batch_store.check_files(found)
        return found

    def create(
        self,
        files: list[BatchFile],
        *,
        model: str | None = None,
        api_base: str | None = None,
        concurrency: int | str | None = None,
        origin: str = "api",
        actor: str = "cli",
    ) -> BatchInfo:
        """A new batch (API: always new). From the command line the id follows from the model
        and the files, so the same command finds the batch it started before. `concurrency`
        is checked here, for every caller: a whole number from 1 to 64, or the setting."""
        model = model or self._settings.model
        concurrency = batch_concurrency(concurrency) or self._settings.batch_concurrency
        batch_id = batch_store.batch_key(model, files) if origin == "cli" else None
        with self._db.session() as session:
            existing = session.get(BatchRow, batch_id) if batch_id else None
            if existing is not None:
                existing.api_base = api_base or existing.api_base
            else:
                row = batch_store.create_batch(
                    session,
                    files,
                    model=model,
                    api_base=api_base,
                    concurrency=concurrency,
                    origin=origin,
                    actor=actor,
                    batch_id=batch_id,
                )
                batch_id = row.id
                session.add(
                    AuditRow(
                        actor=actor,
                        action="batch.create",
                        detail={"batch": row.id, "files": [f.filename for f in files]},
                    )
                )
        assert batch_id is not None
        return self.info(batch_id)

    def run(
        self,
        batch_id: str,
        *,
        retry_failed: bool = False,
        concurrency: int | str | None = None,
        stop: Callable[[], bool] = lambda: False,
        on_phase: Callable[[str], None] = lambda _phase: None,
    ) -> BatchInfo:
        """Run a batch to its end, or resume it; see `service.batch.runner`."""
        return run_batch(
            self._stages(),
            batch_id,
            retry_failed=retry_failed,
            concurrency=batch_concurrency(concurrency),
            progress=self._progress,
            stop=stop,
            on_phase=on_phase,
        )

    def left_to_workers(self) -> bool:
        """Whether the web app leaves its batches to `policy-rewriter worker` processes;
        refused on a database workers cannot share."""
        if not self._settings.batch_workers:
            return False
        batch_workers.require_postgres(self._db)
        return True

    def hand_over(self, batch_id: str, *, retry_failed: bool = False) -> None:
        """Queue a web batch for the workers (again, if it had stopped)."""
        batch_workers.hand_over(self._db, batch_id, retry_failed=retry_failed)

    def work(
        self,
        *,
        poll: float = 1.0,
        until_idle: bool = False,
        stop: Callable[[], bool] = lambda: False,
        on_event: Callable[[str], None] = lambda _message: None,
    ) -> int:
        """Be one of the workers that run the web app's batches, until stopped (or, with
        `until_idle`, until no batch is left); returns the rules this worker drafted."""
        batch_workers.require_postgres(self._db)
        worker = batch_workers.Worker(self._stages(), poll=poll, stop=stop, on_event=on_event)
        worker.run(until_idle=until_idle)
        return worker.drafted

    def unfinished(self) -> list[str]:
        """The web app's batches a stopped server left unfinished, oldest first, that no
        other live process holds."""
        with self._db.session() as session:
            return batch_store.unfinished_api_batches(session)

    def resumable(self, batch_id: str) -> BatchInfo:
        """A batch the web app may resume: one it started (a CLI batch resumes in the CLI)."""
        info = self.info(batch_id)
        if info.origin != "api":
            raise errors.Conflict(
                f"batch {batch_id} was started from the command line; resume it there"
            )
        return info

    def estimate(
        self,
        files: list[BatchFile],
        *,
        model: str | None = None,
        retry_failed: bool = False,
        origin: str = "cli",
    ) -> BatchEstimate:
        model = model or self._settings.model
        batch_id = batch_store.batch_key(model, files) if origin == "cli" else None
        return estimate(
            self._stages(), files, model=model, batch_id=batch_id, retry_failed=retry_failed
        )

    def info(self, batch_id: str) -> BatchInfo:
        with self._db.session() as session:
            return batch_store.batch_info(session, batch_id)

    def recent(self, *, limit: int = 100) -> list[BatchInfo]:
        with self._db.session() as session:
            return [
                batch_store.batch_info(session, found)
                for found in batch_store.list_batches(session, limit=limit)
            ]

    def reports(self, batch_id: str) -> list[BatchReport]:
        with self._db.session() as session:
            return batch_report.reports(session, batch_id)

    def outputs(self, batch_id: str, *, only: str | None = None) -> list[tuple[str, bytes]]:
        """(file name, content) of the revised drafts and reports of every manual."""
        with self._db.session() as session:
            return batch_report.outputs(session, batch_id, only=only)
