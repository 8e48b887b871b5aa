"""The claim engine: every verdict computed once, from its registry row.

``data/raw/claims.csv`` says everything a check needs (see the README section
"The claims registry"): the measure (series and definition), the end period,
the base period of a change, the window of a sum, record or target, the vintage
rule, the qualifier, the kind, an optional tolerance, and, for a statement that
can be read more than one way, a primary reading and alternative readings (rows
whose ``reading_of`` names the primary). :func:`check_all` turns the registry
and the audit's tidy observations into the contract's rows (CLAIMS.md); the
notebook ``00_verdicts`` runs it once and every other page reads its output.

One rule for every kind: a stated figure is compared with the measured one by
:func:`compare` (qualifier-aware, one relative tolerance), and a target's pace
is compared with the pace needed by the same function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Callable, Iterable, Mapping

import pandas as pd

from . import measures, periods
from .frames import stable_sort

# The arithmetic and the tolerance rule live in kzseries.arith (the series modules share them); the engine's
# callers keep reading them here.
from .arith import (  # noqa: F401
    DEFAULT_TOLERANCE_PCT,
    Change,
    QUALIFIERS,
    TARGET_FORMS,
    MissingYears,
    Progress,
    Record,
    cagr_pct,
    chained,
    compare,
    cumulative,
    deviation_pct,
    record,
    run_tolerance,
    target_progress,
    years_text,
)

COLUMNS = [
    "claim_id", "statement_id", "reading_of", "reading", "series", "indicator", "kind", "stated_value", "qualifier",
    "unit", "measured_value", "measured_period", "measured_source_ids", "evidence", "deviation_pct", "verdict",
    "explanation", "tolerance_pct", "measure", "vintage", "data_indicator", "benchmark_value", "document",
    "published", "speaker", "by_construction",
    # what the known years of an incomplete window already give, what the rest would need, and a lean
    "bound_value", "needed", "lean",
    # the referee's columns (kzseries.referee): as known when said, and how firm the verdict is
    "said_on", "measured_when_said", "verdict_when_said", "when_said_note", "margin_pct", "robust", "flips_if",
]
TARGET_COLUMNS = [
    "target_id", "reading_of", "status", "indicator", "measure", "goal", "unit", "horizon", "form", "stated_by", "stated_on",
    "achieved", "share_achieved", "years_with_data", "pace_achieved", "pace_required", "pace_unit", "verdict",
    "explanation",
]

VALUE_VERDICTS = ("consistent", "overstated", "understated")
RECORD_VERDICTS = ("consistent", "not_supported")
TARGET_VERDICTS = ("achieved", "missed", "on_track", "off_track", "pending")
# A proposal (never adopted) is shown with its gap, never called achieved or missed.
PROPOSAL_VERDICT = "proposal"
ALL_VERDICTS = tuple(dict.fromkeys(VALUE_VERDICTS + RECORD_VERDICTS + TARGET_VERDICTS
                                   + (PROPOSAL_VERDICT, "unverifiable")))
KINDS = ("level", "change", "cumulative", "record", "target", "forecast", "direction")
DIRECTIONS = ("up", "down", "closer")
TARGET_STATUSES = ("adopted", "proposal", "forecast")
QUALIFIER_WORDS = {"exact": "", "about": "about ", "nearly": "nearly ", "more_than": "more than ",
                   "at_least": "at least ", "up_to": "up to "}
TRANSFORMS = ("", "growth_pct", "chained")
# targets.csv names the forms in its own words
TARGET_MEASURE_FORM = {"level": "level", "cumulative": "cumulative", "average_per_year": "average"}


class EngineError(RuntimeError):
    """The engine failed on one row of the registry; the message names it (a bug, or a rule validation misses)."""


def _names_the_row(kind: str, id_field: str) -> Callable:
    """On an unexpected error, find the claim or target it comes from (by running the rows one at a time)
    and say so: a bare ZeroDivisionError from a loop over 160 rows tells a curator nothing."""
    import functools

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(rows, *args, **kw):
            rows = rows if isinstance(rows, pd.DataFrame) else list(rows)
            try:
                return fn(rows, *args, **kw)
            except (MissingYears, EngineError):
                raise
            except Exception as e:  # noqa: BLE001 - re-raised with the row named
                singles = ([rows.iloc[[i]] for i in range(len(rows))] if isinstance(rows, pd.DataFrame)
                           else [[r] for r in rows])
                for one in singles:
                    try:
                        fn(one, *args, **kw)
                    except Exception as e1:  # noqa: BLE001
                        rid = one[id_field].iloc[0] if isinstance(one, pd.DataFrame) else getattr(one[0], id_field)
                        raise EngineError(f"{kind} {rid}: the claim engine failed: {type(e1).__name__}: {e1}") from e1
                raise EngineError(f"{kind}s: the claim engine failed: {type(e).__name__}: {e}") from e
        return run
    return wrap


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class Claim:
    """One registry row, typed. Text columns are '' when blank; numbers are floats or None."""

    claim_id: str
    series: str
    indicator: str
    kind: str
    unit: str
    stated_value: float | None = None
    qualifier: str = "exact"
    measure: str = ""
    data_indicator: str = ""
    base_period: str = ""
    period_start: str = ""
    period_end: str = ""
    vintage: str = ""
    transform: str = ""
    target_form: str = ""
    tolerance_pct: float | None = None
    check: str = ""
    reading_of: str = ""
    reading: str = ""
    reading_reason: str = ""
    statement: str = ""
    curation_note: str = ""
    verifiable_with: str = ""
    document: str = ""
    document_title: str = ""
    published: str = ""
    speaker: str = ""
    said_on: str = ""               # the date it was said, where the document prints none ('' = published)
    statement_id: str = ""          # the sentence this check belongs to ('' = its own id, or its primary's)
    by_construction: str = ""       # why the check holds by construction ('' = it does not)
    direction: str = ""             # kind direction: up, down or closer (to reference_value)
    reference_value: float | None = None  # kind direction, 'closer': the comparison (context, not a stated figure)
    target_status: str = ""         # kind target: adopted (default), proposal or forecast

    @property
    def is_primary(self) -> bool:
        return not self.reading_of

    @classmethod
    def from_row(cls, row: Mapping) -> "Claim":
        names = {f.name for f in fields(cls)}
        kw = {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) else v)
              for k, v in row.items() if k in names}
        for num in ("stated_value", "tolerance_pct", "reference_value"):
            kw[num] = float(kw[num]) if str(kw.get(num, "")).strip() else None
        kw["qualifier"] = kw.get("qualifier") or "exact"
        return cls(**kw)

    def with_view(self, **changes) -> "Claim":
        """The same statement under other choices (a student's "what if"); never written as a verdict."""
        return replace(self, **changes)


def load_registry(df: pd.DataFrame) -> list[Claim]:
    """Typed claims from the validated registry frame (``data.load("claims.csv")``)."""
    return [Claim.from_row(r) for r in df.to_dict("records")]


# --------------------------------------------------------------- judgement
# ------------------------------------------------------------------ output
def fmt(x: float | None) -> str:
    """A number as a reader wants it: 14,692 / 291.5 / 26.96 / 0.2 (four significant digits below 1,000)."""
    from .text import num

    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else num(x)


def _gap_words(dev: float) -> str:
    if round(dev, 1) == 0:
        return "matches it"
    return f"is {abs(dev):.1f}% {'higher' if dev > 0 else 'lower'}"


def _ids(cells: Iterable[str]) -> str:
    return ";".join(sorted({x for c in cells for x in str(c).split(";") if x}))


@dataclass(frozen=True)
class Result:
    verdict: str
    explanation: str
    measured: float | None = None
    period: str = ""
    sources: str = ""
    deviation: float | None = None
    benchmark: float | None = None
    # How firm: the number set against the tolerance (a deviation or a target's pace gap) and how it is read
    # ("two_sided", "at_least", "up_to"), or for records and directions the margin itself, in points.
    gauge: float | None = None
    gauge_rule: str = ""
    bound: float | None = None      # an incomplete window: what the known years already give
    needed: str = ""                # ... what the missing years would need, in words
    lean: str = ""                  # ... and the qualified lean ("likely overstated"), never the verdict


def _row(c: Claim, r: Result, tol: float, vintage: str) -> dict:
    if r.verdict not in ALL_VERDICTS:
        raise ValueError(f"unknown verdict {r.verdict!r}")
    note = f" Reading: {c.reading}." if c.reading and not c.reading_of else ""
    row = {
        "claim_id": c.claim_id, "statement_id": c.statement_id or c.reading_of or c.claim_id,
        "reading_of": c.reading_of, "reading": c.reading, "series": c.series,
        "indicator": c.indicator, "kind": c.kind,
        "stated_value": math.nan if c.stated_value is None else c.stated_value, "qualifier": c.qualifier,
        "unit": c.unit, "measured_value": math.nan if r.measured is None else float(r.measured),
        "measured_period": r.period, "measured_source_ids": r.sources,
        "deviation_pct": math.nan if r.deviation is None or math.isnan(r.deviation) else round(float(r.deviation), 2),
        "verdict": r.verdict, "explanation": r.explanation + note, "tolerance_pct": tol, "measure": c.measure,
        "vintage": vintage, "data_indicator": c.data_indicator,
        "benchmark_value": math.nan if r.benchmark is None else float(r.benchmark),
        "document": c.document, "published": c.published, "speaker": c.speaker,
        "by_construction": c.by_construction, "evidence": "",
        "bound_value": math.nan if r.bound is None else float(r.bound), "needed": r.needed, "lean": r.lean,
        "said_on": c.said_on or c.published, "measured_when_said": math.nan, "verdict_when_said": "", "when_said_note": "",
        "margin_pct": margin_pct(r, tol, c.qualifier), "robust": "", "flips_if": "",
    }
    return {k: row[k] for k in COLUMNS}


def margin_pct(r: Result, tol: float, qualifier: str) -> float:
    """Distance of a verdict from the nearest tolerance edge, in percentage points (NaN: nothing to measure).

    A value verdict: how far the deviation lies from the edge(s) that the qualifier uses; a target: how far
    the pace gap lies from the tolerance; a record or a direction: the margin the check itself reports.
    """
    g = r.gauge if r.gauge is not None else r.deviation
    if g is None or math.isnan(g) or r.verdict in ("unverifiable", "pending", PROPOSAL_VERDICT):
        return math.nan
    rule = r.gauge_rule or gauge_rule(qualifier)
    if rule == "margin":
        return round(abs(g), 2)
    if rule == "upper":
        return round(abs(tol - g), 2)
    if rule == "lower":
        return round(abs(g + tol), 2)
    if rule == "two_sided":
        return round(min(abs(tol - g), abs(g + tol)), 2)
    raise ValueError(f"unknown gauge rule {rule!r}")


def gauge_rule(qualifier: str) -> str:
    """Which tolerance edges a qualifier uses: "more than" only the upper one, "up to" the lower, else both."""
    return {"more_than": "upper", "at_least": "upper", "up_to": "lower"}.get(qualifier, "two_sided")


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame in the contract's column order, sorted by claim id."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    return stable_sort(df, "claim_id").reset_index(drop=True)


# ------------------------------------------------------------------ checks
class Context:
    """What a check sees: the tidy observations, with measure frames built once."""

    def __init__(self, observations: pd.DataFrame):
        self.measures = measures
        self.obs = observations
        self._cache: dict[tuple[str, str], pd.DataFrame] = {}

    def frame(self, measure_id: str, vintage: str = "") -> pd.DataFrame:
        m = self.measures.get(measure_id)
        key = (measure_id, vintage or m.vintages[0])
        if key not in self._cache:
            self._cache[key] = m.frame(self.obs, key[1])
        return self._cache[key]


def _annual(frame_: pd.DataFrame, transform: str = "") -> tuple[pd.Series, pd.Series]:
    """Year-indexed actual values and their source ids (annual periods only), optionally transformed."""
    a = frame_[(frame_["status"] == "actual") & frame_["period"].astype(str).str.fullmatch(r"\d{4}")]
    values = pd.Series(a["value"].to_numpy(dtype=float), index=a["year"].astype(int).to_numpy())
    ids = pd.Series(a["source_ids"].to_numpy(), index=values.index)
    if transform == "growth_pct":
        prev = values.reindex(values.index - 1).to_numpy()
        values = pd.Series((values.to_numpy() / prev - 1) * 100, index=values.index).dropna()
        ids = pd.Series([_ids([ids[y], ids[y - 1]]) for y in values.index], index=values.index)  # both years have data
    elif transform:
        raise ValueError(f"unknown transform {transform!r}")
    return values, ids


def _year(period: str) -> int:
    return periods.parse(period).year


# compare() says consistent, overstated, understated or unverifiable: one word each, shown as it is.
def _value_result(c: Claim, measured: float, period: str, sources: str, what: str, tol: float,
                  note: str = "") -> Result:
    verdict, dev = compare(c.stated_value, measured, c.qualifier, tol)
    text = (f"{what}: {fmt(measured)} {c.unit}; the stated {QUALIFIER_WORDS[c.qualifier]}{fmt(c.stated_value)} "
            f"{_gap_words(dev)} ({verdict} at a {tol:g}% tolerance).")
    return Result(verdict, text + (" " + note if note else ""), measured, period, sources, dev)


def check_level(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    actual = f[f["status"] == "actual"]
    if c.transform:
        values, ids = _annual(f, c.transform)
        key = _year(c.period_end)
        if key not in values.index:
            return Result("unverifiable", f"The {m.label} has no value for {c.period_end}.")
        return _value_result(c, values[key], c.period_end, ids[key], f"The {m.label}, {c.transform}", tol)
    hit = actual[actual["period"] == c.period_end]
    if len(hit):
        r = hit.iloc[0]
        return _value_result(c, float(r["value"]), c.period_end, r["source_ids"], f"The {m.label} for {c.period_end}",
                             tol)
    if m.monotone and periods.parse(c.period_end).kind == "day":
        return _bracket(c, actual, tol, m)
    have = actual["period"].tolist()
    span = f" (it has {have[0]} to {have[-1]})" if have else " (it has no values)"
    return Result("unverifiable", f"The {m.label} has no value for {c.period_end}{span}.")


def _bracket(c: Claim, actual: pd.DataFrame, tol: float, m: measures.Measure) -> Result:
    when = c.period_end
    dated = actual[actual["period"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    before = dated[dated["period"] <= when].sort_values(["period", "value"])
    after = dated[dated["period"] > when].sort_values(["period", "value"])
    if before.empty or after.empty:
        return Result("unverifiable", f"The {m.label} has no observation on both sides of {when}.")
    lo, hi = before.iloc[-1], after.iloc[0]
    v_lo, dev = compare(c.stated_value, float(lo["value"]), c.qualifier, tol)
    v_hi, _ = compare(c.stated_value, float(hi["value"]), c.qualifier, tol)
    span = (f"The {m.label} is not observed on {when}; it only rises, so it lay between {fmt(lo['value'])} "
            f"({lo['period']}) and {fmt(hi['value'])} ({hi['period']}) {c.unit}.")
    ids = _ids([lo["source_ids"], hi["source_ids"]])
    period = f"{lo['period']}/{hi['period']}"
    if v_lo != v_hi:
        return Result("unverifiable", f"{span} At the lower end the stated figure would be {v_lo}, "
                                      f"at the upper end {v_hi}, so the data cannot settle it.",
                      None, period, ids)
    return Result(v_lo, f"{span} Every value in that range gives the same verdict ({v_lo} at a "
                        f"{tol:g}% tolerance; against the lower end the stated figure {_gap_words(dev)}).",
                  float(lo["value"]), period, ids, dev)


def check_change(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    if c.transform == "chained":
        return _chained_change(c, tol, m, f)
    if c.transform:
        values, ids = _annual(f, c.transform)
        points = {p: (values.get(_year(p)), ids.get(_year(p))) for p in (c.base_period, c.period_end)}
    else:
        actual = f[f["status"] == "actual"].set_index("period")
        points = {p: ((float(actual.loc[p, "value"]), actual.loc[p, "source_ids"]) if p in actual.index
                      else (None, None)) for p in (c.base_period, c.period_end)}
    b, e = c.base_period, c.period_end
    missing = [p for p, (v, _) in points.items() if v is None or math.isnan(v)]
    if missing:
        return Result("unverifiable", f"The {m.label} has no value for {' or '.join(missing)}, so the change "
                                      f"{b} to {e} cannot be measured.", period=f"{b}/{e}")
    (vb, ib), (ve, ie) = points[b], points[e]
    form = change_form(c.unit)
    d = Change(_year(b), _year(e), vb, ve)  # the pages' arithmetic too (kzseries.arith)
    # points (pp) and an absolute change are both the difference
    measured = {"percent": d.pct, "multiple": d.multiple, "average": d.cagr_pct}.get(form, d.absolute)
    words = {"percent": "change in %", "multiple": "multiple", "points": "change in points",
             "average": "average growth in % a year"}.get(form, "change")
    what = f"The {m.label}, {words} from {b} ({fmt(vb)}) to {e} ({fmt(ve)})"
    return _value_result(c, measured, f"{b}/{e}", _ids([ib, ie]), what, tol)


def _chained_change(c: Claim, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    """A real change over several years, from the yearly growth rates of a volume index (BNS publishes the links,
    not a level): the links of base+1..end multiplied."""
    growth, ids = _annual(f)
    b, e = _year(c.base_period), _year(c.period_end)
    try:
        index = chained(growth, b, e)
    except MissingYears as err:
        return Result("unverifiable", f"The {m.label} has no value for {years_text(err.missing)}, so the change "
                                      f"{b} to {e} cannot be chained.", period=f"{b}/{e}")
    form = change_form(c.unit)
    if form not in ("percent", "multiple", "average"):
        raise ValueError(f"claim {c.claim_id}: a chained change is stated in %, % a year or x, not {c.unit!r}")
    measured = {"percent": (index - 1) * 100, "multiple": index, "average": cagr_pct(1.0, index, e - b)}[form]
    links = ", ".join(f"{y} {growth[y]:+.1f}%" for y in range(b + 1, e + 1))
    what = (f"The {m.label}, chained from {b} to {e} ({links}): "
            + {"percent": "change in %", "multiple": "multiple", "average": "average growth in % a year"}[form])
    return _value_result(c, measured, f"{b}/{e}", _ids(ids[y] for y in range(b + 1, e + 1)), what, tol)


def change_form(unit: str) -> str:
    """How a change is expressed, from the claim's unit: % -> percent, x -> multiple, pp -> points, % a year ->
    average (compound) growth a year, else absolute."""
    return {"%": "percent", "x": "multiple", "pp": "points", "% a year": "average"}.get(unit, "absolute")


def check_cumulative(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    values, ids = _annual(f, c.transform)
    a, b = _year(c.period_start), _year(c.period_end)
    partial = cumulative(values, a, b, allow_missing=True)
    inside = [y for y in range(a, b + 1) if y in values.index]
    try:
        total = cumulative(values, a, b)
    except MissingYears as e:
        return Result("unverifiable", f"The {m.label} has no value for {years_text(e.missing)}, so it cannot be "
                                      f"summed over {a}-{b} (the {len(inside)} years with data sum to "
                                      f"{fmt(partial)} {c.unit}).", None, f"{a}-{b}",
                      _ids(ids[y] for y in inside), **incomplete_window(c, ctx, m, values, a, b, tol))
    return _value_result(c, total, f"{a}-{b}", _ids(ids[y] for y in inside), f"The {m.label} summed over {a}-{b}",
                         tol)


def check_record(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    values, ids = _annual(f, c.transform)
    year = _year(c.period_end)
    first = _year(c.period_start) if c.period_start else None
    what = m.label + (" (growth on the year before, %)" if c.transform == "growth_pct" else "")
    if year not in values.index:
        return Result("unverifiable", f"The {what} has no value for {year}, so a record cannot be tested.")
    r = record(values, year, first)
    lo, hi = r.window
    win_ids = _ids(ids[y] for y in values.index if lo <= y <= hi)
    period = f"{lo}-{hi}"
    rank = (f" Over all {r.n_years} years with data up to {year} it ranks {r.rank_all_years}." if r.n_years > 1
            else f" It is the only year with data up to {year}.")
    if not r.highest_in_window:
        higher = ", ".join(f"{y} ({fmt(values[y])})" for y in r.higher_in_window)
        top = max(values[y] for y in r.higher_in_window)
        return Result("not_supported", f"On the {what}, {year} ({fmt(r.value)}) is not the highest of {period}: "
                                       f"higher in {higher}.{rank}", r.value, period, win_ids,
                      gauge=_rel_gap(top, r.value), gauge_rule="margin")
    if r.missing_in_window:
        return Result("unverifiable", f"On the {what}, {year} ({fmt(r.value)}) is the highest of the years with "
                                      f"data in {period}, but {years_text(r.missing_in_window)} have no value, so "
                                      f"the record cannot be confirmed.{rank}", r.value, period, win_ids)
    tie = f" (equal with {years_text(r.tied_with)})" if r.tied_with else ""
    others = values[(values.index >= lo) & (values.index < year)]
    nxt = f"; the next highest is {others.idxmax()} ({fmt(others.max())})" if len(others) else ""
    return Result("consistent", f"On the {what}, {year} ({fmt(r.value)}) is the highest of {period}{tie}{nxt}."
                                f"{rank}", r.value, period, win_ids,
                  gauge=_rel_gap(r.value, others.max()) if len(others) else None, gauge_rule="margin")


def _rel_gap(a: float, b: float) -> float:
    """How far a lies above b, in % of b (a record's lead over the next year, or a rival's over it)."""
    return (a - b) / abs(b) * 100 if b else math.nan


def check_target(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    values, ids = _annual(f, c.transform)
    a, b = _year(c.period_start), _year(c.period_end)
    form = c.target_form or "level"
    try:
        p = target_progress(values, c.stated_value, a, b, form, c.qualifier, tol)
    except MissingYears as e:
        return Result("unverifiable", f"The {m.label} has no value for {years_text(e.missing)}, so progress over "
                                      f"{a}-{b} cannot be summed.", None, f"{a}-{b}",
                      **incomplete_window(c, ctx, m, values, a, b, tol, target=True))
    return _target_result(c.stated_value, c.unit, m, p, a, b, form, tol, ids, later=bool((values.index > b).any()))


def incomplete_window(c: Claim, ctx: Context, m: measures.Measure, values: pd.Series, a: int, b: int, tol: float,
                      target: bool = False) -> dict:
    """A sum whose window lacks years: the bound the known years give, what the rest would need, and a lean.

    The known years of a non-negative series are a lower bound. Each missing year is given the range the
    known years span: of the measure itself, or, where the measure declares a comparable quantity with values
    in the missing years (gross inflow for its manufacturing part), of the share of that quantity. The
    statement is judged at both ends of the range; where the two agree, that verdict is the lean, worded as a
    lean ("likely overstated", "probably missed") and never the verdict.
    """
    years = range(a, b + 1)
    known = [y for y in years if y in values.index]
    missing = [y for y in years if y not in values.index]
    if not known or not missing or c.stated_value is None or (values[known] < 0).any():
        return {}
    partial = float(values[known].sum())
    need = c.stated_value - partial
    per_year = f"{fmt(need / len(missing))} {c.unit} a year" if need > 0 else "nothing"
    low, high = float(values[known].min()), float(values[known].max())
    lo_each, hi_each = [low] * len(missing), [high] * len(missing)
    versus = (f", against {fmt(low)}–{fmt(high)} in the years with data" if low != high
              else f", against {fmt(low)} in each year with data")
    comp = ctx.measures.get(m.comparable) if m.comparable else None
    if comp is not None:
        cv, _ = _annual(ctx.frame(comp.id))
        pairs = [y for y in known if y in cv.index and cv[y] > 0]
        if pairs and all(y in cv.index for y in missing):
            shares = [values[y] / cv[y] for y in pairs]
            base = float(sum(cv[y] for y in missing))
            lo_each = [min(shares) * cv[y] for y in missing]
            hi_each = [max(shares) * cv[y] for y in missing]
            versus = (f": {max(need, 0) / base:.0%} of the {comp.label} in those years ({fmt(base)} {c.unit}), "
                      f"against {min(shares):.0%}–{max(shares):.0%} of it in the years with data")
    lo, hi = partial + sum(lo_each), partial + sum(hi_each)
    needed = (f"The years with data ({years_text(known)}) already give {fmt(partial)} {c.unit}; the statement "
              f"needs {fmt(max(need, 0))} more from {years_text(missing)} ({per_year}){versus}.")
    if target:
        reached = [compare(c.stated_value, x, c.qualifier, tol)[0] in ("consistent", "understated") for x in (lo, hi)]
        lean = "probably achieved" if all(reached) else "probably missed" if not any(reached) else ""
    else:
        ends = {compare(c.stated_value, x, c.qualifier, tol)[0] for x in (lo, hi)}
        lean = f"likely {ends.pop()}" if len(ends) == 1 else ""
    return {"bound": partial, "needed": needed, "lean": lean}


def _target_result(goal: float, unit: str, m: measures.Measure, p: Progress, a: int, b: int, form: str, tol: float,
                   ids: pd.Series, later: bool) -> Result:
    if p.verdict == "pending" and later:  # later years have data: the horizon's years are a gap, not a wait
        return Result("unverifiable", f"The {m.label} has no value for {a}-{b}, although later years have data, so "
                                      "progress cannot be measured.", None, f"{a}-{b}")
    if p.verdict == "pending":
        return Result("pending", f"No value of the {m.label} for {a}-{b} yet.", None, f"{a}-{b}")
    years = range(a if form != "level" else (p.last_year or a), (p.last_year or a) + 1)
    src = _ids(ids.get(y, "") for y in years)
    what = {"cumulative": f"The {m.label} summed over {a}-{p.last_year} is {fmt(p.achieved)} {unit} "
                          f"({p.achieved / goal:.0%} of {fmt(goal)})",
            "average": f"The {m.label} averaged {fmt(p.achieved)} {unit} over {a}-{p.last_year} (goal: an "
                       f"average of {fmt(goal)} over {a}-{b})",
            "level": f"The {m.label} in {p.last_year} is {fmt(p.achieved)} {unit} (goal {fmt(goal)} by {b})"}[form]
    pace_unit = {"cumulative": f"{unit} a year", "average": unit}.get(form, "% a year")
    if p.verdict in ("achieved", "missed"):
        when = " before the end of the horizon" if p.years_left > 0 else ""
        text = f"{what}: goal {p.verdict}{when} ({tol:g}% tolerance)."
        # read by the claim's qualifier (margin_pct), like any stated figure
        return Result(p.verdict, text, p.achieved, f"{a}-{p.last_year}", src, gauge=deviation_pct(goal, p.achieved))
    else:
        so_far = (f"the pace so far is {fmt(p.pace_achieved)} {pace_unit}" if not math.isnan(p.pace_achieved)
                  else "the pace so far cannot be measured")
        needed = (f"{fmt(p.pace_required)} {pace_unit} is needed" if not math.isnan(p.pace_required)
                  else "the pace needed cannot be measured")
        gap = ("" if math.isnan(p.pace_deviation)
               else f", {abs(p.pace_deviation):.1f}% {'more' if p.pace_deviation > 0 else 'less'}")
        text = (f"{what}; {so_far} and {needed} over the remaining {p.years_left} years{gap} "
                f"({p.verdict.replace('_', ' ')} at a {tol:g}% tolerance).")
    return Result(p.verdict, text, p.achieved, f"{a}-{p.last_year}", src, gauge=p.pace_deviation, gauge_rule="upper")


def check_forecast(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    """Pending until every outcome year is published; never a deviation before that."""
    a, b = _year(c.period_start or c.period_end), _year(c.period_end)
    years = list(range(a, b + 1))
    actual = f[(f["status"] == "actual") & f["year"].isin(years) & f["period"].str.fullmatch(r"\d{4}")]
    proj = f[(f["status"] == "projection") & f["year"].isin(years) & f["period"].str.fullmatch(r"\d{4}")]
    if len(actual) == len(years):
        measured = float(actual["value"].mean())
        return _value_result(c, measured, f"{a}-{b}", _ids(actual["source_ids"]),
                             f"The {m.label}, average over {a}-{b}", tol)
    bench = float(proj["value"].mean()) if len(proj) == len(years) else None
    have = f"; outcomes so far: {years_text(actual['year'])}" if len(actual) else ""
    text = f"A forecast for {a}-{b}: pending until the outcomes are published{have}."
    if bench is not None:
        text += f" Meanwhile the latest projection in the data ({m.label}) averages {fmt(bench)} {c.unit}."
    return Result("pending", text, None, f"{a}-{b}", _ids(proj["source_ids"]), None, bench)


def check_direction(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    """"Rose", "fell", "moved closer to X": the sign and size of the change from the base to the end period.

    X (``reference_value``) is context: the statement says the country moved towards it, not that it got
    there, so it is never compared as a stated figure.
    """
    values, ids = _annual(f, c.transform)
    b, e = _year(c.base_period), _year(c.period_end)
    missing = [str(y) for y in (b, e) if y not in values.index]
    if missing:
        return Result("unverifiable", f"The {m.label} has no value for {' or '.join(missing)}, so its direction "
                                      f"{b} to {e} cannot be measured.", period=f"{b}/{e}")
    vb, ve = float(values[b]), float(values[e])
    src = _ids([ids[b], ids[e]])
    if c.direction == "closer":
        ref = c.reference_value
        closed = (abs(ref - vb) - abs(ref - ve)) / abs(ref) * 100  # points of X by which the gap narrowed
        verdict = "consistent" if closed > 0 else "not_supported"
        text = (f"The {m.label} went from {fmt(vb)} in {b} ({vb / ref:.0%} of {fmt(ref)}) to {fmt(ve)} in {e} "
                f"({ve / ref:.0%} of it): the gap to {fmt(ref)} {'narrowed' if closed > 0 else 'did not narrow'} "
                f"({abs(closed):.1f} points of it), so the statement that it moved closer is "
                f"{verdict.replace('_', ' ')}. {fmt(ref)} is the statement's comparison, not a figure it states.")
        return Result(verdict, text, ve, f"{b}/{e}", src, benchmark=ref, gauge=closed, gauge_rule="margin")
    change = (ve / vb - 1) * 100
    went = "up" if change > 0 else "down" if change < 0 else "flat"
    verdict = "consistent" if went == c.direction else "not_supported"
    moved = (f"went {went} from {fmt(vb)} in {b} to {fmt(ve)} in {e} ({change:+.1f}%)" if went != "flat"
             else f"was {fmt(vb)} in both {b} and {e}")
    text = f"The {m.label} {moved}, so the statement that it went {c.direction} is {verdict.replace('_', ' ')}."
    return Result(verdict, text, ve, f"{b}/{e}", src, gauge=change, gauge_rule="margin")


def proposal_result(r: Result, goal: float, unit: str, m: measures.Measure) -> Result:
    """A proposal (never adopted) keeps its gap and loses the words achieved or missed."""
    if r.measured is None or math.isnan(r.measured):
        return Result(PROPOSAL_VERDICT, f"A proposal, not an adopted goal; no value of the {m.label} in its "
                                        f"horizon yet.", None, r.period, r.sources)
    gap = deviation_pct(goal, r.measured)
    a, _, b = r.period.partition("-")
    when = a if a == b else r.period
    return Result(PROPOSAL_VERDICT, f"A proposal, not an adopted goal, so it is neither achieved nor missed: the "
                                    f"{m.label} is {fmt(r.measured)} {unit} ({when}), and the proposal of "
                                    f"{fmt(goal)} is {_gap_words(gap).removeprefix('is ')} than that.",
                  r.measured, r.period, r.sources, gap)


KIND_CHECKS: dict[str, Callable] = {"level": check_level, "change": check_change, "cumulative": check_cumulative,
                                    "record": check_record, "target": check_target, "forecast": check_forecast,
                                    "direction": check_direction}

# Checks for statements no kind describes. Each must say in its docstring why it is special.
CUSTOM_CHECKS: dict[str, Callable] = {}


def custom_check(name: str):
    def wrap(fn):
        if not (fn.__doc__ or "").strip():
            raise ValueError(f"custom check {name} needs a docstring saying why it is special")
        CUSTOM_CHECKS[name] = fn
        return fn
    return wrap


@custom_check("official_running_total")
def _official_running_total(c: Claim, ctx: Context, tol: float, m: measures.Measure, f: pd.DataFrame) -> Result:
    """A running total "since independence" cannot be rebuilt from annual data, which start years later;
    it can only be set against another official running total to the same date, and the annual coverage
    of the span is reported beside it."""
    end = c.period_end
    latest = f[f["period"].str.split("/").str[-1] <= end].tail(1) if len(f) else f
    annual, _ = _annual(ctx.frame("fdi_gross_nbk"))
    a, b = _year(c.period_start), _year(end)
    covered = [y for y in range(a, b + 1) if y in annual.index]
    cover = f"The annual data cover {len(covered)} of the {b - a + 1} years {a}-{b}" + (
        f" ({years_text(covered)})." if covered else ".")
    if latest.empty:
        return Result("unverifiable", f"No official running total up to {end} is in the data. {cover}")
    r = latest.iloc[0]
    res = _value_result(c, float(r["value"]), r["period"], r["source_ids"],
                        f"The {m.label} to {r['period'].split('/')[-1]}", tol,
                        note=f"This is consistent with an official total only; it is not rebuildable from annual "
                             f"data. {cover}")
    return res


def check(c: Claim, ctx: Context, default_tolerance: float = DEFAULT_TOLERANCE_PCT) -> dict:
    """The contract's row for one claim."""
    tol = default_tolerance if c.tolerance_pct is None else c.tolerance_pct
    if not c.measure:
        reason = c.curation_note or "no measured series of the same definition is in the data"
        what = f" It could be checked with: {c.verifiable_with}." if c.verifiable_with else ""
        return _row(c, Result("unverifiable", f"Not checkable with these data: {reason.rstrip('.')}.{what}"), tol, "")
    m = ctx.measures.get(c.measure)
    vintage = c.vintage or m.vintages[0]
    f = ctx.frame(c.measure, vintage)
    fn = CUSTOM_CHECKS[c.check] if c.check else KIND_CHECKS[c.kind]
    if c.stated_value is None and c.kind not in ("record", "direction"):
        return _row(c, Result("unverifiable", "The statement gives no figure to compare."), tol, vintage)
    r = fn(c, ctx, tol, m, f)
    if c.kind == "target" and c.target_status == "proposal":
        r = proposal_result(r, c.stated_value, c.unit, m)
    return _row(c, r, tol, vintage)


@_names_the_row("claim", "claim_id")
def check_all(claims: Iterable[Claim], observations: pd.DataFrame,
              tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> pd.DataFrame:
    """Every claim's verdict row, sorted by claim id."""
    ctx = Context(observations)
    return frame([check(c, ctx, tolerance_pct) for c in claims])


# ----------------------------------------------------------------- targets
@_names_the_row("target", "target_id")
def targets_progress(targets: pd.DataFrame, observations: pd.DataFrame,
                     tolerance_pct: float = DEFAULT_TOLERANCE_PCT, first_end_year: int = 2024) -> pd.DataFrame:
    """Progress of official targets and plans whose horizon ends in ``first_end_year`` or later.

    Uses the same measures and the same :func:`target_progress` as the claims, so
    a target that is also a claim gets the same verdict in both tables. Targets on
    an indicator without a measure, or in another unit than the measure, are left
    out (they are listed in the audit).
    """
    ctx = Context(observations)
    units = observations.drop_duplicates("indicator").set_index("indicator")["unit_std"]
    rows = []
    for t in targets.to_dict("records"):
        start, end = int(str(t["horizon_start"])[:4]), int(str(t["horizon_end"])[:4])
        mid = t.get("measure_id") or ctx.measures.DEFAULT_FOR_INDICATOR.get(t["indicator"], "")
        form = TARGET_MEASURE_FORM.get(t["measure"], "")
        if end < first_end_year or t["kind"] == "forecast" or not mid or not form \
                or t["unit"] != units.get(t["indicator"], t["unit"]):
            continue
        m = ctx.measures.get(mid)
        values, ids = _annual(ctx.frame(mid))
        goal = float(t["target_value"])
        status = t.get("status") or "adopted"
        base = {"target_id": t["target_id"], "reading_of": t.get("reading_of", ""), "status": status,
                "indicator": t["indicator"],
                "measure": mid, "goal": goal, "unit": t["unit"], "horizon": f"{start}-{end}", "form": form,
                "stated_by": t["stated_by"], "stated_on": t["stated_on"]}
        try:
            p = target_progress(values, goal, start, end, form, "exact", tolerance_pct)
        except MissingYears as e:
            rows.append({**base, "verdict": "unverifiable", "explanation": f"The {m.label} has no value for "
                         f"{years_text(e.missing)}, so progress over {start}-{end} cannot be summed."})
            continue
        res = _target_result(goal, t["unit"], m, p, start, end, form, tolerance_pct, ids,
                             later=bool((values.index > end).any()))
        if status == "proposal":
            res = proposal_result(res, goal, t["unit"], m)
        rows.append({**base, "achieved": p.achieved, "share_achieved": p.achieved / goal,
                     "years_with_data": p.years_done, "pace_achieved": p.pace_achieved,
                     "pace_required": p.pace_required,
                     "pace_unit": {"cumulative": f"{t['unit']} a year", "average": t["unit"]}.get(form, "% a year"),
                     "verdict": res.verdict, "explanation": res.explanation})
    df = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    return stable_sort(df, "target_id").reset_index(drop=True)
