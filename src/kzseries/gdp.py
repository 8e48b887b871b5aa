"""GDP analysis helpers for notebook ``01_gdp``: pure functions on pandas objects.

The economics in one line: GDP in current dollars is real output times domestic
prices divided by the exchange rate,

    USD GDP = real volume x GDP deflator (KZT) / (KZT per USD),

so a change in dollar GDP is the product of three factors. These helpers build
the pieces from the tidy observations (``data/processed/observations_gdp.csv``),
keep observations and projections apart, and never fill a missing year: a gap
raises :class:`kzseries.arith.MissingYears` or stays NaN.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from . import arith

ACTUAL = ("final", "estimate")  # statuses that are observations (an estimate is a not-yet-final observation)


# ------------------------------------------------------------------ series
def annual(tidy: pd.DataFrame, indicator: str, source_id: str, statuses: Iterable[str] = ACTUAL) -> pd.Series:
    """One source's full-year values of one indicator, year-indexed, in the standard unit.

    Forecasts are excluded unless asked for, so a projection can never be
    mistaken for an outcome.
    """
    s = tidy[(tidy["indicator"] == indicator) & (tidy["source_id"] == source_id)
             & (tidy["period_kind"] == "year") & (tidy["status"].isin(tuple(statuses)))]
    if s["year"].duplicated().any():
        dup = sorted({int(y) for y in s.loc[s["year"].duplicated(), "year"]})
        raise ValueError(f"{indicator} from {source_id} has several rows for {dup}; choose a vintage first")
    return s.set_index("year")["value_std"].astype(float).sort_index().rename(indicator)


def combine(primary: pd.Series, fallback: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``primary`` where it has a value, else ``fallback``; also which one was used.

    Used for nominal GDP in tenge: BNS from 2010, IMF WEO (which carries the same
    BNS figures) before that. Returns (values, label) with label "primary" or
    "fallback" per year.
    """
    years = sorted(set(primary.dropna().index) | set(fallback.dropna().index))
    vals = primary.combine_first(fallback).reindex(years)
    label = pd.Series(np.where(primary.reindex(years).notna(), "primary", "fallback"), index=years)
    return vals, label


def chain_volume(volume_index: pd.Series, base_year: int) -> pd.Series:
    """Real GDP relative to ``base_year`` (= 1) by chaining previous-year = 100 indices.

    The index for year t measures t against t-1, so the chain runs from the
    first year whose predecessor is covered. A missing year inside the span
    breaks the chain: the years beyond it are left out rather than guessed.
    """
    idx = volume_index.dropna().sort_index() / 100.0
    if base_year not in idx.index and base_year + 1 not in idx.index:
        raise arith.MissingYears([base_year], base_year, base_year)
    out = {base_year: 1.0}
    level, y = 1.0, base_year
    while y + 1 in idx.index:
        level *= idx[y + 1]
        y += 1
        out[y] = level
    level, y = 1.0, base_year
    while y in idx.index:  # going back: V(y-1) = V(y) / index(y)
        level /= idx[y]
        y -= 1
        out[y] = level
    return pd.Series(out, name="real_volume").sort_index()


def deflator(nominal: pd.Series, volume_index: pd.Series, base_year: int) -> pd.Series:
    """Implicit GDP deflator, ``base_year`` = 1: nominal GDP / (base nominal x chained volume)."""
    vol = chain_volume(volume_index, base_year)
    if base_year not in nominal.dropna().index:
        raise arith.MissingYears([base_year], base_year, base_year)
    real = vol * float(nominal[base_year])
    return (nominal / real).dropna().rename("gdp_deflator")


# ----------------------------------------------------------- decomposition
@dataclass(frozen=True)
class Decomposition:
    """USD GDP between two years as the product of three factors."""

    base_year: int
    end_year: int
    usd_base: float          # KZT GDP / rate in the base year (USD bn if KZT in bn)
    usd_end: float
    real: float              # real volume, end / base
    deflator: float          # GDP deflator, end / base
    fx: float                # (KZT per USD in base) / (KZT per USD at end): < 1 when the tenge weakened
    total: float             # usd_end / usd_base

    @property
    def product(self) -> float:
        return self.real * self.deflator * self.fx

    @property
    def identity_gap(self) -> float:
        """Relative gap between the product of the factors and the total (0 when the identity holds)."""
        return self.product / self.total - 1.0

    def contributions(self) -> dict[str, float]:
        """Each factor's share of the USD change, in the level's unit, by log shares.

        ln(total) = ln(real) + ln(deflator) + ln(fx), so giving each factor the
        fraction ln(factor)/ln(total) of the change makes the parts add up
        exactly and makes the split independent of the order of the factors.
        """
        change = self.usd_end - self.usd_base
        lt = math.log(self.total)
        if abs(lt) < 1e-12:
            return {"real": 0.0, "deflator": 0.0, "fx": 0.0}
        return {k: change * math.log(v) / lt for k, v in
                (("real", self.real), ("deflator", self.deflator), ("fx", self.fx))}


def decompose(nominal_kzt: pd.Series, volume_index: pd.Series, kzt_per_usd: pd.Series,
              base_year: int, end_year: int) -> Decomposition:
    """Split the change in USD GDP from ``base_year`` to ``end_year`` into real growth, prices and the rate.

    Every input is year-indexed; a year missing from any of them raises
    :class:`kzseries.arith.MissingYears` (the factor cannot be computed).
    """
    need = range(min(base_year, end_year), max(base_year, end_year) + 1)
    for s in (nominal_kzt, kzt_per_usd):
        missing = [y for y in (base_year, end_year) if y not in s.dropna().index]
        if missing:
            raise arith.MissingYears(missing, base_year, end_year)
    vi = volume_index.dropna()
    missing = [y for y in need if y != min(need) and y not in vi.index]
    if missing:
        raise arith.MissingYears(missing, base_year, end_year)
    vol = chain_volume(volume_index, base_year)
    real = float(vol[end_year])
    nom = float(nominal_kzt[end_year]) / float(nominal_kzt[base_year])
    fx = float(kzt_per_usd[base_year]) / float(kzt_per_usd[end_year])
    usd_b = float(nominal_kzt[base_year]) / float(kzt_per_usd[base_year])
    usd_e = float(nominal_kzt[end_year]) / float(kzt_per_usd[end_year])
    return Decomposition(base_year, end_year, usd_b, usd_e, real, nom / real, fx, usd_e / usd_b)


def yearly_decomposition(nominal_kzt: pd.Series, volume_index: pd.Series, kzt_per_usd: pd.Series,
                         years: Iterable[int]) -> pd.DataFrame:
    """Year-on-year USD GDP growth split into log-point contributions (x100).

    Log points add up exactly: real + deflator + fx = total. A year whose data
    are incomplete is left out (the gap shows in the chart).
    """
    rows = []
    for y in years:
        try:
            d = decompose(nominal_kzt, volume_index, kzt_per_usd, y - 1, y)
        except arith.MissingYears:
            continue
        rows.append({"year": y, "real": 100 * math.log(d.real), "deflator": 100 * math.log(d.deflator),
                     "fx": 100 * math.log(d.fx), "total": 100 * math.log(d.total)})
    return pd.DataFrame(rows, columns=["year", "real", "deflator", "fx", "total"])


# -------------------------------------------------------------- per capita
def per_capita(usd_bn: pd.Series, population: pd.Series) -> pd.Series:
    """GDP per person in USD from GDP in USD bn and population in persons (NaN where either is missing)."""
    return (usd_bn * 1e9 / population).dropna().rename("gdp_per_capita_usd")


def mid_year_from_counts(counts: pd.Series) -> pd.Series:
    """Mid-year population as the mean of 1 January of the year and of the next year.

    ``counts`` is indexed by the year of the 1 January count. A year without
    both counts gets no value (no interpolation).
    """
    c = counts.dropna()
    out = {y: (c[y] + c[y + 1]) / 2 for y in c.index if y + 1 in c.index}
    return pd.Series(out, dtype=float, name="population_mid_year").sort_index()


# ------------------------------------------------------------ growth paths
def average_growth_pct(rates_pct: Iterable[float]) -> float:
    """Geometric average of annual growth rates in % (what compounding actually delivers)."""
    r = [x for x in rates_pct]
    if not r or any(pd.isna(x) for x in r):
        return math.nan
    return (math.prod(1 + x / 100 for x in r) ** (1 / len(r)) - 1) * 100


def nominal_usd_growth_pct(real_pct: float, inflation_pct: float, kzt_per_usd_change_pct: float) -> float:
    """Dollar GDP growth implied by real growth, deflator inflation and the change in KZT per USD.

    (1 + g_usd) = (1 + g_real)(1 + inflation) / (1 + depreciation); a positive
    ``kzt_per_usd_change_pct`` means the tenge weakens and lowers dollar GDP.
    """
    return ((1 + real_pct / 100) * (1 + inflation_pct / 100) / (1 + kzt_per_usd_change_pct / 100) - 1) * 100


def scenario_path(start_year: int, start_level: float, real_pct: Mapping[int, float], inflation_pct: float,
                  kzt_per_usd_change_pct: float) -> pd.Series:
    """USD GDP path from a starting level, year by year, under stated assumptions.

    ``real_pct`` maps each future year to its real growth (%); inflation and
    the rate change are flat assumptions. The starting year is included.
    """
    out = {start_year: float(start_level)}
    level = float(start_level)
    for y in sorted(real_pct):
        if y <= start_year:
            continue
        level *= 1 + nominal_usd_growth_pct(real_pct[y], inflation_pct, kzt_per_usd_change_pct) / 100
        out[y] = level
    return pd.Series(out, name="gdp_usd_scenario")


# ----------------------------------------------------------------- vintages
_SNAPSHOT = re.compile(r"snapshot (?:retrieved )?(\d{4}-\d{2}(?:-\d{2})?)")


def snapshot_date(note: str) -> str:
    """The WDI snapshot date written in a row's note ("" when there is none)."""
    m = _SNAPSHOT.search(str(note))
    return m.group(1) if m else ""


def vintage_table(tidy: pd.DataFrame, indicator: str, latest_source: str, older_sources: Iterable[str]) -> pd.DataFrame:
    """Older-vintage values beside the latest vintage for the same years, with the revision in %.

    ``revision_pct`` = (latest - older) / older x 100: positive when the figure
    was revised up after that snapshot.
    """
    latest = annual(tidy, indicator, latest_source)
    rows = []
    for src in older_sources:
        sub = tidy[(tidy["indicator"] == indicator) & (tidy["source_id"] == src) & (tidy["period_kind"] == "year")]
        for _, r in sub.iterrows():
            y = int(r["year"])
            new = float(latest.get(y, math.nan))
            rows.append({"year": y, "source_id": src, "snapshot": snapshot_date(r["notes"]),
                         "older_value": float(r["value_std"]), "latest_value": new,
                         "revision_pct": (new / float(r["value_std"]) - 1) * 100})
    df = pd.DataFrame(rows, columns=["year", "source_id", "snapshot", "older_value", "latest_value", "revision_pct"])
    return df.sort_values(["year", "snapshot", "source_id"]).reset_index(drop=True)


def closest_year(series: pd.Series, value: float) -> int:
    """The year whose value is closest (in relative terms) to ``value``."""
    s = series.dropna()
    if s.empty:
        raise ValueError("empty series")
    rel = (s / value - 1).abs()
    return int(rel.idxmin())
