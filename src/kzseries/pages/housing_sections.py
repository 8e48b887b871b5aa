"""The sections of the housing page: one frozen dataclass each, the values its templates and charts read.

``kzseries.pages.housing.build`` fills them from the selection rules and the engine's verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..housing import VLABEL


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
