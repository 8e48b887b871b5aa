"""The claim-checking contract (CLAIMS.md), implemented once for every notebook.

A series notebook decides *what* to measure (which series, which definition,
which years) because that is where the economics is; this module decides *how*
a stated figure is judged against it, so every notebook and the scorecard use
the same verdicts, tolerance rules and output columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

COLUMNS = [
    "claim_id", "series", "indicator", "kind", "stated_value", "qualifier", "unit",
    "measured_value", "measured_period", "measured_source_ids", "deviation_pct", "verdict",
    "explanation", "tolerance_pct", "data_indicator", "document", "published", "speaker", "section",
]

VALUE_VERDICTS = ("consistent", "overstated", "understated")
RECORD_VERDICTS = ("consistent", "not_supported")
TARGET_VERDICTS = ("achieved", "missed", "on_track", "off_track", "pending")
ALL_VERDICTS = tuple(dict.fromkeys(VALUE_VERDICTS + RECORD_VERDICTS + TARGET_VERDICTS + ("unverifiable",)))


class MissingYears(ValueError):
    """A span needed for a sum has years without data."""

    def __init__(self, missing: list[int], start: int, end: int):
        self.missing = missing
        super().__init__(
            f"no data for {', '.join(map(str, missing))} in {start}-{end}; the sum would be incomplete"
        )


# --------------------------------------------------------------- judgement
def deviation_pct(stated: float, measured: float) -> float:
    """(stated - measured) / measured x 100."""
    if measured == 0 or measured is None or stated is None:
        return math.nan
    return (stated - measured) / abs(measured) * 100.0


def compare(stated: float, measured: float, qualifier: str, tolerance_pct: float) -> tuple[str, float]:
    """Verdict for a value statement, honouring its qualifier.

    * exact / about / nearly: consistent within +/- tolerance of the stated value;
    * more_than / at_least: consistent when the measured value reaches the stated
      one (within tolerance); a measured value far above it is still consistent;
    * up_to: the mirror image.
    """
    dev = deviation_pct(stated, measured)
    if math.isnan(dev):
        return "unverifiable", dev
    tol = tolerance_pct
    if qualifier in ("more_than", "at_least"):
        return ("consistent" if dev <= tol else "overstated"), dev
    if qualifier == "up_to":
        return ("consistent" if dev >= -tol else "understated"), dev
    if dev > tol:
        return "overstated", dev
    if dev < -tol:
        return "understated", dev
    return "consistent", dev


# ------------------------------------------------------------ measurements
def cumulative(values: pd.Series, start: int, end: int, allow_missing: bool = False) -> float:
    """Sum of a year-indexed series over ``start..end`` inclusive.

    A year without data makes the sum incomplete: raise :class:`MissingYears`
    unless ``allow_missing`` (then the partial sum is returned; say so!).
    """
    years = list(range(start, end + 1))
    present = values.dropna()
    missing = [y for y in years if y not in present.index]
    if missing and not allow_missing:
        raise MissingYears(missing, start, end)
    return float(present.reindex([y for y in years if y in present.index]).sum())


@dataclass(frozen=True)
class Record:
    year: int
    value: float
    window: tuple[int, int]
    highest_in_window: bool
    rank_all_years: int
    n_years: int
    higher_in_window: tuple[int, ...]
    higher_any_year: tuple[int, ...]


def record(values: pd.Series, year: int, window_years: int | None) -> Record:
    """Is ``year`` the highest in the ``window_years`` ending with it (None = all years)?"""
    s = values.dropna()
    if year not in s.index:
        raise KeyError(f"no value for {year}")
    v = float(s[year])
    lo = s.index.min() if window_years is None else year - window_years + 1
    win = s[(s.index >= lo) & (s.index <= year)]
    higher_win = tuple(int(y) for y in win.index if win[y] > v)
    higher_all = tuple(int(y) for y in s.index if s[y] > v)
    return Record(
        year=year, value=v, window=(int(lo), year), highest_in_window=not higher_win,
        rank_all_years=len(higher_all) + 1, n_years=len(s),
        higher_in_window=higher_win, higher_any_year=higher_all,
    )


@dataclass(frozen=True)
class Progress:
    achieved: float          # cumulative actual so far (or the latest level)
    goal: float
    share_achieved: float    # achieved / goal
    share_elapsed: float     # share of the horizon's years with data
    years_done: int
    years_left: int
    pace_achieved: float     # per year so far
    pace_required: float     # per year still needed (nan when the horizon is over)
    verdict: str


def target_progress(actual: pd.Series, goal: float, start: int, end: int, measure: str,
                    as_of: int | None = None) -> Progress:
    """Progress towards a target over the horizon ``start..end``.

    ``measure`` is ``cumulative`` (a sum over the horizon) or ``level`` (a value
    to reach by ``end``). ``actual`` is year-indexed. Only years up to ``as_of``
    (default: the last year with data) count; partial years must be removed by
    the caller.
    """
    s = actual.dropna()
    s = s[(s.index >= start) & (s.index <= end)]
    if as_of is not None:
        s = s[s.index <= as_of]
    if s.empty:
        return Progress(math.nan, goal, math.nan, 0.0, 0, end - start + 1, math.nan, math.nan, "pending")
    last = int(s.index.max())
    done = last - start + 1
    left = end - last
    total_years = end - start + 1
    if measure == "cumulative":
        missing = [y for y in range(start, last + 1) if y not in s.index]
        if missing:
            raise MissingYears(missing, start, last)
        achieved = float(s.sum())
        pace_achieved = achieved / done
        remaining = goal - achieved
        pace_required = remaining / left if left > 0 else math.nan
    elif measure == "level":
        achieved = float(s[last])
        first = float(actual.dropna().loc[:start - 1].iloc[-1]) if (actual.dropna().index < start).any() else float(s.iloc[0])
        base_year = int(actual.dropna().loc[:start - 1].index[-1]) if (actual.dropna().index < start).any() else int(s.index[0])
        span = last - base_year
        pace_achieved = ((achieved / first) ** (1 / span) - 1) * 100 if span > 0 and first > 0 else math.nan
        pace_required = ((goal / achieved) ** (1 / left) - 1) * 100 if left > 0 and achieved > 0 else math.nan
    else:
        raise ValueError(f"measure must be 'cumulative' or 'level', not {measure!r}")
    if left <= 0:
        verdict = "achieved" if achieved >= goal else "missed"
    elif achieved >= goal:
        verdict = "achieved"
    else:
        verdict = "on_track" if pace_achieved >= pace_required else "off_track"
    return Progress(achieved, goal, achieved / goal, done / total_years, done, max(left, 0),
                    pace_achieved, pace_required, verdict)


# ------------------------------------------------------------------ output
def fmt(x: float) -> str:
    """A number as a reader wants it: 14,692 / 291.5 / 26.96 / 0.2 (four significant digits below 1,000)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def row(claim: Mapping, *, measured: float | None, period: str, sources: Iterable[str],
        verdict: str, explanation: str, tolerance_pct: float, deviation: float | None = None,
        section: str = "") -> dict:
    """One output row in the contract's columns."""
    if verdict not in ALL_VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    stated = float(claim["stated_value"]) if str(claim.get("stated_value", "")).strip() else math.nan
    return {
        "claim_id": claim["claim_id"],
        "series": claim["series"],
        "indicator": claim["indicator"],
        "kind": claim["kind"],
        "stated_value": stated,
        "qualifier": claim.get("qualifier", ""),
        "unit": claim["unit"],
        "measured_value": math.nan if measured is None else float(measured),
        "measured_period": period,
        "measured_source_ids": ";".join(sorted(set(sources))),
        "deviation_pct": math.nan if deviation is None else round(float(deviation), 2),
        "verdict": verdict,
        "explanation": explanation,
        "tolerance_pct": tolerance_pct,
        "data_indicator": claim.get("data_indicator", ""),
        "document": claim.get("document", ""),
        "published": claim.get("published", ""),
        "speaker": claim.get("speaker", ""),
        "section": section,
    }


def value_check(claim: Mapping, *, measured: float, period: str, sources: Iterable[str],
                what: str, tolerance_pct: float, section: str = "", note: str = "") -> dict:
    """A level, change or cumulative claim judged against one measured number.

    ``what`` names the measurement, e.g. "Gross FDI inflows 2019-2024 (NBK)"; the
    explanation reads "<what>: 134.6 USD bn; the stated 130 is 3.4% lower (...)".
    """
    stated = float(claim["stated_value"])
    verdict, dev = compare(stated, measured, claim.get("qualifier", ""), tolerance_pct)
    unit = claim["unit"]
    qual = {"more_than": "more than ", "at_least": "at least ", "about": "about ", "nearly": "nearly ",
            "up_to": "up to "}.get(claim.get("qualifier", ""), "")
    if round(dev, 1) == 0:
        gap = "matches it"
    else:
        gap = f"is {abs(dev):.1f}% {'higher' if dev > 0 else 'lower'}"
    text = (f"{what}: {fmt(measured)} {unit}; the stated {qual}{fmt(stated)} {gap} "
            f"({verdict} at a {tolerance_pct:g}% tolerance).")
    if note:
        text += " " + note
    return row(claim, measured=measured, period=period, sources=sources, verdict=verdict,
               explanation=text, tolerance_pct=tolerance_pct, deviation=dev, section=section)


def unverifiable(claim: Mapping, reason: str, tolerance_pct: float, section: str = "",
                 measured: float | None = None, period: str = "", sources: Iterable[str] = ()) -> dict:
    return row(claim, measured=measured, period=period, sources=sources, verdict="unverifiable",
               explanation=reason, tolerance_pct=tolerance_pct, section=section)


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame in the contract's column order, sorted by claim id."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
