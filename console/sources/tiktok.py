"""The ``tiktok`` source (CONTRACTS §8): TikTok LIVE through TikTokLive, in a child process.

TikTokLive (PyPI ``TikTokLive``, pinned to 6.6.5, its last MIT release: why,
in docs/audience-sources.md) is never imported here. It lives in a virtual
environment of its own (:func:`find_child_python`; scripts/lib.sh builds
``.venv-tiktok`` in a checkout) and runs in :mod:`console.sources.tiktok_child`,
which posts §3 events to the show's audience intake (``/v1/events`` with the
bearer token) and reports its state on stdout. So the library's licence, its
pinned dependencies and its network failures stay outside the console: a hung
or crashed TikTok connection is a child that this source restarts.

This class is the parent's side, an :class:`AudienceSource` like oba's: one
thread ``source-tiktok`` starts the child, reads its reports (through a second
thread, ``source-tiktok-reader``, which only reads the pipe, so the first
notices a stop within :data:`POLL_S` on every OS), forwards the child's state
as its own, and restarts the child with capped backoff when it ends or dies.
The child's events bypass :meth:`AudienceSource._add` (they arrive through the
intake); this source's own sink carries only its ``source_gap`` markers.

States: the child's ``connecting``/``live``/``stale``/``rate_limited``/
``auth_expired``/``ended``/``failed`` become this source's; a transient error
or a child that dies becomes ``backoff`` with the reason and the delay. After
``rate_limited``, ``auth_expired``, ``ended`` (the LIVE is over or not started)
and ``failed``, the source keeps trying (the anchor may start the LIVE, the
operator may fix the key in the keyring: each child re-reads it), but keeps
showing that state instead of flickering through ``connecting``.

Sign server: TikTokLive signs its connection through a sign server (Euler
Stream's by default). Its API key and URL come from the environment
(``LIVEROOM_TIKTOK_SIGN_API_KEY``, ``LIVEROOM_TIKTOK_SIGN_URL``) or the keyring
(service ``liveroom-console``, usernames ``tiktok-sign-api-key`` and
``tiktok-sign-url``), never a file; they reach the child on its stdin, never
its command line.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from console.sources.base import BACKOFF_CAP_S, AudienceSource, Backoff, Sink, SourceState

log = logging.getLogger(__name__)

#: Overrides where the TikTokLive environment's interpreter is.
PYTHON_ENV = "LIVEROOM_TIKTOK_PYTHON"
SIGN_KEY_ENV = "LIVEROOM_TIKTOK_SIGN_API_KEY"
SIGN_URL_ENV = "LIVEROOM_TIKTOK_SIGN_URL"
SIGN_KEY_SECRET = "tiktok-sign-api-key"
SIGN_URL_SECRET = "tiktok-sign-url"
#: The version the child and its tests are written against (TikTokLive's parser is private API).
TIKTOKLIVE_VERSION = "6.6.5"
#: How soon the stop flag is noticed while waiting for the child's next line or a retry.
POLL_S = 0.2
#: How long a stopped child gets to post what it holds and leave before it is killed.
CHILD_STOP_GRACE_S = 5.0
#: The child's stale threshold (its own clock): TikTok sends the viewer count every few seconds on air.
STALE_AFTER_S = 30.0
#: How long to wait before trying again after a state a person or the platform must change.
SLOW_RETRY_S = BACKOFF_CAP_S
#: A running child reports at least every second; this long without a line, it is hung (a
#: blocked event loop, a stopped process): it is killed and started again.
CHILD_SILENT_S = 30.0
#: The same before its first report: importing TikTokLive alone takes 2 s on an idle machine
#: and several times that on a loaded one.
CHILD_START_S = 120.0
#: The child's log (TikTokLive's own messages) starts afresh past this size.
CHILD_LOG_MAX_BYTES = 5 * 1024 * 1024

_CHILD_SCRIPT = Path(__file__).with_name("tiktok_child.py")
#: The child's states that stay shown while the source retries behind them.
_STICKY = (SourceState.RATE_LIMITED, SourceState.AUTH_EXPIRED, SourceState.ENDED, SourceState.FAILED)


class TikTokSetupError(RuntimeError):
    """TikTokLive's environment is missing; the message says how to build it."""


def find_child_python() -> str:
    """The interpreter of the environment holding TikTokLive; :class:`TikTokSetupError` says how to get one.

    In order: ``$LIVEROOM_TIKTOK_PYTHON``; ``tiktok-venv`` in the console's data
    folder (a user's install); ``.venv-tiktok`` beside the ``console`` package
    (a checkout, built by scripts/lib.sh).
    """
    configured = os.environ.get(PYTHON_ENV)
    if configured:
        if not Path(configured).is_file():
            raise TikTokSetupError(f"{PYTHON_ENV}={configured} is not a file")
        return configured
    from console.paths import data_dir

    folder = "Scripts" if sys.platform == "win32" else "bin"
    executable = "python.exe" if sys.platform == "win32" else "python"
    candidates = [data_dir() / "tiktok-venv" / folder / executable,
                  Path(__file__).resolve().parents[2] / ".venv-tiktok" / folder / executable]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise TikTokSetupError(
        f"TikTokLive is not installed: create {candidates[0].parent.parent} with "
        f"`python3 -m venv` and `pip install TikTokLive=={TIKTOKLIVE_VERSION}` in it, or set {PYTHON_ENV}")


def sign_settings() -> dict[str, str]:
    """The sign server's API key and URL: environment first, then the keyring; absent ones left out."""
    from console.secrets import KeyringUnavailable, get_secret

    settings: dict[str, str] = {}
    for key, env, secret in (("sign_api_key", SIGN_KEY_ENV, SIGN_KEY_SECRET), ("sign_url", SIGN_URL_ENV, SIGN_URL_SECRET)):
        value = os.environ.get(env)
        if not value:
            try:
                value = get_secret(secret)
            except KeyringUnavailable:
                value = None  # no keyring: TikTokLive's defaults (a keyless sign server, rate-limited)
        if value:
            settings[key] = value
    return settings


def check_target(target: str) -> None:
    """ValueError unless ``target`` is ``@unique_id`` (the registry's target check)."""
    name = target[1:] if target.startswith("@") else ""
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._" for c in name):
        raise ValueError(f"tiktok source: expected @unique_id (letters, digits, '.', '_'), got {target!r}")


class TikTokSource(AudienceSource):
    """TikTok LIVE of ``target`` (``@unique_id``) through a TikTokLive child posting to the intake.

    ``intake_url`` (``http://HOST:PORT``) and ``intake_token`` (called on the
    source's thread before each child starts: it may read the keyring) say
    where the child posts. ``python`` overrides :func:`find_child_python`;
    ``signing`` overrides :func:`sign_settings`. ``room_id`` (TikTok's number for
    the LIVE) skips TikTok's page, which TikTok blocks when it is read often. Tests pass ``frames`` (a file
    of recorded TikTok frames, see the child) and ``after_frames``.
    """

    KIND = "tiktok"

    def __init__(self, sink: Sink, target: str, *, intake_url: str | None, intake_token: Callable[[], str] | None,
                 python: str | None = None, signing: Callable[[], dict[str, str]] | None = None,
                 room_id: int | None = None, frames: str | None = None, after_frames: str = "hold",
                 stale_after_s: float = STALE_AFTER_S, slow_retry_s: float = SLOW_RETRY_S,
                 child_silent_s: float = CHILD_SILENT_S, clock: Callable[[], float] | None = None,
                 wall_clock: Callable[[], float] | None = None, backoff: Backoff | None = None) -> None:
        check_target(target)
        clocks: dict[str, Any] = {}
        if clock is not None:
            clocks["clock"] = clock
        if wall_clock is not None:
            clocks["wall_clock"] = wall_clock
        super().__init__(sink, target, backoff=backoff, **clocks)
        self.intake_url = intake_url
        self.intake_token = intake_token
        self.python = python
        self.signing = signing or sign_settings
        self.room_id = room_id
        self.frames = frames
        self.after_frames = after_frames
        self.stale_after_s = stale_after_s
        self.slow_retry_s = slow_retry_s
        self.child_silent_s = child_silent_s
        #: The running child (tests kill it to check the source notices).
        self.child: subprocess.Popen | None = None
        self.children_started = 0
        self._total_user: int | None = None
        self._child_counts: dict[str, int] = {}

    # -- the source's thread -------------------------------------------------
    def _serve(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                settings = self._child_settings()
                python = self.python or find_child_python()
            except Exception as exc:  # noqa: BLE001 - shown as the state; retried: the operator may fix it
                self._set_state(SourceState.FAILED, f"{exc}")
                stopping.wait(self.slow_retry_s)
                continue
            last = self._run_child(python, settings, stopping)
            if stopping.is_set():
                return
            stopping.wait(self._after_child(last))

    def _child_settings(self) -> dict[str, Any]:
        if not self.intake_url or self.intake_token is None:
            raise TikTokSetupError("the tiktok source posts to the audience intake, and this show has none open")
        settings: dict[str, Any] = {"unique_id": self.target, "intake_url": self.intake_url,
                                    "token": self.intake_token(), "previous_total": self._total_user,
                                    "stale_after_s": self.stale_after_s, **self.signing()}
        if self.room_id is not None:
            settings["room_id"] = self.room_id
        if self.frames:
            settings.update(frames=self.frames, after_frames=self.after_frames)
        return settings

    def _run_child(self, python: str, settings: dict[str, Any], stopping: threading.Event) -> dict[str, Any]:
        """Start one child and follow it until it ends or ``stopping``; returns its last state message."""
        if self.status.state not in _STICKY or self.children_started == 0:
            self._set_state(SourceState.CONNECTING, f"starting TikTokLive for {self.target}")
        from console.paths import data_dir

        log_path = data_dir() / "tiktok-child.log"  # TikTokLive's own logging: kept, never on the console's stdout
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as child_log:
            if child_log.tell() > CHILD_LOG_MAX_BYTES:
                child_log.truncate(0)
            try:
                # -E -s: the console's PYTHONPATH and user site must not leak into TikTokLive's environment.
                child = subprocess.Popen([python, "-E", "-s", str(_CHILD_SCRIPT)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=child_log, bufsize=0)
            except OSError as exc:  # not executable, gone since it was found…: shown, retried slowly
                return {"state": "failed", "reason": f"cannot start {python}: {exc.strerror or exc}"}
        self.child = child
        self.children_started += 1
        self._child_counts = {}
        lines: queue.Queue[bytes | None] = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(child.stdout, lines), name="source-tiktok-reader",
                                  daemon=True)
        reader.start()
        last: dict[str, Any] = {}
        try:
            assert child.stdin is not None
            child.stdin.write((json.dumps(settings) + "\n").encode())
            child.stdin.flush()
        except OSError:
            pass  # it died at once: its exit is handled below
        heard = self._clock()
        silent_limit = max(CHILD_START_S, self.child_silent_s)  # until its first report
        stop_sent = False
        try:
            while True:
                if stopping.is_set() and not stop_sent:
                    self._stop_child(child)  # then read on: its last lines (stats, "ended") are still to come
                    stop_sent = True
                try:
                    line = lines.get(timeout=POLL_S)
                except queue.Empty:
                    if self._clock() - heard >= silent_limit and child.poll() is None:
                        log.warning("%s: the TikTok child said nothing for %.0f s; killed", self.name, silent_limit)
                        last = {"state": "error", "reason": f"the TikTok process stopped answering for "
                                                            f"{silent_limit:.0f} s and was restarted"}
                        child.kill()
                        heard = self._clock()
                    continue
                if line is None:
                    break
                heard = self._clock()
                if b'"stats"' in line:
                    silent_limit = self.child_silent_s  # it runs: from now on it reports every second
                message = self._on_line(line)
                if message is not None:
                    last = message
        finally:
            self._stop_child(child)
            reader.join(CHILD_STOP_GRACE_S)
            if child.stdout is not None:
                child.stdout.close()
            self.child = None
        last.setdefault("exit_code", child.returncode)
        return last

    def _stop_child(self, child: subprocess.Popen) -> None:
        """Close its stdin (the order to stop), wait a little, then kill."""
        if child.stdin is not None and not child.stdin.closed:
            try:
                child.stdin.close()
            except OSError:
                pass
        try:
            child.wait(CHILD_STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            log.warning("%s: the TikTok child did not stop within %.0f s; killed", self.name, CHILD_STOP_GRACE_S)
            child.kill()
            child.wait()

    def _on_line(self, line: bytes) -> dict[str, Any] | None:
        """One report of the child; returns it when it is a state message."""
        try:
            message = json.loads(line)
        except ValueError:
            self._count("malformed")
            self._log.warning("child-line", self._clock(), "%s: the child wrote a line that is not JSON: %r",
                              self.name, line[:80])
            return None
        if not isinstance(message, dict):
            return None
        if isinstance(message.get("stats"), dict):
            self._on_stats(message["stats"])
            return None
        state = message.get("state")
        reason = str(message.get("reason", ""))
        if state == "live":
            self.backoff.reset()
            self._set_state(SourceState.LIVE, reason)
        elif state == "stale":
            since = message.get("since")
            self._set_state(SourceState.STALE, reason, gap_from=since if isinstance(since, (int, float)) else None)
        elif state == "connecting":
            if self.status.state not in _STICKY:
                self._set_state(SourceState.CONNECTING, reason)
        elif state in ("rate_limited", "auth_expired", "failed"):
            self._set_state(SourceState(state), reason)
        elif state == "ended" and reason != "stopped":
            self._set_state(SourceState.ENDED, reason)
        elif state not in ("error", "ended"):
            return None
        return message

    def _on_stats(self, stats: dict[str, Any]) -> None:
        # Cumulative in the child: count the growth since its previous report.
        for name in ("frames", "events", "rejected", "duplicates", "unknown"):
            value = stats.get(name)
            if not isinstance(value, int):
                continue
            delta = value - self._child_counts.get(name, 0)
            if delta > 0:
                self._count(name, delta)
                if name == "events":
                    self._rate.add(self._clock(), delta)
            self._child_counts[name] = value
        if isinstance(stats.get("total_user"), int):
            self._total_user = stats["total_user"]
        status = self.status
        refusal = stats.get("refusal")
        if status.state is SourceState.LIVE:
            # On air but the intake does not take the events (the console's own trouble): say so, honestly.
            base_reason = status.reason.split("; events held: ")[0]
            held = stats.get("pending", 0)
            self._set_state(SourceState.LIVE, f"{base_reason}; events held: {held} ({refusal})" if refusal else base_reason)

    def _after_child(self, last: dict[str, Any]) -> float:
        """The state to show after a child ended, and how long to wait before the next one."""
        state, reason = last.get("state"), str(last.get("reason", ""))
        if state == "rate_limited":
            retry_after = last.get("retry_after")
            delay = max(float(retry_after) if isinstance(retry_after, (int, float)) else 0.0, self.backoff.next_delay())
            self._set_state(SourceState.RATE_LIMITED, f"{reason}; retrying in {delay:.0f} s")
            return delay
        if state in ("auth_expired", "failed", "ended"):
            self._set_state(SourceState(state), f"{reason}; checking again in {self.slow_retry_s:.0f} s")
            return self.slow_retry_s
        delay = self.backoff.next_delay()
        if state == "error":
            why = reason
        else:
            why = f"the TikTok process ended unexpectedly (exit code {last.get('exit_code')})"
        self._set_state(SourceState.BACKOFF, f"{why}; retrying in {delay:.1f} s")
        return delay


def _read_lines(stream: Any, lines: queue.Queue) -> None:
    """``source-tiktok-reader``: the child's stdout, line by line, then None at its end."""
    try:
        for line in iter(stream.readline, b""):
            lines.put(line)
    except (OSError, ValueError):
        pass
    finally:
        lines.put(None)


def build_tiktok(target: str, context: Any) -> TikTokSource:
    """The registry's factory: a child posting to the show's intake."""
    return TikTokSource(context.sink, target, intake_url=context.intake_url, intake_token=context.intake_token,
                        **context.options)


#: For the lead if the registry is not there: ``(kind, factory)``.
TIKTOK_KIND = ("tiktok", build_tiktok)

try:
    from console.sources.registry import SourceKind, register
except ImportError:  # the sources part's registry has not landed in this tree yet
    pass
else:
    register(SourceKind("tiktok", build_tiktok, check_target=check_target,
                        target_help="@unique_id of the TikTok account that is live"))
