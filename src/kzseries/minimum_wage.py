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
    out = out.sort_values(["period", "_rank", "source_id"], kind="mergesort")
    return out.drop_duplicates("period", keep="first").drop(columns="_rank").reset_index(drop=True)


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


def deflate(nominal: pd.Series, price_index: pd.Series) -> pd.Series:
    """Nominal amounts in base-year prices (the year whose index is 100)."""
    idx = price_index.reindex(nominal.index)
    return (nominal * 100.0 / idx).rename("real")


def multiple(values: pd.Series, start: int, end: int) -> float:
    """values[end] / values[start]; NaN when either year is missing."""
    if start not in values.index or end not in values.index:
        return math.nan
    a, b = values[start], values[end]
    if pd.isna(a) or pd.isna(b) or a == 0:
        return math.nan
    return float(b / a)


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
    rows = rows.sort_values("start", kind="mergesort")
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
    return cnt.sort_values(["indicator", "year", "value_std"], kind="mergesort").reset_index(drop=True)


def survey_headcount(share_pct: pd.Series, surveyed_thousand: float) -> tuple[float, float]:
    """(low, high) people: the lowest and highest reported share applied to the employees surveyed."""
    people = surveyed_thousand * 1000
    return float(share_pct.min()) / 100 * people, float(share_pct.max()) / 100 * people


# ------------------------------------------------ findings read by the page
def law_not_stated(statutory: pd.DataFrame) -> list[str]:
    """Periods whose source does not give the budget law's number."""
    return list(statutory.loc[statutory["law no."] == "not stated", "period"])


def basis_of(statutory: pd.DataFrame, year: int) -> str:
    """The legal basis the source names for the amount of ``year`` ('' when it names none)."""
    sel = statutory[statutory["period"] == str(year)]
    basis = sel["legal basis (as the source names it)"].iloc[0] if len(sel) else ""
    return "" if basis.startswith("not stated") else basis


def latest_match(series: pd.Series, value: float, within_points: float = 0.5) -> int | None:
    """The latest year whose value is within ``within_points`` of ``value`` (None when no year is).

    Used to date an official's "now N%": the most recent survey that says N, not an older year that happens
    to be a hair closer.
    """
    hits = [int(y) for y, v in series.dropna().items() if abs(v - value) <= within_points]
    return max(hits) if hits else None


def real_range(sensitivity: pd.DataFrame, span: str = "×, 2019→2024") -> tuple[float, float]:
    """Lowest and highest real multiple over the single-source deflators (the table's real rows)."""
    real = sensitivity[sensitivity["measure"].str.startswith("real")][span]
    return float(real.min()), float(real.max())


def within(values: pd.Series, target: float, tolerance_pct: float) -> list:
    """Index labels of the values within ``tolerance_pct`` of ``target``."""
    return [k for k, v in values.items() if abs(v - target) <= abs(target) * tolerance_pct / 100]


# ------------------------------------------------------------- the result
@dataclass(frozen=True)
class MinimumWage:
    """Everything the notebook shows: the series, the derived frames and the findings as named values."""

    base_year: int
    end_year: int
    deflator: Deflator
    comparator: str
    # statutory amounts
    rows: pd.DataFrame
    monthly: pd.Series
    annual: pd.Series
    january: pd.Series
    april: pd.Series
    subsistence_monthly: pd.Series
    subsistence_annual: pd.Series
    mci_monthly: pd.Series
    frozen: tuple[int, ...]
    frozen_since_claim: tuple[int, ...]
    last_frozen_basis: str
    law_unstated: tuple[str, ...]
    rises: tuple[int, ...]
    held: tuple[int, ...]
    statutory: pd.DataFrame
    amounts: pd.DataFrame
    # prices and dollars
    rates: pd.Series
    price_index: pd.Series
    real: pd.Series
    fx: pd.Series
    usd: pd.Series
    multiples: dict
    sensitivity: pd.DataFrame
    deflator_spread: tuple[float, float]
    # wages and the bite
    average_wage: pd.Series
    median_wage: pd.Series
    average_sources: pd.Series
    median_sources: pd.Series
    quarterly_median: pd.DataFrame
    modal_wage: pd.Series
    kaitz_median: pd.Series
    kaitz_average: pd.Series
    kaitz_main: pd.Series
    kaitz_table: pd.DataFrame
    low_pay: pd.Series
    target: TargetProgress
    now_stated: float
    matching_survey_year: int | None
    latest_year: int
    latest_median_published: str
    path: pd.Series
    pace_points: float
    median_growth: dict
    scenarios: pd.DataFrame
    needed_minimum: float
    needed_multiple: float
    # subsistence
    subsistence_ratio: pd.Series
    subsistence_last_year: int
    # counts
    counts: pd.DataFrame
    announced: pd.Series
    paid_minimum: pd.Series
    survey_share: pd.Series
    surveyed: float
    survey_people: tuple[float, float]
    stated: dict                 # readable claim name (CLAIMS) -> the stated value
    derived: pd.DataFrame


CLAIM_SPAN = (2019, 2024)  # the "doubled from 42,500 to 85,000" statement
SPANS = ((2019, 2024), (2018, 2024), (2019, 2025))


def sensitivity_table(annual: pd.Series, usd: pd.Series, obs: pd.DataFrame,
                      spans=SPANS) -> pd.DataFrame:
    """The multiple between two years: nominal, real under each single-source deflator, and in dollars."""
    rows = [{"measure": "nominal tenge", "source": "", **{f"×, {a}→{b}": multiple(annual, a, b) for a, b in spans}}]
    for d in list(DEFLATORS.values()) + list(ALTERNATIVE_DEFLATORS.values()):
        r = inflation_rates(obs, d)
        rows.append({"measure": f"real, {d.short}", "source": d.source_id,
                     **{f"×, {a}→{b}": real_multiple(annual, r, a, b) for a, b in spans}})
    rows.append({"measure": "US dollars (annual average rate)", "source": FX_SOURCE,
                 **{f"×, {a}→{b}": multiple(usd, a, b) for a, b in spans}})
    return pd.DataFrame(rows)


def _sources_by_year(rows: pd.DataFrame) -> dict[int, str]:
    return {int(y): ";".join(sorted(set(g["source_id"]))) for y, g in rows.groupby("year")}


def _series_rows(s: pd.Series, indicator: str, unit: str, sources, note: str) -> list[dict]:
    src = sources if callable(sources) else (lambda y: sources)
    return [{"indicator": indicator, "year": int(y), "value": float(v), "unit": unit, "source_ids": src(int(y)),
             "note": note} for y, v in s.dropna().items()]


# The claims and targets this page reads by name, declared once (see kzseries.names): the notebook, the charts
# and the exercises use the readable name.
CLAIMS = {
    "doubling": "minwage-doubling",
    "doubling_base_2018": "minwage-doubling.base-2018",
    "beneficiaries": "minwage-beneficiaries",
    "level_2019": "minwage-2019-kzt",
    "level_2024": "minwage-2024-kzt",
    "kaitz_2030": "kaitz-index-median-pct-2030",
}


def build(tidy: pd.DataFrame, prices: pd.DataFrame, targets: pd.DataFrame, progress: pd.DataFrame,
          stated: pd.DataFrame, *, base_year: int, end_year: int, deflator: str, comparator: str,
          target_id: str = CLAIMS["kaitz_2030"]) -> MinimumWage:
    """The minimum-wage page from its inputs.

    ``tidy``: tidy observations of the series; ``prices``: those of the gdp series (CPI, exchange
    rate); ``targets``: the registry's targets; ``progress``: the engine's ``targets_progress.csv``;
    ``stated``: the engine's verdict rows (only the stated values are read, to draw them).
    """
    def rows(ind):
        return tidy[tidy["indicator"] == ind]

    mw_rows = rows("minimum_wage_kzt")
    monthly = monthly_in_force(mw_rows)
    annual = annual_mean(monthly).dropna()
    january, april = in_month(monthly, 1), in_month(monthly, 4)
    subs_rows = rows("subsistence_minimum_kzt")
    subs_m, mci_m = monthly_in_force(subs_rows), monthly_in_force(rows("mci_kzt"))
    subs_y = annual_mean(subs_m)
    frozen = frozen_years(monthly)
    statutory = statutory_table(mw_rows)
    a, b = CLAIM_SPAN

    d = DEFLATORS[deflator]
    rates = inflation_rates(prices, d)
    price = chain_index(rates, base_year)
    real = deflate(annual, price)
    fx = exchange_rate(prices)
    usd = (annual / fx.reindex(annual.index)).rename("usd")
    multiples = {"nominal": multiple(annual, a, b), "real": real_multiple(annual, rates, a, b),
                 "usd": multiple(usd, a, b), "prices": multiple(chain_index(rates, a), a, b),
                 "nominal_2018": multiple(annual, 2018, b), "real_2018": real_multiple(annual, rates, 2018, b),
                 "real_2025": real_multiple(annual, rates, a, 2025)}
    sens = sensitivity_table(annual, usd, prices)

    avg, avg_src = annual_series(rows("average_wage_kzt"), AVERAGE_WAGE_PREFERENCE)
    med, med_src = annual_series(rows("median_wage_kzt"), MEDIAN_WAGE_PREFERENCE)
    q_med = rows("median_wage_kzt")
    q_med = pick_source(q_med[q_med["period_kind"] == "quarter"], ("bns-87ee42", "bns-2096b4"))
    k_med, k_avg = kaitz(april, med), kaitz(annual, avg)
    k_main = k_med if comparator == "median_wage" else k_avg
    kt = pd.DataFrame({"minimum wage (April)": april, "median wage": med, "Kaitz, median %": k_med,
                       "average wage": avg, "Kaitz, average %": k_avg}).loc[2010:end_year]
    kt = kt.reset_index(names="year")
    kt["year"] = kt["year"].astype(str)

    tgt = targets.set_index("target_id").loc[target_id]
    prog = progress_of(progress, target_id)
    last = int(k_med.index.max())
    med_last = rows("median_wage_kzt")
    med_last = med_last[(med_last["period"] == str(last)) & (med_last["source_id"] == med_src[last])]
    path = target_path(last, float(k_med[last]), prog.goal, prog.goal_year)
    growth = {"since_2019": arith.cagr_pct(med[2019], med[last], last - 2019), "last_year": (med[last] / med[last - 1] - 1) * 100}
    scen = scenarios(med[last], april[last], last, prog.goal_year, prog.goal,
                     [("5% a year (illustrative)", 5.0), ("10% a year (illustrative)", 10.0),
                      (f"as in {last - 1}→{last} ({growth['last_year']:.1f}%)", growth["last_year"]),
                      (f"as in 2019→{last} ({growth['since_2019']:.1f}% a year)", growth["since_2019"])])

    ratio = (annual / subs_y).dropna()
    st_years = range(int(monthly.index.min().year), end_year + 1)
    mid = {"minimum wage": midyear_changes(monthly), "MCI": midyear_changes(mci_m),
           "subsistence minimum": midyear_changes(subs_m)}
    amounts = pd.DataFrame({
        "year": [str(y) for y in st_years],
        "minimum wage, 1 Jan": [january.get(y, np.nan) for y in st_years],
        "MCI, 1 Jan": [in_month(mci_m, 1).get(y, np.nan) for y in st_years],
        "subsistence min., 1 Jan": [in_month(subs_m, 1).get(y, np.nan) for y in st_years],
        "min. wage ÷ subsistence (annual)": [ratio.get(y, np.nan) for y in st_years],
        "changes during the year": ["; ".join(f"{k}: {v[y]}" for k, v in mid.items() if y in v) for y in st_years],
    })

    surveyed_rows = rows("employees_surveyed_thousand")
    surveyed = float(surveyed_rows.loc[surveyed_rows["period"] == "2023-04", "value_std"].iloc[0])
    share = rows("share_employees_wage_upto_mw_pct")["value_std"].astype(float)
    claim_value = stated.set_index("claim_id")["stated_value"].astype(float)

    mw_src, subs_src = _sources_by_year(mw_rows), _sources_by_year(subs_rows)
    derived = (
        _series_rows(annual, "minimum_wage_kzt", "KZT per month", lambda y: mw_src[y],
                     "annual average of the monthly amounts in force (budget law)")
        + _series_rows(price, f"price_index_{deflator}", f"index, {base_year} = 100", d.source_id,
                       f"chained from {d.label}; a missing year ends the chain")
        + _series_rows(real, "minimum_wage_real_kzt", f"KZT per month at {base_year} prices",
                       lambda y: f"{d.source_id};{mw_src[y]}", f"deflated by {deflator}")
        + _series_rows(usd, "minimum_wage_usd", "USD per month", lambda y: f"{mw_src[y]};{FX_SOURCE}",
                       "annual average minimum wage / annual average KZT per USD")
        + _series_rows(avg, "average_wage_kzt", "KZT per month", lambda y: avg_src[y],
                       "annual, one source per year (BNS releases first)")
        + _series_rows(med, "median_wage_kzt", "KZT per month", lambda y: med_src[y],
                       "annual April survey (form 2-T); quarterly estimates excluded")
        + _series_rows(k_med, "kaitz_index_median_pct", "% of median wage", lambda y: f"{med_src[y]};{mw_src[y]}",
                       "minimum wage in force in April / April-survey median")
        + _series_rows(k_avg, "kaitz_index_average_pct", "% of average wage", lambda y: f"{avg_src[y]};{mw_src[y]}",
                       "annual average minimum wage / annual average wage")
        + _series_rows(subs_y, "subsistence_minimum_kzt", "KZT per month", lambda y: subs_src[y],
                       "budget-law amount, annual average of the months in force")
        + _series_rows(ratio, "minimum_wage_to_subsistence_ratio", "ratio", lambda y: f"{mw_src[y]};{subs_src[y]}",
                       "annual averages; budget-law subsistence minimum")
        + _series_rows(path.iloc[1:], "kaitz_index_median_target_path_pct", "% of median wage", tgt["source_id"],
                       f"straight line from {last} to the plan {target_id} (not a forecast)")
    )
    derived = pd.DataFrame(derived).sort_values(["indicator", "year"], kind="mergesort").reset_index(drop=True)

    return MinimumWage(
        base_year=base_year, end_year=end_year, deflator=d, comparator=comparator,
        rows=mw_rows, monthly=monthly, annual=annual, january=january, april=april,
        subsistence_monthly=subs_m, subsistence_annual=subs_y, mci_monthly=mci_m, frozen=tuple(frozen),
        frozen_since_claim=tuple(f for f in frozen if f >= a),
        last_frozen_basis=basis_of(statutory, frozen[-1]) if frozen else "",
        law_unstated=tuple(law_not_stated(statutory)),
        rises=tuple(rise_years(january, a + 1, b)), held=tuple(held_years(january, a, b)),
        statutory=statutory, amounts=amounts,
        rates=rates, price_index=price, real=real, fx=fx, usd=usd, multiples=multiples, sensitivity=sens,
        deflator_spread=real_range(sens),
        average_wage=avg, median_wage=med, average_sources=avg_src, median_sources=med_src,
        quarterly_median=q_med, modal_wage=rows("modal_wage_kzt").set_index("year")["value_std"],
        kaitz_median=k_med, kaitz_average=k_avg, kaitz_main=k_main, kaitz_table=kt,
        low_pay=rows("low_pay_share_pct").set_index("year")["value_std"].sort_index(),
        target=prog, now_stated=stated_share(tgt["notes"]),
        matching_survey_year=latest_match(k_med, stated_share(tgt["notes"])), latest_year=last,
        latest_median_published=str(med_last["published"].fillna("").iloc[0]), path=path,
        pace_points=(prog.goal - float(k_med[last])) / (prog.goal_year - last), median_growth=growth,
        scenarios=scen, needed_minimum=float(scen.iloc[-1, 2]), needed_multiple=float(scen.iloc[-1, 3]),
        subsistence_ratio=ratio, subsistence_last_year=int(ratio[ratio.index <= end_year].index.max()),
        counts=official_counts(tidy),
        announced=rows("workers_affected_by_mw_rise_persons").set_index("year")["value_std"].sort_index(),
        paid_minimum=rows("workers_at_mw_persons").set_index("source_id")["value_std"], survey_share=share, surveyed=surveyed,
        survey_people=survey_headcount(share, surveyed),
        stated={name: float(claim_value[i]) for name, i in CLAIMS.items()
                if i in claim_value.index and not math.isnan(float(claim_value[i]))}, derived=derived)


# Digits for the tables on the page, by column name (a pattern); columns not matched are left as they are.
TABLE_DIGITS = {r"KZT per month|(minimum|median|average) wage( \(April\)| needed \d{4})?|median \d{4}": 0,
                r"(minimum wage|MCI|subsistence min\.), 1 Jan": 0, r"change %|Kaitz, \w+ %": 1,
                r"× the \d{4} minimum|minimum wage growth needed, % a year": 1,
                r"min\. wage ÷ subsistence \(annual\)": 2}


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with the numeric columns matched by ``TABLE_DIGITS`` as text ('–' when missing)."""
    out = df.copy()
    for col in out.columns:
        digits = next((d for pat, d in TABLE_DIGITS.items() if re.fullmatch(pat, str(col))), None)
        if digits is not None:
            out[col] = ["–" if pd.isna(v) else f"{v:,.{digits}f}" for v in out[col]]
    return out
