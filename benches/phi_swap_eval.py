#!/usr/bin/env python3
"""Surrogate-swap evaluation: how well the PHI tagger carries over to PHI it has never seen.

The dev corpus has 660 PHI spans; a held-out set has other patients, other names, other dates.
This script rewrites every gold NAME and DATE span of the PhysioNet dev notes with a fresh
surrogate (the context stays), re-tags, and prints overlap recall per type and precision, as-is
and lower-cased, for several random seeds. Three name pools:

  census    given names and surnames drawn from the Census/SSA tables (weighted by the square
            root of their counts, so rare names come up often), as a surrogate generator would;
  common    only names that are also everyday English words ("Rose", "Young", "Hill", "Will"):
            the hardest case for precision-minded name rules;
  invented  pronounceable strings in no lexicon at all: recall from context alone.

Dates keep their format ("7/22" -> "11/3", "Jan 3rd" -> "Oct 28th"). The proper words of place
names ("Calvert", "Quartermain" of "Quartermain Hospital") become a US town name (census, common)
or an invented word, the same one for the same place throughout a note; generic words
("Hospital", "Holy Cross", "St.") and acronyms are kept, as is every other span.

Usage: python3 benches/phi_swap_eval.py [--seeds 3] [--pools census,common,invented] [--show N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NAME_TYPES = {"HCPName", "PTName", "RelativeProxyName", "PATIENT_FIRST", "PATIENT_LAST", "DOCTOR"}
# The role of a one-word name span, where the corpus says it.
ROLE = {"PATIENT_FIRST": "first", "PATIENT_LAST": "last", "DOCTOR": "last"}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]


def table(path):
    out = {}
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0]:
            out[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].strip().isdigit() else 1
    return out


class Pools:
    def __init__(self):
        d = REPO / "crates" / "phi" / "data"
        self.first = table(d / "first_names.txt")
        self.last = table(d / "surnames.txt")
        english = table(d / "english_words.txt")
        known = set(self.first) | set(self.last) | set(english)
        for f in ("allow_common_words.txt", "allow_drugs.txt", "allow_eponyms.txt", "allow_abbrev.txt"):
            known |= set(table(d / f))
        self.known = known
        places = table(d / "us_places.txt")
        town = [p for p in places if p.isalpha() and places[p] >= 1000]
        self.towns = (town, [places[p] ** 0.5 for p in town])
        # Names of at least 3 letters that are also common English words (SCOWL size <= 35).
        everyday = {w for w, size in english.items() if size <= 35 and len(w) >= 3 and w.isalpha()}

        def weighted(names, only=None):
            keys = [n for n in names if n.isalpha() and len(n) >= 2 and (only is None or n in only)]
            return keys, [names[k] ** 0.5 for k in keys]
        self.census = {"first": weighted(self.first), "last": weighted(self.last)}
        self.common = {"first": weighted(self.first, everyday), "last": weighted(self.last, everyday)}

    def invented(self, rng):
        onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr",
                  "kr", "st", "tr", "ch", "sh"]
        vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ei"]
        codas = ["", "", "n", "r", "l", "s", "k", "nd", "rt"]
        while True:
            w = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice([1, 2, 2, 3])))
            w += rng.choice(codas)
            if w not in self.known and len(w) >= 4:
                return w

    def name(self, rng, pool, role):
        if pool == "invented":
            return self.invented(rng)
        keys, weights = getattr(self, pool)[role]
        return rng.choices(keys, weights)[0]


# Words of facility names that stay when a place is swapped.
GENERIC_PLACE = {"hospital", "hosp", "medical", "center", "centre", "university", "univ", "memorial", "general", "st",
                 "saint", "of", "the", "regional", "union", "holy", "cross", "sacred", "heart", "north", "south", "east",
                 "west", "county", "mount", "mt", "sinai", "square", "harbor", "rehab", "nursing", "home", "san", "mary",
                 "maryland", "uof", "baltimore"}


def swap_place(text, rng, pools, pool, seen):
    if text.lower().strip(".") in GENERIC_PLACE or len(text) <= 3 or not text.replace("-", "").isalpha():
        return text
    key = "place:" + text.lower()
    if key not in seen:
        seen[key] = pools.invented(rng) if pool == "invented" else rng.choices(*pools.towns)[0]
    return like(text, seen[key])


def like(template, word):
    """`word` in the letter case of `template`."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word.capitalize()
    return word.lower()


def swap_name(text, kind, rng, pools, pool, seen):
    """Replaces each word of a name (not initials) with a surrogate of the same role; the same
    word gets the same surrogate throughout a document (`seen`), as names repeat."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'\-]+", text))
    out, pos = [], 0
    for n, m in enumerate(words):
        w = m.group()
        low = w.lower()
        # A lone word is a given name when the tables say it is rather one than a surname.
        if len(words) == 1:
            role = ROLE.get(kind) or ("first" if pools.first.get(low, 0) > pools.last.get(low, 0) else "last")
        else:
            role = "first" if n < len(words) - 1 else "last"
        if low not in seen:
            seen[low] = pools.name(rng, pool, role)
        out.append(text[pos:m.start()])
        out.append(like(w, seen[low]))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def swap_date(text, rng):
    m = re.fullmatch(r"(\d{1,2})([/\-.])(\d{1,2})((?:[/\-.])\d{2,4})?", text)
    if m:
        return f"{rng.randint(1, 12)}{m.group(2)}{rng.randint(1, 28)}{m.group(4) or ''}"

    def month(mm):
        w = mm.group()
        new = rng.choice(MONTHS)
        if len(w) <= 4 and w.lower()[:3] in (x[:3] for x in MONTHS) and w.lower() not in MONTHS:
            new = new[:3]
        return like(w, new)
    swapped = re.sub(r"(?i)\b(?:" + "|".join(m + "|" + m[:3] for m in MONTHS) + r")\b", month, text)
    if swapped == text:
        return text  # no month date ("'92", "1/5/6/10"): kept as it is
    text = swapped

    def day(dm):
        d = rng.randint(1, 28)
        suffix = dm.group(2) or ""
        if suffix:
            suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
            suffix = suffix.upper() if dm.group(2).isupper() else suffix
        return f"{d}{suffix}"
    return re.sub(r"\b(\d{1,2})(st|nd|rd|th|ST|ND|RD|TH)?\b", day, text)


def swapped(doc, rng, pools, pool):
    text, spans, pos, out = doc["text"], sorted(doc["spans"], key=lambda s: s["start"]), 0, []
    new_spans, new_text, seen = [], [], {}
    at = 0
    for s in spans:
        if s["start"] < pos:
            continue
        new_text.append(text[pos:s["start"]])
        at += s["start"] - pos
        orig = text[s["start"]:s["end"]]
        if s["type"] in NAME_TYPES:
            rep = swap_name(orig, s["type"], rng, pools, pool, seen)
        elif s["type"] == "Date":
            rep = swap_date(orig, rng)
        elif s["type"] == "Location":
            rep = swap_place(orig, rng, pools, pool, seen)
        else:
            rep = orig
        new_text.append(rep)
        new_spans.append(dict(s, start=at, end=at + len(rep), text=rep))
        at += len(rep)
        pos = s["end"]
    new_text.append(text[pos:])
    return dict(doc, text="".join(new_text), spans=new_spans)


def tag(binary, docs, tmp):
    inp, pred = tmp / "in.jsonl", tmp / "pred.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
    subprocess.run([binary, "phi", "tag", "--in", str(inp), "--out", str(pred)], check=True)
    return {p["id"]: p["spans"] for p in map(json.loads, pred.open(encoding="utf-8"))}


def score(docs, preds):
    """Overlap recall per type and overall precision (as ../shared/eval/score_spans.py counts)."""
    per, misses, fp, npred = {}, [], 0, 0
    for d in docs:
        ps = preds.get(d["id"], [])
        for g in d["spans"]:
            hit = any(p["start"] <= g["end"] and g["start"] <= p["end"] for p in ps)
            t = per.setdefault(g["type"], [0, 0])
            t[0] += hit
            t[1] += 1
            if not hit:
                misses.append((d, g))
        for p in ps:
            npred += 1
            fp += not any(p["start"] <= g["end"] and g["start"] <= p["end"] for g in d["spans"])
    return per, misses, (npred - fp) / max(npred, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    dev = REPO.parent / "shared" / "data" / "phi-dev"
    ap.add_argument("--data", default=f"{dev / 'physionet-deid-dev.jsonl'},{dev / 'aci-bench-dev-silver-names.jsonl'}",
                    help="comma-separated JSONL files (the ACI file is scored for name recall only)")
    target = os.environ.get("CARGO_TARGET_DIR") or str(REPO / "target")
    ap.add_argument("--hushnote", default=str(Path(target) / "release" / "hushnote"))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--pools", default="census,common,invented")
    ap.add_argument("--show", type=int, default=0, help="print this many missed spans with context")
    args = ap.parse_args()
    for need in [args.hushnote, *args.data.split(",")]:
        if not Path(need).exists():
            sys.exit(f"phi_swap_eval: {need} not found")
    pools, tmp = Pools(), Path(tempfile.mkdtemp())
    for path in args.data.split(","):
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        print(f"=== {Path(path).name}")
        evaluate(args, docs, pools, tmp)


def evaluate(args, docs, pools, tmp):
    for pool in args.pools.split(","):
        for case in ("as-is", "lowercased"):
            per, precs, shown = {}, [], 0
            for seed in range(args.seeds):
                rng = random.Random(f"{pool}-{seed}")
                vdocs = [swapped(d, rng, pools, pool) for d in docs]
                if case == "lowercased":
                    vdocs = [dict(d, text=d["text"].lower()) for d in vdocs]
                p, misses, prec = score(vdocs, tag(args.hushnote, vdocs, tmp))
                precs.append(prec)
                for t, (hit, n) in p.items():
                    acc = per.setdefault(t, [0, 0])
                    acc[0] += hit
                    acc[1] += n
                for d, g in misses:
                    if shown < args.show:
                        shown += 1
                        ctx = d["text"][max(0, g["start"] - 40):g["end"] + 30].replace("\n", " ")
                        print(f"  miss {g['type']:<17} {g['text']!r:<24} …{ctx}…")
            hit = sum(a[0] for a in per.values())
            n = sum(a[1] for a in per.values())
            names = [per.get(t, [0, 0]) for t in NAME_TYPES]
            nh, nn = sum(a[0] for a in names), sum(a[1] for a in names)
            dh, dn = per.get("Date", [0, 0])
            lh, ln = per.get("Location", [0, 0])
            def part(label, h, k):
                return f"  {label} {h / k:.4f} ({k - h} missed)" if k else ""
            print(f"{pool:<9} {case:<10} recall {hit / n:.4f}{part('names', nh, nn)}{part('dates', dh, dn)}{part('places', lh, ln)}  precision {sum(precs) / len(precs):.4f}"
                  f"  [{args.seeds} seeds]")


if __name__ == "__main__":
    main()
