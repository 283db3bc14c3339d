"""A show in progress, without widgets: everything that runs while a script is on.

:class:`ShowSession` wires the core services together once, so the window and
``liveroom run --headless`` run the very same show:

- the run-of-show (:class:`~console.show.runtime.ShowRuntime`) and its cues to OBS;
- the audience: the HTTP intake, a replay file and/or the simulator, all
  through one :class:`~console.audience.pipeline.AudiencePipeline` (commit
  first, then live KPIs and the comment feed);
- OBS health and audio levels as time series, recorded and charted;
- compliance on the live comments;
- detectors and playbooks (when a playbook library is given);
- the recording of all of it through one :class:`~console.recording.Recorder`.

Time: the outer loop calls :meth:`tick` with a monotonic wall instant (a
QTimer in the window, the loop in :mod:`console.headless`); nothing in here
reads the clock except to stamp OBS samples that arrive on ``obs-worker``.
Everything recorded is on the show clock (``runtime.unix_at``): at speed 1 that
is the wall clock; at a rehearsal speed a 90-minute show recorded in 9 minutes
still reviews as 90 minutes.

Threads: :meth:`tick` and the commands run on the caller's thread (the GUI
thread in the window). OBS signals arrive on ``obs-worker`` and only append to
buffers and queue rows; audience events arrive on intake threads or the
recorder thread. The signals below say where they fire.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from console.audience.events import AudienceEvent, CommentEvent
from console.audience.pipeline import AudiencePipeline
from console.events import Signal
from console.metrics.live import LiveKpis
from console.metrics.series import SeriesSet
from console.recording import Recorder
from console.show import effects as show_effects
from console.show.model import ShowScript
from console.show.runtime import ShowRuntime
from db import schema

log = logging.getLogger(__name__)

#: OBS health figures kept as series (name in the database → HealthSample field).
HEALTH_SERIES = {
    "obs.fps": "fps",
    "obs.cpu": "cpu",
    "obs.render_dropped_ratio": "render_dropped_ratio",
    "obs.output_dropped_ratio": "output_dropped_ratio",
    "obs.bitrate_kbps": "bitrate_kbps",
    "obs.congestion": "congestion",
}
#: KPI figures sampled into series (chart lines and the review's charts).
KPI_SERIES = ("online", "gmv", "orders", "comments_per_min", "orders_per_min", "entries", "likes")
#: Show seconds between two KPI samples; 1 s matches OBS's 1 Hz health.
KPI_SAMPLE_EVERY_S = 1.0
#: Audio levels arrive ~20 times a second per input; one recorded value (the
#: loudest) per second is enough for the review and for charts.
AUDIO_SAMPLE_EVERY_S = 1.0
#: Simulator steps: small enough that events spread through the second.
SIMULATOR_STEP_S = 0.25
#: The outer loop's own audience (replay, simulator) waits while this many of its events are
#: handed to the recorder and not yet committed, so a database slower than the feed (a busy
#: team PostgreSQL, a rehearsal at 20×) delays the feed instead of piling rows up in memory
#: (the soak saw 60 MB of backlog on a loaded machine). 10,000 is about 1.5 s of wall time of
#: the soak's audience at 20×; the events keep their show-time stamps and the feed catches up
#: once the writer has. HTTP senders need no limit: each waits for its commit.
MAX_EVENTS_IN_FLIGHT = 10_000


def parse_intake_address(address: str) -> tuple[str, int]:
    """``HOST:PORT`` of the audience intake (``--intake``, ``LIVEROOM_INTAKE``)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"the audience intake address must be HOST:PORT, got '{address}'")
    return host, int(port)


def level_db(multiplier: float) -> float:
    return 20 * math.log10(multiplier) if multiplier > 0 else -math.inf


@dataclasses.dataclass(frozen=True, slots=True)
class FlaggedComment:
    event: CommentEvent
    module_id: str | None
    hits: tuple[Any, ...]  # console.compliance Hit


class ShowSession:
    def __init__(
        self,
        script: ShowScript,
        *,
        recorder: Recorder,
        obs: Any | None = None,
        kind: str = "live",
        speed: float = 1.0,
        room: str = "",
        script_path: str | None = None,
        replay: Any | None = None,
        simulator: Any | None = None,
        matcher: Any | None = None,
        playbooks: Any | None = None,
        live_stream: bool = False,
        unattended: bool = False,
        recovery: Any | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``unattended``: no operator (a headless run), every module advances at its planned end.
        ``recovery``: continue an interrupted show (use :meth:`from_recovery`, then :meth:`resume`)."""
        from console.recovery import replay_engine, unattended_script

        self.unattended = unattended or bool(recovery is not None and recovery.unattended)
        if recovery is not None:
            script = recovery.script  # as it was run (unattended already applied)
        elif unattended:
            script = unattended_script(script)
        self.recovery = recovery
        self._history_loaded = False
        self._history_lock = threading.Lock()
        self._replayed_effects: list[Any] = []
        engine = None
        if recovery is not None:
            engine, self._replayed_effects = replay_engine(recovery)
        self.script = script
        self.recorder = recorder
        self.obs = obs
        self.kind = kind
        self.speed = speed
        self.live_stream = live_stream
        self._clock = clock
        self.runtime = ShowRuntime(script, engine, obs_client=obs, recorder=recorder, kind=kind, speed=speed,
                                   room=room, obs_url=getattr(obs, "url", None), script_path=script_path, clock=clock,
                                   show_id=recovery.show_id if recovery is not None else None)
        self.show_id = self.runtime.show_id
        self.live = LiveKpis()
        self.series = SeriesSet()
        self.pipeline = AudiencePipeline(recorder, self.show_id, self._module_at, self.live)
        self.replay = replay
        self.simulator = simulator
        self.matcher = matcher
        self.playbooks = playbooks  # a console.playbooks runner facade (optional)
        self.submit_errors = 0
        #: Replay/simulator events handed to the pipeline, and those committed (soak consistency).
        self.events_generated = 0
        self.events_recorded = 0
        self.events_failed = 0
        self._count_lock = threading.Lock()
        self.intake: Any | None = None
        self.last_health: Any | None = None

        self.comment_flagged = Signal("ShowSession.comment_flagged")
        """(FlaggedComment) — a live comment with banned or risky wording; on the recorder thread."""
        self.comments = Signal("ShowSession.comments")
        """(list[(CommentEvent, module_id, hits)]) — every committed comment; on the recorder thread."""

        self._wall_unix_start: float | None = None
        self._mono_start: float | None = None
        self._last_kpi_sample: float | None = None
        self._last_sim: float | None = None
        self._audio_peaks: dict[str, float] = {}
        self._audio_window_start: float | None = None
        self._audio_lock = threading.Lock()
        self._closed = False

        self.runtime.effects.connect(self._on_effects)
        self.runtime.summary_extra = self._wall_summary
        self.pipeline.accepted.connect(self._on_accepted)
        self.journal = None
        if obs is not None:
            from console.obs.journal import ObsJournal

            obs.health.connect(self._on_health)
            obs.obs_event.connect(self._on_obs_event)
            self.journal = ObsJournal(obs, recorder, show_id=lambda: self.show_id, ts_map=self.show_unix)
            # The state the show starts in is part of its record.
            self.journal._on_state(obs.state, obs.state_reason)

    def _wall_summary(self) -> dict[str, Any]:
        """The heartbeat's extras for the rooms wall (console.wall.live_extras)."""
        from console.wall import live_extras

        return live_extras(self)

    @classmethod
    def from_recovery(cls, recovery: Any, *, recorder: Recorder, obs: Any | None = None, matcher: Any | None = None,
                      playbooks: Any | None = None, simulator: Any | None = None, replay: Any | None = None,
                      live_stream: bool = False, clock: Callable[[], float] = time.time) -> "ShowSession":
        """The session of an interrupted show (``console.recovery.load_recovery``); call :meth:`resume` next.

        A live show needs ``obs`` as it did at its start; its kind, speed,
        room and script are the recorded ones.
        """
        return cls(recovery.script, recorder=recorder, obs=obs, kind=recovery.kind, speed=recovery.speed,
                   room=recovery.room, script_path=recovery.script_path, replay=replay, simulator=simulator,
                   matcher=matcher, playbooks=playbooks, live_stream=live_stream, recovery=recovery, clock=clock)

    # ----------------------------------------------------------------- time
    def show_unix(self, wall_unix: float) -> float:
        """Show-clock Unix seconds for a wall-clock Unix instant (OBS samples)."""
        if self._wall_unix_start is None or self.runtime.unix_start is None:
            return wall_unix
        return self.runtime.unix_start + (wall_unix - self._wall_unix_start) * self.speed

    def show_now(self, mono: float) -> float:
        return self.runtime.unix_at(self.runtime.show_time(mono))

    def _module_at(self, ts: float) -> str | None:
        # Called on intake threads and the headless loop: the runtime's lock
        # keeps the engine's timeline consistent while it is read.
        with self.runtime._lock:
            return self.runtime.module_at_unix(ts)

    # ------------------------------------------------------------- commands
    @property
    def started(self) -> bool:
        return self.runtime.started

    @property
    def ended(self) -> bool:
        return self.runtime.ended

    def start(self, mono: float) -> None:
        if self.recovery is not None:
            raise RuntimeError("an interrupted show is resumed, not started: call resume()")
        self._mono_start = mono
        self._wall_unix_start = self._clock()
        self.runtime.start(mono, who="operator", args={"unattended": True} if self.unattended else None)
        start_ts = self.runtime.unix_at(0.0)
        if self.replay is not None:
            self.replay.rebase(start_ts)
        self._last_sim = start_ts
        self._last_kpi_sample = None
        if self.live_stream and self.obs is not None:
            self._perform({"do": "start_stream"}, "console")
        if self.playbooks is not None:
            self.playbooks.show_started(self, mono)

    def resume(self, mono: float, *, who: str = "operator") -> None:
        """Continue the interrupted show given to :meth:`from_recovery`, from the monotonic instant ``mono``.

        Rebuilds the live KPIs and the charts' history from what was recorded,
        restores the open incidents (their deadlines unchanged), then lets the
        runtime catch up (what fell due while the console was down is recorded
        as missed). The stream is not touched: OBS kept doing what it did, and
        the client re-reads its state on connect.
        """
        recovery = self.recovery
        if recovery is None:
            raise RuntimeError("resume() is for a session made by from_recovery()")
        if self.runtime.started:
            raise RuntimeError("the show is already running")
        self.load_history()
        self._mono_start = mono
        self._wall_unix_start = recovery.started_at
        self.runtime.resume_after_crash(mono, recovery, who=who)
        now_ts = self.runtime.unix_at(self.runtime.show_time(mono))
        if self.replay is not None:
            self.replay.rebase(recovery.started_at)
            self.replay.due(self.runtime.show_time(mono))  # already recorded before the crash, or missed
        self._last_sim = now_ts
        self._last_kpi_sample = None
        if self.playbooks is not None:
            self.playbooks.show_started(self, mono)
            self.playbooks.restore(recovery.incidents, now_ts)

    def load_history(self) -> None:
        """Rebuild the live KPIs and the charts' history from the record (reads the database: call it
        on a worker thread before :meth:`resume`, which then skips it). Safe to call twice."""
        from console import recovery as rec

        with self._history_lock:
            if self._history_loaded or self.recovery is None:
                return
            engine = self.recorder.engine
            self._rebuild_live(rec.replay_events(engine, self.show_id))
            for series, ts, value in rec.recorded_series(engine, self.show_id):
                self.series[series].append(ts, value)
            self._history_loaded = True

    def _rebuild_live(self, events: Any) -> None:
        """Feed the replayed run-of-show and the recorded events to the live KPIs, in time order."""
        start = self.recovery.started_at

        def to_ts(at: float) -> float:
            return start + at

        timeline = [(to_ts(getattr(e, "at", 0.0)), e) for e in self._replayed_effects]
        position = 0
        for ts, event, module_id in events:
            while position < len(timeline) and timeline[position][0] <= ts:
                self.live.apply_effects([timeline[position][1]], to_ts)
                position += 1
            self.live.add([event], [module_id])
        for _ts, effect in timeline[position:]:
            self.live.apply_effects([effect], to_ts)

    def tick(self, mono: float) -> None:
        """One turn of the outer loop (every ~100 ms)."""
        if not self.runtime.started or self._closed:
            return
        self.runtime.tick(mono)
        show_t = self.runtime.show_time(mono)
        now_ts = self.runtime.unix_at(show_t)
        if self.replay is not None and not self.ended and self.events_in_flight < MAX_EVENTS_IN_FLIGHT:
            events = self.replay.due(show_t)
            if events:
                self._submit(events)
        if self.simulator is not None and not self.ended and self._last_sim is not None:
            module = self.runtime.engine.current_module
            while now_ts - self._last_sim >= SIMULATOR_STEP_S and self.events_in_flight < MAX_EVENTS_IN_FLIGHT:
                step_end = self._last_sim + SIMULATOR_STEP_S
                events = self.simulator.step(step_end, module.type if module else None, SIMULATOR_STEP_S)
                self._last_sim = step_end
                if events:
                    self._submit(events)
        if self._last_kpi_sample is None or now_ts - self._last_kpi_sample >= KPI_SAMPLE_EVERY_S:
            self._last_kpi_sample = now_ts
            self._sample_kpis(now_ts)
        if self.playbooks is not None:
            self.playbooks.tick(self, mono, now_ts)

    def command(self, name: str, mono: float, *args: Any, who: str = "operator") -> list[Any]:
        """``next``, ``previous``, ``jump`` (module id), ``hold``, ``resume``, ``extend``/``shorten`` (seconds)."""
        method = getattr(self.runtime, name)
        return method(mono, *args, who=who)

    def stop(self, mono: float, *, early: bool | None = None, who: str = "operator") -> None:
        if self.runtime.started and not self.runtime.ended:
            self.runtime.stop(mono, early=early, who=who)

    def close(self, mono: float, timeout: float = 10.0) -> None:
        """End the show if it still runs (early), stop streaming if we started it, flush."""
        if self._closed:
            return
        if self.intake is not None:
            self.intake.stop()  # no new events once the show is over
            self.intake = None
        if self.runtime.started and not self.runtime.ended:
            self.runtime.stop(mono, early=True, who="system")
        self.runtime.wait_idle(timeout)
        if self.live_stream and self.obs is not None:
            try:
                self._perform({"do": "stop_stream"}, "console").result(timeout)
            except Exception:  # noqa: BLE001 - reported in the journal already
                log.warning("stopping the stream at the end failed")
        if self.playbooks is not None:
            self.playbooks.close(self, mono)
        self._closed = True
        if self.obs is not None:
            self.obs.health.disconnect(self._on_health)
            self.obs.obs_event.disconnect(self._on_obs_event)
        if self.journal is not None:
            self.recorder.flush(timeout)  # the answers to the last cues are journalled before detaching
            self.journal.close()
        self.runtime.effects.disconnect(self._on_effects)
        self.pipeline.accepted.disconnect(self._on_accepted)
        try:
            self.recorder.flush(timeout)
        except Exception:
            log.exception("final flush failed")

    def open_intake(self, address: str) -> str | None:
        """Open the audience intake (CONTRACTS §3) on ``HOST:PORT`` feeding this show.

        Returns None when it listens, or a one-line reason when it cannot
        (no keyring for the token, address taken): the show goes on without it.
        Stopped by :meth:`close`.
        """
        from console.audience.intake import AudienceIntake
        from console.audience.token import get_or_create_token
        from console.secrets import KeyringUnavailable

        try:
            host, port = parse_intake_address(address)
        except ValueError as exc:
            return str(exc)
        try:
            token = get_or_create_token()
        except KeyringUnavailable as exc:
            return f"the audience intake is off: {exc}"
        try:
            self.intake = AudienceIntake(host, port, token, self.submit).start()
        except OSError as exc:
            return f"the audience intake is off: cannot listen on {host}:{port}: {exc.strerror or exc}"
        return None

    def check_against_obs(self) -> Future:
        """Every scene role and source of the script that OBS does not have (CONTRACTS §2).

        Resolves with a list of positioned warnings (empty when all exist, or
        when there is no OBS to ask). Never blocks: the input list is one request.
        """
        from console.show.lint import check_against_obs

        result: Future = Future()
        if self.obs is None or getattr(self.obs.state, "value", self.obs.state) != "ok":
            result.set_result([])
            return result
        scenes = list(self.obs.snapshot.scenes)

        def done(answer: Future) -> None:
            reply = answer.result()
            if not reply.ok:
                result.set_result([])
                return
            sources = [item.get("inputName", "") for item in reply.data.get("inputs", [])]
            # A scene can be used as a source too (nested scenes).
            result.set_result(check_against_obs(self.script, scenes, sources + scenes))

        self.obs.request("GetInputList", origin="console").add_done_callback(done)
        return result

    # ------------------------------------------------------------- audience
    def submit(self, events: list[AudienceEvent]) -> Future:
        """The intake's sink: record, then publish. Returns the commit future.

        Before the show starts there is no show to record into: the future
        fails with that reason (the intake answers 503, the sender retries).
        """
        if not self.runtime.started:
            refused: Future = Future()
            refused.set_exception(RuntimeError("the show has not started yet; send the events again once it runs"))
            return refused
        return self.pipeline.submit(events)

    @property
    def events_in_flight(self) -> int:
        """Replay/simulator events handed to the recorder and not yet committed (or failed)."""
        return self.events_generated - self.events_recorded - self.events_failed

    def _submit(self, events: list[AudienceEvent]) -> None:
        """Replay and simulator events (the outer loop's own); counted for the run's summary."""
        with self._count_lock:
            self.events_generated += len(events)
        future = self.pipeline.submit(events)

        def done(finished: Future) -> None:
            if finished.exception() is not None:
                self.submit_errors += 1
                with self._count_lock:
                    self.events_failed += len(events)
                log.error("recording %d audience events failed: %s", len(events), finished.exception())
            else:
                with self._count_lock:
                    self.events_recorded += len(events)

        future.add_done_callback(done)

    def _on_accepted(self, events: list[AudienceEvent], module_ids: list[str | None]) -> None:
        # Recorder thread: keep it short.
        comments = []
        for event, module_id in zip(events, module_ids, strict=True):
            if isinstance(event, CommentEvent):
                hits = tuple(self.matcher.find(event.text)) if self.matcher is not None else ()
                comments.append((event, module_id, hits))
                if hits:
                    self.comment_flagged.emit(FlaggedComment(event, module_id, hits))
        if comments:
            self.comments.emit(comments)
        if self.playbooks is not None:
            self.playbooks.audience(self, events, comments)

    def _sample_kpis(self, now_ts: float) -> None:
        snapshot = self.live.snapshot(now_ts)
        rows = []
        for name in KPI_SERIES:
            tile = snapshot.tiles.get(name)
            value = tile.value if tile is not None else None
            if value is None:
                continue
            self.series[f"kpi.{name}"].append(now_ts, float(value))
            rows.append({"show_id": self.show_id, "ts": now_ts, "series": f"kpi.{name}", "value": float(value)})
        if rows:
            self.recorder.write(schema.samples, rows)

    # ------------------------------------------------------------------ OBS
    def _perform(self, action: dict[str, Any], origin: str) -> Future:
        from console.obs.actions import perform

        return perform(self.obs, action, roles=dict(self.script.show.scenes), origin=origin)

    def _on_health(self, sample: Any) -> None:
        # obs-worker thread: buffers and queued rows only.
        self.last_health = sample  # the rooms wall's stream health (one reference swap)
        if not self.runtime.started or self._closed:
            return
        ts = self.show_unix(sample.ts)
        rows = []
        for series, field in HEALTH_SERIES.items():
            value = getattr(sample, field)
            if value is None:
                continue
            self.series[series].append(ts, float(value))
            rows.append({"show_id": self.show_id, "ts": ts, "series": series, "value": float(value)})
        if rows:
            self.recorder.write(schema.samples, rows)
        if self.playbooks is not None:
            self.playbooks.health(self, sample)

    def _on_obs_event(self, event_type: str, data: dict[str, Any]) -> None:
        if event_type == "InputVolumeMeters":
            self._on_levels(data.get("inputs") or [])
        if self.playbooks is not None:
            self.playbooks.obs_event(self, event_type, data)

    def _on_levels(self, inputs: list[dict[str, Any]]) -> None:
        if not self.runtime.started or self._closed:
            return
        now = self.show_unix(self._clock())
        with self._audio_lock:
            for item in inputs:
                channels = item.get("inputLevelsMul") or []
                if not channels:
                    continue  # a source without audio (a camera's video file)
                peak = max((channel[1] for channel in channels if len(channel) > 1), default=0.0)
                name = item.get("inputName", "")
                self._audio_peaks[name] = max(self._audio_peaks.get(name, 0.0), peak)
            if self._audio_window_start is None:
                self._audio_window_start = now
                return
            if now - self._audio_window_start < AUDIO_SAMPLE_EVERY_S:
                return
            peaks, self._audio_peaks = self._audio_peaks, {}
            self._audio_window_start = now
        rows = []
        for name, peak in peaks.items():
            db = max(level_db(peak), -100.0)
            self.series[f"audio.{name}"].append(now, db)
            rows.append({"show_id": self.show_id, "ts": now, "series": f"audio.{name}", "value": db})
        if rows:
            self.recorder.write(schema.samples, rows)

    # ------------------------------------------------------------ run-of-show
    def _on_effects(self, effects: list[Any]) -> None:
        self.live.apply_effects(effects, self.runtime.unix_at)
        if self.simulator is not None:
            for effect in effects:
                if isinstance(effect, show_effects.CueDue):
                    self.simulator.on_cue(effect.cue.do)
        if self.playbooks is not None:
            self.playbooks.effects(self, effects)
