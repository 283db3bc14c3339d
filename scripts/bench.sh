#!/usr/bin/env bash
# Every benchmark in tests/bench/ (each prints a CONTRACTS §7 BENCH line).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_system_packages
install_python_packages
start_display
start_postgres
export LIVEROOM_HOME; LIVEROOM_HOME=$(mktemp -d /tmp/liveroom-home.XXXXXX)
on_exit "rm -rf '$LIVEROOM_HOME'"
set +e
with_keyring python3 -m pytest -s -q tests/bench/bench_*.py "$@"
status=$?
set -e
exit $status
