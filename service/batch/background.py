"""The web service's batch runner: API batches run one at a time on a background thread.

A server stopped mid-batch marks it interrupted; the next start resumes it (and any batch
a killed server left `running`), since all progress is in the database.

With the `batch_workers` setting the server runs no batch: it leaves each to the
`policy-rewriter worker` processes (`service.batch.workers`), which share it.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING

from service.core.errors import Conflict, PolicyRewriterError

if TYPE_CHECKING:
    from service.batch.ports import RunsBatches

log = logging.getLogger(__name__)


class BatchRunner:
    def __init__(self, batches: RunsBatches) -> None:
        self.batches = batches
        self._queue: queue.Queue[tuple[str, bool] | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._waiting: set[str] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        if self.batches.left_to_workers():
            return
        self._thread = threading.Thread(target=self._loop, name="batch-runner", daemon=True)
        self._thread.start()
        for batch_id in self.batches.unfinished():
            self.submit(batch_id)

    def submit(self, batch_id: str, *, retry_failed: bool = False) -> None:
        if self.batches.left_to_workers():
            self.batches.hand_over(batch_id, retry_failed=retry_failed)
            return
        with self._lock:
            if batch_id in self._waiting:
                raise Conflict(f"batch {batch_id} is already queued or running")
            self._waiting.add(batch_id)
        self._queue.put((batch_id, retry_failed))

    def stop(self, timeout: float = 30.0) -> None:
        """Let the running batch finish the calls in flight, record where it is, and stop."""
        self._stop.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None and not self._stop.is_set():
            batch_id, retry_failed = item
            try:
                self.batches.run(batch_id, retry_failed=retry_failed, stop=self._stop.is_set)
            except PolicyRewriterError as exc:  # recorded on the batch by run_batch
                log.warning("batch %s stopped: %s", batch_id, exc.message)
            except Exception:
                log.exception("batch %s failed", batch_id)
            finally:
                with self._lock:
                    self._waiting.discard(batch_id)
