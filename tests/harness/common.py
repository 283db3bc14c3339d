"""Small helpers several tests share: a movable wall clock, a free port, posting to an intake,
reading a child process's output line by line, stopping one."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.request

from console.obs.processes import free_port  # the sandbox's: one way to find a free port

__all__ = ["WallClock", "free_port", "post_events", "stop_process", "LineReader"]


class WallClock:
    """The wall clock (Unix seconds) a session stamps with; the test moves ``now``."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def post_events(port: int, token: str, events: list[dict]) -> int:
    """POST ``events`` to the intake on ``port``; the number it acknowledged (after its commit)."""
    body = "\n".join(json.dumps(e, ensure_ascii=False) for e in events).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/events", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 202
        return int(json.loads(response.read())["accepted"])


def stop_process(process: subprocess.Popen | None, grace_s: float = 0.0) -> None:
    """Stop ``process`` if it still runs: SIGTERM and ``grace_s`` seconds to exit cleanly (a console stopping
    its OBS and sink), then SIGKILL. With no grace, SIGKILL at once (a test's cleanup after a failure)."""
    if process is None or process.poll() is not None:
        return
    if grace_s > 0:
        process.terminate()
        try:
            process.wait(grace_s)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait()


class LineReader:
    """Collects one pipe of a process (``stdout`` or ``stderr``) on a thread, so a test can wait for a line."""

    def __init__(self, process: subprocess.Popen, stream: str = "stdout") -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(getattr(process, stream),), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        with stream:  # closed at end of file: an unclosed pipe is a ResourceWarning, and warnings are errors
            for line in stream:
                with self._changed:
                    self.lines.append(line.rstrip("\n"))
                    self._changed.notify_all()

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if text in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line with {text!r} in {timeout} s: {self.lines}")
                self._changed.wait(left)

    def join(self) -> None:
        self._thread.join(10)
