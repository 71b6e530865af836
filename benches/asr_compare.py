#!/usr/bin/env python3
"""ASR accuracy and speed: Hushnote (whisper.cpp via the Rust CLI) vs faster-whisper (CTranslate2).

Both engines run the same Whisper tiny.en weights on the same clips with the same thread count,
each configuration in its own child process, one after the other (never concurrently), so that
peak memory is measured per engine and configuration. Word error rate comes from the shared
scorer (shared/eval/wer.py), so the figures match every other WER this project reports.

What is measured, per (engine, beam size):
  WER       overall and per source group / per source, from wer.py --json
  decode_s  time spent transcribing all clips, model load excluded:
              hushnote:        sum of the per-file "decode_s" the CLI reports
              faster-whisper:  sum over clips of the wall time of transcribe() plus consuming its
                               segment generator (faster-whisper decodes lazily); WAV reading excluded
  RTF       decode_s / audio seconds (lower is faster); xRT = 1 / RTF ("times real time")
  peak RSS  ru_maxrss of that child process alone (os.wait4), in MB (1e6 bytes). The
            faster-whisper figure includes the Python interpreter and its imports (numpy, PyAV,
            ctranslate2, tokenizers); the worker also reports its RSS after imports for reference.
  otherCPU% CPU used by other processes while the child ran, as a share of all CPUs (machine busy
            time from /proc/stat minus the child's own CPU time): above 5% a warning is printed,
            the timings of that run are then inflated by competition.
  load_s    faster-whisper: WhisperModel(...) construction time.
            hushnote: "load_s" if the CLI reports it, else the process wall time minus the summed
            decode_s (so it also counts process start, WAV reading and output; marked with '~').
Ratios per beam: speed = fw_RTF / hn_RTF (>1: Hushnote faster), memory = hn_RSS / fw_RSS
(<1: Hushnote smaller), WER difference = hn_WER - fw_WER in percentage points.

faster-whisper settings (fairness): language="en", task="transcribe", beam_size=B, best_of=1 for
greedy (B=1), else the library default; vad_filter=False, without_timestamps=False,
condition_on_previous_text and the temperature fallback at the library defaults. The complete
effective transcribe() arguments are printed and saved. --fw-extra JSON overrides any of them.
The model is always a local CTranslate2 directory (model hubs are unreachable here).
Note: `hushnote transcribe` primes Whisper with a clinical initial prompt by default; for a
like-for-like comparison pass --hushnote-args "--no-prompt" (or give faster-whisper the same
prompt with --fw-extra '{"initial_prompt": "..."}').

Requirements (pinned in benches/requirements-bench.txt):
  pip install faster-whisper==1.2.1 jiwer==4.0.0 whisper-normalizer==0.1.15
  (faster-whisper 1.2.1 pulls ctranslate2 4.8.5.) Only jiwer + whisper-normalizer are needed
  with --only hushnote.

Usage (from the repo root):
  python3 benches/asr_compare.py                          # both engines, beams 1 and 5, 2 threads
  python3 benches/asr_compare.py --hushnote-args "--no-prompt"   # same, Hushnote without its prompt
  python3 benches/asr_compare.py --only hushnote          # Hushnote alone ("eval asr")
  python3 benches/asr_compare.py --only faster-whisper --beams 1 --fw-compute int8,float32
  python3 benches/asr_compare.py --json-out asr.json --hyps-dir /tmp/hyps --limit 5
Exit codes: 0 ok; 1 an engine or the scorer failed while running; 2 setup problem (missing binary,
model, data, scorer or Python package).

Internal: `asr_compare.py --worker-fw ...` is the faster-whisper child process (see worker_fw).
"""
# Pinned versions (keep in sync with benches/requirements-bench.txt):
#   faster-whisper==1.2.1, ctranslate2==4.8.5, jiwer==4.0.0, whisper-normalizer==0.1.15
import argparse
import csv
import importlib.util
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIP_HINT = ("pip install faster-whisper==1.2.1 jiwer==4.0.0 whisper-normalizer==0.1.15"
            "   (or: pip install -r benches/requirements-bench.txt)")
DEFAULT_DATA = REPO.parent / "shared" / "data" / "asr-dev"
DEFAULT_CT2 = REPO / "models" / ".cache" / "ct2" / "tiny.en"
DEFAULT_MODEL = REPO / "models" / "ggml-tiny.en-ct2.bin"
OTHER_CPU_WARN_PCT = 5.0  # warn when other processes used more than this share of the CPUs in a run


class SetupError(Exception):
    """Something the benchmark needs is missing: reported without a traceback, exit code 2."""


class RunError(Exception):
    """An engine or the scorer failed while running: reported without a traceback, exit code 1."""


# ----------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------

def proc_status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM), or None where there is no /proc."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def read_wav_f32(path):
    """16 kHz mono 16-bit PCM WAV -> float32 numpy array in [-1, 1] (stdlib wave + numpy).
    Anything else is handed to faster-whisper's own decoder (PyAV), which resamples."""
    import numpy as np
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000):
            pcm = w.readframes(w.getnframes())
            return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    from faster_whisper import decode_audio
    return decode_audio(str(path), sampling_rate=16000)


def wav_seconds(path):
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt_pct(x):
    return "nan" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.2f}"


def cpu_busy_s():
    """CPU seconds spent busy by the whole machine since boot (all CPUs), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = v[3] + v[4]  # idle + iowait
    return (sum(v) - idle) / os.sysconf("SC_CLK_TCK")


def run_child(cmd, env=None):
    """Runs one child to completion; returns (exit code, stdout, stderr, wall s, peak RSS kB,
    other-CPU %).

    os.wait4 gives the rusage of this child alone (RUSAGE_CHILDREN would be the max over every
    child so far). stdout/stderr go to temporary files, so no pipe can fill up and block.
    other-CPU % = CPU time the rest of the machine used while the child ran (machine busy time
    minus the child's own user+system time), as a share of all CPUs over the wall time: anything
    above a few % means another job competed with the benchmark and its timings are inflated."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy0 = cpu_busy_s()
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        except OSError as e:
            raise SetupError(f"cannot start {cmd[0]}: {e}")
        try:
            _, status, ru = os.wait4(p.pid, 0)
        except KeyboardInterrupt:
            p.kill()
            p.wait()
            raise
        wall = time.perf_counter() - t0
        busy1 = cpu_busy_s()
        other = None
        if busy0 is not None and busy1 is not None and wall > 0:
            own = ru.ru_utime + ru.ru_stime
            other = max(0.0, 100.0 * (busy1 - busy0 - own) / (wall * (os.cpu_count() or 1)))
        p.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), wall, ru.ru_maxrss, other)  # ru_maxrss: kB


def tail(text, n=15):
    lines = text.strip().splitlines()
    return "\n".join("    " + l for l in lines[-n:]) or "    (nothing)"


# ----------------------------------------------------------------------------------------------
# faster-whisper worker (child process): loads the model once, transcribes every listed clip,
# prints one JSON object on stdout.
# ----------------------------------------------------------------------------------------------

def worker_fw(argv):
    ap = argparse.ArgumentParser(prog="asr_compare.py --worker-fw")
    ap.add_argument("--ct2-dir", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--beam", type=int, required=True)
    ap.add_argument("--compute", required=True)
    ap.add_argument("--list", required=True, help="file with one WAV path per line")
    ap.add_argument("--extra", default="{}", help="JSON object of transcribe() overrides")
    a = ap.parse_args(argv)

    t = time.perf_counter()
    import inspect
    import ctranslate2
    import faster_whisper
    from faster_whisper import WhisperModel
    import_s = time.perf_counter() - t
    rss_after_import = proc_status_kb("VmRSS")

    supported = sorted(ctranslate2.get_supported_compute_types("cpu"))
    if a.compute not in supported and a.compute not in ("default", "auto"):
        print(json.dumps({"error": f"compute type {a.compute!r} is not supported on this CPU by "
                                   f"ctranslate2 {ctranslate2.__version__}; supported: {supported}"}))
        return 3

    # Effective transcribe() arguments: the library defaults, then our fairness settings,
    # then --fw-extra. Everything is recorded so the run can be reproduced exactly.
    sig = inspect.signature(WhisperModel.transcribe)
    kwargs = {k: p.default for k, p in sig.parameters.items()
              if k not in ("self", "audio") and p.default is not inspect.Parameter.empty}
    kwargs.update(language="en", task="transcribe", beam_size=a.beam, vad_filter=False,
                  without_timestamps=False)
    if a.beam == 1:
        kwargs["best_of"] = 1
    kwargs.update(json.loads(a.extra))

    model_kwargs = dict(device="cpu", compute_type=a.compute, cpu_threads=a.threads, num_workers=1,
                        local_files_only=True)
    t = time.perf_counter()
    model = WhisperModel(a.ct2_dir, **model_kwargs)
    load_s = time.perf_counter() - t
    rss_after_load = proc_status_kb("VmRSS")

    files = [l.rstrip("\n") for l in open(a.list, encoding="utf-8") if l.strip()]
    clips = []
    wall0 = time.perf_counter()
    for path in files:
        audio = read_wav_f32(path)  # outside the timed section (the engine's work starts below)
        t = time.perf_counter()
        segments, info = model.transcribe(audio, **kwargs)
        segs = list(segments)       # the generator does the decoding: consume it inside the timing
        dt = time.perf_counter() - t
        text = "".join(s.text for s in segs).strip()
        clips.append({"file": path, "text": text, "decode_s": dt, "audio_s": len(audio) / 16000.0,
                      "segments": [{"start": s.start, "end": s.end, "text": s.text} for s in segs]})
    wall = time.perf_counter() - wall0

    print(json.dumps({
        "import_s": import_s, "load_s": load_s,
        "decode_s": sum(c["decode_s"] for c in clips), "decode_wall_s": wall,
        "rss_after_import_kb": rss_after_import, "rss_after_load_kb": rss_after_load,
        "vmhwm_kb": proc_status_kb("VmHWM"),
        "versions": {"faster-whisper": faster_whisper.__version__, "ctranslate2": ctranslate2.__version__},
        "model_kwargs": model_kwargs, "transcribe_kwargs": kwargs, "supported_compute_types": supported,
        "clips": clips}, default=str))
    return 0


# ----------------------------------------------------------------------------------------------
# Parent: set-up checks, running each engine, scoring, reporting
# ----------------------------------------------------------------------------------------------

def default_hushnote():
    """$CARGO_TARGET_DIR/release/hushnote, else /var/tmp/hushnote-target/..., else ./target/..."""
    cands = []
    if os.environ.get("CARGO_TARGET_DIR"):
        cands.append(Path(os.environ["CARGO_TARGET_DIR"]) / "release" / "hushnote")
    cands += [Path("/var/tmp/hushnote-target/release/hushnote"), REPO / "target" / "release" / "hushnote"]
    for c in cands:
        if c.is_file():
            return c
    return cands[0]


def load_clips(data_dir, limit):
    manifest = data_dir / "manifest.tsv"
    if not data_dir.is_dir():
        raise SetupError(f"data directory {data_dir} does not exist (pass --data DIR)")
    if not manifest.is_file():
        raise SetupError(f"{manifest} does not exist (pass --data DIR with a manifest.tsv)")
    clips = []
    with open(manifest, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            wav = data_dir / r["wav16k"]
            if not wav.is_file():
                raise SetupError(f"clip {r['source']}/{r['id']}: {wav} is missing")
            clips.append({"source": r["source"], "id": r["id"], "wav": str(wav), "audio_s": wav_seconds(wav)})
    if not clips:
        raise SetupError(f"{manifest} lists no clips")
    return manifest, clips[:limit] if limit else clips


def check_setup(a):
    """Everything that can be missing is checked before any engine runs (exit code 2)."""
    for mod, pkg in (("jiwer", "jiwer"), ("whisper_normalizer", "whisper-normalizer")):
        if importlib.util.find_spec(mod) is None:
            raise SetupError(f"Python package {pkg} (needed by the WER scorer) is not installed.\n"
                             f"  Install the benchmark requirements: {PIP_HINT}")
    if not a.wer_script.is_file():
        raise SetupError(f"WER scorer {a.wer_script} does not exist (pass --wer-script)")
    if a.only in (None, "hushnote"):
        if not a.hushnote.is_file():
            raise SetupError(f"hushnote binary {a.hushnote} does not exist; build it "
                             "(cargo build --release) or pass --hushnote PATH")
        if not os.access(a.hushnote, os.X_OK):
            raise SetupError(f"hushnote binary {a.hushnote} is not executable")
        looks_like_path = os.sep in a.model or a.model.endswith(".bin")
        if looks_like_path and not Path(a.model).is_file():
            raise SetupError(f"Hushnote model {a.model} does not exist; fetch it with "
                             "`python3 models/fetch.py` or pass --model")
    if a.only in (None, "faster-whisper"):
        if importlib.util.find_spec("faster_whisper") is None:
            raise SetupError(f"Python package faster-whisper is not installed.\n"
                             f"  Install the benchmark requirements: {PIP_HINT}")
        d = a.ct2_dir
        if not d.is_dir():
            raise SetupError(f"CTranslate2 model directory {d} does not exist; `python3 models/fetch.py` "
                             "extracts it to models/.cache/ct2/tiny.en, or pass --ct2-dir")
        for f in ("model.bin", "config.json"):
            if not (d / f).is_file():
                hint = " (it holds split model.bin.part* files: join them first)" \
                    if list(d.glob("model.bin.part*")) else ""
                raise SetupError(f"CTranslate2 model directory {d} has no {f}{hint}")
        if not ((d / "tokenizer.json").is_file()):
            raise SetupError(f"CTranslate2 model directory {d} has no tokenizer.json "
                             "(faster-whisper would try to download one from a model hub)")


def child_env(threads):
    # Same OpenMP thread cap for both engines (ctranslate2 and ggml may both use OpenMP);
    # each engine is also given its thread count explicitly.
    env = os.environ.copy()
    env["OMP_NUM_THREADS"] = str(threads)
    return env


def run_hushnote(a, clips, beam):
    cmd = [str(a.hushnote), "transcribe", "--json", "--model", a.model, "--threads", str(a.threads),
           "--beam", str(beam)] + shlex.split(a.hushnote_args) + [c["wav"] for c in clips]
    code, out, err, wall, rss_kb, other = run_child(cmd, child_env(a.threads))
    if code != 0:
        raise RunError(f"hushnote exited with code {code}: {shlex.join(cmd[:11])} ...\n  stderr:\n{tail(err)}")
    recs = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise RunError(f"hushnote printed a line that is not JSON ({e}): {line[:200]}")
    by_file = {r.get("file"): r for r in recs}
    by_name = {Path(str(r.get("file"))).name: r for r in recs}
    texts, per_clip = {}, []
    for i, c in enumerate(clips):
        r = by_file.get(c["wav"]) or by_name.get(Path(c["wav"]).name) or \
            (recs[i] if len(recs) == len(clips) else None)
        if r is None:
            raise RunError(f"hushnote printed no result for {c['wav']} ({len(recs)} results for "
                           f"{len(clips)} files)\n  stderr:\n{tail(err)}")
        texts[(c["source"], c["id"])] = r.get("text", "")
        per_clip.append({"source": c["source"], "id": c["id"], "decode_s": r.get("decode_s"),
                         "audio_s": r.get("audio_s"), "text": r.get("text", "")})
    decode_s = sum(float(r.get("decode_s") or 0.0) for r in per_clip)
    loads = [r["load_s"] for r in recs if isinstance(r.get("load_s"), (int, float))]
    first = recs[0] if recs else {}
    return {
        "engine": "hushnote", "label": "hushnote", "beam": beam, "threads": a.threads,
        "decode_s": decode_s, "wall_s": wall,
        "load_s": loads[0] if loads else max(0.0, wall - decode_s), "load_s_measured": bool(loads),
        "peak_rss_mb": rss_kb * 1024 / 1e6,
        "command": shlex.join(cmd[:cmd.index(clips[0]["wav"])]) + f" <{len(clips)} WAV files>",
        "model": first.get("model"), "model_sha256": first.get("model_sha256"),
        "reported_threads": first.get("threads"),
        "reported_audio_s": sum(float(r.get("audio_s") or 0.0) for r in per_clip),
        "other_cpu_pct": other, "texts": texts, "per_clip": per_clip,
    }


def run_fw(a, clips, beam, compute, listfile):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker-fw", "--ct2-dir", str(a.ct2_dir),
           "--threads", str(a.threads), "--beam", str(beam), "--compute", compute,
           "--list", listfile, "--extra", a.fw_extra]
    code, out, err, wall, rss_kb, other = run_child(cmd, child_env(a.threads))
    res = None
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            res = json.loads(line)
            break
    if res and "error" in res:
        raise SetupError(f"faster-whisper: {res['error']}")
    if code != 0 or res is None:
        raise RunError(f"the faster-whisper worker exited with code {code}\n  stderr:\n{tail(err)}")
    texts, per_clip = {}, []
    for c, r in zip(clips, res["clips"]):
        texts[(c["source"], c["id"])] = r["text"]
        per_clip.append({"source": c["source"], "id": c["id"], "decode_s": r["decode_s"],
                         "audio_s": r["audio_s"], "text": r["text"]})
    return {
        "engine": "faster-whisper", "label": f"faster-whisper/{compute}", "compute_type": compute,
        "beam": beam, "threads": a.threads, "decode_s": res["decode_s"], "decode_wall_s": res["decode_wall_s"],
        "wall_s": wall, "load_s": res["load_s"], "load_s_measured": True, "import_s": res["import_s"],
        "peak_rss_mb": rss_kb * 1024 / 1e6,
        "rss_after_import_mb": (res["rss_after_import_kb"] or 0) * 1024 / 1e6,
        "rss_after_load_mb": (res["rss_after_load_kb"] or 0) * 1024 / 1e6,
        "versions": res["versions"], "model_dir": str(a.ct2_dir), "model_kwargs": res["model_kwargs"],
        "transcribe_kwargs": res["transcribe_kwargs"], "other_cpu_pct": other,
        "texts": texts, "per_clip": per_clip,
    }


def score(a, manifest, clips, run, hyps_dir):
    """Writes the hypothesis TSV and runs wer.py --json on it."""
    name = f"{run['label'].replace('/', '-')}_beam{run['beam']}_t{run['threads']}.tsv"
    path = Path(hyps_dir) / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("source\tid\thypothesis\n")
        for c in clips:
            text = " ".join(run["texts"][(c["source"], c["id"])].split())  # no tabs/newlines
            f.write(f"{c['source']}\t{c['id']}\t{text}\n")
    cmd = [sys.executable, str(a.wer_script), str(path), "--manifest", str(manifest), "--json"]
    if a.limit:
        cmd.append("--subset")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RunError(f"the WER scorer failed (exit {p.returncode}): {shlex.join(cmd)}\n{tail(p.stderr)}")
    try:
        return json.loads(p.stdout), str(path)
    except json.JSONDecodeError:
        raise RunError(f"the WER scorer printed no JSON: {shlex.join(cmd)}\n{tail(p.stdout)}")


def report(meta, runs, ratios):
    """The human-readable tables on stdout."""
    print()
    print(f"{'engine':<26} {'beam':>4} {'WER%':>7} {'decode_s':>9} {'RTF':>7} {'xRT':>7} "
          f"{'peakRSS_MB':>10} {'load_s':>7} {'otherCPU%':>9}")
    for r in runs:
        load = ("" if r["load_s_measured"] else "~") + f"{r['load_s']:.2f}"
        print(f"{r['label']:<26} {r['beam']:>4} {fmt_pct(r['wer']['overall']['wer']):>7} "
              f"{r['decode_s']:>9.2f} {r['rtf']:>7.4f} {r['xrt']:>7.1f} {r['peak_rss_mb']:>10.1f} {load:>7} "
              f"{'?' if r['other_cpu_pct'] is None else format(r['other_cpu_pct'], '.1f'):>9}")

    # WER per source group (wer.py "groups") when the scorer defines them, and per source.
    first = runs[0]["wer"]
    cols = [("overall", None)] + [(f"[{g}]", ("groups", g)) for g in first.get("groups", {})] + \
           [(s, ("per_source", s)) for s in first.get("per_source", {})]
    print()
    print("WER% by source (errors / reference words):")
    w = max(12, *(len(c[0]) for c in cols))
    print(f"{'engine':<26} {'beam':>4} " + " ".join(f"{c[0]:>{w}}" for c in cols))
    for r in runs:
        cells = []
        for _, key in cols:
            v = r["wer"]["overall"] if key is None else r["wer"].get(key[0], {}).get(key[1])
            cells.append("-" if v is None else f"{fmt_pct(v['wer'])} ({v['errors']}/{v['ref_words']})")
        print(f"{r['label']:<26} {r['beam']:>4} " + " ".join(f"{c:>{w}}" for c in cells))
    print(f"{'(audio s, clips)':<31} " + " ".join(
        f"{'%.1f s, %d' % (v['audio_s'], v['clips']) if v else '-':>{w}}"
        for v in [first["overall"]] + [first[k[0]][k[1]] for _, k in cols[1:]]))

    if ratios:
        print()
        print("Hushnote vs faster-whisper (speed = fw_RTF / hn_RTF, >1: Hushnote faster; "
              "memory = hn_RSS / fw_RSS; WER diff = hn - fw, percentage points):")
        for q in ratios:
            print(f"  beam {q['beam']}, vs {q['vs']:<24} speed {q['speed_ratio']:.2f}x   "
                  f"memory {q['memory_ratio']:.2f}x   load {q['load_ratio']:.2f}x   "
                  f"WER diff {q['wer_diff_pp']:+.2f} pp")

    print()
    for r in runs:
        if r["engine"] == "hushnote":
            print(f"hushnote beam {r['beam']}: {r['command']}")
            print(f"  model {r['model']} sha256 {r['model_sha256']}, threads reported {r['reported_threads']}"
                  + ("" if r["load_s_measured"] else "; ~load_s = process wall - decode_s"))
        else:
            mk = {k: v for k, v in r["model_kwargs"].items()}
            print(f"{r['label']} beam {r['beam']}: faster-whisper {r['versions']['faster-whisper']}, "
                  f"ctranslate2 {r['versions']['ctranslate2']}; WhisperModel({r['model_dir']!r}, "
                  + ", ".join(f"{k}={v!r}" for k, v in mk.items()) + ")")
            print(f"  transcribe(audio, " + ", ".join(f"{k}={v!r}" for k, v in r["transcribe_kwargs"].items()) + ")")
            print(f"  RSS after imports {r['rss_after_import_mb']:.1f} MB, after model load "
                  f"{r['rss_after_load_mb']:.1f} MB, peak {r['peak_rss_mb']:.1f} MB; import {r['import_s']:.2f} s")
    busy = [r for r in runs if (r["other_cpu_pct"] or 0) > OTHER_CPU_WARN_PCT]
    if busy:
        which = ", ".join(f"{r['label']} beam {r['beam']}" for r in busy)
        print(f"\nWARNING: other processes used up to {max(r['other_cpu_pct'] for r in busy):.0f}% of the "
              f"machine's CPU during {which}: those timings are inflated; re-run on an idle machine "
              "for final figures.")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog=__doc__[__doc__.index("What is measured"):],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="clip directory with manifest.tsv "
                    "(default: ../shared/data/asr-dev from the repo root)")
    ap.add_argument("--wer-script", type=Path, help="the scorer (default: DATA/../../eval/wer.py)")
    ap.add_argument("--only", choices=("hushnote", "faster-whisper"), help="run one engine only")
    ap.add_argument("--threads", type=int, default=2, help="threads for each engine (default 2)")
    ap.add_argument("--beams", default="1,5", help="comma-separated beam sizes; 1 = greedy (default 1,5)")
    ap.add_argument("--hushnote", type=Path, default=default_hushnote(),
                    help="hushnote binary (default: $CARGO_TARGET_DIR/release/hushnote or "
                         "/var/tmp/hushnote-target/release/hushnote)")
    ap.add_argument("--model", default=str(DEFAULT_MODEL),
                    help="model for `hushnote transcribe --model` (default: models/ggml-tiny.en-ct2.bin)")
    ap.add_argument("--hushnote-args", default="", help='extra hushnote flags, e.g. "--no-prompt"')
    ap.add_argument("--ct2-dir", type=Path, default=DEFAULT_CT2,
                    help="CTranslate2 tiny.en directory for faster-whisper (default: models/.cache/ct2/tiny.en)")
    ap.add_argument("--fw-compute", default="int8",
                    help="faster-whisper compute type(s), comma-separated: int8, int8_float32, float32, ... "
                         "(default int8)")
    ap.add_argument("--fw-extra", default="{}", metavar="JSON",
                    help='faster-whisper transcribe() overrides, e.g. \'{"temperature": 0.0}\'')
    ap.add_argument("--limit", type=int, default=0, help="only the first N clips (scored with --subset)")
    ap.add_argument("--json-out", type=Path, help="write every figure (and per-clip texts/times) here")
    ap.add_argument("--hyps-dir", type=Path, help="keep the hypothesis TSVs here")
    # "--hushnote-args --no-prompt" would make argparse read "--no-prompt" as an option of ours:
    # glue the value that follows these two options on with "=".
    argv = list(sys.argv[1:] if argv is None else argv)
    for i in range(len(argv) - 2, -1, -1):
        if argv[i] in ("--hushnote-args", "--fw-extra"):
            argv[i:i + 2] = [f"{argv[i]}={argv[i + 1]}"]
    a = ap.parse_args(argv)

    try:
        beams = [int(b) for b in a.beams.split(",") if b.strip()]
        computes = [c.strip() for c in a.fw_compute.split(",") if c.strip()]
        extra = json.loads(a.fw_extra)
        if not isinstance(extra, dict):
            raise ValueError("--fw-extra must be a JSON object")
    except ValueError as e:
        raise SetupError(f"bad option value: {e}")
    if not beams or min(beams) < 1 or a.threads < 1:
        raise SetupError("--beams needs sizes >= 1 and --threads >= 1")
    a.data = a.data.resolve()
    a.wer_script = (a.wer_script or a.data.parent.parent / "eval" / "wer.py").resolve()
    a.ct2_dir = a.ct2_dir.resolve()
    if os.sep in a.model or a.model.endswith(".bin"):
        a.model = str(Path(a.model).resolve())
    manifest, clips = load_clips(a.data, a.limit)
    check_setup(a)

    audio_s = sum(c["audio_s"] for c in clips)
    meta = {
        "cpu": cpu_model(), "logical_cpus": os.cpu_count(),
        "affinity_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "threads": a.threads, "loadavg_start": os.getloadavg()[0], "python": platform.python_version(),
        "platform": platform.platform(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "data": str(a.data), "manifest": str(manifest), "clips": len(clips), "audio_s": audio_s,
        "wer_script": str(a.wer_script), "beams": beams,
    }
    try:
        meta["git_commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                                            text=True).stdout.strip() or None
    except OSError:
        meta["git_commit"] = None
    print(f"CPU: {meta['cpu']} ({meta['logical_cpus']} logical CPUs, {meta['affinity_cpus']} usable); "
          f"threads per engine: {a.threads}; 1-min load average at start: {meta['loadavg_start']:.2f}")
    print(f"Clips: {len(clips)} from {manifest} ({audio_s:.1f} s of audio); beams: {beams}"
          + ("; greedy = beam 1" if 1 in beams else ""))

    tmp = tempfile.TemporaryDirectory(prefix="asr_compare_")
    hyps_dir = a.hyps_dir or Path(tmp.name)
    Path(hyps_dir).mkdir(parents=True, exist_ok=True)
    listfile = os.path.join(tmp.name, "wavs.txt")
    with open(listfile, "w", encoding="utf-8") as f:
        f.write("".join(c["wav"] + "\n" for c in clips))

    # Each configuration is its own child process, run one at a time.
    runs = []
    for beam in beams:
        plan = []
        if a.only in (None, "hushnote"):
            plan.append(("hushnote", None))
        if a.only in (None, "faster-whisper"):
            plan += [("faster-whisper", c) for c in computes]
        for engine, compute in plan:
            label = engine if compute is None else f"{engine}/{compute}"
            print(f"running {label}, beam {beam} ...", file=sys.stderr, flush=True)
            r = run_hushnote(a, clips, beam) if engine == "hushnote" else run_fw(a, clips, beam, compute, listfile)
            r["audio_s"] = audio_s
            r["rtf"] = r["decode_s"] / audio_s
            r["xrt"] = audio_s / r["decode_s"] if r["decode_s"] > 0 else float("inf")
            r["wer"], r["hyps_tsv"] = score(a, manifest, clips, r, hyps_dir)
            if not a.hyps_dir:
                r["hyps_tsv"] = None  # written to a temporary directory, removed at the end
            runs.append(r)
            print(f"  WER {fmt_pct(r['wer']['overall']['wer'])}%  RTF {r['rtf']:.4f}  "
                  f"peak RSS {r['peak_rss_mb']:.1f} MB  load {r['load_s']:.2f} s", file=sys.stderr, flush=True)

    ratios = []
    for hn in (r for r in runs if r["engine"] == "hushnote"):
        for fw in (r for r in runs if r["engine"] == "faster-whisper" and r["beam"] == hn["beam"]):
            ratios.append({
                "beam": hn["beam"], "vs": fw["label"],
                "speed_ratio": fw["rtf"] / hn["rtf"] if hn["rtf"] > 0 else float("inf"),
                "memory_ratio": hn["peak_rss_mb"] / fw["peak_rss_mb"],
                "load_ratio": hn["load_s"] / fw["load_s"] if fw["load_s"] > 0 else float("inf"),
                "wer_diff_pp": 100 * (hn["wer"]["overall"]["wer"] - fw["wer"]["overall"]["wer"]),
            })

    report(meta, runs, ratios)
    if a.hyps_dir:
        print(f"\nhypotheses kept in {a.hyps_dir}")
    if a.json_out:
        out = {"meta": meta, "runs": [{k: v for k, v in r.items() if k != "texts"} for r in runs],
               "ratios": ratios}
        a.json_out.parent.mkdir(parents=True, exist_ok=True)
        a.json_out.write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"figures written to {a.json_out}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker-fw":
        sys.exit(worker_fw(sys.argv[2:]))
    try:
        sys.exit(main())
    except SetupError as e:
        print(f"asr_compare: {e}", file=sys.stderr)
        sys.exit(2)
    except RunError as e:
        print(f"asr_compare: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("asr_compare: interrupted", file=sys.stderr)
        sys.exit(130)
