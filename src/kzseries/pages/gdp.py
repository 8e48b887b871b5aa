"""The GDP page: its claims by name, its sections and ``build``, everything the notebook shows.

Which value counts (the selection rules) lives in :mod:`kzseries.gdp`, which the claim engine reads too; this
module only assembles what the page shows from those rules and the engine's verdicts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import arith, names
from ..gdp import (  # the selection rules
    Decomposition,
    annual,
    average_growth_pct,
    chain_volume,
    closest_year,
    combine,
    decompose,
    deflator,
    mid_year_from_counts,
    nominal_usd_growth_pct,
    per_capita,
    scenario_path,
    vintage_table,
    yearly_decomposition,
)
from ..inputs import Inputs

# ======================================================================= build
# Source ids of the series the page uses (see data/raw/sources.csv).
WDI_USD, WDI_PC, WDI_POP, WDI_FX, WDI_GROWTH = "wb-719b00", "wb-1afe1e", "wb-3ec010", "wb-183369", "wb-464018"
WDI_GNI, WB_THRESHOLD = "wb-f5f465", "wb-7d2347"  # thresholds: World Bank OGHIST, every fiscal year
IMF_USD, IMF_KZT, IMF_POP, IMF_GROWTH = "imf-d77a71", "imf-e725e5", "imf-6666c4", "imf-5b2d78"
BNS_KZT, BNS_VOL = "bns-18fa61", "bns-7bb561"
# Thresholds that choose the page's words, declared once.
AGREE_WITHIN_PCT = 0.5      # three dollar figures "agree" when none is further than this from WDI's
IDENTITY_WITHIN_PCT = 1.0   # tenge GDP / rate "describes the published series" when every year is this close
ROUNDING_PP = 0.05          # two growth rates given to one decimal "equal" each other within half a digit
FIRST_FULL_TENGE_YEAR = 1994  # the tenge was introduced in November 1993

# The claims and targets this page reads by name, declared once (see kzseries.names): the notebook, the
# templates and the exercises use the readable name.
CLAIMS = {
    "size_2024": "gdp-2024-usd",
    "usd_2018": "gdp-2018-usd-170",
    "usd_2018_on_2019": "gdp-2018-usd-170.2019",
    "nineties": "gdp-1990s-usd-11",
    "nineties_wdi_1994": "gdp-1990s-usd-11.wdi-1994",
    "nineties_wdi_1999": "gdp-1990s-usd-11.wdi-1999",
    "since_independence": "gdp-usd-independence-growth",
    "since_independence_imf_2019": "gdp-usd-independence-growth.imf-2019",
    "since_independence_wdi": "gdp-usd-independence-growth.wdi",
    "per_capita_2024": "gdp-per-capita-2024-usd",
    "per_capita_growth": "gdp-per-capita-growth-2019-2024",
    "high_income": "gdp-closer-to-high-income",
    "forecast_2026_2028": "gdp-forecast-2026-2028-real-growth",
    "jan_feb_2025": "gdp-2025-jan-feb-growth",
    "goal_usd_2029": "gdp-usd-current-2029",
    "goal_real_2029": "gdp-real-growth-pct-2029",
    "goal_real_2029_2": "gdp-real-growth-pct-2029-2",
    "forecast_2028": "gdp-real-growth-pct-2028",
}
GOAL_USD, GOAL_REAL, GOV_FORECAST = (CLAIMS["goal_usd_2029"], (CLAIMS["goal_real_2029"], CLAIMS["goal_real_2029_2"]),
                                     CLAIMS["forecast_2028"])
_EDITION = re.compile(r"WEO edition: ([A-Za-z]+ \d{4}|unknown)")


def weo_edition(note: str) -> str:
    """The IMF WEO edition named in a row's note ("April 2026"), or "" when the note names none."""
    m = _EDITION.search(str(note))
    return m.group(1) if m else ""


def real_goal_pace(growth: pd.Series, goal_pct: float, start: int, end: int) -> dict:
    """An average-growth goal over ``start..end``: the average so far and the average still needed.

    Both are geometric averages, so that ``achieved`` for the years done and
    ``required`` for the years left compound to ``goal_pct`` a year over the horizon.
    """
    done = [y for y in range(start, end + 1) if y in growth.dropna().index]
    if done != list(range(start, start + len(done))):
        raise arith.MissingYears(sorted(set(range(start, max(done) + 1)) - set(done)), start, end)
    left = end - start + 1 - len(done)
    achieved = average_growth_pct(growth[y] for y in done) if done else math.nan
    so_far = math.prod(1 + growth[y] / 100 for y in done)
    need = (((1 + goal_pct / 100) ** (end - start + 1) / so_far) ** (1 / left) - 1) * 100 if left > 0 else math.nan
    return {"goal": goal_pct, "first": start, "last_done": max(done) if done else None, "years_left": left,
            "achieved": achieved, "required": need}


@dataclass(frozen=True)
class GDP:
    """Everything the page shows: series, derived frames and the findings the narrative reads."""

    usd_wdi: pd.Series            # WDI dollar GDP, 2026-07 snapshot (USD bn), 1990 onwards
    usd_imf: pd.Series            # IMF WEO dollar GDP, history and its own latest estimate
    usd_imf_proj: pd.Series       # IMF WEO projections (after its latest estimate)
    imf_edition: str              # the WEO edition of the stored IMF file (from the rows' notes)
    kzt: pd.Series                # nominal GDP, KZT bn (BNS; IMF WEO before 2010)
    vol_index: pd.Series          # BNS volume index, previous year = 100
    fx: pd.Series                 # KZT per USD, annual average
    growth: pd.Series             # real growth, % (WDI = BNS)
    growth_imf_proj: pd.Series
    pop_wb: pd.Series
    pop_nat: pd.Series
    usd_from_kzt: pd.Series       # tenge GDP / rate
    pc: dict                      # GDP per capita by population series
    mid_bns: pd.Series            # BNS mid-year population from 1 January counts
    gni: pd.Series                # GNI per capita, Atlas method
    threshold: pd.Series          # high-income threshold by the GNI year it applies to
    last: int                     # latest actual year of WDI dollar GDP
    stated_levels: pd.DataFrame   # levels stated in documents (year, value, who, when)
    goal: dict                    # the $450 bn goal and its row in targets_progress
    vintages: pd.DataFrame        # Table 1.2
    nineties: pd.DataFrame        # Table 1.3
    decomposition: Decomposition
    decomposition_table: pd.DataFrame  # Table 1.4
    yearly: pd.DataFrame          # log-point contributions by year
    pc_grid: pd.DataFrame         # Table 1.5
    paths: dict                   # required, IMF, scenario paths to the goal year
    old_projections: pd.DataFrame  # earlier IMF projections of dollar GDP, with their edition
    path_table: pd.DataFrame      # Table 1.6
    real_goal: pd.DataFrame       # Table 1.7: the 6-7% goal, pace achieved vs needed
    forecasts: pd.DataFrame       # earlier growth forecasts (year rows)
    past_forecasts: pd.DataFrame  # Table 1.8
    short_term: pd.DataFrame      # growth figures for parts of 2024-2025 and the annual outcomes
    overview: pd.DataFrame        # Table 1.1
    findings: dict                # named values for each narrative template


def build(inp: Inputs, V: pd.DataFrame, P) -> GDP:
    """Every series, frame and finding of the GDP page, from ``nb.load_inputs("gdp")``, the verdicts and ``P``."""
    t = inp.tidy
    claim, v = names.by_name(inp.claims, CLAIMS), names.by_name(V, CLAIMS)
    usd_wdi, usd_imf = annual(t, "gdp_usd_current", WDI_USD), annual(t, "gdp_usd_current", IMF_USD)
    usd_imf_proj = annual(t, "gdp_usd_current", IMF_USD, ("forecast",))
    edition = weo_edition(t.loc[t["source_id"] == IMF_USD, "notes"].iloc[0])
    kzt, kzt_from = combine(annual(t, "gdp_kzt_current", BNS_KZT), annual(t, "gdp_kzt_current", IMF_KZT))
    vol, fx = annual(t, "gdp_real_volume_index", BNS_VOL), annual(t, "usd_kzt_avg", WDI_FX)
    growth = annual(t, "gdp_real_growth_pct", WDI_GROWTH)
    growth_imf_proj = annual(t, "gdp_real_growth_pct", IMF_GROWTH, ("forecast",))
    pop_wb, pop_nat = annual(t, "population_world_bank", WDI_POP), annual(t, "population_national", IMF_POP)
    usd_from_kzt = (kzt / fx).dropna()
    last = int(usd_wdi.index.max())
    pc = {"world_bank": per_capita(usd_wdi, pop_wb), "national": per_capita(usd_wdi, pop_nat)}
    at_date = t[(t["indicator"] == "population_national_at_date") & t["period"].str.endswith("-01-01")]
    mid_bns = mid_year_from_counts(at_date.set_index("year")["value_std"])
    gni, threshold = annual(t, "gni_per_capita_atlas_usd", WDI_GNI), annual(t, "wb_high_income_threshold_usd", WB_THRESHOLD)
    kzt_src = lambda y: BNS_KZT if kzt_from.get(y) == "primary" else IMF_KZT  # noqa: E731

    older = sorted(s for s in t.loc[t["indicator"] == "gdp_usd_current", "source_id"].unique()
                   if s.startswith("wb-") and s != WDI_USD)
    vint = vintage_table(t, "gdp_usd_current", WDI_USD, older)
    stated = pd.DataFrame([{"claim_id": CLAIMS[c], "year": int(claim[c]["period_end"]), "value": float(claim[c]["stated_value"]),
                            "who": claim[c]["speaker"].split("(")[0].split(",")[0].strip(),
                            "when": claim[c]["published"] or "undated, read as late 2019"}
                           for c in ("size_2024", "usd_2018") if c in claim])
    f = {}
    # --- 1. size
    y24 = 2024
    s24 = float(claim["size_2024"]["stated_value"])
    f["size"] = dict(y=y24, wdi=usd_wdi[y24], last=last, wdi_last=usd_wdi[last], claim=v["size_2024"], stated=s24,
                     via_rate=usd_from_kzt[y24], imf=usd_imf[y24], kzt_trn=kzt[y24] / 1000, fx=fx[y24],
                     implied_trn=s24 * fx[y24] / 1000, implied_gap=(s24 * fx[y24] / kzt[y24] - 1) * 100,
                     spread=max(abs(usd_from_kzt[y24] / usd_wdi[y24] - 1), abs(usd_imf[y24] / usd_wdi[y24] - 1)) * 100)
    f["size"].update(agree=f["size"]["spread"] < AGREE_WITHIN_PCT, implied_below=f["size"]["implied_gap"] < 0)
    # --- 2. $170.5 bn and $11 bn
    v170, v11 = float(claim["usd_2018"]["stated_value"]), float(claim["nineties"]["stated_value"])
    gap_needed = (usd_wdi[2018] / v170 - 1) * 100
    f["vintage"] = dict(stated=v170, wdi18=usd_wdi[2018], wdi19=usd_wdi[2019], fx18=fx[2018], v18=v["usd_2018"],
                        v19=v["usd_2018_on_2019"], implied_trn=v170 * fx[2018] / 1000, kzt18_trn=kzt[2018] / 1000,
                        implied_gap=(v170 * fx[2018] / kzt[2018] - 1) * 100, gap_needed=gap_needed,
                        rev_max=vint.loc[vint["year"] < 2020, "revision_pct"].max(),
                        rev_max_year=int(vint.loc[vint.loc[vint["year"] < 2020, "revision_pct"].idxmax(), "year"]), tol=arith.run_tolerance(V, inp.claims)[0])
    f["vintage"]["revision_within"] = gap_needed <= f["vintage"]["rev_max"]  # would a past-sized revision explain it?
    imf90 = usd_imf[(usd_imf.index >= 1990) & (usd_imf.index <= 1999)]
    wdi90 = usd_wdi[(usd_wdi.index >= 1990) & (usd_wdi.index <= 1999)]
    years90 = sorted(set(imf90.index) | set(wdi90.index))
    nineties = pd.DataFrame({"year": years90, "GDP, USD bn (IMF WEO)": imf90.reindex(years90).values,
                             "stated 11 vs IMF, %": [arith.deviation_pct(v11, x) for x in imf90.reindex(years90)],
                             "GDP, USD bn (World Bank WDI)": wdi90.reindex(years90).values,
                             "stated 11 vs WDI, %": [arith.deviation_pct(v11, x) for x in wdi90.reindex(years90)]})
    y11 = closest_year(imf90, v11)
    tol = arith.run_tolerance(V, inp.claims)[0]  # the run's, not a claim's own
    near = lambda s: [int(y) for y, x in s.items() if abs(arith.deviation_pct(v11, x)) <= tol]  # noqa: E731
    f["nineties"] = dict(stated=v11, stated_end=v170, y=y11, imf_y=imf90[y11], wdi_y=wdi90.get(y11, math.nan),
                         wdi_min=wdi90.min(), wdi_min_year=int(wdi90.idxmin()), multiple=v170 / v11,
                         imf_first=int(imf90.index.min()), wdi_first=int(wdi90.index.min()), tol=tol,
                         imf_near=near(imf90), wdi_near=near(wdi90),
                         p=v["nineties"], w94=v["nineties_wdi_1994"],
                         wmin=v["nineties_wdi_1999"], m=v["since_independence"],
                         m19=v["since_independence_imf_2019"], mw=v["since_independence_wdi"],
                         first_tenge_year=y11 == FIRST_FULL_TENGE_YEAR)
    # --- 3. decomposition
    B, E = P.decomposition_base_year, P.decomposition_end_year
    try:
        dec = decompose(kzt, vol, fx, B, E)
    except arith.MissingYears as err:
        span = sorted(set(kzt.dropna().index) & set(fx.dropna().index))
        raise ValueError(f"decomposition_base_year={B}, decomposition_end_year={E}: the data do not cover "
                         f"{', '.join(map(str, err.missing))} (tenge GDP, volume index and rate together cover "
                         f"{span[0]}-{span[-1]}); choose years in that span") from None
    parts = dec.contributions()
    n = max(E - B, 1)
    wdi_ratio = usd_wdi[E] / usd_wdi[B] if B in usd_wdi.index and E in usd_wdi.index else math.nan
    per_year = lambda x: (x ** (1 / n) - 1) * 100  # noqa: E731
    dec_table = pd.DataFrame([
        {"factor": "real volume", "end / base": dec.real, "per year, %": per_year(dec.real), "contribution, USD bn": parts["real"]},
        {"factor": "GDP deflator", "end / base": dec.deflator, "per year, %": per_year(dec.deflator),
         "contribution, USD bn": parts["deflator"]},
        {"factor": "rate (KZT per USD, inverted)", "end / base": dec.fx, "per year, %": per_year(dec.fx),
         "contribution, USD bn": parts["fx"]},
        {"factor": "product of the three", "end / base": dec.product, "per year, %": math.nan,
         "contribution, USD bn": sum(parts.values())},
        {"factor": "total: (KZT GDP ÷ rate) end / base", "end / base": dec.total, "per year, %": per_year(dec.total),
         "contribution, USD bn": dec.usd_end - dec.usd_base},
        {"factor": "WDI's own USD series, end / base", "end / base": wdi_ratio, "per year, %": math.nan,
         "contribution, USD bn": usd_wdi.get(E, math.nan) - usd_wdi.get(B, math.nan)}])
    both = sorted(set(usd_from_kzt.index) & set(usd_wdi.index))
    diff = pd.Series({y: (usd_from_kzt[y] / usd_wdi[y] - 1) * 100 for y in both})
    yd = yearly_decomposition(kzt, vol, fx, range(max(P.start_year, 2001), min(P.end_year, last) + 1))
    f["decomposition"] = dict(B=B, E=E, d=dec, parts=parts, fxB=fx[B], fxE=fx[E], gap=abs(dec.identity_gap) * 100,
                              wdi_gap=abs(dec.total / wdi_ratio - 1) * 100, max_diff=diff.abs().max(),
                              first=both[0], last=both[-1], worst=int(diff.abs().idxmax()),
                              real_pct=(dec.real - 1) * 100, deflator_pct=(dec.deflator - 1) * 100,
                              prices_dominate=parts["deflator"] > parts["real"], tenge_weakened=parts["fx"] < 0,
                              fx_clawback_pct=-parts["fx"] / (parts["real"] + parts["deflator"]) * 100,
                              describes_published=diff.abs().max() < IDENTITY_WITHIN_PCT)
    # --- 4. per capita and GNI
    pop_name = {"world_bank": "World Bank mid-year population", "national": "national (BNS) population"}
    bases = [y for y in (2018, 2019, 2020) if y in usd_wdi.index]
    pc_grid = pd.DataFrame([{"base year": b, **{f"{pop_name[k]}, % change to 2024": arith.change(pc[k], b, 2024).pct
                                                for k in ("world_bank", "national")}} for b in bases])
    ps = P.population_source
    f["per_capita"] = dict(wb=pc["world_bank"][2024], nat=pc["national"][2024],
                           wdi_own=annual(t, "gdp_per_capita_usd", WDI_PC)[2024],
                           g18_wb=arith.change(pc["world_bank"], 2018, 2024).pct, g18_nat=arith.change(pc["national"], 2018, 2024).pct,
                           g19=arith.change(pc[ps], 2019, 2024).pct, g20=arith.change(pc[ps], 2020, 2024).pct, pop=pop_name[ps],
                           claim=v["per_capita_2024"], growth=v["per_capita_growth"])
    stated_pc = float(v["per_capita_2024"]["stated_value"])
    f["per_capita"]["above_either_way"] = f["per_capita"]["wb"] > stated_pc and f["per_capita"]["nat"] > stated_pc
    # the GNI year whose threshold the statement points to (its comparison, the engine's benchmark)
    ref = v["high_income"]["benchmark_value"]
    ty = max((int(y) for y, x in threshold.items() if x == ref), default=int(threshold.index.max()))
    own = (gni / threshold * 100).dropna()  # GNI per capita as % of the threshold of its own year
    # the World Bank applies the threshold computed from year t's GNI to its fiscal year t + 2
    f["high_income"] = dict(v=v["high_income"], thr=threshold[ty], thr_year=ty, thr_fiscal_year=ty + 2, gni_thr_year=gni[ty],
                            own_best_year=int(own.idxmax()), own_best=float(own.max()),
                            own_best_thr=float(threshold[int(own.idxmax())]), own_last_year=int(own.index.max()),
                            own_last=float(own.iloc[-1]), own_first=int(own.index.min()),
                            gap_thr_year=(gni[ty] / threshold[ty] - 1) * 100, last=int(gni.index.max()),
                            gni_last=gni.iloc[-1], gap_last=(gni.iloc[-1] / threshold[ty] - 1) * 100,
                            peak_year=int(gni[gni.index < ty].idxmax()), peak=gni[gni.index < ty].max(),
                            passed=[int(y) for y in gni.index if y > gni[gni.index < ty].idxmax()
                                    and gni[y] > gni[gni.index < ty].max()],
                            low_year=int(gni[gni.index > gni[gni.index < ty].idxmax()].idxmin()),
                            low=gni[gni.index > gni[gni.index < ty].idxmax()].min(),
                            first=int(gni.index.min()), claim_published=claim["high_income"]["published"])
    # --- 5. the $450 bn goal
    goal_row = inp.targets[inp.targets["target_id"] == GOAL_USD].iloc[0]
    prog = inp.progress[inp.progress["target_id"] == GOAL_USD].iloc[0].to_dict()
    goal_v, g_start, g_end = float(goal_row["target_value"]), int(goal_row["horizon_start"]), int(goal_row["horizon_end"])
    gov_rate = float(inp.targets.loc[inp.targets["target_id"] == GOV_FORECAST, "target_value"].iloc[0])
    scen = scenario_path(last, usd_wdi[last], {y: gov_rate for y in range(last + 1, g_end + 1)}, P.inflation_pct,
                         P.kzt_per_usd_change_pct)
    req_rate = arith.cagr_pct(usd_wdi[last], goal_v, g_end - last)  # the engine's pace_required, unrounded
    req = pd.Series({y: usd_wdi[last] * (1 + req_rate / 100) ** (y - last) for y in range(last, g_end + 1)})
    imf_path = pd.concat([usd_imf[usd_imf.index == usd_imf.index.max()], usd_imf_proj])
    imf_goal = float(imf_path.get(g_end, math.nan))
    old = t[(t["indicator"] == "gdp_usd_current") & (t["status"] == "forecast") & (t["source_id"] != IMF_USD)
            & (t["period_kind"] == "year")].copy()
    old["edition"] = [weo_edition(n_) or (p_ if isinstance(p_, str) and p_ else "undated")
                      for n_, p_ in zip(old["notes"], old["published"])]
    old["current_edition"] = [float(imf_path.get(y, math.nan)) for y in old["year"]]
    old = old[["year", "value_std", "source_id", "edition", "current_edition"]].reset_index(drop=True)
    nominal_scen = nominal_usd_growth_pct(gov_rate, P.inflation_pct, P.kzt_per_usd_change_pct)
    need_fx = ((1 + gov_rate / 100) * (1 + P.inflation_pct / 100) / (1 + req_rate / 100) - 1) * 100
    base = g_start - 1
    so_far = decompose(kzt, vol, fx, base, last)
    k = last - base
    path_table = pd.DataFrame([
        {"path": f"achieved, {base}→{last} (WDI)", "USD growth, % a year": prog["pace_achieved"], f"{g_end} level, USD bn": math.nan},
        {"path": f"required, {last}→{g_end}", "USD growth, % a year": prog["pace_required"], f"{g_end} level, USD bn": goal_v},
        {"path": f"IMF WEO {edition} projection", "USD growth, % a year":
         arith.cagr_pct(float(imf_path.iloc[0]), imf_goal, g_end - int(imf_path.index[0])), f"{g_end} level, USD bn": imf_goal},
        {"path": "scenario (illustrative assumptions)", "USD growth, % a year": nominal_scen,
         f"{g_end} level, USD bn": float(scen[g_end])}])
    f["goal"] = dict(goal=goal_v, start=g_start, end=g_end, base=base, last=last, level=usd_wdi[last], prog=prog,
                     edition=edition, imf_goal=imf_goal, imf_first=int(imf_path.index[0]), imf_start=float(imf_path.iloc[0]),
                     imf_gap=(imf_goal / goal_v - 1) * 100, gov=gov_rate, infl=P.inflation_pct,
                     depr=P.kzt_per_usd_change_pct, scen=float(scen[g_end]), scen_rate=nominal_scen, need_fx=need_fx,
                     real=(so_far.real ** (1 / k) - 1) * 100, defl=(so_far.deflator ** (1 / k) - 1) * 100,
                     rate=(so_far.fx ** (1 / k) - 1) * 100, fx_base=fx[base], fx_last=fx[last],
                     old=old.to_dict("records"),
                     edition_shift=float((old["current_edition"] / old["value_std"] - 1).abs().max() * 100))
    g = f["goal"]
    g.update(years_left=g_end - last, share_reached_pct=prog["share_achieved"] * 100, prices_did_most=g["defl"] > g["real"],
             rate_subtracted=g["rate"] < 0, scenario_short=g["scen"] < goal_v,
             old_compared=[o for o in g["old"] if not math.isnan(o["current_edition"])],
             within_revision_noise=g["edition_shift"] > abs(g["imf_gap"]))
    # --- 5b. the 6-7% real-growth goal
    rows = []
    for tid in GOAL_REAL:
        tr = inp.targets[inp.targets["target_id"] == tid].iloc[0]
        pace = real_goal_pace(growth, float(tr["target_value"]), int(tr["horizon_start"]), int(tr["horizon_end"]))
        eng = inp.progress[inp.progress["target_id"] == tid]
        rows.append({"target": tid, "goal, % a year": pace["goal"], "horizon": f"{tr['horizon_start']}–{tr['horizon_end']}",
                     "achieved so far, % a year": pace["achieved"], "needed in the years left, % a year": pace["required"],
                     "years left": pace["years_left"], "engine verdict": eng["verdict"].iloc[0] if len(eng) else "not tracked"})
    real_goal = pd.DataFrame(rows)
    rg_first, rg_last = int(inp.targets.loc[inp.targets["target_id"] == GOAL_REAL[0], "horizon_start"].iloc[0]), g_end
    imf_left = [growth_imf_proj[y] for y in range(last + 1, rg_last + 1) if y in growth_imf_proj.index]
    f["real_goal"] = dict(rows=rows, first=rg_first, end=rg_last, done=[y for y in growth.index if rg_first <= y <= last],
                          imf_avg=average_growth_pct(imf_left) if len(imf_left) == rg_last - last else math.nan,
                          edition=edition, gov=gov_rate)
    need = rows[0]["needed in the years left, % a year"]  # the pace the lower goal still needs
    f["real_goal"].update(imf_below_need=f["real_goal"]["imf_avg"] < need, gov_below_need=gov_rate < need)
    # --- 6. forecasts
    cf = claim["forecast_2026_2028"]
    f0, f1 = int(cf["period_start"]), int(cf["period_end"])
    imf_f = [growth_imf_proj[y] for y in range(f0, f1 + 1) if y in growth_imf_proj.index]
    other_f = t[(t["indicator"] == "gdp_real_growth_pct") & (t["status"] == "forecast") & (t["source_id"] != IMF_GROWTH)
                & (t["period_kind"] == "year")][["year", "value_std", "publisher", "published"]].reset_index(drop=True)
    past = [{"forecast for": r.year, "by": r.publisher, "published": r.published, "forecast, %": r.value_std,
             "outcome, %": growth.get(r.year, math.nan), "error, pp": r.value_std - growth.get(r.year, math.nan)}
            for r in other_f.itertuples()]
    for tr in inp.targets[inp.targets["indicator"].eq("gdp_real_growth_pct") & inp.targets["kind"].isin(["forecast", "plan"])].itertuples():
        yrs = range(int(tr.horizon_start), int(tr.horizon_end) + 1)
        if all(y in growth.index for y in yrs):
            out = average_growth_pct(growth[y] for y in yrs)
            past.append({"forecast for": tr.horizon_end if tr.horizon_start == tr.horizon_end else f"{tr.horizon_start}-{tr.horizon_end}",
                         "by": tr.stated_by, "published": tr.stated_on, "forecast, %": tr.target_value, "outcome, %": out,
                         "error, pp": tr.target_value - out})
    past = pd.DataFrame(past)
    past = past.assign(_k=past["forecast for"].astype(str)).sort_values(["_k", "by"], kind="mergesort").drop(columns="_k")
    done_goal = [y for y in range(2024, 2030) if y in growth.index]
    f["forecast"] = dict(f0=f0, f1=f1, stated=float(cf["stated_value"]), imf=imf_f, imf_avg=average_growth_pct(imf_f),
                         last=last, g_last=growth[last], done=done_goal, done_avg=average_growth_pct(growth[y] for y in done_goal),
                         goal_lo=min(r["goal, % a year"] for r in rows), goal_hi=max(r["goal, % a year"] for r in rows),
                         v=v["forecast_2026_2028"], edition=edition)
    fc = f["forecast"]
    fc.update(gap_to_imf_pp=fc["stated"] - fc["imf_avg"], stated_above_imf=fc["stated"] > fc["imf_avg"],
              done_below_goal=fc["done_avg"] < fc["goal_lo"])
    # --- 7. short-term figures
    st = _short_term(t, growth)
    stei = st[(st["what"] == "STEI (not GDP)") & (st["period"] == "2025-01/2025-02")]["value_std"]
    f["short_term"] = dict(stated=float(claim["jan_feb_2025"]["stated_value"]),
                           stei=float(stei.iloc[0]) if len(stei) else math.nan, g25=growth[2025],
                           v=v["jan_feb_2025"])
    st_ = f["short_term"]
    st_["stei_differs"] = abs(st_["stei"] - st_["stated"]) > ROUNDING_PP  # more than the last digit apart
    key = [y for y in (2018, 2019, 2020, 2024, 2025) if y in usd_wdi.index]
    overview = pd.DataFrame({
        "year": key, "GDP, USD bn (WDI)": [usd_wdi[y] for y in key], "GDP, USD bn (IMF)": [usd_imf.get(y, math.nan) for y in key],
        "GDP, KZT trn": [kzt.get(y, math.nan) / 1000 for y in key], "KZT per USD": [fx.get(y, math.nan) for y in key],
        "real growth, %": [growth.get(y, math.nan) for y in key],
        "per capita, USD (WB pop.)": [usd_wdi[y] * 1e9 / pop_wb.get(y, math.nan) for y in key],
        "per capita, USD (national pop.)": [usd_wdi[y] * 1e9 / pop_nat.get(y, math.nan) for y in key]})
    paths = {"required": req, "imf": imf_path, "scenario": scen, "diff": diff, "kzt_src": kzt_src}
    return GDP(usd_wdi, usd_imf, usd_imf_proj, edition, kzt, vol, fx, growth, growth_imf_proj, pop_wb, pop_nat,
               usd_from_kzt, pc, mid_bns, gni, threshold, last, stated,
               {"value": goal_v, "start": g_start, "end": g_end, "stated_on": goal_row["stated_on"], "progress": prog},
               vint, nineties, dec, dec_table, yd, pc_grid, paths, old, path_table, real_goal, other_f, past, st,
               overview, f)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def span_label(period: str) -> str:
    """'2025-01/2025-02' -> 'Jan–Feb 2025'."""
    a, b = period.split("/")
    return f"{_MONTHS[int(a[5:7]) - 1]}–{_MONTHS[int(b[5:7]) - 1]} {b[:4]}"


def _short_term(t: pd.DataFrame, growth: pd.Series) -> pd.DataFrame:
    """Year-to-date growth figures of 2024-2025 (STEI, operational GDP) and the annual outcomes, in time order."""
    sub = t[t["indicator"].isin(["stei_growth_pct", "gdp_real_growth_pct"]) & (t["period_kind"] == "span")
            & (t["year"] >= 2024)].copy()
    sub["what"] = np.where(sub["indicator"] == "stei_growth_pct", "STEI (not GDP)", "GDP, operational estimate")
    sub["label"] = sub["what"].str.replace(", operational estimate", " (operational)") + "\n" + sub["period"].map(span_label)
    sub["order"] = sub["end"]
    ann = pd.DataFrame({"label": [f"GDP, annual\n{y}" for y in (2024, 2025)], "value_std": [growth[2024], growth[2025]],
                        "what": "GDP, annual (BNS)", "order": ["2024-12-31", "2025-12-31"], "period": ["2024", "2025"]})
    cols = ["label", "value_std", "what", "order", "period"]
    return (pd.concat([sub[cols], ann], ignore_index=True).sort_values(["order", "label"], kind="mergesort")
            .reset_index(drop=True))


def derived(R: GDP, P) -> pd.DataFrame:
    """The tidy derived series written to data/processed/gdp.csv."""
    B, kzt_src, g = P.decomposition_base_year, R.paths["kzt_src"], R.findings["goal"]

    def rows(series, indicator, unit, sources, note, status="derived"):
        s = series.dropna()
        return pd.DataFrame({"indicator": indicator, "year": s.index.astype(int), "value": s.values, "unit": unit,
                             "source_ids": sources if isinstance(sources, str) else [sources(y) for y in s.index],
                             "status": status, "note": note})

    kfx = lambda y: ";".join(sorted({kzt_src(y)}) + [WDI_FX])  # noqa: E731
    yd = R.yearly.set_index("year")
    out = pd.concat([
        rows(R.usd_from_kzt, "gdp_usd_from_kzt_and_rate", "USD bn", kfx, "nominal GDP in tenge divided by the WDI annual average rate"),
        rows(R.paths["diff"], "gdp_usd_from_kzt_vs_wdi_pct", "%", lambda y: ";".join([kzt_src(y), WDI_FX, WDI_USD]),
             "(KZT GDP / rate) / WDI USD GDP - 1, in %"),
        rows(chain_volume(R.vol_index, B) * 100, "gdp_real_volume_chained", f"{B} = 100", BNS_VOL,
             "BNS previous-year volume indices chained"),
        rows(deflator(R.kzt, R.vol_index, B) * 100, "gdp_deflator", f"{B} = 100", lambda y: ";".join([kzt_src(y), BNS_VOL]),
             "nominal GDP in tenge / chained real GDP"),
        rows(yd["real"], "usd_gdp_growth_from_real", "log points x 100", kfx,
             "contribution of real growth to the year-on-year change in dollar GDP"),
        rows(yd["deflator"], "usd_gdp_growth_from_deflator", "log points x 100", kfx, "contribution of the GDP deflator"),
        rows(yd["fx"], "usd_gdp_growth_from_exchange_rate", "log points x 100", kfx,
             "contribution of the exchange rate (negative when the tenge weakens)"),
        rows(R.pc["world_bank"], "gdp_per_capita_usd_world_bank_population", "USD", f"{WDI_POP};{WDI_USD}",
             "WDI GDP / WDI mid-year population"),
        rows(R.pc["national"], "gdp_per_capita_usd_national_population", "USD", f"{IMF_POP};{WDI_USD}",
             "WDI GDP / national (BNS concept, IMF LP) population"),
        rows(R.paths["required"], "gdp_usd_required_path", "USD bn", WDI_USD,
             f"constant growth from the {R.last} actual to {g['goal']:g} bn in {g['end']}", status="scenario"),
        rows(R.paths["scenario"], "gdp_usd_scenario_path", "USD bn", f"{WDI_USD};gov-8ce5d9",
             f"real {g['gov']:g}%/yr (government forecast), deflator {g['infl']:g}%/yr and KZT per USD "
             f"{g['depr']:+g}%/yr (illustrative parameters)", status="scenario"),
    ], ignore_index=True)
    return out.sort_values(["indicator", "year"], kind="mergesort").reset_index(drop=True)
