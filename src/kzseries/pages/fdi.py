"""The FDI page: its claims by name, its sections and ``build``, everything the notebook shows.

Which value counts (the selection rules) lives in :mod:`kzseries.fdi`, which the claim engine reads too; this
module only assembles what the page shows from those rules and the engine's verdicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import arith
from ..fdi import (  # the selection rules
    GROSS,
    MEASURES,
    WindowSum,
    annual_series,
    as_series,
    coverage,
    implied_base,
    missing_years,
    nbk_attributed,
    pick_per_period,
    running_total_pace,
    sector_readings,
    sector_shares,
    window_sum,
)
from ..inputs import Inputs

# ------------------------------------------------------------ the page in one call
# Thresholds that choose the page's words, declared once.
NET_NEAR_ZERO = 0.1            # a net inflow under a tenth of the gross: "took out about as much as they brought in"
FAR_ABOVE = 1.5                # one net series "far above" another: more than half as much again
CLOSE = 0.1                    # two paces "close" when within 10% of each other
FIRST_HALF_NORMAL = (40, 60)   # a first half's share of its year that is unremarkable, %
FITS_PP = 5                    # a sector reading "fits" the implied share within 5 percentage points

# Column labels of the sector tables as the page prints them.
SECTOR_COLUMNS = {"gross_total": "gross total", "manufacturing_share_pct": "manufacturing, %",
                  "mining_share_pct": "mining, %", "manufacturing_mining_share_pct": "manufacturing + mining, %",
                  "non_mining_share_pct": "total minus mining, %"}
READING_COLUMNS = {"years_with_data": "years with data", "years_in_window": "years in window", "share_min": "lowest %",
                   "share_max": "highest %", "pooled": "pooled %", "gap_pp": "gap to implied share (pp)"}

# The claims this page reads by name, declared once (see kzseries.names): the notebook and the exercises use
# the readable name.
CLAIMS = {
    "cumulative_2019_2024": "fdi-2019-2024-cumulative",
    "target_2023_2029": "fdi-target-2023-2029",
    "manufacturing_2019_2024": "fdi-2019-2024-manufacturing",
    "since_independence": "fdi-cumulative-since-independence",
    "h1_2022": "fdi-h1-2022",
    "h1_2022_growth": "fdi-h1-2022-growth",
    "h1_2024": "fdi-h1-2024",
}
CLAIM_130, CLAIM_TARGET = CLAIMS["cumulative_2019_2024"], CLAIMS["target_2023_2029"]
CLAIM_MANUFACTURING, CLAIM_INDEPENDENCE = CLAIMS["manufacturing_2019_2024"], CLAIMS["since_independence"]
CLAIMS_HALF = (CLAIMS["h1_2022"], CLAIMS["h1_2022_growth"], CLAIMS["h1_2024"])
SIX_YEAR_READINGS = ((2019, 2024), (2018, 2023), (2020, 2025))


@dataclass(frozen=True)
class Result:
    """Everything 02_fdi shows: the series, the tables in reading order and the findings.

    ``facts`` holds one dict of named values per section (``choice``, ``gross_net``,
    ``claim130``, ``target``, ``plans``, ``half``, ``independence``, ``manufacturing``,
    ``other``) for the narrative templates; verdicts in it are the claim engine's.
    """
    measure: str
    claim_window: tuple[int, int]
    target_window_start: int
    tolerance_pct: float
    annual: dict
    gross: pd.Series
    candidates: pd.DataFrame
    gross_net: pd.DataFrame
    window_sums: pd.DataFrame
    target: pd.DataFrame
    target_view: pd.DataFrame
    plans: pd.DataFrame
    half: pd.DataFrame
    half_prelim: pd.DataFrame
    running_totals: pd.DataFrame
    stock: pd.DataFrame
    running_pace: pd.DataFrame
    sectors: pd.DataFrame
    sector_readings: pd.DataFrame
    other: pd.DataFrame
    facts: dict

    def window(self, measure: str, start: int, end: int) -> WindowSum:
        return window_sum(self.annual[measure], start, end, measure)

    def derived(self) -> pd.DataFrame:
        """``data/processed/fdi.csv``: annual series, half-years, window sums and progress to $150 bn."""
        out = []
        for m, df in self.annual.items():
            for r in df.itertuples():
                out.append({"kind": "annual", "indicator": MEASURES[m][0], "measure": m, "period": str(r.year),
                            "year": r.year, "value": r.value, "unit": "USD bn", "source_ids": r.source_ids,
                            "note": r.note})
        for r in self.half.itertuples():
            out.append({"kind": "half_year", "indicator": GROSS, "measure": "gross", "period": r.period,
                        "year": int(r.year), "value": r.value_std, "unit": "USD bn", "source_ids": r.source_id,
                        "note": ("other values: " + r.alternatives) if r.alternatives else ""})
        for r in self.window_sums.itertuples():
            out.append({"kind": "window_sum", "indicator": MEASURES[r.key][0], "measure": r.key,
                        "period": f"{r.start}-{r.end}", "year": r.end, "value": r.total, "unit": "USD bn",
                        "source_ids": r.sources, "note": "complete" if r.complete else
                        f"incomplete: no value for {', '.join(map(str, r.missing))}; partial sum {r.partial:.4g}"})
        verdict = {(r.start, r.end): f"; claim engine: {r.verdict} ({r.reading})" for r in self.target.itertuples()}
        for r in self.target_view.itertuples():
            out.append({"kind": "target_progress", "indicator": MEASURES[r.key][0], "measure": r.key,
                        "period": f"{r.start}-{r.end}", "year": r.end, "value": r.achieved, "unit": "USD bn",
                        "source_ids": "", "note": (
                            f"cumulative to {r.through} vs goal {r.goal:g}; pace {r.pace_achieved:.4g}/yr achieved, "
                            f"{r.pace_required:.4g}/yr required" + (verdict.get((r.start, r.end), "")
                                                                    if r.key == "gross" else ""))
                        if r.complete else f"incomplete: no value for {', '.join(map(str, r.missing))}"})
        return (pd.DataFrame(out).sort_values(["kind", "measure", "period"], kind="mergesort")
                .reset_index(drop=True))


def _series(df: pd.DataFrame, value: str = "value_std") -> pd.Series:
    return pd.Series(df[value].to_numpy(dtype=float), index=df["year"].astype(int).to_numpy())


def _choice(tidy: pd.DataFrame, gross: pd.Series, claim_published: str) -> tuple[pd.DataFrame, dict]:
    cands = tidy[(tidy["indicator"] == GROSS) & (tidy["period_kind"] == "year")].copy()
    chosen = pick_per_period(tidy, GROSS, ("year",))
    key = set(zip(chosen["period"], chosen["source_id"]))
    cands["used"] = ["✔" if (p, s) in key else "" for p, s in zip(cands["period"], cands["source_id"])]
    cands["NBK named"] = ["yes" if nbk_attributed(p, s) else "" for p, s in zip(cands["publisher"], cands["source_id"])]
    table = (cands.sort_values(["year", "used", "published"], ascending=[True, False, False], kind="mergesort")
             [["year", "value_std", "used", "status", "vintage", "published", "source_id", "publisher", "NBK named"]]
             .rename(columns={"value_std": "USD bn"}).reset_index(drop=True))
    earliest = _series(pick_per_period(tidy, GROSS, ("year",), "earliest"))
    revised = [{"year": int(y), "earliest": earliest[y], "used": gross[y]} for y in gross.index if earliest[y] != gross[y]]
    late = chosen[(chosen["n_sources"] == 1) & (chosen["published"].fillna("").astype(str) > claim_published)]
    facts = {"years": list(gross.index), "revised": revised,
             "max_revision": max((abs(r["used"] - r["earliest"]) for r in revised), default=0.0),
             "missing": missing_years(_frame(gross), 2000, 2025), "first_year": int(gross.index.min()),
             "speech_years": [int(y) for y, s in zip(chosen["year"], chosen["status"]) if s == "statement"],
             "late_years": [int(y) for y in late["year"]], "late_publishers": sorted(set(late["publisher"])),
             "late_published": sorted(set(late["published"].astype(str))), "claim_published": claim_published}
    return table, facts


def _frame(s: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"year": s.index, "value": s.values, "source_ids": ""})


def _gross_net(annual: dict) -> tuple[pd.DataFrame, dict]:
    g = as_series(annual["gross"])
    both = pd.DataFrame({"year": g.index})
    for m in MEASURES:
        s = as_series(annual[m])
        both[m] = [s.get(y, math.nan) for y in both["year"]]
    both["WDI net / gross (%)"] = both["net_world_bank"] / both["gross"] * 100
    both["NBK net / gross (%)"] = both["net_nbk"] / both["gross"] * 100
    recent = both[both["year"] >= 2019]
    net = {m: as_series(annual[m]) for m in MEASURES}
    last = int(g.index.max())
    facts = {"from": int(recent["year"].min()), "to": int(recent["year"].max()),
             "wdi_share": (recent["WDI net / gross (%)"].min(), recent["WDI net / gross (%)"].max()),
             "nbk_share": (recent["NBK net / gross (%)"].min(), recent["NBK net / gross (%)"].max()),
             "last": last, "gross_last": g[last], "wdi_last": net["net_world_bank"].get(last, math.nan),
             "unctad_last": net["net_unctad"].get(last, math.nan), "nbk_last": net["net_nbk"].get(last, math.nan),
             "nbk_next": net["net_nbk"].get(last + 1, math.nan),
             "wdi_2016": net["net_world_bank"].get(2016, math.nan), "nbk_2016": net["net_nbk"].get(2016, math.nan)}
    nbk_last, nbk_next = facts["nbk_last"], facts["nbk_next"]
    facts.update(next_year=last + 1, net_near_zero=facts["wdi_last"] < NET_NEAR_ZERO * g[last],
                 nbk_just_positive=0 < nbk_last < 1, nbk_negative=nbk_last < 0, nbk_next_negative=nbk_next < 0,
                 nbk_next_known=not math.isnan(nbk_next),
                 wdi_2016_far_above=facts["wdi_2016"] > FAR_ABOVE * facts["nbk_2016"])
    table = both.rename(columns={m: MEASURES[m][1] for m in MEASURES})
    return table, facts


def _window_sums(annual: dict, readings) -> pd.DataFrame:
    rows = []
    for a, b in readings:
        for m in MEASURES:
            ws = window_sum(annual[m], a, b, m)
            rows.append({"window": f"{a}–{b}", "measure": MEASURES[m][1], "sum (USD bn)": ws.total,
                         "years with data": (b - a + 1) - len(ws.missing), "partial sum": ws.partial,
                         "missing years": ", ".join(map(str, ws.missing)) or "none", "key": m, "start": a, "end": b,
                         "total": ws.total, "partial": ws.partial, "missing": ws.missing, "complete": ws.complete,
                         "sources": ";".join(ws.sources)})
    return pd.DataFrame(rows)


def _target(checked: pd.DataFrame, progress: pd.DataFrame, annual: dict, view_start: int, tol: float) -> tuple:
    """The engine's readings of the $150 bn target, the same rows of targets_progress, and a pace-only view."""
    rows = checked[(checked["claim_id"] == CLAIM_TARGET) | (checked["reading_of"] == CLAIM_TARGET)]
    goal = float(rows["stated_value"].iloc[0])
    # every statement of the goal, the restated or differently-windowed ones (reading_of) included
    prog = progress[(progress["form"] == "cumulative") & (progress["goal"].astype(float) == goal)
                    & (progress["indicator"] == GROSS)]
    out = []
    for r in rows.itertuples():
        start = int(str(r.measured_period)[:4])
        p = prog[prog["horizon"].str.startswith(f"{start}-")]
        end = int(p["horizon"].iloc[0][-4:]) if len(p) else 2029
        p = p.iloc[0] if len(p) else None
        pace_a = float(p["pace_achieved"]) if p is not None else math.nan
        pace_r = float(p["pace_required"]) if p is not None else math.nan
        gap = (pace_r / pace_a - 1) * 100 if pace_a else math.nan
        out.append({"reading": "primary" if not r.reading_of else "alternative", "claim_id": r.claim_id,
                    "window": f"{start}–{end}", "start": start, "end": end, "years": end - start + 1,
                    "achieved": r.measured_value, "through": int(str(r.measured_period)[-4:]),
                    "years_with_data": int(p["years_with_data"]) if p is not None else 0,
                    "share_achieved": float(p["share_achieved"]) * 100 if p is not None else math.nan,
                    "pace_achieved": pace_a, "pace_required": pace_r,
                    "pace_gap_pct": gap, "years_remaining": end - int(str(r.measured_period)[-4:]),
                    "beyond_tolerance": gap - tol, "narrow_miss": r.verdict == "off_track" and gap - tol < 1,
                    "verdict": r.verdict, "explanation": r.explanation,
                    "progress_target": p["target_id"] if p is not None else "",
                    "same_as_progress": p is not None and p["verdict"] == r.verdict
                    and round(float(p["achieved"]), 6) == round(float(r.measured_value), 6)})
    target = pd.DataFrame(out)
    windows = list(dict.fromkeys([(r.start, r.end) for r in target.itertuples()]
                                 + [(view_start, int(target["end"].max()))]))
    view = []
    for a, b in windows:
        for m in MEASURES:
            try:
                p = arith.target_progress(as_series(annual[m]), goal, a, b, "cumulative", "at_least", 0.0)
                miss: tuple[int, ...] = ()
            except arith.MissingYears as e:
                p, miss = None, tuple(e.missing)
            done = p is not None and p.years_done > 0
            view.append({"window": f"{a}–{b}", "measure": MEASURES[m][1], "key": m, "start": a, "end": b,
                         "goal": goal, "complete": done,
                         "through": (a + p.years_done - 1) if done else math.nan,
                         "achieved": p.achieved if done else math.nan,
                         "pace_achieved": p.pace_achieved if done else math.nan,
                         "pace_required": p.pace_required if done else math.nan, "missing": miss or (a,) * (not done)})
    return goal, target, pd.DataFrame(view)


def _plans(targets: pd.DataFrame, gross: pd.Series, gross_rows: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    lv = targets[targets["measure"] == "level"].copy()
    lv["year"] = lv["horizon_end"].astype(int)
    plans = (lv.groupby(["year", "kind", "target_value"], as_index=False)
             .agg(stated_by=("stated_by", lambda s: " / ".join(sorted(set(s)))), n=("target_id", "size")))
    plans["actual"] = [gross.get(y, math.nan) for y in plans["year"]]
    plans["actual − stated"] = plans["actual"] - plans["target_value"]
    rows = gross_rows.set_index("year") if gross_rows is not None else pd.DataFrame(columns=["source_ids", "note"])
    plans["actual_source"] = [rows["source_ids"].get(y, "") for y in plans["year"]]
    plans["actual_single"] = [rows["note"].get(y, "") == "single source" for y in plans["year"]]
    plans["actual_whole"] = [bool(a == round(a)) if a == a else False for a in plans["actual"]]
    # how each scored plan came out, in words the page prints: beaten, met or missed (and by how much)
    plans["outcome"] = ["beaten" if d > 0 else "met" if d == 0 else "missed" for d in plans["actual − stated"]]
    plans["by"] = plans["actual − stated"].abs()
    plans["above_last"] = plans["target_value"] > gross[gross.index.max()]
    scored = plans[plans["actual"].notna()]
    goals = scored[scored["kind"] != "forecast"]
    facts = {"scored": goals.to_dict("records"), "forecasts": scored[scored["kind"] == "forecast"].to_dict("records"),
             "n_met": int((goals["actual − stated"] >= 0).sum()),
             "pending": plans[plans["actual"].isna()].to_dict("records"),
             "last_year": int(gross.index.max()), "last": gross[gross.index.max()]}
    return plans, facts


def _half(tidy: pd.DataFrame, gross: pd.Series, checked: pd.DataFrame) -> tuple:
    half = pick_per_period(tidy, GROSS, ("half",))
    H = _series(half)
    prelim = tidy[(tidy["indicator"] == GROSS) & (tidy["period_kind"] == "half")]
    prelim = prelim[prelim["value_std"] != prelim["year"].map(H)]
    V = checked.set_index("claim_id")
    c22, cg, c24 = (V.loc[c] for c in CLAIMS_HALF)
    implied = implied_base(float(c22["stated_value"]), float(cg["stated_value"]))
    h22 = half[half["year"] == 2022].iloc[0]
    facts = {"h1_2022": h22["value_std"], "n_sources_2022": int(h22["n_sources"]),
             "verdict_2022": c22["verdict"], "verdict_growth": cg["verdict"], "verdict_2024": c24["verdict"],
             "stated_2022": float(c22["stated_value"]), "stated_growth": float(cg["stated_value"]),
             "stated_2024": float(c24["stated_value"]), "implied_2021": implied,
             "implied_share_2021": implied / gross.get(2021, math.nan) * 100,
             "share_2024": float(c24["stated_value"]) / gross.get(2024, math.nan) * 100,
             "shares": {int(y): H[y] / gross[y] * 100 for y in H.index if y in gross.index},
             "drop_vs_2022": (1 - float(c24["stated_value"]) / H.get(2022, math.nan)) * 100,
             "prelim": [{"year": int(r.year), "first": r.value_std, "used": H[int(r.year)]} for r in prelim.itertuples()],
             "has_2024": 2024 in H.index, "has_2021": 2021 in H.index}
    facts["normal_first_half"] = FIRST_HALF_NORMAL[0] <= facts["implied_share_2021"] <= FIRST_HALF_NORMAL[1]
    return half, prelim, facts


def _independence(tidy: pd.DataFrame, annual_gross: pd.DataFrame, checked: pd.DataFrame) -> tuple:
    cum = tidy[tidy["indicator"] == "fdi_cumulative_gross_usd"].sort_values("end", kind="mergesort")
    stock = tidy[tidy["indicator"] == "fdi_inward_stock_usd"].sort_values("end", kind="mergesort")
    pace = running_total_pace(cum[["end", "value_std"]])
    v = checked.set_index("claim_id").loc[CLAIM_INDEPENDENCE]
    latest = cum.iloc[-1]
    through = int(str(latest["end"])[:4])
    stock_then = stock[stock["end"] <= latest["end"]].iloc[-1]
    g = as_series(annual_gross)
    facts = {"verdict": v["verdict"], "stated": float(v["stated_value"]), "latest": latest["value_std"],
             "latest_end": str(latest["end"])[:7], "latest_publisher": latest["publisher"],
             "through": through, "to_claim": coverage(annual_gross, 1993, through),
             "to_now": coverage(annual_gross, 1993, 2024),
             "pace_from": pace["from"].iloc[-1], "pace_to": pace["to"].iloc[-1], "pace": pace["per_year"].iloc[-1],
             "annual_inside": [(int(y), g[y]) for y in g.index if int(pace["from"].iloc[-1][:4]) <= y <= through],
             "stock": stock_then["value_std"], "stock_end": stock_then["end"],
             "multiple": latest["value_std"] / stock_then["value_std"]}
    return cum, stock, pace, facts


def _manufacturing(shares: pd.DataFrame, claim_rows: pd.DataFrame, checked: pd.DataFrame,
                   annual_gross: pd.DataFrame) -> tuple:
    reg = claim_rows.set_index("claim_id")
    V = checked.set_index("claim_id")
    a, b = int(reg.loc[CLAIM_MANUFACTURING, "period_start"]), int(reg.loc[CLAIM_MANUFACTURING, "period_end"])
    stated, total_stated = float(V.loc[CLAIM_MANUFACTURING, "stated_value"]), float(V.loc[CLAIM_130, "stated_value"])
    ws = window_sum(annual_gross, a, b)
    share_of_claim = stated / total_stated * 100
    share_of_sum = stated / ws.total * 100 if ws.complete else math.nan
    readings = sector_readings(shares, share_of_claim, (a, b))
    readings["six-year sum at that share"] = readings["pooled"] / 100 * ws.total

    facts = {"stated": stated, "total_stated": total_stated, "window": (a, b), "gross_sum": ws.total,
             "share_of_claim": share_of_claim, "share_of_sum": share_of_sum, "verdict": V.loc[CLAIM_MANUFACTURING, "verdict"],
             "readings": [{**r, "fits": abs(r["gap_pp"]) < FITS_PP,  # one share when both print the same
                           "one_share": f"{r['share_min']:,.0f}" == f"{r['share_max']:,.0f}"} for r in readings.to_dict("records")],
             "closest": readings.loc[readings["gap_pp"].abs().idxmin(), "reading"],
             "sector_years": [int(y) for y in shares["year"]]}
    return readings, facts


def build(inp: Inputs, V: pd.DataFrame, P) -> Result:
    """The FDI page from ``nb.load_inputs("fdi")``, the engine's verdicts (``claims_fdi.csv``) and the parameters."""
    return _assemble(inp.tidy, inp.claims, inp.targets, V, inp.progress, P.measure, P.claim_window_start,
                     P.target_window_start)


def _assemble(tidy: pd.DataFrame, claim_rows: pd.DataFrame, targets: pd.DataFrame, checked: pd.DataFrame,
              progress: pd.DataFrame, measure: str = "gross", claim_window_start: int = 2019,
              target_window_start: int = 2023) -> Result:
    """The whole FDI page from the audit's tidy frame, the registry, the targets and the engine's outputs.

    ``checked`` is ``claims_fdi.csv`` and ``progress`` ``targets_progress.csv`` (both from 00_verdicts);
    the parameters ``measure``, ``claim_window_start`` and ``target_window_start`` only change views.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    annual = {m: annual_series(tidy, m) for m in MEASURES}
    gross = as_series(annual["gross"])
    V = checked.set_index("claim_id")
    tol = arith.run_tolerance(checked, claim_rows)[0]  # the run's, not a claim's own
    cw = (claim_window_start, claim_window_start + 5)

    candidates, f_choice = _choice(tidy, gross, str(V.loc[CLAIM_130, "published"]))
    gross_net, f_net = _gross_net(annual)
    sums = _window_sums(annual, list(dict.fromkeys([cw, *SIX_YEAR_READINGS])))
    rule = {r: window_sum(_frame(_series(pick_per_period(tidy, GROSS, ("year",), r))), *cw).total
            for r in ("min", "max")}
    main = {m: window_sum(annual[m], *cw, m) for m in MEASURES}
    r130 = V.loc[CLAIM_130]
    f130 = {"window": cw, "claim_window": (2019, 2024), "gross": main["gross"], "wdi": main["net_world_bank"],
            "nbk": main["net_nbk"], "unctad": main["net_unctad"], "selected": main[measure], "measure": measure,
            "stated": float(r130["stated_value"]), "verdict": r130["verdict"], "deviation": r130["deviation_pct"],
            "measured": r130["measured_value"], "rule_min": rule["min"], "rule_max": rule["max"],
            "alt": window_sum(annual["gross"], 2018, 2023), "late_years": f_choice["late_years"]}
    f130.update(wdi_share_pct=main["net_world_bank"].total / main["gross"].total * 100,
                nbk_share_pct=main["net_nbk"].total / main["gross"].total * 100,
                alt_needed=f130["stated"] - f130["alt"].partial, in_claim_window=cw == f130["claim_window"])

    goal, target, view = _target(checked, progress, annual, target_window_start, tol)
    prim = target[target["reading"] == "primary"].iloc[0].to_dict()
    alt = target[target["reading"] == "alternative"].iloc[0].to_dict()
    six = window_sum(annual["gross"], 2019, 2024)
    f_target = {"goal": goal, "primary": prim, "alternative": alt, "tolerance": tol,
                "same_as_progress": bool(target["same_as_progress"].all()),
                "per_year_7": goal / 7, "six_year_avg": six.total / 6, "last_year": int(gross.index.max()),
                "last": gross[gross.index.max()], "view_start": target_window_start, "alt_first": gross.get(alt["start"], math.nan),
                "view_is_primary": target_window_start == prim["start"],
                "missing_next": int(gross.index.max()) + 1 not in gross.index,
                "net_view": view[(view["start"] == target_window_start) & (view["key"] != "gross")].to_dict("records")}
    f_target.update(next_year=f_target["last_year"] + 1,
                    close_to_past=abs(f_target["six_year_avg"] / f_target["per_year_7"] - 1) < CLOSE,
                    last_below_needed=f_target["last"] < f_target["per_year_7"])

    plans, f_plans = _plans(targets, gross, annual["gross"])
    half, prelim, f_half = _half(tidy, gross, checked)
    cum, stock, pace, f_ind = _independence(tidy, annual["gross"], checked)
    shares = sector_shares(tidy, annual["gross"])
    readings, f_man = _manufacturing(shares, claim_rows, checked, annual["gross"])
    other = checked[(checked["reading_of"] == "") & (checked["measure"].fillna("") == "")]
    other = other[["claim_id", "stated_value", "unit", "verdict", "explanation"]].reset_index(drop=True)

    facts = {"choice": f_choice, "gross_net": f_net, "claim130": f130, "target": f_target, "plans": f_plans,
             "half": f_half, "independence": f_ind, "manufacturing": f_man,
             "other": {"n": len(other), "verdicts": sorted(set(other["verdict"])),
                       "one_verdict": other["verdict"].nunique() == 1}}
    return Result(measure, cw, target_window_start, tol, annual, gross, candidates, gross_net, sums, target, view,
                  plans, half, prelim, cum, stock, pace, shares, readings, other, facts)
