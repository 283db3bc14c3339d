#!/usr/bin/env bash
# The whole test suite, as CI runs it: bash scripts/test.sh [pytest args…]
# On a fresh Debian 12 as root it installs OBS, Xvfb, nginx-rtmp, PostgreSQL and a
# keyring daemon, starts them, runs every test against them and stops them again.
#
# What it exports for the tests:
#   DISPLAY               one Xvfb for the whole run (unless a working display is set):
#                         the Qt widget tests and the sandbox OBS both draw on it
#                         (OBS needs X; Qt could run offscreen but a real xcb
#                         display is closer to what operators run)
#   LIVEROOM_TEST_PG_URL  postgresql+psycopg://postgres@127.0.0.1:PORT/liveroom_test
#   LIVEROOM_HOME         a throwaway data/config folder
#   DBUS_SESSION_BUS_ADDRESS  (inside dbus-run-session) with an unlocked GNOME keyring:
#                         keyring's Secret Service backend is real
# Benchmarks (tests/bench/bench_*.py) are not collected here: scripts/bench.sh runs them.
# Everything started is stopped by the EXIT trap, also on failure or Ctrl-C;
# the exit code is pytest's.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

log "setting up the services, then running the tests"
status=0
run_with_test_services python3 -m pytest -ra "$@" || status=$?
exit $status
