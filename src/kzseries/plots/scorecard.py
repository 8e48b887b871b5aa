"""The scorecard's chart: every stated figure's deviation from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures, registry, scorecard

ONE_SIDED = ("more_than", "at_least", "up_to")


def deviation_by_claim(head: pd.DataFrame, tolerance_pct: float, clip: float = 60.0) -> None:
    """Figure 7.1: horizontal bars of (stated - measured) / measured, grouped by series, coloured by verdict."""
    import matplotlib.pyplot as plt

    dev = head[head["kind"] != "forecast"].dropna(subset=["deviation_pct"]).copy()
    order = {s: i for i, s in enumerate(registry.SERIES)}
    dev = dev.sort_values(["series", "deviation_pct"], key=lambda c: c.map(order) if c.name == "series" else c,
                          kind="mergesort").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.34 * len(dev) + 1.8))
    y = np.arange(len(dev))[::-1]
    vals = dev["deviation_pct"].clip(-clip, clip)
    ax.axvspan(-tolerance_pct, tolerance_pct, color="#eeeeee", zorder=0)
    for yi, v, raw, verdict, qual, margin, firm in zip(y, vals, dev["deviation_pct"], dev["verdict"], dev["qualifier"],
                                                       dev["margin_pct"], dev["robust"]):
        s = figures.VERDICT_STYLE[verdict]
        ax.barh(yi, v, color=s["colour"], hatch=s["hatch"], edgecolor="white", zorder=2)
        if qual in ONE_SIDED:  # "more than": any amount beyond the bar's end is consistent with the statement
            ax.plot(v, yi, marker="<" if qual != "up_to" else ">", color="black", ms=7, zorder=3)
        # the margin to the nearest tolerance edge beside each verdict, and a fragile one said in words
        ax.text(v + (2 if v >= 0 else -2), yi, f"{raw:+.1f}% {verdict.replace('_', ' ')} · margin {margin:.1f} pt"
                + (" · FRAGILE" if firm == "fragile" else ""), va="center", ha="left" if v >= 0 else "right",
                fontsize=8, fontweight="bold" if firm == "fragile" else "normal")
    ax.set_yticks(y, [scorecard.short_label(r) for r in dev.itertuples()], fontsize=8)
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_xlim(-clip - 25, clip + 25)
    ax.set_xlabel("deviation of the stated figure from the data (%)")
    ax.set_title("Stated vs measured, by series")
    shown = list(dict.fromkeys(dev["verdict"]))
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=figures.VERDICT_STYLE[v]["colour"], edgecolor="white",
                             hatch=figures.VERDICT_STYLE[v]["hatch"]) for v in shown]
    handles.append(plt.Line2D([], [], marker="<", color="black", ls="none"))
    ax.legend(handles, [v.replace("_", " ") for v in shown] + ["one-sided statement (more than, at least)"],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)  # outside: never over a bar label
    figures.save(fig, "07_deviation_by_claim", tolerance=f"{tolerance_pct:g}", clip=f"{clip:g}")


def verdict_timeline(history: pd.DataFrame) -> None:
    """Figure 7.2: each check's verdict as known on the day it was said and at each later release."""
    import matplotlib.pyplot as plt

    moved = history[history.groupby("claim_id")["claim_id"].transform("size") > 1]
    ids = list(dict.fromkeys(moved["claim_id"]))
    dates = sorted(d for d in set(moved["as_of"]) if d != "latest") + (["latest"] if (moved["as_of"] == "latest").any()
                                                                       else [])
    x = {d: i for i, d in enumerate(dates)}
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(ids) + 2.2))
    for yi, cid in enumerate(ids[::-1]):
        h = moved[moved["claim_id"] == cid]
        xs = [x[d] for d in h["as_of"]]
        ax.plot(xs, [yi] * len(xs), color="#999999", lw=1, zorder=1)
        for xi, v in zip(xs, h["verdict"]):
            s = figures.VERDICT_STYLE[v]
            ax.scatter(xi, yi, marker=s["marker"], s=70, color=s["colour"], edgecolor="black", lw=0.5, zorder=2)
    ax.set_yticks(range(len(ids)), ids[::-1], fontsize=8)
    ax.set_xticks(range(len(dates)), dates, rotation=45, ha="right", fontsize=8)
    ax.set_xlabel("as known on (publication date of the rows the check reads)")
    ax.set_title("Verdicts as the data arrived")
    shown = list(dict.fromkeys(moved["verdict"]))
    handles = [plt.Line2D([], [], marker=figures.VERDICT_STYLE[v]["marker"], color=figures.VERDICT_STYLE[v]["colour"],
                          markeredgecolor="black", ls="none") for v in shown]
    ax.legend(handles, [v.replace("_", " ") for v in shown], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    figures.save(fig, "07_verdict_timeline")
