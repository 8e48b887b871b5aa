"""The rest of the documents (series ``other``, page 06): every statement has a verdict, every unsettled one says
what would settle it, and the verdicts judged against data agree with plain pandas from data/raw (no kzseries
import). Rows are named by hand, with the source a referee would pick; the verdict rule is the contract's."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOL = 5.0


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "raw" / name, dtype=str, keep_default_na=False)


def v(indicator: str, period: str, source_id: str) -> float:
    df = raw("other.csv")
    row = df[(df["indicator"] == indicator) & (df["period"] == period) & (df["source_id"] == source_id)]
    assert len(row) == 1, (indicator, period, source_id)
    return float(row["value"].iloc[0])


def chain(indicator: str, base: int, end: int, source_id: str) -> float:
    """A real change in % from a volume index (previous year = 100): the yearly links multiplied."""
    return (math.prod(v(indicator, str(y), source_id) / 100 for y in range(base + 1, end + 1)) - 1) * 100


def verdict(stated: float, measured: float) -> str:
    dev = (stated - measured) / abs(measured) * 100
    return "overstated" if dev > TOL + 1e-9 else "understated" if dev < -TOL - 1e-9 else "consistent"


GVA = "bns-05af5e"
MIRROR, NOMINAL, EMBER = "bns-2398aa", "bns-95e26d", "src-334099"  # BNS production indices; nominal GVA by division
CASES = {  # claim: (stated, the measured value from the raw rows)
    "agri-gross-output-2024": (8300, lambda: v("agriculture_gross_output_kzt", "2024", "bns-d8a2c0")),
    "agri-gross-output-growth-2019-2024": (1.8, lambda: v("agriculture_gross_output_kzt", "2024", "bns-d8a2c0")
                                           / v("agriculture_gross_output_kzt", "2018", "bns-d8a2c0")),
    "exports-2018-2024": (81.6, lambda: v("exports_goods_usd", "2024", "bns-de872e")),
    "exports-2018-level": (61.1, lambda: v("exports_goods_usd", "2018", "bns-ffb7cd")),
    "exports-2018-2024-change": (34, lambda: (v("exports_goods_usd", "2024", "bns-de872e")
                                              / v("exports_goods_usd", "2018", "bns-ffb7cd") - 1) * 100),
    "trade-turnover-2018-2024": (141.4, lambda: v("trade_turnover_goods_usd", "2024", "bns-de872e")),
    "manufacturing-growth-2019-2024": (31.4, lambda: chain("gva_volume_index_manufacturing", 2018, 2024, GVA)),
    "construction-growth-2019-2024": (96.3, lambda: chain("gva_volume_index_construction", 2018, 2024, GVA)),
    "poverty-rate-2019": (4.6, lambda: v("poverty_rate_subsistence_pct", "2019", "wb-a85302")),
    "life-expectancy-2019-2024": (75, lambda: v("life_expectancy_bns_years", "2024", "bns-c1dd05")),
    "infant-mortality-since-2019": (-15.8, lambda: (v("infant_mortality_bns_per_1000", "2024", "bns-048826")
                                                    / v("infant_mortality_bns_per_1000", "2019", "bns-048826") - 1) * 100),
    "mortality-total-since-2019": (-7.8, lambda: (v("crude_death_rate_bns_per_1000", "2024", "bns-198889")
                                                  / v("crude_death_rate_bns_per_1000", "2019", "bns-198889") - 1) * 100),
    "titr-transit-2024": (4500, lambda: v("titr_freight_volume_kt", "2024", "min-392cca")),
    "titr-transit-growth": (6, lambda: v("titr_freight_volume_kt", "2024", "min-392cca")
                            / v("titr_freight_volume_kt", "2019", "min-392cca")),
    "rural-health-facilities-2024-002": (276, lambda: v("rural_phc_facilities_built", "2023", "min-28b621")
                                         + v("rural_phc_facilities_built", "2024", "min-28b621")),
    "machinery-share-exports-2018-2024": (5.8, lambda: v("exports_machinery_xvi_xviii_usd", "2024", "bns-f416d1")
                                          / v("exports_goods_usd", "2024", "bns-de872e") * 100),
    "machinery-share-exports-2018-level": (1.1, lambda: v("exports_machinery_xvi_xviii_usd", "2018", "bns-f416d1")
                                           / v("exports_goods_usd", "2018", "bns-ffb7cd") * 100),
    "agri-spring-field-funding-2025": (2, lambda: v("agri_preferential_spring_harvest_loans_kzt_bn", "2025", "src-efdfd9")
                                       / v("agri_preferential_spring_harvest_loans_kzt_bn", "2024", "pm-ac90cd")),
    "agri-labour-productivity-2024-level": (4.2, lambda: v("gva_agriculture_kzt", "2024", "bns-fe23ff")
                                            / v("employed_agriculture_thousand", "2024", "bns-b3a1af")),
    "industrial-production-growth-2025-ytd": (6.9, lambda: v("industrial_production_growth_pct", "2025-01/2025-07",
                                                             "bns-df8a40")),
    "industrial-production-growth-2025-ytd.jan-aug": (6.9, lambda: v("industrial_production_growth_pct",
                                                                     "2025-01/2025-08", "bns-df8a40")),
    "machine-building-tripled-2019-2024": (3, lambda: 1 + chain("machine_building_volume_index", 2018, 2024, MIRROR)
                                           / 100),
    "machine-building-tripled-2019-2024.nominal-gva": (3, lambda: v("gva_machine_building_kzt", "2024", NOMINAL)
                                                       / v("gva_machine_building_kzt", "2018", NOMINAL)),
    # an average growth a year is the compound rate: the sixth root of the six-year multiple
    "machine-building-avg-growth-2019-2024": (20.3, lambda: ((1 + chain("machine_building_volume_index", 2018, 2024,
                                                                        MIRROR) / 100) ** (1 / 6) - 1) * 100),
    "food-production-growth": (2.1, lambda: v("gva_food_c10_kzt", "2024", NOMINAL) / v("gva_food_c10_kzt", "2018", NOMINAL)),
    "food-production-growth.base-2019": (2.1, lambda: v("gva_food_c10_kzt", "2024", NOMINAL)
                                         / v("gva_food_c10_kzt", "2019", NOMINAL)),
    "food-production-growth.real": (2.1, lambda: 1 + chain("food_c10_volume_index", 2018, 2024, MIRROR) / 100),
    "electricity-consumption-2024": (120, lambda: v("electricity_demand_ember_twh", "2024", EMBER)),
    "electricity-consumption-growth": (14, lambda: (v("electricity_demand_ember_twh", "2024", EMBER)
                                                    / v("electricity_demand_ember_twh", "2019", EMBER) - 1) * 100),
    "electricity-consumption-growth.base-2018": (14, lambda: (v("electricity_demand_ember_twh", "2024", EMBER)
                                                              / v("electricity_demand_ember_twh", "2018", EMBER) - 1) * 100),
    "teacher-salaries-doubled": (2, lambda: v("avg_wage_education_annual_kzt", "2024", "bns-650be7")
                                 / v("avg_wage_education_annual_kzt", "2019", "min-620a58")),
    "wb-trace-loan": (650, lambda: v("wb_trace_loan_usd", "2024", "wb-6493e4")),
    "sme-share-gdp-2019": (27, lambda: v("sme_gva_share_gdp_pct", "2018", "src-e39dce")),
    "sme-share-gdp-2019.year-2019": (27, lambda: v("sme_gva_share_gdp_pct", "2019", "mnec-711b7e")),
}


@pytest.fixture(scope="module")
def engine() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "processed" / "claims_checked.csv", keep_default_na=False).set_index("claim_id")


@pytest.mark.parametrize("claim_id", sorted(CASES))
def test_statements_beyond_the_headline_series_agree_with_an_independent_computation(engine, claim_id):
    stated, measured = CASES[claim_id]
    m = measured()
    row = engine.loc[claim_id]
    assert float(row["stated_value"]) == pytest.approx(stated)
    assert float(row["measured_value"]) == pytest.approx(m, rel=1e-9)
    assert row["verdict"] == verdict(stated, m)


def test_fastest_manufacturing_growth_in_a_decade_holds_on_value_added_and_on_the_production_index(engine):
    growth = {y: v("gva_volume_index_manufacturing", str(y), GVA) for y in range(2015, 2025)}
    assert max(growth, key=growth.get) == 2024
    assert engine.loc["manufacturing-growth-2024-record", "verdict"] == "consistent"
    # the production index, the usual 'output' measure: 2015-2023 from one file of the BNS mirror, 2024 from another
    index = {y: v("manufacturing_volume_index", str(y), "bns-77ad81") for y in range(2015, 2024)}
    index[2024] = v("manufacturing_volume_index", "2024", "bns-2398aa")
    assert max(index, key=index.get) == 2024
    alt = engine.loc["manufacturing-growth-2024-record-production-index"]
    assert alt["reading_of"] == "manufacturing-growth-2024-record" and alt["verdict"] == "consistent"


def test_every_statement_of_the_documents_has_one_verdict_row():
    registry = raw("claims.csv")
    checked = pd.read_csv(ROOT / "data" / "processed" / "claims_checked.csv", keep_default_na=False)
    assert sorted(checked["claim_id"]) == sorted(registry["claim_id"])
    other = checked[checked["series"] == "other"]
    assert len(other) >= 107
    statements = pd.read_csv(ROOT / "data" / "processed" / "statements_checked.csv", keep_default_na=False)
    assert set(statements["statement_id"]) >= set(registry.loc[registry["reading_of"] == "", "statement_id"]) - {""}


def test_every_unsettled_statement_says_what_would_settle_it():
    registry = raw("claims.csv").set_index("claim_id")
    checked = pd.read_csv(ROOT / "data" / "processed" / "claims_other.csv", keep_default_na=False)
    unsettled = checked[(checked["reading_of"] == "") & (checked["verdict"] == "unverifiable")]
    assert len(unsettled) > 0
    missing = [c for c in unsettled["claim_id"] if not registry.loc[c, "verifiable_with"].strip()]
    assert missing == []


def test_each_judged_statement_cites_its_sources():
    sources = set(raw("sources.csv")["source_id"])
    checked = pd.read_csv(ROOT / "data" / "processed" / "claims_other.csv", keep_default_na=False)
    judged = checked[(checked["reading_of"] == "") & ~checked["verdict"].isin(["unverifiable", "pending"])]
    assert len(judged) >= 35
    # the bar counts statements (one sentence, several checks), not checks
    statements = pd.read_csv(ROOT / "data" / "processed" / "statements_checked.csv", keep_default_na=False)
    other = statements[statements["series"] == "other"]
    assert len(other) >= 107 and (~other["verdict"].isin(["unverifiable", "pending"])).sum() >= 35
    for r in judged.itertuples():
        ids = [s for s in r.measured_source_ids.split(";") if s]
        assert ids and set(ids) <= sources, r.claim_id


def test_the_index_shows_both_tallies_and_each_document_one_click_away():
    index = (ROOT / "reports" / "index.html").read_text(encoding="utf-8")
    statements = pd.read_csv(ROOT / "data" / "processed" / "statements_checked.csv", keep_default_na=False)
    headline = statements[statements["series"] != "other"]
    assert f"<p>{len(headline)} statements on 5 headline series" in index
    assert f"All numeric statements of the five documents:</strong> {len(statements)} " in index
    page = (ROOT / "reports" / "06_documents.html").read_text(encoding="utf-8")
    for doc in sorted(set(statements["document"])):
        anchor = "doc-" + doc.split("_", 1)[0]
        assert f'href="06_documents.html#{anchor}"' in index
        assert f'id="{anchor}"' in page
