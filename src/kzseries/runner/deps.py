"""Which package files a notebook depends on: the kzseries modules its cells import, with everything they import
in turn (read from the source, imports inside functions included), its own narrative templates, and what every
page shares (the runner, the HTML export and its templates, the figure declarations).

The cache keys each notebook on these files only, so an edit to ``plots/grain.py`` re-runs ``04_grain`` and
nothing else. The same graph shows the package has no import cycle (``tests/test_imports.py``).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .. import paths, registry
from .common import CACHE_DIR

PACKAGE = Path(__file__).resolve().parents[1]
# Modules every run uses outside the notebook's kernel: the runner renders and normalises every page.
SHARED_MODULES = ("kzseries", "kzseries.runner", "kzseries.site", "kzseries.nbmeta")


def _module(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST, package: str, known) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(up) + (f".{node.module}" if node.module else "")
            # "from . import x" names the submodule x; its package is already being imported (not an edge)
            names = ([base] if node.module else []) + [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out |= {n for n in names if n in known}
    return out


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    return {_module(p, root): p for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Each kzseries module and the kzseries modules it imports anywhere in its body."""
    files = module_files(root)
    graph = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        graph[mod] = _imports(ast.parse(path.read_text(encoding="utf-8")), package, files) - {mod}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def closure(graph: dict[str, set[str]], start) -> set[str]:
    seen: set[str] = set()
    todo = [m for m in start if m in graph]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m] - seen)
            # importing a.b runs a/__init__ first
            parent = m.rsplit(".", 1)[0]
            if parent != m and parent in graph:
                todo.append(parent)
    return seen


def notebook_imports(notebook: Path, known) -> set[str]:
    """The kzseries modules the notebook's code cells import (magics and shell lines left out)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    return _imports(ast.parse(code), "kzseries", known)


def stored_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """:func:`import_graph` of the package, kept under .kz-cache keyed on the modules' contents: parsing
    every module takes most of a second at the start of every run, hashing them a few milliseconds."""
    h = hashlib.sha256()
    for mod, p in files.items():
        h.update(mod.encode() + b"\0" + p.read_bytes() + b"\0")
    return _graph_for(h.hexdigest())


@lru_cache(maxsize=None)
def _graph_for(key: str) -> dict[str, set[str]]:
    store = paths.REPO_ROOT / CACHE_DIR / "import-graph.json"
    try:
        saved = json.loads(store.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return {m: set(v) for m, v in saved["graph"].items()}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass  # missing, unreadable or from other sources: parse again
    graph = import_graph()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        tmp = store.with_name(f"{store.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "graph": {m: sorted(v) for m, v in sorted(graph.items())}}),
                       encoding="utf-8")
        tmp.replace(store)
    except OSError:
        pass  # a read-only checkout parses every time
    return graph


def package_files(name: str) -> list[Path]:
    """The package files notebook ``name`` depends on, sorted."""
    files = module_files()
    graph = stored_graph(files)
    mods = closure(graph, notebook_imports(paths.REPO_ROOT / registry.get(name).path, graph) | set(SHARED_MODULES))
    mods |= {m for m in graph if any(m.startswith(s + ".") for s in SHARED_MODULES[1:])}
    mods = closure(graph, mods)
    others = {f"{s.name}.md" for s in registry.REGISTRY if s.name != name}
    data_files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix != ".py"
                  and "__pycache__" not in p.parts and not (p.parent.name == "narrative" and p.name in others)]
    return sorted({files[m] for m in mods} | set(data_files))
