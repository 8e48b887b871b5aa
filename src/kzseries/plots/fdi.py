"""The FDI page's charts: one function per figure, each taking the :class:`kzseries.page.Result`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .. import fdi, figures
from ..pages import fdi as page
from . import common

C = figures.PALETTE
LABEL = {m: lab for m, (_, lab) in page.MEASURES.items()}
NET_STYLE = {"net_world_bank": (C["alt"], "o"), "net_nbk": (C["alt2"], "s"), "net_unctad": (C["alt3"], "D")}


def gross_vs_net(R: page.Result, years: range = range(2000, 2026)):
    """Figure 2.1: gross bars (speech figures hatched, other releases as dashes) and the three net lines."""
    G = R.gross
    fig, ax = plt.subplots(figsize=(10, 5.2))
    ax.bar(G.index, G.values, color=C["observed"], alpha=0.85, width=0.7, label=LABEL["gross"] + ", value used")
    speech = R.facts["choice"]["speech_years"]
    if speech:
        ax.bar(speech, [G[y] for y in speech], color="white", alpha=0.55, width=0.7, hatch="//",
               edgecolor=C["observed"], label="gross, only a speech figure")
    c = R.candidates
    others = c[(c["used"] == "") & (c["USD bn"] != c["year"].map(G))]
    if len(others):
        ax.scatter(others["year"], others["USD bn"], marker="_", s=260, color="black", zorder=4,
                   label="gross, other sources / first releases")
    for m, (col, mk) in NET_STYLE.items():
        s = fdi.as_series(R.annual[m]).reindex(list(years))  # NaN breaks the line at a missing year
        ax.plot(list(years), s.values, color=col, marker=mk, ms=4, lw=1.6, label=LABEL[m])
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    ax.set_ylim(-4, 36)
    ax.set_ylabel("USD bn, current prices")
    ax.set_title("Gross FDI inflow vs net FDI inflow, Kazakhstan")
    ax.legend(loc="upper left", fontsize=8.5, ncol=2)
    return fig


def claim_window(R: page.Result):
    """Figure 2.2: annual inflows in the six-year window and their sums against the claimed $130 bn."""
    a, b = R.claim_window
    f = R.facts["claim130"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1.6, 1]})
    yrs = np.arange(a, b + 1)
    for i, (m, col) in enumerate([("gross", C["observed"]), ("net_world_bank", C["alt"]), ("net_nbk", C["alt2"])]):
        s = fdi.as_series(R.annual[m]).reindex(yrs)
        ax1.bar(yrs + (i - 1) * 0.27, s.values, width=0.27, color=col, label=LABEL[m],
                edgecolor="black" if m == R.measure else "none", lw=1.2)
        for y in yrs[np.isnan(s.values)]:
            ax1.text(y + (i - 1) * 0.27, 0.4, "no data", rotation=90, fontsize=7, ha="center", va="bottom", color=col)
    ax1.axhline(0, color="black", lw=0.8)
    ax1.set_xticks(yrs)
    ax1.set_ylabel("USD bn")
    ax1.set_title(f"Annual inflows, {a}–{b}")
    ax1.set_ylim(min(-2, ax1.get_ylim()[0]), 36)
    ax1.legend(fontsize=8, loc="upper left", ncol=2)
    sums = [R.window(m, a, b) for m in page.MEASURES]
    vals = [ws.total if ws.complete else ws.partial for ws in sums]
    cols = [C["observed"], C["alt"], C["alt2"], C["alt3"]]
    bars = ax2.barh(range(len(vals)), vals, color=cols,
                    edgecolor=["black" if m == R.measure else "none" for m in page.MEASURES])
    for i, (bar, ws, v) in enumerate(zip(bars, sums, vals)):
        if not ws.complete:
            bar.set_hatch("//")
            bar.set_alpha(0.35)
        t = f"{ws.total:.1f}" if ws.complete else f"incomplete: {len(ws.missing)} yrs missing"
        if v > 100:
            ax2.text(v - 3, i, t, va="center", ha="right", fontsize=9, color="white", fontweight="bold")
        else:
            ax2.text(max(v, 0) + 2, i, t, va="center", fontsize=8.5)
    ax2.axvline(f["stated"], color=C["claim"], lw=2, ls="--", label=f"claimed: {f['stated']:g}")
    ax2.set_yticks(range(len(vals)), [LABEL[m].replace(" (", "\n(") for m in page.MEASURES], fontsize=8)
    ax2.invert_yaxis()
    ax2.set_xlim(min(0, min(vals)) - 2, 175)
    ax2.set_xlabel("USD bn, sum over the window")
    ax2.set_title(f"Sum {a}–{b} by measure")
    ax2.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def target_path(R: page.Result):
    """Figure 2.3: cumulative gross inflow against an even path to the goal, one panel per engine reading."""
    f = R.facts["target"]
    goal = f["goal"]
    readings = R.target.sort_values("start", ascending=False, kind="mergesort")
    fig, axes = plt.subplots(1, len(readings), figsize=(11, 4.6), sharey=True)
    for ax, r in zip(np.atleast_1d(axes), readings.itertuples()):
        a, b = r.start, r.end
        path = fdi.straight_line_path(goal, a, b)
        ax.plot([a - 1, *path["year"]], [0, *path["path"]], color=C["target"], ls="--", lw=1.4,
                label=f"even path to {goal:g}")
        ax.axhline(goal, color=C["target"], lw=0.8, alpha=0.5)
        for m, col in [("gross", C["observed"])] + ([(R.measure, C["alt"])] if R.measure != "gross" else []):
            cum = fdi.cumulative_actual(R.annual[m], a, b)
            if not cum.empty:
                ax.plot([a - 1, *cum["year"]], [0, *cum["cumulative"]], color=col, marker="o", lw=2,
                        label=f"actual, {LABEL[m]}")
        ly = r.through
        ax.plot([ly, b], [r.achieved, goal], color=C["observed"], ls=":", lw=1.6, label="needed from here")
        ax.annotate(f"achieved {r.pace_achieved:.1f}/yr\nneeded {r.pace_required:.1f}/yr\n"
                    f"→ {r.verdict.replace('_', ' ')} (claim engine)", xy=(ly, r.achieved),
                    xytext=(ly + 0.3, r.achieved + 35), fontsize=8.5,
                    arrowprops=dict(arrowstyle="-", color="grey", lw=0.6))
        ax.set_xticks(range(a - 1, b + 1), ["start"] + [str(y) for y in range(a, b + 1)])
        ax.tick_params(axis="x", labelsize=8)
        ax.set_title(f"{r.reading.capitalize()}: {a}–{b}" + ("  (your view)" if a == R.target_window_start else ""))
        ax.set_ylim(min(-5, ax.get_ylim()[0]), goal * 1.12)
    np.atleast_1d(axes)[0].set_ylabel("USD bn, cumulative from the window's start")
    np.atleast_1d(axes)[0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def plans_vs_outcomes(R: page.Result):
    """Figure 2.4: each year's plans, targets and forecasts beside the outcome."""
    plans, G = R.plans, R.gross
    order = {"plan": 0, "target": 0, "forecast": 1}
    fig, ax = plt.subplots(figsize=(9.5, 4.6))
    plan_years = sorted(plans["year"].unique())
    for i, y in enumerate(plan_years):
        sub = plans[plans["year"] == y].assign(o=lambda d: d["kind"].map(order))
        sub = sub.sort_values(["o", "target_value"], kind="mergesort")
        width = 0.8 / (len(sub) + 1)
        xs = [i - 0.4 + width * (j + 0.5) for j in range(len(sub) + 1)]
        for x, r in zip(xs, sub.itertuples()):
            fc = C["forecast"] if r.kind == "forecast" else C["target"]
            ax.bar(x, r.target_value, width=width * 0.95, color=fc, alpha=0.55 if r.kind == "forecast" else 0.8,
                   hatch="//" if r.kind == "forecast" else None)
            ax.text(x, r.target_value + 0.4, f"{r.target_value:g}", ha="center", fontsize=8)
            ax.text(x, 1, r.kind, ha="center", va="bottom", rotation=90, fontsize=8, color="white")
        if y in G.index:
            ax.bar(xs[-1], G[y], width=width * 0.95, color=C["observed"])
            ax.text(xs[-1], G[y] + 0.4, f"{G[y]:g}", ha="center", fontsize=8, color=C["observed"])
            ax.text(xs[-1], 1, "actual", ha="center", va="bottom", rotation=90, fontsize=8, color="white")
        else:
            ax.text(xs[-1], 1, "no actual\nin data" if y <= 2025 else "pending", ha="center", fontsize=7.5,
                    color=C["observed"])
    ax.set_xticks(range(len(plan_years)), [str(y) for y in plan_years])
    ax.set_ylim(0, 36)
    ax.set_ylabel("USD bn, gross inflow in the year")
    ax.set_title("Annual FDI plans, targets and forecasts vs the outcome")
    ax.legend(handles=[Patch(color=C["target"], alpha=0.8, label="plan / target"),
                       Patch(facecolor=C["forecast"], alpha=0.55, hatch="//", label="forecast"),
                       Patch(color=C["observed"], label="actual (gross, NBK)")], fontsize=8, loc="upper left")
    return fig


def half_years(R: page.Result, hy: tuple[int, ...] = (2016, 2021, 2022, 2023, 2024)):
    """Figure 2.5: first half against the full year, with the H1 2024 claim and the implied H1 2021."""
    f, G = R.facts["half"], R.gross
    H = pd.Series(R.half["value_std"].to_numpy(dtype=float), index=R.half["year"].astype(int).to_numpy())
    hy = list(hy)
    x = np.arange(len(hy))
    fy = np.array([G.get(y, np.nan) for y in hy])
    hv = np.array([H.get(y, np.nan) for y in hy])
    fig, ax = plt.subplots(figsize=(9, 4.6))
    ax.bar(x - 0.18, fy, width=0.36, color=C["observed"], alpha=0.35, label="full year (gross)")
    ax.bar(x + 0.18, hv, width=0.36, color=C["observed"], label="first half, Jan–Jun (gross)")
    for xi, f_, h_ in zip(x, fy, hv):
        if not np.isnan(h_):
            share = "" if np.isnan(f_) else f"\n({h_ / f_ * 100:.0f}% of year)"
            ax.text(xi + 0.18, h_ + 0.4, f"{h_:g}{share}", ha="center", fontsize=7.5)
        for off, v, t in ((-0.18, f_, "no full-year value"), (0.18, h_, "no H1 value")):
            if np.isnan(v):
                ax.text(xi + off, 0.5, t, ha="center", fontsize=7, rotation=90, va="bottom")
    if len(R.half_prelim):
        ax.scatter([hy.index(y) + 0.18 for y in R.half_prelim["year"]], R.half_prelim["value_std"], marker="_",
                   s=300, color="black", zorder=4, label="preliminary H1 figure")
    for y, v, mk, lab, txt in ((2024, f["stated_2024"], "o", "claimed, no row in the data", "claimed"),
                               (2021, f["implied_2021"], "D", f"implied by the +{f['stated_growth']:g}% claim",
                                "implied")):
        ax.scatter([hy.index(y) + 0.18], [v], s=90, marker=mk, facecolor="none", edgecolor=C["claim"], lw=2,
                   zorder=5, label=lab)
        ax.annotate(f"{v:.1f} {txt}", (hy.index(y) + 0.18, v), textcoords="offset points", xytext=(0, 9),
                    ha="center", fontsize=7.5, color="#8a6d00")
    ax.set_xticks(x, [str(y) for y in hy])
    ax.set_ylabel("USD bn")
    ax.set_ylim(0, 33)
    ax.set_title("Gross FDI inflow: first half vs full year")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    return fig


def cumulative_vs_stock(R: page.Result):
    """Figure 2.6: running totals since independence against the stock; below, what the annual data cover."""
    f = R.facts["independence"]
    cum, stock = R.running_totals, R.stock
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(9, 6.4), gridspec_kw={"height_ratios": [2.2, 1]})
    ax.plot(pd.to_datetime(cum["end"]), cum["value_std"], color=C["observed"], marker="o", ls=":", lw=1.2,
            label="officials' running total of gross inflows since 1991")
    for r in cum.itertuples():
        ax.annotate(f"{r.value_std:g}\n({r.end[:7]})", (pd.Timestamp(r.end), r.value_std),
                    textcoords="offset points", xytext=(8, -14), fontsize=7.5)
    ax.plot(pd.to_datetime(stock["end"]), stock["value_std"], color=C["alt"], marker="s", lw=1.2,
            label="inward FDI stock (position)")
    ax.scatter([pd.Timestamp(f"{f['latest_end']}-01")], [f["stated"]], s=110, marker="^", facecolor="none",
               edgecolor=C["claim"], lw=2, zorder=5, label=f"claim: more than {f['stated']:g} by {f['latest_end']}")
    ax.set_ylabel("USD bn")
    ax.set_ylim(0, 360)
    ax.set_title("Cumulative gross inflow since independence vs the FDI stock")
    ax.legend(fontsize=8, loc="upper left")
    cov = f["to_now"]
    common.shade_years(ax2, cov["without_data"], label=f"no annual gross value ({cov['n_without']} years)")
    ax2.bar(cov["with_data"], [R.gross[y] for y in cov["with_data"]], color=C["observed"], width=0.7,
            label=f"annual gross inflow ({cov['n_with']} years)")
    common.year_axis(ax2, cov["start"], cov["end"], step=3)
    ax2.set_ylabel("USD bn a year")
    ax2.set_title(f"Annual gross data, {cov['start']}–{cov['end']}: {cov['n_with']} of {cov['years']} years",
                  fontsize=10)
    ax2.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def sector_shares(R: page.Result):
    """Figure 2.7: three readings of 'processing' as shares of the gross inflow, against the implied share."""
    f, sh = R.facts["manufacturing"], R.sectors
    cols = [("manufacturing_share_pct", "manufacturing", C["observed"]),
            ("manufacturing_mining_share_pct", "manufacturing + mining", C["forecast"]),
            ("non_mining_share_pct", "total minus mining", C["alt2"]),
            ("mining_share_pct", "mining (for reference)", C["alt"])]
    fig, ax = plt.subplots(figsize=(9, 4.6))
    xx, bw = np.arange(len(sh)), 0.2
    for k, (col, lab, colour) in enumerate(cols):
        off = (k - 1.5) * bw
        ax.bar(xx + off, sh[col], width=bw, color=colour, label=lab, alpha=0.55 if col == "mining_share_pct" else 1)
        for xi, v in zip(xx, sh[col]):
            ax.text(xi + off, 1 if np.isnan(v) else v + 1, "no data" if np.isnan(v) else f"{v:.0f}%",
                    ha="center", va="bottom", rotation=90 if np.isnan(v) else 0, fontsize=7.5)
    ax.axhline(f["share_of_claim"], color=C["claim"], ls="--", lw=2,
               label=f"claimed share: {f['stated']:g} of {f['total_stated']:g}")
    ax.axhline(f["share_of_sum"], color=C["claim"], ls=":", lw=2,
               label=f"{f['stated']:g} of the measured {f['window'][0]}–{f['window'][1]} gross sum")
    ax.set_xticks(xx, [str(y) for y in sh["year"]])
    ax.set_ylabel("% of the gross inflow in the year")
    ax.set_ylim(0, 85)
    ax.set_xlim(-0.6, len(sh) - 0.4)
    ax.set_title("Share of gross FDI inflow by reading of 'processing' (NBK)")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    return fig
