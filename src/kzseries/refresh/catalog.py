"""What ``refresh`` brings in: each publisher series, mapped onto an indicator and unit of ``data/raw``.

Every entry names the publisher's own code, the project's indicator and the unit the value is recorded
in (one listed for the indicator in ``units.csv``), the raw file, and the *lineage*: the source id of the
curated rows of the same publisher series (see :mod:`kzseries.vintages`), so a new release is recorded
as ``<lineage>.<release>`` beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTRY_ISO3 = "KAZ"          # World Bank and IMF WEO
COUNTRY_ISO2 = "KZ"
FAO_AREA = "108"              # FAOSTAT area code of Kazakhstan
FAO_AREA_M49 = "398"


@dataclass(frozen=True)
class Series:
    publisher: str      # "wdi", "weo" or "faostat"
    code: str           # the publisher's series code
    indicator: str
    unit: str           # the unit the rows are recorded in
    file: str           # data/raw/<file>
    lineage: str        # source id of the curated rows of this series
    label: str          # short name used in summaries ("GDP")
    expect_unit: str    # the unit as the publisher names it; anything else is a changed unit
    scale: float = 1.0  # publisher value x scale = value in ``unit``
    element: str = ""   # FAOSTAT element code as queried


WDI = (
    Series("wdi", "NY.GDP.MKTP.CD", "gdp_usd_current", "USD", "gdp.csv", "wb-719b00", "GDP (USD)", "current US$"),
    Series("wdi", "NY.GDP.PCAP.CD", "gdp_per_capita_usd", "USD", "gdp.csv", "wb-1afe1e", "GDP per capita (USD)",
           "current US$"),
    Series("wdi", "SP.POP.TOTL", "population_world_bank", "persons", "gdp.csv", "wb-3ec010", "Population (WB)", ""),
    Series("wdi", "NY.GNP.PCAP.CD", "gni_per_capita_atlas_usd", "USD", "gdp.csv", "wb-f5f465",
           "GNI per capita, Atlas (USD)", "current US$"),
    Series("wdi", "BX.KLT.DINV.CD.WD", "fdi_net_inflow_wb_usd", "USD", "fdi.csv", "wb-9c9ea7", "Net FDI inflow (USD)",
           "BoP, current US$"),
    Series("wdi", "FP.CPI.TOTL.ZG", "cpi_inflation_avg_pct", "%", "gdp.csv", "wb-35f485", "CPI inflation (%)",
           "annual %"),
    Series("wdi", "NY.GDP.MKTP.KD.ZG", "gdp_real_growth_pct", "% y/y", "gdp.csv", "wb-464018", "Real GDP growth (%)",
           "annual %"),
)
# DBnomics keeps each WEO edition as its own dataset (IMF/WEO:2026-04, IMF/WEO:2026-10); series code
# <country>.<subject>.<unit>. NGDPD is in billions of US dollars.
WEO = (
    Series("weo", "NGDPD", "gdp_usd_current", "USD bn", "gdp.csv", "imf-d77a71", "GDP (USD bn, WEO)", "us_dollars"),
    Series("weo", "NGDP_RPCH", "gdp_real_growth_pct", "% y/y", "gdp.csv", "imf-5b2d78", "Real GDP growth (%, WEO)",
           "pcent_change"),
)
# FAOSTAT QCL, item 1717 (Cereals, primary); the query names elements 2510/2312/2413, the answer 5510/5312/5412.
FAOSTAT = (
    Series("faostat", "5510", "cereal_production_fao_t", "t", "grain.csv", "fao-b63442", "Cereal production (t)", "t",
           element="2510"),
    Series("faostat", "5312", "grain_area_ha", "ha", "grain.csv", "fao-c6098b", "Cereal area harvested (ha)", "ha",
           element="2312"),
    Series("faostat", "5412", "grain_yield_c_per_ha", "kg/ha", "grain.csv", "fao-qcl1717y", "Cereal yield (kg/ha)",
           "kg/ha", element="2413"),
)
FAO_ITEM = "1717"
ALL = WDI + WEO + FAOSTAT

PUBLISHERS = {
    "wdi": "World Bank (World Development Indicators)",
    "weo": "IMF World Economic Outlook (via DBnomics)",
    "faostat": "FAO (FAOSTAT QCL)",
}
LICENCES = {
    "wdi": "CC BY 4.0 (World Bank data terms of use)",
    "weo": "IMF copyright and usage terms (https://www.imf.org/external/terms.htm)",
    "faostat": "CC BY 4.0 (FAO statistical database terms of use)",
}


def name(s: Series) -> str:
    """How a series is named in messages: publisher and code."""
    pub = {"wdi": "World Bank WDI", "weo": "IMF WEO", "faostat": "FAOSTAT QCL"}[s.publisher]
    return f"{pub} {s.code}" + (f" (item {FAO_ITEM})" if s.publisher == "faostat" else "")


# National series: their publisher's usual lag from the end of a period to its first release, in days.
# ``refresh`` lists those whose latest period is older than that (see CONTRIBUTING.md to curate one).
NATIONAL_LAG_DAYS = {
    # (file, indicator, source-id prefix): (publisher, lag in days after the end of the period)
    ("gdp.csv", "gdp_kzt_current", "bns"): ("BNS", 120),
    ("gdp.csv", "gdp_real_volume_index", "bns"): ("BNS", 120),
    ("gdp.csv", "cpi_yoy_index", "bns"): ("BNS", 45),
    ("fdi.csv", "fdi_gross_inflow_usd", "nbk"): ("NBK", 120),
    ("fdi.csv", "fdi_net_inflow_nbk_usd", "nbk"): ("NBK", 120),
    ("housing.csv", "housing_commissioned_m2", "bns"): ("BNS", 60),
    ("grain.csv", "grain_harvest_t", "bns"): ("BNS", 150),
    ("minimum_wage.csv", "average_wage_kzt", "bns"): ("BNS", 90),
    ("minimum_wage.csv", "median_wage_kzt", "bns"): ("BNS", 240),
}
