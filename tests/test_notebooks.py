"""The notebooks read like lectures: short code cells, more words than code, prose from templates."""

from __future__ import annotations

import json

import pytest

from kzseries import nbtools, registry

# Targets of issue "Notebooks that read like lectures" (QuantEcon lectures: median cell about 6 lines).
MAX_CODE_LINES, MAX_CELL, MIN_MARKDOWN_TO_CODE = 250, 30, 0.6


@pytest.mark.parametrize("spec", registry.REGISTRY, ids=lambda s: s.name)
def test_reads_like_a_lecture(root, spec):
    m = nbtools.metrics(root / spec.path)
    assert m["code_lines"] <= MAX_CODE_LINES, m
    assert m["longest_cell"] <= MAX_CELL, m
    assert m["markdown_to_code"] >= MIN_MARKDOWN_TO_CODE, m


@pytest.mark.parametrize("spec", registry.REGISTRY, ids=lambda s: s.name)
def test_no_paragraphs_built_in_code(root, spec):
    """Sentences with computed numbers come from narrative templates (nb.say), not f-strings in cells."""
    nb = json.loads((root / spec.path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        assert "nb.show(f" not in src and "nb.show(\n    f" not in src, src[:200]
