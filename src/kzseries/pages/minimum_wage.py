"""The minimum wage page: its claims by name, its sections and ``build``, everything the notebook shows.

Which value counts (the selection rules) lives in :mod:`kzseries.minimum_wage`, which the claim engine reads too; this
module only assembles what the page shows from those rules and the engine's verdicts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import arith
from ..inputs import Inputs
from ..minimum_wage import (  # the selection rules
    ALTERNATIVE_DEFLATORS,
    AVERAGE_WAGE_PREFERENCE,
    DEFLATORS,
    FX_SOURCE,
    MEDIAN_WAGE_PREFERENCE,
    Deflator,
    TargetProgress,
    annual_mean,
    annual_series,
    chain_index,
    exchange_rate,
    frozen_years,
    held_years,
    in_month,
    inflation_rates,
    kaitz,
    midyear_changes,
    monthly_in_force,
    multiple,
    official_counts,
    pick_source,
    progress_of,
    real_multiple,
    rise_years,
    scenarios,
    stated_share,
    statutory_table,
    survey_headcount,
    target_path,
)
from ..text import and_list, num


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
    beneficiaries: dict          # the "about N million beneficiaries" statement against the announced counts
    derived: pd.DataFrame

    # --- what the templates say, named and computed here (templates only say)
    @property
    def jump_year(self) -> int:
        """The year of the 2019-style jump: the first year the wage then held."""
        return self.held[0]

    @property
    def before_jump_year(self) -> int:
        return self.jump_year - 1

    @property
    def jump_pct(self) -> float:
        j = self.january
        return (j[self.jump_year] / j[self.before_jump_year] - 1) * 100

    @property
    def held_several(self) -> bool:
        return len(self.held) > 1

    @property
    def real_rise_pct(self) -> float:
        return (self.multiples["real"] - 1) * 100

    @property
    def real_short_of_double(self) -> bool:
        return self.multiples["real"] < REAL_DOUBLED_FROM

    @property
    def freeze_gave_back(self) -> bool:
        return self.multiples["real_2025"] < self.multiples["real"]

    @property
    def deflator_hardly_matters(self) -> bool:
        lo, hi = self.deflator_spread
        return hi - lo < DEFLATOR_MATTERS_FROM

    @property
    def bite_fell_in_freeze(self) -> bool:
        return self.kaitz_median[2021] < self.kaitz_median[2019]

    @property
    def bite_recovered_partly(self) -> bool:
        return self.kaitz_median[self.rises[-1]] < self.kaitz_median[2019]

    @property
    def bite_slipped_again(self) -> bool:
        return self.kaitz_median[self.latest_year] < self.kaitz_median[self.rises[-1]]

    @property
    def matches_latest_survey(self) -> bool:
        return self.matching_survey_year == self.latest_year

    @property
    def survey_published_with_plan(self) -> bool:
        return self.latest_median_published == self.target.stated_on

    @property
    def low_pay_shares(self) -> str:
        """The low-pay shares as the page lists them ("20.1%, 18.8% and 17.7%")."""
        return and_list(f"{num(v)}%" for v in self.low_pay)

    @property
    def equalled_subsistence_2018(self) -> bool:
        return abs(self.subsistence_ratio[2018] - 1) < EQUAL_RATIO_WITHIN

    @property
    def freeze_wore_down_ratio(self) -> bool:
        return self.subsistence_ratio[2021] < self.subsistence_ratio[2019]


CLAIM_SPAN = (2019, 2024)  # the "doubled from 42,500 to 85,000" statement
# Thresholds that choose the page's words, declared once.
REAL_DOUBLED_FROM = 1.9      # a real multiple under 1.9 is "not 100%" (about a doubling otherwise)
DEFLATOR_MATTERS_FROM = 0.05  # real multiples under different deflators further apart than this: the choice matters
EQUAL_RATIO_WITHIN = 0.005   # a ratio within half a percent of 1 "equals"
MAGNITUDE = (0.5, 2.0)       # "the right order of magnitude": within a factor of two
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


def build(inp: Inputs, V: pd.DataFrame, P) -> MinimumWage:
    """The minimum-wage page from ``nb.load_inputs("minimum_wage")`` (CPI and exchange rate from its ``prices``),
    the engine's verdicts (``claims_minimum_wage.csv``) and the parameters."""
    return _assemble(inp.tidy, inp.prices, inp.targets, inp.progress, V, base_year=P.base_year, end_year=P.end_year,
                     deflator=P.deflator, comparator=P.comparator)


def _assemble(tidy: pd.DataFrame, prices: pd.DataFrame, targets: pd.DataFrame, progress: pd.DataFrame,
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
    # the index is chained to base_year = 100; an empty chain (rates that do not reach the base year) leaves the real
    # series empty, as the page's note says
    real = (arith.deflate(annual, price, base_year) if base_year in price.dropna().index
            else pd.Series(math.nan, index=annual.index)).rename("real")
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
    announced = rows("workers_affected_by_mw_rise_persons").set_index("year")["value_std"].sort_index()
    paid = rows("workers_at_mw_persons").set_index("source_id")["value_std"]
    lo_hi = survey_headcount(share, surveyed)
    ben = stated.set_index("claim_id").loc[CLAIMS["beneficiaries"]]
    ben_stated = float(ben["stated_value"])
    ben_mn = ben_stated / 1e6 if ben_stated > 1000 else ben_stated  # the registry states persons; the page says millions
    near = announced / 1e6
    beneficiaries = {"stated_mn": ben_mn, "announced_mn": near,
                     "matches": [int(y) for y, v in near.items() if abs(v - ben_mn) <= ben_mn * float(ben["tolerance_pct"]) / 100],
                     "paid_min_thousand": paid.min() / 1e3, "paid_max_mn": paid.max() / 1e6,
                     "surveyed_mn": surveyed / 1e3, "survey_lo_thousand": lo_hi[0] / 1e3,
                     "survey_hi_thousand": lo_hi[1] / 1e3,
                     "right_magnitude": MAGNITUDE[0] <= near.max() / ben_mn <= MAGNITUDE[1],
                     "has_deviation": not math.isnan(float(ben["deviation_pct"]))}

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
        announced=announced, paid_minimum=paid, survey_share=share, surveyed=surveyed, survey_people=lo_hi,
        beneficiaries=beneficiaries,
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
