"""The rooms wall on the team database: several real `liveroom run --headless` processes (one of them
on the real OBS) write one PostgreSQL at once, and `liveroom wall --once --json` — another process —
lists each room with its module, over/under, OBS and KPIs; a console killed with SIGKILL turns
stale, a show that ends leaves the running list."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.harness.common import LineReader, free_port, post_events, stop_process

pytestmark = [pytest.mark.postgres, pytest.mark.obs, pytest.mark.keyring]

SPEED = 10.0
#: Opening 30 s (3 s of wall at 10×), then a product module long enough to stay on through the test.
LONG_SCRIPT = """\
version: 1
show:
  title: {title}
  scenes: {{wide: 机位A 全景, closeup: 机位B 特写, product: 机位C 产品台, standby: 稍后回来}}
modules:
  - {{id: opening, type: opening, title: 开场, duration: 30s, scene: wide}}
  - {{id: product, type: explanation, title: 精华液讲解, duration: 30m, scene: product}}
  - {{id: closing, type: closing, title: 收尾, duration: 30s, scene: wide}}
"""
#: Two minutes of show: 12 s of wall at 10×, so it is seen running, then ends.
SHORT_SCRIPT = """\
version: 1
show:
  title: 快闪专场
  scenes: {wide: 机位A 全景, closeup: 机位B 特写, product: 机位C 产品台, standby: 稍后回来}
modules:
  - {id: opening, type: opening, title: 开场, duration: 60s, scene: wide}
  - {id: closing, type: closing, title: 收尾, duration: 60s, scene: wide}
"""


def _cli(*args: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _wall(pg_url: str, env: dict, *extra: str) -> dict[str, dict]:
    done = _cli("wall", "--once", "--json", "--db", pg_url, *extra, env=env)
    assert done.returncode == 0, done.stderr
    return {room["room"]: room for room in json.loads(done.stdout)}


def _wait_for(what: str, probe, timeout: float):
    """Poll ``probe()`` until it returns something true; fail with ``what`` and the last value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} within {timeout} s; last: {value}")


def test_several_consoles_on_one_postgres_show_on_the_wall(pg_url, obs_sandbox, keyring_backend, tmp_path):
    from console.secrets import set_obs_password

    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    empty = _cli("wall", "--once", "--db", pg_url, env=env)
    assert (empty.returncode, empty.stdout.strip()) == (0, "no show running"), empty.stderr
    token = _cli("ingest", "token", env=env, timeout=30).stdout.strip()
    assert token

    scripts = {}
    for name, text in (("long-a", LONG_SCRIPT.format(title="一号间专场")),
                       ("long-b", LONG_SCRIPT.format(title="二号间专场")), ("short", SHORT_SCRIPT)):
        scripts[name] = tmp_path / f"{name}.yaml"
        scripts[name].write_text(text, encoding="utf-8")
    ports = {room: free_port() for room in ("一号间", "二号间", "三号间")}

    def start(room: str, script: str, *obs: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "console.cli", "run", str(scripts[script]), "--headless", "--rehearsal",
             "--room", room, "--speed", str(SPEED), "--db", pg_url, "--intake", f"127.0.0.1:{ports[room]}",
             *(obs or ("--no-obs",))], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    processes = {
        "一号间": start("一号间", "long-a", "--obs-url", obs_sandbox.url),  # on the real OBS
        "二号间": start("二号间", "long-b"),
        "三号间": start("三号间", "short"),
    }
    readers = {room: (LineReader(p), LineReader(p, "stderr")) for room, p in processes.items()}
    try:
        readers["三号间"][0].wait_for("▶ opening", 30)
        for room in ("一号间", "二号间"):
            readers[room][0].wait_for("▶ product", 40)

        # Every room, its module (from the run of show) and over/under (an unattended run is on time).
        # (Until a console's first heartbeat, 5 s after its start, the wall knows its module but not its OBS.)
        rooms = _wait_for("three rooms listed, each after a heartbeat", lambda: (lambda r: r if len(r) == 3 and all(
            room["obs"] != "unknown" for room in r.values()) else None)(_wall(pg_url, env)), 20)
        assert {r["health"] for r in rooms.values()} == {"live"}
        for room in ("一号间", "二号间"):
            assert (rooms[room]["module_id"], rooms[room]["module_number"], rooms[room]["modules"]) == \
                ("product", 2, 3)
            assert rooms[room]["module_title"] == "精华液讲解"
        assert rooms["一号间"]["title"] == "一号间专场" and rooms["三号间"]["title"] == "快闪专场"
        assert rooms["三号间"]["module_id"] in ("opening", "closing") and rooms["三号间"]["modules"] == 2
        assert rooms["二号间"]["obs"] == "none" and rooms["二号间"]["streaming"] is None

        # The room on the real OBS: connected, with OBS's own figures, after a beat or two.
        on_obs = _wait_for("OBS figures of 一号间", lambda: (lambda r: r if r.get("fps") is not None else None)(
            _wall(pg_url, env).get("一号间", {})), 20)
        assert on_obs["obs"] == "ok" and on_obs["fps"] > 0 and on_obs["streaming"] is False

        # Audience events into 二号间 show as its KPIs on the next beat.
        now = time.time()
        assert post_events(ports["二号间"], token, [
            {"ts": now, "kind": "viewers", "online": 321, "entered": 400},
            {"ts": now, "kind": "order", "order_id": "o-1", "sku": "A-1001", "qty": 1, "amount": 199.0},
        ]) == 2
        kpis = _wait_for("二号间's KPIs", lambda: (lambda r: r if r.get("orders") == 1 else None)(
            _wall(pg_url, env).get("二号间", {})), 20)
        assert (kpis["online"], kpis["gmv"], kpis["orders"]) == (321, 199.0, 1)

        # The short show ends: its process exits, and it leaves the running list.
        assert processes["三号间"].wait(60) == 0, readers["三号间"][1].lines
        rooms = _wall(pg_url, env)
        assert "三号间" not in rooms and set(rooms) == {"一号间", "二号间"}
        recent = _wall(pg_url, env, "--ended-within", "300")
        assert recent["三号间"]["health"] == "ended" and recent["三号间"]["status"] == "ended"

        # 二号间's console dies: no beat for three intervals, and it is stale; the others stay live.
        processes["二号间"].send_signal(signal.SIGKILL)
        assert processes["二号间"].wait(10) == -signal.SIGKILL
        killed_at = time.monotonic()
        stale = _wait_for("二号间 stale", lambda: (lambda r: r if r.get("二号间", {}).get("health") == "stale"
                                                   else None)(_wall(pg_url, env)), 30)
        assert time.monotonic() - killed_at >= 15 - 5, "stale only after three missed beats"
        assert stale["二号间"]["module_id"] == "product" and stale["二号间"]["beat_age_s"] > 15
        assert stale["一号间"]["health"] == "live"
        text = _cli("wall", "--once", "--db", pg_url, env=env)
        assert text.returncode == 0 and "STALE" in text.stdout and "二号间" in text.stdout, text.stdout
    finally:
        for process in processes.values():
            stop_process(process, 30)
        for out, err in readers.values():
            out.join()
            err.join()
    assert processes["一号间"].returncode == 0, readers["一号间"][1].lines


def test_the_wall_window_as_a_real_process_opens_and_closes_on_sigterm(pg_url, tmp_path):
    """`liveroom wall --db postgresql+psycopg://…` on the test display; SIGTERM closes it, geometry kept."""
    from tests.harness.window import WindowProcess, window_env, window_ids_of, window_title

    home = tmp_path / "home"
    window = WindowProcess(["wall", "--db", pg_url], window_env(LIVEROOM_HOME=str(home)), tmp_path / "logs")
    try:
        [shown] = window.wait_until(lambda: window_ids_of(window.process.pid), "a window on the display")
        assert window_title(shown) == '"Rooms wall — Liveroom"'
        assert window.terminate() == 0, window.stderr
    finally:
        window.kill()
    saved = (home / "config" / "console.ini").read_text(encoding="utf-8")  # QSettings' INI: [wall] geometry=…
    assert "[wall]" in saved and "geometry=@ByteArray(" in saved and "header=@ByteArray(" in saved, saved


def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path):
    """For `wall --once [--json]` and for the window alike; the password in the URL never shown."""
    from tests.harness.window import window_env

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://liveroom:Wall-secret-51c@127.0.0.1:{port}/liveroom"
    env = window_env(LIVEROOM_HOME=str(tmp_path / "home"))
    for extra in (("--once",), ("--once", "--json"), ()):
        done = _cli("wall", *extra, "--db", url, env=env)
        assert done.returncode == 1 and done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot open the database" in lines[0], done.stderr
        assert "Wall-secret-51c" not in done.stderr
