#!/usr/bin/env bash
# The whole test suite, as CI runs it: bash scripts/test.sh [pytest args…]
# On a fresh Debian 12 as root it installs OBS, Xvfb, nginx-rtmp, PostgreSQL and a
# keyring daemon, starts them, runs every test against them and stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_system_packages
install_python_packages
start_display
start_postgres
export LIVEROOM_HOME; LIVEROOM_HOME=$(mktemp -d /tmp/liveroom-home.XXXXXX)
on_exit "rm -rf '$LIVEROOM_HOME'"

log "running the tests"
set +e
with_keyring python3 -m pytest -ra "$@"
status=$?
set -e
exit $status
