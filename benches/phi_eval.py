#!/usr/bin/env python3
"""PHI tagger evaluation on the shared development corpora (../shared/data/phi-dev).

For each JSONL file: runs `hushnote phi tag` on the text as-is and lower-cased (lower-casing keeps
character offsets), scores both with the shared scorer (../shared/eval/score_spans.py: overlap and
strict recall/precision, per-type recall), and for the PhysioNet corpus also reports recall without
year-only dates (Safe Harbor permits years). Prints the scorer's tables plus a summary.
It also times the tagger (characters per second of the whole run, process start included).

Usage: python3 benches/phi_eval.py [--data DIR] [--hushnote BIN] [--files a.jsonl,b.jsonl]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "phi-dev"))
    ap.add_argument("--scorer", default=str(REPO.parent / "shared" / "eval" / "score_spans.py"))
    target = os.environ.get("CARGO_TARGET_DIR") or str(REPO / "target")
    ap.add_argument("--hushnote", default=str(Path(target) / "release" / "hushnote"))
    ap.add_argument("--files", default="physionet-deid-dev.jsonl,aci-bench-dev-silver-names.jsonl,presidio-synth.jsonl")
    args = ap.parse_args()
    for need in (args.hushnote, args.scorer, args.data):
        if not Path(need).exists():
            print(f"phi_eval: {need} not found", file=sys.stderr)
            sys.exit(2)
    tmp = Path(tempfile.mkdtemp())
    for name in args.files.split(","):
        gold = Path(args.data) / name
        docs = [json.loads(l) for l in gold.open(encoding="utf-8") if l.strip()]
        variants = [("as-is", docs), ("lowercased", [dict(d, text=d["text"].lower()) for d in docs])]
        if name.startswith("physionet"):
            no_year = [dict(d, spans=[s for s in d["spans"] if s.get("type") != "DateYear"]) for d in docs]
            variants.append(("as-is, without DateYear", no_year))
            variants.append(("lowercased, without DateYear", [dict(d, text=d["text"].lower()) for d in no_year]))
        for label, vdocs in variants:
            inp, pred, g = tmp / "in.jsonl", tmp / "pred.jsonl", tmp / "gold.jsonl"
            with inp.open("w", encoding="utf-8") as f, g.open("w", encoding="utf-8") as gf:
                for d in vdocs:
                    f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
                    gf.write(json.dumps(d) + "\n")
            chars = sum(len(d["text"]) for d in vdocs)
            t0 = time.perf_counter()
            r = subprocess.run([args.hushnote, "phi", "tag", "--in", str(inp), "--out", str(pred)])
            dt = time.perf_counter() - t0
            if r.returncode != 0:
                print(f"phi_eval: hushnote failed on {name}", file=sys.stderr)
                sys.exit(1)
            print(f"=== {name} [{label}]  {len(vdocs)} docs, {chars} chars, tagged in {dt:.3f} s "
                  f"({chars / dt / 1e6:.2f} M chars/s incl. process start)")
            out = subprocess.run([sys.executable, args.scorer, str(g), str(pred)], capture_output=True, text=True)
            print(out.stdout.strip() or out.stderr.strip())
            print()


if __name__ == "__main__":
    main()
