"""An independent oracle for the verdicts: every numeric headline claim recomputed from data/raw with plain
pandas (no kzseries import), against the committed claim-engine output (data/processed/claims_checked.csv).

The rows used are named here by hand, with the reason, as a referee would pick them; the verdict rule is written
out again from the contract (deviation = (stated - measured) / |measured| x 100, inclusive tolerance, one-sided
qualifiers). A bug in the engine that is regenerated into the committed outputs fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOL = 5.0


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "raw" / name, dtype=str, keep_default_na=False)


def value(file: str, indicator: str, period: str, source_id: str, per: float = 1.0) -> float:
    """One row's value, by hand-named source, divided by ``per`` (e.g. 1e9 for USD -> USD bn)."""
    df = raw(file)
    row = df[(df["indicator"] == indicator) & (df["period"] == period) & (df["source_id"] == source_id)]
    assert len(row) == 1, (file, indicator, period, source_id, len(row))
    return float(row["value"].iloc[0]) / per


def verdict(stated: float, measured: float, qualifier: str = "exact") -> str:
    dev = (stated - measured) / abs(measured) * 100
    if qualifier in ("more_than", "at_least"):
        return "consistent" if dev <= TOL + 1e-9 else "overstated"
    if dev > TOL + 1e-9:
        return "overstated"
    if dev < -TOL - 1e-9:
        return "understated"
    return "consistent"


# --- the series, row by row -------------------------------------------------------------------
def wdi_usd(y):
    return value("gdp.csv", "gdp_usd_current", str(y), "wb-719b00", 1e9)


def imf_usd(y):
    return value("gdp.csv", "gdp_usd_current", str(y), "imf-d77a71", 1e9)


def per_capita(y):  # WDI GDP over the World Bank population of the same snapshot
    return wdi_usd(y) * 1e9 / value("gdp.csv", "population_world_bank", str(y), "wb-3ec010")


def fdi_gross(y):
    """NBK gross inflow: the National Bank's own latest release where one exists, else the one figure given."""
    own = {2020: "nbk-ab8818", 2021: "nbk-52d2e3", 2022: "nbk-52d2e3"}
    other = {2019: "mfa-7a84b7", 2023: "src-6d1f24", 2024: "src-6d1f24"}
    return value("fdi.csv", "fdi_gross_inflow_usd", str(y), own.get(y) or other[y])


def housing_first(y):
    """Floor area, first release (the earliest publication; its most precise restatement)."""
    first = {2018: "mic-dbbcd2", 2019: "mic-698d78", 2020: "pm-51c395", 2021: "bns-c5e8fa", 2022: "bns-0fd7e7",
             2023: "bns-65f4fb", 2024: "bns-7d22be"}
    return value("housing.csv", "housing_commissioned_m2", str(y), first[y])


def clean(y):
    return value("grain.csv", "grain_harvest_t", str(y), "bns-60f84d")


def minwage(y):
    return value("minimum_wage.csv", "minimum_wage_kzt", str(y), {2018: "src-628c31", 2019: "src-4e9c65",
                                                                   2024: "gov-462ede"}[y])


CASES = {
    # claim id: (stated, qualifier, measured)
    "gdp-2024-usd": (288, "exact", lambda: wdi_usd(2024)),
    "gdp-2018-usd-170": (170.5, "exact", lambda: wdi_usd(2018)),
    "gdp-1990s-usd-11": (11, "exact", lambda: imf_usd(1994)),
    "gdp-1990s-usd-11.wdi-1994": (11, "exact", lambda: wdi_usd(1994)),
    "gdp-usd-independence-growth": (15.5, "exact", lambda: imf_usd(2018) / imf_usd(1994)),
    "gdp-usd-independence-growth.wdi": (15.5, "exact", lambda: wdi_usd(2018) / wdi_usd(1994)),
    "gdp-per-capita-2024-usd": (14000, "more_than", lambda: per_capita(2024)),
    "gdp-per-capita-growth-2019-2024": (50, "nearly", lambda: (per_capita(2024) / per_capita(2018) - 1) * 100),
    "fdi-2019-2024-cumulative": (130, "exact", lambda: sum(fdi_gross(y) for y in range(2019, 2025))),
    "fdi-h1-2022": (14.5, "exact", lambda: value("fdi.csv", "fdi_gross_inflow_usd", "2022-H1", "mfa-036f26")),
    "housing-2024-m2": (19, "exact", lambda: housing_first(2024)),
    "housing-2024-vs-2018-pct": (51.4, "exact", lambda: (housing_first(2024) / housing_first(2018) - 1) * 100),
    "housing-2024-vs-2018-abs": (6.4, "exact", lambda: housing_first(2024) - housing_first(2018)),
    "housing-2019-2024-cumulative": (97.8, "exact", lambda: sum(housing_first(y) for y in range(2019, 2025))),
    "grain-2024-harvest.clean": (26.7, "exact", lambda: clean(2024)),
    "minwage-2019-kzt": (42500, "exact", lambda: minwage(2019)),
    "minwage-2024-kzt": (85000, "exact", lambda: minwage(2024)),
    "minwage-doubling": (2, "exact", lambda: minwage(2024) / minwage(2019)),
    "minwage-doubling.base-2018": (2, "exact", lambda: minwage(2024) / minwage(2018)),
    # the count officials announced for the 2024 rise (the latest before the March 2025 statement)
    "minwage-beneficiaries": (2e6, "about", lambda: value("minimum_wage.csv", "workers_affected_by_mw_rise_persons",
                                                          "2024", "pres-f5752c")),
}


@pytest.fixture(scope="module")
def engine() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "processed" / "claims_checked.csv").set_index("claim_id")


@pytest.mark.parametrize("claim_id", sorted(CASES))
def test_value_claims_agree_with_an_independent_computation(engine, claim_id):
    stated, qualifier, measured = CASES[claim_id]
    m = measured()
    row = engine.loc[claim_id]
    assert row["stated_value"] == pytest.approx(stated) and row["qualifier"] == qualifier
    assert row["measured_value"] == pytest.approx(m, rel=1e-9)
    assert row["deviation_pct"] == pytest.approx(round((stated - m) / abs(m) * 100, 2), abs=0.006)
    assert row["verdict"] == verdict(stated, m, qualifier)


def test_the_ten_year_grain_record_holds_on_clean_weight_and_the_unqualified_one_does_not(engine):
    window = {y: clean(y) for y in range(2015, 2025)}
    assert max(window, key=window.get) == 2024
    assert engine.loc["grain-2024-record-10y", "verdict"] == "consistent"
    assert clean(2011) > clean(2024)  # 26.96 against 25.20: the all-time high is 2011
    assert engine.loc["grain-2024-record-004", "verdict"] == "not_supported"
    assert "2011" in engine.loc["grain-2024-record-004", "explanation"]


def test_record_growth_of_construction_is_not_supported(engine):
    # the primary reading: BNS volume index of construction works, 2024 against every earlier curated year
    growth = {y: value("housing.csv", "construction_works_volume_growth_pct", str(y), s)
              for y, s in {2016: "mne-1c2ed9", 2023: "bns-8ab795", 2024: "mic-42d46f"}.items()}
    assert growth[2023] > growth[2024]  # 15.1 against 13.1: one earlier year is enough to refute a record
    row = engine.loc["housing-2024-record"]
    assert row["verdict"] == "not_supported" and row["measure"] == "construction_works_growth"
    assert row["measured_value"] == pytest.approx(growth[2024]) and "2023" in row["explanation"]
    assert engine.loc["housing-2024-record.housing-growth", "reading_of"] == "housing-2024-record"
    assert engine.loc["housing-2024-record.level", "reading_of"] == "housing-2024-record"


def test_no_2024_grain_figure_is_tagged_bunker_so_the_bunker_reading_is_unverifiable(engine):
    g = raw("grain.csv")
    h = g[(g["indicator"] == "grain_harvest_t") & (g["period"] == "2024")]
    assert "bunker" not in set(h["basis"])
    for sid in ("moa-8ce25e", "moa-9a8314", "moa-8d69f8"):  # bunker only by implication: not tagged
        assert set(g.loc[(g["indicator"] == "grain_harvest_t") & (g["source_id"] == sid), "basis"]) == {"not_stated"}
    assert engine.loc["grain-2024-harvest", "verdict"] == "unverifiable"
    assert engine.loc["grain-2024-record-crop-heading", "verdict"] == "not_supported"  # 2011 is higher (clean)


def test_record_growth_of_housing_is_not_supported(engine):
    # latest figures: 2024 against 2023, and 2020 against 2019 (the fastest year in the span)
    latest = {2019: housing_first(2019), 2020: value("housing.csv", "housing_commissioned_m2", "2020", "pm-51c395"),
              2023: value("housing.csv", "housing_commissioned_m2", "2023", "bns-8ab795"),
              2024: value("housing.csv", "housing_commissioned_m2", "2024", "mic-7a3660")}
    assert latest[2020] / latest[2019] > latest[2024] / latest[2023]
    assert engine.loc["housing-2024-record.housing-growth", "verdict"] == "not_supported"


def test_the_150_bn_target_paces(engine):
    done = fdi_gross(2023) + fdi_gross(2024)
    achieved, needed = done / 2, (150 - done) / 5
    assert engine.loc["fdi-target-2023-2029", "measured_value"] == pytest.approx(done)
    off = (needed - achieved) / achieved * 100 > TOL
    assert engine.loc["fdi-target-2023-2029", "verdict"] == ("off_track" if off else "on_track")
    done22 = done + fdi_gross(2022)
    on22 = ((150 - done22) / 5 - done22 / 3) / (done22 / 3) * 100 <= TOL
    assert engine.loc["fdi-target-2023-2029.from-2022", "verdict"] == ("on_track" if on22 else "off_track")


def test_the_threshed_total_is_bracketed_by_the_releases_around_4_september(engine):
    g = raw("grain.csv")
    t = g[g["indicator"] == "grain_threshed_to_date_t"]
    dated = t[t["period"].str.fullmatch(r"2025-\d{2}-\d{2}")]  # only rows dated by their period
    before = float(dated[dated["period"] <= "2025-09-04"].sort_values("period")["value"].iloc[-1])
    after = float(dated[dated["period"] > "2025-09-04"].sort_values("period")["value"].iloc[0])
    assert (before, after) == (3.1, 11.6)
    assert before * 1.05 < 6 < after  # "more than 6": overstated at the lower end, consistent at the upper
    row = engine.loc["grain-2025-threshed-early-sep"]
    assert row["verdict"] == "unverifiable" and row["measured_period"] == "2025-08-25/2025-09-15"


def test_the_forecast_is_pending_without_a_deviation(engine):
    row = engine.loc["gdp-forecast-2026-2028-real-growth"]
    assert row["verdict"] == "pending" and pd.isna(row["deviation_pct"]) and pd.isna(row["measured_value"])


# --- the referee's columns, recomputed by hand --------------------------------------------------
def margin(stated: float, measured: float, qualifier: str) -> float:
    """Distance of the deviation from the nearest tolerance edge that the qualifier uses, in points."""
    dev = (stated - measured) / abs(measured) * 100
    if qualifier in ("more_than", "at_least"):
        return abs(TOL - dev)
    return min(abs(TOL - dev), abs(dev + TOL))


@pytest.mark.parametrize("claim_id", sorted(CASES))
def test_margins_agree_with_an_independent_computation(engine, claim_id):
    stated, qualifier, measured = CASES[claim_id]
    assert engine.loc[claim_id, "margin_pct"] == pytest.approx(round(margin(stated, measured(), qualifier), 2),
                                                              abs=0.006)


def test_the_knife_edge_verdicts_are_fragile_with_their_reason(engine):
    # 170.5 against 179.34: -4.93%, 0.07 points inside the edge; a tolerance of 4% flips it
    assert engine.loc["gdp-2018-usd-170", "margin_pct"] == pytest.approx(
        round(margin(170.5, wdi_usd(2018), "exact"), 2), abs=0.006)
    assert engine.loc["gdp-2018-usd-170", "robust"] == "fragile"
    assert "tolerance of 4%" in engine.loc["gdp-2018-usd-170", "flips_if"]
    # $150 bn 2023-2029: pace needed over pace achieved, 5.63% against 5%; the rounded 2023 figure (24) flips it
    done = fdi_gross(2023) + fdi_gross(2024)
    gap = ((150 - done) / 5 / (done / 2) - 1) * 100
    assert engine.loc["fdi-target-2023-2029", "margin_pct"] == pytest.approx(round(gap - TOL, 2), abs=0.006)
    flips = engine.loc["fdi-target-2023-2029", "flips_if"]
    assert engine.loc["fdi-target-2023-2029", "robust"] == "fragile" and "the 2023 value (24)" in flips
    assert "eight years 2022-2029" in flips


def dated(file: str) -> pd.DataFrame:
    """A raw file's rows with the date each was public: its own, else its source's."""
    df = raw(file)
    src = raw("sources.csv").set_index("source_id")["published"]
    df["public"] = df["published"].where(df["published"] != "", df["source_id"].map(src).fillna(""))
    return df


def latest_day(date: str) -> str:
    return {4: date + "-12-31", 7: date + "-31"}.get(len(date), date)  # months: "-31" sorts after any day


def first_day(date: str) -> str:
    return {4: date + "-01-01", 7: date + "-01"}.get(len(date), date)


def rows_surely_out(file, indicator, period, said, prefix=""):
    df = dated(file)
    df = df[(df["indicator"] == indicator) & (df["period"] == period) & df["source_id"].str.startswith(prefix)]
    return df[(df["public"] != "") & (df["public"].map(latest_day) <= said)]


WHEN_SAID = {
    # claim id: (verdict when said, measured when said, or None where nothing was published)
    "fdi-h1-2022": lambda: ("consistent", float(rows_surely_out("fdi.csv", "fdi_gross_inflow_usd", "2022-H1",
                                                                  "2022-12-31")["value"].astype(float).max())),
    # the latest official running total since independence that was out by the day of the speech
    "fdi-cumulative-since-independence": lambda: ("consistent", float(running_totals_out("2019-11-25")["value"]
                                                                      .astype(float).iloc[-1])),
    "minwage-2019-kzt": lambda: ("consistent", minwage(2019)),
    # the World Bank population of 2026 was not out in March 2025: the national (BNS-based) count was in use
    "gdp-per-capita-2024-usd": lambda: ("consistent", wdi_usd(2024) * 1e9 / national_pop(2024)),
    "gdp-per-capita-growth-2019-2024": lambda: (verdict(50, g := (wdi_usd(2024) / national_pop(2024)) / (
        wdi_usd(2018) / national_pop(2018)) * 100 - 100, "nearly"), g),
}


def running_totals_out(said: str) -> pd.DataFrame:
    df = dated("fdi.csv")
    df = df[(df["indicator"] == "fdi_cumulative_gross_usd") & (df["period"].str[:4] <= "1993")
            & (df["period"].str.split("/").str[-1] <= said[:7])]
    df = df[(df["public"] != "") & (df["public"].map(latest_day) <= said)]
    return df.assign(end=df["period"].str.split("/").str[-1]).sort_values(["end", "source_id"], kind="mergesort")


def national_pop(y):
    return value("gdp.csv", "population_national", str(y), "imf-6666c4")


@pytest.mark.parametrize("claim_id", sorted(WHEN_SAID))
def test_verdicts_when_said_agree_with_an_independent_computation(engine, claim_id):
    want_verdict, want_value = WHEN_SAID[claim_id]()
    assert engine.loc[claim_id, "verdict_when_said"] == want_verdict
    assert engine.loc[claim_id, "measured_when_said"] == pytest.approx(want_value, rel=1e-9)


def copied_only(df: pd.DataFrame) -> pd.Series:
    """Rows dated only by the day their source's copy was made (no date of their own; published_is snapshot)."""
    kind = raw("sources.csv").set_index("source_id")["published_is"]
    return (df["published"] == "") & (df["source_id"].map(kind) == "snapshot")


@pytest.mark.parametrize("claim_id, file, indicator, periods, prefix", [
    ("fdi-2019-2024-cumulative", "fdi.csv", "fdi_gross_inflow_usd", ["2023", "2024"], ""),
    ("gdp-1990s-usd-11", "gdp.csv", "gdp_usd_current", ["1994"], "imf-"),
])
def test_not_yet_published_when_said_means_no_row_can_have_been_out(engine, claim_id, file, indicator, periods,
                                                                     prefix):
    said = engine.loc[claim_id, "said_on"]
    assert engine.loc[claim_id, "verdict_when_said"] == "not_yet_published"
    for p in periods:
        df = dated(file)
        df = df[(df["indicator"] == indicator) & (df["period"] == p) & df["source_id"].str.startswith(prefix)]
        assert len(df) and (df["public"] != "").all() and (df["public"].map(first_day) > latest_day(said)).any()
    # some period the check needs has no row that can have been out: each is dated (by a release or a page, not
    # by a copy) after the statement
    def none_out(p):
        df = dated(file)
        df = df[(df["indicator"] == indicator) & (df["period"] == p) & df["source_id"].str.startswith(prefix)]
        return (~copied_only(df) & (df["public"].map(first_day) > latest_day(said))).all()
    assert any(none_out(p) for p in periods)


@pytest.mark.parametrize("claim_id, period, prefix", [
    ("gdp-2018-usd-170", "2018", "wb-"), ("gdp-2024-usd", "2024", "wb-"),
])
def test_a_row_dated_only_by_its_copy_leaves_the_verdict_when_said_undetermined(engine, claim_id, period, prefix):
    # WDI rows carry the date of the stored copy (2026): surely out by then, but perhaps long before the speech
    said = engine.loc[claim_id, "said_on"]
    df = dated("gdp.csv")
    df = df[(df["indicator"] == "gdp_usd_current") & (df["period"] == period) & df["source_id"].str.startswith(prefix)]
    assert len(df) == 1 and copied_only(df).all() and df["public"].iloc[0] > said and f"{period}-12-31" < said
    assert engine.loc[claim_id, "verdict_when_said"] == "undetermined"
    assert engine.loc[claim_id, "measured_when_said"] == pytest.approx(float(df["value"].iloc[0]) / 1e9, rel=1e-9)


def test_a_row_dated_only_by_year_leaves_the_verdict_when_said_undetermined(engine):
    # the BNS first release of 2024 housing is dated "2025": it may or may not have been out on 17 March 2025
    df = dated("housing.csv")
    row = df[(df["source_id"] == "bns-7d22be") & (df["period"] == "2024")]
    assert list(row["public"]) == ["2025"]
    assert engine.loc["housing-2024-m2", "verdict_when_said"] == "undetermined"
    assert engine.loc["housing-2024-m2", "measured_when_said"] == pytest.approx(housing_first(2024))


def test_the_h1_2022_figure_rests_on_official_statements_only(engine):
    src = raw("sources.csv").set_index("source_id")["publisher"]
    df = raw("fdi.csv")
    ids = df[(df["indicator"] == "fdi_gross_inflow_usd") & (df["period"] == "2022-H1")]["source_id"]
    assert not any(k in src[s] for s in ids for k in ("National Bank", "Statistic"))
    assert engine.loc["fdi-h1-2022", "evidence"] == "official"
    assert "official figures only (no statistical release)" in engine.loc["fdi-h1-2022", "explanation"]


def test_incomplete_windows_give_their_bounds(engine):
    manu = {2021: value("fdi.csv", "fdi_gross_inflow_manufacturing_usd", "2021", "nbk-ab8818"),
            2022: value("fdi.csv", "fdi_gross_inflow_manufacturing_usd", "2022", "nbk-52d2e3")}
    assert engine.loc["fdi-2019-2024-manufacturing", "bound_value"] == pytest.approx(sum(manu.values()))
    missing = sum(fdi_gross(y) for y in (2019, 2020, 2023, 2024))
    share = (72.7 - sum(manu.values())) / missing
    assert f"{share:.0%} of the gross FDI inflow (NBK)" in engine.loc["fdi-2019-2024-manufacturing", "needed"]
    assert engine.loc["fdi-2019-2024-manufacturing", "lean"] == "likely overstated"
    # dwellings: the two missing years would need more each than any year with data gave
    assert engine.loc["housing-target-2020-2025-flats", "lean"] == "probably missed"
    assert engine.loc["housing-target-2020-2025-flats", "needed"].startswith("The years with data (2020–2022, 2024)")
