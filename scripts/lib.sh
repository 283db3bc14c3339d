# Shared by scripts/test.sh, scripts/demo.sh and scripts/bench.sh: install what the
# console and its tests need on a fresh Debian 12 (run as root), and start the
# services as child processes of this shell. Each start_* registers its own stop
# in the EXIT trap, so nothing is left running even when a step fails.

SYSTEM_PACKAGES=(
  python3 python3-pip python3-venv           # Debian 12's Python 3.11
  obs-studio xvfb xauth x11-utils            # the real OBS, headless
  xdotool                                    # tests press keys in a real console process (tests/ui/test_reachable.py)
  nginx-light libnginx-mod-rtmp              # the RTMP sink OBS streams to
  postgresql                                 # the team database
  gnome-keyring dbus dbus-x11                # a real Secret Service keyring
  imagemagick poppler-utils fonts-noto-cjk   # screenshots, PDF checks, Chinese text
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libegl1 libgl1
  libfontconfig1 libdbus-1-3                 # what Qt's xcb platform plugin loads
  chromium chromium-driver                   # the phone remote's test in a real browser (Selenium)
)

_cleanups=()
_run_cleanups() {
  local i
  for (( i=${#_cleanups[@]}-1; i>=0; i-- )); do eval "${_cleanups[$i]}" || true; done
}
trap _run_cleanups EXIT
# Ctrl-C or a kill ends the script through `exit`, so the EXIT trap still stops everything.
trap 'exit 130' INT
trap 'exit 143' TERM
on_exit() { _cleanups+=("$1"); }

log() { printf '[liveroom] %s\n' "$*" >&2; }

install_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0   # fast path: everything is there, no apt at all
  if ((EUID != 0)); then
    log "missing Debian packages: ${missing[*]} — run this script as root once, or apt-get install them"
    return 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  # Debian's own python3 refuses `pip install` outside a virtual environment
  # (PEP 668): use ./.venv then. An active venv or a pyenv/conda Python is used as is.
  if python3 -c 'import sys, sysconfig, os; sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    [[ -x .venv/bin/python3 ]] || python3 -m venv .venv
    # shellcheck disable=SC1091
    source .venv/bin/activate
  fi
  log "installing the console and its test dependencies (pip, $(command -v python3))"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".[test]"
}

# TikTokLive in a virtual environment of its own, .venv-tiktok (the tiktok audience
# source runs it in a child process: its licence and pinned dependencies stay out of
# the console's environment). Idempotent: nothing to do when the pinned set is there.
install_tiktok_environment() {
  local venv=.venv-tiktok requirements=scripts/tiktok-requirements.txt
  if [[ -x $venv/bin/python && $venv/.installed -nt $requirements ]]; then return 0; fi
  log "installing TikTokLive into $venv (pip, $(command -v python3))"
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
  # The marker only after pip succeeded: an interrupted install is redone next time, not taken for done.
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$requirements" \
    && touch "$venv/.installed"
}

start_display() {
  if [[ -n "${DISPLAY:-}" ]] && xdpyinfo >/dev/null 2>&1; then return; fi
  local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -ac 3>"$fifo" >/dev/null 2>&1 &
  local pid=$!
  local number; read -r -t 15 number <"$fifo" || true
  rm -f "$fifo"
  [[ -n "$number" ]] || { log "Xvfb did not start"; return 1; }
  export DISPLAY=":$number"
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  log "Xvfb on $DISPLAY"
}

start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local dir; dir=$(mktemp -d /tmp/liveroom-pg.XXXXXX)
  chown postgres:postgres "$dir"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-k $dir -p $port -h 127.0.0.1 -c fsync=off" start >/dev/null
  on_exit "runuser -u postgres -- '$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1; rm -rf '$dir'"
  runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres liveroom_test
  export LIVEROOM_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/liveroom_test"
  log "PostgreSQL on 127.0.0.1:$port"
}

# Runs "$@" inside a D-Bus session with an unlocked GNOME keyring (Secret Service).
# The keyring files live in a folder of this run (XDG_DATA_HOME of the daemon): a
# login keyring left by an earlier run with another password would make the daemon
# ask for that password in a prompt nobody can answer.
with_keyring() {
  local password; password=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
  local store; store=$(mktemp -d /tmp/liveroom-keyring.XXXXXX)
  on_exit "rm -rf '$store'"
  KEYRING_UNLOCK="$password" KEYRING_STORE="$store" dbus-run-session -- bash -c '
    printf %s "$KEYRING_UNLOCK" | XDG_DATA_HOME="$KEYRING_STORE" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    unset KEYRING_UNLOCK KEYRING_STORE
    exec "$@"' keyring-session "$@"
}

# SIGKILL to every process whose environment carries LIVEROOM_TEST_RUN=$1 (not this script's).
stop_marked_processes() {
  python3 - "$1" <<'PY'
import os, signal, sys
mark = b"LIVEROOM_TEST_RUN=" + sys.argv[1].encode()
for pid in (int(name) for name in os.listdir("/proc") if name.isdigit()):
    if pid in (os.getpid(), os.getppid()):
        continue
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            marked = mark in environ.read().split(b"\0")
        if marked:
            with open(f"/proc/{pid}/comm") as comm:
                name = comm.read().strip()
            os.kill(pid, signal.SIGKILL)
            print(f"[liveroom] stopped {name} ({pid}), left running by the tests", file=sys.stderr)
    except OSError:
        pass  # ended meanwhile, or not ours to read
PY
}

# Everything the test suite and the benchmarks run on: packages, a display,
# PostgreSQL and a throwaway LIVEROOM_HOME; then "$@" inside a keyring session.
run_with_test_services() {
  install_system_packages
  install_python_packages
  install_tiktok_environment
  start_display
  start_postgres
  export LIVEROOM_HOME; LIVEROOM_HOME=$(mktemp -d /tmp/liveroom-home.XXXXXX)
  on_exit "rm -rf '$LIVEROOM_HOME'"
  # Every process the run starts from here on carries this mark in its environment. A run
  # stopped hard (tests/harness/hard_stop.py exits pytest at once) leaves its OBS, sink and
  # headless consoles behind, in sessions of their own: found by the mark and stopped.
  export LIVEROOM_TEST_RUN; LIVEROOM_TEST_RUN=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
  on_exit "stop_marked_processes $LIVEROOM_TEST_RUN"
  set +e
  with_keyring "$@"
  local status=$?
  set -e
  return $status
}
