"""The charts of 03_housing, one function per figure; each takes the built :class:`kzseries.pages.housing.Housing`.

Each function returns the figure; the notebook saves it with ``figures.save``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import figures
from ..housing import VINTAGES, VLABEL
from . import common

PAL = figures.PALETTE


def area_by_year(R):
    """Figure 3.1: the area commissioned per year (top) and its year-on-year growth (bottom)."""
    o, lv = R.overview, R.level
    yrs = list(range(o.first_year, o.last_year + 1))
    fig, (ax, axg) = plt.subplots(2, 1, figsize=(10, 7), sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
    ax.plot(yrs, R.area.reindex(yrs).to_numpy(), "-o", color=PAL["observed"], lw=2, ms=5,
            label=f"full year, {R.label()}")
    diff = R.area_alt[(R.area_alt - R.area).abs() > 1e-9]
    common.hollow(ax, diff.index, diff.to_numpy(), PAL["alt"], label=f"full year, {R.label(R.alt)} (where it differs)",
                  size=60)
    pre = lv.preliminary_points
    ax.plot(pre.index, pre.to_numpy(), "s", mfc="none", mec=PAL["forecast"], ms=12, ls="none",
            label="preliminary full-year figure")
    ax.plot(lv.ytd["x"], lv.ytd["value_std"], "x", color=PAL["forecast"], ms=5, ls="none",
            label="year-to-date (partial year, not a full year)")
    common.star(ax, lv.year, lv.stated, label=f"stated: {lv.stated:g} mn m² in {lv.year}")
    common.shade_years(ax, o.missing, label="no full-year figure curated (a gap in this project's sources)")
    ax.set_ylabel("million m² of total floor area")
    ax.set_title("Housing commissioned in Kazakhstan, million m² per year")
    ax.legend(loc="upper left", fontsize=8.5)
    g = lv.growth.reindex(yrs)
    colours = [PAL["claim"] if y == lv.year else PAL["observed"] for y in yrs]
    axg.bar(yrs, g.to_numpy(), color=colours, width=0.7)
    axg.axhline(0, color="#555", lw=0.8)
    common.shade_years(axg, o.missing, label=None)
    axg.set_ylabel("% on the year before")
    axg.set_title("Growth on the year before (latest figure on latest figure; none across a gap)", fontsize=10)
    common.year_axis(axg, yrs[0], yrs[-1], 2)
    fig.tight_layout()
    return fig


def change_vs_base(R):
    """Figure 3.2: the base-year figure against the bases the two stated changes imply, and the changes."""
    c = R.change
    fig, axes = plt.subplots(1, 3, figsize=(11.5, 3.9), gridspec_kw={"width_ratios": [1.2, 1, 1]})
    ax = axes[0]
    labels = [f"data, {c.base}", f"implied by +{c.stated_abs:g}\n({c.stated_end:g} − {c.stated_abs:g})",
              f"implied by +{c.stated_pct:g}%\n({c.stated_end:g} / {1 + c.stated_pct / 100:g})"]
    vals = [c.base_data, c.base_from_abs, c.base_from_pct]
    ax.barh(labels, vals, color=[PAL["observed"], PAL["claim"], PAL["claim"]])
    for i, v in enumerate(vals):
        if not math.isnan(v):
            ax.text(v + 0.05, i, f"{v:.2f}", va="center", fontsize=9)
    ok = [v for v in vals if not math.isnan(v)]
    ax.set_xlim(min(ok) - 0.6, max(ok) + 0.5)
    ax.invert_yaxis()
    ax.set_xlabel("million m²")
    ax.set_title(f"The {c.base} base", fontsize=11)
    for ax, stated, meas, alt, unit in ((axes[1], c.stated_pct, c.d_pct, c.d_pct_alt, "%"),
                                         (axes[2], c.stated_abs, c.d_abs, c.d_abs_alt, "million m²")):
        ax.bar(["stated", f"data,\n{R.label()}", f"data,\n{R.label(R.alt)}"], [stated, meas, alt],
               color=[PAL["claim"], PAL["observed"], PAL["alt"]], width=0.6)
        for i, v in enumerate([stated, meas, alt]):
            ax.text(i, v, f"{v:.1f}" if unit == "%" else f"{v:.2f}", ha="center", va="bottom", fontsize=9)
        ax.set_ylabel(unit)
        ax.set_title(f"Change {c.base}→{c.end}, {unit}", fontsize=11)
        ax.tick_params(axis="x", labelsize=8.5)
    fig.tight_layout()
    return fig


def window_sum(R):
    """Figure 3.3: the window's sum stacked by year, per vintage, with the stated and the ministry's totals."""
    w = R.window
    fig, ax = plt.subplots(figsize=(8.5, 5))
    cmap = plt.get_cmap("Blues")
    n = len(w.stacks[VINTAGES[0]])
    for i, v in enumerate(VINTAGES):
        bottom = 0.0
        for k, (y, val) in enumerate(w.stacks[v].items()):
            if math.isnan(val):
                continue
            ax.bar(i, val, bottom=bottom, color=cmap(0.3 + 0.6 * k / max(1, n - 1)), edgecolor="white", width=0.55)
            ax.text(i, bottom + val / 2, f"{y}: {val:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if k > n / 2 else "black")
            bottom += val
        ax.text(i + 0.3, bottom - 2, f" total {bottom:.2f}" + ("" if w.stacks[v].notna().all() else " (incomplete)"),
                ha="left", va="top", fontsize=10, fontweight="bold")
    ax.axhline(w.stated, color=PAL["claim"], lw=2, ls="--", label=f"stated: {w.stated:g}")
    if not math.isnan(w.ministry_total):
        ax.axhline(w.ministry_total, color=PAL["alt3"], lw=1.5, ls=":",
                   label=f"ministry total, published {w.ministry_published}: {w.ministry_total:g}")
    ax.set_xticks([0, 1], [f"sum of {VLABEL[v]}s" for v in VINTAGES])
    ax.set_ylabel("million m², cumulative")
    ax.set_ylim(0, max(w.stated, 100) * 1.12)
    ax.set_xlim(-0.6, 2.9)
    ax.legend(loc="lower right", fontsize=8.5)
    ax.set_title(f"Housing commissioned {w.start}–{w.end}, summed by year")
    return fig


def plans_vs_actual(R):
    """Figure 3.4: paired bars per year, the operational plan and the outcome; other plans as diamonds."""
    plans = R.plans.table
    bars, marks = plans[plans["role"] == "bar"].set_index("year"), plans[plans["role"] == "marker"]
    py = list(range(int(plans["year"].min()), int(plans["year"].max()) + 1))
    x = np.arange(len(py))
    fig, ax = plt.subplots(figsize=(11, 5))
    ax.bar(x - 0.2, bars["target_value"].reindex(py).to_numpy(), width=0.4, color=PAL["target"], alpha=0.75,
           label="annual plan (operational)")
    act, alt = R.area.reindex(py), R.area_alt.reindex(py)
    ax.bar(x + 0.2, act.to_numpy(), width=0.4, color=PAL["observed"], label=f"actual, {R.label()}")
    dif = ((alt - act).abs() > 1e-9).to_numpy()
    common.hollow(ax, x[dif] + 0.2, alt[dif].to_numpy(), PAL["alt"], label=f"actual, {R.label(R.alt)}", size=50)
    pre_x = [i for i, y in enumerate(py) if y in R.overview.preliminary]
    ax.bar(np.array(pre_x) + 0.2, act.iloc[pre_x].to_numpy(), width=0.4, color="none", edgecolor=PAL["forecast"],
           hatch="//", label="actual is preliminary")
    for _, m in marks.iterrows():
        i = py.index(int(m["year"]))
        ax.plot(i - 0.2, m["target_value"], "D", color="black", mfc=PAL["claim"], ms=7, ls="none", zorder=4)
        txt = f"{m['target_value']:g} {m['kind']} ({m['stated_on']})"
        if i == len(py) - 1:  # last year: label in the right margin, with a leader line
            ax.annotate(txt, (i - 0.2, m["target_value"]), xytext=(len(py) - 0.35, m["target_value"]),
                        ha="left", va="center", fontsize=7.5, arrowprops=dict(arrowstyle="-", color="#777", lw=0.6))
        else:
            ax.annotate(txt, (i - 0.2, m["target_value"]), xytext=(-8, 0), textcoords="offset points", ha="right",
                        va="center", fontsize=7.5, bbox=dict(fc="white", ec="none", alpha=0.85, pad=0.6))
    ax.set_xlim(-0.7, len(py) + 1.6)
    ax.plot([], [], "D", color="black", mfc=PAL["claim"], ms=7, ls="none", label="other plan / programme benchmark")
    for i, y in enumerate(py):
        if math.isnan(act[y]):
            ax.text(i + 0.2, 0.3, "no full-year\nfigure curated", ha="center", fontsize=7, color="#555", rotation=90,
                    va="bottom")
    ax.set_xticks(x, [str(y) for y in py])
    ax.set_ylabel("million m²")
    ax.set_title("Annual housing plans against commissioning, million m²")
    ax.legend(loc="upper left", fontsize=8.5)
    return fig


def target_path_111(R):
    """Figure 3.5: cumulative commissioning against the 111 million m² path and an even split."""
    t = R.path111
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.plot(t.path["year"], t.path["cumulative"], "-", color=PAL["target"], lw=2,
            label=f"target path ({t.path['rule'].iloc[0]})")
    ax.plot(t.even["year"], t.even["cumulative"], "--", color=PAL["target"], lw=1.2, alpha=0.7,
            label=f"even split ({t.goal / (t.end - t.start + 1):.2f} a year)")
    for v, colr, mk in ((VINTAGES[0], PAL["observed"], "o"), (VINTAGES[1], PAL["alt"], "s")):
        cs = t.cumulative[v]
        ax.plot(cs.index, cs.to_numpy(), "-" + mk, color=colr, lw=2 if v == R.vintage else 1.2, ms=6,
                mfc=colr if v == R.vintage else "white", label=f"actual cumulative, {VLABEL[v]}")
    ax.axhline(t.goal, color=PAL["target"], lw=0.8, ls=":")
    ax.text(t.start, t.goal + 1.5, f"goal: {t.goal:g} million m² by {t.end}", fontsize=9, color=PAL["target"])
    if t.last_preliminary:
        ax.annotate(f"{t.last_year}: preliminary", (t.last_year, t.cumulative[R.vintage][t.last_year]),
                    xytext=(10, 6), textcoords="offset points", fontsize=8, color="#555")
    ax.set_xticks(range(t.start, t.end + 1))
    ax.set_ylim(0, t.goal * 1.08)
    ax.set_ylabel(f"million m², cumulative from {t.start}")
    ax.set_title(f"The {t.goal:g} million m² target ({t.start}–{t.end}): path and progress")
    ax.legend(loc="lower right", fontsize=8.5)
    return fig


def dwellings_target(R):
    """Figure 3.6: dwellings per year (partial years hatched) and the target window stacked against the goal."""
    f = R.flats
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.8), gridspec_kw={"width_ratios": [2.2, 1]})
    for r in f.chart_coverage.itertuples():
        if r.basis == "missing":
            ax.text(r.year, 3, "no data", ha="center", fontsize=8, color="#555", rotation=90, va="bottom")
            continue
        part = r.basis != "full year"
        ax.bar(r.year, r.value / 1000, color="white" if part else PAL["observed"], edgecolor=PAL["observed"],
               hatch="//" if part else None, width=0.7)
        ax.text(r.year, r.value / 1000 + 2, f"{r.value / 1000:.0f}" + ("\nJan–Nov" if part else ""), ha="center",
                fontsize=8)
    ax.axvspan(f.start - 0.5, f.end + 0.5, color=PAL["claim"], alpha=0.12, lw=0)
    ax.text(f.start - 0.4, ax.get_ylim()[1] * 0.97, f"target window {f.start}–{f.end}", fontsize=8.5, va="top")
    ax.legend(handles=[Patch(color=PAL["observed"], label="full year"),
                       Patch(fc="white", ec=PAL["observed"], hatch="//", label="partial year only (Jan–Nov)")],
              loc="upper left", bbox_to_anchor=(0, 0.92), fontsize=8.5)
    ax.set_ylabel("thousand dwellings")
    ax.set_title("Dwellings commissioned per year", fontsize=11)
    bottom = 0.0
    for r in f.coverage.itertuples():
        part = r.basis != "full year"
        ax2.bar(0, r.value / 1000, bottom=bottom, color="white" if part else PAL["observed"],
                edgecolor=PAL["observed"] if part else "white", hatch="//" if part else None, width=0.5)
        ax2.text(0, bottom + r.value / 2000, f"{r.year}" + (" (Jan–Nov)" if part else ""), ha="center",
                 va="center", fontsize=8, color="black" if part else "white",
                 bbox=dict(fc="white", ec="none", pad=0.5) if part else None)
        bottom += r.value / 1000
    ax2.axhline(f.goal / 1000, color=PAL["target"], lw=2, label=f"target: about {f.goal / 1e6:g} million")
    ax2.axhspan(f.floor / 1000, f.goal / 1000, color=PAL["target"], alpha=0.12,
                label=f"within {R.tolerance:g}% below the target")
    ax2.text(0.3, bottom, f"{bottom:,.0f}\n(lower\nbound)", fontsize=9, va="center")
    ax2.set_xlim(-0.5, 0.9)
    ax2.set_xticks([])
    ax2.set_ylim(0, f.goal / 1000 * 1.12)
    ax2.set_title(f"Sum {f.start}–{f.end}", fontsize=11)
    ax2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=8)
    fig.tight_layout()
    return fig


def composition(R):
    """Figure 3.7: dwellings split into flats and individual houses, and the houses' share."""
    comp, pm = R.composition.table, R.composition.partial
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.6))
    cy = comp.index.to_numpy()
    ax.bar(cy, comp["flats"] / 1000, color=PAL["observed"], label="flats in apartment buildings", width=0.7)
    ax.bar(cy, comp["houses"] / 1000, bottom=comp["flats"] / 1000, color=PAL["alt2"], label="individual houses",
           width=0.7)
    for y in range(int(cy.min()), int(cy.max()) + 1):
        if y not in comp.index:
            ax.text(y, 5, "no full-year\ncount", ha="center", fontsize=8, color="#555", rotation=90, va="bottom")
    ax.set_xticks(range(int(cy.min()), int(cy.max()) + 1))
    ax.set_ylabel("thousand dwellings")
    ax.set_title("Dwellings by type, full years", fontsize=11)
    ax.legend(loc="upper left", fontsize=8.5)
    ax2.plot(cy, comp["house_share_pct"], "o", color=PAL["alt2"], ms=8, label="full year")
    common.hollow(ax2, pm["x"], pm["share"], PAL["alt2"], label="partial period (same release)")
    ax2.set_ylim(0, 60)
    ax2.set_ylabel("individual houses, % of dwellings")
    ax2.set_title("Share of individual houses in dwellings", fontsize=11)
    ax2.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig


def investment(R):
    """Figure 3.8: housing investment, nominal (one source) and in constant base-year prices."""
    inv = R.investment
    fig, ax = plt.subplots(figsize=(10, 4.8))
    ax.bar(inv.nominal.index, inv.nominal.to_numpy() / 1000, color=PAL["grid"], edgecolor=PAL["forecast"],
           label=f"nominal ({inv.source}, current prices)")
    ax.plot(inv.real.index, inv.real.to_numpy() / 1000, "-o", color=PAL["observed"], lw=2,
            label=f"real, constant {R.base_year} prices (CPI-deflated)")
    est = inv.cpi_estimated
    ax.plot(est, inv.real.reindex(est).to_numpy() / 1000, "o", mfc="white", mec=PAL["forecast"], ms=9, ls="none",
            label="CPI for this year is an IMF estimate")
    ax.plot(inv.others["year"], inv.others["value_std"] / 1000, "_", color=PAL["alt"], ms=14, mew=2, ls="none",
            label="nominal, other statements")
    ax.set_ylabel("KZT trillion")
    ax.set_title("Investment in housing construction, KZT trillion")
    ax.legend(loc="upper left", fontsize=8.5)
    ax.set_xticks(list(inv.nominal.index))
    ax.tick_params(axis="x", labelsize=8.5)
    return fig
