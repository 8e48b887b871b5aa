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


def test_the_package_import_graph_has_no_cycle():
    graph = deps.import_graph()
    assert "kzseries.arith" in graph["kzseries.claims"] and "kzseries.arith" in graph["kzseries.grain"]
    assert deps.cycles(graph) == []


SERIES = ("gdp", "fdi", "housing", "grain", "minimum_wage")


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
