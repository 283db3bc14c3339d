"""Child processes the sandbox owns: a virtual display, an RTMP sink.

Each is started as an ordinary child in its own process group, waited for
until it is really usable (a display number written back, a port accepting),
and stopped with a polite signal first and SIGKILL after a grace period, so
nothing is left behind even when a test fails half-way.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

NGINX_RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        if port_open(port):
            return True
        time.sleep(0.05)
    return False


def stop_process(process: subprocess.Popen | None, sig: int = signal.SIGTERM, grace: float = 5.0) -> None:
    """Signal the process group, wait ``grace`` seconds, then SIGKILL it."""
    if process is None or process.poll() is not None:
        if process is not None:
            process.wait()
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    try:
        process.wait(grace)
        return
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(5)


class VirtualDisplay:
    """An Xvfb server on a free display number (``-displayfd``)."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        self.size = size
        self.process: subprocess.Popen | None = None
        self.display: str | None = None

    def start(self, timeout: float = 10.0) -> "VirtualDisplay":
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", self.size, "-nolisten", "tcp", "-ac"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        os.close(write_fd)
        deadline = time.monotonic() + timeout
        data = b""
        try:
            while time.monotonic() < deadline and not data.endswith(b"\n"):
                import select

                ready, _, _ = select.select([read_fd], [], [], 0.1)
                if ready:
                    chunk = os.read(read_fd, 64)
                    if not chunk:
                        break
                    data += chunk
                if self.process.poll() is not None:
                    break
        finally:
            os.close(read_fd)
        if not data.strip():
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{data.decode().strip()}"
        return self

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, grace=3.0)
        self.process = None


class RtmpSink:
    """nginx with the RTMP module, listening on 127.0.0.1 only, as a child process.

    OBS streams to :attr:`url` with any key. Killing the sink is a real
    network fault: OBS reports ``OBS_WEBSOCKET_OUTPUT_RECONNECTING`` ~60 ms later.
    """

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.directory: Path | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("nginx") is not None and NGINX_RTMP_MODULE.exists()

    @property
    def url(self) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live"

    def start(self, timeout: float = 10.0) -> "RtmpSink":
        if not self.available():
            raise RuntimeError("nginx with the RTMP module is not installed (apt-get install nginx-light libnginx-mod-rtmp)")
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="liveroom-rtmp-"))
            (self.directory / "logs").mkdir()
            (self.directory / "nginx.conf").write_text(
                f"load_module {NGINX_RTMP_MODULE};\n"
                "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                f"pid {self.directory}/nginx.pid;\n"
                f"error_log {self.directory}/logs/error.log warn;\n"
                "events { worker_connections 64; }\n"
                f"rtmp {{ server {{ listen 127.0.0.1:{self.port}; chunk_size 4096;\n"
                "  application live { live on; record off; } } }\n",
                encoding="utf-8",
            )
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        if not wait_port(self.port, timeout, self.process):
            log = (self.directory / "logs" / "error.log")
            detail = log.read_text(errors="replace")[-300:] if log.exists() else ""
            self.stop()
            raise RuntimeError(f"the RTMP sink did not open port {self.port}: {detail}")
        return self

    def kill(self) -> None:
        """SIGKILL the sink (a dropped ingest, as far as OBS can tell)."""
        stop_process(self.process, signal.SIGKILL, grace=2.0)
        self.process = None

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, grace=3.0)
        self.process = None

    def close(self) -> None:
        self.stop()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> "RtmpSink":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
