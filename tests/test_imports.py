"""The package's import graph has no cycle, counting imports inside functions (a cycle hidden in a function is
still a cycle: the two modules cannot be understood, or tested, one without the other)."""

from __future__ import annotations

import os

import pytest

from kzseries.runner import deps


def test_the_checker_finds_a_cycle_through_a_function_level_import(tmp_path):
    pkg = tmp_path / "kzseries"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .c import g\n")
    (pkg / "c.py").write_text("from kzseries import a\n")
    (pkg / "d.py").write_text("from . import a\n")
    assert deps.cycles(deps.import_graph(pkg)) == [["kzseries.a", "kzseries.b", "kzseries.c"]]
    (pkg / "c.py").write_text("import math\n")
    assert deps.cycles(deps.import_graph(pkg)) == []


@pytest.mark.whole
def test_the_package_import_graph_has_no_cycle():
    graph = deps.import_graph()
    assert "kzseries.arith" in graph["kzseries.claims"] and "kzseries.arith" in graph["kzseries.grain"]
    assert deps.cycles(graph) == []


SERIES = ("gdp", "fdi", "housing", "grain", "minimum_wage")


@pytest.mark.whole
def test_rules_and_pages_are_apart():
    graph = deps.import_graph()
    pages = {m for m in graph if m.startswith("kzseries.pages.")}
    assert {f"kzseries.pages.{s}" for s in SERIES} <= pages
    # the engine reads the selection rules; a rule never imports a page, and the engine never does either
    for mod in [f"kzseries.{s}" for s in SERIES] + ["kzseries.measures", "kzseries.claims"]:
        assert not (deps.closure(graph, {mod}) & pages), mod
    for s in SERIES:
        assert f"kzseries.{s}" in graph[f"kzseries.pages.{s}"]


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="make mutate rewrites the modules it mutates")
def test_no_series_or_page_module_exceeds_450_lines():
    graph = deps.import_graph()
    pages = {m for m in graph if m.startswith("kzseries.pages.")}
    files = deps.module_files()
    long = {m: n for m in [f"kzseries.{s}" for s in SERIES] + sorted(pages)
            if (n := len(files[m].read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}


# ---------------------------------------------------------------- the graph's rules, on a package built here
def _package(root, files: dict[str, str]):
    for rel, text in files.items():
        p = root / "kzseries" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root / "kzseries"


def test_every_form_of_import_is_read_relative_to_the_module_that_writes_it(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "from .a import x\n",
        "a.py": "import math\nimport kzseries.b\n",
        "b.py": "from kzseries.sub import c\n",            # a submodule named by from-import
        "sub/__init__.py": "from . import c\n",
        "sub/c.py": "from .. import a\nfrom ..b import y\n",  # two levels: the package's parent
        "sub/d.py": "def f():\n    from .c import z\n    from kzseries import nothing_here\n",
        "__pycache__/old.py": "import kzseries.a\n",
    })
    assert deps.import_graph(pkg) == {
        "kzseries": {"kzseries.a"},
        "kzseries.a": {"kzseries.b"},
        "kzseries.b": {"kzseries.sub", "kzseries.sub.c"},
        "kzseries.sub": {"kzseries.sub.c"},
        "kzseries.sub.c": {"kzseries.a", "kzseries.b"},  # "from .. import a" names a, not its package
        "kzseries.sub.d": {"kzseries", "kzseries.sub.c"},
    }
    assert list(deps.module_files(pkg)) == ["kzseries", "kzseries.a", "kzseries.b", "kzseries.sub", "kzseries.sub.c",
                                            "kzseries.sub.d"]


def test_cycles_are_each_strongly_connected_group_of_two_or_more_sorted():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"f", "a"}, "g": set()}
    assert deps.cycles(graph) == [["d", "e"], ["a", "b", "c"]]
    assert deps.cycles({"a": {"b"}, "b": set()}) == []


def test_the_closure_of_a_module_includes_what_it_imports_and_the_packages_around_it():
    graph = {"k": set(), "k.p": {"k.q"}, "k.p.m": {"k.r"}, "k.q": set(), "k.r": {"k.s"}, "k.s": set(), "k.t": set()}
    assert deps.closure(graph, {"k.p.m", "not.known"}) == {"k", "k.p", "k.p.m", "k.q", "k.r", "k.s"}
    assert deps.closure(graph, set()) == set()


def test_a_notebook_imports_what_its_code_cells_import_and_nothing_from_markdown_magics_or_shell(tmp_path):
    import json
    cells = [{"cell_type": "markdown", "source": ["import kzseries.b\n"]},
             {"cell_type": "code", "source": ["%matplotlib inline\n", "from kzseries import a\n"]},
             {"cell_type": "code", "source": ["  !pip install kzseries.b\n", "import kzseries.c as c\n"]}]
    nb = tmp_path / "n.ipynb"
    nb.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    known = {"kzseries", "kzseries.a", "kzseries.b", "kzseries.c"}
    assert deps.notebook_imports(nb, known) == {"kzseries", "kzseries.a", "kzseries.c"}


def test_a_notebook_depends_on_its_own_modules_and_templates_and_on_what_every_page_shares():
    rel = {str(p.relative_to(deps.PACKAGE)) for p in deps.package_files("04_grain")}
    assert {"plots/grain.py", "grain.py", "pages/grain.py", "claims.py", "narrative/04_grain.md",
            "runner/cache.py", "runner/deps.py", "site.py", "__init__.py"} <= rel
    assert not {"plots/housing.py", "pages/housing.py", "narrative/03_housing.md"} & rel
    assert rel == {str(p.relative_to(deps.PACKAGE)) for p in sorted(deps.package_files("04_grain"))}


def test_an_import_of_a_module_outside_the_graph_is_no_node():
    assert deps.cycles({"a": {"outside"}, "b": {"a"}}) == []
