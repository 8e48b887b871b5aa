"""The claim engine, table-driven: every kind, every qualifier, the tolerance edges, gaps and readings.

Expected verdicts are worked out by hand from the small series below, never taken from the code under test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzseries import claims, data

WDI = "wb-719b00"  # the source the gdp_usd_wdi measure reads


def obs(values: dict[int, float], indicator: str = "gdp_usd_current", source: str = WDI,
        status: str = "final") -> pd.DataFrame:
    """Tidy observations (the audit's columns) of one annual series."""
    rows = [{"series": "gdp", "indicator": indicator, "period": str(y), "period_kind": "year", "year": y,
             "start": f"{y}-01-01", "end": f"{y}-12-31", "months": 12, "value": v, "unit": "USD bn",
             "value_std": v, "unit_std": "USD bn", "status": status, "vintage": "", "basis": "",
             "source_id": source, "publisher": "World Bank", "published": "", "notes": ""}
            for y, v in values.items()]
    return pd.DataFrame(rows)


def claim(**kw) -> claims.Claim:
    base = dict(claim_id="t", series="gdp", indicator="gdp_usd_current", kind="level", unit="USD bn",
                measure="gdp_usd_wdi", data_indicator="gdp_usd_current")
    base.update(kw)
    return claims.Claim(**base)


def check(c: claims.Claim, o: pd.DataFrame, tol: float = 5.0) -> dict:
    return claims.check(c, claims.Context(o), tol)


# ---------------------------------------------------------------- qualifiers
@pytest.mark.parametrize("stated, measured, qualifier, verdict", [
    (100, 100, "exact", "consistent"),
    (105, 100, "exact", "consistent"),          # exactly +5%: inside (inclusive)
    (95, 100, "exact", "consistent"),           # exactly -5%
    (105.01, 100, "exact", "overstated"),
    (94.99, 100, "exact", "understated"),
    (110, 100, "about", "overstated"),
    (90, 100, "about", "understated"),
    (50, 49.4, "nearly", "consistent"),
    (50, 50.4, "nearly", "consistent"),
    (300, 330, "at_least", "consistent"),      # far above a lower bound is still consistent
    (300, 330, "more_than", "consistent"),
    (300, 280, "more_than", "overstated"),     # 7.1% short of the bound
    (300, 290, "more_than", "consistent"),     # 3.4% short: within tolerance
    (300, 250, "up_to", "consistent"),
    (300, 350, "up_to", "understated"),
    (10, -10, "exact", "overstated"),          # a negative measured value: deviation relative to |measured|
])
def test_compare_honours_qualifiers_and_inclusive_tolerance(stated, measured, qualifier, verdict):
    assert claims.compare(stated, measured, qualifier, 5.0)[0] == verdict


def test_compare_zero_measured_has_no_deviation():
    v, d = claims.compare(5, 0, "exact", 5.0)
    assert v == "unverifiable" and math.isnan(d)


def test_compare_refuses_an_unknown_qualifier():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        claims.compare(1, 1, "roughly", 5.0)


# ---------------------------------------------------------------- level
def test_level_consistent_with_deviation_and_sources():
    r = check(claim(stated_value=288.0, period_end="2024"), obs({2023: 262.6, 2024: 291.5}))
    assert r["verdict"] == "consistent"
    assert r["measured_value"] == 291.5 and r["measured_period"] == "2024" and r["measured_source_ids"] == WDI
    assert r["deviation_pct"] == round((288 - 291.5) / 291.5 * 100, 2)
    assert "291.5" in r["explanation"] and "5% tolerance" in r["explanation"]


def test_level_without_the_period_is_unverifiable_and_says_which():
    r = check(claim(stated_value=288.0, period_end="2025"), obs({2023: 262.6, 2024: 291.5}))
    assert r["verdict"] == "unverifiable" and "2025" in r["explanation"]
    assert math.isnan(r["deviation_pct"])


def test_a_projection_is_never_an_outcome():
    o = pd.concat([obs({2024: 291.5}, source="imf-d77a71"), obs({2025: 300.0}, source="imf-d77a71",
                                                                status="forecast")])
    r = check(claim(stated_value=300.0, period_end="2025", measure="gdp_usd_imf"), o)
    assert r["verdict"] == "unverifiable"


def test_the_run_tolerance_and_a_claim_tolerance():
    o = obs({2024: 100.0})
    assert check(claim(stated_value=108.0, period_end="2024"), o, tol=5.0)["verdict"] == "overstated"
    assert check(claim(stated_value=108.0, period_end="2024"), o, tol=10.0)["verdict"] == "consistent"
    r = check(claim(stated_value=108.0, period_end="2024", tolerance_pct=10.0), o, tol=5.0)
    assert r["verdict"] == "consistent" and r["tolerance_pct"] == 10.0


# ---------------------------------------------------------------- change
@pytest.mark.parametrize("unit, stated, measured", [("%", 50.0, 50.0), ("x", 1.5, 1.5), ("USD bn", 50.0, 50.0)])
def test_change_forms_follow_the_unit(unit, stated, measured):
    r = check(claim(kind="change", unit=unit, stated_value=stated, base_period="2018", period_end="2024"),
              obs({2018: 100.0, 2019: 120.0, 2024: 150.0}))
    assert r["measured_value"] == pytest.approx(measured) and r["verdict"] == "consistent"
    assert r["measured_period"] == "2018/2024"


def test_change_is_measured_from_the_registry_base_not_the_year_before_the_window():
    c = claim(kind="change", unit="%", stated_value=25.0, base_period="2019", period_start="2019", period_end="2024")
    r = check(c, obs({2018: 100.0, 2019: 120.0, 2024: 150.0}))
    assert r["measured_value"] == pytest.approx(25.0) and r["verdict"] == "consistent"


def test_change_with_a_missing_base_names_it():
    r = check(claim(kind="change", unit="%", stated_value=50.0, base_period="2017", period_end="2024"),
              obs({2018: 100.0, 2024: 150.0}))
    assert r["verdict"] == "unverifiable" and "2017" in r["explanation"]


# ---------------------------------------------------------------- cumulative
def test_cumulative_sums_the_window():
    r = check(claim(kind="cumulative", stated_value=60.0, period_start="2020", period_end="2022"),
              obs({2019: 100.0, 2020: 10.0, 2021: 20.0, 2022: 30.0, 2023: 100.0}))
    assert r["measured_value"] == 60.0 and r["verdict"] == "consistent" and r["measured_period"] == "2020-2022"


def test_cumulative_with_a_gap_or_nan_names_the_missing_years():
    o = obs({2020: 10.0, 2021: float("nan"), 2022: 30.0})
    r = check(claim(kind="cumulative", stated_value=40.0, period_start="2020", period_end="2023"), o)
    assert r["verdict"] == "unverifiable"
    assert "2021" in r["explanation"] and "2023" in r["explanation"] and "40" in r["explanation"]
    assert math.isnan(r["measured_value"])


def test_cumulative_function_refuses_nan_years():
    with pytest.raises(claims.MissingYears) as e:
        claims.cumulative(pd.Series({2020: 1.0, 2021: float("nan"), 2022: 1.0}), 2020, 2022)
    assert e.value.missing == [2021]


# ---------------------------------------------------------------- record
SERIES = {2011: 27.0, 2015: 18.7, 2016: 19.0, 2017: 20.0, 2018: 20.3, 2019: 17.4, 2020: 20.1, 2021: 16.4,
          2022: 22.0, 2023: 17.0, 2024: 26.7, 2025: 27.5}


@pytest.mark.parametrize("start, verdict", [
    ("2015", "consistent"),       # 2015-2024 is complete and 2024 is its highest
    ("", "not_supported"),        # all years: 2011 is higher
    ("2010", "not_supported"),    # 2011 inside the window
    ("2013", "unverifiable"),     # 2013-2014 missing and nothing higher among the rest
])
def test_record_windows(start, verdict):
    r = check(claim(kind="record", stated_value=26.7, period_start=start, period_end="2024"), obs(SERIES))
    assert r["verdict"] == verdict, r["explanation"]


def test_record_ignores_later_years():
    # 2025 is higher than 2024, but a record is claimed against the past
    r = check(claim(kind="record", period_start="2015", period_end="2024"), obs(SERIES))
    assert r["verdict"] == "consistent" and "2025" not in r["measured_period"]


def test_record_tie_counts_as_a_record_and_says_so():
    r = check(claim(kind="record", period_start="2020", period_end="2022"),
              obs({2020: 5.0, 2021: 4.0, 2022: 5.0}))
    assert r["verdict"] == "consistent" and "equal with 2020" in r["explanation"]


def test_record_of_growth_is_a_different_question():
    o = obs({2018: 10.0, 2019: 12.0, 2020: 12.5, 2021: 13.0})   # levels rise every year, growth peaks in 2019
    level = check(claim(kind="record", period_end="2021"), o)
    growth = check(claim(kind="record", period_end="2021", transform="growth_pct"), o)
    assert level["verdict"] == "consistent" and growth["verdict"] == "not_supported"


# ---------------------------------------------------------------- target
@pytest.mark.parametrize("values, goal, verdict", [
    ({2023: 60.0, 2024: 60.0}, 100.0, "achieved"),              # met early, horizon open to 2026
    ({2023: 20.0, 2024: 20.0, 2025: 20.0, 2026: 20.0}, 100.0, "missed"),
    ({2023: 25.0, 2024: 25.0}, 100.0, "on_track"),              # 25 a year achieved, 25 needed
    ({2023: 24.5, 2024: 24.5}, 100.0, "on_track"),              # needs 25.5 a year: 4.1% more, inside 5%
    ({2023: 23.0, 2024: 23.0}, 100.0, "off_track"),             # needs 27 a year: 17% more
    ({2020: 5.0}, 100.0, "pending"),                            # nothing inside the horizon yet
])
def test_cumulative_target(values, goal, verdict):
    c = claim(kind="target", target_form="cumulative", stated_value=goal, qualifier="at_least",
              period_start="2023", period_end="2026")
    r = check(c, obs(values))
    assert r["verdict"] == verdict, r["explanation"]
    if verdict == "pending":
        assert math.isnan(r["measured_value"])


def test_cumulative_target_with_a_gap_is_unverifiable():
    c = claim(kind="target", target_form="cumulative", stated_value=100.0, period_start="2022", period_end="2026")
    r = check(c, obs({2022: 30.0, 2024: 30.0}))
    assert r["verdict"] == "unverifiable" and "2023" in r["explanation"]


def test_about_a_goal_is_reached_within_tolerance():
    c = claim(kind="target", target_form="cumulative", stated_value=1000.0, qualifier="about",
              period_start="2020", period_end="2021")
    assert check(c, obs({2020: 480.0, 2021: 480.0}))["verdict"] == "achieved"     # 960: 4.2% short
    assert check(c, obs({2020: 450.0, 2021: 450.0}))["verdict"] == "missed"       # 900: 11% short


def test_level_target_pace_in_percent_a_year():
    c = claim(kind="target", target_form="level", stated_value=121.0, period_start="2024", period_end="2026")
    # 2023 -> 2024 grew 10%; reaching 121 from 110 in two years needs 4.9% a year
    assert check(c, obs({2023: 100.0, 2024: 110.0}))["verdict"] == "on_track"
    p = claims.target_progress(pd.Series({2023: 100.0, 2024: 110.0}), 121.0, 2024, 2026, "level", "exact", 5.0)
    assert p.pace_achieved == pytest.approx(10.0) and p.pace_required == pytest.approx(4.88, abs=0.01)


# ---------------------------------------------------------------- forecast
def test_forecast_is_pending_without_a_deviation_until_all_outcomes_exist():
    o = pd.concat([obs({2026: 4.0}, "gdp_real_growth_pct", "imf-5b2d78", "forecast"),
                   obs({2027: 4.2, 2028: 4.1}, "gdp_real_growth_pct", "imf-5b2d78", "forecast"),
                   obs({2025: 6.0}, "gdp_real_growth_pct", "imf-5b2d78")])
    c = claim(kind="forecast", indicator="gdp_real_growth_pct", data_indicator="gdp_real_growth_pct", unit="% y/y",
              measure="gdp_real_growth_imf", stated_value=5.3, period_start="2026", period_end="2028")
    r = check(c, o)
    assert r["verdict"] == "pending" and math.isnan(r["deviation_pct"]) and math.isnan(r["measured_value"])
    assert r["benchmark_value"] == pytest.approx((4.0 + 4.2 + 4.1) / 3)
    done = pd.concat([obs({2026: 5.0, 2027: 5.5, 2028: 5.4}, "gdp_real_growth_pct", "imf-5b2d78")])
    r2 = check(c, done)
    assert r2["verdict"] == "consistent" and r2["measured_value"] == pytest.approx(5.3)


# ---------------------------------------------------------------- readings and custom checks
def test_alternative_readings_are_checked_separately():
    o = obs({2018: 179.3, 2019: 181.7})
    primary = claim(claim_id="p", stated_value=170.5, period_end="2018", reading="2018")
    alt = claim(claim_id="p.2019", stated_value=170.5, period_end="2019", reading_of="p", reading="2019")
    out = claims.check_all([primary, alt], o).set_index("claim_id")
    assert out.loc["p", "measured_period"] == "2018" and out.loc["p.2019", "measured_period"] == "2019"
    assert out.loc["p.2019", "reading_of"] == "p" and out.loc["p", "reading_of"] == ""
    assert "Reading: 2018" in out.loc["p", "explanation"]


def test_a_claim_without_a_measure_is_unverifiable_with_its_reason():
    r = check(claim(measure="", stated_value=1.3, period_end="2024", curation_note="project values, not a flow"),
              obs({2024: 1.0}))
    assert r["verdict"] == "unverifiable" and "project values, not a flow" in r["explanation"]


def test_a_custom_check_must_say_why_it_is_special():
    with pytest.raises(ValueError, match="docstring"):
        claims.custom_check("nameless")(lambda *a: None)


def test_a_view_never_changes_the_claim():
    c = claim(kind="change", unit="%", stated_value=50.0, base_period="2018", period_end="2024")
    v = c.with_view(base_period="2019")
    assert c.base_period == "2018" and v.base_period == "2019"


# ---------------------------------------------------------------- the real registry
def test_every_registered_claim_loads_as_a_typed_record(root):
    reg = claims.load_registry(data.load("claims.csv", raw_dir=root / "data" / "raw"))
    assert all(isinstance(c.stated_value, (float, type(None))) for c in reg)
    ids = {c.claim_id for c in reg}
    assert all(c.reading_of in ids for c in reg if c.reading_of)
    assert {c.kind for c in reg} <= set(claims.KINDS)


@pytest.mark.parametrize("values, verdict", [
    ({2024: 5.0, 2025: 6.5}, "on_track"),     # 5.75 so far; 6 on average over 2024-2027 needs 6.25: 8.7% more
    ({2024: 6.0, 2025: 6.4}, "on_track"),     # 6.2 so far; needs 5.8
    ({2024: 4.0, 2025: 5.0}, "off_track"),    # 4.5 so far; needs 7.5
    ({2024: 6.0, 2025: 6.0, 2026: 6.0, 2027: 5.8}, "achieved"),   # horizon over: 5.95, within 5% of 6
    ({2024: 5.0, 2025: 5.0, 2026: 5.0, 2027: 5.0}, "missed"),
])
def test_an_average_target_compares_the_average_so_far_with_the_average_still_needed(values, verdict):
    p = claims.target_progress(pd.Series(values), 6.0, 2024, 2027, "average", "exact", 10.0)
    assert p.verdict == verdict
    if verdict.endswith("track"):
        done = len(values)
        assert p.pace_achieved == pytest.approx(sum(values.values()) / done)
        assert p.pace_required == pytest.approx((6.0 * 4 - sum(values.values())) / (4 - done))


def test_targets_table_tracks_each_statement_and_marks_restatements():
    o = obs({2023: 20.0, 2024: 21.0})
    targets = pd.DataFrame([
        dict(target_id="a", reading_of="", series="gdp", indicator="gdp_usd_current", kind="target", measure="cumulative",
             target_value="100", unit="USD bn", horizon_start="2023", horizon_end="2026", stated_by="x", stated_on="2023"),
        dict(target_id="a-2", reading_of="a", series="gdp", indicator="gdp_usd_current", kind="target",
             measure="cumulative", target_value="100", unit="USD bn", horizon_start="2022", horizon_end="2026",
             stated_by="y", stated_on="2022"),
        dict(target_id="f", reading_of="", series="gdp", indicator="gdp_usd_current", kind="forecast", measure="level",
             target_value="1", unit="USD bn", horizon_start="2026", horizon_end="2026", stated_by="z", stated_on="2025")])
    t = claims.targets_progress(targets, o).set_index("target_id")
    assert list(t.index) == ["a", "a-2"]                       # forecasts are not targets
    assert t.loc["a", "verdict"] == "off_track"                # 41 after 2 years: 29.5 a year needed vs 20.5
    assert t.loc["a-2", "verdict"] == "unverifiable" and "2022" in t.loc["a-2", "explanation"]
    assert t.loc["a-2", "reading_of"] == "a"
