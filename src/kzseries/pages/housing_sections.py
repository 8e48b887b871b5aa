"""The sections of the housing page: one frozen dataclass each, the values its templates and charts read.

``kzseries.pages.housing.build`` fills them from the selection rules and the engine's verdicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..housing import VLABEL

# Thresholds that choose the page's words, declared once.
PUBLISHED_STEP_MN_M2 = 0.1   # area figures are published to 0.1 million m2: closer than that is rounding
ROUNDING_MN_M2 = 0.05        # two figures given to 0.1 "equal" each other within half that step
FAR_BELOW = 0.9              # a benchmark under 90% of the outcome is "far" below it


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

    @property
    def next_higher(self) -> bool:
        return self.next_value > self.value

    @property
    def is_highest(self) -> bool:
        return self.rank == 1


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

    @property
    def bases_gap(self) -> float:
        """Million m2 between the base years the two stated changes imply."""
        return self.base_from_abs - self.base_from_pct

    @property
    def bases_within_rounding(self) -> bool:
        """The two implied bases differ by less than the step the base year's figure is published to."""
        return abs(self.bases_gap) < PUBLISHED_STEP_MN_M2


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

    @property
    def has_ministry_total(self) -> bool:
        return not math.isnan(self.ministry_total)

    @property
    def vintage_gap(self) -> float:
        """Million m2 between the sums of latest figures and of first releases."""
        return abs(self.sums["latest"] - self.sums["first_release"])

    def summable(self, vintage: str) -> bool:
        return not math.isnan(self.sums[vintage])

    def gap_pct(self, vintage: str) -> float:
        """How far the stated total is from the sum of ``vintage``, in % of that sum (unsigned)."""
        return abs(self.stated / self.sums[vintage] - 1) * 100

    @property
    def stated_position(self) -> str:
        """Where the stated total lies against the two vintages' sums."""
        sums = (self.sums["first_release"], self.sums["latest"])
        return "above both" if self.stated > max(sums) else "below both" if self.stated < min(sums) else "between the two"


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
    benchmark_far_below: bool    # under FAR_BELOW of the 2025 outcome

    @property
    def has_benchmark_2025(self) -> bool:
        return not math.isnan(self.benchmark_2025)


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

    @property
    def n_years(self) -> int:
        return self.end - self.start + 1

    @property
    def share_pct(self) -> float:
        return float(self.engine["share_achieved"]) * 100

    @property
    def remaining(self) -> float:
        return self.goal - float(self.engine["achieved"])

    @property
    def years_left(self) -> int:
        return self.end - self.last_year

    @property
    def reached_early(self) -> bool:
        return self.reached_around < self.end

    @property
    def has_two_year_plan(self) -> bool:
        return not math.isnan(self.two_year_plan)

    @property
    def second_year(self) -> int:
        return self.start + 1

    @property
    def year_before_start(self) -> int:
        return self.start - 1

    @property
    def path_equals_two_year_plan(self) -> bool:
        """The path's second-year cumulative equals the two-year plan to the plan's last digit."""
        return abs(float(self.path["cumulative"].iloc[1]) - self.two_year_plan) < ROUNDING_MN_M2

    @property
    def first_year_below_year_before(self) -> bool:
        """The path's first year asked for less than the year before the horizon delivered."""
        return self.first_annual < self.year_before


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

    @property
    def lower_share_pct(self) -> float:
        return self.lower / self.goal * 100

    @property
    def goal_mn(self) -> float:
        return self.goal / 1e6

    @property
    def floor_gap(self) -> float:
        """Dwellings the missing Decembers would have had to add to reach the tolerance floor."""
        return self.floor - self.lower

    @property
    def flats_cap_share_pct(self) -> float:
        return self.flats_cap / self.goal * 100

    @property
    def lower_977_share_pct(self) -> float:
        return self.lower_977 / self.goal_977 * 100


@dataclass(frozen=True)
class Composition:
    table: pd.DataFrame
    partial: pd.DataFrame        # share of houses in partial periods (x = position in the year)
    has_m2: bool
    houses_min: float
    houses_max: float

    @property
    def has_partial_trend(self) -> bool:
        return len(self.partial) > 1


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

    @property
    def measured(self) -> bool:
        return not math.isnan(self.nominal_growth)


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
    def window_summable(self) -> bool:
        return self.window.summable(self.vintage)

    @property
    def window_gap_pct(self) -> float:
        return self.window.gap_pct(self.vintage)

    @property
    def all_time_missing(self) -> list[int]:
        """Years since independence (1991) up to the record year without a full-year area figure."""
        have = {int(y) for y in self.area.dropna().index}
        return [y for y in range(1991, int(self.level.year) + 1) if y not in have]
