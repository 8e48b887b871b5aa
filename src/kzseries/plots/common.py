"""Patterns that recur across the charts, written once.

* :func:`shade_years` - grey columns for years without data (a gap is shown, never filled);
* :func:`star` - the stated value of a claim, as a gold star with a label;
* :func:`hollow` - another vintage or source of the same series, drawn as hollow markers;
* :func:`year_axis` - integer year ticks.
"""

from __future__ import annotations

from typing import Iterable

from .. import figures

CLAIM = figures.PALETTE["claim"]


def shade_years(ax, years: Iterable[int], label: str | None = "no full-year figure in the data", colour="#eeeeee"):
    """Grey columns over ``years`` (one legend entry)."""
    for i, y in enumerate(sorted(set(int(v) for v in years))):
        ax.axvspan(y - 0.5, y + 0.5, color=colour, zorder=0, label=label if i == 0 else None)


def star(ax, x, y, label: str | None = None, size: float = 220, **kw):
    """A claim's stated value: a gold star, labelled."""
    ax.scatter([x], [y], marker="*", s=size, color=CLAIM, edgecolor="black", linewidth=0.6, zorder=6, label=label,
               **kw)


def hollow(ax, xs, ys, colour, label: str | None = None, marker: str = "o", size: float = 40):
    """The same series in another vintage or source: hollow markers."""
    ax.scatter(list(xs), list(ys), marker=marker, s=size, facecolor="white", edgecolor=colour, linewidth=1.4,
               zorder=5, label=label)


def year_axis(ax, start: int, end: int, step: int = 1):
    """Integer year ticks from ``start`` to ``end``."""
    ax.set_xticks(range(start, end + 1, step))
    ax.set_xlim(start - 0.7, end + 0.7)
