#!/usr/bin/env bash
# The console on the bundled sample show, with a sandbox OBS and a simulated audience.
# Installs what it needs first. Without a display it opens on a virtual one (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_system_packages
install_python_packages
install_tiktok_environment
start_display
# A desktop session has its own keyring; a bare machine gets a throwaway Secret Service.
if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  liveroom demo "$@"
else
  with_keyring liveroom demo "$@"
fi
