"""The playbooks of a running show: detectors fed from the session, incidents run by the runner.

:class:`SessionPlaybooks` is the ``playbooks`` facade :class:`console.session.ShowSession`
calls. Threads: ``health`` and ``obs_event`` arrive on ``obs-worker``,
``audience`` on the session's tick thread (it publishes committed events),
screenshots on ``obs-worker``; each only appends to an inbox under a lock. :meth:`tick` (the session's tick thread —
the GUI thread in the window, the headless loop otherwise) drains the inbox,
feeds the :class:`~console.contingency.detectors.DetectorBank` with the show
clock's ``now``, turns transitions into triggers, and ticks the
:class:`~console.contingency.runner.PlaybookRunner`; the runner's signals fire
there too. Operator commands (``runner.acknowledge`` …, :meth:`drill`) must be
called on that same thread.

``camera_frozen``: every :data:`SCREENSHOT_EVERY_S` the facade asks OBS for a
small BMP screenshot of each watched source (background priority, so it
never delays an action), decodes the pixels in pure Python and feeds them to
the detector, which compares consecutive frames with a tolerance.
"""

from __future__ import annotations

import base64
import logging
import threading
from concurrent.futures import Future
from typing import Any, Iterable

import console.commerce.detectors  # noqa: F401 - registers the low_stock and sold_out detectors
from console.contingency.detectors import DetectorBank
from console.contingency.loader import load_playbooks
from console.contingency.model import Playbook
from console.contingency.runner import PlaybookRunner
from console.contingency.source_detectors import feed_sources, mask_viewers_gaps
from console.rules import complaint as _complaint_detector  # noqa: F401 - registers complaint_rate
from console.yamlpos import Diagnostic, Position

log = logging.getLogger(__name__)

SCREENSHOT_EVERY_S = 0.5
SCREENSHOT_WIDTH = 64
#: Background priority of console.obs.client (thumbnails, level polls).
PRIORITY_BACKGROUND = 1


def decode_bmp(data: bytes) -> bytes:
    """The pixel bytes of an uncompressed BMP (row padding included: both frames have the same)."""
    if len(data) < 54 or data[:2] != b"BM":
        raise ValueError("not a BMP image")
    offset = int.from_bytes(data[10:14], "little")
    compression = int.from_bytes(data[30:34], "little")
    if compression not in (0, 3):  # BI_RGB, BI_BITFIELDS: raw pixels
        raise ValueError(f"compressed BMP ({compression})")
    return data[offset:]


def decode_image_data(image_data: str) -> bytes:
    """GetSourceScreenshot's ``imageData`` (a data: URL) → pixel bytes."""
    payload = image_data.split(",", 1)[1] if image_data.startswith("data:") else image_data
    return decode_bmp(base64.b64decode(payload))


class SessionPlaybooks:
    def __init__(self, playbooks: Iterable[Playbook], diagnostics: Iterable[Diagnostic] = ()) -> None:
        self.playbooks = list(playbooks)
        self.diagnostics = list(diagnostics)
        self.bank = DetectorBank(self.playbooks)
        self.session: Any = None
        self.runner = PlaybookRunner(self.playbooks, perform=self._perform, obs_ready=self._obs_ready)
        self._inbox: list[tuple[Any, ...]] = []
        self._meters: dict[str, Any] | None = None  # only the latest volume meters matter
        self._lock = threading.Lock()
        self._last_now: float | None = None
        self._last_shot_mono: float | None = None
        self._shots_pending = 0

    @classmethod
    def load_default(cls) -> tuple["SessionPlaybooks", list[Diagnostic]]:
        playbooks, diagnostics = load_playbooks()
        return cls(playbooks, diagnostics), diagnostics

    # ------------------------------------------------------------ hooks
    def show_started(self, session: Any, mono: float) -> None:
        self.session = session
        self.runner.recorder = session.recorder
        self.runner.show_id = session.show_id
        self.runner.module_at = session._module_at
        self.bank.set_time_scale(session.speed)
        roles = dict(session.script.show.scenes)
        for playbook in self.playbooks:
            for step in playbook.actions:
                scene = str(step.params.get("scene", ""))
                if step.do == "switch_scene" and not scene.startswith("scene:") and scene not in roles:
                    self.diagnostics.append(Diagnostic(step.pos or Position(playbook.file, 1, 1), "warning",
                                                       "unknown-role", f"the show has no scene role '{scene}' "
                                                       f"(roles: {', '.join(sorted(roles)) or 'none'})"))
                    log.warning("playbook %s: the show has no scene role '%s'", playbook.id, scene)
        with self._lock:
            if session.live_stream:
                self._inbox.append(("live", True))
            if session.obs is not None:
                self._inbox.append(("connection", session.obs.state))
                session.obs.state_changed.connect(self._on_state_changed)

    def restore(self, incidents: Iterable[Any], now_ts: float) -> list[Any]:
        """Crash recovery: the incidents the show still had open (``console.recovery.IncidentRecord``)."""
        self._last_now = now_ts
        restored = []
        for record in incidents:
            incident = self.runner.restore(record.row, record.entries, now_ts)
            if incident is not None:
                restored.append(incident)
        return restored

    def health(self, session: Any, sample: Any) -> None:
        with self._lock:
            self._inbox.append(("health", sample))

    def obs_event(self, session: Any, event_type: str, data: dict[str, Any]) -> None:
        with self._lock:
            if event_type == "InputVolumeMeters":
                self._meters = data
            else:
                self._inbox.append(("event", event_type, data))

    def audience(self, session: Any, events: list[Any], comments: list[tuple[Any, Any, Any]]) -> None:
        viewers = [(e.online, e.ts) for e in events if type(e).__name__ == "ViewersEvent"]
        flagged = [c for c in comments if c[2]]
        with self._lock:
            for online, ts in viewers:
                self._inbox.append(("viewers", online, ts))
            if flagged:
                self._inbox.append(("comments", flagged))
            if comments:
                self._inbox.append(("all_comments", comments))  # the complaint_rate detector reads them all

    def effects(self, session: Any, effects: list[Any]) -> None:
        if any(type(e).__name__ == "ShowEnded" for e in effects):
            with self._lock:
                self._inbox.append(("live", False))

    def _on_state_changed(self, state: Any, reason: str = "") -> None:
        with self._lock:
            self._inbox.append(("connection", state))

    def tick(self, session: Any, mono: float, now_ts: float) -> None:
        self._last_now = now_ts
        with self._lock:
            inbox, self._inbox = self._inbox, []
            meters, self._meters = self._meters, None
        bank = self.bank
        for item in inbox:
            kind = item[0]
            if kind == "health":
                bank.on_health(item[1], now_ts)
            elif kind == "event":
                bank.on_obs_event(item[1], item[2], now_ts)
            elif kind == "connection":
                bank.on_connection(item[1], now_ts)
            elif kind == "viewers":
                bank.on_viewers(item[1], item[2])
            elif kind == "comments":
                bank.on_comments(item[1], now_ts)
            elif kind == "all_comments":
                bank.on_all_comments(item[1], now_ts)
            elif kind == "frame":
                bank.on_frame(item[1], item[2], now_ts)
            elif kind == "live":
                bank.set_live(item[1], now_ts)
        if meters is not None:
            bank.on_obs_event("InputVolumeMeters", meters, now_ts)
        sources = getattr(session, "sources", None)
        if sources is not None and len(sources):
            feed_sources(bank, session.source_health(), now_ts)
            mask_viewers_gaps(bank, sources.gaps, now_ts)
        for transition in bank.evaluate(now_ts):
            if transition.kind == "fired":
                self.runner.trigger(transition.playbook_id, now_ts, transition.detail)
            else:
                self.runner.condition_cleared(transition.playbook_id, now_ts, transition.detail)
        self.runner.tick(now_ts)
        self._poll_screenshots(session, mono)

    def close(self, session: Any, mono: float) -> None:
        if session is not None and session.obs is not None:
            session.obs.state_changed.disconnect(self._on_state_changed)
        if self._last_now is not None:
            self.runner.tick(self._last_now)

    # ---------------------------------------------------------- commands
    def drill(self, playbook_id: str, now: float | None = None, who: str = "operator") -> Any:
        """Run a playbook as a drill (``now`` defaults to the last tick's show time)."""
        when = now if now is not None else (self._last_now or 0.0)
        return self.runner.drill(playbook_id, when, who)

    # ------------------------------------------------------------ OBS
    def _obs_ready(self) -> bool:
        obs = getattr(self.session, "obs", None)
        if obs is None:
            return True  # no OBS at all: actions fail at once with the reason, no point waiting
        return str(obs.state) == "ok"

    def _perform(self, action: dict[str, Any], origin: str) -> Future:
        from console.obs.actions import ActionOutcome, perform

        session = self.session
        if session is None or session.obs is None:
            future: Future = Future()
            future.set_result(ActionOutcome(False, "no OBS connection in this session"))
            return future
        return perform(session.obs, action, roles=dict(session.script.show.scenes), origin=origin)

    def _poll_screenshots(self, session: Any, mono: float) -> None:
        sources = self.bank.sources_to_watch()
        obs = getattr(session, "obs", None)
        if not sources or obs is None or str(obs.state) != "ok" or self._shots_pending:
            return
        if self._last_shot_mono is not None and mono - self._last_shot_mono < SCREENSHOT_EVERY_S:
            return
        self._last_shot_mono = mono
        for source in sources:
            params = {"sourceName": source, "imageFormat": "bmp", "imageWidth": SCREENSHOT_WIDTH}
            try:
                future = obs.request("GetSourceScreenshot", params, origin="internal", priority=PRIORITY_BACKGROUND)
            except TypeError:  # a client without priorities
                future = obs.request("GetSourceScreenshot", params, origin="internal")
            self._shots_pending += 1
            future.add_done_callback(lambda done, source=source: self._on_screenshot(source, done))

    def _on_screenshot(self, source: str, done: Future) -> None:
        # obs-worker thread: decode (64 px wide: cheap) and queue.
        try:
            result = done.result()
            if result.ok:
                pixels = decode_image_data(str(result.data.get("imageData", "")))
                with self._lock:
                    self._inbox.append(("frame", source, pixels))
            else:
                log.debug("screenshot of %s failed: %s", source, result.error_text)
        except Exception:  # a bad picture must not take the worker down
            log.exception("screenshot of %s could not be decoded", source)
        finally:
            with self._lock:
                self._shots_pending -= 1
