"""Every figure declared once: its page, stem, title, caption and source.

The declarations live in ``src/kzseries/narrative/figures.yaml``, one list per
notebook in reading order; the figure number (``Figure 3.2``) is derived from
the notebook's chapter in the registry and the position in its list, the registry's outputs and
the README's figure table are derived from the same list, and
:func:`kzseries.figures.save` takes the caption from it (a caption may carry
``{{ placeholders }}`` filled with the values the notebook passes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SPEC_FILE = Path(__file__).with_name("narrative") / "figures.yaml"


@dataclass(frozen=True)
class FigureSpec:
    notebook: str
    stem: str
    index: int        # its place in the notebook's list; the number "Figure c.k" is registry.figure_number()
    title: str
    caption: str
    source: str


@lru_cache(maxsize=None)
def _load(stamp: int) -> tuple[FigureSpec, ...]:
    import yaml

    raw = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")) or {}
    out = []
    for notebook, figs in raw.items():
        for i, f in enumerate(figs, 1):
            out.append(FigureSpec(notebook, f["stem"], i, f["title"], f["caption"].strip(),
                                  f["source"].strip()))
    return tuple(out)


def all_specs() -> tuple[FigureSpec, ...]:
    return _load(SPEC_FILE.stat().st_mtime_ns)


def get(stem: str) -> FigureSpec:
    for s in all_specs():
        if s.stem == stem:
            return s
    raise KeyError(f"figure {stem!r} is not declared in src/kzseries/narrative/figures.yaml")


def stems(notebook: str) -> tuple[str, ...]:
    return tuple(s.stem for s in all_specs() if s.notebook == notebook)
