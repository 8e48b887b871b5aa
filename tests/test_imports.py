"""The package's import graph has no cycle, counting imports inside functions (a cycle hidden in a function is
still a cycle: the two modules cannot be understood, or tested, one without the other)."""

from __future__ import annotations

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
    assert "kzseries.arith" in graph["kzseries.claims"] and "kzseries.arith" in graph["kzseries.housing"]
    assert deps.cycles(graph) == []
