"""Talk to a sandbox OBS with obs-websocket-py directly, independently of console.obs.client.

The sandbox's own tests check OBS through this second, plain path so that a bug
in the console's client cannot hide a broken sandbox (or the other way round).
Library gaps worked around here (ENVIRONMENT.md): the port is always passed
(else it speaks the v4 protocol), requests take keyword arguments, and the
high-volume events (InputVolumeMeters) need a Reidentify after connecting.
"""

from __future__ import annotations

import contextlib
import json
import struct
import threading
from pathlib import Path
from typing import Any, Iterator

from obswebsocket import obsws, requests

#: obs-websocket 5 event subscription bits (EventSubscription in its protocol).
SUBSCRIBE_ALL_LOW_VOLUME = (1 << 11) - 1  # General … Ui, every non-high-volume category
SUBSCRIBE_INPUT_VOLUME_METERS = 1 << 16
#: A call never waits longer than this (the library's default is 60 s).
CALL_TIMEOUT_S = 5


@contextlib.contextmanager
def connected(sandbox: Any, password: str | None = None, *, subscriptions: int | None = None) -> Iterator[obsws]:
    """A connected obs-websocket-py client; disconnected (its receive thread joined) on exit."""
    ws = obsws("127.0.0.1", sandbox.port, sandbox.password if password is None else password, timeout=CALL_TIMEOUT_S)
    ws.connect()
    try:
        if subscriptions is not None:
            # Reidentify (op 3): the library identifies with 1023, which leaves out InputVolumeMeters.
            ws.ws.send(json.dumps({"op": 3, "d": {"eventSubscriptions": subscriptions}}))
        yield ws
    finally:
        ws.disconnect()


def call(ws: obsws, name: str, **params: Any) -> dict[str, Any]:
    """One request; raises AssertionError with the request name when OBS refuses it."""
    response = ws.call(getattr(requests, name)(**params))
    assert response.status, f"OBS refused {name}({params})"
    return response.datain


class EventLog:
    """Collects raw events (any type) on the library's receive thread; wait() for one that matches."""

    def __init__(self, ws: obsws) -> None:
        self._ws = ws
        self._condition = threading.Condition()
        self.events: list[tuple[str, dict[str, Any]]] = []
        ws.register(self._on_event)

    def _on_event(self, event: Any) -> None:
        with self._condition:
            self.events.append((event.name, dict(event.datain)))
            self._condition.notify_all()

    def wait(self, event_type: str, predicate=lambda data: True, timeout: float = 5.0) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            for kind, data in self.events:
                if kind == event_type and predicate(data):
                    return data
            return None

        with self._condition:
            assert self._condition.wait_for(lambda: found() is not None, timeout), (
                f"no {event_type} within {timeout} s; saw {sorted({kind for kind, _ in self.events})}")
            return found()

    def close(self) -> None:
        self._ws.unregister(self._on_event)


def screenshot_pixels(ws: obsws, source: str, width: int = 160, height: int = 90) -> bytes:
    """The source's current picture as raw pixel bytes (BMP: uncompressed, no decoder needed)."""
    import base64

    data = call(ws, "GetSourceScreenshot", sourceName=source, imageFormat="bmp",
                imageWidth=width, imageHeight=height)["imageData"]
    raw = base64.b64decode(data.split(",", 1)[1])
    assert raw[:2] == b"BM", "not a BMP"
    offset = struct.unpack_from("<I", raw, 10)[0]
    return raw[offset:]


def mean_difference(first: bytes, second: bytes) -> float:
    """Mean absolute difference per byte (0–255) of two equally sized pictures."""
    assert len(first) == len(second), "pictures of different sizes"
    return sum(abs(a - b) for a, b in zip(first, second, strict=True)) / max(1, len(first))


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, grandchildren …), read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


__all__ = ["connected", "call", "EventLog", "screenshot_pixels", "mean_difference", "descendants", "alive",
           "process_name", "SUBSCRIBE_ALL_LOW_VOLUME", "SUBSCRIBE_INPUT_VOLUME_METERS"]


def largest_motion(ws: obsws, source: str, *, enough: float, timeout: float = 3.0, interval: float = 0.2) -> float:
    """Screenshots of ``source`` until two differ by more than ``enough`` (or ``timeout``); the largest difference.

    Polls real time because OBS renders on its own clock: on a loaded machine a
    frame can come late, so one pair of screenshots taken close together may be
    the same picture even from a moving source.
    """
    import time

    first = screenshot_pixels(ws, source)
    largest = 0.0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(interval)
        largest = max(largest, mean_difference(first, screenshot_pixels(ws, source)))
        if largest > enough:
            break
    return largest
