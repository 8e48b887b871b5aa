"""The grain harvest page: its claims by name, its sections and ``build``, everything the notebook shows.

Which value counts (the selection rules) lives in :mod:`kzseries.grain`, which the claim engine reads too; this
module only assembles what the page shows from those rules and the engine's verdicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import arith
from ..grain import (  # the selection rules
    BASES,
    BNS_AREA,
    BNS_HARVEST,
    BNS_YIELD,
    Bracket,
    _preference,
    annual_harvest,
    as_reported,
    as_series,
    bracket,
    bunker_clean_ratios,
    campaign_progress,
    decompose_area_yield,
    fao_cereals,
    flip_window,
    forecasts_vs_outcomes,
    gap_upper_bounds,
    identity_gap_pct,
    indicator_series,
    record_by_window,
    record_series,
    select_basis,
)
from ..inputs import Inputs

# ------------------------------------------------------------- the page
# The claims this page reads by name, declared once (see kzseries.names): the templates, the notebook and the
# exercises use the readable name.
CLAIMS = {
    "harvest_2024": "grain-2024-harvest",
    "harvest_2024_clean": "grain-2024-harvest.clean",
    "record_10y": "grain-2024-record-10y",
    "record_10y_bunker": "grain-2024-record-10y.bunker",
    "record_any": "grain-2024-record-004",
    "record_any_bunker": "grain-2024-record-004.bunker",
    "area_harvested_share_2025": "grain-2025-area-harvested-share",
    "threshed_early_sep_2025": "grain-2025-threshed-early-sep",
}
CLAIM_YEAR = 2024
WHEN = "2025-09-04"  # the Prime Minister's campaign statement
KEY_YEARS = (2011, 2016, 2022, 2024, 2025)
LABEL = {"clean": "clean-weight (BNS)", "bunker": "bunker-weight (MoA)",
         "as_reported": "as-reported (highest published figure, bases mixed)", "fao": "FAOSTAT cereals"}


def record_table(series_all: dict[str, pd.Series], year: int, window: int) -> pd.DataFrame:
    """Table 4.2: the record test on each series, for the window of the run and for all years."""
    rows = []
    for k, s in series_all.items():
        row = {"series": LABEL[k], f"{year} value": math.nan, f"highest in {window} years": "no 2024 value",
               "highest in all years": "no 2024 value", "all-time rank": "–", "years higher": "–",
               "answer flips at window": "–", "missing years in window": "–"}
        if year in s[s.index <= year].index:
            r = record_by_window(s, year, [window, None])
            flip = flip_window(s, year)
            row.update({f"{year} value": r.loc[0, "value"],
                        f"highest in {window} years": "yes" if r.loc[0, "highest_in_window"] else "no",
                        "highest in all years": "yes" if r.loc[1, "highest_in_window"] else "no",
                        "all-time rank": f"{r.loc[1, 'rank_all_years']} of {r.loc[1, 'years_with_data']}",
                        "years higher": r.loc[1, "higher_in_window"],
                        "answer flips at window": "never" if flip is None else f"{flip} years",
                        "missing years in window": r.loc[0, "missing_in_window"]})
        rows.append(row)
    return pd.DataFrame(rows)


def record_grid(series_all: dict[str, pd.Series], year: int, lengths: list[int]) -> np.ndarray:
    """1 where ``year`` is the highest in the window of each length, 0 where not, NaN with no value for it."""
    grid = []
    for s in series_all.values():
        ss = s[s.index <= year]
        grid.append([math.nan if year not in ss.index else
                     float(arith.record(ss, year, year - w + 1).highest_in_window) for w in lengths])
    return np.array(grid)


def best_before(values: pd.Series, year: int, start: int) -> tuple[int | None, float]:
    """The highest year in ``start``..``year - 1`` and its value (None, NaN when there is none)."""
    s = values[(values.index >= start) & (values.index < year)].dropna()
    return (None, math.nan) if s.empty else (int(s.idxmax()), float(s.max()))


def continuous_from(values: pd.Series, year: int) -> int:
    """First year of the unbroken run of years with a value that ends in ``year``."""
    have = set(values.dropna().index)
    y = year
    while y - 1 in have:
        y -= 1
    return y


def matching_rows(harvest: pd.DataFrame, year: int, value: float) -> pd.DataFrame:
    """Rows of ``year`` that give ``value`` to the stated precision (where a stated figure comes from)."""
    digits = len(f"{value:g}".partition(".")[2])
    rows = harvest[(harvest["year"] == year) & (harvest["value"].round(digits) == round(value, digits))]
    return rows.sort_values(["published", "source_id"], kind="mergesort")


def _long(frame, indicator, unit, note):
    return pd.DataFrame({"indicator": indicator, "year": frame["year"].astype(int),
                         "period": frame["year"].astype(str), "value": frame["value"].astype(float), "unit": unit,
                         "basis": frame["basis"], "source_ids": frame["source_id"], "note": note})


def derived_frame(by_basis, reported, fao, dec, prog, ok) -> pd.DataFrame:
    """``data/processed/grain.csv``: every series and derived value the page shows, in long form."""
    parts = [_long(by_basis[b], "grain_harvest_t", "million t", f"one figure per year on {b} basis (BNS series "
                   "preferred)") for b in BASES]
    parts.append(_long(reported, "grain_harvest_as_reported_t", "million t",
                       "each year's highest published figure, bases mixed (basis column says which)"))
    parts.append(_long(fao, "cereal_production_fao_t", "million t", "FAOSTAT cereals primary, excludes pulses"))
    both = BNS_HARVEST + ";" + BNS_AREA
    dec_cols = {"area": ("grain_area_sown_bns_ha", "million ha", BNS_AREA),
                "yield_t_per_ha": ("grain_output_per_sown_ha_t", "t/ha", both),
                "harvest_change_pct": ("grain_harvest_change_pct", "%", BNS_HARVEST),
                "area_contribution_pp": ("grain_harvest_change_area_pp", "pp", both),
                "yield_contribution_pp": ("grain_harvest_change_yield_pp", "pp", both)}
    for col, (ind, unit, src) in dec_cols.items():
        parts.append(pd.DataFrame({"indicator": ind, "year": dec["year"], "period": dec["year"].astype(str),
                                   "value": dec[col], "unit": unit, "basis": "clean", "source_ids": src,
                                   "note": "area x yield decomposition (log shares), BNS"}))
    for col, ind, unit in (("threshed_mt", "grain_threshed_to_date_t", "million t"),
                           ("share_pct", "grain_area_harvested_share_pct", "% of area")):
        p = prog[(prog["as_of"] != "") & prog[col].notna()]
        parts.append(pd.DataFrame({"indicator": ind, "year": 2025, "period": p["as_of"], "value": p[col],
                                   "unit": unit, "basis": "bunker", "source_ids": p["source_id"],
                                   "note": "2025 campaign running total; as-of date from " + p["date_from"]}))
    parts.append(pd.DataFrame({"indicator": "grain_harvest_forecast_error_pct", "year": ok["season"],
                               "period": ok["stated_on"], "value": ok["error_pct"], "unit": "%",
                               "basis": ok["outcome_basis"], "source_ids": ok["source_id"],
                               "note": ok["target_id"] + ": forecast " + ok["forecast"].map("{:g}".format)
                               + " Mt vs outcome (" + ok["comparison"] + ")"}))
    return (pd.concat(parts, ignore_index=True)
            .sort_values(["indicator", "year", "period", "basis", "source_ids"], kind="mergesort")
            .reset_index(drop=True))


@dataclass(frozen=True)
class Grain:
    """Everything the grain page shows: series, derived frames, and the findings its sentences use.

    ``levels``, ``record``, ``area_yield``, ``campaign`` and ``forecasts`` are the named
    values of each section's narrative template (``narrative/04_grain.md``). No verdict
    is computed here: those come from the claim engine.
    """

    year: int
    window: int
    stated: float
    harvest: pd.DataFrame
    by_basis: dict
    reported: pd.DataFrame
    fao: pd.DataFrame
    clean: pd.Series
    bunker: pd.Series
    unstated: pd.Series
    fao_s: pd.Series
    rec_key: str
    rec: pd.Series
    series_all: dict
    key_years: pd.DataFrame
    ratios: pd.Series
    record_table: pd.DataFrame
    record_grid: np.ndarray
    grid_lengths: list
    dec: pd.DataFrame
    area_table: pd.DataFrame
    prog: pd.DataFrame
    bracket_t: Bracket
    bracket_s: Bracket
    forecasts_table: pd.DataFrame
    derived: pd.DataFrame
    levels: dict
    record: dict
    area_yield: dict
    campaign: dict
    forecasts: dict


def ministry_total(harvest: pd.DataFrame, year: int) -> dict | None:
    """The Ministry of Agriculture's end-of-campaign total for ``year`` and the basis its source states.

    A row tagged bunker wins (its source says so); otherwise the ministry's operational or preliminary
    total whose basis is not stated (the highest, the campaign's last count). Never relabelled as bunker.
    """
    rows = harvest[(harvest["year"] == year) & harvest["source_id"].str.startswith("moa-")]
    tagged = rows[rows["basis"] == "bunker"]
    if len(tagged):
        r = _preference(tagged).iloc[0]
    else:
        op = rows[(rows["basis"] == "not_stated") & rows["status"].isin(["operational", "preliminary"])]
        if op.empty:
            return None
        r = op.sort_values(["value", "source_id"], ascending=[False, True], kind="mergesort").iloc[0]
    return {"value": float(r["value"]), "source_id": r["source_id"], "basis": r["basis"],
            "published": r["published"] or "date not shown",
            "words": "bunker weight" if r["basis"] == "bunker" else "weight basis not stated by its source"}


def build(inp: Inputs, V: pd.DataFrame, P) -> Grain:
    """The grain page from ``nb.load_inputs("grain")``, the engine's verdicts (their run tolerance words the 2025
    campaign; the verdicts themselves are read by the page's tables) and the parameters."""
    tolerance = arith.run_tolerance(V, inp.claims)[0]  # the run's, not a claim's own
    return _assemble(inp.tidy, inp.targets, inp.claims, window=P.record_window_years, basis=P.basis, source=P.source,
                     tolerance=tolerance)


def _assemble(tidy: pd.DataFrame, targets: pd.DataFrame, claim_rows: pd.DataFrame, window: int = 10,
              basis: str = "bunker", source: str = "national", tolerance: float = 5.0) -> Grain:
    """The grain page from the tidy observations, the targets and the registry's grain claims; ``tolerance`` is
    the run's (it decides the words on the 2025 campaign, never a verdict)."""
    year = CLAIM_YEAR
    harvest = annual_harvest(tidy)
    by_basis = {b: select_basis(harvest, b) for b in BASES}
    reported, fao = as_reported(harvest), fao_cereals(tidy)
    clean, bunker, unstated = (as_series(by_basis[b]) for b in BASES)
    fao_s = as_series(fao)
    stated = float(claim_rows.set_index("claim_id").loc[CLAIMS["harvest_2024"], "stated_value"])
    rec_key = "fao" if source == "fao" else basis
    rec = as_series(record_series(harvest, fao, basis, source))
    series_all = {"clean": clean, "bunker": bunker, "as_reported": as_series(reported), "fao": fao_s}
    key = pd.DataFrame([{"year": y, "clean (BNS)": clean.get(y, np.nan), "bunker (MoA)": bunker.get(y, np.nan),
                         "basis not stated": unstated.get(y, np.nan), "FAOSTAT cereals": fao_s.get(y, np.nan)}
                        for y in KEY_YEARS])

    # section 1: the two weights; the stated figure's origin
    ratios = bunker_clean_ratios(clean, bunker)
    above = ratios[ratios >= 1]
    mt, mt_next = ministry_total(harvest, year), ministry_total(harvest, year + 1)
    same = matching_rows(harvest, year, stated)
    origin = same.iloc[-1] if len(same) else None
    levels = {"year": year, "stated": stated, "clean": clean[year], "ministry": mt["value"],
              "ministry_words": mt["words"], "bunker_established": year in bunker.index,
              "clean_before": clean[year - 1], "growth_pct": (clean[year] / clean[year - 1] - 1) * 100,
              "clean_2011": clean[2011], "bunker_2011": bunker[2011], "fao_2011": fao_s[2011], "fao_1992": fao_s[1992],
              "ministry_source": mt["source_id"], "ministry_published": mt["published"],
              "dev_ministry": arith.deviation_pct(stated, mt["value"]),
              "dev_clean": arith.deviation_pct(stated, clean[year]),
              "origin_source": "" if origin is None else origin["source_id"],
              "origin_published": "" if origin is None else origin["published"],
              "origin_basis": "" if origin is None else origin["basis"],
              "pair_years": list(ratios.index), "n_pairs": len(ratios),
              "min_pct": (above.min() - 1) * 100, "max_pct": (above.max() - 1) * 100,
              "median_pct": (above.median() - 1) * 100, "below_years": list(ratios[ratios < 1].index),
              "unstated_years": sorted(set(unstated.index) - set(bunker.index)),
              "clean_early": list(clean[clean.index < 2004].index)}
    levels.update(prev_year=year - 1, above_both=stated > mt["value"] and stated > clean[year],
                  below_both=stated < mt["value"] and stated < clean[year], above_ministry=stated > mt["value"],
                  nearer_ministry=abs(levels["dev_ministry"]) < abs(levels["dev_clean"]))

    # section 2: the record
    lo = year - window + 1
    gaps_b = [y for y in range(lo, year) if y not in bunker.index]
    bound = gap_upper_bounds(clean, gaps_b, float(ratios.max()))
    best_c, best_b = best_before(clean, year, lo), best_before(bunker, year, lo)
    fao_win = fao_s[fao_s.index >= lo]
    flip = flip_window(clean, year)
    tab = record_table(series_all, year, window)
    national = tab[tab["series"] != LABEL["fao"]][f"highest in {window} years"]
    record = {"year": year, "window": window, "lo": lo, "stated": stated, "clean": clean[year],
              "bunker": bunker.get(year, math.nan), "ministry": mt["value"], "ministry_words": mt["words"],
              "best_clean_year": best_c[0], "best_clean": best_c[1], "best_bunker_year": best_b[0],
              "best_bunker": best_b[1], "bunker_gaps": gaps_b, "max_ratio": float(ratios.max()),
              "bound": float(bound.max()) if len(bound) else math.nan,
              "fao_last": int(fao_s.index.max()), "fao_peak": float(fao_win.max()), "fao_peak_year": int(fao_win.idxmax()),
              "clean_2011": clean[2011], "bunker_2011": bunker[2011], "flip": flip,
              "every_basis": bool((national == "yes").all()), "clean_full_from": continuous_from(clean, year), "n_bunker": int((bunker.index <= year).sum()),
              "clean_next": clean.get(year + 1, math.nan),
              "ministry_next": mt_next["value"] if mt_next else math.nan,
              "ministry_next_words": mt_next["words"] if mt_next else ""}
    r = record
    record.update(prev_year=year - 1, next_year=year + 1, beats_best_clean=r["clean"] > r["best_clean"],
                  bunker_missing=math.isnan(r["bunker"]), beats_best_bunker=r["bunker"] > r["best_bunker"],
                  bound_below=r["bound"] < r["bunker"], fao_peak_below=r["fao_peak"] < r["clean"],
                  higher_2011_both=r["clean_2011"] > r["clean"] and r["bunker_2011"] > r["ministry"],
                  stated_below_2011=stated < r["clean_2011"], flip_from=None if flip is None else year - flip + 1,
                  since_2011=year - 2011, has_next=not math.isnan(r["clean_next"]),
                  next_beat_both=r["clean_next"] > r["clean"] and r["ministry_next"] > r["ministry"],
                  next_below_2011=r["clean_next"] < r["clean_2011"], clean_covers_window=r["clean_full_from"] <= lo)

    # section 3: area x yield
    area = indicator_series(tidy, "grain_area_ha", BNS_AREA)  # million ha, refined sown area
    yld = indicator_series(tidy, "grain_yield_c_per_ha", BNS_YIELD)  # c/ha, per harvested ha
    bns_h = as_series(by_basis["clean"][by_basis["clean"]["source_id"] == BNS_HARVEST])
    dec = decompose_area_yield(bns_h, area)
    idgap = identity_gap_pct(bns_h, area, yld / 10)
    share_h = (bns_h / (yld / 10) / area).dropna()
    fao_gap = identity_gap_pct(fao_s, indicator_series(tidy, "grain_area_ha", "fao-c6098b"),
                               indicator_series(tidy, "grain_yield_c_per_ha", "wb-29306c") / 10)
    yrs = [year - 1, year, year + 1]
    area_table = pd.DataFrame({"year": yrs, "harvest, Mt (clean)": [bns_h[y] for y in yrs],
                               "sown area, Mha": [area[y] for y in yrs],
                               "t per sown ha": [bns_h[y] / area[y] for y in yrs],
                               "BNS yield, c/ha (harvested)": [yld[y] for y in yrs],
                               "sown area × BNS yield − harvest, %": [idgap[y] for y in yrs]})
    d = dec.set_index("year")
    area_yield = {"year": year, "now": d.loc[year].to_dict(), "next": d.loc[year + 1].to_dict(),
                  "area_before": area[year - 1], "area": area[year], "yield_before": yld[year - 1], "yield": yld[year],
                  "gap": idgap[year], "gap_next": idgap[year + 1], "harvested_share": share_h[year] * 100,
                  "fao_gap": float(fao_gap.abs().max()), "fao_from": int(fao_gap.index.min()),
                  "fao_to": int(fao_gap.index.max())}
    now, nxt = area_yield["now"], area_yield["next"]
    area_yield.update(prev_year=year - 1, next_year=year + 1,
                      yield_made_it=now["yield_contribution_pp"] > now["area_contribution_pp"],
                      area_fell=now["area_change_pct"] < 0,
                      next_same_pattern=nxt["yield_contribution_pp"] > 0 and nxt["area_contribution_pp"] < 0)

    # section 4: the 2025 campaign
    prog = campaign_progress(tidy, year + 1)
    day = prog[prog["date_from"] == "period"]  # only releases dated by their period, as the claim engine uses
    b_t, b_s = bracket(day, "threshed_mt", WHEN), bracket(day, "share_pct", WHEN)
    b_notes = bracket(prog, "threshed_mt", WHEN)
    by_id = claim_rows.set_index("claim_id")["stated_value"]
    six, thirty = float(by_id[CLAIMS["threshed_early_sep_2025"]]), float(by_id[CLAIMS["area_harvested_share_2025"]])
    within = (six / b_t.lo - 1) * 100
    campaign = {"b_t": b_t, "b_s": b_s, "b_day": b_t, "b_notes": b_notes, "within_pct": within,
                "tolerance": tolerance, "six_within": within <= tolerance,
                # the bracket holds shares on both sides of the tolerance band around the stated share
                "share_straddles": b_s.lo < thirty * (1 - tolerance / 100) and b_s.hi > thirty * (1 + tolerance / 100),
                "final_moa": mt_next["value"], "final_moa_words": mt_next["words"], "final_bns": clean[year + 1],
                "final_gap_pct": (mt_next["value"] / clean[year + 1] - 1) * 100}

    # section 5: forecasts
    fc = forecasts_vs_outcomes(targets, clean, bunker)
    ok = fc.dropna(subset=["outcome"])
    f11, f25 = fc[fc["season"] == 2011], fc[fc["season"] == year + 1]
    forecasts = {"n": len(ok), "too_low": int((ok["error_pct"] < 0).sum()), "median": ok["error_pct"].median(),
                 "median_abs": ok["error_pct"].abs().median(), "lo_2011": f11["forecast"].min(),
                 "hi_2011": f11["forecast"].max(), "clean_2011": clean[2011], "bunker_2011": bunker[2011],
                 "first_next": f25["forecast"].iloc[0], "first_next_err": f25["error_pct"].iloc[0],
                 "first_next_on": f25["stated_on"].iloc[0],
                 "none_for_year": year not in set(fc["season"]), "year": year,
                 "no_outcome": list(fc.loc[fc["outcome"].isna(), "season"])}
    forecasts.update(mostly_too_low=forecasts["too_low"] > forecasts["n"] / 2, next_year=year + 1,
                     first_next_below=forecasts["first_next_err"] < 0)

    derived = derived_frame(by_basis, reported, fao, dec, prog, ok)
    return Grain(year, window, stated, harvest, by_basis, reported, fao, clean, bunker, unstated, fao_s, rec_key, rec,
                 series_all, key, ratios, tab, record_grid(series_all, year, list(range(2, 36))), list(range(2, 36)),
                 dec, area_table, prog, b_t, b_s, fc, derived, levels, record, area_yield, campaign, forecasts)
