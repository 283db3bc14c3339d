"""The OBS password and the intake token never leave the keyring (CONTRACTS §1, issue 9 item 5).

A real show is run headless against the sandbox OBS with the password in the
keyring and events posted over the intake with the token; then the console
window is opened as a real process on the test display, connects to the same
OBS with the password from the keyring and is closed with SIGTERM, which saves
its layout and preferences to its settings file (QSettings, ui/settings.py).
The database, the log, every file under the test's LIVEROOM_HOME, HOME and
XDG folders (settings included) and the review exports are then searched for
both secrets, as bytes, in plain and in JSON-escaped form.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.harness.common import free_port, stop_process

pytestmark = [pytest.mark.obs, pytest.mark.keyring]
SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def _files(*roots: Path) -> list[Path]:
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def test_password_and_token_appear_in_no_database_log_setting_or_export(obs_sandbox, keyring_backend, tmp_path):
    from console.secrets import set_obs_password

    home = tmp_path / "home"
    # Every folder a library might write to, inside the test: Qt, keyring, fontconfig and platformdirs included.
    user_dirs = {"HOME": tmp_path / "user", "XDG_CONFIG_HOME": tmp_path / "xdg-config",
                 "XDG_DATA_HOME": tmp_path / "xdg-data", "XDG_CACHE_HOME": tmp_path / "xdg-cache",
                 "XDG_STATE_HOME": tmp_path / "xdg-state"}
    for folder in user_dirs.values():
        folder.mkdir()
    env = dict(os.environ, LIVEROOM_HOME=str(home), LIVEROOM_LOG="debug", **{k: str(v) for k, v in user_dirs.items()})
    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    token = subprocess.run([sys.executable, "-m", "console.cli", "ingest", "token"], capture_output=True, text=True,
                           timeout=30, env=env).stdout.strip()
    assert len(token) >= 16
    port = free_port()
    db = home / "data" / "liveroom.sqlite"
    run = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--speed", "20",
                            "--obs-url", obs_sandbox.url, "--intake", f"127.0.0.1:{port}"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        posted = 0
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not posted:
            body = json.dumps({"ts": time.time(), "kind": "comment", "user": "u", "text": "好看"}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/events", data=body, method="POST",
                                             headers={"Authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    posted = response.status == 202
            except OSError:
                time.sleep(0.3)
        out, err = run.communicate(timeout=60)
    finally:
        stop_process(run)
    assert run.returncode == 0, err
    assert posted
    exports = []
    for suffix in ("html", "csv", "pdf"):
        target = tmp_path / f"review.{suffix}"
        exported = subprocess.run([sys.executable, "-m", "console.cli", "review", "latest", "--export", str(target)],
                                  capture_output=True, text=True, timeout=120,
                                  env=dict(env, QT_QPA_PLATFORM="offscreen"))
        assert exported.returncode == 0, exported.stderr
        exports.append(target)
    window_out = _open_and_close_the_window(obs_sandbox.url, db, env, tmp_path / "window-logs")
    assert db.exists()
    searched = _files(home, *user_dirs.values()) + exports
    assert any(path.name == "liveroom.log" for path in searched), "the run wrote no log to search"
    settings = [path for path in searched if path.name == "console.ini"]
    assert settings and b"[window]" in settings[0].read_bytes(), "the window saved no layout to search"
    out += window_out
    secrets = {"OBS password": obs_sandbox.password, "intake token": token}
    for path in searched:
        data = path.read_bytes()
        for what, secret in secrets.items():
            for form in (secret, json.dumps(secret)[1:-1]):
                assert form.encode() not in data, f"the {what} is in {path}"
    for what, secret in secrets.items():
        assert secret not in out + err, f"the {what} was printed"


def _open_and_close_the_window(obs_url: str, db: Path, env: dict[str, str], logs: Path) -> str:
    """`liveroom` on the test display: connected to OBS with the keyring's password, then SIGTERM; its output."""
    from tests.harness.window import WindowProcess, connection_states, window_env, window_ids_of

    db_url = f"sqlite:///{db}"
    before = len(connection_states(db_url))
    window = WindowProcess(["--obs-url", obs_url, "--intake", f"127.0.0.1:{free_port()}"],
                           window_env(**{k: v for k, v in env.items() if k not in os.environ or os.environ[k] != v}),
                           logs)
    try:
        window.wait_until(lambda: "ok" in connection_states(db_url)[before:], "a connection to OBS")
        window.wait_until(lambda: window_ids_of(window.process.pid), "a window on the display")
        assert window.terminate() == 0, window.stderr
    finally:
        window.kill()
    return window.stdout + window.stderr

