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
from datetime import date

import pandas as pd

from . import periods

_FLAG_RANK = {"first_release": 0, "revised": 2}
_PROVISIONAL = ("preliminary", "operational", "estimate")  # ranked before a final figure of the same day
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
    return math.isclose(_round_to(a, pb), b, abs_tol=1e-12) or math.isclose(_round_to(b, pa), a, abs_tol=1e-12)


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
    df["_flag"] = df["vintage"].map(lambda v: _FLAG_RANK.get(v, 1))  # no flag (NaN) or another: 1
    df["_status"] = ~df["status"].isin(_PROVISIONAL)  # False sorts first
    df = df.sort_values(["_date", "_flag", "_status", "source_id"])
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
    for year, rows in full.groupby("year"):
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
        best = cand.sort_values(["months", "value_std"], ascending=[False, False]).iloc[0]
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
    t = t.sort_values(["year", "_kind", "_date", "target_id"])
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
# ------------------------------------------------------------ which series, which vintage
AREA, UNITS, HOUSES, INV = ("housing_commissioned_m2", "housing_units_commissioned", "housing_individual_units",
                            "housing_investment_kzt")
VINTAGES = ("first_release", "latest")
VLABEL = {"first_release": "first release", "latest": "latest figure"}
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
