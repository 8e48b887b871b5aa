"""Minimum wage: the amounts in force, price indices, real values and the bite.

The statutory amounts (minimum wage, MCI, budget subsistence minimum) are set
by the annual budget law and sometimes changed in the middle of a year, so the
raw rows mix full years (``2024``), half-years (``2009-H2``) and month spans
(``2020-04/2020-12``). Everything here starts from the amount *in force in each
month*, so a mid-year change is neither lost nor double counted, and a year is
averaged only when all twelve months are known.

Prices: a price index is built by chaining the annual inflation rates of **one**
source. A missing year breaks the chain (the index is left empty beyond it); it
is never bridged or filled.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import arith
from .frames import stable_sort


# ------------------------------------------------------------------ sources
@dataclass(frozen=True)
class Deflator:
    """One price series from one source: which indicator, which source, in which form."""

    indicator: str
    source_id: str
    form: str  # "rate": inflation in %; "index": previous period = 100
    label: str
    short: str


DEFLATORS = {
    "cpi_average": Deflator(
        "cpi_inflation_avg_pct", "wb-35f485", "rate",
        "annual-average CPI inflation, World Bank WDI FP.CPI.TOTL.ZG (2026-07 snapshot; BNS CPI republished)",
        "annual-average CPI (World Bank WDI)"),
    "cpi_december": Deflator(
        "cpi_dec_on_dec_index", "bns-788862", "index",
        "December-on-December CPI, BNS (December index, previous December = 100)",
        "December CPI (BNS)"),
}

# Other single-source deflators, shown only as a sensitivity check.
ALTERNATIVE_DEFLATORS = {
    "imf_average": Deflator("cpi_inflation_avg_pct", "imf-c8601b", "rate",
                            "annual-average CPI inflation, IMF WEO PCPIPCH", "annual-average CPI (IMF WEO)"),
    "imf_december": Deflator("cpi_inflation_dec_pct", "imf-a1861f", "rate",
                             "end-of-period (December) CPI inflation, IMF WEO PCPIEPCH", "December CPI (IMF WEO)"),
}

# Annual wage series: one source per year, the statistics office's own releases first.
AVERAGE_WAGE_PREFERENCE = ("bns-21f750", "bns-35133e", "bns-647176", "bns-0f35dc", "stat-fea7c8")
MEDIAN_WAGE_PREFERENCE = ("bns-35133e", "bns-b32826", "bns-97c595")


def pick_source(rows: pd.DataFrame, preference: tuple[str, ...]) -> pd.DataFrame:
    """One row per period: the first source in ``preference`` that has it.

    Sources not in the list come after the listed ones, alphabetically, so the
    choice never depends on row order. Why: several sources report the same
    year (an older vintage, a rounded news report); a series must use one.
    """
    if rows.empty:
        return rows.copy()
    rank = {s: i for i, s in enumerate(preference)}
    out = rows.assign(_rank=rows["source_id"].map(lambda s: rank.get(s, len(rank))))
    out = out.sort_values(["period", "_rank", "source_id"])
    return out.drop_duplicates("period").drop(columns="_rank").reset_index(drop=True)


def inflation_rates(obs: pd.DataFrame, deflator: Deflator) -> pd.Series:
    """Annual inflation (%) by year from exactly one source; forecasts excluded.

    ``obs`` holds tidy observations (``indicator, source_id, period_kind, year,
    value_std, status``). A duplicated year from the same source is an error,
    not something to average.
    """
    sel = obs[(obs["indicator"] == deflator.indicator) & (obs["source_id"] == deflator.source_id)
              & (obs["period_kind"] == "year") & (obs["status"] != "forecast")]
    if sel["year"].duplicated().any():
        raise ValueError(f"{deflator.source_id} gives {deflator.indicator} twice for one year")
    values = sel.set_index("year")["value_std"].astype(float).sort_index()
    rates = values - 100.0 if deflator.form == "index" else values
    rates.index = rates.index.astype(int)
    return rates.rename("inflation_pct")


# -------------------------------------------------------------- price index
def chain_index(rates_pct: pd.Series, base_year: int) -> pd.Series:
    """Price level by year with ``base_year`` = 100, chained from annual inflation rates.

    The level of year t is the level of t-1 times (1 + rate_t / 100). Going
    forward the chain needs every year's rate; going back from the base it
    needs the rate of each year it steps out of. The first missing rate ends
    the chain in that direction, so a gap shows as missing prices, never as a
    silently assumed zero inflation.
    """
    r = rates_pct.dropna()
    level = {base_year: 100.0}
    y = base_year
    while y + 1 in r.index:
        level[y + 1] = level[y] * (1 + r[y + 1] / 100.0)
        y += 1
    y = base_year
    while y in r.index:
        level[y - 1] = level[y] / (1 + r[y] / 100.0)
        y -= 1
    return pd.Series(level, dtype=float).sort_index().rename("price_index")


def multiple(values: pd.Series, start: int, end: int) -> float:
    """values[end] / values[start] (:func:`kzseries.arith.change`); NaN when either year is missing, because the
    page's tables show every span and a gap there is a blank cell, not an error."""
    try:
        return arith.change(values, start, end).multiple
    except arith.MissingYears:
        return math.nan


def real_multiple(nominal: pd.Series, rates_pct: pd.Series, start: int, end: int) -> float:
    """Change in purchasing power between two years: nominal multiple / price multiple.

    Independent of any base year: the price multiple is the product of
    (1 + inflation) over the years start+1 .. end.
    """
    prices = chain_index(rates_pct, start)
    return multiple(nominal, start, end) / multiple(prices, start, end)


# ---------------------------------------------------------- amounts in force
def monthly_in_force(rows: pd.DataFrame) -> pd.Series:
    """The amount in force in each calendar month, from rows with ``start, end, months, value_std``.

    Where a full-year row and a shorter row cover the same month, the shorter
    (more specific) one wins: ``2009`` = 13,470 and ``2009-H2`` = 13,717 give
    13,470 for January-June and 13,717 for July-December. Two rows of the same
    length with different values for one month are a conflict and raise.
    Months between the first and the last row that no row covers stay NaN.
    """
    if rows.empty:
        return pd.Series(dtype=float, index=pd.PeriodIndex([], freq="M"), name="in_force")
    best: dict[pd.Period, tuple[int, float]] = {}
    for start, end, months, value in zip(rows["start"], rows["end"], rows["months"], rows["value_std"]):
        for m in pd.period_range(pd.Period(start, "M"), pd.Period(end, "M"), freq="M"):
            cur = best.get(m)
            if cur is None or months < cur[0]:
                best[m] = (int(months), float(value))
            elif months == cur[0] and value != cur[1]:
                raise ValueError(f"two different amounts ({cur[1]:g} and {value:g}) for {m}")
    months_all = pd.period_range(min(best), max(best), freq="M")
    return pd.Series([best[m][1] if m in best else np.nan for m in months_all], index=months_all,
                     name="in_force")


def annual_mean(monthly: pd.Series) -> pd.Series:
    """Average of the twelve monthly amounts of each year; NaN unless all twelve are known."""
    if monthly.empty:
        return pd.Series(dtype=float, name="annual_mean")
    by = monthly.groupby(monthly.index.year)
    out = by.mean().where(by.count() == 12)
    out.index = out.index.astype(int)
    return out.rename("annual_mean")


def in_month(monthly: pd.Series, month: int) -> pd.Series:
    """The amount in force in one calendar month of each year (1 = January)."""
    sel = monthly[monthly.index.month == month]
    return pd.Series(sel.to_numpy(), index=sel.index.year.astype(int), name=f"month_{month}").dropna()


def frozen_years(monthly: pd.Series) -> list[int]:
    """Years in which the amount never moved from the previous December's."""
    out = []
    for y in sorted(set(monthly.index.year)):
        prev = pd.Period(f"{y - 1}-12", "M")
        months = monthly[monthly.index.year == y]
        if prev in monthly.index and len(months.dropna()) == 12 and not pd.isna(monthly[prev]):
            if (months == monthly[prev]).all():
                out.append(int(y))
    return out


def midyear_changes(monthly: pd.Series) -> dict[int, str]:
    """For each year with a change after January: 'a → b from Mon' (text for a table)."""
    out: dict[int, list[str]] = {}
    vals = monthly.dropna()
    for prev, cur in zip(vals.index[:-1], vals.index[1:]):
        if cur.month != 1 and cur == prev + 1 and vals[cur] != vals[prev]:
            out.setdefault(int(cur.year), []).append(
                f"{vals[prev]:,.0f} → {vals[cur]:,.0f} from {cur.strftime('%b')}")
    return {y: "; ".join(v) for y, v in out.items()}


def step_xy(monthly: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """x (decimal years, month starts) and y for a step chart; one extra point closes the last month.

    NaN months stay NaN, so matplotlib breaks the line at a gap.
    """
    if monthly.empty:
        return np.array([]), np.array([])
    x = np.array([p.year + (p.month - 1) / 12 for p in monthly.index] + [monthly.index[-1].year
                                                                          + monthly.index[-1].month / 12])
    y = np.append(monthly.to_numpy(dtype=float), monthly.iloc[-1])
    return x, y


# ---------------------------------------------------------------- the bite
def kaitz(minimum: pd.Series, wage: pd.Series) -> pd.Series:
    """Minimum wage as % of a wage statistic, for the years both exist."""
    both = pd.concat([minimum.rename("mw"), wage.rename("w")], axis=1).dropna()
    return (100.0 * both["mw"] / both["w"]).rename("kaitz_pct")


def target_path(from_year: int, from_value: float, goal: float, goal_year: int) -> pd.Series:
    """Straight line from the latest value to the goal (the pace the target needs, in points a year)."""
    years = list(range(from_year, goal_year + 1))
    if len(years) < 2:
        return pd.Series([goal], index=[goal_year], dtype=float)
    step = (goal - from_value) / (goal_year - from_year)
    return pd.Series([from_value + step * (y - from_year) for y in years], index=years, dtype=float)


def minimum_needed(median_now: float, median_growth_pct: float, years: int, share_pct: float) -> float:
    """Minimum wage needed in ``years`` for it to be ``share_pct`` of a median growing at ``median_growth_pct``."""
    return share_pct / 100.0 * median_now * (1 + median_growth_pct / 100.0) ** years


# --------------------------------------------------------- official counts
_COUNT_PHRASE = {
    "workers_affected_by_mw_rise_persons": "said to benefit from the {year} rise",
    "workers_at_mw_persons": "paid the minimum wage, {year}",
    "workers_below_mw_persons": "paid below the minimum wage, {year}",
}


def count_label(indicator: str, year: int, publisher: str) -> str:
    """Short chart label for an official head count: what it counts, when, and who said it."""
    what = _COUNT_PHRASE.get(indicator, indicator).format(year=year)
    who = str(publisher)
    outlet = ""
    if " (" in who:
        who, outlet = who.split(" (", 1)
        outlet = outlet.rstrip(")")
    who = who.split(",")[0]
    return f"{what}: {who}" + (f" ({outlet})" if outlet else "")


# -------------------------------------------------------- legal basis table
_LAW = re.compile(
    r"(?:(?:Article|Art\.) [\w-]+,? (?:of )?)?Law(?: No\. [\w-]+)? of \d{1,2} [A-Za-z]{3} \d{4}"
    r"(?: on the republican budget for \d{4}-\d{4})?", re.I)
_BUDGET = re.compile(r"Law On the republican budget for \d{4}-\d{4}|republican budget law for \d{4}-\d{4}",
                     re.I)
_LAW_NO = re.compile(r"Law No\. ([\w-]+)")
_FROM = re.compile(r"\bfrom (\d{4}-\d{2}-\d{2})", re.I)


def legal_basis(note: str) -> str:
    """The law named in a data note ('' when the note names none)."""
    note = note if isinstance(note, str) else ""
    m = _LAW.search(note) or _BUDGET.search(note)
    return m.group(0) if m else ""


def law_number(note: str) -> str:
    """The law's number (e.g. '197-VI'), '' when the note gives none."""
    m = _LAW_NO.search(note if isinstance(note, str) else "")
    return m.group(1) if m else ""


def effective_date(note: str, period_start: str) -> tuple[str, bool]:
    """(date, stated): the 'from YYYY-MM-DD' in the note, else the period's first day (stated=False)."""
    m = _FROM.search(note if isinstance(note, str) else "")
    return (m.group(1), True) if m else (period_start, False)


def statutory_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One line per minimum-wage row: amount, effective date, legal basis and law number as the notes give them."""
    rows = stable_sort(rows, "start")
    out = []
    prev = math.nan
    for r in rows.itertuples(index=False):
        date, stated = effective_date(r.notes, r.start)
        basis = legal_basis(r.notes)
        out.append({
            "period": r.period,
            "in force from": date if stated else f"{date} (not stated; start of period)",
            "KZT per month": r.value_std,
            "change %": (r.value_std / prev - 1) * 100 if prev == prev else math.nan,
            "legal basis (as the source names it)": basis or "not stated in source",
            "law no.": law_number(r.notes) or "not stated",
            "status": "announced, not confirmed ex post" if "announced" in str(r.notes).lower() else r.status,
            "source": r.source_id,
        })
        prev = r.value_std
    return pd.DataFrame(out)


# ------------------------------------------------------ selection helpers
def annual_series(rows: pd.DataFrame, preference: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    """(values, source ids) by year from the annual rows only, one source per year (``pick_source``).

    Quarterly or monthly rows of the same indicator (another method) are left out.
    """
    picked = pick_source(rows[rows["period_kind"] == "year"], preference)
    idx = picked["year"].astype(int)
    return (pd.Series(picked["value_std"].astype(float).to_numpy(), index=idx, name="value"),
            pd.Series(picked["source_id"].to_numpy(), index=idx, name="source_id"))


FX_SOURCE = "wb-183369"  # World Bank WDI PA.NUS.FCRF, annual average KZT per USD


def exchange_rate(obs: pd.DataFrame, source_id: str = FX_SOURCE) -> pd.Series:
    """Annual average KZT per USD from one source."""
    sel = obs[(obs["indicator"] == "usd_kzt_avg") & (obs["period_kind"] == "year") & (obs["source_id"] == source_id)]
    return pd.Series(sel["value_std"].astype(float).to_numpy(), index=sel["year"].astype(int), name="kzt_per_usd")


def rise_years(january: pd.Series, start: int, end: int) -> list[int]:
    """Years from ``start`` to ``end`` whose 1 January amount differs from the year before's."""
    return [y for y in range(start, end + 1) if y in january.index and y - 1 in january.index
            and january[y] != january[y - 1]]


def held_years(january: pd.Series, start: int, end: int) -> list[int]:
    """Years from ``start`` to ``end`` in which the 1 January amount was still ``start``'s."""
    return [y for y in range(start, end + 1) if y in january.index and january[y] == january[start]]


def stated_share(note: str) -> float:
    """The "now N%" an official gave beside a target (NaN when the note gives none)."""
    m = re.search(r"now (\d+(?:\.\d+)?)%", note if isinstance(note, str) else "")
    return float(m.group(1)) if m else math.nan


def quarter_x(period: str) -> float:
    """Where a quarter sits on a year axis whose ticks are the years: Q1..Q4 spread around the tick."""
    return int(period[:4]) - 0.5 + (int(period[-1]) - 0.5) / 4


def month_x(period: str) -> float:
    """The middle of a month ('2024-03') on a decimal-year axis."""
    return int(period[:4]) + (int(period[5:7]) - 0.5) / 12


# ------------------------------------------------------- the 2030 plan
@dataclass(frozen=True)
class TargetProgress:
    """One row of the claim engine's ``targets_progress.csv`` (the verdict), with the plan's own numbers."""

    target_id: str
    goal: float
    goal_year: int
    stated_on: str
    stated_by: str
    achieved: float
    years_with_data: int
    pace_achieved: float
    pace_required: float
    verdict: str
    explanation: str


def progress_of(progress: pd.DataFrame, target_id: str) -> TargetProgress:
    """The engine's row for one target; a missing row is an error (the verdict is never recomputed here)."""
    sel = progress[progress["target_id"] == target_id]
    if len(sel) != 1:
        raise ValueError(f"targets_progress.csv: expected one row for {target_id}, found {len(sel)}")
    r = sel.iloc[0]
    return TargetProgress(target_id, float(r["goal"]), int(str(r["horizon"])[-4:]), str(r["stated_on"]),
                          str(r["stated_by"]), float(r["achieved"]), int(r["years_with_data"]),
                          float(r["pace_achieved"]), float(r["pace_required"]), str(r["verdict"]),
                          str(r["explanation"]))


def scenarios(median_now: float, minimum_now: float, now: int, goal_year: int, goal_pct: float,
              growths: list[tuple[str, float]]) -> pd.DataFrame:
    """What a Kaitz index of ``goal_pct`` in ``goal_year`` needs, for each growth rate of the median from ``now``."""
    out, years_left = [], goal_year - now
    for label, g in growths:
        need = minimum_needed(median_now, g, years_left, goal_pct)
        out.append({"median wage grows": label, f"median {goal_year}": median_now * (1 + g / 100) ** years_left,
                    f"minimum wage needed {goal_year}": need, f"× the {now} minimum": need / minimum_now,
                    "minimum wage growth needed, % a year": arith.cagr_pct(minimum_now, need, years_left)})
    return pd.DataFrame(out)


# ------------------------------------------------------- official counts
COUNT_INDICATORS = ("workers_affected_by_mw_rise_persons", "workers_at_mw_persons", "workers_below_mw_persons")


def official_counts(tidy: pd.DataFrame) -> pd.DataFrame:
    """The official head counts, labelled, in a fixed order (indicator, year, value)."""
    cnt = tidy[tidy["indicator"].isin(COUNT_INDICATORS)].copy()
    cnt["label"] = [count_label(i, y, p) for i, y, p in zip(cnt["indicator"], cnt["year"], cnt["publisher"])]
    return cnt.sort_values(["indicator", "year", "value_std"]).reset_index(drop=True)


def survey_headcount(share_pct: pd.Series, surveyed_thousand: float) -> tuple[float, float]:
    """(low, high) people: the lowest and highest reported share applied to the employees surveyed."""
    people = surveyed_thousand * 1000
    return float(share_pct.min()) / 100 * people, float(share_pct.max()) / 100 * people
