"""Measures: the series a claim is checked against, declared once by name.

A claim in ``data/raw/claims.csv`` names a *measure* in its ``measure`` column.
A measure is one definite series: one data indicator, one definition (gross or
net, clean or bunker weight, which population), one rule for choosing a value
per period when several sources give one, and a vintage rule where first
releases and revisions differ. The claim engine (:mod:`kzseries.claims`) only
ever sees the frame a measure builds, so a claim's verdict cannot depend on a
notebook's view parameters.

Every builder takes the audit notebook's tidy observations (all series) and a
vintage rule, and returns a frame with the columns of :data:`FRAME_COLUMNS`:
``period`` (the tidy period text: ``2024``, ``2022-H1``, ``2025-08-31``),
``year``, ``value`` (in the indicator's standard unit), ``source_ids``
(``;``-separated) and ``status`` (``actual`` or ``projection``). No builder
fills a gap: a period without data has no row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from . import fdi, gdp, grain, housing, vintages
from . import minimum_wage as mw
from .frames import stable_sort

FRAME_COLUMNS = ["period", "year", "value", "source_ids", "status"]
VINTAGES = ("first_release", "latest")


@dataclass(frozen=True)
class Measure:
    """A named, definite series that claims are checked against."""

    id: str
    indicator: str
    label: str                      # plain words for explanations: "gross FDI inflow (NBK)"
    build: Callable[[pd.DataFrame, str], pd.DataFrame] = field(repr=False)
    vintages: tuple[str, ...] = ("latest",)
    definition: str = ""            # what a reader must know to compare like with like
    monotone: bool = False          # a running total: a value on an unobserved date lies between its neighbours
    comparable: str = ""            # a measure this one is a part of (bounds of an incomplete sum use its share)
    before_release: str = ""        # the measure a speaker had before this one's data were published
    unit: str = ""                  # the unit of the frame's values, when not the indicator's own (an index - 100)

    def frame(self, obs: pd.DataFrame, vintage: str = "") -> pd.DataFrame:
        """The measured series under ``vintage`` ("" = the measure's default, its first)."""
        vintage = vintage or self.vintages[0]
        if vintage not in self.vintages:
            raise ValueError(f"measure {self.id} has no vintage {vintage!r}; it offers {', '.join(self.vintages)}")
        out = self.build(obs, vintage)
        return stable_sort(out[FRAME_COLUMNS], "period").reset_index(drop=True)


MEASURES: dict[str, Measure] = {}
# The measure a target on an indicator is tracked with, unless the target row names another.
DEFAULT_FOR_INDICATOR: dict[str, str] = {}


def measure(id: str, indicator: str, label: str, *, vintages: tuple[str, ...] = ("latest",), definition: str = "",
            default: bool = False, monotone: bool = False, comparable: str = "", before_release: str = "",
            unit: str = ""):
    """Register a builder as a measure (decorator)."""
    def wrap(fn):
        MEASURES[id] = Measure(id, indicator, label, fn, vintages, definition or (fn.__doc__ or "").strip(), monotone,
                               comparable, before_release, unit)
        if default:
            DEFAULT_FOR_INDICATOR[indicator] = id
        return fn
    return wrap


def get(measure_id: str) -> Measure:
    try:
        return MEASURES[measure_id]
    except KeyError:
        raise KeyError(f"unknown measure {measure_id!r}; known: {', '.join(sorted(MEASURES))}") from None


# ------------------------------------------------------------------ helpers
def _annual(values: pd.Series, sources, status: str = "actual") -> pd.DataFrame:
    """A year-indexed series as a measure frame; ``sources`` is one id, or a year -> ids mapping."""
    s = values.dropna()
    ids = [sources if isinstance(sources, str) else sources.get(int(y), "") for y in s.index]
    return pd.DataFrame({"period": [str(int(y)) for y in s.index], "year": s.index.astype(int),
                         "value": s.to_numpy(dtype=float), "source_ids": ids, "status": status},
                        columns=FRAME_COLUMNS)


def _lineage_annual(obs: pd.DataFrame, indicator: str, source_id: str, statuses=gdp.ACTUAL):
    """Full-year values of the newest release of ``source_id``'s series (:mod:`kzseries.vintages`) and, per
    year, the source id of the release used."""
    cur = vintages.latest(obs[obs["period_kind"] == "year"], indicator, source_id)
    cur = cur[cur["status"].isin(tuple(statuses))]
    return (cur.set_index("year")["value_std"].astype(float).sort_index().rename(indicator),
            dict(zip(cur["year"].astype(int), cur["source_id"])))


def _one_source(indicator: str, source_id: str, with_projections: bool = False):
    """Builder for one source's full-year values (its projections flagged as such), following the newest
    release of the source's series that a refresh added."""
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        frames = [_annual(*_lineage_annual(obs, indicator, source_id))]
        if with_projections:
            proj, ids = _lineage_annual(obs, indicator, source_id, ("forecast",))
            frames.append(_annual(proj[~proj.index.isin(frames[0]["year"])], ids, "projection"))
        return pd.concat(frames, ignore_index=True)
    return build


def _register_one_source(id, indicator, source_id, label, *, with_projections=False, default=False, definition=""):
    measure(id, indicator, label, default=default, definition=definition)(
        _one_source(indicator, source_id, with_projections))


# ---------------------------------------------------------------------- GDP
WDI_USD, WDI_POP, WDI_GROWTH = "wb-719b00", "wb-3ec010", "wb-464018"
IMF_USD, IMF_POP, IMF_GROWTH = "imf-d77a71", "imf-6666c4", "imf-5b2d78"

_register_one_source("gdp_usd_wdi", "gdp_usd_current", WDI_USD, "GDP in current US dollars (World Bank WDI)",
                     default=True, definition="WDI NY.GDP.MKTP.CD, 2026-07 snapshot; nominal, annual average rate.")
_register_one_source("gdp_usd_imf", "gdp_usd_current", IMF_USD, "GDP in current US dollars (IMF WEO)",
                     with_projections=True,
                     definition="IMF WEO NGDPD; years after the latest outcome are projections.")
_register_one_source("gni_per_capita_atlas", "gni_per_capita_atlas_usd", "wb-f5f465",
                     "GNI per capita, Atlas method (World Bank WDI)", default=True,
                     definition="WDI NY.GNP.PCAP.CD: the yardstick of the World Bank's income groups.")
_register_one_source("gdp_real_growth_wdi", "gdp_real_growth_pct", WDI_GROWTH, "real GDP growth (World Bank WDI)",
                     default=True, definition="WDI NY.GDP.MKTP.KD.ZG; equals the BNS volume index minus 100.")
_register_one_source("gdp_real_growth_imf", "gdp_real_growth_pct", IMF_GROWTH, "real GDP growth (IMF WEO)",
                     with_projections=True, definition="IMF WEO NGDP_RPCH; later years are projections.")


def _per_capita(pop_indicator: str, pop_source: str):
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        usd, usd_ids = _lineage_annual(obs, "gdp_usd_current", WDI_USD)
        pop, pop_ids = _lineage_annual(obs, pop_indicator, pop_source)
        pc = gdp.per_capita(usd, pop)
        return _annual(pc, {y: f"{usd_ids.get(y, WDI_USD)};{pop_ids.get(y, pop_source)}" for y in pc.index})
    return build


# Before the World Bank's 2026 population release, a speaker dividing by population had the national (BNS)
# count, which the World Bank's series now exceeds by 0.4-0.7 million: that is the reading "when said".
measure("gdp_per_capita_usd_wb_pop", "gdp_per_capita_usd", "GDP per capita in US dollars (WDI GDP / WDI population)",
        before_release="gdp_per_capita_usd_national_pop",
        definition="WDI GDP in current USD divided by the World Bank mid-year population.")(
    _per_capita("population_world_bank", WDI_POP))
measure("gdp_per_capita_usd_national_pop", "gdp_per_capita_usd",
        "GDP per capita in US dollars (WDI GDP / national population)",
        definition="WDI GDP in current USD divided by the national (BNS concept, IMF LP) population.")(
    _per_capita("population_national", IMF_POP))


# ---------------------------------------------------------------------- FDI
def _fdi_annual(name: str):
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        a = fdi.annual_series(obs, name)
        return _annual(fdi.as_series(a), dict(zip(a["year"].astype(int), a["source_ids"])))
    return build


measure("fdi_gross_nbk", fdi.GROSS, "gross FDI inflow (NBK)", default=True,
        definition="NBK gross inflow, one value per year: " + fdi.SELECTION_RULE + ".")(_fdi_annual("gross"))
for _name, (_ind, _label) in fdi.MEASURES.items():
    if _name != "gross":
        measure(f"fdi_{_name}", _ind, _label)(_fdi_annual(_name))


def _by_period(indicator: str, kinds: tuple[str, ...]):
    """One value per period of the given kinds, by the FDI selection rule (NBK first, latest release)."""
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        p = fdi.pick_per_period(obs, indicator, kinds)
        return pd.DataFrame({"period": p["period"].astype(str), "year": p["year"].astype(int),
                             "value": p["value_std"].astype(float), "source_ids": p["agreeing_sources"],
                             "status": "actual"}, columns=FRAME_COLUMNS)
    return build


measure("fdi_gross_nbk_half_year", fdi.GROSS, "gross FDI inflow in a half-year (NBK)",
        definition="Half-year (YYYY-H1/H2) gross inflows, one value per half-year by the FDI selection rule.")(
    _by_period(fdi.GROSS, ("half",)))
measure("fdi_gross_manufacturing_nbk", "fdi_gross_inflow_manufacturing_usd", "gross FDI inflow into manufacturing",
        comparable="fdi_gross_nbk",
        definition="Gross inflow into manufacturing, one value per year by the FDI selection rule.")(
    _by_period("fdi_gross_inflow_manufacturing_usd", ("year",)))


RUNNING_TOTAL = "fdi_cumulative_gross_usd"


def running_totals(obs: pd.DataFrame, indicator: str = RUNNING_TOTAL) -> pd.DataFrame:
    """Officials' running totals of an indicator since independence (spans starting in 1991-1993)."""
    r = obs[(obs["indicator"] == indicator) & (obs["period_kind"] == "span")
            & (obs["start"].astype(str).str[:4] <= "1993")]
    return r.sort_values(["end", "source_id"]).reset_index(drop=True)


@measure("fdi_gross_running_total", RUNNING_TOTAL, "official running total of gross FDI inflow since independence",
         definition="Totals since 1991-1993 stated by officials; not rebuildable from annual data, which start later.")
def _fdi_running_total(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    r = running_totals(obs)
    return pd.DataFrame({"period": r["period"].astype(str), "year": r["year"].astype(int),
                         "value": r["value_std"].astype(float), "source_ids": r["source_id"], "status": "actual"},
                        columns=FRAME_COLUMNS)


# ------------------------------------------------------------------ housing
def _housing(indicator: str):
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        v = housing.vintages(housing.full_years(obs, indicator))
        col = "first_source_ids" if vintage == "first_release" else "latest_source_ids"
        return _annual(housing.pick(v, vintage), dict(zip(v["year"].astype(int), v[col])))
    return build


measure("housing_m2", "housing_commissioned_m2", "housing commissioned, total floor area (BNS/ministry)",
        vintages=("first_release", "latest"), default=True,
        definition="Full calendar years only; first release = the earliest publication we hold, latest = the "
                   "most recent, restatements within rounding merged.")(_housing("housing_commissioned_m2"))
@measure("construction_works_growth", "construction_works_volume_growth_pct",
         "volume of construction works, real change on the year before (BNS index)",
         definition="Physical volume index of all construction works minus 100, full calendar years; one row per "
                    "year (a final release before a preliminary one); not housing alone.")
def _construction_growth(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    rows = obs[(obs["indicator"] == "construction_works_volume_growth_pct") & (obs["period_kind"] == "year")]
    rows = rows.assign(_rank=rows["status"] != "final").sort_values(["year", "_rank", "source_id"])
    first = rows.drop_duplicates("year")
    return _annual(first.set_index("year")["value_std"].rename(None),
                   dict(zip(first["year"].astype(int), first["source_id"])))


measure("housing_units", "housing_units_commissioned", "dwellings commissioned (flats and individual houses)",
        vintages=("first_release", "latest"), default=True,
        definition="Full calendar years only; partial-year totals are not used.")(_housing("housing_units_commissioned"))


# -------------------------------------------------------------------- grain
def _grain(basis: str):
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        h = grain.annual_harvest(obs)
        f = grain.as_reported(h) if basis == "as_reported" else grain.select_basis(h, basis)
        return _annual(grain.as_series(f), dict(zip(f["year"].astype(int), f["source_id"])))
    return build


measure("grain_harvest_clean", "grain_harvest_t", "grain harvest, clean weight (BNS)", default=True,
        definition="Gross harvest of grain and pulses after cleaning and drying (BNS series first).")(_grain("clean"))
measure("grain_harvest_bunker", "grain_harvest_t", "grain harvest, bunker weight (Ministry of Agriculture)",
        definition="Weight as threshed, before cleaning and drying, as the ministry reports it.")(_grain("bunker"))
measure("grain_harvest_as_reported", "grain_harvest_t", "grain harvest, highest figure published each year",
        definition="Each year's highest published figure whatever its basis: mixes bases deliberately.")(
    _grain("as_reported"))


@measure("fao_cereals", "cereal_production_fao_t", "cereal production (FAOSTAT)",
         definition="FAOSTAT cereals, primary production; excludes pulses; no weight basis is published (the values "
                    "track BNS clean weight, an inference); ends 2023.")
def _fao_cereals(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    f = grain.fao_cereals(obs)
    return _annual(grain.as_series(f), dict(zip(f["year"].astype(int), f["source_id"])))


def _campaign(column: str):
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        frames = []
        for season in sorted(obs.loc[obs["indicator"] == "grain_threshed_to_date_t", "year"].dropna().unique()):
            p = grain.campaign_progress(obs, int(season)).dropna(subset=[column])
            p = p[p["date_from"] == "period"]  # only rows dated by their period, never by a date read from notes
            frames.append(pd.DataFrame({"period": p["as_of"].astype(str), "year": int(season),
                                        "value": p[column].astype(float), "source_ids": p["source_id"],
                                        "status": "actual"}, columns=FRAME_COLUMNS))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FRAME_COLUMNS)
    return build


measure("grain_threshed_to_date", "grain_threshed_to_date_t", "grain threshed since the start of the campaign (MoA)",
        monotone=True, definition="Running total by as-of date, bunker weight; only rows dated by their period (a day); "
                   "rows filed under the year with a date in their notes are left out.")(_campaign("threshed_mt"))
measure("grain_area_harvested_share", "grain_area_harvested_share_pct",
        "share of the planned grain area harvested (MoA)", monotone=True,
        definition="Running share by as-of date of the ministry's planned harvest area; only rows dated by their "
                   "period.")(_campaign("share_pct"))


# ------------------------------------------------------------- minimum wage
@measure("minimum_wage_january", "minimum_wage_kzt", "minimum monthly wage in force on 1 January", default=True,
         definition="Statutory gross minimum monthly wage in force in January of each year (nominal tenge).")
def _minimum_wage(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    rows = obs[(obs["indicator"] == "minimum_wage_kzt") & (obs["status"] != "forecast")]
    jan = mw.in_month(mw.monthly_in_force(rows), 1)
    ids = {}
    for y in jan.index:
        cover = rows[(rows["start"].astype(str) <= f"{y}-01-31") & (rows["end"].astype(str) >= f"{y}-01-01")
                     & (rows["value_std"] == jan[y])]
        ids[int(y)] = ";".join(sorted(set(cover["source_id"])))
    return _annual(jan, ids)


@measure("kaitz_median", "kaitz_index_median_pct", "minimum wage as % of the median wage (April survey)",
         default=True,
         definition="The minimum wage in force in April over the BNS median gross wage of the April survey.")
def _kaitz_median(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    wages = obs[(obs["indicator"] == "median_wage_kzt") & (obs["period_kind"] == "year")]
    med = mw.pick_source(wages, mw.MEDIAN_WAGE_PREFERENCE)
    rows = obs[(obs["indicator"] == "minimum_wage_kzt") & (obs["status"] != "forecast")]
    k = mw.kaitz(mw.in_month(mw.monthly_in_force(rows), 4), med.set_index("year")["value_std"].rename(None))
    ids = {int(y): s for y, s in zip(med["year"], med["source_id"])}
    return _annual(k, ids)



@measure("mw_rise_beneficiaries_announced", "workers_affected_by_mw_rise_persons",
         "workers officials said would benefit from that year's minimum-wage rise",
         definition="Officials' announced count of the beneficiaries of each year's rise (statements, one per rise); "
                    "counts of different rises overlap and are never summed.")
def _mw_beneficiaries(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
    rows = obs[(obs["indicator"] == "workers_affected_by_mw_rise_persons") & (obs["period_kind"] == "year")]
    first = rows.sort_values(["year", "source_id"]).drop_duplicates("year")
    return _annual(first.set_index("year")["value_std"].rename(None),
                   dict(zip(first["year"].astype(int), first["source_id"])))


# ---------------------------------------------------------- the rest of the documents
# Statements beyond the five series (industry, trade, health, ...) are judged against series of their own,
# one measure per indicator of series "other" in indicators.csv. Each takes one value per period by one rule:
# a statistical release before an operational figure or an official's statement, then the source listed first
# (the BNS before a mirror of it, then the World Bank), so two sources never silently average.
STATUS_ORDER = ("final", "preliminary", "operational", "estimate", "statement")
OTHER_SOURCE_ORDER = ("bns", "nbk", "gov", "min", "wb", "imf")


def best_per_period(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per period: the highest status of :data:`STATUS_ORDER`, then the publisher earliest in
    :data:`OTHER_SOURCE_ORDER`, then the source id (stable, never an average)."""
    rows = rows[rows["status"].isin(STATUS_ORDER)]
    prefix = rows["source_id"].str.split("-").str[0]
    rank = rows.assign(_s=rows["status"].map(STATUS_ORDER.index),
                       _p=prefix.map(lambda x: OTHER_SOURCE_ORDER.index(x) if x in OTHER_SOURCE_ORDER else 99))
    return rank.sort_values(["period", "_s", "_p", "source_id"]).drop_duplicates("period")


def _per_period(indicator: str, less: float = 0.0):
    """One value per period (:func:`best_per_period`); ``less`` is taken off each value (100 turns a volume index,
    previous year = 100, into growth in %)."""
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        p = best_per_period(obs[obs["indicator"] == indicator])
        return pd.DataFrame({"period": p["period"].astype(str), "year": p["year"].astype(int),
                             "value": p["value_std"].astype(float) - less, "source_ids": p["source_id"],
                             "status": "actual"}, columns=FRAME_COLUMNS)
    return build


# id: (indicator, label, definition). One value per period by the rule above; the indicator's own definition and
# publisher are in indicators.csv and sources.csv.
OTHER_MEASURES: dict[str, tuple[str, str, str]] = {
    "agriculture_gross_output": ("agriculture_gross_output_kzt", "gross output of agriculture, nominal (BNS)",
                                 "Crop and livestock output at current prices, tenge; nominal, not a volume."),
    "exports_goods": ("exports_goods_usd", "exports of goods (BNS)",
                      "Customs statistics plus mutual trade with the EAEU, current US dollars; goods only."),
    "trade_turnover_goods": ("trade_turnover_goods_usd", "foreign trade turnover in goods (BNS)",
                             "Exports plus imports of goods, current US dollars."),
    "manufacturing_projects_value": ("manufacturing_projects_launched_value_kzt",
                                     "value of the manufacturing projects launched in the year (ministry)",
                                     "Project cost as the Ministry of Industry reports it; not an investment flow."),
    "manufacturing_projects_count": ("manufacturing_projects_launched_count",
                                     "manufacturing projects launched in the year (ministry)",
                                     "Number of industrial projects the Ministry of Industry reports as launched."),
    "poverty_rate": ("poverty_rate_subsistence_pct", "share of the population below the subsistence minimum",
                     "Income below the national subsistence minimum (2018 methodology), annual; BNS, as WDI "
                     "SI.POV.NAHC relays it."),
    "poverty_rate_quarterly": ("poverty_rate_subsistence_quarterly_pct", "share of the population below the "
                               "subsistence minimum in a quarter", "Quarterly survey results (seasonal): not the "
                               "annual rate."),
    "life_expectancy": ("life_expectancy_bns_years", "life expectancy at birth (BNS)",
                        "Both sexes, whole country; BNS publishes months, divided by 12."),
    "infant_mortality": ("infant_mortality_bns_per_1000", "infant mortality per 1,000 live births (BNS)",
                         "Registered deaths under one year per 1,000 live births."),
    "crude_death_rate": ("crude_death_rate_bns_per_1000", "deaths per 1,000 population (BNS)",
                         "Registered deaths per 1,000 of the average population; a rate, not the count."),
    "titr_freight": ("titr_freight_volume_kt", "freight carried on the Trans-Caspian route (Ministry of Transport)",
                     "All cargo on the route as the ministry reports it, not transit alone."),
    "water_urban_population": ("water_access_central_urban_pop_pct", "urban population with centralised water "
                               "supply (ministry)", "Share of people, not of towns; as the Ministry of Industry and "
                               "Construction reports it."),
    "water_rural_population": ("water_access_central_rural_pop_pct", "rural population with centralised water "
                               "supply (ministry)", "Share of people, not of villages; ministry figures."),
    "xian_terminal_capacity": ("xian_terminal_capacity_teu", "design capacity of the Kazakh terminal at Xi'an "
                               "(ministry)", "Containers a year (TEU), as the Ministry of Transport states it."),
    "road_works_km": ("road_works_coverage_km", "roads under construction, reconstruction or repair in the year "
                      "(Ministry of Transport)", "Kilometres 'covered by works' in the year, not kilometres finished."),
    "comfortable_schools": ("comfortable_schools_completed", "comfortable schools completed in the year (Ministry "
                            "of Enlightenment)", "Schools of the national project completed in the year."),
    "agri_preferential_loans": ("agri_preferential_spring_harvest_loans_kzt_bn", "preferential financing of the "
                                "spring field and harvest work (government)", "Direct 5% loans in the year, as "
                                "the Prime Minister or the ministry stated them; allocated, not disbursed, for 2025."),
    "gasification_level": ("gasification_level_pct", "share of the population with access to natural gas "
                           "(Ministry of Energy)", "Gasification level as the ministry states it, by year or date."),
    "rural_phc_built": ("rural_phc_facilities_built", "rural primary-care facilities built in the year (Ministry "
                        "of Health)", "Count of facilities completed under the rural healthcare national project."),
    "industrial_production_ytd": ("industrial_production_growth_pct", "industrial production from January, real "
                                  "change on the same months of the year before (BNS)", "Physical volume index of "
                                  "industry (sections B-E) for January to the month named, minus 100; operational."),
    "electricity_demand": ("electricity_demand_ember_twh", "electricity demand (Ember, via Our World in Data)",
                           "Generation plus net imports, TWh (1 TWh = 1 bn kWh); not KEGOC's consumption balance."),
    "wb_trace_loan": ("wb_trace_loan_usd", "World Bank financing approved for TRACE (World Bank)",
                      "IBRD loan approved by the World Bank's Board, USD mn: approved, not disbursed."),
    "education_wage": ("avg_wage_education_annual_kzt", "average monthly nominal wage in education (BNS)",
                       "All employees of section P (teachers and others), annual average, gross, nominal."),
    "sme_share_gdp": ("sme_gva_share_gdp_pct", "share of small and medium enterprises in GDP (BNS, as quoted)",
                      "Value added of SMEs, individual entrepreneurs and farms included, over GDP, in %; BNS figures "
                      "as Halyk Finance or the Ministry of National Economy quote them."),
    "gva_food_nominal": ("gva_food_c10_kzt", "gross value added of food manufacturing, nominal (BNS)",
                         "Division C10 at current prices, KZT bn: value added, not gross output, and not a volume."),
    "gva_machine_building_nominal": ("gva_machine_building_kzt", "gross value added of machine building, nominal "
                                     "(BNS)", "Divisions 26-30 and 33 at current prices, KZT bn: value added, not "
                                     "gross output, and not a volume."),
}
for _id, (_ind, _label, _definition) in OTHER_MEASURES.items():
    measure(_id, _ind, _label, default=True, definition=_definition)(_per_period(_ind))
measure("manufacturing_growth", "manufacturing_volume_index", "manufacturing output, real change on the year "
        "before (BNS index)", default=True, unit="% y/y",
        definition="BNS physical volume index of manufacturing (previous year = 100) minus 100.")(
    _per_period("manufacturing_volume_index", less=100.0))
for _id, _ind, _what, _divisions in (("machine_building_growth", "machine_building_volume_index", "machine building",
                                      "divisions 26-30"),
                                     ("food_production_growth", "food_c10_volume_index", "food products", "division 10")):
    measure(_id, _ind, f"{_what} output, real change on the year before (BNS production index)", default=True,
            unit="% y/y", definition=f"BNS physical volume index of {_what} ({_divisions}, previous year = 100) "
                                     "minus 100: a volume, not a value in tenge.")(_per_period(_ind, less=100.0))
for _id, _ind, _what in (("gva_manufacturing_growth", "gva_volume_index_manufacturing", "manufacturing"),
                         ("gva_construction_growth", "gva_volume_index_construction", "construction")):
    measure(_id, _ind, f"real gross value added of {_what}, change on the year before (BNS national accounts)",
            default=True, unit="% y/y",
            definition=f"BNS volume index of the gross value added of {_what} (GDP by production, previous year = "
                       "100) minus 100: value added, not gross output.")(_per_period(_ind, less=100.0))


def _ratio(numerator: str, denominator: str, scale: float = 1.0):
    """``scale`` x numerator / denominator for the periods with both (one value each, :func:`best_per_period`)."""
    def build(obs: pd.DataFrame, vintage: str) -> pd.DataFrame:
        top = best_per_period(obs[obs["indicator"] == numerator]).set_index("period")
        bottom = best_per_period(obs[obs["indicator"] == denominator]).set_index("period")
        both = top.index.intersection(bottom.index)
        return pd.DataFrame({"period": both.astype(str), "year": top.loc[both, "year"].astype(int).to_numpy(),
                             "value": (top.loc[both, "value_std"] / bottom.loc[both, "value_std"] * scale
                                       ).to_numpy(dtype=float),
                             "source_ids": (top.loc[both, "source_id"] + ";" + bottom.loc[both, "source_id"]).to_numpy(),
                             "status": "actual"}, columns=FRAME_COLUMNS)
    return build


measure("agriculture_gva_per_worker", "gva_agriculture_kzt", "gross value added of agriculture per person employed "
        "in it (BNS)", default=True, unit="KZT mn per worker",
        definition="Nominal gross value added of section A (KZT bn) over the employed in section A (thousands, labour "
                   "force survey): million tenge per worker, for the years with both.")(
    _ratio("gva_agriculture_kzt", "employed_agriculture_thousand"))
measure("machinery_share_exports", "exports_machinery_xvi_xviii_usd", "machinery, equipment, vehicles and "
        "instruments (HS sections XVI-XVIII) as a share of goods exports (BNS)", default=True, unit="% of exports",
        definition="Exports of HS chapters 84-92 over all goods exports, the same BNS file and months, in %.")(
    _ratio("exports_machinery_xvi_xviii_usd", "exports_goods_usd", 100.0))


measure("rural_phc_running_total", "rural_phc_facilities_built_cumulative", "rural primary-care facilities built "
        "since the project began (dated official counts)", monotone=True,
        definition="Running count of the facilities of the rural healthcare national project, by date.")(
    _per_period("rural_phc_facilities_built_cumulative"))


measure("gas_access_population", "gas_access_population_mn", "people with access to natural gas (Ministry of "
        "Energy)", default=True, monotone=True,
        definition="Dated counts of the population with gas supply; a running total that only rises.")(
    _per_period("gas_access_population_mn"))
