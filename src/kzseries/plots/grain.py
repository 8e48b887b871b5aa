"""The grain page's charts, one function per figure; each takes the page's :class:`kzseries.pages.grain.Grain`."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import figures
from .. import grain as series
from ..pages import grain as page
from . import common

C = figures.PALETTE


def harvest_by_basis(G: page.Grain, y0: int = 1992, y1: int = 2025):
    """Figure 4.1: the harvest on each weight basis since the 1990s, with FAOSTAT and the stated figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.2))
    fao = G.fao_s.reindex(range(y0, y1 + 1))
    ax.plot(fao.index, fao.values, color=C["alt2"], lw=1.3, label="FAOSTAT cereals (excl. pulses)")
    cl = series.with_gaps(G.clean, y0, y1)
    ax.plot(cl.index, cl.values, color=C["observed"], lw=2, label="_nolegend_")
    clean = G.by_basis["clean"]
    fin, ops = clean[clean["status"] == "final"], clean[clean["status"] != "final"]
    ax.plot(fin["year"], fin["value"], "o", color=C["observed"], ms=5, label="clean weight (BNS and other clean figures)")
    common.hollow(ax, ops["year"], ops["value"], C["observed"], label="clean weight, not final (estimate or operational)")
    bu = series.with_gaps(G.bunker, y0, y1)
    ax.plot(bu.index, bu.values, color=C["alt"], lw=1, ls="--")
    ax.plot(G.bunker.index, G.bunker.values, "^", color=C["alt"], ms=6, label="established bunker weight (MoA)")
    ax.plot(G.unstated.index, G.unstated.values, "x", color=C["forecast"], ms=7, mew=1.8,
            label="basis not stated (incl. lower bounds)")
    common.star(ax, G.year, G.stated, label=f"claimed {G.stated:g} Mt for {G.year}")
    ax.annotate(f"2011: {G.clean[2011]:.1f} clean / {G.bunker[2011]:.1f} bunker", (2011, G.bunker[2011]),
                xytext=(2001.5, 29.3), fontsize=9, arrowprops=dict(arrowstyle="-", color="grey", lw=0.8))
    ax.set_xlim(y0 - 0.5, y1 + 0.5)
    ax.set_ylim(0, 32)
    ax.set_ylabel("million tonnes")
    ax.set_title(f"Kazakhstan: gross grain harvest by weight basis, {y0}–{y1}")
    ax.legend(loc="lower right", fontsize=8.5, ncol=2)
    return fig


def record_window(G: page.Grain):
    """Figure 4.2: the record test on the run's series (top) and on every series for every window (bottom)."""
    import matplotlib.pyplot as plt

    year, win = G.year, G.window
    lo = year - win + 1
    upto = G.rec[G.rec.index <= year]
    first = int(upto.index.min())
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(10, 6.6), gridspec_kw={"height_ratios": [3, 1.25]})
    ax.axvspan(lo - 0.5, year + 0.5, color=C["claim"], alpha=0.13, lw=0)
    ref = upto.get(year, np.nan)
    cols = [C["target"] if (not math.isnan(ref) and v > ref) else C["claim"] if y == year else C["observed"]
            for y, v in upto.items()]
    ax.bar(upto.index, upto.values, color=cols, width=0.75)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))  # years, not 2007.5
    if not math.isnan(ref):
        ax.axhline(ref, color=C["claim"], lw=1, ls="--")
    for y in range(max(lo, first), year + 1):
        if y not in upto.index:
            ax.text(y, 0.6, "no\ndata", ha="center", fontsize=7, color="grey")
    ax.text(lo - 0.3, ax.get_ylim()[1] * 0.94, f"{win}-year window", fontsize=9, color="#7a5c00")
    ax.set_xlim(first - 0.7, year + 0.7)
    ax.set_ylabel("million tonnes")
    ax.set_title(f"Record test on the {page.LABEL[G.rec_key]} series")
    cmap = plt.matplotlib.colors.ListedColormap([figures.VERDICT_COLOURS["not_supported"],
                                                 figures.VERDICT_COLOURS["consistent"]])
    cmap.set_bad("#eeeeee")
    n, lengths = len(G.record_grid), G.grid_lengths
    ax2.imshow(np.ma.masked_invalid(G.record_grid), aspect="auto", cmap=cmap, vmin=0, vmax=1,
               extent=(lengths[0] - 0.5, lengths[-1] + 0.5, n - 0.5, -0.5), interpolation="nearest")
    ax2.set_yticks(range(n), [page.LABEL[k].split(" (")[0] for k in G.series_all], fontsize=8)
    ax2.set_xlabel(f"window length in years, ending {year} (green: {year} highest; purple: an earlier year higher; "
                   f"grey: no {year} value)", fontsize=8.5)
    ax2.axvline(win, color="black", lw=1)
    for k in range(1, n):
        ax2.axhline(k - 0.5, color="white", lw=2)
    ax2.grid(False)
    fig.tight_layout()
    return fig


def area_yield(G: page.Grain):
    """Figure 4.3: each year's harvest change split into a sown-area part and a yield part."""
    import matplotlib.pyplot as plt

    dec = G.dec
    fig, ax = plt.subplots(figsize=(10, 5))
    x = dec["year"].to_numpy()
    ax.bar(x - 0.2, dec["area_contribution_pp"], width=0.4, color=C["alt"], label="sown area")
    ax.bar(x + 0.2, dec["yield_contribution_pp"], width=0.4, color=C["observed"], label="yield per sown hectare")
    ax.plot(x, dec["harvest_change_pct"], "D", color="black", ms=5, label="harvest change (sum of the two)")
    ax.axhline(0, color="black", lw=0.8)
    for yr, at in ((G.year, (2016.3, 85)), (G.year + 1, (2017.3, -50))):
        r = dec.set_index("year").loc[yr]
        ax.annotate(f"{yr}: {r.harvest_change_pct:+.0f}%\narea {r.area_contribution_pp:+.1f} pp\n"
                    f"yield {r.yield_contribution_pp:+.1f} pp", (yr, r.harvest_change_pct), xytext=at,
                    fontsize=8.5, arrowprops=dict(arrowstyle="-", color="grey", lw=0.8))
    ax.set_xticks(x[::2])
    ax.set_ylabel("% change on the year before; contributions in pp")
    ax.set_title(f"Grain harvest growth split into area and yield, {x.min()}–{x.max()} (BNS, clean weight)")
    ax.legend(loc="upper left", fontsize=8.5)
    return fig


def campaign(G: page.Grain, stated: float = 6.0, share: float = 30.0):
    """Figure 4.4: the 2025 running totals by date (a) and against the share of area harvested (b)."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    b, final_moa, final_bns = G.bracket_t, G.campaign["final_moa"], G.campaign["final_bns"]
    dated = G.prog[G.prog["as_of"] != ""].copy()
    dated["d"] = pd.to_datetime(dated["as_of"])
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.9), gridspec_kw={"width_ratios": [1.35, 1]})
    ax.axvspan(pd.Timestamp(b.lo_date), pd.Timestamp(b.hi_date), color="#eeeeee", lw=0,
               label="no observation in between")
    ax.plot(dated["d"], dated["threshed_mt"], ":", color=C["observed"], lw=1)
    notes = dated["date_from"] != "period"
    ax.plot(dated.loc[~notes, "d"], dated.loc[~notes, "threshed_mt"], "o", color=C["observed"],
            label="threshed to date (date in period)")
    common.hollow(ax, dated.loc[notes, "d"], dated.loc[notes, "threshed_mt"], C["observed"],
                  label="threshed to date (date read from notes)")
    ax.axhline(final_moa, color=C["alt"], ls="--", lw=1.2, label=f"final, MoA (basis {'bunker' if G.campaign['final_moa_words'] == 'bunker weight' else 'not stated'}): "
                                                             f"{final_moa:.1f} Mt")
    ax.axhline(final_bns, color=C["observed"], ls="-.", lw=1.2, label=f"final, BNS clean: {final_bns:.1f} Mt")
    ax.errorbar([pd.Timestamp(page.WHEN)], [stated], yerr=[[0], [2.2]], lolims=True, fmt="*", color=C["claim"],
                ms=15, mec="black", mew=0.6, capsize=0, label="statement: more than 6 Mt (4 Sep)")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_ylabel("million tonnes (bunker weight)")
    ax.set_title("(a) Threshed to date, 2025")
    ax.set_ylim(0, 31)
    ax.legend(fontsize=7.5, loc="lower right")
    shares = dated.dropna(subset=["share_pct"])
    ax2.plot(shares["share_pct"], shares["threshed_mt"], ":", color=C["observed"], lw=1)
    ax2.plot(shares["share_pct"], shares["threshed_mt"], "o", color=C["observed"], label="MoA releases")
    for r in shares.itertuples():
        lab = "end Aug" if r.date_from.startswith("notes (end") else pd.Timestamp(r.as_of).strftime("%d %b")
        ax2.annotate(lab, (r.share_pct, r.threshed_mt), xytext=(5, -11), textcoords="offset points", fontsize=7.5,
                     color="grey")
    common.star(ax2, share, stated, label=">6 Mt, ~30%", size=200)
    ax2.set_xlabel("share of grain area harvested, %")
    ax2.set_ylabel("million tonnes threshed")
    ax2.set_title("(b) Tonnage against area harvested")
    ax2.set_xlim(0, 105)
    ax2.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def forecasts(G: page.Grain):
    """Figure 4.5: official forecasts against outcomes (top) and their errors (bottom)."""
    import matplotlib.pyplot as plt

    ok = G.forecasts_table.dropna(subset=["outcome"])
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(10, 6.4), gridspec_kw={"height_ratios": [1.4, 1]}, sharex=True)
    cl = series.with_gaps(G.clean, 2004, 2025)
    ax.plot(cl.index, cl.values, "-o", color=C["observed"], ms=4, label="outcome, clean weight (BNS)")
    bb = G.bunker[G.bunker.index >= 2004]
    ax.plot(bb.index, bb.values, "^", color=C["alt"], ms=6, label="outcome, bunker weight (MoA)")
    offs = ok.groupby("season").cumcount() * 0.18 - 0.09
    ax.plot(ok["season"] + offs, ok["forecast"], "D", mfc="white", mec=C["forecast"], ms=6, mew=1.4,
            label="official forecast")
    ax.set_ylabel("million tonnes")
    ax.set_title("Official grain harvest forecasts and outcomes")
    ax.legend(fontsize=8, loc="upper left")
    ax2.bar(ok["season"] + offs, ok["error_pct"], width=0.16,
            color=[C["target"] if e > 0 else C["observed"] for e in ok["error_pct"]])
    ax2.axhline(0, color="black", lw=0.8)
    ax2.set_ylabel("forecast error, %")
    ax2.set_xlabel("harvest year (several forecasts for one year are drawn side by side)")
    ax2.set_xlim(2003.5, 2025.5)
    ax2.set_xticks(range(2005, 2026, 5))
    fig.tight_layout()
    return fig
