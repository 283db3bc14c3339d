"""A show in progress, without widgets: everything that runs while a script is on.

:class:`ShowSession` wires the core services together once, so the window and
``liveroom run --headless`` run the very same show:

- the run-of-show (:class:`~console.show.runtime.ShowRuntime`) and its cues to OBS;
- the audience: the HTTP intake, a replay file and/or the simulator (played
  by an :class:`~console.audience.player.AudiencePlayer`), all
  through one :class:`~console.audience.pipeline.AudiencePipeline` (commit
  first; each tick then publishes what was committed to the live KPIs, the
  compliance check, the comment feed and the detectors);
- OBS health, audio levels and KPIs as time series, recorded and charted (the
  :class:`~console.metrics.sampling.ShowSampler` it owns);
- compliance on the live comments;
- detectors and playbooks (when a playbook library is given);
- audience sources (console.sources), targets (console.targets), adjustment rules
  (console.rules), commerce (console.commerce) and a rehearsal's drill
  (console.drills): collaborators built once and called from :meth:`tick`;
- the recording of all of it through one :class:`~console.recording.Recorder`.

Time: the outer loop calls :meth:`tick` with a monotonic wall instant (a
QTimer in the window, the loop in :mod:`console.headless`); nothing in here
reads the clock except the start's wall stamp (the sampler stamps OBS volume
meters that arrive on ``obs-worker`` with it too).
Everything recorded is on the show clock (``runtime.unix_at``): at speed 1 that
is the wall clock; at a rehearsal speed a 90-minute show recorded in 9 minutes
still reviews as 90 minutes.

Threads: :meth:`tick` and the commands run on the caller's thread (the GUI
thread in the window). OBS signals arrive on ``obs-worker`` and only append to
buffers and queue rows. Audience events are submitted on intake threads or the
tick's thread and committed on the recorder thread, which only resolves their
futures; the tick publishes them. The signals below say where they fire.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from console.audience.events import AudienceEvent, CommentEvent
from console.audience.pipeline import AudiencePipeline
from console.audience.player import AudiencePlayer
from console.commerce.live import ShowCommerce
from console.events import Signal
from console.metrics.live import LiveKpis
from console.metrics.sampling import ShowSampler
from console.metrics.series import SeriesSet
from console.obs.protocol import ObsLink
from console.recording import Recorder
from console.show import effects as show_effects
from console.show.model import ShowScript
from console.show.runtime import ShowRuntime

log = logging.getLogger(__name__)


def parse_intake_address(address: str) -> tuple[str, int]:
    """``HOST:PORT`` of the audience intake (``--intake``, ``LIVEROOM_INTAKE``)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"the audience intake address must be HOST:PORT, got '{address}'")
    return host, int(port)


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
        obs: ObsLink | None = None,
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
        journal: Any | None = None,
        clock: Callable[[], float] = time.time,
        sources: Any = (),
        rules: Any | None = None,
    ) -> None:
        """``unattended``: no operator (a headless run), every module advances at its planned end.
        ``recovery``: continue an interrupted show (use :meth:`from_recovery`, then :meth:`resume`).
        ``journal``: the station's OBS journal (console.station), tagged with this show while it
        runs and untagged by :meth:`close`; without one the show journals OBS on a journal of its own.
        ``sources``: the audience sources' specs (console.sources.spec.SourceSpec), started by
        :meth:`start_sources` and stopped by :meth:`close`. Shows are put together by console.show_assembly."""
        from console.recovery import replay_run_of_show, unattended_script

        self.unattended = unattended or bool(recovery is not None and recovery.unattended)
        if recovery is not None:
            script = recovery.script  # as it was run (unattended already applied)
        elif unattended:
            script = unattended_script(script)
        self.recovery = recovery
        self._history_loaded = False
        self._history_lock = threading.Lock()
        self._replayed_effects: list[Any] = []
        run_of_show = None
        if recovery is not None:
            run_of_show, self._replayed_effects = replay_run_of_show(recovery)
        self.script = script
        self.recorder = recorder
        self.obs = obs
        self.kind = kind
        self.speed = speed
        self.live_stream = live_stream
        self._clock = clock
        self.runtime = ShowRuntime(script, run_of_show, obs_client=obs, recorder=recorder, kind=kind, speed=speed,
                                   room=room, obs_url=getattr(obs, "url", None), script_path=script_path, clock=clock,
                                   show_id=recovery.show_id if recovery is not None else None)
        self.show_id = self.runtime.show_id
        self.live = LiveKpis()
        self.pipeline = AudiencePipeline(recorder, self.show_id, self._module_at, self.live)
        self.sampler = ShowSampler(recorder, self.show_id, self.live, obs=obs, show_unix=self.show_unix, clock=clock)
        self.replay = replay
        self.simulator = simulator
        self.player = AudiencePlayer(self.pipeline, replay=replay, simulator=simulator)
        self.matcher = matcher
        self.playbooks = playbooks  # a console.playbooks runner facade (optional)
        #: The fault trainer of a rehearsal run with a drill (console.drills.trainer.FaultTrainer), else None.
        self.drill: Any = None
        self.rules = rules  # adjustment rules (console.rules.session.SessionRules, optional)
        self.commerce = ShowCommerce(script, recorder, lambda: self.show_id)  # stock, selling cues, per product
        self.intake: Any | None = None
        from console.sources.show_sources import ShowSources

        self.sources = ShowSources(sources, sink=self.submit, products=script.products, on_start=self.open_pre_show)
        if self.rules is not None:  # no rule fires in a source's data gap (§9.2), nor in one the rules came with
            given, gaps = self.rules.in_gap, self.sources.gaps.in_gap
            self.rules.in_gap = lambda ts: gaps(ts) or given(ts)
        #: The audience is taken from this moment, before the start (pre-show: no module); see open_pre_show.
        self.opened = False

        self.comment_flagged = Signal("ShowSession.comment_flagged")
        """(FlaggedComment) — a live comment with banned or risky wording; on the tick's thread."""
        self.comments = Signal("ShowSession.comments")
        """(list[(CommentEvent, module_id, hits)]) — every committed comment; on the tick's thread."""

        self._wall_unix_start: float | None = None
        self._mono_start: float | None = None
        self._closed = False

        self.runtime.effects.connect(self._on_effects)
        self.runtime.summary_extra = self._wall_summary
        self.pipeline.accepted.connect(self._on_accepted)
        self.journal = None
        self._owns_journal = False
        if obs is not None:
            from console.obs.journal import ObsJournal

            obs.health.connect(self._on_health)  # the detectors' feed (the sampler subscribes on its own)
            obs.obs_event.connect(self._on_obs_event)
            self._owns_journal = journal is None
            self.journal = ObsJournal(obs, recorder) if journal is None else journal
            # The show's OBS traffic, on the show clock, tagged with it until close() (one journal, not two).
            self._journal_tag = lambda: self.show_id
            self.journal.show_id = self._journal_tag
            self.journal.ts_map = self.show_unix
            # The state the show starts in is part of its record.
            self.journal._on_state(obs.state, obs.state_reason)

    @property
    def series(self) -> SeriesSet:
        """The show's time series (the live charts read them from their repaint timer)."""
        return self.sampler.series

    @property
    def last_health(self) -> Any | None:
        """OBS's latest HealthSample (the rooms wall's stream health), or None."""
        return self.sampler.last_health

    def _wall_summary(self) -> dict[str, Any]:
        """The heartbeat's extras for the rooms wall (console.wall.live_extras)."""
        from console.wall import live_extras

        return live_extras(self)

    @classmethod
    def from_recovery(cls, recovery: Any, *, recorder: Recorder, obs: ObsLink | None = None, matcher: Any | None = None,
                      playbooks: Any | None = None, simulator: Any | None = None, replay: Any | None = None,
                      live_stream: bool = False, journal: Any | None = None,
                      clock: Callable[[], float] = time.time, rules: Any | None = None) -> "ShowSession":
        """The session of an interrupted show (``console.recovery.load_recovery``); call :meth:`resume` next.

        A live show needs ``obs`` as it did at its start; its kind, speed,
        room and script are the recorded ones.
        """
        return cls(recovery.script, recorder=recorder, obs=obs, kind=recovery.kind, speed=recovery.speed,
                   room=recovery.room, script_path=recovery.script_path, replay=replay, simulator=simulator,
                   matcher=matcher, playbooks=playbooks, live_stream=live_stream, recovery=recovery, journal=journal,
                   clock=clock, rules=rules)

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
        # keeps the run-of-show's timeline consistent while it is read.
        with self.runtime._lock:
            return self.runtime.module_at_unix(ts)

    # ------------------------------------------------------------- commands
    @property
    def started(self) -> bool:
        return self.runtime.started

    @property
    def ended(self) -> bool:
        return self.runtime.ended

    def start(self, mono: float, *, who: str = "operator") -> None:
        """``who``: the origin recorded with the start (``api``, ``auto-arm`` from console.control)."""
        if self.recovery is not None:
            raise RuntimeError("an interrupted show is resumed, not started: call resume()")
        self._mono_start = mono
        self._wall_unix_start = self._clock()
        self.runtime.start(mono, who=who, args={"unattended": True} if self.unattended else None)
        self.player.start(self.runtime.unix_at(0.0))
        self.sampler.start()
        if self.live_stream and self.obs is not None:
            self._perform({"do": "start_stream"}, "console")
        if self.playbooks is not None:
            self.playbooks.show_started(self, mono)
        if self.rules is not None:
            self.rules.show_started(self)

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
        self.player.resume(recovery.started_at, self.runtime.show_time(mono), now_ts)
        self.sampler.start()
        if self.playbooks is not None:
            self.playbooks.show_started(self, mono)
            self.playbooks.restore(recovery.incidents, now_ts)
        if self.rules is not None:
            self.rules.show_started(self)

    def load_history(self) -> None:
        """Rebuild the live KPIs and the charts' history from the record (reads the database: call it
        on a worker thread before :meth:`resume`, which then skips it). Safe to call twice."""
        from console import recovery as rec

        with self._history_lock:
            if self._history_loaded or self.recovery is None:
                return
            engine = self.recorder.engine
            start = self.recovery.started_at
            events = self.commerce.replay(self._replayed_effects, rec.replay_events(engine, self.show_id),
                                          lambda at: start + at)
            self.live.replay(self._replayed_effects, events, lambda at: start + at)
            self.sampler.load(rec.recorded_series(engine, self.show_id))
            self._history_loaded = True

    def tick(self, mono: float) -> None:
        """One turn of the outer loop (every ~100 ms).

        First what the recorder committed since the last tick is published (a
        slice of it after a burst: ``PUBLISH_SLICE_EVENTS``), so the runtime's
        heartbeat, the KPI sample and the detectors of this very tick see it.
        """
        if self._closed:
            return
        if not self.runtime.started:
            if self.opened:  # pre-show: the warm-up's comments and viewers reach the live view
                self.pipeline.publish_committed()
            return
        self.pipeline.publish_committed()
        self.runtime.tick(mono)
        show_t = self.runtime.show_time(mono)
        now_ts = self.runtime.unix_at(show_t)
        if not self.ended:
            module = self.runtime.run_of_show.current_module
            self.player.play(show_t, now_ts, module.type if module else None)
        self.sampler.tick(now_ts)
        if self.drill is not None:  # before the detectors: a fault injected now is seen on this tick
            self.drill.tick(self, show_t, now_ts)
        self.commerce.tick(now_ts, self.playbooks)  # reminders re-arm; stock detectors fed before evaluating
        if self.playbooks is not None:
            self.playbooks.tick(self, mono, now_ts)
        if self.rules is not None:
            self.rules.tick(self, mono, now_ts)

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
        # The sources first (joins their threads; their last events and open gaps are handed over), then the
        # intake: a source in a child process (tiktok) posts its last batch through the intake.
        self.sources.stop()
        if self.intake is not None:
            self.intake.stop()  # no new events once the show is over
            self.intake = None
        if self.opened and not self.runtime.started:
            self.runtime.record_not_started()  # the pre-show record stays, marked as never started
        if self.runtime.started and not self.runtime.ended:
            self.runtime.stop(mono, early=True, who="system")
        self.runtime.wait_idle(timeout)
        if self.live_stream and self.obs is not None:
            try:
                self._perform({"do": "stop_stream"}, "console").result(timeout)
            except Exception:  # noqa: BLE001 - reported in the journal already
                log.warning("stopping the stream at the end failed")
        if self.drill is not None:
            self.drill.close(self)
        if self.playbooks is not None:
            self.playbooks.close(self, mono)
        if self.rules is not None:
            self.rules.close()
        self._closed = True
        self.sampler.close()
        if self.obs is not None:
            self.obs.health.disconnect(self._on_health)
            self.obs.obs_event.disconnect(self._on_obs_event)
        if self.journal is not None:
            self.recorder.flush(timeout)  # the answers to the last cues are journalled before detaching
            if self._owns_journal:
                self.journal.close()
            elif self.journal.show_id is self._journal_tag:  # not re-tagged by the show that replaces this one
                # The station's journal goes on recording OBS, for no show.
                self.journal.show_id = lambda: None
                self.journal.ts_map = lambda ts: ts
        self.runtime.effects.disconnect(self._on_effects)
        try:
            self.recorder.flush(timeout)
        except Exception:
            log.exception("final flush failed")
        # The tick no longer runs: what was committed since its last turn (events stamped at the end,
        # a sender's last batch) is published here, on the closing thread, so the live KPIs and the
        # run's summary hold every committed event.
        self.pipeline.publish_committed(limit=None)
        self.pipeline.accepted.disconnect(self._on_accepted)

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
        self.open_pre_show()  # the audience is taken from the opening (CONTRACTS §4.1 pre-show), not 503
        return None

    def open_pre_show(self) -> None:
        """Take the audience from now on, before the start: the show's record opens (status ``open``).

        Events submitted before :meth:`start` are recorded with no module
        (the review's PRE row) and published by :meth:`tick`. Called when the
        intake opens or the sources start.
        """
        if self.opened or self._closed:
            return
        self.opened = True
        if not self.runtime.started and self.recovery is None:  # a resumed show's record exists
            self.runtime.record_opening()

    def start_sources(self) -> list[str]:
        """Start the audience sources (opens the pre-show); one line per source that is off.

        After :meth:`open_intake` (a child-process source posts to it), off the GUI thread (keyring)."""
        token = None
        if self.intake is not None:
            from console.audience.token import get_or_create_token

            token = get_or_create_token
        return self.sources.start(intake_url=self.intake.url if self.intake is not None else None,
                                  intake_token=token)

    def source_health(self) -> list[Any]:
        """Each audience source's kind, target, state, reason and events per minute (any thread)."""
        return self.sources.health()

    def check_against_obs(self) -> Future:
        """Every scene role and source of the script that OBS does not have (console.show.obs_check)."""
        from console.show.obs_check import missing_in_obs
        return missing_in_obs(self.obs, self.script)

    # ------------------------------------------------------------- audience
    def submit(self, events: list[AudienceEvent]) -> Future:
        """The intake's sink: record, then publish. Returns the commit future.

        Before the show is opened (:meth:`open_pre_show`) there is no show to
        record into: the future fails with that reason (the intake answers
        503, the sender retries). Once it is open, events before the start are
        recorded as pre-show (no module).
        """
        if not self.runtime.started and not self.opened:
            refused: Future = Future()
            refused.set_exception(RuntimeError("the show has not started yet; send the events again once it runs"))
            return refused
        return self.pipeline.submit(events)

    def _on_accepted(self, events: list[AudienceEvent], module_ids: list[str | None]) -> None:
        # The tick's thread (the GUI thread in the window), publishing committed events: keep it short.
        self.commerce.audience(events)
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
        if self.rules is not None:
            self.rules.audience(events)

    # ------------------------------------------------------------------ OBS
    def _perform(self, action: dict[str, Any], origin: str) -> Future:
        from console.obs.actions import perform

        return perform(self.obs, action, roles=dict(self.script.show.scenes), origin=origin)

    def _on_health(self, sample: Any) -> None:
        # obs-worker thread: the detectors' inbox only (the sampler records the figures).
        if self.playbooks is not None and self.runtime.started and not self._closed:
            self.playbooks.health(self, sample)

    def _on_obs_event(self, event_type: str, data: dict[str, Any]) -> None:
        if self.playbooks is not None:
            self.playbooks.obs_event(self, event_type, data)

    # ------------------------------------------------------------ run-of-show
    def _on_effects(self, effects: list[Any]) -> None:
        self.live.apply_effects(effects, self.runtime.unix_at)
        self.commerce.effects(effects, self.runtime.unix_at)
        if self.simulator is not None:
            for effect in effects:
                if isinstance(effect, show_effects.CueDue):
                    self.simulator.on_cue(effect.cue.do)
        if self.playbooks is not None:
            self.playbooks.effects(self, effects)
