"""The audit's chart: which sources cover which indicator in which year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures


def coverage_heatmap(coverage: pd.DataFrame, indicators: pd.DataFrame, start: int, end: int) -> None:
    """Figure 0.1: distinct sources with a full-year value, by indicator (rows) and year (columns)."""
    import matplotlib.pyplot as plt

    years = list(range(start, end + 1))
    order = indicators.sort_values(["series", "indicator"], kind="mergesort")
    order = order[order["indicator"].isin(coverage["indicator"])]
    grid = (coverage.pivot_table(index="indicator", columns="year", values="sources", aggfunc="sum")
            .reindex(index=order["indicator"], columns=years))
    fig, ax = plt.subplots(figsize=(11, 0.26 * len(grid) + 1.6))
    values = grid.to_numpy(dtype=float)
    cmap = plt.get_cmap("Blues").copy()
    cmap.set_bad("white")
    im = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap, vmin=0,
                   vmax=max(3, np.nanmax(values)), interpolation="nearest")
    ax.set_yticks(range(len(order)), [f"{s} · {i}" for s, i in zip(order["series"], order["indicator"])],
                  fontsize=8)
    step = 5 if len(years) > 20 else 1
    ax.set_xticks(range(0, len(years), step), [str(y) for y in years[::step]], fontsize=8)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01, label="sources with a full-year value")
    ax.set_title(f"Coverage of the curated raw data, {years[0]}–{years[-1]}")
    figures.save(fig, "00_coverage_heatmap")
