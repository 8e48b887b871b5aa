"""Keep the source notebooks in ``notebooks/`` clean: ``python -m kzseries.nbtools``.

``tidy NB.ipynb ...``
    strip outputs and execution counts, give cells stable ids, set the project
    standard ``python3`` kernelspec (any Jupyter has it), so a diff shows only what the author changed (run it before committing;
    the tests check it).
``metrics NB.ipynb ...``
    code lines, longest and median code cell, markdown characters per code character
    (the lecture targets are checked by tests/test_notebooks.py).
``from-py SRC.py NB.ipynb``
    convert a jupytext "percent" script into a tidy notebook (handy for editing
    notebooks as plain text).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from .nbmeta import KERNELSPEC


def tidy_node(nb) -> None:
    nb.metadata = {"kernelspec": dict(KERNELSPEC),
                   "language_info": {"name": "python"}}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        md = {k: v for k, v in cell.metadata.items() if k == "tags"}
        cell.metadata = md
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def tidy(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tidy_node(nb)
    nbformat.write(nb, path)


def from_py(src: Path, dest: Path) -> None:
    import jupytext

    nb = jupytext.read(src, fmt="py:percent")
    nb = nbformat.from_dict(nb)
    tidy_node(nb)
    nbformat.validate(nb)
    nbformat.write(nb, dest)


def metrics(path: Path) -> dict:
    """How a notebook reads: code lines, the longest code cell, the median cell, markdown against code."""
    import statistics

    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]

    def lines(s: str) -> int:
        return sum(1 for line in s.splitlines() if line.strip())

    return {"notebook": path.stem, "code_lines": sum(lines(c) for c in code),
            "longest_cell": max((lines(c) for c in code), default=0),
            "median_cell": statistics.median([lines(c) for c in code]) if code else 0,
            "markdown_to_code": round(sum(map(len, md)) / max(1, sum(map(len, code))), 2)}


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "metrics":
        for p in argv[1:]:
            m = metrics(Path(p))
            print(f"{m['notebook']:18s} code lines {m['code_lines']:4d}  longest cell {m['longest_cell']:3d}  "
                  f"median cell {m['median_cell']:5.1f}  markdown/code {m['markdown_to_code']:.2f}")
        return 0
    if len(argv) >= 2 and argv[0] == "tidy":
        for p in argv[1:]:
            tidy(Path(p))
        return 0
    if len(argv) == 3 and argv[0] == "from-py":
        from_py(Path(argv[1]), Path(argv[2]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
