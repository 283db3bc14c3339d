"""A real, isolated, headless OBS with the demo scenes (``liveroom obs-sandbox``, test harness).

Debian's OBS 29 runs with its own ``HOME`` and ``XDG_CONFIG_HOME`` (it reads
its settings there), its own Xvfb when there is no display (it needs X: under
``QT_QPA_PLATFORM=offscreen`` it never finishes loading), ``--multi`` (OBS 29
refuses a second instance machine-wide otherwise) and its websocket server
switched on through ``global.ini`` with a random password (ENVIRONMENT.md).

Once the websocket answers, the demo collection is built through the API
(idempotently, so a restart after SIGKILL gets it back even if OBS never saved):

- 机位A 全景, 机位B 特写, 机位C 产品台: a moving test pattern each (a looping
  media source ``摄像头A/B/C``), the caption ``字幕条`` and the ``倒计时`` text;
  every camera also sits, tiny and covered, at the bottom of every scene:
  OBS only decodes a media source while it is on the program output, and the
  console's thumbnails (and the frozen-camera detector) need all three live;
- 稍后回来: the standby scene;
- 麦克风: a media source playing a tone, present in every scene (volume meters);
- streaming to a local RTMP sink when one is given.

The canvas is 640×360 at 30 fps so that OBS stays light on a 2-core machine
with software rendering (llvmpipe). Measured (2 cores, load ~3): start to
"websocket answers and the collection is built" 1.4–2.2 s; idle OBS about
37 % of one core, 30 fps held, 13 ms average render time.

Display: OBS draws on ``$DISPLAY`` when one is set (the test command starts
one Xvfb for the whole run); with none, each sandbox starts its own Xvfb
(``-displayfd`` picks a free display number) and stops it again.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from console.obs.media import write_test_pattern, write_tone
from console.obs.processes import RtmpSink, VirtualDisplay, free_port, stop_process, wait_port

CAMERA_SCENES = ("机位A 全景", "机位B 特写", "机位C 产品台")
CAMERA_SOURCES = ("摄像头A", "摄像头B", "摄像头C")
CAMERA_COLOURS = ((40, 90, 200), (200, 60, 60), (40, 160, 80))
STANDBY_SCENE = "稍后回来"
CAPTION_SOURCE = "字幕条"
COUNTDOWN_SOURCE = "倒计时"
MIC_INPUT = "麦克风"
DEMO_SCENES = CAMERA_SCENES + (STANDBY_SCENE,)
CANVAS = (640, 360)
#: OBS 29 takes 2–4 s to load on this kind of machine; allow for a busy CI box.
START_TIMEOUT_S = 60.0
#: How long start() waits for OBS to apply the collection's last changes (the program switch's
#: transition, a removed scene leaving the list): well under a second on an idle machine.
COLLECTION_SETTLE_S = 10.0
COLLECTION_SETTLE_POLL_S = 0.05


class SandboxError(RuntimeError):
    pass


def obs_installed() -> bool:
    return shutil.which("obs") is not None


class ObsSandbox:
    """Start with :meth:`start` (or ``with``), stop with :meth:`stop`; nothing stays running."""

    def __init__(self, *, port: int | None = None, password: str | None = None, rtmp_url: str | None = None,
                 display: str | None = None, own_display: bool | None = None) -> None:
        self.port = port or free_port()
        self.password = password or secrets.token_urlsafe(12)
        self.rtmp_url = rtmp_url
        self.base = Path(tempfile.mkdtemp(prefix="liveroom-obs-"))
        self.home = self.base / "home"
        self.config = self.home / ".config"
        self.media = self.base / "media"
        self.recordings = self.base / "recordings"
        for folder in (self.config / "obs-studio", self.media, self.recordings):
            folder.mkdir(parents=True, exist_ok=True)
        wants_own = own_display if own_display is not None else not (display or os.environ.get("DISPLAY"))
        self._display = VirtualDisplay() if wants_own else None
        self.display = display or os.environ.get("DISPLAY")
        self.process: subprocess.Popen | None = None
        self._log = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def log_file(self) -> Path:
        return self.base / "obs.log"

    # ----------------------------------------------------------------- life
    def __enter__(self) -> "ObsSandbox":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = START_TIMEOUT_S) -> "ObsSandbox":
        if not obs_installed():
            raise SandboxError("OBS Studio is not installed (apt-get install obs-studio)")
        try:
            if self._display is not None and self._display.process is None:
                self._display.start()
                self.display = self._display.display
            self._write_media()
            self._write_config()
            self._launch(timeout)
            self._build_collection()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Quit OBS cleanly (SIGINT: OBS 29 saves and exits), then Xvfb; remove the folder."""
        self._stop_obs()
        if self._display is not None:
            self._display.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def kill_obs(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to OBS (SIGKILL, SIGSTOP, SIGCONT) for fault tests."""
        if self.process is None:
            raise SandboxError("OBS is not running")
        os.kill(self.process.pid, sig)
        if sig == signal.SIGKILL:
            self.process.wait(10)
            self.process = None

    def start_obs_again(self, timeout: float = START_TIMEOUT_S) -> None:
        """Start OBS again with the same home, port and password (after :meth:`kill_obs`)."""
        self._stop_obs()
        self._launch(timeout)
        self._build_collection()

    # Short names for fault tests.
    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Same as :meth:`kill_obs`."""
        self.kill_obs(sig)

    def restart(self, timeout: float = START_TIMEOUT_S) -> None:
        """Same as :meth:`start_obs_again` (stops a running OBS first)."""
        self.start_obs_again(timeout)

    def _stop_obs(self) -> None:
        with self._lock:
            process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                os.kill(process.pid, signal.SIGCONT)  # a stopped process cannot quit
            except ProcessLookupError:
                pass
            stop_process(process, signal.SIGINT, grace=8.0)
        if self._log is not None:
            self._log.close()
            self._log = None

    # ------------------------------------------------------------- set-up
    def _write_media(self) -> None:
        for source, colour in zip(CAMERA_SOURCES, CAMERA_COLOURS, strict=True):
            path = self.media / f"{source}.y4m"
            if not path.exists():
                write_test_pattern(path, colour)
        tone = self.media / "tone.wav"
        if not tone.exists():
            write_tone(tone)

    def _write_config(self) -> None:
        obs_dir = self.config / "obs-studio"
        (obs_dir / "global.ini").write_text(
            "[General]\nFirstRun=true\nLastVersion=486670338\nEnableAutoUpdates=false\n\n"
            "[Basic]\nProfile=Liveroom\nProfileDir=Liveroom\nSceneCollection=Liveroom\nSceneCollectionFile=Liveroom\n"
            "ConfigOnNewProfile=false\n\n"
            "[BasicWindow]\nSysTrayEnabled=false\nSysTrayWhenStarted=false\nWarnBeforeStartingStream=false\n"
            "WarnBeforeStoppingStream=false\nWarnBeforeStoppingRecord=false\n\n"
            f"[OBSWebSocket]\nFirstLoad=false\nServerEnabled=true\nServerPort={self.port}\nAlertsEnabled=false\n"
            f"AuthRequired=true\nServerPassword={self.password}\n",
            encoding="utf-8",
        )
        profile = obs_dir / "basic" / "profiles" / "Liveroom"
        profile.mkdir(parents=True, exist_ok=True)
        width, height = CANVAS
        (profile / "basic.ini").write_text(
            "[General]\nName=Liveroom\n\n"
            f"[Video]\nBaseCX={width}\nBaseCY={height}\nOutputCX={width}\nOutputCY={height}\nFPSType=0\nFPSCommon=30\n\n"
            "[Output]\nMode=Simple\n\n"
            f"[SimpleOutput]\nFilePath={self.recordings}\nRecFormat=mkv\nVBitrate=600\nABitrate=96\n"
            "StreamEncoder=x264\nRecEncoder=x264\nPreset=ultrafast\nRecQuality=Stream\n\n"
            "[Audio]\nSampleRate=48000\nChannelSetup=Stereo\n",
            encoding="utf-8",
        )
        if self.rtmp_url:
            import json

            (profile / "service.json").write_text(json.dumps({
                "type": "rtmp_custom",
                "settings": {"server": self.rtmp_url, "key": "liveroom", "use_auth": False},
            }), encoding="utf-8")
        (obs_dir / "basic" / "scenes").mkdir(parents=True, exist_ok=True)

    def _environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "SESSION_MANAGER")}
        env.update({
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config),
            "DISPLAY": self.display or "",
            "LIBGL_ALWAYS_SOFTWARE": "1",
            # No session bus for OBS: it would try to inhibit the screensaver through it.
            "DBUS_SESSION_BUS_ADDRESS": "disabled:",
        })
        return env

    def _launch(self, timeout: float) -> None:
        if not self.display:
            raise SandboxError("no X display for OBS (Xvfb did not start)")
        self._log = self.log_file.open("ab")
        # --scene matters after a restart (the collection was saved); on the first start OBS ignores it.
        command = ["obs", "--multi", "--minimize-to-tray", "--profile", "Liveroom", "--collection", "Liveroom",
                   "--scene", CAMERA_SCENES[0],
                   "--websocket_port", str(self.port), "--websocket_password", self.password]
        with self._lock:
            self.process = subprocess.Popen(command, cwd=self.base, env=self._environment(), stdin=subprocess.DEVNULL,
                                            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_port(self.port, timeout, self.process):
            code = self.process.poll()
            tail = self.log_file.read_text(errors="replace")[-600:] if self.log_file.exists() else ""
            raise SandboxError(f"OBS did not open its websocket on port {self.port} within {timeout:g} s"
                               f" (exit code {code}); log tail: {tail}")

    # ---------------------------------------------------------- collection
    def _client(self):
        from console.obs.client import ObsClient
        from console.obs.model import ConnectionState

        client = ObsClient(self.url, self.password, name="sandbox-setup").start()
        if not client.wait_for_state(ConnectionState.OK, timeout=20):
            reason = client.state_reason
            client.stop()
            raise SandboxError(f"cannot reach the sandbox OBS: {reason}")
        return client

    @staticmethod
    def _settle(call: Any, done: Any, failure: str, timeout: float = COLLECTION_SETTLE_S) -> None:
        """Ask OBS until ``done()`` (polling: OBS applies these changes on its UI thread, later)."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise SandboxError(f"{failure} within {timeout:.0f} s")
            time.sleep(COLLECTION_SETTLE_POLL_S)

    def _build_collection(self) -> None:
        """Create whatever of the demo collection is missing (safe to run again)."""
        client = self._client()
        try:
            def call(request: str, params: dict[str, Any] | None = None, *, ok_codes: tuple[int, ...] = ()) -> Any:
                result = client.call(request, params, origin="sandbox", timeout=10)
                if not result.ok and result.code not in ok_codes:
                    raise SandboxError(f"{request} failed: {result.error_text}")
                return result

            scenes = set(client.snapshot.scenes)
            inputs = {i["inputName"] for i in call("GetInputList").data.get("inputs", [])}
            for scene in DEMO_SCENES:
                if scene not in scenes:
                    call("CreateScene", {"sceneName": scene})
            width, height = CANVAS
            for scene, source in zip(CAMERA_SCENES, CAMERA_SOURCES, strict=True):
                if source not in inputs:
                    call("CreateInput", {"sceneName": scene, "inputName": source, "inputKind": "ffmpeg_source",
                                         "inputSettings": {"local_file": str(self.media / f"{source}.y4m"),
                                                           "is_local_file": True, "looping": True,
                                                           "restart_on_activate": False,
                                                           "close_when_inactive": False}})
                    item = call("GetSceneItemId", {"sceneName": scene, "sourceName": source}).data["sceneItemId"]
                    call("SetSceneItemTransform", {"sceneName": scene, "sceneItemId": item, "sceneItemTransform": {
                        "boundsType": "OBS_BOUNDS_STRETCH", "boundsWidth": float(width), "boundsHeight": float(height),
                        "positionX": 0.0, "positionY": 0.0}})
            # OBS decodes a media source only while it is on the program output, so
            # camera B would be a black thumbnail while A is on air. Real cameras
            # never stop: every camera sits, covered, at the bottom of every scene.
            for scene in DEMO_SCENES:
                for source in CAMERA_SOURCES:
                    if scene != STANDBY_SCENE and CAMERA_SOURCES[CAMERA_SCENES.index(scene)] == source:
                        continue
                    found = call("GetSceneItemId", {"sceneName": scene, "sourceName": source}, ok_codes=(600,))
                    if found.ok:
                        continue
                    item = call("CreateSceneItem", {"sceneName": scene, "sourceName": source}).data["sceneItemId"]
                    call("SetSceneItemIndex", {"sceneName": scene, "sceneItemId": item, "sceneItemIndex": 0})
                    # Drawn tiny: software rendering pays for every covered pixel too.
                    call("SetSceneItemTransform", {"sceneName": scene, "sceneItemId": item, "sceneItemTransform": {
                        "boundsType": "OBS_BOUNDS_STRETCH", "boundsWidth": 16.0, "boundsHeight": 9.0,
                        "positionX": 0.0, "positionY": 0.0}})
            if STANDBY_SCENE and "稍后回来背景" not in inputs:
                call("CreateInput", {"sceneName": STANDBY_SCENE, "inputName": "稍后回来背景",
                                     "inputKind": "color_source_v3",
                                     "inputSettings": {"color": 0xFF303030, "width": width, "height": height}})
                call("CreateInput", {"sceneName": STANDBY_SCENE, "inputName": "稍后回来文字",
                                     "inputKind": "text_ft2_source_v2",
                                     "inputSettings": {"text": "稍后回来 · Be right back",
                                                       "font": {"face": "Noto Sans CJK SC", "size": 48}}})
            for name, text, y in ((CAPTION_SOURCE, "欢迎来到直播间", height - 60), (COUNTDOWN_SOURCE, "00:00", 10)):
                if name not in inputs:
                    call("CreateInput", {"sceneName": CAMERA_SCENES[0], "inputName": name,
                                         "inputKind": "text_ft2_source_v2",
                                         "inputSettings": {"text": text,
                                                           "font": {"face": "Noto Sans CJK SC", "size": 32}}})
                for scene in CAMERA_SCENES:
                    found = call("GetSceneItemId", {"sceneName": scene, "sourceName": name}, ok_codes=(600,))
                    if not found.ok:
                        call("CreateSceneItem", {"sceneName": scene, "sourceName": name})
                        found = call("GetSceneItemId", {"sceneName": scene, "sourceName": name})
                    call("SetSceneItemTransform", {"sceneName": scene, "sceneItemId": found.data["sceneItemId"],
                                                   "sceneItemTransform": {"positionX": 20.0, "positionY": float(y)}})
            if MIC_INPUT not in inputs:
                call("CreateInput", {"sceneName": CAMERA_SCENES[0], "inputName": MIC_INPUT,
                                     "inputKind": "ffmpeg_source",
                                     "inputSettings": {"local_file": str(self.media / "tone.wav"),
                                                       "is_local_file": True, "looping": True,
                                                       "restart_on_activate": False, "close_when_inactive": False}})
            for scene in DEMO_SCENES:
                if not call("GetSceneItemId", {"sceneName": scene, "sourceName": MIC_INPUT}, ok_codes=(600,)).ok:
                    call("CreateSceneItem", {"sceneName": scene, "sourceName": MIC_INPUT})
            if client.snapshot.program_scene not in DEMO_SCENES:
                call("SetCurrentProgramScene", {"sceneName": CAMERA_SCENES[0]})
            leftovers = set(scenes) - set(DEMO_SCENES)
            if leftovers:
                # The switch above lands after OBS's transition (300 ms Fade), and OBS takes a removed
                # scene out of its list later still: a client that connected right after start() saw
                # the first-run "Scene" that was about to go, and switched to it (the switch-latency
                # benchmark failed on its first switch on a loaded machine). start() returns once the
                # program is a demo scene and the leftovers are gone from the scene list.
                self._settle(call, lambda: call("GetCurrentProgramScene").data.get("currentProgramSceneName")
                             in DEMO_SCENES, "the program scene did not become a demo scene")
                for leftover in leftovers:
                    call("RemoveScene", {"sceneName": leftover}, ok_codes=(600, 604))
                self._settle(call, lambda: not leftovers & {s.get("sceneName") for s in
                                                           call("GetSceneList").data.get("scenes", [])},
                             f"OBS still lists {sorted(leftovers)} after removing them")
            if self.rtmp_url:
                call("SetStreamServiceSettings", {"streamServiceType": "rtmp_custom", "streamServiceSettings": {
                    "server": self.rtmp_url, "key": "liveroom", "use_auth": False}})
            call("SetRecordDirectory", {"recordDirectory": str(self.recordings)}, ok_codes=(204,))
        finally:
            client.stop()


def run_sandbox_command(port: int | None) -> int:
    """``liveroom obs-sandbox``: start sink and OBS, print the URL, wait for Ctrl-C/SIGTERM, stop everything."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    sink = RtmpSink() if RtmpSink.available() else None
    sandbox: ObsSandbox | None = None
    try:
        if sink is not None:
            sink.start()
        sandbox = ObsSandbox(port=port, rtmp_url=sink.url if sink else None)
        print("starting a sandbox OBS…", file=sys.stderr, flush=True)
        sandbox.start()
        # The URL on stdout is the "ready" line a script waits for: by then the
        # password is already in the keyring.
        stored = _store_password(sandbox.url, sandbox.password)
        print(f"password: {sandbox.password}", file=sys.stderr)
        print(stored, file=sys.stderr)
        print(sandbox.url, flush=True)
        print(f"streaming target: {sink.url if sink else 'none (install nginx-light libnginx-mod-rtmp)'}",
              file=sys.stderr)
        print("Ctrl-C stops it.", file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            if sandbox.process is None or sandbox.process.poll() is not None:
                print("liveroom: the sandbox OBS exited", file=sys.stderr)
                return 1
        return 0
    except SandboxError as exc:
        print(f"liveroom: {exc}", file=sys.stderr)
        return 1
    finally:
        if sandbox is not None:
            sandbox.stop()
        if sink is not None:
            sink.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _store_password(url: str, password: str) -> str:
    """Store the password under the sandbox's URL; say what happened and how to do it by hand."""
    from console.secrets import KeyringUnavailable, set_obs_password

    by_hand = f"liveroom obs set-password --obs-url {url}   (reads the password from stdin)"
    try:
        set_obs_password(url, password)
    except KeyringUnavailable as exc:
        return f"the password is NOT stored: {exc}\nstore it once a keyring works: {by_hand}"
    return (f"the password is stored in the system keyring (service liveroom-console, user {url});"
            f" `liveroom --obs-url {url}` connects with it. By hand: {by_hand}")
