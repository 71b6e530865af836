#!/usr/bin/env python3
"""Regenerate crates/custody/data/common-passwords.txt, the denylist new passwords are checked against.

Source: Django's `django/contrib/auth/common-passwords.txt.gz` (20,000 common passwords
compiled by Royce Williams from breach corpora; Django is BSD-3-Clause), taken from the
pinned Django wheel on PyPI. Only entries of 8 or more characters are kept: shorter ones are
already refused by the minimum length. Standard library only; byte-identical on every run.
"""
import gzip
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "django-5.2.8-py3-none-any.whl"
SHA256 = "37e687f7bd73ddf043e2b6b97cfe02fcbb11f2dbb3adccc6a2b18c6daa054d7f"
OUT = Path(__file__).resolve().parent.parent / "crates" / "custody" / "data" / "common-passwords.txt"

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                    "django==5.2.8"], check=True)
    wheel = Path(tmp) / WHEEL
    if hashlib.sha256(wheel.read_bytes()).hexdigest() != SHA256:
        sys.exit(f"{WHEEL}: SHA-256 does not match the pinned value")
    with zipfile.ZipFile(wheel) as z:
        words = gzip.decompress(z.read("django/contrib/auth/common-passwords.txt.gz")).decode()
keep = sorted({w.strip() for w in words.splitlines() if len(w.strip()) >= 8})
OUT.write_text("".join(w + "\n" for w in keep))
print(f"{OUT}: {len(keep)} entries")
