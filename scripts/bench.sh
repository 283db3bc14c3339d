#!/usr/bin/env bash
# Every benchmark in tests/bench/ (each prints a CONTRACTS §7 BENCH line).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

status=0
run_with_test_services python3 -m pytest -s -q tests/bench/bench_*.py "$@" || status=$?
exit $status
