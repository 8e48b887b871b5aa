"""The chart of the rest of the documents: stated against measured, one panel per theme."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures
from ..claims import fmt
from ..themes import THEMES
from .scorecard import ONE_SIDED


def stated_vs_measured(checked: pd.DataFrame, tolerance_pct: float, clip: float = 100.0) -> None:
    """Figure 6.1: each primary check judged against one number, its deviation from the data, by theme."""
    import matplotlib.pyplot as plt

    dev = checked[(checked["reading_of"] == "")].dropna(subset=["deviation_pct"])
    themes = [t for t in THEMES if (dev["theme"] == t).any()]
    heights = [max(1, int((dev["theme"] == t).sum())) for t in themes] or [1]
    fig, axes = plt.subplots(len(heights), 1, figsize=(9, 0.36 * sum(heights) + 0.9 * len(heights) + 0.8),
                             gridspec_kw={"height_ratios": heights}, sharex=True, squeeze=False)
    for ax, t in zip(axes[:, 0], themes):
        d = dev[dev["theme"] == t].sort_values("deviation_pct", kind="mergesort")
        y = np.arange(len(d))
        ax.axvspan(-tolerance_pct, tolerance_pct, color="#eeeeee", zorder=0)
        for yi, raw, verdict, qual in zip(y, d["deviation_pct"], d["verdict"], d["qualifier"]):
            s = figures.VERDICT_STYLE[verdict]
            v = float(np.clip(raw, -clip, clip))
            ax.barh(yi, v, color=s["colour"], hatch=s["hatch"], edgecolor="white", zorder=2)
            if qual in ONE_SIDED:  # "more than": any amount beyond the bar's end is consistent with the statement
                ax.plot(v, yi, marker="<" if qual != "up_to" else ">", color="black", ms=7, zorder=3)
            shown = round(raw, 1) or 0.0  # never "-0.0%"
            ax.text(v + (3 if v >= 0 else -3), yi, f"{shown:+.1f}% {verdict.replace('_', ' ')}", va="center",
                    ha="left" if v >= 0 else "right", fontsize=8)
        ax.set_yticks(y, [f"{r.claim_id} ({fmt(r.stated_value)} {r.unit})" for r in d.itertuples()], fontsize=8)
        ax.axvline(0, color="#333", lw=0.8)
        ax.set_title(THEMES[t], loc="left", fontsize=10)
    ax = axes[-1, 0]
    reach = min(clip, float(dev["deviation_pct"].abs().max()) if len(dev) else clip)
    ax.set_xlim(-reach - 40, reach + 40)  # room for the labels beside the longest bar
    ax.set_xlabel("deviation of the stated figure from the data (%)")
    figures.save(fig, "06_stated_vs_measured", tolerance=f"{tolerance_pct:g}", clip=f"{clip:g}")
