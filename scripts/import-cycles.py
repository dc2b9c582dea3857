#!/usr/bin/env python3
"""Lists import circles between the modules (files) of Retort's crates in src/.

Why: a module that imports another which imports it back cannot be read, tested or moved on its
own; issue 11 asks that none remain except ones defended in one line. Run from anywhere:

    scripts/import-cycles.py            # src/lib.rs and every binary under src/bin/
    scripts/import-cycles.py ROOT.rs …  # other crate roots (src-tauri/src/lib.rs, …)

The rule it applies:
- A node is one file (one module). An edge A -> B means A names something in B: a `use`
  declaration, or a path written in code that starts with `crate::`, `super::`, `self::` or the
  name of a module A declares (`postgres::read(…)`). `mod x;` itself is not an edge.
- A path is followed through re-exports (`pub use model::*`, `pub use error::{Error, Result}`)
  to the file that defines the item, so `use crate::Result` depends on error.rs, not on lib.rs.
- A module and its own child may name each other (the child uses helpers its parent keeps for
  all children through `super::`, the parent calls the child it declared). Such pairs are listed
  as allowed and do not count; every other strongly connected group of files is a circle.
Exits 1 when a circle remains. Standard library only (Python 3.9+).
"""

import re
import sys
from pathlib import Path

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def strip(text):
    """The source with comments, strings and char literals blanked (newlines kept for line numbers)."""
    out = []
    i, n = 0, len(text)

    def blank(s):
        return "".join("\n" if c == "\n" else " " for c in s)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(text[i:j]))
            i = j
        elif c in "rb" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and re.match(
            r'(br|r)#*"', text[i:]
        ):
            m = re.match(r'(br|r)(#*)"', text[i:])
            end = '"' + m.group(2)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(blank(text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(blank(text[i : j + 1]))
            i = j + 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{1f}') or a lifetime ('a): only literals close.
            if i + 1 < n and text[i + 1] == "\\":
                j = text.find("'", i + 3)
                out.append(blank(text[i : j + 1]))
                i = j + 1
            elif i + 2 < n and text[i + 2] == "'":
                out.append("   ")
                i += 3
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def tokens(text):
    """(token, line) pairs: identifiers, `::` and single punctuation characters."""
    line = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif text.startswith("::", i):
            yield "::", line
            i += 2
        else:
            m = IDENT.match(text, i)
            if m:
                yield m.group(), line
                i = m.end()
            else:
                yield c, line
                i += 1


class Module:
    def __init__(self, path, file, is_dir_owner):
        self.path = path  # tuple of names from the crate root
        self.file = file
        # Whether children live in this file's folder (lib.rs, main.rs, mod.rs) or in a folder
        # named after the file.
        self.is_dir_owner = is_dir_owner
        self.children = {}
        self.uses = []  # (segments, alias or None, glob, inline depth, line)
        self.paths = []  # (segments, inline depth, line) written in code
        self.defines = set()
        self.child_decls = []  # (name, #[path] or None)


def parse_use_tree(toks, k):
    """Parses one use tree starting at toks[k]; returns (list of (segments, alias, glob), k)."""
    results = []

    def tree(prefix, k):
        segs = list(prefix)
        if toks[k][0] == "::":
            k += 1
        while True:
            t = toks[k][0]
            if t == "{":
                k += 1
                while toks[k][0] != "}":
                    k = tree(segs, k)
                    if toks[k][0] == ",":
                        k += 1
                return k + 1
            if t == "*":
                results.append((segs, None, True))
                return k + 1
            segs = segs + [t]
            k += 1
            if toks[k][0] == "::":
                k += 1
                continue
            alias = None
            if toks[k][0] == "as":
                alias = toks[k + 1][0]
                k += 2
            if segs[-1] == "self":
                segs = segs[:-1]
                alias = alias or (segs[-1] if segs else None)
            results.append((segs, alias, False))
            return k

    k = tree([], k)
    return results, k


def scan(module):
    text = strip(module.file.read_text(encoding="utf-8"))
    toks = list(tokens(text))
    toks.append(("<eof>", 0))
    for m in re.finditer(r"\b(?:fn|struct|enum|trait|type|const|static|union|mod)\s+([A-Za-z_]\w*)", text):
        module.defines.add(m.group(1))
    for m in re.finditer(r"macro_rules!\s*([A-Za-z_]\w*)", text):
        module.defines.add(m.group(1))
    depth = 0
    inline = []  # brace depths at which inline `mod x {` blocks opened
    pending_inline = False
    path_attr = None
    k = 0
    while k < len(toks):
        t, line = toks[k]
        if t == "#" and toks[k + 1][0] == "[" and toks[k + 2][0] == "path":
            # #[path = "file.rs"]: the string was blanked, so read it from the raw file.
            raw = module.file.read_text(encoding="utf-8").splitlines()[line - 1]
            m = re.search(r'#\[path\s*=\s*"([^"]+)"\]', raw)
            path_attr = m.group(1) if m else None
        if t == "{":
            depth += 1
            if pending_inline:
                inline.append(depth)
                pending_inline = False
            k += 1
            continue
        if t == "}":
            if inline and inline[-1] == depth:
                inline.pop()
            depth -= 1
            k += 1
            continue
        if t == "mod" and IDENT.fullmatch(toks[k + 1][0]):
            if toks[k + 2][0] == ";":
                if not inline:
                    module.child_decls.append((toks[k + 1][0], path_attr))
                path_attr = None
                k += 3
                continue
            if toks[k + 2][0] == "{":
                pending_inline = True
                k += 2
                continue
        if t == "use":
            trees, k = parse_use_tree(toks, k + 1)
            for segs, alias, glob in trees:
                module.uses.append((segs, alias, glob, len(inline), line))
            continue
        if IDENT.fullmatch(t) and toks[k + 1][0] == "::" and (k == 0 or toks[k - 1][0] != "::"):
            segs = [t]
            j = k + 1
            while toks[j][0] == "::" and IDENT.fullmatch(toks[j + 1][0]):
                segs.append(toks[j + 1][0])
                j += 2
            module.paths.append((segs, len(inline), line))
            k = j
            continue
        k += 1


class Crate:
    def __init__(self, root):
        self.root_file = root
        self.modules = {}
        self.load((), root, True)

    def load(self, path, file, is_dir_owner):
        module = Module(path, file, is_dir_owner)
        self.modules[path] = module
        scan(module)
        folder = file.parent if is_dir_owner else file.parent / file.stem
        for name, attr in module.child_decls:
            if attr:
                child, owner = file.parent / attr, attr.endswith("mod.rs")
            elif (folder / f"{name}.rs").exists():
                child, owner = folder / f"{name}.rs", False
            elif (folder / name / "mod.rs").exists():
                child, owner = folder / name / "mod.rs", True
            else:
                continue
            module.children[name] = path + (name,)
            self.load(path + (name,), child, owner)

    def start(self, module, segs, depth, seen):
        """Where a path begins: (module path, remaining segments), or None for other crates."""
        here = module.path
        if segs[0] == "crate":
            return (), segs[1:]
        if segs[0] == "self":
            return here, segs[1:]
        if segs[0] == "super":
            rest = segs
            while rest and rest[0] == "super":
                rest = rest[1:]
                if depth:
                    depth -= 1
                else:
                    here = here[:-1]
            return here, rest
        if segs[0] in module.children:
            return here, segs
        key = (here, "use " + segs[0])
        if key in seen:
            return None
        for use_segs, alias, glob, _, _ in module.uses:
            bound = alias or (use_segs[-1] if use_segs else None)
            if not glob and bound == segs[0]:
                target, whole = self.walk(module, use_segs, 0, seen | {key})
                if target is not None and whole:
                    # `objects::views` after `use super::postgres_objects as objects`.
                    return target, segs[1:]
        return None

    def walk(self, module, segs, depth, seen):
        """(module path the path lands in, whether every segment named a module)."""
        begun = self.start(module, segs, depth, seen)
        if begun is None:
            return None, False
        here, rest = begun
        for seg in rest:
            current = self.modules[here]
            if seg in current.children:
                here = current.children[seg]
                continue
            return self.item(here, seg, seen), False
        return here, True

    def resolve(self, module, segs, depth, seen):
        """The module path a `use` or code path lands in (the file defining the item)."""
        return self.walk(module, segs, depth, seen)[0]

    def item(self, here, name, seen):
        if (here, name) in seen:
            return here
        seen = seen | {(here, name)}
        module = self.modules[here]
        for segs, alias, glob, depth, _ in module.uses:
            if depth == 0 and not glob and segs and (alias or segs[-1]) == name:
                target = self.resolve(module, segs, 0, seen)
                return here if target is None else target
        if name in module.defines:
            return here
        for segs, alias, glob, depth, _ in module.uses:
            if depth == 0 and glob:
                source = self.resolve(module, segs, 0, seen)
                if source is not None and source in self.modules:
                    src = self.modules[source]
                    if name in src.defines or any((a or (s[-1] if s else None)) == name for s, a, g, _, _ in src.uses):
                        return self.item(source, name, seen)
        return here

    def edges(self):
        """{(from, to): (line, spelled path)} for every dependency between two files."""
        found = {}
        for path, module in self.modules.items():
            refs = [(s, d, ln, "use") for s, _, _, d, ln in module.uses if s]
            refs += [(s, d, ln, "path") for s, d, ln in module.paths]
            for segs, depth, line, kind in refs:
                target = self.resolve(module, segs, depth, set())
                if target is None or target == path or target not in self.modules:
                    continue
                found.setdefault((path, target), (line, "::".join(segs)))
        return found


def components(nodes, edges):
    """Tarjan's strongly connected components with more than one member."""
    graph = {n: [] for n in nodes}
    for a, b in edges:
        graph[a].append(b)
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def main(args):
    repo = Path(__file__).resolve().parent.parent
    roots = [Path(a) for a in args] or [repo / "src/lib.rs"] + sorted(
        p for p in (repo / "src/bin").glob("*") if p.suffix == ".rs" or (p / "main.rs").exists()
    )
    circles = 0
    for root in roots:
        root = root / "main.rs" if root.is_dir() else root
        crate = Crate(root)
        edges = crate.edges()

        def name(p):
            return str(crate.modules[p].file.relative_to(repo)) if crate.modules[p].file.is_relative_to(repo) else str(crate.modules[p].file)

        def family(a, b):
            return a[:-1] == b or b[:-1] == a

        strict = [e for e in edges if not family(*e)]
        groups = components(list(crate.modules), strict)
        allowed = sorted(
            {tuple(sorted((a, b))) for (a, b) in edges if family(a, b) and (b, a) in edges}
        )
        print(f"{name(())}: {len(crate.modules)} modules, {len(edges)} edges, {len(groups)} circle(s)")
        for group in groups:
            circles += 1
            print("  circle: " + "  ".join(name(p) for p in group))
            for (a, b), (line, spelled) in sorted(edges.items()):
                if a in group and b in group and not family(a, b):
                    print(f"    {name(a)}:{line} -> {name(b)}  ({spelled})")
        for a, b in allowed:
            print(f"  allowed (parent and child): {name(a)} <-> {name(b)}")
    return 1 if circles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
