"""Plausibility checks on the series files: catch a unit slip before it reaches a chart.

Declared once per indicator in ``data/raw/plausibility.csv``, in the indicator's standard unit
(the ``unit`` of ``indicators.csv``):

``min``, ``max``
    the range a value may take;
``max_ratio_neighbour_year``
    how many times larger (or smaller) a value may be than the nearest value of the same indicator
    for the same period one year earlier and one year later (``2024-H1`` is compared with ``2023-H1``
    and ``2025-H1``). A value fails only when it is out of ratio with *every* neighbouring year that
    has a value, so a one-year spike fails while a genuine, lasting change of level passes;
``max_ratio_other_source``
    how many times larger (or smaller) a value may be than the nearest value of the same indicator
    and period from another row (another source, basis or vintage).

An empty ratio means "not checked" (growth rates and net flows change sign; running totals are not
comparable across dates). Ratios are only taken between positive values.

A genuine outlier is accepted deliberately with a row in ``data/raw/plausibility_overrides.csv``
(``file, indicator, period, source_id, reason``); the audit notebook lists every such row.
"""

from __future__ import annotations

import math
import re

import pandas as pd

RULES_FILE = "plausibility.csv"
OVERRIDES_FILE = "plausibility_overrides.csv"
MAX_LISTED = 8


def _num(text: str) -> float | None:
    return float(text) if text != "" else None


def _ratio(a: float, b: float) -> float:
    if a > 0 and b > 0:
        return max(a, b) / min(a, b)
    return math.nan


def _shift(period: str, years: int) -> str:
    """The same period ``years`` later: every year in the period string moves."""
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) + years), period)


def _fmt(x: float) -> str:
    return f"{x:,.6g}".replace(",", " ") if abs(x) >= 1e5 else f"{x:.6g}"


def check(name: str, df: pd.DataFrame, rules: pd.DataFrame, overrides: pd.DataFrame,
          factor: dict[tuple[str, str], float], std_unit: dict[str, str], rel: str) -> list[str]:
    """Problems of series file ``name`` (``df`` with float ``value``), one line each.

    ``rules``/``overrides``: the two plausibility files as text; ``factor``: (indicator, unit) ->
    factor to the standard unit; ``rel``: the file's path as shown to the user.
    """
    rule = {r["indicator"]: (i + 2, r) for i, r in rules.iterrows()}
    mine = overrides[overrides["file"] == name]
    accepted = {(r["indicator"], r["period"], r["source_id"]) for _, r in mine.iterrows()}
    std = [v * factor[(i, u)] for v, i, u in zip(df["value"], df["indicator"], df["unit"])]
    work = df.assign(std=std)
    by_period: dict[tuple[str, str], list[tuple[int, float, str]]] = {}
    for idx, ind, per, v, src in zip(work.index, work["indicator"], work["period"], work["std"], work["source_id"]):
        by_period.setdefault((ind, per), []).append((idx, v, src))

    problems: list[str] = []
    missing_rule: set[str] = set()
    for idx, row in work.iterrows():
        ind, per, v = row["indicator"], row["period"], row["std"]
        if ind not in rule:
            if ind not in missing_rule:
                missing_rule.add(ind)
                problems.append(f"{rel}, line {idx + 2}: indicator {ind!r} has no row in data/raw/{RULES_FILE}; "
                                "declare its range and ratios there")
            continue
        if (ind, per, row["source_id"]) in accepted:
            continue
        rule_line, r = rule[ind]
        unit = std_unit[ind]
        lo, hi = _num(r["min"]), _num(r["max"])
        max_year, max_src = _num(r["max_ratio_neighbour_year"]), _num(r["max_ratio_other_source"])
        why = []
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            low = _fmt(lo) if lo is not None else "(no lower limit)"
            high = _fmt(hi) if hi is not None else "(no upper limit)"
            why.append(f"outside the expected range {low} to {high} {unit}")
        neighbours = []
        year_ratios = []
        for d in (-1, 1):
            vals = [x for _, x, _ in by_period.get((ind, _shift(per, d)), [])]
            if vals:
                neighbours.append(f"{_shift(per, d)}: {', '.join(_fmt(x) for x in vals)}")
                year_ratios.append(min(_ratio(v, x) for x in vals))
        if max_year is not None and year_ratios and not any(math.isnan(q) for q in year_ratios) \
                and min(year_ratios) > max_year:
            why.append(f"{min(year_ratios):.3g} times the nearest value of a neighbouring year (at most {max_year:g})")
        others = [(x, s) for j, x, s in by_period[(ind, per)] if j != idx]
        if max_src is not None and others:
            q = min(_ratio(v, x) for x, _ in others)
            if not math.isnan(q) and q > max_src:
                why.append(f"{q:.3g} times the nearest other source for {per} (at most {max_src:g})")
        if not why:
            continue
        shown = f"{row['value']:g} {row['unit']}" + (f" = {_fmt(v)} {unit}" if row["unit"] != unit else "")
        context = [f"Neighbouring years: {'; '.join(neighbours) or 'none in the data'}"]
        if others:
            context.append(f"Other sources for {per}: " + ", ".join(f"{_fmt(x)} ({s})" for x, s in others))
        problems.append(
            f"{rel}, line {idx + 2}: {ind} {per} = {shown} (source {row['source_id']}) is implausible: "
            f"{'; '.join(why)}. {'. '.join(context)} (all in {unit}). Limits: data/raw/{RULES_FILE}, line "
            f"{rule_line}. If the value is right, accept it with a row in data/raw/{OVERRIDES_FILE}: "
            f"{name},{ind},{per},{row['source_id']},<reason> (then `python -m kzseries.manifest --update`)"
        )
    keys = set(zip(df["indicator"], df["period"], df["source_id"]))
    for i, r in mine.iterrows():
        if (r["indicator"], r["period"], r["source_id"]) not in keys:
            problems.append(
                f"data/raw/{OVERRIDES_FILE}, line {i + 2}: no row of {rel} has indicator {r['indicator']!r}, "
                f"period {r['period']!r} and source_id {r['source_id']!r}; remove or correct the override")
    return problems


def check_rules(rules: pd.DataFrame, std_unit: dict[str, str], rel: str) -> list[str]:
    """Rules that need the catalogue: the unit is the indicator's standard unit; min <= max; ratios >= 1."""
    problems = []
    for i, r in rules.iterrows():
        where = f"{rel}, line {i + 2}"
        want = std_unit.get(r["indicator"])
        if want is not None and r["unit"] != want:
            problems.append(f"{where}, column 'unit': {r['unit']!r} is not the standard unit of "
                            f"{r['indicator']} in indicators.csv ({want!r}); give min and max in {want!r}")
        lo, hi = _num(r["min"]), _num(r["max"])
        if lo is not None and hi is not None and lo > hi:
            problems.append(f"{where}: min {r['min']} is above max {r['max']}")
        for col in ("max_ratio_neighbour_year", "max_ratio_other_source"):
            q = _num(r[col])
            if q is not None and q < 1:
                problems.append(f"{where}, column {col!r}: {r[col]} is below 1; a ratio limit is at least 1")
    return problems

