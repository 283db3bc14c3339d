"""What every audience source shares (CONTRACTS §8): a state, counters, backoff, gaps, one thread.

A source reads one platform feed and emits validated §3 events through a
*sink* — ``sink(events: list[AudienceEvent])``, the same callable the HTTP
intake is given (the session passes ``AudiencePipeline.submit``). The sink's
return value (a future) is not waited on: the source never blocks on the
database, and the pipeline keeps the order of what it is handed.

Each source runs on one daemon thread of its own, named ``source-<kind>``; it
does the network I/O, the mapping and the sink calls, so a slow or dead feed
never blocks OBS control or the GUI. :meth:`AudienceSource.start` returns at
once; :meth:`AudienceSource.stop` asks the thread to end and joins it.

Health is honest (STYLE practice 15): :class:`SourceState` with a reason,
emitted only on change; counters of what arrived and what was refused; and a
gap marker — the unknown kind ``source_gap`` with ``source``, ``from`` and
``to`` (Unix seconds) — recorded every time a source that was ``live`` comes
back, so the review shows a hole in the data instead of a drop in the audience.
"""

from __future__ import annotations

import enum
import logging
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from console.audience.events import AudienceEvent, EventError, parse_object
from console.events import Signal

log = logging.getLogger(__name__)

Sink = Callable[[list[AudienceEvent]], Any]

#: First reconnect delay. Half a second: a feed that restarts (oba's operator
#: toggles 「监听」) is back before anyone notices, and loopback refusals are cheap.
BACKOFF_INITIAL_S = 0.5
#: Longest reconnect delay. 15 s: the operator who starts listening again sees
#: the console pick the feed up within one glance at the wall, and a source that
#: is down all show costs four connection attempts a minute.
BACKOFF_CAP_S = 15.0
#: Share of each delay taken off at random, so several consoles (or sources)
#: that lost the same feed at the same instant do not retry in lock step.
BACKOFF_JITTER = 0.25
#: Window of the events-per-minute figure on the connection bar and the wall.
RATE_WINDOW_S = 60
#: Events handed to the sink in one call, at most: one recorder batch, and a
#: burst never holds a list of tens of thousands of events in memory.
MAX_BATCH = 500
#: Longest time a received event waits for its batch. 50 ms: the recorder's own
#: flush interval, so batching adds no latency a viewer of the feed could see.
FLUSH_INTERVAL_S = 0.05
#: How long :meth:`AudienceSource.stop` waits for the thread (a connection
#: attempt in progress can take its connect timeout to give up).
STOP_TIMEOUT_S = 10.0
#: One log line per kind of trouble per this many seconds: a feed that sends
#: garbage at 100 frames/s must not fill the log.
LOG_INTERVAL_S = 10.0


class SourceState(str, enum.Enum):
    """Where a source stands (CONTRACTS §8). ``str`` so it prints and serialises as its value."""

    CONNECTING = "connecting"      #: opening the feed
    LIVE = "live"                  #: connected, frames arriving (or not yet overdue)
    STALE = "stale"                #: connected, but nothing for too long: figures are not current
    BACKOFF = "backoff"            #: the feed is unreachable or dropped; waiting to retry
    RATE_LIMITED = "rate_limited"  #: the platform throttles us; waiting as told
    AUTH_EXPIRED = "auth_expired"  #: credentials refused; a person must act
    ENDED = "ended"                #: stopped, or the stream ended
    FAILED = "failed"              #: a bug or an unrecoverable error; the reason says which


@dataclass(frozen=True, slots=True)
class SourceStatus:
    state: SourceState
    reason: str
    #: Unix seconds (the source's wall clock) when this state began.
    since: float


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A snapshot for the connection bar, the wall and the detectors; safe to read from any thread."""

    name: str
    state: SourceState
    reason: str
    since: float
    events_per_minute: float
    events: int        #: delivered to the sink (gap markers included)
    frames: int        #: frames received (text and binary)
    duplicates: int    #: dropped because their id was seen before
    malformed: int     #: not JSON, not an object, or missing what the wire format promises
    binary: int        #: binary frames (the wire is text only)
    unknown: int       #: messages of a type the mapping does not know (stored as unknown kinds)
    rejected: int      #: mapped, then refused by the §3 validation
    gaps: int          #: source_gap markers emitted


class Backoff:
    """Capped exponential backoff with jitter; :meth:`reset` after a success.

    Delay *n* (from 0) is ``min(cap, initial × factor**n)`` less up to
    ``jitter`` of itself at random, so it never exceeds the cap. Not
    thread-safe: one source's thread owns it.
    """

    def __init__(self, initial_s: float = BACKOFF_INITIAL_S, cap_s: float = BACKOFF_CAP_S, *,
                 factor: float = 2.0, jitter: float = BACKOFF_JITTER, rng: random.Random | None = None) -> None:
        if initial_s <= 0 or cap_s < initial_s or factor < 1 or not 0 <= jitter < 1:
            raise ValueError("Backoff needs 0 < initial ≤ cap, factor ≥ 1 and 0 ≤ jitter < 1")
        self.initial_s = initial_s
        self.cap_s = cap_s
        self.factor = factor
        self.jitter = jitter
        self._rng = rng or random.Random()
        self.attempts = 0

    def next_delay(self) -> float:
        """The delay before the next attempt; counts the attempt."""
        # The exponent is bounded so a source down for days never overflows a float.
        base = min(self.cap_s, self.initial_s * self.factor ** min(self.attempts, 64))
        self.attempts += 1
        return base * (1.0 - self.jitter * self._rng.random())

    def reset(self) -> None:
        self.attempts = 0


class EventRate:
    """Events per minute over a sliding window, in one-second buckets. Time is an argument.

    Thread-safe: the source's thread adds, any thread reads.
    """

    def __init__(self, window_s: int = RATE_WINDOW_S) -> None:
        self.window_s = window_s
        self._buckets: deque[list[int]] = deque()  # [second, count], oldest first
        self._lock = threading.Lock()

    def add(self, now: float, count: int = 1) -> None:
        second = int(now // 1)
        with self._lock:
            if self._buckets and self._buckets[-1][0] == second:
                self._buckets[-1][1] += count
            else:
                self._buckets.append([second, count])
            self._trim(second)

    def per_minute(self, now: float) -> float:
        second = int(now // 1)
        with self._lock:
            self._trim(second)
            total = sum(count for _second, count in self._buckets)
        return total * 60.0 / self.window_s

    def _trim(self, second: int) -> None:
        while self._buckets and self._buckets[0][0] <= second - self.window_s:
            self._buckets.popleft()


class ThrottledLog:
    """At most one warning per key per ``interval_s``; the next one says how many were held back."""

    def __init__(self, logger: logging.Logger, interval_s: float = LOG_INTERVAL_S) -> None:
        self._logger = logger
        self._interval_s = interval_s
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def warning(self, key: str, now: float, message: str, *args: Any) -> bool:
        """Log unless ``key`` was logged less than ``interval_s`` ago; True if logged."""
        last = self._last.get(key)
        if last is not None and now - last < self._interval_s:
            self._held[key] = self._held.get(key, 0) + 1
            return False
        held = self._held.pop(key, 0)
        self._last[key] = now
        if held:
            message += " (%d more like it since the last report)"
            args = (*args, held)
        self._logger.warning(message, *args)
        return True


class AudienceSource:
    """Base of every source: state, counters, batching to the sink, gap markers, the thread.

    A subclass sets :attr:`KIND` and implements :meth:`_serve`, which runs on
    the source's thread until ``stopping`` is set, and calls
    :meth:`_set_state`, :meth:`_add` and :meth:`_flush` from there.

    ``clock`` (monotonic seconds) drives timing logic — staleness, pings, the
    event rate — and ``wall_clock`` (Unix seconds) stamps states and gaps; tests
    inject both so they never sleep to wait for logic.
    """

    KIND: ClassVar[str] = ""

    def __init__(self, sink: Sink, target: str, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time, backoff: Backoff | None = None) -> None:
        self.target = target
        #: ``KIND:TARGET``, as on the command line; the ``source`` of its gap markers.
        self.name = f"{self.KIND}:{target}"
        self._sink = sink
        self._clock = clock
        self._wall_clock = wall_clock
        self.backoff = backoff or Backoff()
        #: ``state_changed(source, status: SourceStatus)`` when the state or its reason changes.
        #: Fires on the source's thread (``source-<kind>``): a UI bridge re-emits it queued.
        self.state_changed = Signal(f"{type(self).__name__}.state_changed")
        self._lock = threading.Lock()
        self._status = SourceStatus(SourceState.ENDED, "not started", wall_clock())
        self._counts = dict.fromkeys(("events", "frames", "duplicates", "malformed", "binary", "unknown",
                                      "rejected", "gaps"), 0)
        self._rate = EventRate()
        self._pending: list[AudienceEvent] = []
        self._gap_from: float | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._log = ThrottledLog(log)

    # -- any thread --------------------------------------------------------
    def start(self) -> AudienceSource:
        """Start the source's thread; returns at once (the state goes ``connecting`` from there)."""
        if self._thread is not None:
            raise RuntimeError(f"{self.name} is already started")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._thread_main, name=f"source-{self.KIND}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """End the feed and join the thread. Events received so far are handed to the sink first."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.error("%s: its thread did not end within %.1f s", self.name, timeout)

    @property
    def status(self) -> SourceStatus:
        with self._lock:
            return self._status

    @property
    def gap_open_since(self) -> float | None:
        """Wall-clock Unix seconds the outage in progress began (None while live or never live).

        Written on the source's thread before ``state_changed`` fires, so a
        subscriber of that signal reads the value of the change it is told of.
        """
        return self._gap_from

    def health(self, now: float | None = None) -> SourceHealth:
        """Counters and state now (``now`` on the source's clock; read when omitted)."""
        now = self._clock() if now is None else now
        with self._lock:
            status, counts = self._status, dict(self._counts)
        return SourceHealth(self.name, status.state, status.reason, status.since, self._rate.per_minute(now),
                            **counts)

    # -- the source's thread -------------------------------------------------
    def _serve(self, stopping: threading.Event) -> None:
        raise NotImplementedError

    def _thread_main(self) -> None:
        final = (SourceState.ENDED, "stopped")
        try:
            self._serve(self._stopping)
        except Exception as exc:
            log.exception("%s failed", self.name)
            final = (SourceState.FAILED, f"{type(exc).__name__}: {exc}")
        finally:
            self._flush()
            if self._gap_from is not None:
                # Still out when it ended: the hole runs until now. (Ending while live is no gap.)
                self._emit_gap(self._wall_clock())
            self._set_state(*final)

    def _set_state(self, state: SourceState, reason: str, *, gap_from: float | None = None) -> None:
        """Change the state; no-op when neither state nor reason changes.

        Leaving ``live`` for anything but the end opens a gap at ``gap_from``
        (default: now); coming back to ``live`` closes it with a ``source_gap``.
        """
        with self._lock:
            old = self._status
            if old.state is state and old.reason == reason:
                return
        now = self._wall_clock()
        if old.state is SourceState.LIVE and state not in (SourceState.LIVE, SourceState.ENDED, SourceState.FAILED):
            self._gap_from = now if gap_from is None else min(gap_from, now)
        elif state is SourceState.LIVE and self._gap_from is not None:
            self._emit_gap(now)
        status = SourceStatus(state, reason, now)
        with self._lock:
            self._status = status
        if old.state is not state:
            log.info("%s: %s (%s)", self.name, state.value, reason)
        self.state_changed.emit(self, status)

    def _emit_gap(self, until: float) -> None:
        start, self._gap_from = self._gap_from, None
        self._flush()  # what arrived before the gap closed keeps its place before the marker
        if self._add({"ts": start, "kind": "source_gap", "source": self.name, "from": start, "to": until}):
            self._count("gaps")
        self._flush()

    def _count(self, name: str, n: int = 1) -> None:
        # No lock: only the source's thread writes, and a reader copies the dict
        # (a value replaced under the GIL is read whole). Called once per frame.
        self._counts[name] += n

    def _add(self, obj: dict[str, Any]) -> bool:
        """Validate one §3 object as the intake does and queue it for the sink; False if refused."""
        try:
            event = parse_object(obj)
        except EventError as exc:
            self._count("rejected")
            self._log.warning("rejected", self._clock(), "%s: refused a %s event: %s", self.name,
                              obj.get("kind"), exc)
            return False
        self._pending.append(event)
        if len(self._pending) >= MAX_BATCH:
            self._flush()
        return True

    def _flush(self) -> None:
        """Hand the queued events to the sink (one call). A sink that raises loses that batch, logged."""
        if not self._pending:
            return
        events, self._pending = self._pending, []
        self._count("events", len(events))
        self._rate.add(self._clock(), len(events))
        try:
            self._sink(events)
        except Exception:
            log.exception("%s: the sink refused %d events", self.name, len(events))
