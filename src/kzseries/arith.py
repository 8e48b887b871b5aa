"""The engine's arithmetic and its one rule for a stated figure against a measured one.

Pure functions of numbers and year-indexed series, shared by the claim engine (:mod:`kzseries.claims`) and the
series modules that build on the same rules (a window sum, a record, a target's pace): one convention for a
missing year (:class:`MissingYears`), one tolerance rule (:func:`compare`). Nothing here reads a file or knows a
claim, so everything above it can import it without a cycle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from .text import years as _runs

DEFAULT_TOLERANCE_PCT = 5.0
QUALIFIERS = ("exact", "about", "nearly", "more_than", "at_least", "up_to")
TARGET_FORMS = ("level", "cumulative", "average")


def years_text(years: Iterable[int]) -> str:
    """2007–2012, 2015: consecutive years as runs (the one vocabulary of kzseries.text)."""
    return _runs(years)


class MissingYears(ValueError):
    """A span needed for a sum has years without data."""

    def __init__(self, missing: list[int], start: int, end: int):
        self.missing = list(missing)
        super().__init__(f"no data for {years_text(missing)} in {start}-{end}; the sum would be incomplete")


def deviation_pct(stated: float, measured: float) -> float:
    """(stated - measured) / |measured| x 100; NaN when the measured value is zero or missing."""
    if stated is None or measured is None or math.isnan(stated) or math.isnan(measured) or measured == 0:
        return math.nan
    return (stated - measured) / abs(measured) * 100.0


def compare(stated: float, measured: float, qualifier: str, tolerance_pct: float) -> tuple[str, float]:
    """Verdict for a stated figure against a measured one, and the deviation in %.

    * ``exact``, ``about``, ``nearly``: consistent when the deviation lies within
      +/- tolerance (inclusive); ``nearly`` is read as "about": a speaker who
      rounds 49.4 to "nearly 50" and one who rounds 50.4 to it are both honest;
    * ``more_than``, ``at_least``: consistent when the measured value reaches the
      stated one within tolerance; any amount above is still consistent;
    * ``up_to``: the mirror image.

    The deviation is rounded to 9 decimals before the comparison so that a value
    exactly at the tolerance edge is judged the same on every machine.
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")
    dev = deviation_pct(stated, measured)
    if math.isnan(dev):
        return "unverifiable", dev
    d = round(dev, 9)
    if qualifier in ("more_than", "at_least"):
        return ("consistent" if d <= tolerance_pct else "overstated"), dev
    if qualifier == "up_to":
        return ("consistent" if d >= -tolerance_pct else "understated"), dev
    if d > tolerance_pct:
        return "overstated", dev
    if d < -tolerance_pct:
        return "understated", dev
    return "consistent", dev


def chained(growth_pct: pd.Series, base: int, end: int) -> float:
    """Index of ``end`` with ``base`` = 1, chained from year-on-year growth rates in % (a volume index's links).

    Every link ``base+1 .. end`` is needed: a chain across a missing year is not a chain (:class:`MissingYears`).
    """
    present = growth_pct.dropna()
    missing = [y for y in range(base + 1, end + 1) if y not in present.index]
    if missing:
        raise MissingYears(missing, base + 1, end)
    return float(math.prod(1 + present[y] / 100 for y in range(base + 1, end + 1)))


@dataclass(frozen=True)
class Change:
    """A change between two years of one series, in every form a statement uses."""
    base: int
    end: int
    base_value: float
    end_value: float

    @property
    def absolute(self) -> float:
        return self.end_value - self.base_value

    @property
    def multiple(self) -> float:
        """end / base; NaN from a zero base (no multiple of nothing)."""
        return self.end_value / self.base_value if self.base_value else math.nan

    @property
    def pct(self) -> float:
        return (self.multiple - 1) * 100

    @property
    def cagr_pct(self) -> float:
        return cagr_pct(self.base_value, self.end_value, self.end - self.base)


def change(values: pd.Series, base: int, end: int) -> Change:
    """The change of a year-indexed series from ``base`` to ``end``. The one rule for a missing year, shared by the
    engine and the pages: a missing (or NaN) endpoint raises :class:`MissingYears`, never a KeyError or a silent NaN."""
    present = values.dropna()
    missing = [y for y in (base, end) if y not in present.index]
    if missing:
        raise MissingYears(missing, base, end)
    return Change(base, end, float(present[base]), float(present[end]))


def deflate(nominal: pd.Series, price_index: pd.Series, base_year: int) -> pd.Series:
    """Nominal values in constant ``base_year`` prices: nominal x P[base] / P[year], whatever the index's own
    reference (an index with base_year = 100 gives nominal x 100 / P). Years without an index stay missing (no
    extrapolation); a base year without one raises :class:`MissingYears`."""
    if base_year not in price_index.dropna().index:
        raise MissingYears([base_year], base_year, base_year)
    return nominal * float(price_index[base_year]) / price_index.reindex(nominal.index)


def cagr_pct(start_value: float, end_value: float, years: int) -> float:
    """Compound annual growth rate (%) that takes ``start_value`` to ``end_value`` in ``years`` years; NaN when
    either value is not positive or ``years`` is not (no average growth is defined there)."""
    if years <= 0 or start_value <= 0 or end_value <= 0:
        return math.nan
    return ((end_value / start_value) ** (1 / years) - 1) * 100


def cumulative(values: pd.Series, start: int, end: int, allow_missing: bool = False) -> float:
    """Sum of a year-indexed series over ``start..end`` inclusive; a missing (or NaN) year raises."""
    present = values.dropna()
    years = list(range(start, end + 1))
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
    tied_with: tuple[int, ...]
    missing_in_window: tuple[int, ...]
    rank_all_years: int
    n_years: int
    higher_in_window: tuple[int, ...]
    higher_any_year: tuple[int, ...]


def record(values: pd.Series, year: int, first_year: int | None) -> Record:
    """Is ``year`` the highest of ``first_year..year``? Years after ``year`` never count."""
    s = values.dropna()
    s = s[s.index <= year]
    if year not in s.index:
        raise KeyError(f"no value for {year}")
    v = float(s[year])
    lo = int(s.index.min()) if first_year is None else int(first_year)
    win = s[(s.index >= lo)]
    higher_win = tuple(int(y) for y in win.index if win[y] > v)
    ties = tuple(int(y) for y in win.index if win[y] == v and y != year)
    missing = tuple(y for y in range(lo, year + 1) if y not in s.index)
    higher_all = tuple(int(y) for y in s.index if s[y] > v)
    return Record(year, v, (lo, year), not higher_win, ties, missing, len(higher_all) + 1, len(s),
                  higher_win, higher_all)


@dataclass(frozen=True)
class Progress:
    """Where a target stands: the same numbers for a claim and for the targets table."""

    verdict: str
    achieved: float          # cumulative so far, or the latest level
    last_year: int | None
    years_done: int
    years_left: int
    pace_achieved: float     # per year so far (sum) or % a year (level)
    pace_required: float     # per year still needed; NaN when the horizon is over or the goal is met
    pace_deviation: float    # (required - achieved) / |achieved| x 100
    base_year: int | None = None
    goal: float = math.nan

    @property
    def share_achieved(self) -> float:
        """What was achieved as a share of the goal."""
        return self.achieved / self.goal if self.goal else math.nan


def target_progress(actual: pd.Series, goal: float, start: int, end: int, form: str, qualifier: str,
                    tolerance_pct: float) -> Progress:
    """Progress towards ``goal`` over the horizon ``start..end`` on a year-indexed series.

    ``form`` is ``cumulative`` (a sum over the horizon), ``level`` (a value to
    reach by ``end``) or ``average`` (an average over the horizon, e.g. of growth
    rates: the pace is the average so far against the average still needed). The goal counts as reached when :func:`compare` of the goal
    with what was achieved is not "overstated" (so "about 1 million" is reached
    at 960,000 with a 5% tolerance). Reached before the end: ``achieved`` (early).
    Horizon over: ``achieved`` or ``missed``. Otherwise the pace still needed is
    compared with the pace achieved by the same rule: ``on_track`` when the pace
    needed is at most the tolerance above the pace achieved. No data yet:
    ``pending``. A gap inside the years done raises :class:`MissingYears`.
    """
    if form not in TARGET_FORMS:
        raise ValueError(f"form must be one of {', '.join(TARGET_FORMS)}, not {form!r}")
    s = actual.dropna()
    inside = s[(s.index >= start) & (s.index <= end)]
    nan = math.nan
    if inside.empty:
        return Progress("pending", nan, None, 0, end - start + 1, nan, nan, nan, None, goal)
    last = int(inside.index.max())
    done, left = last - start + 1, end - last
    base_year = None
    if form == "cumulative":
        achieved = cumulative(s, start, last)
        pace_achieved = achieved / done
        pace_required = (goal - achieved) / left if left > 0 else nan
    elif form == "average":
        total = cumulative(s, start, last)
        achieved = pace_achieved = total / done
        pace_required = (goal * (end - start + 1) - total) / left if left > 0 else nan
    else:
        achieved = float(s[last])
        before = s[s.index < start]
        base_year = int(before.index.max()) if len(before) else int(inside.index.min())
        span = last - base_year
        first = float(s[base_year])
        pace_achieved = ((achieved / first) ** (1 / span) - 1) * 100 if span > 0 and first > 0 < achieved else nan
        pace_required = ((goal / achieved) ** (1 / left) - 1) * 100 if left > 0 and achieved > 0 < goal else nan
    reached = compare(goal, achieved, qualifier, tolerance_pct)[0] in ("consistent", "understated")
    if reached and (form != "average" or left <= 0):  # an average is only settled at the end
        return Progress("achieved", achieved, last, done, max(left, 0), pace_achieved, nan, nan, base_year, goal)
    if left <= 0:
        return Progress("missed", achieved, last, done, 0, pace_achieved, nan, nan, base_year, goal)
    pace_dev = deviation_pct(pace_required, pace_achieved)
    if math.isnan(pace_dev):  # no pace so far, or none computable (a level at or below zero): on track only if none is needed
        verdict = "on_track" if pace_required <= 0 else "off_track"
    else:
        verdict = "on_track" if round(pace_dev, 9) <= tolerance_pct else "off_track"
    return Progress(verdict, achieved, last, done, left, pace_achieved, pace_required, pace_dev, base_year, goal)


def run_tolerance(checked: pd.DataFrame, registry_claims: pd.DataFrame, default: float = DEFAULT_TOLERANCE_PCT
                  ) -> tuple[float, pd.DataFrame]:
    """The run's tolerance, and the checked claims that carry their own (``tolerance_pct`` in the registry).

    The run's tolerance is read from a claim that does not set its own: the first row may well be one that does."""
    own_ids = set(registry_claims.loc[registry_claims["tolerance_pct"].astype(str) != "", "claim_id"])
    rest = checked.loc[~checked["claim_id"].isin(own_ids), "tolerance_pct"]
    tol = float(rest.iloc[0]) if len(rest) else default
    reasons = dict(zip(registry_claims["claim_id"], registry_claims["tolerance_reason"]))
    own = checked.loc[checked["claim_id"].isin(own_ids), ["claim_id", "tolerance_pct"]]
    return tol, own.assign(tolerance_reason=own["claim_id"].map(reasons)).reset_index(drop=True)
