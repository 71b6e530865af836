#!/usr/bin/env bash
# Measures the effect of Hushnote's default clinical initial prompt on clinical speech.
# The dev set has no clinical speech, so this synthesises 20 short clinical sentences
# (benches/data/clinical_sentences.txt, written for this purpose) with espeak-ng at two voices and
# speeds, and scores `hushnote transcribe` with and without the prompt using the shared WER scorer.
# Synthetic speech is easier in rhythm but harder in timbre than a clinician: read the figures as
# the prompt's effect on medical vocabulary, not as absolute accuracy.
# Needs: espeak-ng, sox (Debian), jiwer + whisper-normalizer (pip), ../shared/eval/wer.py.
# Usage: bash benches/prompt_effect.sh [extra hushnote transcribe flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${HUSHNOTE:-${CARGO_TARGET_DIR:-target}/release/hushnote}"
WER="${WER_SCRIPT:-../shared/eval/wer.py}"
for t in espeak-ng sox python3; do command -v $t >/dev/null || { echo "prompt_effect: $t is missing (apt-get install espeak-ng sox)" >&2; exit 2; }; done
[ -x "$BIN" ] || { echo "prompt_effect: $BIN not built" >&2; exit 2; }
[ -f "$WER" ] || { echo "prompt_effect: scorer $WER not found" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
manifest="$work/manifest.tsv"
printf 'source\tid\twav16k\tduration_s\tref_kind\tlicense\trepo\tcommit\tpath\treference\n' > "$manifest"
n=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  n=$((n + 1))
  for voice in "en-us:150" "en-gb-x-rp:170"; do
    v=${voice%%:*}; speed=${voice##*:}; id="s${n}_${v}"
    espeak-ng -v "$v" -s "$speed" -w "$work/raw.wav" "$line"
    sox -q "$work/raw.wav" -r 16000 -c 1 -b 16 "$work/$id.wav"
    printf 'espeak\t%s\t%s.wav\t0\t-\tgenerated\t-\t-\t-\t%s\n' "$id" "$id" "$line" >> "$manifest"
  done
done < benches/data/clinical_sentences.txt
for mode in prompt no-prompt; do
  flag=(); [ "$mode" = no-prompt ] && flag=(--no-prompt)
  "$BIN" transcribe --json "${flag[@]}" "$@" "$work"/s*.wav > "$work/$mode.jsonl"
  python3 - "$work/$mode.jsonl" > "$work/$mode.tsv" <<'PY'
import json, os, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print("espeak\t%s\t%s" % (os.path.basename(r["file"])[:-4], " ".join(r["text"].split())))
PY
  wer=$(python3 "$WER" "$work/$mode.tsv" --manifest "$manifest" --json | python3 -c 'import json,sys; print("%.2f" % (100 * json.load(sys.stdin)["overall"]["wer"]))')
  rtf=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print("%.4f" % (sum(x["decode_s"] for x in r) / sum(x["audio_s"] for x in r)))' "$work/$mode.jsonl")
  echo "$mode: WER ${wer}% RTF ${rtf} ($((n * 2)) synthetic clinical clips; flags: ${flag[*]} $*)"
done
