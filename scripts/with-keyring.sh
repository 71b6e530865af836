#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked Secret Service
# (gnome-keyring), as the vault's keychain tests need: `scripts/with-keyring.sh cargo test`.
# The keyring's files go to a temporary directory, so nothing outlives the command.
set -euo pipefail
if [ "${HUSHNOTE_IN_KEYRING:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool missing (run scripts/install-deps.sh)" >&2; exit 1; }
done
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export HUSHNOTE_KEYRING_HOME="$keyring_home"
exec dbus-run-session -- bash -c '
  set -euo pipefail
  # The daemon reads the unlock password on stdin and keeps running in this D-Bus session.
  printf %s "hushnote-test-keyring" | XDG_DATA_HOME="$HUSHNOTE_KEYRING_HOME" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export HUSHNOTE_IN_KEYRING=1
  exec "$@"' with-keyring "$@"
