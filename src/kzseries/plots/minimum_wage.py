"""The minimum-wage charts (05_minimum_wage), one function per figure, each drawn from ``minimum_wage.build``."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import minimum_wage as mw
from ..figures import PALETTE
from ..pages import minimum_wage as page


def _thousands(ax):
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")


def _upto(monthly: pd.Series, end_year: int) -> pd.Series:
    return monthly[monthly.index.year <= end_year]


def nominal_steps(R: page.MinimumWage):
    """Figure: the amount in force each month, frozen years shaded, the claim's two amounts as diamonds."""
    x, y = mw.step_xy(_upto(R.monthly, R.end_year))
    first = int(R.monthly.index.min().year)
    fig, ax = plt.subplots(figsize=(10, 5))
    for i, fy in enumerate(f for f in R.frozen if f <= R.end_year):
        ax.axvspan(fy, fy + 1, color=PALETTE["grid"], zorder=0, label="frozen all year" if i == 0 else None)
    keep = x <= R.end_year + 1
    ax.plot(x[keep], y[keep], drawstyle="steps-post", color=PALETTE["observed"], lw=2,
            label="minimum wage in force (budget law)")
    jan = R.january
    for yr in [v for v in jan.index if 2017 <= v <= R.end_year]:
        if yr == first or jan.get(yr - 1) != jan[yr]:
            ax.annotate(f"{jan[yr]:,.0f}", (yr, jan[yr]), xytext=(-4, 2), textcoords="offset points", fontsize=9,
                        color=PALETTE["observed"], ha="right", va="bottom")
    a, b = R.stated["level_2019"], R.stated["level_2024"]
    ax.scatter([2019.5, 2024.5], [a, b], s=70, marker="D", color=PALETTE["claim"], zorder=5, edgecolor="black",
               linewidth=0.5, label=f"claim: 'doubled from {a:,.0f} to {b:,.0f}'")
    ax.set_xlim(first, R.end_year + 1)
    ax.set_ylim(0, np.nanmax(y[keep]) * 1.12)
    _thousands(ax)
    ax.set_ylabel("KZT per month (gross)")
    ax.set_title("Minimum monthly wage in force, by month")
    ax.legend(loc="upper left")
    return fig


def three_ways(R: page.MinimumWage):
    """Figure: nominal, real (base-year prices) and dollar minimum wage, the claim's end points circled."""
    yrs = [v for v in R.annual.index if v <= R.end_year]
    a, b = page.CLAIM_SPAN
    panels = [(R.annual, "Nominal", "KZT per month", R.multiples["nominal"], PALETTE["observed"]),
              (R.real, f"Real, {R.base_year} prices", f"KZT per month at {R.base_year} prices", R.multiples["real"],
               PALETTE["alt"]),
              (R.usd, "In US dollars", "USD per month", R.multiples["usd"], PALETTE["alt2"])]
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.4))
    for ax, (s, name, unit, mult, col) in zip(axes, panels):
        s = s.reindex(range(min(yrs), max(yrs) + 1))
        ax.plot(s.index, s.values, marker="o", ms=4, color=col)
        for yy in (a, b):
            if yy in s.index and not pd.isna(s[yy]):
                ax.scatter([yy], [s[yy]], s=60, facecolor="none", edgecolor="black", zorder=5)
                ax.annotate(f"{s[yy]:,.0f}", (yy, s[yy]), xytext=(-7, 0), textcoords="offset points", fontsize=9,
                            ha="right", va="center")
        ax.set_title(f"{name}\n×{mult:.2f} from {a} to {b}", fontsize=11)
        ax.set_ylabel(unit)
        if s.notna().any():
            ax.set_ylim(0, np.nanmax(s.values) * 1.1)
        else:
            ax.text(0.5, 0.5, f"no price index links {R.base_year}\nto these years", transform=ax.transAxes,
                    ha="center", va="center", color=PALETTE["forecast"])
            ax.set_yticks([])
        _thousands(ax)
        ax.set_xlim(min(yrs) - 0.5, max(yrs) + 0.5)
    fig.suptitle("Minimum monthly wage, annual average of the amounts in force", fontweight="bold")
    fig.tight_layout()
    return fig


def bite(R: page.MinimumWage, start: int = 2010):
    """Figure: wages and the minimum wage (left); the Kaitz indices, the 2030 plan and the path to it (right)."""
    t = R.target
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [1, 1.1]})
    span = list(range(start, R.end_year + 1))
    a1.plot(span, R.average_wage.reindex(span).values, marker="o", ms=3, color=PALETTE["alt"],
            label="average wage (annual)")
    a1.plot(span, R.median_wage.reindex(span).values, marker="o", ms=4, color=PALETTE["alt3"],
            label="median wage (April survey)")
    q = R.quarterly_median
    a1.scatter([mw.quarter_x(p) for p in q["period"]], q["value_std"], marker="o", s=22, facecolor="none",
               edgecolor=PALETTE["forecast"], label="median, quarterly estimate (other method)")
    a1.scatter(R.modal_wage.index, R.modal_wage.values, marker="s", s=24, color=PALETTE["alt2"],
               label="modal wage (April survey)")
    a1.plot(span, R.annual.reindex(span).values, marker="o", ms=3, color=PALETTE["observed"], lw=2,
            label="minimum wage")
    a1.set_ylabel("KZT per month (gross, nominal)")
    _thousands(a1)
    a1.set_title("Wages and the minimum wage")
    a1.set_xlim(start - 0.5, R.end_year + 0.6)
    a1.legend(loc="upper left", fontsize=8)

    kspan = list(range(start, max(R.end_year, t.goal_year) + 1))
    for s, col, lab, key in [(R.kaitz_average, PALETTE["alt"], "minimum ÷ average wage", "average_wage"),
                             (R.kaitz_median, PALETTE["alt3"], "minimum ÷ median wage", "median_wage")]:
        a2.plot(kspan, s.reindex(kspan).values, marker="o", ms=3 if key == "average_wage" else 4, color=col,
                lw=2.5 if R.comparator == key else 1.5, label=lab)
    a2.plot(R.path.index, R.path.values, ls=":", color=PALETTE["target"], lw=1.8,
            label=f"straight path to the plan ({R.pace_points:+.1f} pp a year)")
    a2.scatter([t.goal_year], [t.goal], marker="*", s=180, color=PALETTE["target"], zorder=5,
               label=f"plan: {t.goal:g}% of the median by {t.goal_year}")
    said = int(t.stated_on[:4])
    a2.scatter([said + 0.75], [R.now_stated], marker="D", s=45, color=PALETTE["claim"], edgecolor="black",
               linewidth=0.5, zorder=5, label=f"'now {R.now_stated:g}%' (Vice-Minister, {said})")
    a2.set_ylim(0, 72)
    a2.set_xlim(start - 0.5, max(R.end_year, t.goal_year) + 0.5)
    a2.set_ylabel("% of the wage")
    a2.set_title("Kaitz index and the 2030 plan")
    a2.legend(loc="upper left", fontsize=8)
    for a in (a1, a2):
        a.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def subsistence(R: page.MinimumWage, actual: pd.DataFrame):
    """Figure: the minimum wage and the subsistence minimums in force (left), and their ratio by year (right)."""
    first = int(R.monthly.index.min().year)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [1.4, 1]})
    for s, col, lab, lw in [(R.subsistence_monthly, PALETTE["alt"], "subsistence minimum, budget law", 4),
                            (R.monthly, PALETTE["observed"], "minimum wage", 1.8)]:
        sx, sy = mw.step_xy(_upto(s, R.end_year))
        a1.plot(sx, sy, drawstyle="steps-post", color=col, lw=lw, label=lab)
    a1.scatter([mw.month_x(p) for p in actual["period"]], actual["value_std"], color=PALETTE["alt2"], s=30,
               zorder=5, label="subsistence minimum, BNS monthly (per capita)")
    a1.set_xlim(min(first, int(actual["year"].min())), R.end_year + 1)
    a1.set_ylim(0, None)
    _thousands(a1)
    a1.set_ylabel("KZT per month")
    a1.set_title("Amounts in force, by month")
    a1.legend(loc="upper left", fontsize=8)
    ratio = R.subsistence_ratio
    rr = ratio.reindex(range(int(ratio.index.min()), R.end_year + 1))
    a2.bar(rr.index, rr.values, color=PALETTE["observed"], width=0.7)
    a2.axhline(1, color="black", lw=0.8)
    a2.set_ylabel("ratio")
    a2.set_title("Minimum wage ÷ budget subsistence minimum")
    for a in (a1, a2):
        a.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    a2.set_xlim(rr.index.min() - 0.6, rr.index.max() + 0.6)
    fig.tight_layout()
    return fig


COUNT_COLOURS = {"workers_affected_by_mw_rise_persons": PALETTE["observed"], "workers_at_mw_persons": PALETTE["alt"],
                 "workers_below_mw_persons": PALETTE["alt2"]}


def beneficiaries(R: page.MinimumWage):
    """Figure: each official head count as a bar, the BNS survey share as people, the stated 2 million as a line."""
    cnt, share = R.counts, R.survey_share
    labels = list(cnt["label"]) + [f"paid up to the minimum wage, April 2023: BNS survey "
                                   f"({share.min():g}–{share.max():g}% of surveyed employees)"]
    vals = list(cnt["value_std"] / 1e6) + [R.survey_people[1] / 1e6]
    cols = [COUNT_COLOURS[i] for i in cnt["indicator"]] + [PALETTE["alt3"]]
    stated = R.stated["beneficiaries"] / 1e6  # the registry states it in persons; the chart is in millions
    fig, ax = plt.subplots(figsize=(10, 4.8))
    yy = np.arange(len(vals))[::-1]
    ax.barh(yy, vals, color=cols, height=0.6)
    for yi, v in zip(yy, vals):
        ax.text(v + 0.02, yi, f"{v:.2f}", va="center", fontsize=8)
    ax.axvline(stated, color=PALETTE["claim"], lw=2, ls="-")
    ax.text(stated + 0.03, yy[-1], f"claim:\nabout {stated:g} million", color="black", fontsize=9, va="center")
    ax.set_yticks(yy, labels, fontsize=8)
    ax.set_xlabel("million people")
    ax.set_xlim(0, 2.4)
    ax.set_title("Official counts of people at or affected by the minimum wage")
    return fig
