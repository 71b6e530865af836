#!/usr/bin/env python3
"""Frame probes: how the PHI tagger does on the sentences dictation and nursing notes are made of.

The dev corpora label names only in the words their patients happened to have, and the dialogue
set labels no date of birth, record number or phone number at all. This script writes its own
test sentences and prints recall per frame:

  dialogue  lower-case doctor-patient turns ("[doctor] amber , can you lie back for me ?",
            "i'm doctor {surname}", "yeah , {given} , my sister , helps me");
  nursing   lower-case nursing-note shorthand ("md {surname} paged x2", "dtr {given} called");
  ids       dictated dates of birth, record numbers and phone numbers, written and spoken, with
            fillers and answers in the next turn; each must be covered by a span.

Names fill the frames from two pools drawn from the repo's lexicons (crates/phi/data): `census` (given
names and surnames by the square root of their counts, as phi_swap_eval.py does) and `word`
(only names that are also everyday English words, "hill", "mark", "dawn": the hard case in lower
case). A frame's name spans are the gold; a name counts as found when a span overlaps it.

Usage: python3 benches/phi_frames.py [--hushnote PATH] [--n 15] [--seed 1] [--show N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DIALOGUE = [
    "[patient_guest] hi , i'm her husband , {F} .",
    "[doctor] and who is this with you today ? [patient] this is my daughter , {F} .",
    "[patient] my wife {F} is here with me .",
    "[doctor] it was nice to meet you , {F} .",
    "[doctor] so mrs. {L} , how have you been ?",
    "[doctor] okay , mr. {L} , let's take a look .",
    "[doctor] {F} , can you lie back for me ?",
    "[patient] my son {F} drove me here today .",
    "[doctor] hello , {F} {L} ? i'm doctor {M} .",
    "[doctor] next patient is {F} {L} . she is a 52-year-old female .",
    "[doctor] patient is {F} {L} , date of birth 3/4/1961 .",
    "[doctor] {F} {L} is a 67-year-old male here for follow-up .",
    "[doctor] hey {F} , good to see you .",
    "[doctor] this is doctor {L} dictating on {F} {M} .",
    "[doctor] i'll have doctor {L} call you .",
    "[doctor] good morning , i'm doctor {L} . nice to meet you .",
    "[doctor] she was referred by dr. {L} .",
    "[doctor] good morning , {F} . how are you feeling ?",
    "[patient] yeah , {F} , my sister , helps me .",
    "[doctor] hi {F} how are you [patient] i'm good",
]
NURSING = [
    "dr. {L} aware of bp 85/40.",
    "pt's wife {F} called for update.",
    "son {F} visited this evening, updated on plan.",
    "discussed with dr {L}, plan to diurese.",
    "family meeting held with daughter {F} and son {G}.",
    "{F} from case management following.",
    "per dr {L} hold lasix tonight.",
    "ho {L} notified of k 3.1, repleted.",
    "ortho (dr. {L}) in to see pt.",
    "hcp is daughter {F} {L}, phone 410-555-1212.",
    "pt's husband {F} at bedside most of shift.",
    "dtr {F} called twice overnight.",
    "md {L} paged x2, no callback.",
    "pt seen by dr. {F} {L} from cardiology.",
    "spoke with pt's son {F} re: code status.",
    "mrs {L} c/o pain 6/10.",
]
# (sentence, the identifier a span must cover)
IDS = [
    ("patient is a 54 year old male date of birth march third nineteen fifty four", "march third"),
    ("his date of birth is the third of march nineteen fifty four", "third of march"),
    ("birthday is three three fifty four", "three three fifty four"),
    ("dob is oh three oh three nineteen fifty four", "oh three oh three"),
    ("date of birth is january 1st , 2001 .", "january 1st"),
    ("Date of birth: 12/25/45. Age 78.", "12/25/45"),
    ("Birthdate: 1960-04-05", "1960-04-05"),
    ("[doctor] can you confirm your date of birth ? [patient] yes , it's ten twelve seventy", "ten twelve seventy"),
    ("[doctor] date of birth ? [patient] three three fifty four", "three three fifty four"),
    ("[doctor] what's your date of birth [patient] uh it's march uh third nineteen fifty four", "march uh third"),
    ("medical record number is zero zero four five three two one", "zero zero four five three two one"),
    ("m r n is 4 5 6 7 8 9 0", "4 5 6 7 8 9 0"),
    ("her medical record number is double four five six seven eight", "double four five six seven eight"),
    ("Name: Brown, Mary. MRN#: 4455667.", "4455667"),
    ("[doctor] next patient is sophia jackson , mrnr472348 . she's 57", "r472348"),
    ("[doctor] and your mrn ? [patient] uh one two three four five six seven", "one two three four five six seven"),
    ("mr number 4455667", "4455667"),
    ("The MRN is H4455667.", "H4455667"),
    ("phone number is five five five one two one two", "five five five one two one two"),
    ("call her at six one seven five five five one two one two", "six one seven five five five one two one two"),
    ("my cell is six one seven , five five five , one two one two", "six one seven , five five five"),
    ("callback number six one seven five five five twelve twelve", "twelve twelve"),
    ("telephone number is triple five one two one two", "triple five one two one two"),
    ("[doctor] phone number ? [patient] uh eight five seven uh three three two uh four four one one", "four four one one"),
    ("[patient] it's um six one seven um five five five um one two one two", "one two one two"),
    ("Patient's phone number is (617) 555-1212.", "(617) 555-1212"),
    ("Her home phone is 555 1212 and work is 555 1313.", "555 1313"),
    ("Contact number: +1 617 555 1212.", "+1 617 555 1212"),
]


def table(path):
    out = {}
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].isalpha():
            out[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].strip().isdigit() else 1
    return out


class Pools:
    def __init__(self):
        d = REPO / "crates" / "phi" / "data"
        first, last = table(d / "first_names.txt"), table(d / "surnames.txt")
        english = table(d / "english_words.txt")
        everyday = {w for w, size in english.items() if size <= 35 and len(w) >= 3}

        def weighted(names, only=None):
            keys = [n for n in names if len(n) >= 2 and (only is None or n in only)]
            return keys, [names[k] ** 0.5 for k in keys]
        self.pools = {
            "census": (weighted(first), weighted(last)),
            "word": (weighted(first, everyday), weighted(last, everyday)),
        }

    def draw(self, rng, pool, slot):
        (fk, fw), (lk, lw) = self.pools[pool]
        keys, weights = (fk, fw) if slot in "FG" else (lk, lw)
        return rng.choices(keys, weights)[0]


def fill(frame, rng, pools, pool):
    """The frame with names drawn for its slots, and the names' spans."""
    out, spans, pos = "", [], 0
    for m in re.finditer(r"\{([FGLM])\}", frame):
        out += frame[pos:m.start()]
        name = pools.draw(rng, pool, m.group(1))
        spans.append((len(out), len(out) + len(name), name))
        out += name
        pos = m.end()
    return out + frame[pos:], spans


def tag(binary, texts, tmp):
    inp, pred = tmp / "in.jsonl", tmp / "pred.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
    subprocess.run([binary, "phi", "tag", "--in", str(inp), "--out", str(pred)], check=True)
    spans = {}
    for p in map(json.loads, pred.open(encoding="utf-8")):
        spans[int(p["id"])] = [(s["start"], s["end"]) for s in p["spans"]]
    return [spans.get(i, []) for i in range(len(texts))]


def covered(spans, start, end):
    # Character offsets; the frames are ASCII, so they are byte offsets too.
    return any(s < end and start < e for s, e in spans)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
    ap.add_argument("--hushnote", default=str(Path(target) / "release" / "hushnote"))
    ap.add_argument("--n", type=int, default=15, help="names drawn per frame and pool")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--show", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    pools, tmp = Pools(), Path(tempfile.mkdtemp())
    shown = 0
    for kind, frames in (("dialogue", DIALOGUE), ("nursing", NURSING)):
        for pool in ("census", "word"):
            rng = random.Random(f"{args.seed}-{kind}-{pool}")
            cases = [(f, *fill(f, rng, pools, pool)) for f in frames for _ in range(args.n)]
            preds = tag(args.hushnote, [c[1] for c in cases], tmp)
            hit = total = 0
            worst = {}
            for (frame, text, gold), spans in zip(cases, preds):
                for start, end, name in gold:
                    ok = covered(spans, start, end)
                    hit += ok
                    total += 1
                    acc = worst.setdefault(frame, [0, 0])
                    acc[0] += ok
                    acc[1] += 1
                    if not ok and shown < args.show:
                        shown += 1
                        print(f"  miss {name!r:<16} {text}")
            low = sorted(worst.items(), key=lambda kv: kv[1][0] / kv[1][1])[:3]
            lows = "; ".join(f"{h}/{n} {f[:40]!r}" for f, (h, n) in low if h < n)
            print(f"{kind:<9} {pool:<7} names {hit}/{total} = {hit / total:.4f}" + (f"   weakest: {lows}" if lows else ""))
    preds = tag(args.hushnote, [t for t, _ in IDS], tmp)
    missed = [(t, x) for (t, x), spans in zip(IDS, preds) if not covered(spans, t.index(x), t.index(x) + len(x))]
    print(f"ids       dictated dates of birth, record and phone numbers {len(IDS) - len(missed)}/{len(IDS)}")
    for t, x in missed:
        print(f"  miss {x!r} in {t!r}")


if __name__ == "__main__":
    main()
