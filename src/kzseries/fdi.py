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
from .frames import stable_sort

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
# every status of schemas.STATUSES: the figures a page may show first, the rest after them
_STATUS_RANK = {"final": 0, "preliminary": 1, "statement": 2, "forecast": 3, "operational": 4, "estimate": 4,
                "rejected": 5}


# ------------------------------------------------------------ one value per year
def nbk_attributed(publisher: str, source_id: str) -> bool:
    """Does the source say the figure is the National Bank's?

    The gross inflow is an NBK statistic; a ministry relaying "NBK data" keeps
    that attribution, a speech or a news agency quoting "official data" does not.
    """
    pub = str(publisher)  # a missing publisher reads "None" or "nan": neither names the Bank
    return str(source_id).startswith("nbk-") or "National Bank" in pub or "NBK" in pub


def _text(x) -> str:
    return "" if pd.isna(x) else str(x)  # None and NaN alike


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
    df["_status"] = [_STATUS_RANK[s] for s in df["status"]]
    df = stable_sort(df, "source_id")
    if rule == "latest_nbk":
        df = df.sort_values(["_nbk", "_dated", "_pub", "_status"], ascending=[False, False, False, True])
    elif rule == "earliest":
        df = df.sort_values(["_dated", "_pub", "_status"], ascending=[False, True, True])
    elif rule in ("min", "max"):
        df = stable_sort(df, "value_std", ascending=(rule == "min"))
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
    for _, grp in sel.groupby("period"):
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
    q = q.sort_values(["year", "quarter", "source_id"]).drop_duplicates(["year", "quarter"])
    rows = []
    for year, grp in q.groupby("year"):
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
    return stable_sort(pd.DataFrame(rows, columns=cols), "year").reset_index(drop=True)


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
    picked = pick_per_period(tidy, indicator)  # full years
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
    s = stable_sort(statements, "end").reset_index(drop=True)
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
