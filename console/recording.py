"""The batched database writer: one thread, one queue, one transaction per flush.

Any thread hands rows to :meth:`Recorder.write` and gets a
:class:`concurrent.futures.Future` that completes once the rows are
**committed**. The audience intake waits on that future before it answers
``202``, so an acknowledged event survives a SIGKILL of the console.

The writer thread wakes at least every :data:`FLUSH_INTERVAL_S` and commits
everything queued since the last flush in one transaction. A crash therefore
loses at most what arrived during the last interval and was not yet
acknowledged to anyone.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import Connection, Engine, Table, insert
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

#: Longest time a row waits in memory before it is committed. 50 ms keeps the
#: intake's 202 fast and bounds what a crash can lose to one blink.
FLUSH_INTERVAL_S = 0.05
#: Upper bound on rows per transaction, so one flush never holds the write lock long.
MAX_ROWS_PER_FLUSH = 50_000
#: A flush that fails for a transient reason (SQLite busy, PostgreSQL restart)
#: is retried this many times before its futures fail.
FLUSH_RETRIES = 5


@dataclass(slots=True)
class _Item:
    table: Table | None
    rows: list[dict[str, Any]] | None
    call: Callable[[Connection], Any] | None
    future: Future = field(default_factory=Future)


class RecorderClosed(RuntimeError):
    pass


class Recorder:
    """Owns the writer thread. Thread-safe; :meth:`close` flushes and joins."""

    def __init__(self, engine: Engine, *, name: str = "recorder") -> None:
        self.engine = engine
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # -- any thread -------------------------------------------------------
    def write(self, table: Table, rows: list[dict[str, Any]] | dict[str, Any]) -> Future:
        """Queue ``rows`` for ``table``; the future resolves after commit."""
        if isinstance(rows, dict):
            rows = [rows]
        return self._put(_Item(table, list(rows), None))

    def call(self, fn: Callable[[Connection], Any]) -> Future:
        """Run ``fn(connection)`` on the writer thread, in order with the writes.

        For updates (a module's end, an incident's state); the future carries
        ``fn``'s return value after commit.
        """
        return self._put(_Item(None, None, fn))

    def flush(self, timeout: float = 10.0) -> None:
        """Block until everything queued so far is committed (not on the GUI thread)."""
        self.call(lambda _connection: None).result(timeout)

    def close(self, timeout: float = 10.0) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)

    def _put(self, item: _Item) -> Future:
        if self._closed:
            item.future.set_exception(RecorderClosed("the recorder is closed"))
            return item.future
        self._queue.put(item)
        return item.future

    # -- writer thread ----------------------------------------------------
    def _run(self) -> None:
        stopping = False
        while not stopping:
            try:
                first = self._queue.get(timeout=FLUSH_INTERVAL_S)
            except queue.Empty:
                continue
            batch: list[_Item] = []
            rows = 0
            item: _Item | None = first
            while True:
                if item is None:
                    stopping = True
                else:
                    batch.append(item)
                    rows += len(item.rows or ())
                if stopping or rows >= MAX_ROWS_PER_FLUSH:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._flush(batch)
        # Anything put after close() was refused; drain stragglers put during it.
        leftovers = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                leftovers.append(item)
        if leftovers:
            self._flush(leftovers)

    def _flush(self, batch: list[_Item]) -> None:
        for attempt in range(FLUSH_RETRIES):
            try:
                results = self._transaction(batch)
            except OperationalError as exc:
                log.warning("database write failed (attempt %d): %s", attempt + 1, exc.orig)
                time.sleep(min(0.05 * 2**attempt, 1.0))
                continue
            except Exception as exc:  # a bad row must not kill the writer
                log.exception("database write failed")
                self._fail_one_by_one(batch, exc)
                return
            for item, result in zip(batch, results, strict=True):
                item.future.set_result(result)
            return
        error = RuntimeError("the database did not accept the write")
        for item in batch:
            item.future.set_exception(error)

    def _transaction(self, batch: list[_Item]) -> list[Any]:
        results: list[Any] = []
        with self.engine.begin() as connection:
            # Consecutive rows for the same table with the same keys go out as
            # one executemany. The key set matters: an executemany takes its
            # columns from the first row, so a later row's extra keys would be
            # dropped silently, and a missing key must keep the column default.
            pending_table: Table | None = None
            pending_keys: frozenset[str] | None = None
            pending_rows: list[dict[str, Any]] = []

            def flush_pending() -> None:
                nonlocal pending_rows
                if pending_rows:
                    connection.execute(insert(pending_table), pending_rows)
                pending_rows = []

            for item in batch:
                if item.table is None:
                    flush_pending()
                    pending_table, pending_keys = None, None
                    results.append(item.call(connection))  # type: ignore[misc]
                    continue
                for row in item.rows or ():
                    keys = frozenset(row)
                    if item.table is not pending_table or keys != pending_keys:
                        flush_pending()
                        pending_table, pending_keys = item.table, keys
                    pending_rows.append(row)
                results.append(len(item.rows or ()))
            flush_pending()
        return results

    def _fail_one_by_one(self, batch: list[_Item], first_error: Exception) -> None:
        """After a non-transient error, commit each item alone so one bad item fails alone."""
        for item in batch:
            try:
                (result,) = self._transaction([item])
            except Exception as exc:  # noqa: BLE001
                item.future.set_exception(exc)
            else:
                item.future.set_result(result)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()
