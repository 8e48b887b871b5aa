"""The housing page: its claims by name, its sections and ``build``, everything the notebook shows.

Which value counts (the selection rules) lives in :mod:`kzseries.housing`, which the claim engine reads too; this
module only assembles what the page shows from those rules and the engine's verdicts.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import arith, names
from ..housing import (  # the selection rules
    AREA,
    GROWTH_VINTAGE,
    HOUSES,
    INV,
    UNITS,
    VINTAGES,
    VLABEL,
    annual_plans,
    composition,
    december_share,
    full_year_total,
    full_years,
    growth,
    implied_base_from_abs,
    implied_base_from_pct,
    investment_source,
    other_vintage,
    partial_years,
    pick,
    target_path,
    vintages,
    year_coverage,
)
from ..inputs import Inputs
from .housing_sections import FAR_BELOW, Change, Composition, Flats, Housing, Investment, Level, Overview, Path111, Plans, Window

# ======================================================================
# The notebook's one entry point: build(...) -> Housing
# ======================================================================
# The claims and targets this page reads by name, declared once (see kzseries.names): the templates, the
# notebook and the exercises use the readable name.
CLAIMS = {
    "level_2024": "housing-2024-m2",
    "level_2024_latest": "housing-2024-m2.latest",
    "record": "housing-2024-record",
    "record_housing_growth": "housing-2024-record.housing-growth",
    "record_level": "housing-2024-record.level",
    "vs_2018_pct": "housing-2024-vs-2018-pct",
    "vs_2018_abs": "housing-2024-vs-2018-abs",
    "cumulative_2019_2024": "housing-2019-2024-cumulative",
    "flats_2020_2025": "housing-target-2020-2025-flats",
    "plan_2023": "housing-commissioned-m2-2023",
    "plan_2023_jan_apr": "housing-commissioned-m2-2023-2",
    "plan_2025": "housing-commissioned-m2-2025",
    "goal_2025_m2": "housing-commissioned-m2-2025-4",
    "goal_2025_units": "housing-units-commissioned-2025-2",
    "goal_111": "housing-commissioned-m2-2029",
    "goal_111_step": "housing-commissioned-m2-2029-4",
}
#: Recorded plans that cover only part of a year, although their horizon reads as a year.
SUB_ANNUAL = {CLAIMS["plan_2023_jan_apr"]: "plan for January–April 2023 only (3.6 mn m2; actual 4.3), "
                                                 "although its horizon in targets.csv reads 2023"}


def progress_table(progress: pd.DataFrame) -> pd.DataFrame:
    """The engine's progress rows for the housing targets (``targets_progress.csv``), one row per goal.

    Statements of the same goal (indicator, horizon, value) by several people keep
    the first target id; cumulative goals come first, then single-year levels.
    """
    p = progress[progress["indicator"].isin([AREA, UNITS])].copy()
    p = p.drop_duplicates(subset=["indicator", "horizon", "goal"], keep="first")
    p["_form"] = (p["form"] != "cumulative").astype(int)
    p = p.sort_values(["_form", "horizon", "indicator", "target_id"], kind="mergesort")
    p["share of goal, %"] = p["share_achieved"] * 100.0
    p["what"] = p["indicator"].map({AREA: "area, million m²", UNITS: "dwellings"})
    cols = {"target_id": "target_id", "what": "what", "horizon": "horizon", "goal": "goal", "achieved": "achieved",
            "share of goal, %": "share of goal, %", "pace_achieved": "pace so far / yr",
            "pace_required": "pace needed / yr", "verdict": "verdict"}
    out = p[list(cols)].rename(columns=cols).reset_index(drop=True)
    level = p["form"].to_numpy() != "cumulative"
    out.loc[level, ["pace so far / yr", "pace needed / yr"]] = math.nan  # a level's pace is % a year: not comparable
    out["verdict"] = out["verdict"].str.replace("_", " ")
    return out


def tidy_output(vint: dict, inv: pd.Series, real: pd.Series, inv_source: str, cpi_sources: list[str],
                cpi_status: pd.Series, base_year: int) -> pd.DataFrame:
    """The long table written to data/processed/housing.csv: one row per indicator, vintage and year."""
    units = {AREA: "million m2", UNITS: "dwellings", HOUSES: "houses"}
    parts = []
    for ind, unit in units.items():
        for v in VINTAGES:
            w = "first" if v == "first_release" else "latest"
            d = vint[ind]
            note = (d[f"{w}_status"] == "preliminary").map({True: "preliminary", False: ""})
            if v == "first_release":
                note = note + d["revised"].map({True: "; revised later", False: ""})
            parts.append(pd.DataFrame({"indicator": ind, "year": d["year"].astype(int), "vintage": v, "value": d[v],
                                       "unit": unit, "source_ids": d[f"{w}_source_ids"], "note": note}))
    for v in VINTAGES:
        comp = composition(pick(vint[UNITS], v), pick(vint[HOUSES], v))
        parts.append(pd.DataFrame({"indicator": "housing_flats_units", "year": comp.index.astype(int), "vintage": v,
                                   "value": comp["flats"].to_numpy(), "unit": "dwellings", "source_ids": "",
                                   "note": "derived: dwellings minus individual houses"}))
    parts.append(pd.DataFrame({"indicator": INV, "year": inv.index.astype(int), "vintage": "latest",
                               "value": inv.to_numpy(), "unit": "KZT bn", "source_ids": inv_source,
                               "note": "nominal, current prices"}))
    r = real.dropna()
    est = pd.Series([cpi_status.get(y) != "final" for y in r.index], index=r.index)
    parts.append(pd.DataFrame({"indicator": "housing_investment_kzt_real", "year": r.index.astype(int),
                               "vintage": "latest", "value": r.to_numpy(), "unit": f"KZT bn, {base_year} prices",
                               "source_ids": ";".join([inv_source, *cpi_sources]),
                               "note": "deflated with IMF WEO CPI (annual average)"
                               + est.map({True: "; CPI is an estimate", False: ""}).to_numpy()}))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    out["note"] = out["note"].str.lstrip("; ")
    return out.sort_values(["indicator", "vintage", "year"], kind="mergesort").reset_index(drop=True)


def _stated(claims_df: pd.DataFrame, claim_id: str) -> float:
    row = claims_df[claims_df["claim_id"] == claim_id]
    return float(row["stated_value"].iloc[0]) if len(row) else math.nan


def _overview(vint, part) -> Overview:
    va = vint[AREA]
    span = range(int(va["year"].min()), int(va["year"].max()) + 1)
    table = va[["year", "first_release", "first_source_ids", "first_status", "latest", "latest_source_ids",
                "latest_status", "n_rows"]].rename(columns={"n_rows": "rows"})
    conflicts = pd.concat([v.assign(indicator=k) for k, v in vint.items()])
    conflicts = conflicts[conflicts["flag_conflict"] != ""][["indicator", "year", "flag_conflict"]]
    return Overview(table=table, first_year=span[0], last_year=span[-1], n_years=len(va),
                    missing=[y for y in span if y not in set(va["year"])],
                    revised=va.loc[va["revised"], "year"].tolist(),
                    preliminary=va.loc[va["latest_status"] == "preliminary", "year"].tolist(),
                    n_partial=len(part[AREA]), last_partial_year=int(part[AREA]["year"].max()),
                    conflicts=conflicts.reset_index(drop=True))


def _level(vint, part, area, area_alt, vintage, claims_df) -> Level:

    row = claims_df[claims_df["claim_id"] == CLAIMS["level_2024"]]
    year = int(row["period_end"].iloc[0]) if len(row) else 2024
    rec = arith.record(area[area.index <= year], year, None)
    g = growth(pick(vint[AREA], GROWTH_VINTAGE))
    g_upto = g[g.index <= year]
    va = vint[AREA].set_index("year")
    w = "first" if vintage == "first_release" else "latest"
    pre = va.index[va[f"{w}_status"] == "preliminary"]
    ytd = part[AREA][part[AREA]["from_january"] & (part[AREA]["year"] >= int(area.index.min()))].copy()
    ytd["x"] = ytd["year"] + (ytd["months"] - 12) / 24
    nxt = int(area.index.max())
    return Level(year=year, value=float(area[year]), value_alt=float(area_alt[year]),
                 sources=va.loc[year, f"{w}_source_ids"], stated=_stated(claims_df, CLAIMS["level_2024"]),
                 rank=rec.rank_all_years, n_years=rec.n_years, next_year=nxt, next_value=float(area[nxt]),
                 next_preliminary=bool(va.loc[nxt, f"{w}_status"] == "preliminary"), growth=g,
                 growth_year=float(g.get(year, math.nan)), fastest=float(g_upto.max()),
                 fastest_year=int(g_upto.idxmax()),
                 faster_years=[int(y) for y in g_upto.index if g_upto[y] > g.get(year, math.inf)],
                 preliminary_points=area.reindex(pre), ytd=ytd.reset_index(drop=True))


def _change(area, area_alt, claims_df, base, end) -> Change:
    stated_end = _stated(claims_df, CLAIMS["level_2024"])
    s_pct, s_abs = _stated(claims_df, CLAIMS["vs_2018_pct"]), _stated(claims_df, CLAIMS["vs_2018_abs"])
    ok = base in area.index and end in area.index
    d, d_alt = (arith.change(area, base, end), arith.change(area_alt, base, end)) if ok else (None, None)
    d_abs, d_pct = (d.absolute, d.pct) if d else (math.nan, math.nan)
    d_abs_alt, d_pct_alt = (d_alt.absolute, d_alt.pct) if d_alt else (math.nan, math.nan)
    return Change(base=base, end=end, stated_end=stated_end, stated_pct=s_pct, stated_abs=s_abs,
                  base_from_pct=implied_base_from_pct(stated_end, s_pct),
                  base_from_abs=implied_base_from_abs(stated_end, s_abs),
                  base_data=float(area.get(base, math.nan)), end_data=float(area.get(end, math.nan)), measured=ok,
                  d_abs=d_abs, d_pct=d_pct, d_abs_alt=d_abs_alt, d_pct_alt=d_pct_alt)


def _window(obs, vint, overview, claims_df, start, end) -> Window:

    def total(v, a, b):
        try:
            return arith.cumulative(pick(vint[AREA], v), a, b), []
        except arith.MissingYears as e:
            return math.nan, list(e.missing)

    sums, missing = {}, {}
    for v in VINTAGES:
        sums[v], missing[v] = total(v, start, end)
    multi = obs[(obs["indicator"] == AREA) & (obs["period"] == f"{start}-01/{end}-12")]
    rows = []
    for a, b in ((start - 1, end - 1), (start, end), (start + 1, end + 1), (start, end + 1)):
        r = {"window": f"{a}–{b}"}
        gaps = sorted({y for v in VINTAGES for y in total(v, a, b)[1]})
        for v in VINTAGES:
            r[f"sum, {VLABEL[v]}"] = total(v, a, b)[0]
        r["note"] = (f"no full-year figure for {_years(gaps)}" if gaps else
                     "preliminary figure for the last year" if b in overview.preliminary else "")
        rows.append(r)
    return Window(start=start, end=end, stated=_stated(claims_df, CLAIMS["cumulative_2019_2024"]), sums=sums,
                  missing=missing, stacks={v: pick(vint[AREA], v).reindex(range(start, end + 1)) for v in VINTAGES},
                  ministry_total=float(multi["value_std"].iloc[0]) if len(multi) else math.nan,
                  ministry_published=str(multi["published"].iloc[0]) if len(multi) else "",
                  sensitivity=pd.DataFrame(rows),
                  revised_in_window=[y for y in overview.revised if start <= y <= end])


def _years(ys) -> str:
    from .text import years

    return years(ys)


def _plans(targets, area) -> Plans:
    plans = annual_plans(targets, AREA, exclude=SUB_ANNUAL)
    plans["actual"] = plans["year"].map(area)
    plans["actual / plan, %"] = plans["actual"] / plans["target_value"] * 100
    both = plans[(plans["role"] == "bar") & plans["actual"].notna()]
    beat = both[both["actual"] >= both["target_value"]]
    prev = both[both["year"].map(lambda y: y - 1 in area.index)]
    low = prev[prev["target_value"] <= (prev["year"] - 1).map(area) * 1.005]
    b25 = plans.loc[plans["target_id"] == CLAIMS["plan_2025"], "target_value"]
    return Plans(table=plans, excluded=dict(SUB_ANNUAL), n_both=len(both), n_beat=len(beat),
                 missed_years=sorted(set(both["year"]) - set(beat["year"])),
                 median_over_pct=float((both["actual"] / both["target_value"]).median() * 100 - 100),
                 n_prev=len(prev), low_years=[int(y) for y in low["year"]],
                 benchmark_2025=float(b25.iloc[0]) if len(b25) else math.nan,
                 benchmark_far_below=bool(len(b25)) and float(b25.iloc[0]) < FAR_BELOW * float(area.get(2025, 0)))


def _path111(targets, vint, area, overview, progress) -> Path111:
    def value(tid):
        t = targets.loc[targets["target_id"] == tid, "target_value"]
        return float(t.iloc[0]) if len(t) else None

    t111 = targets[targets["target_id"] == CLAIMS["goal_111"]].iloc[0]
    goal, h0, h1 = float(t111["target_value"]), int(t111["horizon_start"]), int(t111["horizon_end"])
    path = target_path(goal, h0, h1, first=value(CLAIMS["plan_2023"]),
                       step=value(CLAIMS["goal_111_step"]))
    cum = {}
    for v in VINTAGES:
        s = pick(vint[AREA], v)
        s = s[(s.index >= h0) & (s.index <= h1)]
        cum[v] = s.reindex(range(h0, int(s.index.max()) + 1)).cumsum()
    eng = progress[progress["target_id"] == CLAIMS["goal_111"]].iloc[0].to_dict()
    t2 = targets[(targets["indicator"] == AREA) & (targets["measure"] == "cumulative")
                 & (targets["horizon_start"].astype(str) == str(h0))
                 & (targets["horizon_end"].astype(str) == str(h0 + 1))]
    two = float(t2["target_value"].iloc[0]) if len(t2) else math.nan
    last = h0 + int(eng["years_with_data"]) - 1
    return Path111(goal=goal, start=h0, end=h1, path=path, even=target_path(goal, h0, h1), cumulative=cum,
                   engine=eng, last_year=last, last_preliminary=last in overview.preliminary,
                   reached_around=h0 + math.ceil(goal / float(eng["pace_achieved"])) - 1,
                   first_annual=float(path["annual"].iloc[0]), year_before=float(area.get(h0 - 1, math.nan)),
                   table=progress_table(progress), two_year_plan=two,
                   engine_by_name=names.by_name(progress, CLAIMS, key="target_id"))


def _flats(vint, part, area, claims_df, verdicts_by_name, progress, tolerance, vintage) -> Flats:
    row = claims_df[claims_df["claim_id"] == CLAIMS["flats_2020_2025"]]
    a, b = (int(row["period_start"].iloc[0]), int(row["period_end"].iloc[0])) if len(row) else (2020, 2025)
    goal = _stated(claims_df, CLAIMS["flats_2020_2025"])
    units, houses = pick(vint[UNITS], vintage), pick(vint[HOUSES], vintage)
    cov = year_coverage(units, part[UNITS], a, b)
    _, not_full = full_year_total(cov)
    lower = float(cov["value"].sum())
    floor = goal / (1 + tolerance / 100)
    partial_sum = float(cov.loc[cov["basis"] != "full year", "value"].sum())
    dec, _ = december_share(cov, part[AREA], area)
    flats_years = [y for y in range(a, b + 1) if y in units.index and y in houses.index]
    flats_full = float(sum(units[y] - houses[y] for y in flats_years))
    max_year = float(units.max())
    t977 = progress[progress["target_id"] == CLAIMS["goal_2025_units"]].iloc[0]
    a977, b977 = (int(x) for x in str(t977["horizon"]).split("-"))
    cov977 = year_coverage(units, part[UNITS], a977, b977)
    return Flats(start=a, end=b, goal=goal, floor=floor, coverage=cov,
                 chart_coverage=year_coverage(units, part[UNITS], 2016, b), lower=lower,
                 full_years=[y for y in range(a, b + 1) if y not in not_full], not_full=not_full,
                 need_floor_pct=(floor - lower) / partial_sum * 100 if not_full else 0.0,
                 need_goal_pct=(goal - lower) / partial_sum * 100 if not_full else 0.0, december_pct=dec,
                 flats_full=flats_full, flats_years=flats_years, max_year=max_year,
                 flats_cap=flats_full + max_year * (b - a + 1 - len(flats_years)),
                 verdict=verdicts_by_name["flats_2020_2025"]["verdict"], goal_977=float(t977["goal"]),
                 lower_977=float(cov977["value"].sum()), not_full_977=full_year_total(cov977)[1],
                 verdict_977=str(t977["verdict"]))


def _composition(obs, vint, part, vintage) -> Composition:
    houses = pick(vint[HOUSES], vintage)
    comp = composition(pick(vint[UNITS], vintage), houses)
    pm = part[UNITS].merge(part[HOUSES], on=["period", "source_id"], suffixes=("_u", "_h"))
    pm["share"] = pm["value_std_h"] / pm["value_std_u"] * 100
    pm["x"] = pm["year_u"] + (pm["months_u"] - 12) / 24
    pm = pm.sort_values("x", kind="mergesort")[["period", "source_id", "x", "share"]].reset_index(drop=True)
    return Composition(table=comp, partial=pm, has_m2=bool((obs["indicator"] == "housing_individual_m2").any()),
                       houses_min=float(houses.min()), houses_max=float(houses.max()))


def _investment(obs, prices, full_inv, area, base, end) -> Investment:
    src = investment_source(full_inv)
    inv = full_inv[full_inv["source_id"] == src].set_index("year")["value_std"].astype(float).sort_index()
    cpi_rows = prices[(prices["indicator"] == "cpi_index_weo") & (prices["period_kind"] == "year")]
    cpi = cpi_rows.set_index("year")["value_std"].astype(float).sort_index()
    status = cpi_rows.set_index("year")["status"]
    real = arith.deflate(inv, cpi, base)
    flags = sorted(set(obs.loc[(obs["indicator"] == INV) & (obs["source_id"] == src), "vintage"].fillna("")))
    ok = base in real.index and end in real.index and pd.notna(real.get(end))
    per_m2 = (real / area).dropna()
    oth = full_inv[(full_inv["source_id"] != src) & full_inv["year"].isin(inv.index)]
    gaps = (oth["value_std"] / oth["year"].map(inv) - 1).abs() * 100
    return Investment(source=src, flags=flags, nominal=inv, real=real, cpi=cpi,
                      cpi_estimated=[int(y) for y in real.index if status.get(y) != "final"],
                      others=full_inv[(full_inv["source_id"] != src) & (full_inv["year"] >= inv.index.min())],
                      nominal_growth=(inv[end] / inv[base] - 1) * 100 if ok else math.nan,
                      real_growth=(real[end] / real[base] - 1) * 100 if ok else math.nan,
                      cpi_growth=(cpi[end] / cpi[base] - 1) * 100 if ok else math.nan,
                      area_growth=(area[end] / area[base] - 1) * 100 if base in area and end in area else math.nan,
                      per_m2_base=float(per_m2.get(base, math.nan)), per_m2_end=float(per_m2.get(end, math.nan)),
                      others_max_diff_pct=float(gaps.max()) if len(gaps) else math.nan)


def build(inp: Inputs, V: pd.DataFrame, P) -> Housing:
    """The housing page from ``nb.load_inputs("housing")`` (the CPI from its ``prices``), the engine's verdicts
    (``claims_housing.csv``) and the parameters."""
    return _assemble(inp.tidy, inp.prices, inp.claims, inp.targets, V, inp.progress, base_year=P.base_year,
                     window_start=P.window_start, window_end=P.window_end, vintage=P.vintage)


def _assemble(obs: pd.DataFrame, prices: pd.DataFrame, claims_df: pd.DataFrame, targets: pd.DataFrame,
              verdicts: pd.DataFrame, progress: pd.DataFrame, *, base_year: int, window_start: int, window_end: int,
              vintage: str) -> Housing:
    """Everything the housing page shows, from the tidy observations and the engine's outputs.

    ``obs``: observations_housing.csv; ``prices``: observations_gdp.csv (the CPI);
    ``claims_df``/``targets``: the registry rows of the series; ``verdicts``:
    claims_housing.csv; ``progress``: targets_progress.csv. Verdicts and target
    progress are the engine's, never recomputed here.
    """
    alt = other_vintage(vintage)
    full = {ind: full_years(obs, ind) for ind in (AREA, UNITS, HOUSES, INV)}
    part = {ind: partial_years(obs, ind) for ind in (AREA, UNITS, HOUSES, INV)}
    vint = {ind: vintages(full[ind]) for ind in (AREA, UNITS, HOUSES)}
    area, area_alt = pick(vint[AREA], vintage), pick(vint[AREA], alt)
    tol = arith.run_tolerance(verdicts, claims_df)[0]  # the run's, not a claim's own
    by_name = names.by_name(verdicts, CLAIMS)
    overview = _overview(vint, part)
    inv = _investment(obs, prices, full[INV], area, base_year, window_end)
    cpi_sources = sorted(set(prices.loc[(prices["indicator"] == "cpi_index_weo")
                                        & (prices["period_kind"] == "year"), "source_id"]))
    cpi_status = prices[(prices["indicator"] == "cpi_index_weo") & (prices["period_kind"] == "year")] \
        .set_index("year")["status"]
    return Housing(
        vintage=vintage, alt=alt, base_year=base_year, window_start=window_start, window_end=window_end,
        tolerance=tol, vintages=vint, partial=part, area=area, area_alt=area_alt, verdicts=by_name,
        overview=overview, level=_level(vint, part, area, area_alt, vintage, claims_df),
        change=_change(area, area_alt, claims_df, base_year, window_end),
        window=_window(obs, vint, overview, claims_df, window_start, window_end),
        plans=_plans(targets, area), path111=_path111(targets, vint, area, overview, progress),
        flats=_flats(vint, part, area, claims_df, by_name, progress, tol, vintage),
        composition=_composition(obs, vint, part, vintage), investment=inv,
        output=tidy_output(vint, inv.nominal, inv.real, inv.source, cpi_sources, cpi_status, base_year))
