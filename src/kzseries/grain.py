"""Grain harvest: weight bases, the record test, area x yield, the harvest campaign.

Kazakhstan's grain figures come in two weights. The Ministry of Agriculture's
campaign numbers are *bunker* weight (grain as it leaves the combine, before
drying and cleaning); the Bureau of National Statistics (BNS) publishes *clean*
weight (after processing), typically 5-14% lower. A "record" is only a record
against figures on the same basis, so every function here keeps the bases apart
unless the caller explicitly asks for ``as_reported`` (each year's figures as
published, whatever their basis), and says which rows it used.

All functions are pure: they take tidy frames (``kzseries.nb.load_tidy``) or
year-indexed series and return new frames or series.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import arith, vintages
from .frames import stable_sort

BASES = ("clean", "bunker", "not_stated")
#: The BNS annual series (stat.gov.kz dynamic table, via a stored scraper file): one consistent
#: clean-weight series 2004-2025, preferred over press quotes of single years.
BNS_HARVEST = "bns-60f84d"
BNS_AREA = "bns-e14142"
BNS_YIELD = "bns-1989fa"
FAO_PRODUCTION = "fao-b63442"


# ------------------------------------------------------------ annual harvest
def annual_harvest(tidy: pd.DataFrame) -> pd.DataFrame:
    """Full-year national harvest observations (no forecasts), one row per source and basis.

    ``basis`` is blank in the raw file for rows that do not say; those become
    ``not_stated`` so they are never silently counted as clean or bunker.
    """
    h = tidy[(tidy["indicator"] == "grain_harvest_t") & (tidy["period_kind"] == "year")
             & (tidy["status"] != "forecast")].copy()
    h["basis"] = h["basis"].fillna("not_stated").replace("", "not_stated")
    h["published"] = h["published"].fillna("")
    cols = ["year", "value_std", "basis", "source_id", "status", "published", "notes"]
    return (h[cols].rename(columns={"value_std": "value"})
            .sort_values(["year", "basis", "source_id"]).reset_index(drop=True))


def _preference(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered best first: the BNS series, other BNS releases, final before operational, latest."""
    r = rows.copy()
    r["_k1"] = r["source_id"] != BNS_HARVEST  # False sorts first
    r["_k2"] = ~r["source_id"].str.startswith("bns-")
    r["_k3"] = r["status"] != "final"
    r["_pub"] = r["published"].fillna("")
    r = r.sort_values(["_pub", "source_id"], ascending=[False, True])
    r = r.sort_values(["_k1", "_k2", "_k3"])
    return r.drop(columns=["_k1", "_k2", "_k3", "_pub"])


def select_basis(harvest: pd.DataFrame, basis: str) -> pd.DataFrame:
    """One value per year on one weight basis (``clean``, ``bunker`` or ``not_stated``).

    Where several sources give the same year on the same basis, the BNS series
    wins, then other BNS releases, then final figures, then the latest published;
    the others are counted in ``alternatives`` (they are shown, not averaged).
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    rows = harvest[harvest["basis"] == basis]
    out = []
    for year, g in rows.groupby("year"):
        best = _preference(g).iloc[0]
        out.append({"year": int(year), "value": float(best["value"]), "basis": basis,
                    "source_id": best["source_id"], "status": best["status"],
                    "alternatives": len(g) - 1})
    return pd.DataFrame(out, columns=["year", "value", "basis", "source_id", "status", "alternatives"])


def as_reported(harvest: pd.DataFrame) -> pd.DataFrame:
    """Each year's highest figure as published, whatever its weight basis.

    This deliberately mixes bases: it is the comparison a reader of headlines
    makes, and the strictest test of a "record" (an earlier year's bunker figure
    counts against it). Use it only with that caveat stated.
    """
    out = []
    for year, g in harvest.groupby("year"):
        g = g.sort_values(["value", "source_id"], ascending=[False, True])
        best = g.iloc[0]
        out.append({"year": int(year), "value": float(best["value"]), "basis": best["basis"],
                    "source_id": best["source_id"], "status": best["status"], "alternatives": len(g) - 1})
    return pd.DataFrame(out, columns=["year", "value", "basis", "source_id", "status", "alternatives"])


def fao_cereals(tidy: pd.DataFrame) -> pd.DataFrame:
    """FAOSTAT cereal production (million t), current vintage only (the WDI copy is an older vintage)."""
    f = vintages.latest(tidy[tidy["period_kind"] == "year"], "cereal_production_fao_t", FAO_PRODUCTION)
    out = pd.DataFrame({"year": f["year"].astype(int), "value": f["value_std"].astype(float), "basis": "fao_cereals",
                        "source_id": f["source_id"], "status": f["status"], "alternatives": 0})
    return stable_sort(out, "year").reset_index(drop=True)


def record_series(harvest: pd.DataFrame, fao: pd.DataFrame, basis: str, source: str) -> pd.DataFrame:
    """The series a record test runs on, chosen by the notebook's ``basis`` and ``source`` parameters.

    ``source='fao'`` uses FAOSTAT cereals (no weight basis is published; the values
    track BNS clean weight, an inference), so ``basis`` is then ignored.
    """
    if source == "fao":
        return fao.copy()
    if source != "national":
        raise ValueError(f"source must be 'national' or 'fao', not {source!r}")
    if basis == "as_reported":
        return as_reported(harvest)
    return select_basis(harvest, basis)


def as_series(frame: pd.DataFrame) -> pd.Series:
    """Year-indexed values of a ``select_basis``-style frame."""
    return pd.Series(frame["value"].to_numpy(dtype=float), index=frame["year"].astype(int).to_numpy())


def with_gaps(values: pd.Series, start: int, end: int) -> pd.Series:
    """Reindexed to every year start..end with NaN where there is no value (lines break there)."""
    return values.reindex(range(start, end + 1))


# --------------------------------------------------------------- the record
def record_by_window(values: pd.Series, year: int, windows: list[int | None]) -> pd.DataFrame:
    """The record test for several window lengths (None = all years with data).

    Only years up to ``year`` count (a record is claimed against the past; later
    years are shown separately). Also lists the years inside each window with no
    value at all: a window with gaps can only say "highest among the years that
    have data".
    """
    rows = []
    s = values.dropna()
    s = s[s.index <= year]
    for w in windows:
        r = arith.record(s, year, None if w is None else year - w + 1)
        lo, hi = r.window
        missing = [y for y in range(lo, hi + 1) if y not in s.index]
        rows.append({"window_years": "all" if w is None else w, "window": f"{lo}–{hi}",
                     "value": r.value, "highest_in_window": r.highest_in_window,
                     "higher_in_window": ", ".join(map(str, r.higher_in_window)) or "none",
                     "rank_all_years": r.rank_all_years, "years_with_data": r.n_years,
                     "missing_in_window": ", ".join(map(str, missing)) or "none"})
    return pd.DataFrame(rows)


def flip_window(values: pd.Series, year: int) -> int | None:
    """Shortest window (years, ending with ``year``) in which ``year`` is no longer the highest.

    None when it is the highest over all years with data.
    """
    s = values.dropna()
    higher = [int(y) for y in s.index if y < year and s[y] > s[year]]
    return None if not higher else year - max(higher) + 1


def bunker_clean_ratios(clean: pd.Series, bunker: pd.Series) -> pd.Series:
    """Bunker / clean for years with both: how much weight is lost in processing."""
    both = clean.dropna().index.intersection(bunker.dropna().index)
    return (bunker[both] / clean[both]).sort_index()


def gap_upper_bounds(clean: pd.Series, years: list[int], max_ratio: float) -> pd.Series:
    """Highest plausible bunker figure for years that have only a clean one (clean x the largest ratio seen)."""
    c = clean.dropna()
    return pd.Series({y: float(c[y]) * max_ratio if y in c.index else math.nan for y in years}, dtype=float)


# ---------------------------------------------------------- area x yield
def decompose_area_yield(harvest: pd.Series, area: pd.Series) -> pd.DataFrame:
    """Split each year's harvest change into an area part and a yield part.

    Harvest = area x yield, with yield = harvest / area (tonnes per sown hectare),
    so ln(H1/H0) = ln(A1/A0) + ln(Y1/Y0) exactly. Each log share is scaled to the
    percentage change of the harvest, so the two contributions (percentage points)
    add up to the harvest change. Years without a value the year before stay out.
    """
    df = pd.DataFrame({"harvest": harvest, "area": area}).dropna().sort_index()
    df["yield_t_per_ha"] = df["harvest"] / df["area"]
    rows = []
    for y in df.index:
        if y - 1 not in df.index:
            continue
        h0, h1 = df.at[y - 1, "harvest"], df.at[y, "harvest"]
        a0, a1 = df.at[y - 1, "area"], df.at[y, "area"]
        q0, q1 = df.at[y - 1, "yield_t_per_ha"], df.at[y, "yield_t_per_ha"]
        total = (h1 / h0 - 1) * 100
        lh = math.log(h1 / h0)
        share_a = math.log(a1 / a0) / lh if lh != 0 else 0.5
        rows.append({"year": int(y), "harvest": h1, "area": a1, "yield_t_per_ha": q1,
                     "harvest_change_pct": total, "area_change_pct": (a1 / a0 - 1) * 100,
                     "yield_change_pct": (q1 / q0 - 1) * 100,
                     "area_contribution_pp": total * share_a,
                     "yield_contribution_pp": total * (1 - share_a)})
    return pd.DataFrame(rows)


def identity_gap_pct(harvest: pd.Series, area: pd.Series, yield_per_area: pd.Series) -> pd.Series:
    """(area x yield - harvest) / harvest x 100 for years with all three, units already consistent."""
    df = pd.DataFrame({"h": harvest, "a": area, "y": yield_per_area}).dropna()
    return ((df["a"] * df["y"] - df["h"]) / df["h"] * 100).sort_index()


# --------------------------------------------------------- the campaign
_AS_OF = re.compile(r"as of (\d{4}-\d{2}-\d{2})")
_END_OF = re.compile(r"as of end-([A-Za-z]+) (\d{4})")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}


def parse_as_of(period: str, notes: str) -> tuple[date | None, str]:
    """The as-of date of a running total and where it was read (``period`` or ``notes``).

    Campaign rows carry the date either as a day period (``2025-09-15``) or, for
    rows filed under the year, in the notes ("as of 2025-09-23", "as of
    end-August 2025"). Anything else is undated (None) and must not be placed on
    a time axis.
    """
    period = str(period)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        return date.fromisoformat(period), "period"
    notes = "" if notes is None or (isinstance(notes, float) and math.isnan(notes)) else str(notes)
    m = _AS_OF.search(notes)
    if m:
        return date.fromisoformat(m.group(1)), "notes"
    m = _END_OF.search(notes)
    if m and m.group(1).lower() in _MONTHS:
        y, mo = int(m.group(2)), _MONTHS[m.group(1).lower()]
        nxt = date(y + (mo == 12), mo % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1), "notes (end of month)"
    return None, ""


def campaign_progress(tidy: pd.DataFrame, season: int) -> pd.DataFrame:
    """Running totals of one harvest campaign: threshed (million t) and share of area (%), by as-of date.

    The share comes from the same release as the tonnage (joined on source and
    period). Rows whose date cannot be read are kept with ``as_of`` empty.
    """
    t = tidy[(tidy["indicator"] == "grain_threshed_to_date_t") & (tidy["year"] == season)]
    s = tidy[(tidy["indicator"] == "grain_area_harvested_share_pct") & (tidy["year"] == season)]
    s = s[["source_id", "period", "value_std"]].rename(columns={"value_std": "share_pct"})
    df = t.merge(s, on=["source_id", "period"], how="left")
    dated = [parse_as_of(p, n) for p, n in zip(df["period"], df["notes"])]
    df["as_of"] = [d.isoformat() if d else "" for d, _ in dated]
    df["date_from"] = [w for _, w in dated]
    df = df.rename(columns={"value_std": "threshed_mt"})
    cols = ["as_of", "threshed_mt", "share_pct", "basis", "source_id", "period", "date_from", "published"]
    return df[cols].sort_values(["as_of", "source_id"]).reset_index(drop=True)


@dataclass(frozen=True)
class Bracket:
    """The figures just before and just after a date, for a series that only rises."""

    when: str
    lo_date: str | None
    lo: float
    lo_source: str
    hi_date: str | None
    hi: float
    hi_source: str

    @property
    def closed(self) -> bool:
        return self.lo_date is not None and self.hi_date is not None


def bracket(progress: pd.DataFrame, column: str, when: str) -> Bracket:
    """Last value on or before ``when`` and first value after it.

    A running total never falls, so the unknown value at ``when`` lies between the
    two. Nothing is interpolated.
    """
    p = progress[(progress["as_of"] != "") & progress[column].notna()]
    before = p[p["as_of"] <= when].sort_values(["as_of", column])
    after = p[p["as_of"] > when].sort_values(["as_of", column])
    lo = before.iloc[-1] if len(before) else None
    hi = after.iloc[0] if len(after) else None
    return Bracket(when,
                   lo["as_of"] if lo is not None else None, float(lo[column]) if lo is not None else math.nan,
                   lo["source_id"] if lo is not None else "",
                   hi["as_of"] if hi is not None else None, float(hi[column]) if hi is not None else math.nan,
                   hi["source_id"] if hi is not None else "")


def bracket_verdict(stated: float, qualifier: str, lo: float, hi: float, tolerance_pct: float) -> str:
    """The verdict when the measured value is only known to lie in [lo, hi].

    The verdict regions of :func:`kzseries.arith.compare` are intervals of the
    measured value (overstated below, consistent, understated above), so the
    verdict is settled when both ends give the same one; otherwise it is
    ``unverifiable``.
    """
    if math.isnan(lo) or math.isnan(hi):
        return "unverifiable"
    v_lo, _ = arith.compare(stated, lo, qualifier, tolerance_pct)
    v_hi, _ = arith.compare(stated, hi, qualifier, tolerance_pct)
    return v_lo if v_lo == v_hi else "unverifiable"


# ------------------------------------------------------------- forecasts
def forecast_basis(notes: str) -> str:
    """Weight basis of a forecast, read from its notes: the first of bunker/clean named before any outturn."""
    text = "" if notes is None or (isinstance(notes, float) and math.isnan(notes)) else str(notes).lower()
    text = text.split("outturn")[0]
    hits = [(text.find(k), b) for k, b in (("bunker", "bunker"), ("clean", "clean"), ("after processing", "clean"))
            if k in text]
    return min(hits)[1] if hits else "not_stated"


def forecasts_vs_outcomes(targets: pd.DataFrame, clean: pd.Series, bunker: pd.Series,
                          indicator: str = "grain_harvest_t") -> pd.DataFrame:
    """Each harvest forecast against the outcome on the same basis where there is one.

    A clean-weight or unstated forecast is compared with the clean outcome (the
    statistical final figure); a bunker forecast with the bunker outcome, or, if
    that year has none, with the clean outcome and the mismatch flagged in
    ``comparison``.
    Error = (forecast - outcome) / outcome x 100.
    """
    f = targets[(targets["indicator"] == indicator) & (targets["kind"] == "forecast")].copy()
    rows = []
    for r in f.itertuples(index=False):
        season = int(str(r.horizon_end)[:4])
        fb = forecast_basis(r.notes)
        c = clean.get(season, math.nan)
        b = bunker.get(season, math.nan)
        if fb == "bunker" and not math.isnan(b):
            outcome, ob = b, "bunker"
        elif not math.isnan(c):
            outcome, ob = c, "clean"
        else:
            outcome, ob = math.nan, ""
        err = (r.target_value - outcome) / outcome * 100 if not math.isnan(outcome) else math.nan
        rows.append({"target_id": r.target_id, "season": season, "stated_on": r.stated_on or "",
                     "stated_by": r.stated_by, "forecast": float(r.target_value), "forecast_basis": fb,
                     "outcome": outcome, "outcome_basis": ob,
                     "comparison": ("no outcome" if not ob else "same basis" if fb == ob
                                    else "forecast basis not stated" if fb == "not_stated"
                                    else f"{fb} forecast vs {ob} outcome"),
                     "error_pct": err, "source_id": r.source_id})
    out = pd.DataFrame(rows)
    return out.sort_values(["season", "stated_on", "target_id"]).reset_index(drop=True)


# ---------------------------------------------------------------- helpers
def sources_of(frame: pd.DataFrame, years) -> list[str]:
    """Source ids behind the given years of a ``select_basis``-style frame."""
    return sorted(set(frame.loc[frame["year"].isin(list(years)), "source_id"]))


def indicator_series(tidy: pd.DataFrame, indicator: str, source_id: str) -> pd.Series:
    """Full-year values of one indicator from one source, in the standard unit, indexed by year."""
    r = tidy[(tidy["indicator"] == indicator) & (tidy["source_id"] == source_id) & (tidy["period_kind"] == "year")]
    if r["year"].duplicated().any():
        raise ValueError(f"{indicator} from {source_id} has several values for one year")
    return pd.Series(r["value_std"].to_numpy(dtype=float), index=r["year"].astype(int).to_numpy()).sort_index()
