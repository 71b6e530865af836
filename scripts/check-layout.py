#!/usr/bin/env python3
"""Checks the workspace's shape (docs/design.md, "Rules"), so a change that breaks it fails CI:

1. the crates exist, and their dependencies point one way: each crate may use only the
   workspace crates listed for it in ALLOWED (phi, audio and proto none);
2. no source file (tests aside) is over 1,000 lines;
3. no two files of a crate import each other, directly or around a longer circle;
4. the README stays for its readers (at most 1,500 words) and the docs it points to exist.

Standard library only; reads `cargo metadata`. Usage: python3 scripts/check-layout.py [-v]
(`--self-test` first proves on a made-up crate that a circle, a long file and a wrong
dependency are each caught.)
"""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 1000
MAX_README_WORDS = 1500
DOCS = ["docs/design.md", "docs/phi.md", "docs/benchmarks.md"]

# Which workspace crates each crate may depend on (normal and build dependencies; tests aside).
ALLOWED = {
    "hushnote-phi": set(),
    "hushnote-audio": set(),
    "hushnote-proto": set(),
    "hushnote-testkit": set(),
    "hushnote-asr": {"hushnote-audio", "hushnote-proto"},
    "hushnote-dictation": {"hushnote-asr", "hushnote-audio", "hushnote-phi", "hushnote-proto"},
    "hushnote-custody": {"hushnote-phi", "hushnote-proto"},
    "hushnoted": {"hushnote-custody", "hushnote-proto"},
    # Until the custody service runs on its own, the CLI runs its handler in-process (see
    # docs/design.md); it never uses hushnote-custody itself.
    "hushnote-cli": {"hushnote-asr", "hushnote-audio", "hushnote-dictation", "hushnote-phi", "hushnote-proto", "hushnoted"},
    "hushnote-e2e": set(),
}


def fail(msgs):
    for m in msgs:
        print(f"check-layout: {m}", file=sys.stderr)
    return bool(msgs)


def check_dependencies(meta):
    problems = []
    names = {p["name"] for p in meta["packages"]}
    for need in ALLOWED:
        if need not in names:
            problems.append(f"package {need} is missing")
    for p in meta["packages"]:
        allowed = ALLOWED.get(p["name"])
        if allowed is None:
            problems.append(f"package {p['name']} has no entry in ALLOWED (say what it may depend on)")
            continue
        for d in p["dependencies"]:
            if d["name"] in ALLOWED and d.get("kind") in (None, "build") and d["name"] not in allowed:
                problems.append(f"{p['name']} depends on {d['name']}, which it may not (dependencies point one way)")
    return problems


def rust_files(crate_dir):
    src = crate_dir / "src"
    return sorted(p for p in src.rglob("*.rs")) if src.is_dir() else []


def is_test_file(path):
    return path.name == "tests.rs" or "tests" in path.relative_to(ROOT).parts[2:-1]


def check_sizes(crate_dirs):
    problems = []
    for d in crate_dirs:
        for f in rust_files(d):
            if is_test_file(f):
                continue
            n = sum(1 for _ in f.open(encoding="utf-8"))
            if n > MAX_LINES:
                problems.append(f"{f.relative_to(ROOT)} has {n} lines (at most {MAX_LINES}: split it by concern)")
    return problems


def module_of(src, f):
    """`src/a/b.rs` and `src/a/b/mod.rs` -> ("a", "b"); lib.rs/main.rs -> ()."""
    parts = list(f.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ("lib", "main")):
        parts = parts[:-1]
    return tuple(parts)


def strip_code(text):
    """Drops comments, string literals and inline `#[cfg(test)] mod … { }` blocks."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    m = re.search(r"#\[cfg\((?:all\()?test\b[^\]]*\]\s*mod\s+\w+\s*\{", text)
    if m:
        text = text[: m.start()]
    return text


def use_paths(text):
    """Every path a file names: `use` trees expanded, and `a::b::c` paths in code."""
    paths = []
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        paths.extend(expand(m.group(1).strip()))
    for m in re.finditer(r"\b((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
        paths.append(m.group(1).split("::"))
    return paths


def expand(tree):
    """`a::{b, c::{d, e}}` -> [[a, b], [a, c, d], [a, c, e]]."""
    tree = re.sub(r"\s+as\s+\w+", "", tree.replace(" ", "").replace("\n", ""))
    if "{" not in tree:
        return [tree.split("::")]
    head, rest = tree.split("{", 1)
    body = rest[: rest.rfind("}")]
    items, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    items.append(cur)
    prefix = [p for p in head.split("::") if p]
    out = []
    for it in filter(None, items):
        for sub in expand(it):
            out.append(prefix + [s for s in sub if s and s != "self"])
    return out


def resolve(mods, reexports, abs_path):
    """The file a path names: its longest module prefix, then through `pub use` re-exports."""
    for _ in range(8):
        for k in range(len(abs_path), -1, -1):
            if tuple(abs_path[:k]) in mods:
                m = tuple(abs_path[:k])
                break
        else:
            return None
        if k < len(abs_path) and (m, abs_path[k]) in reexports:
            target = reexports[(m, abs_path[k])]
            if target is None:
                return None  # re-exported from another crate
            abs_path = list(target) + abs_path[k + 1:]
            continue
        return m
    return None


def absolute(m, children, path):
    """`path` as seen from module `m`, from the crate root; None for other crates and std."""
    if path[0] == "crate":
        return path[1:]
    if path[0] in ("super", "self"):
        base, rel = list(m), list(path)
        while rel and rel[0] in ("super", "self"):
            if rel[0] == "super":
                base = base[:-1]
            rel = rel[1:]
        return base + rel
    if tuple(list(m) + [path[0]]) in children:
        return list(m) + path
    return None


def check_cycles(crate_dirs, verbose):
    problems = []
    for d in crate_dirs:
        src = d / "src"
        files = [f for f in rust_files(d) if not is_test_file(f)]
        mods = {module_of(src, f): f for f in files}
        texts = {m: strip_code(f.read_text(encoding="utf-8")) for m, f in mods.items()}
        kids = {m: {c for c in mods if len(c) == len(m) + 1 and c[: len(m)] == m} for m in mods}
        # (module, name) -> the path a `pub use` re-exports it from.
        reexports = {}
        for m, text in texts.items():
            for u in re.finditer(r"\bpub(?:\([a-z]+\))?\s+use\s+([^;]+);", text):
                for path in expand(u.group(1).strip()):
                    reexports[(m, path[-1])] = absolute(m, kids[m], path)
        edges = {m: set() for m in mods}
        for m, text in texts.items():
            for path in use_paths(text):
                a = absolute(m, kids[m], path)
                target = resolve(mods, reexports, a) if a is not None else None
                if target is not None and target != m:
                    edges[m].add(target)
        seen_cycles = set()
        done = set()

        def dfs(node, stack, on_stack):
            for nxt in sorted(edges[node]):
                if nxt in on_stack:
                    cyc = stack[stack.index(nxt):] + [nxt]
                    key = frozenset(cyc)
                    if key not in seen_cycles:
                        seen_cycles.add(key)
                        problems.append(f"{d.name}: files import in a circle: " + " -> ".join(str(mods[c].relative_to(ROOT)) for c in cyc))
                elif nxt not in done:
                    on_stack.add(nxt)
                    stack.append(nxt)
                    dfs(nxt, stack, on_stack)
                    stack.pop()
                    on_stack.discard(nxt)
            done.add(node)

        for m in sorted(mods):
            if m not in done:
                dfs(m, [m], {m})
        if verbose:
            for m in sorted(edges):
                print(f"{d.name}/{'/'.join(m) or 'lib'} -> {sorted('/'.join(t) or 'lib' for t in edges[m])}")
    return problems


def check_docs():
    problems = []
    words = len((ROOT / "README.md").read_text(encoding="utf-8").split())
    if words > MAX_README_WORDS:
        problems.append(f"README.md has {words} words (at most {MAX_README_WORDS}: it is for readers; how things work goes in docs/)")
    for doc in DOCS:
        if not (ROOT / doc).is_file():
            problems.append(f"{doc} is missing")
    return problems


def self_test():
    """The checks must be able to fail: each is run on a small tree made to break it."""
    import tempfile
    global ROOT
    saved = ROOT
    with tempfile.TemporaryDirectory() as tmp:
        ROOT = Path(tmp)
        src = ROOT / "crates" / "demo" / "src"
        (src / "a").mkdir(parents=True)
        (src / "lib.rs").write_text("mod a;\nmod b;\npub use b::B;\n")
        (src / "a" / "mod.rs").write_text("use crate::b::B;\npub struct A;\n")
        (src / "b.rs").write_text("use crate::a::A;\npub struct B;\n" + "// filler\n" * MAX_LINES)
        (ROOT / "crates" / "demo" / "Cargo.toml").write_text("")
        crates = [ROOT / "crates" / "demo"]
        cycles = check_cycles(crates, False)
        sizes = check_sizes(crates)
        meta = {"packages": [{"name": "hushnote-phi", "dependencies": [{"name": "hushnote-custody", "kind": None}]}]}
        deps = check_dependencies(meta)
    ROOT = saved
    assert any("a/mod.rs" in c and "b.rs" in c for c in cycles), cycles
    assert len(sizes) == 1 and "b.rs" in sizes[0], sizes
    assert any("hushnote-phi depends on hushnote-custody" in d for d in deps), deps
    print("check-layout: self-test ok (a circle, a long file and a wrong dependency are caught)")


def main():
    if "--self-test" in sys.argv:
        self_test()
    verbose = "-v" in sys.argv
    meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
                                     cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    crate_dirs = sorted(p for p in (ROOT / "crates").iterdir() if (p / "Cargo.toml").is_file())
    if (ROOT / "src-tauri" / "Cargo.toml").is_file():
        crate_dirs.append(ROOT / "src-tauri")
    problems = check_dependencies(meta) + check_sizes(crate_dirs) + check_cycles(crate_dirs, verbose) + check_docs()
    if fail(problems):
        sys.exit(1)
    print(f"check-layout: ok ({len(crate_dirs)} crates)")


if __name__ == "__main__":
    main()
