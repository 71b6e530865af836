#!/usr/bin/env bash
# The whole test suite: dependencies, build, the real model, then every unit and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
# `cargo test` builds with the dev-dependencies' crate features added; the binary users get does
# not. Its PHI tagger refuses to run if any recognizer failed to build in this feature set.
echo '{"id":"canary","text":"Call 617-555-1212."}' | "${CARGO_TARGET_DIR:-target}/release/hushnote" phi tag | grep -q '"PHONE"'
python3 models/fetch.py
# Release mode: the tests run the real Whisper model, and one build serves binary and tests.
# The vault tests need a real Secret Service: a private D-Bus session with gnome-keyring.
bash scripts/with-keyring.sh cargo test --release --locked
