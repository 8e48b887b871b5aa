"""The scorecard's chart: every stated figure's deviation from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures, registry, scorecard

ONE_SIDED = ("more_than", "at_least", "up_to")


def deviation_by_claim(head: pd.DataFrame, tolerance_pct: float, clip: float = 60.0) -> None:
    """Figure 6.1: horizontal bars of (stated - measured) / measured, grouped by series, coloured by verdict."""
    import matplotlib.pyplot as plt

    dev = head[head["kind"] != "forecast"].dropna(subset=["deviation_pct"]).copy()
    order = {s: i for i, s in enumerate(registry.SERIES)}
    dev = dev.sort_values(["series", "deviation_pct"], key=lambda c: c.map(order) if c.name == "series" else c,
                          kind="mergesort").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.34 * len(dev) + 1.8))
    y = np.arange(len(dev))[::-1]
    vals = dev["deviation_pct"].clip(-clip, clip)
    ax.axvspan(-tolerance_pct, tolerance_pct, color="#eeeeee", zorder=0)
    style = getattr(figures, "VERDICT_STYLE", None)
    for yi, v, verdict, qual in zip(y, vals, dev["verdict"], dev["qualifier"]):
        colour = style[verdict]["color"] if style else figures.VERDICT_COLOURS.get(verdict, "#777")
        ax.barh(yi, v, color=colour, zorder=2, edgecolor="white" if qual in ONE_SIDED else colour,
                hatch="///" if qual in ONE_SIDED else None)
    for yi, v, raw, verdict in zip(y, vals, dev["deviation_pct"], dev["verdict"]):
        ax.text(v + (1 if v >= 0 else -1), yi, f"{raw:+.1f}% {verdict.replace('_', ' ')}", va="center",
                ha="left" if v >= 0 else "right", fontsize=8)
    ax.set_yticks(y, [scorecard.short_label(r) for r in dev.itertuples()], fontsize=8)
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_xlim(-clip - 25, clip + 25)
    ax.set_xlabel("deviation of the stated figure from the data (%)")
    ax.set_title("Stated vs measured, by series")
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor="#999", edgecolor="white", hatch="///")]
    ax.legend(handles, ["one-sided statement (more than, at least)"], loc="lower right", fontsize=8)
    figures.save(fig, "06_deviation_by_claim", "Figure 6.1",
                 f"Deviation (%) of each stated figure from the measured value (primary readings), grouped by series; "
                 f"each bar is labelled with its verdict. The grey band is ±{tolerance_pct:g}%; hatched bars are "
                 f"one-sided statements. Deviations beyond ±{clip}% are drawn at the edge with their value printed.",
                 "data/processed/claims_checked.csv, written by the claim engine (00_verdicts)")
