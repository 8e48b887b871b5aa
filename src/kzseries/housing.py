"""Housing: which figure counts as a year, which vintage, and how plans compare.

Housing statistics in Kazakhstan come as a stream of year-to-date releases
(Jan-Aug, Jan-Nov ...), a preliminary full-year figure, and revisions that can
arrive a year later (individual houses are registered late). Officials then
round and restate those figures in speeches. The functions here turn that
stream into annual series an economist can sum and compare:

* a **full year** is a calendar year (``2024``) or a Jan-Dec span of one year
  (``2019-01/2019-12``); a year-to-date figure is never one;
* for each year the **first release** is the earliest published figure and the
  **latest** is the most recent one, where a later figure that only rounds an
  earlier one (15.3 after 15.336) is a restatement, not a revision;
* a cumulative target is compared with a **target path** (the plan's annual
  steps, cumulated), never with a straight line drawn after the fact.

All functions are pure: frames in, frames or series out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import arith, names, periods

_FLAG_RANK = {"first_release": 0, "revised": 2}
_STATUS_RANK = {"preliminary": 0, "operational": 0, "estimate": 0}
_FAR_FUTURE = date(9999, 12, 31)


# ------------------------------------------------------------ which rows
def is_full_year(period: str) -> bool:
    """``2024`` or ``2024-01/2024-12``; never a year-to-date span or a multi-year sum."""
    return periods.parse(period).is_full_year


def full_years(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Full calendar-year observations of one indicator (forecasts left out).

    Works on the audit notebook's tidy observations (``value_std``, ``period``).
    The calendar year is taken from the period itself.
    """
    df = obs[(obs["indicator"] == indicator) & (obs["status"] != "forecast")].copy()
    df = df[df["period"].map(is_full_year)]
    df["year"] = df["period"].map(lambda p: periods.parse(p).year).astype(int)
    return df.reset_index(drop=True)


def partial_years(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Year-to-date and half-year figures: periods inside one calendar year, shorter than 12 months."""
    df = obs[(obs["indicator"] == indicator) & (obs["status"] != "forecast")].copy()
    parsed = df["period"].map(periods.parse)
    inside = parsed.map(lambda p: p.start.year == p.end.year and not p.is_full_year and p.kind != "day")
    df = df[inside.to_numpy()].copy()
    df["year"] = df["period"].map(lambda p: periods.parse(p).year).astype(int)
    df["months"] = df["period"].map(lambda p: periods.parse(p).months).astype(int)
    df["from_january"] = df["period"].map(lambda p: periods.parse(p).start.month == 1)
    return df.reset_index(drop=True)


# ------------------------------------------------------------- vintages
def precision(x: float) -> float:
    """The rounding step a stated figure shows: 15.3 -> 0.1, 173900 -> 100, 11 -> 1."""
    if x == 0 or not math.isfinite(x):
        return 1.0
    for k in range(9, -8, -1):
        p = 10.0 ** k
        q = x / p
        if round(q) != 0 and abs(q - round(q)) < 1e-6 * max(1.0, abs(q)):
            return p
    return 10.0 ** -7


def _round_to(x: float, step: float) -> float:
    return round(x / step) * step


def is_restatement(a: float, b: float) -> bool:
    """True when one figure is just the other rounded (15.336 and 15.3; 89,400 and 90,000).

    Such a pair is the same vintage said with less precision, not a revision.
    """
    pa, pb = precision(a), precision(b)
    return math.isclose(_round_to(a, pb), b, rel_tol=1e-9, abs_tol=1e-12) or math.isclose(
        _round_to(b, pa), a, rel_tol=1e-9, abs_tol=1e-12)


def published_date(text) -> date:
    """Earliest date a ``published`` value can stand for (``2025`` -> 2025-01-01); blank -> far future.

    A figure without a publication date is taken as the most recent one
    (typically a database read long after the year).
    """
    if text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip() == "":
        return _FAR_FUTURE
    return periods.parse(str(text).strip()).start


def order_releases(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of one indicator-year in publication order.

    Sort key: publication date, then the vintage flag (first_release before
    unflagged before revised), then the status (preliminary before final),
    then the source id so the order is deterministic.
    """
    df = rows.copy()
    df["_date"] = df["published"].map(published_date)
    df["_flag"] = df["vintage"].map(lambda v: _FLAG_RANK.get(v, 1) if isinstance(v, str) else 1)
    df["_status"] = df["status"].map(lambda s: _STATUS_RANK.get(s, 1))
    df = df.sort_values(["_date", "_flag", "_status", "source_id"], kind="mergesort")
    return df.drop(columns=["_date", "_flag", "_status"]).reset_index(drop=True)


def release_groups(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Split one indicator-year's ordered rows into vintages.

    A row that restates (rounds) the figure of the group before it joins that
    group; any other value opens a new group (a revision). A row the data flag
    as ``revised`` opens a new group unless its value is identical (17.0 then a
    revised 16.9 is a revision, although 17 could be 16.9 rounded).
    """
    ordered = order_releases(rows)
    groups: list[list[int]] = []
    for i, (v, flag) in enumerate(zip(ordered["value_std"], ordered["vintage"])):
        prev = [ordered.loc[j, "value_std"] for j in groups[-1]] if groups else []
        same = (any(math.isclose(v, w, rel_tol=1e-12) for w in prev) if flag == "revised"
                else any(is_restatement(v, w) for w in prev))
        if groups and same:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [ordered.loc[g] for g in groups]


def _representative(group: pd.DataFrame) -> pd.Series:
    """The most precise figure of a group of restatements (ties: the earliest)."""
    prec = group["value_std"].map(precision)
    return group.loc[prec.idxmin()]


def vintages(full: pd.DataFrame) -> pd.DataFrame:
    """One row per year: the first release and the latest figure, with their sources.

    ``full`` holds full-year rows of one indicator (see :func:`full_years`).
    ``revised`` says whether the latest differs from the first release by more
    than rounding; ``flag_conflict`` names rows whose ``vintage`` flag contradicts
    the publication order (they are ordered by date, and listed so a reader can check).
    """
    out = []
    for year, rows in full.groupby("year", sort=True):
        groups = release_groups(rows)
        first, last = _representative(groups[0]), _representative(groups[-1])
        conflicts = []
        for k, g in enumerate(groups):
            for _, r in g.iterrows():
                if r["vintage"] == "first_release" and k > 0:
                    conflicts.append(f"{r['source_id']} flagged first_release but published after {first['value_std']:g}")
                if r["vintage"] == "revised" and k == 0 and len(groups) > 1:
                    conflicts.append(f"{r['source_id']} flagged revised but published before {last['value_std']:g}")
        out.append({
            "year": int(year),
            "first_release": float(first["value_std"]),
            "first_source_ids": ";".join(sorted(set(groups[0]["source_id"]))),
            "first_published": str(first["published"]) if isinstance(first["published"], str) else "",
            "first_status": first["status"],
            "latest": float(last["value_std"]),
            "latest_source_ids": ";".join(sorted(set(groups[-1]["source_id"]))),
            "latest_published": str(last["published"]) if isinstance(last["published"], str) else "",
            "latest_status": last["status"],
            "n_rows": int(len(rows)),
            "revised": len(groups) > 1,
            "flag_conflict": "; ".join(conflicts),
        })
    cols = ["year", "first_release", "first_source_ids", "first_published", "first_status", "latest",
            "latest_source_ids", "latest_published", "latest_status", "n_rows", "revised", "flag_conflict"]
    return pd.DataFrame(out, columns=cols)


def pick(vint: pd.DataFrame, vintage: str) -> pd.Series:
    """Year-indexed values of one vintage (``first_release`` or ``latest``)."""
    if vintage not in ("first_release", "latest"):
        raise ValueError(f"vintage must be 'first_release' or 'latest', not {vintage!r}")
    return vint.set_index("year")[vintage].astype(float)


def sources_of(vint: pd.DataFrame, vintage: str, years) -> list[str]:
    """Source ids behind the chosen vintage in the given years."""
    col = "first_source_ids" if vintage == "first_release" else "latest_source_ids"
    sel = vint[vint["year"].isin(list(years))][col]
    return sorted({s for cell in sel for s in cell.split(";") if s})


# --------------------------------------------------------------- changes
def change(values: pd.Series, base: int, end: int) -> tuple[float, float]:
    """Absolute and percentage change from ``base`` to ``end``."""
    a, b = float(values[base]), float(values[end])
    return b - a, (b / a - 1.0) * 100.0


def implied_base_from_pct(end_value: float, pct: float) -> float:
    """The base a stated end level and percentage rise imply: end / (1 + pct/100)."""
    return end_value / (1.0 + pct / 100.0)


def implied_base_from_abs(end_value: float, increase: float) -> float:
    """The base a stated end level and absolute rise imply: end - increase."""
    return end_value - increase


# ----------------------------------------------------------- partial years
def year_coverage(full: pd.Series, partial: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Per year of ``start..end``: the full-year value, or the best partial lower bound.

    ``full`` is a year-indexed full-year series; ``partial`` comes from
    :func:`partial_years`. Where a full year is missing, the longest span that
    starts in January is shown as a **lower bound** (``basis`` says which
    months); where there is none, the year is ``missing``. Nothing is scaled up.
    """
    rows = []
    for y in range(start, end + 1):
        if y in full.index and pd.notna(full[y]):
            rows.append({"year": y, "value": float(full[y]), "basis": "full year", "months": 12, "period": str(y)})
            continue
        cand = partial[(partial["year"] == y) & partial["from_january"]]
        if cand.empty:
            rows.append({"year": y, "value": math.nan, "basis": "missing", "months": 0, "period": ""})
            continue
        best = cand.sort_values(["months", "value_std"], ascending=[False, False], kind="mergesort").iloc[0]
        p = periods.parse(best["period"])
        label = f"Jan–{p.end.strftime('%b')} only (partial year, lower bound)"
        rows.append({"year": y, "value": float(best["value_std"]), "basis": label, "months": int(best["months"]),
                     "period": best["period"]})
    return pd.DataFrame(rows, columns=["year", "value", "basis", "months", "period"])


def full_year_total(coverage: pd.DataFrame) -> tuple[float, list[int]]:
    """Sum over the years that are full; also the years that are not (partial or missing)."""
    full = coverage[coverage["basis"] == "full year"]
    not_full = [int(y) for y in coverage.loc[coverage["basis"] != "full year", "year"]]
    return float(full["value"].sum()), not_full


# ---------------------------------------------------------------- targets
def target_path(total: float, start: int, end: int, first: float | None = None,
                step: float | None = None) -> pd.DataFrame:
    """The cumulative path a multi-year target implies, year by year.

    With ``first`` and ``step`` (e.g. 15.3 mn m2 in 2023, +0.2 a year) the path
    is the plan's own annual levels cumulated; ``path_total`` then says where
    that rule ends, which need not equal the rounded ``total``. Without them
    the goal is spread evenly (``total / years`` each year).
    """
    years = list(range(start, end + 1))
    if first is not None and step is not None:
        annual = [first + step * (y - start) for y in years]
        rule = f"{first:g} in {start}, +{step:g} a year"
    else:
        annual = [total / len(years)] * len(years)
        rule = "even split"
    df = pd.DataFrame({"year": years, "annual": annual})
    df["cumulative"] = df["annual"].cumsum()
    df["rule"] = rule
    df["goal"] = total
    return df


def annual_plans(targets: pd.DataFrame, indicator: str, exclude: dict[str, str] | None = None) -> pd.DataFrame:
    """Single-year level plans and targets for one indicator, one bar per year.

    The bar is the earliest-stated ``plan`` of the year (the operational plan),
    or the earliest ``target`` if there is no plan; every other statement for
    that year is kept as a ``marker``. ``exclude`` maps target ids to the reason
    they cannot be compared with a full year (e.g. a Jan-Apr plan).
    """
    exclude = exclude or {}
    t = targets[(targets["indicator"] == indicator) & (targets["measure"] == "level")
                & (targets["horizon_start"] == targets["horizon_end"])
                & (targets["kind"].isin(["plan", "target"]))].copy()
    t = t[~t["target_id"].isin(list(exclude))]
    t["year"] = t["horizon_end"].map(lambda p: periods.parse(p).year).astype(int)
    t["_kind"] = t["kind"].map({"plan": 0, "target": 1})
    t["_date"] = t["stated_on"].map(published_date)
    t = t.sort_values(["year", "_kind", "_date", "target_id"], kind="mergesort")
    t["role"] = "marker"
    t.loc[t.groupby("year").head(1).index, "role"] = "bar"
    cols = ["year", "target_id", "kind", "target_value", "stated_on", "stated_by", "role"]
    return t[cols].reset_index(drop=True)


# ----------------------------------------------------------- composition
def composition(dwellings: pd.Series, houses: pd.Series) -> pd.DataFrame:
    """Dwellings split into individual houses and flats in apartment buildings.

    Only years (or periods) where both figures exist are returned; flats are
    dwellings minus houses (BNS counts each individual house as one dwelling).
    """
    both = pd.concat({"dwellings": dwellings, "houses": houses}, axis=1).dropna()
    both["flats"] = both["dwellings"] - both["houses"]
    both["house_share_pct"] = both["houses"] / both["dwellings"] * 100.0
    return both


# --------------------------------------------------------------- prices
def deflate(nominal: pd.Series, price_index: pd.Series, base_year: int) -> pd.Series:
    """Nominal values in constant ``base_year`` prices: nominal x P[base] / P[year].

    Years without a price index stay missing (no extrapolation).
    """
    if base_year not in price_index.index:
        raise KeyError(f"no price index for the base year {base_year}")
    idx = price_index.reindex(nominal.index)
    return nominal * float(price_index[base_year]) / idx


# ======================================================================
# The notebook's one entry point: build(...) -> Housing
# ======================================================================
AREA, UNITS, HOUSES, INV = ("housing_commissioned_m2", "housing_units_commissioned", "housing_individual_units",
                            "housing_investment_kzt")
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
VINTAGES = ("first_release", "latest")
VLABEL = {"first_release": "first release", "latest": "latest figure"}
#: Recorded plans that cover only part of a year, although their horizon reads as a year.
SUB_ANNUAL = {CLAIMS["plan_2023_jan_apr"]: "plan for January–April 2023 only (3.6 mn m2; actual 4.3), "
                                                 "although its horizon in targets.csv reads 2023"}
#: The rule for year-on-year growth: the latest figure of a year against the latest figure of the year
#: before (the claim engine's rule for the "record growth" reading). Never a first release on a first release:
#: when a year's first release appears, the year before has usually been revised already.
GROWTH_VINTAGE = "latest"


def other_vintage(vintage: str) -> str:
    if vintage not in VINTAGES:
        raise ValueError(f"vintage must be 'first_release' or 'latest', not {vintage!r}")
    return VINTAGES[1 - VINTAGES.index(vintage)]


def growth(values: pd.Series) -> pd.Series:
    """Year-on-year change in %, only where the year before has a value (never across a gap)."""
    s = values.dropna().sort_index()
    return pd.Series({int(y): (s[y] / s[y - 1] - 1.0) * 100.0 for y in s.index if y - 1 in s.index}, dtype=float)


def investment_source(full_inv: pd.DataFrame) -> str:
    """The source of the investment series: the one with the most full years (ties: the first source id).

    One source keeps the series consistent (one vintage, one definition); officials'
    rounded statements for single years are shown beside it, never mixed in.
    """
    if full_inv.empty:
        raise ValueError(f"no full-year rows for {INV}")
    counts = full_inv.groupby("source_id")["year"].nunique()
    return str(sorted(counts.index, key=lambda s: (-counts[s], s))[0])


def december_share(coverage: pd.DataFrame, partial_other: pd.DataFrame, full_other: pd.Series) -> tuple[float, list]:
    """What December added, in % of January-November, in another series in the years ``coverage`` lacks.

    For each partial year of ``coverage`` (e.g. dwellings with only Jan-Nov), take the
    other series' figure for the same span (the area's Jan-Nov) and its full year:
    (full - span) / span x 100. Returns the mean over the years where both exist,
    and those years. Data, not an assumption about the missing months.
    """
    out = {}
    for r in coverage[(coverage["basis"] != "full year") & (coverage["basis"] != "missing")].itertuples():
        same = partial_other[(partial_other["year"] == r.year) & (partial_other["period"] == r.period)]
        if len(same) and r.year in full_other.index and pd.notna(full_other[r.year]):
            span = float(same["value_std"].max())
            out[int(r.year)] = (float(full_other[r.year]) - span) / span * 100.0
    return (float(sum(out.values()) / len(out)) if out else math.nan), sorted(out)


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


@dataclass(frozen=True)
class Overview:
    """What the data hold for the area commissioned (Table 3.1)."""
    table: pd.DataFrame
    first_year: int
    last_year: int
    n_years: int
    missing: list
    revised: list
    preliminary: list
    n_partial: int
    last_partial_year: int
    conflicts: pd.DataFrame


@dataclass(frozen=True)
class Level:
    """Section 1: the 2024 level, its rank, and growth under one named rule."""
    year: int
    value: float
    value_alt: float
    sources: str
    stated: float
    rank: int
    n_years: int
    next_year: int
    next_value: float
    next_preliminary: bool
    growth: pd.Series            # latest on latest (GROWTH_VINTAGE)
    growth_year: float
    fastest: float
    fastest_year: int
    faster_years: list
    preliminary_points: pd.Series
    ytd: pd.DataFrame            # partial years placed inside their year (column x)


@dataclass(frozen=True)
class Change:
    """Section 2: the change from base_year to window_end, stated and measured."""
    base: int
    end: int
    stated_end: float
    stated_pct: float
    stated_abs: float
    base_from_pct: float
    base_from_abs: float
    base_data: float
    end_data: float
    measured: bool
    d_abs: float
    d_pct: float
    d_abs_alt: float
    d_pct_alt: float


@dataclass(frozen=True)
class Window:
    """Section 3: the sum over window_start..window_end, by vintage."""
    start: int
    end: int
    stated: float
    sums: dict                   # vintage -> sum (NaN when a year is missing)
    missing: dict                # vintage -> years without a full-year figure
    stacks: dict                 # vintage -> year-indexed values in the window
    ministry_total: float
    ministry_published: str
    sensitivity: pd.DataFrame
    revised_in_window: list


@dataclass(frozen=True)
class Plans:
    """Section 4: annual plans against outcomes (Table 3.4)."""
    table: pd.DataFrame
    excluded: dict
    n_both: int
    n_beat: int
    missed_years: list
    median_over_pct: float
    n_prev: int
    low_years: list
    benchmark_2025: float


@dataclass(frozen=True)
class Path111:
    """Section 4: the 111 million m2 for 2023-2029, path and the engine's progress."""
    goal: float
    start: int
    end: int
    path: pd.DataFrame
    even: pd.DataFrame
    cumulative: dict             # vintage -> cumulative actual from start
    engine: dict                 # the engine's row in targets_progress.csv
    last_year: int
    last_preliminary: bool
    reached_around: int
    first_annual: float
    year_before: float
    table: pd.DataFrame          # every housing target, the engine's numbers
    two_year_plan: float         # a cumulative plan over the first two years of the horizon, if stated
    engine_by_name: dict         # readable target name (CLAIMS) -> the engine's row


@dataclass(frozen=True)
class Flats:
    """Section 4: about 1 million flats in 2020-2025, and the 977,000 dwellings for 2021-2025."""
    start: int
    end: int
    goal: float
    floor: float                 # the goal less the tolerance ("about")
    coverage: pd.DataFrame       # start..end: full year or Jan-Nov lower bound
    chart_coverage: pd.DataFrame
    lower: float
    full_years: list
    not_full: list
    need_floor_pct: float
    need_goal_pct: float
    december_pct: float
    flats_full: float
    flats_years: list
    max_year: float
    flats_cap: float
    verdict: str                 # the engine's
    goal_977: float
    lower_977: float
    not_full_977: list
    verdict_977: str             # the engine's


@dataclass(frozen=True)
class Composition:
    table: pd.DataFrame
    partial: pd.DataFrame        # share of houses in partial periods (x = position in the year)
    has_m2: bool
    houses_min: float
    houses_max: float


@dataclass(frozen=True)
class Investment:
    source: str
    flags: list                  # the vintage flags data/raw gives the source's rows
    nominal: pd.Series
    real: pd.Series
    cpi: pd.Series
    cpi_estimated: list
    others: pd.DataFrame
    nominal_growth: float
    real_growth: float
    cpi_growth: float
    area_growth: float
    per_m2_base: float
    per_m2_end: float
    others_max_diff_pct: float   # largest gap of an official's statement from the series, % of the series


@dataclass(frozen=True)
class Housing:
    """Everything 03_housing shows, built once from the tidy data and the engine's verdicts."""
    vintage: str
    alt: str
    base_year: int
    window_start: int
    window_end: int
    tolerance: float
    vintages: dict               # indicator -> vintages() frame
    partial: dict                # indicator -> partial_years() frame
    area: pd.Series
    area_alt: pd.Series
    verdicts: dict               # readable claim name (CLAIMS) -> the engine's row
    overview: Overview
    level: Level
    change: Change
    window: Window
    plans: Plans
    path111: Path111
    flats: Flats
    composition: Composition
    investment: Investment
    output: pd.DataFrame

    def label(self, vintage: str | None = None) -> str:
        return VLABEL[vintage or self.vintage]

    @property
    def all_time_missing(self) -> list[int]:
        """Years since independence (1991) up to the record year without a full-year area figure."""
        have = {int(y) for y in self.area.dropna().index}
        return [y for y in range(1991, int(self.level.year) + 1) if y not in have]


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
    d_abs, d_pct = change(area, base, end) if ok else (math.nan, math.nan)
    d_abs_alt, d_pct_alt = change(area_alt, base, end) if ok else (math.nan, math.nan)
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
                 benchmark_2025=float(b25.iloc[0]) if len(b25) else math.nan)


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
    real = deflate(inv, cpi, base)
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


def build(obs: pd.DataFrame, prices: pd.DataFrame, claims_df: pd.DataFrame, targets: pd.DataFrame,
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
