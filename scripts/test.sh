#!/usr/bin/env bash
# The whole test suite: dependencies, build, the real model, the workspace's shape, then every
# unit, API and end-to-end test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
# `cargo test` builds with the dev-dependencies' crate features added; the binary users get does
# not. Its PHI tagger refuses to run if any recognizer failed to build in this feature set.
echo '{"id":"canary","text":"Call 617-555-1212."}' | "${CARGO_TARGET_DIR:-target}/release/hushnote" phi tag | grep -q '"PHONE"'
python3 models/fetch.py
# Dependencies point one way, no file imports in a circle or is over 1,000 lines, the README is
# for readers (docs/design.md, "Rules").
python3 scripts/check-layout.py --self-test
# Release mode: the tests run the real Whisper model, and one build serves binary and tests.
# The vault tests need a real Secret Service: a private D-Bus session with gnome-keyring.
bash scripts/with-keyring.sh cargo test --release --locked --workspace
# The UI's TypeScript declarations of the wire types come from the same definitions.
cargo test --release --locked -p hushnote-proto --features typescript
