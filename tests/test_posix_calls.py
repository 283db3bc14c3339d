"""Nothing in the core or the UI assumes Linux, except the modules that are Linux-only by design.

Most field controllers run OBS on Windows: there ``os.kill(pid, 0)`` terminates
the process it was meant to probe, ``/proc`` and ``fcntl`` do not exist, and only
SIGINT and SIGTERM (and SIGBREAK) can be sent. An ``ast`` walk of console/ and
ui/ finds POSIX-only calls, imports, signal numbers, subprocess options and
``/proc`` paths, and allows them only in the modules listed below. The walker
is itself tested on known-bad code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("console", "ui")

#: Modules that are Linux-only by design, with the reason. Nothing the operator's
#: console runs imports them on another system.
LINUX_ONLY = {
    # The sandbox's child processes: Xvfb (-displayfd over a pipe) and nginx-rtmp, each in its own
    # process group (start_new_session) so killpg stops it with everything it started; SIGKILL after grace.
    "console/obs/processes.py": "the sandbox's Xvfb and nginx-rtmp children (process groups, killpg, SIGKILL)",
    # The sandbox OBS (Debian's obs-studio under Xvfb): fault tests freeze and kill it (SIGSTOP/SIGCONT/SIGKILL).
    "console/obs/sandbox.py": "the sandbox OBS under Xvfb: its own session, kill_obs() with SIGKILL/SIGSTOP/SIGCONT",
}

#: Functions of ``os`` that do not exist on Windows or (os.kill) do something else there.
POSIX_OS = {"kill", "killpg", "getpgid", "setpgid", "getpgrp", "setpgrp", "setsid", "getsid", "fork", "forkpty",
            "wait3", "wait4", "waitid", "sched_setaffinity", "sched_getaffinity"}
#: Modules that exist only on POSIX systems.
POSIX_MODULES = {"fcntl", "termios", "pty", "tty", "pwd", "grp", "resource", "posix", "syslog"}
#: Signals every system has (Python maps them onto Windows console events).
PORTABLE_SIGNALS = {"SIGINT", "SIGTERM", "SIG_DFL", "SIG_IGN"}
#: Functions of ``signal`` that are POSIX-only.
POSIX_SIGNAL_FUNCTIONS = {"alarm", "pause", "setitimer", "getitimer", "pthread_kill", "pthread_sigmask", "sigwait",
                          "sigwaitinfo", "sigtimedwait", "siginterrupt", "sigpending"}
#: subprocess.Popen options that are POSIX-only.
POSIX_POPEN_OPTIONS = {"start_new_session", "preexec_fn", "pass_fds", "process_group"}


def posix_only_uses(source: str, filename: str = "<source>") -> list[str]:
    """Every POSIX-only use in ``source``, as ``line: what``."""
    tree = ast.parse(source, filename)
    # Local names bound to the modules we look into (import os as system, from os import kill, …).
    modules: dict[str, str] = {}
    found: list[tuple[int, str]] = []

    def report(node: ast.AST, what: str) -> None:
        found.append((node.lineno, what))

    def attribute_of(module: str, name: str, node: ast.AST) -> None:
        if module == "os" and name in POSIX_OS:
            report(node, f"os.{name}")
        elif module == "signal" and name.startswith("SIG") and name not in PORTABLE_SIGNALS:
            report(node, f"signal.{name}")
        elif module == "signal" and name in POSIX_SIGNAL_FUNCTIONS:
            report(node, f"signal.{name}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in POSIX_MODULES:
                    report(node, f"import {alias.name}")
                if alias.name in ("os", "signal"):
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in POSIX_MODULES:
                report(node, f"from {node.module} import …")
            if node.module in ("os", "signal"):
                for alias in node.names:
                    attribute_of(node.module, alias.name, node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            attribute_of(modules[node.value.id], node.attr, node)
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in POSIX_POPEN_OPTIONS:
                    report(node, f"{keyword.arg}=")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value == "/proc" or node.value.startswith("/proc/"):
                report(node, f"path {node.value!r}")
    return [f"{line}: {what}" for line, what in sorted(found)]


def _modules() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py"))


def test_no_posix_only_calls_outside_the_linux_only_modules():
    offenders = {}
    for path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        if relative in LINUX_ONLY:
            continue
        uses = posix_only_uses(path.read_text(encoding="utf-8"), relative)
        if uses:
            offenders[relative] = uses
    assert not offenders, f"POSIX-only code outside {sorted(LINUX_ONLY)}: {offenders}"


def test_each_allowed_module_exists_and_still_needs_its_exception():
    for relative in LINUX_ONLY:
        path = ROOT / relative
        assert path.exists(), f"{relative} is allowed but gone: drop it from LINUX_ONLY"
        assert posix_only_uses(path.read_text(encoding="utf-8"), relative), (
            f"{relative} no longer uses anything POSIX-only: drop it from LINUX_ONLY")


@pytest.mark.parametrize("source, expected", [
    ("import os\nos.kill(1, 0)\n", "os.kill"),
    ("import os as system\nsystem.killpg(1, 9)\n", "os.killpg"),
    ("from os import getpgid\n", "os.getpgid"),
    ("import os\nos.setsid()\n", "os.setsid"),
    ("import os\npid = os.fork()\n", "os.fork"),
    ("import fcntl\n", "import fcntl"),
    ("from fcntl import flock\n", "from fcntl import"),
    ("import signal\nsignal.SIGKILL\n", "signal.SIGKILL"),
    ("import signal\nsignal.signal(signal.SIGHUP, print)\n", "signal.SIGHUP"),
    ("from signal import SIGUSR1\n", "signal.SIGUSR1"),
    ("import signal\nsignal.alarm(3)\n", "signal.alarm"),
    ("open(f'/proc/{pid}/stat')\n", "path '/proc/'"),
    ("open('/proc/self/status')\n", "path '/proc/self/status'"),
    ("import subprocess\nsubprocess.Popen(['x'], start_new_session=True)\n", "start_new_session="),
])
def test_the_walker_finds_posix_only_code(source, expected):
    uses = posix_only_uses(source)
    assert any(expected in use for use in uses), uses


def test_the_walker_leaves_portable_code_alone():
    portable = (
        "import os, signal, subprocess\n"
        "os.getpid(); os.environ.get('HOME'); os.path.join('a', 'b')\n"
        "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "subprocess.Popen(['x']).terminate()\n"
        "text = 'see /proc for details'  # a sentence, not a path\n"
    )
    assert posix_only_uses(portable) == []
