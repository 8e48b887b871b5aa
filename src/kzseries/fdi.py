"""FDI: one value per year out of many releases, gross against net, sums and the $150 bn path.

Kazakhstan's FDI figures come in two concepts that officials and journalists
both call "FDI":

* the National Bank's **gross inflow**: everything foreign direct investors put
  in during the year (new equity, reinvested earnings, loans from the parent),
  before anything flows back; the government's headline and target yardstick;
* the balance-of-payments **net inflow**: the same minus repayments and
  withdrawals (World Bank WDI, UNCTAD, the NBK's own directional series).

The gross figures exist only as releases relayed by ministries and the press,
often several per year (first releases, revisions, rounded speech figures), so
the first job is to pick one value per year by a stated rule and keep the
others in view. Everything here is a pure function on the audit notebook's tidy
frame (``nb.load_tidy("fdi")``) or on small year-indexed frames derived from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import arith

GROSS = "fdi_gross_inflow_usd"
# measure parameter -> (indicator, short label used in tables and legends)
MEASURES: dict[str, tuple[str, str]] = {
    "gross": (GROSS, "gross inflow (NBK)"),
    "net_world_bank": ("fdi_net_inflow_wb_usd", "net inflow, BoP (World Bank WDI)"),
    "net_nbk": ("fdi_net_inflow_nbk_usd", "net inflow, BoP (NBK, directional)"),
    "net_unctad": ("fdi_net_inflow_unctad_usd", "net inflow (UNCTAD WIR)"),
}

SELECTION_RULE = (
    "one value per year: prefer a source that names the National Bank (NBK) as the origin of the figure; "
    "among those, the most recent publication (undated releases count as the oldest); then a final figure "
    "over a preliminary one or a speech; then the source id, alphabetically"
)
_STATUS_RANK = {"final": 0, "preliminary": 1, "statement": 2, "forecast": 3}


# ------------------------------------------------------------ one value per year
def nbk_attributed(publisher: str, source_id: str) -> bool:
    """Does the source say the figure is the National Bank's?

    The gross inflow is an NBK statistic; a ministry relaying "NBK data" keeps
    that attribution, a speech or a news agency quoting "official data" does not.
    """
    pub = "" if publisher is None or (isinstance(publisher, float) and math.isnan(publisher)) else str(publisher)
    return str(source_id).startswith("nbk-") or "National Bank" in pub or "NBK" in pub


def _text(x) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else str(x)


def rank_candidates(rows: pd.DataFrame, rule: str = "latest_nbk") -> pd.DataFrame:
    """The candidate rows for one indicator and period, best first under ``rule``.

    ``latest_nbk`` is the notebook's rule (:data:`SELECTION_RULE`); the others are
    the alternatives it shows: ``earliest`` (the first publication we hold, i.e.
    closest to a first release), ``min`` and ``max`` (the range across sources).
    """
    df = rows.copy()
    df["_pub"] = [_text(p) for p in df["published"]]
    df["_dated"] = df["_pub"] != ""
    df["_nbk"] = [nbk_attributed(p, s) for p, s in zip(df["publisher"], df["source_id"])]
    df["_status"] = [_STATUS_RANK.get(_text(s), 9) for s in df["status"]]
    df = df.sort_values("source_id", kind="mergesort")
    if rule == "latest_nbk":
        df = df.sort_values(["_nbk", "_dated", "_pub", "_status"], ascending=[False, False, False, True],
                            kind="mergesort")
    elif rule == "earliest":
        df = df.sort_values(["_dated", "_pub", "_status"], ascending=[False, True, True], kind="mergesort")
    elif rule in ("min", "max"):
        df = df.sort_values("value_std", ascending=(rule == "min"), kind="mergesort")
    else:
        raise ValueError(f"rule must be latest_nbk, earliest, min or max, not {rule!r}")
    return df.drop(columns=["_pub", "_dated", "_nbk", "_status"])


def pick_per_period(tidy: pd.DataFrame, indicator: str, kinds: tuple[str, ...] = ("year",),
                    rule: str = "latest_nbk") -> pd.DataFrame:
    """One row per period of ``indicator`` (periods of the given kinds), chosen by ``rule``.

    Forecasts are never observations and are left out. Adds ``n_sources`` (how
    many rows were available) and ``alternatives`` (the other values and their
    sources, as text) so the choice stays visible.
    """
    sel = tidy[(tidy["indicator"] == indicator) & tidy["period_kind"].isin(kinds)
               & (tidy["status"] != "forecast")]
    out = []
    for _, grp in sel.groupby("period", sort=True):
        ranked = rank_candidates(grp, rule)
        best = ranked.iloc[0].copy()
        others = ranked.iloc[1:]
        best["n_sources"] = len(ranked)
        best["alternatives"] = "; ".join(f"{v:g} ({s})" for v, s in zip(others["value_std"], others["source_id"]))
        best["agreeing_sources"] = ";".join(sorted(ranked.loc[ranked["value_std"] == best["value_std"], "source_id"]))
        out.append(best)
    cols = list(tidy.columns) + ["n_sources", "alternatives", "agreeing_sources"]
    return pd.DataFrame(out, columns=cols).reset_index(drop=True)


# ------------------------------------------------------------ quarters to years
def annual_from_quarters(tidy: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Calendar-year sums of a quarterly flow, only for years with all four quarters.

    A quarter is a ``YYYY-Qn`` period or a three-month span inside one year. A
    year with a quarter missing gets no value (``complete`` False, the partial sum
    kept in ``partial_sum`` for display only): a flow summed over three quarters
    is not an annual flow. A year stated directly as a full year is used as is.
    """
    sel = tidy[(tidy["indicator"] == indicator) & (tidy["status"] != "forecast")].copy()
    q = sel[(sel["period_kind"] == "quarter") | ((sel["period_kind"] == "span") & (sel["months"] == 3)
                                                 & (sel["start"].str[:4] == sel["end"].str[:4]))].copy()
    q["quarter"] = [(int(s[5:7]) - 1) // 3 + 1 for s in q["start"]]
    q = q.sort_values(["year", "quarter", "source_id"], kind="mergesort").drop_duplicates(["year", "quarter"])
    rows = []
    for year, grp in q.groupby("year", sort=True):
        quarters = sorted(grp["quarter"])
        complete = quarters == [1, 2, 3, 4]
        rows.append({"year": int(year), "value": float(grp["value_std"].sum()) if complete else math.nan,
                     "partial_sum": float(grp["value_std"].sum()), "quarters": len(quarters),
                     "complete": complete, "source_ids": ";".join(sorted(set(grp["source_id"]))),
                     "note": "sum of the four quarters" if complete
                     else f"only {len(quarters)} of 4 quarters: no annual value"})
    years = sel[sel["period_kind"] == "year"]
    for _, r in years.iterrows():
        rows = [x for x in rows if x["year"] != int(r["year"])]
        rows.append({"year": int(r["year"]), "value": float(r["value_std"]), "partial_sum": float(r["value_std"]),
                     "quarters": 4, "complete": True, "source_ids": r["source_id"], "note": "stated as a full year"})
    cols = ["year", "value", "partial_sum", "quarters", "complete", "source_ids", "note"]
    return pd.DataFrame(rows, columns=cols).sort_values("year", kind="mergesort").reset_index(drop=True)


# ------------------------------------------------------------ the measures
def annual_series(tidy: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The full-year series of one ``measure`` (see :data:`MEASURES`).

    Columns ``year, value, source_ids, note``; one row per year with data, no
    filling. Gross and UNCTAD use :func:`pick_per_period`; the NBK net series
    is built from complete quarters (:func:`annual_from_quarters`).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    indicator = MEASURES[measure][0]
    if measure == "net_nbk":
        df = annual_from_quarters(tidy, indicator)
        df = df[df["complete"]]
        return df[["year", "value", "source_ids", "note"]].reset_index(drop=True)
    picked = pick_per_period(tidy, indicator, ("year",))
    note = [("chosen by rule; other values: " + a) if a else "single source" for a in picked["alternatives"]]
    return pd.DataFrame({"year": picked["year"].astype(int), "value": picked["value_std"].astype(float),
                         "source_ids": picked["source_id"], "note": note}).reset_index(drop=True)


def as_series(annual: pd.DataFrame) -> pd.Series:
    """Year-indexed values of an :func:`annual_series` frame."""
    return pd.Series(annual["value"].to_numpy(dtype=float), index=annual["year"].astype(int).to_numpy())


@dataclass(frozen=True)
class WindowSum:
    measure: str
    start: int
    end: int
    total: float          # nan when a year is missing (the sum would be incomplete)
    partial: float        # sum over the years that have data
    missing: tuple[int, ...]
    sources: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def window_sum(annual: pd.DataFrame, start: int, end: int, measure: str = "") -> WindowSum:
    """Sum of an annual series over ``start..end``; a missing year leaves ``total`` empty.

    Uses :func:`kzseries.arith.cumulative`, which refuses an incomplete span; the
    partial sum is kept beside it so the notebook can say how far it gets.
    """
    s = as_series(annual)
    partial = arith.cumulative(s, start, end, allow_missing=True)
    try:
        total = arith.cumulative(s, start, end)
        missing: tuple[int, ...] = ()
    except arith.MissingYears as e:
        total, missing = math.nan, tuple(e.missing)
    inside = annual[(annual["year"] >= start) & (annual["year"] <= end)]
    srcs = tuple(sorted({x for ids in inside["source_ids"] for x in str(ids).split(";") if x}))
    return WindowSum(measure, start, end, total, partial, missing, srcs)


# ------------------------------------------------------------ target path
def straight_line_path(goal: float, start: int, end: int) -> pd.DataFrame:
    """Cumulative amount an even pace would have reached at the end of each year."""
    n = end - start + 1
    years = list(range(start, end + 1))
    return pd.DataFrame({"year": years, "path": [goal * (i + 1) / n for i in range(n)]})


def required_pace(goal: float, achieved: float, years_left: int) -> float:
    """Average annual amount still needed to reach ``goal`` in ``years_left`` years."""
    if years_left <= 0:
        return math.nan
    return (goal - achieved) / years_left


def target_status(annual: pd.DataFrame, goal: float, start: int, end: int,
                  tolerance_pct: float = arith.DEFAULT_TOLERANCE_PCT) -> dict:
    """Progress of a cumulative target over ``start..end`` on one annual series.

    Wraps :func:`kzseries.arith.target_progress`; a gap inside the years done
    makes the cumulative incomplete and is returned as ``missing`` with no verdict.
    """
    s = as_series(annual)
    try:
        p = arith.target_progress(s, goal, start, end, "cumulative", "at_least", tolerance_pct)
    except arith.MissingYears as e:
        return {"start": start, "end": end, "achieved": math.nan, "years_done": 0, "years_left": end - start + 1,
                "last_year": math.nan, "pace_achieved": math.nan, "pace_required": math.nan,
                "share_achieved": math.nan, "verdict": "", "missing": tuple(e.missing)}
    last = start + p.years_done - 1 if p.years_done else math.nan
    return {"start": start, "end": end, "achieved": p.achieved, "years_done": p.years_done,
            "years_left": p.years_left, "last_year": last, "pace_achieved": p.pace_achieved,
            "pace_required": p.pace_required, "share_achieved": p.share_achieved, "verdict": p.verdict,
            "missing": ()}


def cumulative_actual(annual: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Running total from ``start``, stopping at the first missing year (no filling)."""
    s = as_series(annual)
    rows, total = [], 0.0
    for y in range(start, end + 1):
        if y not in s.index or pd.isna(s[y]):
            break
        total += float(s[y])
        rows.append({"year": y, "cumulative": total})
    return pd.DataFrame(rows, columns=["year", "cumulative"])


# ------------------------------------------------------------ context numbers
def implied_base(level: float, growth_pct: float) -> float:
    """The base-period level that a stated level and growth rate imply."""
    return level / (1 + growth_pct / 100.0)


def running_total_pace(statements: pd.DataFrame) -> pd.DataFrame:
    """Average annual amount implied between successive cumulative statements.

    ``statements`` holds ``end`` (ISO date the running total reaches) and
    ``value_std``; the pace between two statements is the increase divided by the
    years between their end dates.
    """
    s = statements.sort_values("end", kind="mergesort").reset_index(drop=True)
    rows = []
    for i in range(1, len(s)):
        a, b = s.iloc[i - 1], s.iloc[i]
        years = (pd.Timestamp(b["end"]) - pd.Timestamp(a["end"])).days / 365.25
        rows.append({"from": a["end"][:7], "to": b["end"][:7], "increase": b["value_std"] - a["value_std"],
                     "years": years, "per_year": (b["value_std"] - a["value_std"]) / years})
    return pd.DataFrame(rows, columns=["from", "to", "increase", "years", "per_year"])


def sector_shares(tidy: pd.DataFrame, gross: pd.DataFrame) -> pd.DataFrame:
    """Manufacturing and mining gross inflows and their shares of the chosen annual gross total."""
    def pick(ind):
        p = pick_per_period(tidy, ind, ("year",))
        return pd.Series(p["value_std"].to_numpy(dtype=float), index=p["year"].astype(int).to_numpy())

    manu, mining, total = pick("fdi_gross_inflow_manufacturing_usd"), pick("fdi_gross_inflow_mining_usd"), as_series(gross)
    years = sorted(set(manu.index) | set(mining.index))
    df = pd.DataFrame({"year": years})
    df["manufacturing"] = [manu.get(y, math.nan) for y in years]
    df["mining"] = [mining.get(y, math.nan) for y in years]
    df["gross_total"] = [total.get(y, math.nan) for y in years]
    df["manufacturing_share_pct"] = df["manufacturing"] / df["gross_total"] * 100
    df["mining_share_pct"] = df["mining"] / df["gross_total"] * 100
    df["manufacturing_mining_share_pct"] = (df["manufacturing"] + df["mining"]) / df["gross_total"] * 100
    df["non_mining_share_pct"] = 100 - df["mining_share_pct"]
    return df


# The readings of "invested in the processing sector" that the sector data can test: column of
# sector_shares (the sector's inflow), the share column, and what the reading means.
SECTOR_READINGS: tuple[tuple[str, str, str], ...] = (
    ("manufacturing only", "manufacturing_share_pct", "the NBK's activity 'manufacturing' (processing industry)"),
    ("manufacturing + mining", "manufacturing_mining_share_pct", "all industry: extraction and processing"),
    ("total minus mining", "non_mining_share_pct", "every activity except mining (the non-extractive economy)"),
)


SECTOR_COLUMNS = {"gross_total": "gross total", "manufacturing_share_pct": "manufacturing, %",
                  "mining_share_pct": "mining, %", "manufacturing_mining_share_pct": "manufacturing + mining, %",
                  "non_mining_share_pct": "total minus mining, %"}
READING_COLUMNS = {"years_with_data": "years with data", "years_in_window": "years in window", "share_min": "lowest %",
                   "share_max": "highest %", "pooled": "pooled %", "gap_pp": "gap to implied share (pp)"}


def sector_readings(shares: pd.DataFrame, implied_share_pct: float, window: tuple[int, int]) -> pd.DataFrame:
    """Each reading of the sector claim: its share of the gross inflow in the years the data cover.

    ``pooled`` is the reading's inflow summed over the covered years divided by the gross
    inflow of the same years (not an average of shares); ``gap_pp`` is pooled minus the
    share the claim implies, in percentage points. Years outside ``window`` are ignored.
    """
    a, b = window
    sh = shares[(shares["year"] >= a) & (shares["year"] <= b)]
    rows = []
    for name, col, meaning in SECTOR_READINGS:
        cov = sh.dropna(subset=[col])
        amount = cov["gross_total"] * cov[col] / 100
        pooled = amount.sum() / cov["gross_total"].sum() * 100 if len(cov) else math.nan
        rows.append({"reading": name, "meaning": meaning, "years": tuple(int(y) for y in cov["year"]),
                     "years_with_data": len(cov), "years_in_window": b - a + 1,
                     "share_min": cov[col].min() if len(cov) else math.nan,
                     "share_max": cov[col].max() if len(cov) else math.nan, "pooled": pooled,
                     "gap_pp": pooled - implied_share_pct})
    return pd.DataFrame(rows)


def missing_years(annual: pd.DataFrame, start: int, end: int) -> list[int]:
    """Years in ``start..end`` without a value in an annual frame."""
    have = set(annual.dropna(subset=["value"])["year"].astype(int))
    return [y for y in range(start, end + 1) if y not in have]


def coverage(annual: pd.DataFrame, start: int, end: int) -> dict:
    """Which years of ``start..end`` an annual series covers: years with and without a value."""
    missing = missing_years(annual, start, end)
    have = [y for y in range(start, end + 1) if y not in missing]
    return {"start": start, "end": end, "years": end - start + 1, "with_data": have, "without_data": missing,
            "n_with": len(have), "n_without": len(missing)}


# ------------------------------------------------------------ the page in one call
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


def _target(checked: pd.DataFrame, progress: pd.DataFrame, annual: dict, view_start: int) -> tuple:
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
        out.append({"reading": "primary" if not r.reading_of else "alternative", "claim_id": r.claim_id,
                    "window": f"{start}–{end}", "start": start, "end": end, "years": end - start + 1,
                    "achieved": r.measured_value, "through": int(str(r.measured_period)[-4:]),
                    "years_with_data": int(p["years_with_data"]) if p is not None else 0,
                    "share_achieved": float(p["share_achieved"]) * 100 if p is not None else math.nan,
                    "pace_achieved": pace_a, "pace_required": pace_r,
                    "pace_gap_pct": (pace_r / pace_a - 1) * 100 if pace_a else math.nan,
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
             "readings": readings.to_dict("records"),
             "closest": readings.loc[readings["gap_pp"].abs().idxmin(), "reading"],
             "sector_years": [int(y) for y in shares["year"]]}
    return readings, facts


def build(tidy: pd.DataFrame, claim_rows: pd.DataFrame, targets: pd.DataFrame, checked: pd.DataFrame,
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

    goal, target, view = _target(checked, progress, annual, target_window_start)
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

    plans, f_plans = _plans(targets, gross, annual["gross"])
    half, prelim, f_half = _half(tidy, gross, checked)
    cum, stock, pace, f_ind = _independence(tidy, annual["gross"], checked)
    shares = sector_shares(tidy, annual["gross"])
    readings, f_man = _manufacturing(shares, claim_rows, checked, annual["gross"])
    other = checked[(checked["reading_of"] == "") & (checked["measure"].fillna("") == "")]
    other = other[["claim_id", "stated_value", "unit", "verdict", "explanation"]].reset_index(drop=True)

    facts = {"choice": f_choice, "gross_net": f_net, "claim130": f130, "target": f_target, "plans": f_plans,
             "half": f_half, "independence": f_ind, "manufacturing": f_man,
             "other": {"n": len(other), "verdicts": sorted(set(other["verdict"]))}}
    return Result(measure, cw, target_window_start, tol, annual, gross, candidates, gross_net, sums, target, view,
                  plans, half, prelim, cum, stock, pace, shares, readings, other, facts)
