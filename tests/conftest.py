"""Fixtures shared by the whole suite: the real services and the leak checks.

The test command (scripts/test.sh) starts what cannot be started per test:
a Secret Service keyring (dbus-run-session + gnome-keyring-daemon) around the
whole run, a PostgreSQL server (``LIVEROOM_TEST_PG_URL``) and a display
(``DISPLAY``, Xvfb). OBS and the RTMP sink are started here, once per session
(``obs_sandbox``, ``rtmp_sink``) or per test when a test kills them
(``fresh_obs``). Nothing is faked: with a service missing, its tests fail
loudly (set ``LIVEROOM_ALLOW_SKIP=1`` to skip them instead while developing
without the services).

Every test is checked for leaks: a thread or a child process it started and
left running fails it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

# pytester runs the leak checker against tests that leak on purpose (tests/test_leak_checks.py).
# tests.harness.hard_stop ends the run when a test hangs where pytest-timeout cannot reach it.
pytest_plugins = ["pytester", "tests.harness.hard_stop"]

# Core tests must run without Qt: nothing here imports it.

ALLOW_SKIP = os.environ.get("LIVEROOM_ALLOW_SKIP") == "1"
#: How long a test's threads and children get to finish after it returns
#: (clients joining their worker threads, OBS quitting). The leak checker's own
#: test shortens it through the environment.
LEAK_GRACE_S = float(os.environ.get("LIVEROOM_LEAK_GRACE_S", "5.0"))
#: How long one look at Qt's global thread pool may wait for its threads to end (within the grace above).
QT_POOL_WAIT_MS = 50


def _missing(what: str) -> None:
    if ALLOW_SKIP:
        pytest.skip(what)
    pytest.fail(f"{what} — run the suite with `bash scripts/test.sh`, which starts it", pytrace=False)


def _children() -> set[int]:
    me = str(os.getpid())
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[1] == me and fields[0] != "Z":
            found.add(int(entry.name))
    return found


_session_children: set[int] = set()


def _os_thread_name(native_id: int | None) -> str | None:
    """The kernel's name of one of our threads, or None when that thread has ended."""
    if native_id is None:
        return None
    try:
        return Path(f"/proc/self/task/{native_id}/comm").read_text().strip()
    except OSError:
        return None


def _qt_pool_jobs_running() -> int:
    """How many jobs Qt's global thread pool still runs, after a short wait for them (0 without Qt).

    superqt's workers run there. An idle pool keeps its threads for 30 s
    (expiryTimeout) and Python lists each one that ran Python code as a
    ``Dummy-N`` thread; ``waitForDone`` ends them once no work is left, so a
    pool thread still running after it is work the test left running. The
    pool is asked directly too: a job that never touched ``threading`` is not
    in Python's list at all. Only when the test loaded Qt: the core tests run
    without it.
    """
    if "PySide6.QtCore" not in sys.modules:
        return 0
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    if pool.waitForDone(QT_POOL_WAIT_MS):
        return 0
    return max(pool.activeThreadCount(), 1)  # a job queued but not yet started counts too


def _running_threads(before: set[threading.Thread]) -> list[str]:
    """Names of the threads started since ``before`` that still run."""
    running = []
    for thread in threading.enumerate():
        if thread in before or not thread.is_alive():
            continue
        if getattr(thread, "is_pydev_daemon_thread", False):
            continue  # a debugger's own thread (pydevd marks them so), when one is attached
        if isinstance(thread, threading._DummyThread):
            # A thread Python did not start (Qt's pool, a library's C thread)
            # that ran Python code. Python 3.11 never forgets its record and
            # reports it alive forever: ask the kernel whether it still runs.
            os_name = _os_thread_name(thread.native_id)
            if os_name is None:
                continue
            running.append(f"{thread.name} ({os_name})")
        else:
            running.append(thread.name)
    return running


@pytest.fixture(autouse=True)
def _no_leaks(request):
    threads_before = set(threading.enumerate())
    children_before = _children()
    yield
    deadline = time.monotonic() + LEAK_GRACE_S
    while True:
        pool_jobs = _qt_pool_jobs_running()
        threads = _running_threads(threads_before)
        children = _children() - children_before - _session_children
        if (not pool_jobs and not threads and not children) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    problems = []
    if pool_jobs:
        problems.append(f"Qt's global thread pool still runs {pool_jobs} job(s) (superqt workers run there)")
    if threads:
        problems.append(f"threads left running: {sorted(threads)}")
    if children:
        names = []
        for pid in sorted(children):
            try:
                names.append(f"{pid}:{Path(f'/proc/{pid}/comm').read_text().strip()}")
            except OSError:
                names.append(str(pid))
        problems.append(f"child processes left running: {names}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture()
def stopped_after_test():
    """``thing = stopped_after_test(thing)``: ``thing.stop()`` after the test, last first.

    For fakes that own a thread, as the real thing does: a fake OBS client
    owns its action queue (console.obs.actions.ActionQueue) like ObsClient.
    """
    owned: list = []

    def own(thing):
        owned.append(thing)
        return thing

    yield own
    for thing in reversed(owned):
        thing.stop()


@pytest.fixture()
def tmp_liveroom_home(tmp_path, monkeypatch) -> Path:
    """Data and config of this test in its own folder (LIVEROOM_HOME)."""
    home = tmp_path / "liveroom-home"
    monkeypatch.setenv("LIVEROOM_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def keyring_backend():
    """The real Secret Service keyring the test command starts; fails when it is absent."""
    import keyring

    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    if "SecretService" not in name and "libsecret" not in name:
        _missing(f"no Secret Service keyring (backend {name})")
    return backend


def _track(pids: list[int | None]) -> None:
    _session_children.update(pid for pid in pids if pid)


@pytest.fixture(scope="session")
def rtmp_sink():
    from console.obs.processes import RtmpSink

    if not RtmpSink.available():
        _missing("nginx with the RTMP module is not installed")
    sink = RtmpSink().start()
    _track([sink.process.pid])
    try:
        yield sink
    finally:
        sink.close()


@pytest.fixture(scope="session")
def _session_obs(rtmp_sink):
    """One real OBS for the session, streaming target the RTMP sink (tests take it as ``obs_sandbox``)."""
    from console.obs.sandbox import ObsSandbox, obs_installed

    if not obs_installed():
        _missing("OBS Studio is not installed")
    sandbox = ObsSandbox(rtmp_url=rtmp_sink.url).start()
    _track([sandbox.pid, sandbox._display.process.pid if sandbox._display and sandbox._display.process else None])
    try:
        yield sandbox
    finally:
        sandbox.stop()


#: Each time the session's OBS was found dead before a test and started again (said at the end of the run).
_obs_restarts: list[str] = []


@pytest.fixture()
def obs_sandbox(_session_obs, request):
    """The session's OBS. Don't kill it: use ``fresh_obs``.

    Debian's OBS 29 under Xvfb with software GL segfaults now and then on its
    own (seen in CI: libobs's graphics thread, in libc): found dead before a
    test, it is started again with the same port, password and scenes, and the
    run's summary names the test it was restarted for. A test during which it
    dies still fails.
    """
    return session_obs_alive(_session_obs, request.node.nodeid)


def session_obs_alive(sandbox, nodeid: str):
    """``sandbox`` with its OBS running: started again (and the restart noted for ``nodeid``) if it had exited."""
    if sandbox.process is None or sandbox.process.poll() is not None:
        code = sandbox.process.returncode if sandbox.process is not None else None
        sandbox.start_obs_again()
        _track([sandbox.pid])
        _obs_restarts.append(f"{nodeid}: the session's OBS had exited (status {code}); started again")
    return sandbox


def pytest_terminal_summary(terminalreporter) -> None:
    if _obs_restarts:
        terminalreporter.section("the session's OBS was started again")
        for line in _obs_restarts:
            terminalreporter.line(line)


@pytest.fixture()
def fresh_obs(rtmp_sink):
    """An OBS of this test's own, to kill, stop and start again."""
    from console.obs.sandbox import ObsSandbox, obs_installed

    if not obs_installed():
        _missing("OBS Studio is not installed")
    sandbox = ObsSandbox(rtmp_url=rtmp_sink.url).start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture()
def fresh_sink():
    """An RTMP sink of this test's own, to kill."""
    from console.obs.processes import RtmpSink

    if not RtmpSink.available():
        _missing("nginx with the RTMP module is not installed")
    sink = RtmpSink().start()
    try:
        yield sink
    finally:
        sink.close()


@pytest.fixture()
def pg_url():
    """A fresh PostgreSQL database of this test's own on the server the test command starts (dropped after)."""
    from tests.pg import fresh_pg_database

    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """The same test on a SQLite file and on a fresh database of the team PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture()
def db_engine(db_url):
    """An opened (migrated) engine on :func:`db_url`; disposed after."""
    from db.engine import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()
