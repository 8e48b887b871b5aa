"""The GDP page's charts (notebook 01_gdp): one function per figure, each drawing from a built :class:`kzseries.pages.gdp.GDP`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures
from . import common

PAL = figures.PALETTE


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _window(s: pd.Series, P) -> pd.Series:
    return s[(s.index >= P.start_year) & (s.index <= P.end_year)]


def levels(R, P) -> None:
    """Figure 1.1: dollar GDP on both bases, the IMF projection, older WDI snapshots, stated levels and the goal."""
    fig, ax = _plt().subplots(figsize=(10, 5.2))
    imf90 = _window(R.usd_imf[R.usd_imf.index < 2000], P)
    if not imf90.empty:
        ax.plot(imf90.index, imf90.values, color=PAL["alt"], lw=1.6, ls="-.", marker=".", label="IMF WEO, 1990s (another basis)")
    w = _window(R.usd_wdi, P)
    ax.plot(w.index, w.values, color=PAL["observed"], lw=2.2, marker="o", ms=3, label="World Bank WDI, 2026-07 snapshot (actual)")
    proj = _window(R.paths["imf"], P)
    if len(proj) > 1:
        ax.plot(proj.index, proj.values, color=PAL["forecast"], lw=1.8, ls="--", marker="o", ms=3, mfc="white",
                label=f"IMF WEO {R.imf_edition} (its {int(R.paths['imf'].index[0])} estimate, then projections)")
    vw = R.vintages[(R.vintages["year"] >= P.start_year) & (R.vintages["year"] <= P.end_year)]
    if not vw.empty:
        common.hollow(ax, vw["year"], vw["older_value"], PAL["alt2"], label="older WDI snapshots (2012–2024)", size=22)
    for r in R.stated_levels.itertuples():
        if P.start_year <= r.year <= P.end_year:
            ax.scatter([r.year], [r.value], marker="D", s=55, color=PAL["claim"], edgecolor="black", zorder=5)
            ax.annotate(f"stated {r.value:g} bn\n{r.who}\n{r.when}", (r.year, r.value), xytext=(12, -62),
                        textcoords="offset points", ha="left", fontsize=8, arrowprops=dict(arrowstyle="-", color="grey", lw=0.7))
    g = R.goal
    if P.start_year <= g["end"] <= P.end_year:
        common.star(ax, g["end"], g["value"])
        ax.annotate(f"goal {g['value']:g} bn by {g['end']}\n(President, {g['stated_on']})", (g["end"], g["value"]),
                    xytext=(-12, 10), textcoords="offset points", ha="right", fontsize=8)
    ax.scatter([], [], marker="D", color=PAL["claim"], edgecolor="black", label="level stated in a document")
    ax.set_ylabel("USD bn, current prices")
    ax.set_xlim(P.start_year - 0.5, P.end_year + 0.5)
    ax.set_ylim(0, None)
    ax.set_title("Kazakhstan: GDP in current US dollars")
    ax.legend(loc="upper left", fontsize=8.5)
    figures.save(fig, "01_gdp_usd_levels", start=P.start_year, end=P.end_year, edition=R.imf_edition)


def vintages(R) -> None:
    """Figure 1.2: revisions of WDI dollar GDP between snapshots, and 2015-2020 today against the stated $170.5 bn."""
    fv = R.findings["vintage"]
    fig, (ax, ax2) = _plt().subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.25, 1]})
    v = R.vintages.assign(label=lambda d: d["year"].astype(str) + " (" + d["snapshot"].str[:7] + ")")
    ax.barh(v["label"], v["revision_pct"], color=PAL["alt2"])
    ax.barh(["2018 if $170.5 bn\nwas its vintage"], [fv["gap_needed"]], color=PAL["claim"], hatch="//", edgecolor="black")
    for i, x in enumerate(list(v["revision_pct"]) + [fv["gap_needed"]]):
        ax.text(x + 0.1, i, f"{x:+.1f}%", va="center", fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("revision to today's WDI value, % of the older value")
    ax.set_title("Revisions of WDI dollar GDP")
    ax.tick_params(axis="y", labelsize=8)
    yrs = [y for y in range(2015, 2021) if y in R.usd_wdi.index]
    ax2.plot(yrs, R.usd_wdi[yrs], color=PAL["observed"], marker="o", label="WDI today")
    ax2.plot(yrs, R.usd_from_kzt[yrs], color=PAL["alt"], ls=":", marker="x", label="BNS KZT GDP ÷ average rate")
    ax2.scatter([2018], [fv["stated"]], marker="D", s=60, color=PAL["claim"], edgecolor="black", zorder=5,
                label=f"stated {fv['stated']:g} bn (read as 2018)")
    for y in yrs:
        ax2.annotate(f"{R.usd_wdi[y]:,.1f}", (y, R.usd_wdi[y]), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    ax2.set_ylabel("USD bn")
    ax2.set_title("2015–2020 today vs the stated level")
    ax2.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    figures.save(fig, "01_gdp_vintages")


def decomposition(R) -> None:
    """Figure 1.3: waterfall of dollar GDP from the base to the end year by real growth, prices and the rate."""
    d, parts = R.decomposition, R.decomposition.contributions()
    fig, ax = _plt().subplots(figsize=(9, 4.8))
    ax.bar([str(d.base_year)], [d.usd_base], color=PAL["observed"])
    level = d.usd_base
    for name, k in (("real growth", "real"), ("GDP deflator\n(tenge prices)", "deflator"), ("exchange rate\n(KZT per USD)", "fx")):
        x = parts[k]
        ax.bar([name], [abs(x)], bottom=[min(level, level + x)], color=PAL["alt2"] if x >= 0 else PAL["target"])
        ax.text(name, level + x + (4 if x >= 0 else -4), f"{x:+,.1f}", ha="center", va="bottom" if x >= 0 else "top", fontsize=9)
        level += x
    ax.bar([str(d.end_year)], [d.usd_end], color=PAL["observed"])
    for y, val in ((d.base_year, d.usd_base), (d.end_year, d.usd_end)):
        ax.text(str(y), val + 4, f"{val:,.1f}", ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("USD bn")
    ax.set_title(f"Change in dollar GDP {d.base_year}→{d.end_year}, by source")
    figures.save(fig, "01_usd_decomposition", base=d.base_year, end=d.end_year)


def growth_by_year(R) -> None:
    """Figure 1.4: each year's change in dollar GDP as stacked log-point contributions."""
    yd = R.yearly
    fig, ax = _plt().subplots(figsize=(10, 4.8))
    cols = {"real": (PAL["observed"], "real growth"), "deflator": (PAL["alt"], "GDP deflator (tenge prices)"),
            "fx": (PAL["alt3"], "exchange rate")}
    up, down = np.zeros(len(yd)), np.zeros(len(yd))
    for k, (c, lab) in cols.items():
        pos, neg = yd[k].clip(lower=0).to_numpy(), yd[k].clip(upper=0).to_numpy()
        ax.bar(yd["year"], pos, bottom=up, color=c, label=lab, width=0.75)
        ax.bar(yd["year"], neg, bottom=down, color=c, width=0.75)
        up, down = up + pos, down + neg
    ax.plot(yd["year"], yd["total"], color="black", marker="o", ms=4, lw=1.2, label="dollar GDP growth (total)")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("log points (≈ % change)")
    ax.set_title("Year-on-year change in dollar GDP and its three sources")
    ax.legend(fontsize=8.5, ncol=2, loc="lower left")
    figures.save(fig, "01_usd_growth_by_year")


def per_capita(R, P) -> None:
    """Figure 1.5: GDP per capita under both population series, and the population series themselves."""
    pop_name = {"world_bank": "World Bank mid-year population", "national": "national (BNS) population"}
    fig, (ax, ax2) = _plt().subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.4, 1]})
    for k, col in (("world_bank", PAL["observed"]), ("national", PAL["alt"])):
        s, used = _window(R.pc[k], P), k == P.population_source
        ax.plot(s.index, s.values, color=col, marker="o", ms=3, lw=2 if used else 1.2,
                label=f"GDP ÷ {pop_name[k]}" + (" (used for the claims)" if used else ""))
    stated = R.findings["per_capita"]["claim"]["stated_value"]
    ax.axhline(stated, color=PAL["claim"], ls=":", lw=1.2)
    ax.text(2015.5, stated - 300, f"stated: more than ${stated:,.0f} (2024)", fontsize=8, va="top")
    ax.set_ylabel("USD per person")
    ax.set_title("GDP per capita, current USD")
    ax.legend(fontsize=8, loc="upper left")
    for s, col, lab in ((_window(R.pop_wb, P), PAL["observed"], "World Bank (2026-07)"),
                        (_window(R.pop_nat[R.pop_nat.index <= R.last], P), PAL["alt"], "national (IMF LP)")):
        ax2.plot(s.index, s.values / 1e6, color=col, lw=1.5, label=lab)
    mb = _window(R.mid_bns, P)
    ax2.scatter(mb.index, mb.values / 1e6, color="black", s=14, zorder=4, label="BNS, mean of 1 Jan counts")
    ax2.set_ylabel("million persons")
    ax2.set_title("Population, two concepts")
    ax2.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    figures.save(fig, "01_gdp_per_capita")


def high_income(R) -> None:
    """Figure 1.6: GNI per capita (Atlas method) over time against the World Bank high-income threshold."""
    h = R.findings["high_income"]
    fig, ax = _plt().subplots(figsize=(9, 4.4))
    ax.plot(R.gni.index, R.gni.values, color=PAL["observed"], marker="o", ms=4, lw=2, label="GNI per capita, Atlas method (WDI)")
    thr = R.threshold[(R.threshold.index >= R.gni.index.min()) & (R.threshold.index <= R.gni.index.max())]
    ax.step(thr.index, thr.values, where="mid", color=PAL["target"], ls="--", lw=1.4,
            label=f"high-income threshold for each year's GNI (World Bank, FY{int(thr.index.min()) + 2}–"
                  f"FY{int(thr.index.max()) + 2})")
    ax.scatter([h["thr_year"]], [h["thr"]], marker="s", s=40, color=PAL["target"], zorder=5,
               label=f"the threshold the statement points to ({h['thr_year']} GNI, FY{h['thr_year'] + 2})")
    judged = [int(y) for y in str(h["v"]["measured_period"]).split("/")]  # the direction's base and end years
    ax.scatter(judged, [R.gni[y] for y in judged], s=90, facecolor="none", edgecolor=PAL["claim"], lw=2, zorder=6,
               label=f"the years the engine compares ({' and '.join(map(str, judged))})")
    for y in (h["thr_year"], h["last"]):
        ax.annotate(f"{R.gni[y]:,.0f}", (y, R.gni[y]), xytext=(0, -14), textcoords="offset points", ha="center", fontsize=8)
    common.year_axis(ax, int(R.gni.index.min()), int(R.gni.index.max()), 2)
    ax.set_ylim(0, None)
    ax.set_ylabel("USD per person")
    ax.set_title("GNI per capita and the high-income line")
    ax.legend(fontsize=8, loc="lower right")
    figures.save(fig, "01_gni_high_income")


def target_2029(R) -> None:
    """Figure 1.7: the $450 bn goal: actual, required, IMF WEO (edition named), earlier WEOs and a scenario."""
    g, paths = R.findings["goal"], R.paths
    fig, ax = _plt().subplots(figsize=(10, 5))
    hist = R.usd_wdi[R.usd_wdi.index >= 2015]
    ax.plot(hist.index, hist.values, color=PAL["observed"], lw=2.2, marker="o", ms=3, label="actual (WDI)")
    ip = paths["imf"][paths["imf"].index <= g["end"] + 1]
    ax.plot(ip.index, ip.values, color=PAL["forecast"], ls="--", marker="o", ms=3, mfc="white",
            label=f"IMF WEO {g['edition']} projection")
    ax.plot(paths["scenario"].index, paths["scenario"].values, color=PAL["alt"], ls="--", lw=1.8,
            label=f"scenario: real {g['gov']:g}%, deflator {g['infl']:g}%, KZT/USD {g['depr']:+g}% a year")
    ax.plot(paths["required"].index, paths["required"].values, color=PAL["target"], ls=":", lw=1.8,
            label=f"required: {g['prog']['pace_required']:.1f}% a year from {g['last']}")
    old = R.old_projections
    ax.scatter(old["year"], old["value_std"], marker="x", color="black", s=30, zorder=5, label="earlier IMF WEO projections")
    for r in old.itertuples():
        ax.annotate("WEO, edition unknown" if r.edition == "unknown" else f"WEO {r.edition}", (r.year, r.value_std), xytext=(4, -10), textcoords="offset points", fontsize=7)
    common.star(ax, g["end"], g["goal"], label=f"goal: {g['goal']:g} bn in {g['end']}")
    ax.set_ylabel("USD bn, current prices")
    ax.set_title(f"GDP in dollars and the ${g['goal']:g} bn goal for {g['end']}")
    ax.legend(fontsize=8, loc="upper left")
    figures.save(fig, "01_target_2029", last=g["last"], goal=f"{g['goal']:g}", end=g["end"], edition=g["edition"],
                 imf_first=g["imf_first"])


def real_growth(R, P) -> None:
    """Figure 1.8: real growth outcomes, IMF projections, the government forecast and the 6-7% goal."""
    fc = R.findings["forecast"]
    fig, ax = _plt().subplots(figsize=(10, 4.8))
    lo_year = max(P.start_year, 2010)
    a = R.growth[(R.growth.index >= lo_year) & (R.growth.index <= P.end_year)]
    ax.bar(a.index, a.values, color=PAL["observed"], width=0.7, label="actual (BNS = WDI)")
    gp = R.growth_imf_proj[(R.growth_imf_proj.index >= lo_year) & (R.growth_imf_proj.index <= P.end_year)]
    ax.bar(gp.index, gp.values, color="white", edgecolor=PAL["forecast"], hatch="//", width=0.7,
           label=f"IMF WEO {fc['edition']} projection")
    ax.hlines(fc["stated"], fc["f0"] - 0.4, fc["f1"] + 0.4, color=PAL["alt"], lw=2.5,
              label=f"Government forecast, {fc['f0']}–{fc['f1']} average ({fc['stated']:g}%)")
    ax.hlines(fc["imf_avg"], fc["f0"] - 0.4, fc["f1"] + 0.4, color=PAL["forecast"], lw=1.5, ls="--",
              label=f"IMF average {fc['f0']}–{fc['f1']} ({fc['imf_avg']:.1f}%)")
    band = R.real_goal
    first, last = (int(x) for x in band["horizon"].iloc[0].split("–"))
    ax.fill_between([first - 0.4, last + 0.4], fc["goal_lo"], fc["goal_hi"], color=PAL["target"], alpha=0.12,
                    label=f"goal {fc['goal_lo']:g}–{fc['goal_hi']:g}% ({first}–{last})")
    ax.scatter(R.forecasts["year"], R.forecasts["value_std"], marker="x", color="black", zorder=5,
               label="earlier forecasts (WB, IMF)")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("real GDP growth, % y/y")
    ax.set_title(f"Real GDP growth: outcomes, projections and the {fc['stated']:g}% forecast")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3)
    figures.save(fig, "01_real_growth_forecasts", edition=fc["edition"])


def short_term(R) -> None:
    """Figure 1.9: year-to-date growth figures of 2024-2025 and the annual outcomes, with the stated 5.4%."""
    from matplotlib.patches import Patch

    d, stated = R.short_term, R.findings["short_term"]["stated"]
    colours = {"STEI (not GDP)": PAL["alt3"], "GDP, operational estimate": PAL["alt"], "GDP, annual (BNS)": PAL["observed"]}
    fig, ax = _plt().subplots(figsize=(9.5, 4.4))
    ax.bar(d["label"], d["value_std"], color=[colours[w] for w in d["what"]])
    for i, val in enumerate(d["value_std"]):
        ax.text(i, val + 0.1, f"{val:.1f}", ha="center", fontsize=9)
    ax.axhline(stated, color=PAL["claim"], ls="--", lw=1.5)
    ax.text(-0.4, stated + 0.15, f"stated {stated:g}% (Jan–Feb 2025)", ha="left", fontsize=8)
    ax.legend(handles=[Patch(color=c, label=w) for w, c in colours.items()], fontsize=8, loc="upper left")
    ax.set_ylim(min(0, d["value_std"].min() - 0.5), max(9, d["value_std"].max() + 1.7))
    ax.set_ylabel("% y/y, real")
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Sub-annual and annual growth figures around the claim")
    figures.save(fig, "01_short_term_growth")
