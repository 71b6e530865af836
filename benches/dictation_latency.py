#!/usr/bin/env python3
"""Streaming dictation latency and accuracy: each clip is played through `hushnote dictate
--from-file CLIP --dry-run --json` in real time (the live path, as a microphone would feed it),
on 2 decoding threads with the default model (tiny.en).

Reports, over all utterances of all clips:
  latency   seconds from the end of an utterance's speech (as delivered) to its final text,
            p50 / p95 / max (goal: p95 <= 1.0 s);
  partials  seconds between consecutive partial-text refreshes within an utterance, p50 / p95;
  WER       of the final text against the references, with ../shared/eval/wer.py (--subset).

    python3 benches/dictation_latency.py [--limit N] [--data DIR] [--clinical-prompt]

Standard library only, plus what wer.py needs (benches/requirements-bench.txt). Do not run it
while other heavy work runs: it measures wall-clock latency.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asr_compare import REPO, SetupError, default_hushnote, load_clips  # noqa: E402


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "asr-dev")
    ap.add_argument("--wer-script", type=Path, default=REPO.parent / "shared" / "eval" / "wer.py")
    ap.add_argument("--hushnote", type=Path, default=default_hushnote())
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--clinical-prompt", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    try:
        manifest, clips = load_clips(a.data, a.limit)
    except SetupError as e:
        print(f"dictation_latency: {e}", file=sys.stderr)
        return 2
    latencies, intervals, rows = [], [], []
    audio_s = 0.0
    for c in clips:
        cmd = [str(a.hushnote), "dictate", "--from-file", c["wav"], "--dry-run", "--json", "--threads", "2"]
        if a.clinical_prompt:
            cmd.append("--clinical-prompt")
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"dictation_latency: {c['id']}: exit {out.returncode}: {out.stderr.strip()[-300:]}", file=sys.stderr)
            return 1
        finals, last_partial = [], None
        for line in out.stdout.splitlines():
            e = json.loads(line)
            if e["type"] == "partial":
                if last_partial is not None:
                    intervals.append(e["t"] - last_partial)
                last_partial = e["t"]
            elif e["type"] == "final":
                latencies.append(e["latency_s"])
                finals.append(e["text"])
                last_partial = None
        rows.append((c["source"], c["id"], " ".join(finals).replace("\t", " ").replace("\n", " ")))
        audio_s += c["audio_s"]
        worst = max(latencies[len(latencies) - len(finals):], default=0.0)
        print(f"  {c['id']}: {len(finals)} utterance(s), slowest final {worst:.2f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        hyp = Path(tmp) / "hyp.tsv"
        hyp.write_text("".join(f"{s}\t{i}\t{t}\n" for s, i, t in rows), encoding="utf-8")
        w = subprocess.run([sys.executable, str(a.wer_script), str(hyp), "--manifest", str(manifest), "--subset", "--json"],
                           capture_output=True, text=True)
        if w.returncode != 0:
            print(f"dictation_latency: wer.py failed: {w.stderr.strip()[-500:]}", file=sys.stderr)
            return 1
        wer = json.loads(w.stdout)
    result = {
        "clips": len(clips),
        "audio_s": round(audio_s, 1),
        "utterances": len(latencies),
        "latency_p50_s": pct(latencies, 50),
        "latency_p95_s": pct(latencies, 95),
        "latency_max_s": max(latencies) if latencies else float("nan"),
        "partial_interval_p50_s": pct(intervals, 50),
        "partial_interval_p95_s": pct(intervals, 95),
        "wer_overall": wer.get("overall", {}).get("wer"),
        "clinical_prompt": a.clinical_prompt,
    }
    if a.json:
        print(json.dumps(result))
    else:
        print(f"dictation (real time, tiny.en, 2 threads{', clinical prompt' if a.clinical_prompt else ''}): "
              f"{result['clips']} clips, {result['audio_s']} s audio, {result['utterances']} utterances")
        print(f"  end of speech -> final text: p50 {result['latency_p50_s']:.2f} s, p95 {result['latency_p95_s']:.2f} s, "
              f"max {result['latency_max_s']:.2f} s")
        print(f"  partial refresh interval:    p50 {result['partial_interval_p50_s']:.2f} s, p95 {result['partial_interval_p95_s']:.2f} s")
        print(f"  WER of the final text:       {result['wer_overall']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
