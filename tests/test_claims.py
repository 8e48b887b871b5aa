"""The claim engine, table-driven: every kind, every qualifier, the tolerance edges, gaps and readings.

Expected verdicts are worked out by hand from the small series below, never taken from the code under test.
"""

from __future__ import annotations

import math

from types import SimpleNamespace

import pandas as pd
import pytest

from kzseries import claims, data, measures

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
    (105, 100, "at_least", "consistent"),      # exactly at the edge, for the one-sided qualifiers too
    (95, 100, "up_to", "consistent"),
    (100, 100, "up_to", "consistent"),
    (105.0000000002, 100, "exact", "consistent"),   # within 1e-9 of the edge is the edge (rounded to 9 decimals)
    (94.9999999998, 100, "exact", "consistent"),
    (10, -10, "exact", "overstated"),          # a negative measured value: deviation relative to |measured|
])
def test_compare_honours_qualifiers_and_inclusive_tolerance(stated, measured, qualifier, verdict):
    assert claims.compare(stated, measured, qualifier, 5.0)[0] == verdict


def test_compare_zero_measured_has_no_deviation():
    v, d = claims.compare(5, 0, "exact", 5.0)
    assert v == "unverifiable" and math.isnan(d)


def test_compare_refuses_an_unknown_qualifier():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'; expected one of exact, about, nearly, more_than, "
                                         "at_least, up_to"):
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


def test_record_with_the_year_before_missing_cannot_be_confirmed():
    r = check(claim(kind="record", period_start="2019", period_end="2022"), obs({2019: 1.0, 2020: 2.0, 2022: 5.0}))
    assert r["verdict"] == "unverifiable" and "but 2021 have no value" in r["explanation"]


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


# =================================================================== exact outputs
# What a reader sees: every column of the row and the exact sentence, for each kind and verdict. The
# sentences and numbers below are worked out by hand from the small series; a changed word, a flipped
# comparison or a dropped column must fail here (README, "Mutation testing").
GDP = "GDP in current US dollars (World Bank WDI)"


def mframe(values: dict, ids=WDI, status: str = "actual") -> pd.DataFrame:
    """A measure frame (the columns every measure builds): period -> value; ``ids`` one id or period -> ids."""
    rows = [{"period": str(p), "year": int(str(p)[:4]), "value": v,
             "source_ids": ids if isinstance(ids, str) else ids[p], "status": status} for p, v in values.items()]
    return pd.DataFrame(rows, columns=["period", "year", "value", "source_ids", "status"])


class Frames(claims.Context):
    """A context whose measures read hand-built frames (measure id -> frame) instead of building them."""

    def __init__(self, **frames_):
        super().__init__(pd.DataFrame())
        self.frames = frames_

    def frame(self, measure_id, vintage=""):
        return self.frames[measure_id]


def checked(c: claims.Claim, f: pd.DataFrame, tol: float = 5.0) -> dict:
    return claims.check(c, Frames(gdp_usd_wdi=f), tol)


class _Any:
    """Matches any value: the margin is tested on its own (test_referee.py), not in every row test."""

    def __eq__(self, other):
        return True


ANY = _Any()


def same(a, b) -> bool:
    return (b is ANY) or (a == b) or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def assert_row(row: dict, **expected):
    """Every column of the contract, in order; columns not given must be the claim's defaults below."""
    assert list(row) == claims.COLUMNS
    defaults = dict(claim_id="t", reading_of="", reading="", series="gdp", indicator="gdp_usd_current",
                    qualifier="exact", unit="USD bn", measure="gdp_usd_wdi", vintage="latest",
                    data_indicator="gdp_usd_current", benchmark_value=math.nan, document="", published="",
                    speaker="", tolerance_pct=5.0, deviation_pct=math.nan, measured_value=math.nan,
                    measured_period="", measured_source_ids="", stated_value=math.nan,
                    kind="level", statement_id=expected.get("claim_id", "t"), evidence="", by_construction="",
                    bound_value=math.nan, needed="", lean="", said_on=expected.get("published", ""),
                    measured_when_said=math.nan, verdict_when_said="", when_said_note="", margin_pct=ANY,
                    robust="", flips_if="")
    want = {**defaults, **expected}
    assert set(want) == set(claims.COLUMNS)
    bad = {k: (row[k], want[k]) for k in claims.COLUMNS if not same(row[k], want[k])}
    assert not bad, bad


def test_level_row_every_column():
    c = claim(stated_value=288.0, period_end="2024", reading="calendar 2024", document="d.txt", published="2025-01-02",
              speaker="a minister")
    r = check(c, obs({2023: 262.6, 2024: 291.5}))
    # (288 - 291.5) / 291.5 = -1.2007%
    assert_row(r, kind="level", stated_value=288.0, measured_value=291.5, measured_period="2024",
               measured_source_ids=WDI, deviation_pct=-1.2, verdict="consistent", reading="calendar 2024",
               document="d.txt", published="2025-01-02", speaker="a minister",
               explanation=f"The {GDP} for 2024: 291.5 USD bn; the stated 288 is 1.2% lower (consistent at a 5% "
                           "tolerance). Reading: calendar 2024.")


def test_an_alternative_reading_has_no_reading_note():
    r = check(claim(stated_value=100.0, period_end="2024", reading="calendar 2024", reading_of="p"), obs({2024: 100.0}))
    assert r["explanation"] == f"The {GDP} for 2024: 100 USD bn; the stated 100 matches it (consistent at a 5% tolerance)."
    assert r["reading_of"] == "p" and r["reading"] == "calendar 2024"


@pytest.mark.parametrize("qualifier, stated, measured, tail", [
    ("exact", 100.04, 100.0, "the stated 100 matches it (consistent at a 5% tolerance)."),       # 0.04%: rounds to 0.0
    ("exact", 100.06, 100.0, "the stated 100.1 is 0.1% higher (consistent at a 5% tolerance)."),
    ("about", 89.0, 100.0, "the stated about 89 is 11.0% lower (understated at a 5% tolerance)."),
    ("nearly", 50.0, 49.4, "the stated nearly 50 is 1.2% higher (consistent at a 5% tolerance)."),   # 0.6 / 49.4
    ("more_than", 300.0, 280.0, "the stated more than 300 is 7.1% higher (overstated at a 5% tolerance)."),
    ("at_least", 300.0, 330.0, "the stated at least 300 is 9.1% lower (consistent at a 5% tolerance)."),
    ("up_to", 300.0, 350.0, "the stated up to 300 is 14.3% lower (understated at a 5% tolerance)."),
    ("up_to", 300.0, 200.0, "the stated up to 300 is 50.0% higher (consistent at a 5% tolerance)."),
])
def test_level_sentences_name_the_qualifier_and_the_gap(qualifier, stated, measured, tail):
    r = check(claim(stated_value=stated, qualifier=qualifier, period_end="2024"), obs({2024: measured}))
    assert r["explanation"] == f"The {GDP} for 2024: {claims.fmt(measured)} USD bn; {tail}"
    assert r["qualifier"] == qualifier


def test_level_deviation_is_rounded_to_two_decimals():
    r = check(claim(stated_value=100.0, period_end="2024"), obs({2024: 97.0}))
    assert r["deviation_pct"] == 3.09          # 3 / 97 = 3.0928%


def test_level_missing_period_says_what_the_data_have():
    r = check(claim(stated_value=288.0, period_end="2025"), obs({2021: 1.0, 2023: 262.6, 2024: 291.5}))
    assert_row(r, kind="level", stated_value=288.0, verdict="unverifiable",
               explanation=f"The {GDP} has no value for 2025 (it has 2021 to 2024).")
    r = checked(claim(stated_value=288.0, period_end="2025"), mframe({2024: 1.0}, status="projection"))
    assert r["explanation"] == f"The {GDP} has no value for 2025 (it has no values)."


def test_level_only_reads_actual_values():
    f = pd.concat([mframe({2024: 100.0}, status="projection"), mframe({2024: 200.0})])
    r = checked(claim(stated_value=200.0, period_end="2024"), f)
    assert r["measured_value"] == 200.0 and r["verdict"] == "consistent"


def test_level_of_growth_reads_the_transformed_series_and_both_years_sources():
    f = mframe({2022: 100.0, 2023: 110.0, 2024: 121.0}, ids={2022: "a", 2023: "c", 2024: "b"})
    r = checked(claim(stated_value=10.0, unit="%", period_end="2024", transform="growth_pct"), f)
    assert r["measured_value"] == pytest.approx(10.0) and r["measured_source_ids"] == "b;c"
    assert r["measured_period"] == "2024" and r["verdict"] == "consistent" and r["deviation_pct"] == 0.0
    assert r["explanation"] == f"The {GDP}, growth_pct: 10 %; the stated 10 matches it (consistent at a 5% tolerance)."
    r = checked(claim(stated_value=10.0, unit="%", period_end="2022", transform="growth_pct"), f)
    assert r["verdict"] == "unverifiable" and r["explanation"] == f"The {GDP} has no value for 2022."


def test_an_unknown_transform_is_refused():
    with pytest.raises(ValueError, match="unknown transform 'log'"):
        checked(claim(stated_value=1.0, period_end="2024", transform="log"), mframe({2024: 1.0}))


def test_annual_values_skip_projections_and_sub_annual_periods():
    f = pd.concat([mframe({2022: 10.0, 2023: 20.0, "2024-H1": 5.0}), mframe({2024: 99.0}, status="projection")])
    r = checked(claim(kind="cumulative", stated_value=30.0, period_start="2022", period_end="2024"), f)
    assert r["verdict"] == "unverifiable" and "no value for 2024" in r["explanation"]


# ---------------------------------------------------------------- check(): no measure, no figure, custom checks
def test_no_measure_row_gives_the_reason_and_what_would_settle_it():
    r = check(claim(measure="", stated_value=1.3, period_end="2024", curation_note="project values, not a flow.",
                    verifiable_with="NBK inflows by project"), obs({2024: 1.0}))
    assert_row(r, measure="", vintage="", stated_value=1.3, verdict="unverifiable",
               explanation="Not checkable with these data: project values, not a flow. It could be checked with: "
                           "NBK inflows by project.")
    r = check(claim(measure="", stated_value=1.3, period_end="2024"), obs({2024: 1.0}), tol=7.5)
    assert r["explanation"] == "Not checkable with these data: no measured series of the same definition is in the data."
    assert r["tolerance_pct"] == 7.5


def test_a_statement_without_a_figure():
    r = check(claim(period_end="2024"), obs({2024: 1.0}))
    assert_row(r, verdict="unverifiable", stated_value=math.nan, explanation="The statement gives no figure to compare.")
    # a record needs no figure
    assert check(claim(kind="record", period_end="2024"), obs({2023: 0.5, 2024: 1.0}))["verdict"] == "consistent"


def test_the_vintage_column_is_the_measures_default_or_the_claims():
    ctx = Frames(housing_m2=mframe({2024: 1.0}))
    c = claim(indicator="housing_commissioned_m2", data_indicator="housing_commissioned_m2", measure="housing_m2",
              unit="million m2", stated_value=1.0, period_end="2024")
    assert claims.check(c, ctx)["vintage"] == "first_release"
    assert claims.check(replace_(c, vintage="latest"), ctx)["vintage"] == "latest"


def replace_(c, **kw):
    return c.with_view(**kw)


def test_the_default_tolerance_is_five_percent():
    assert claims.DEFAULT_TOLERANCE_PCT == 5.0
    c = claim(stated_value=105.0, period_end="2024")
    assert claims.check(c, claims.Context(obs({2024: 100.0})))["verdict"] == "consistent"
    assert claims.check(replace_(c, stated_value=105.2), claims.Context(obs({2024: 100.0})))["verdict"] == "overstated"
    out = claims.check_all([replace_(c, stated_value=105.2)], obs({2024: 100.0}))
    assert out.loc[0, "verdict"] == "overstated" and out.loc[0, "tolerance_pct"] == 5.0


def test_an_unknown_verdict_is_refused(monkeypatch):
    monkeypatch.setitem(claims.KIND_CHECKS, "level", lambda *a: claims.Result("wrong", "x"))
    with pytest.raises(ValueError, match="unknown verdict 'wrong'"):
        check(claim(stated_value=1.0, period_end="2024"), obs({2024: 1.0}))


def test_check_all_sorts_by_claim_id_in_the_contract_columns():
    o = obs({2024: 100.0})
    out = claims.check_all([claim(claim_id="b", stated_value=100.0, period_end="2024"),
                            claim(claim_id="a", stated_value=90.0, period_end="2024")], o, tolerance_pct=20.0)
    assert list(out.columns) == claims.COLUMNS and list(out["claim_id"]) == ["a", "b"]
    assert list(out["verdict"]) == ["consistent", "consistent"] and list(out["tolerance_pct"]) == [20.0, 20.0]


# ---------------------------------------------------------------- the registry row
def test_claim_from_a_registry_row():
    c = claims.Claim.from_row({"claim_id": "x", "series": "gdp", "indicator": "i", "kind": "level", "unit": "u",
                               "stated_value": "12.5", "qualifier": float("nan"), "tolerance_pct": " ",
                               "measure": None, "speaker": "s", "not_a_field": 1})
    assert c == claims.Claim(claim_id="x", series="gdp", indicator="i", kind="level", unit="u", stated_value=12.5,
                             qualifier="exact", measure="", speaker="s")
    assert c.tolerance_pct is None and c.is_primary
    c = claims.Claim.from_row({"claim_id": "x.2", "series": "gdp", "indicator": "i", "kind": "level", "unit": "u",
                               "stated_value": float("nan"), "tolerance_pct": 10, "qualifier": "about",
                               "reading_of": "x"})
    assert c.stated_value is None and c.tolerance_pct == 10.0 and c.qualifier == "about" and not c.is_primary
    assert claims.Claim.from_row({"claim_id": "y", "series": "s", "indicator": "i", "kind": "level",
                                  "unit": "u"}).stated_value is None


# ---------------------------------------------------------------- formatting
@pytest.mark.parametrize("x, text", [
    (14692.3, "14,692"), (1000.0, "1,000"), (-1500.0, "-1,500"), (999.94, "999.9"), (291.54, "291.5"),
    (26.964, "26.96"), (0.2, "0.2"), (0.0, "0"), (None, ""), (math.nan, ""),
])
def test_fmt(x, text):
    assert claims.fmt(x) == text


def test_deviation_pct_and_missing_years_message():
    assert claims.deviation_pct(110.0, 100.0) == pytest.approx(10.0)
    assert claims.deviation_pct(-90.0, -100.0) == pytest.approx(10.0)
    for stated, measured in [(None, 1.0), (1.0, None), (math.nan, 1.0), (1.0, math.nan), (1.0, 0.0)]:
        assert math.isnan(claims.deviation_pct(stated, measured))
    assert str(claims.MissingYears([2001, 2002, 2004], 2000, 2005)) == (
        "no data for 2001–2002, 2004 in 2000-2005; the sum would be incomplete")


def test_cumulative_may_skip_missing_years_when_asked():
    s = pd.Series({2020: 1.0, 2021: math.nan, 2022: 2.0, 2019: 100.0, 2023: 100.0})
    assert claims.cumulative(s, 2020, 2022, allow_missing=True) == 3.0
    assert claims.cumulative(s, 2022, 2022) == 2.0
    with pytest.raises(claims.MissingYears, match="no data for 2021 in 2020-2022"):
        claims.cumulative(s, 2020, 2022, allow_missing=False)


# ---------------------------------------------------------------- change
@pytest.mark.parametrize("unit, stated, measured, words", [
    ("%", 25.0, 25.0, "change in %"), ("x", 1.25, 1.25, "multiple"), ("pp", 20.0, 20.0, "change in points"),
    ("USD bn", 20.0, 20.0, "change"),
])
def test_change_row_every_column(unit, stated, measured, words):
    f = mframe({2017: 1.0, 2018: 80.0, 2024: 100.0, 2025: 500.0}, ids={2017: "z", 2018: "b", 2024: "a", 2025: "y"})
    r = checked(claim(kind="change", unit=unit, stated_value=stated, base_period="2018", period_end="2024"), f)
    assert_row(r, kind="change", unit=unit, stated_value=stated, measured_value=pytest.approx(measured),
               measured_period="2018/2024", measured_source_ids="a;b", deviation_pct=0.0, verdict="consistent",
               explanation=f"The {GDP}, {words} from 2018 (80) to 2024 (100): {claims.fmt(measured)} {unit}; the "
                           f"stated {claims.fmt(stated)} matches it (consistent at a 5% tolerance).")


def test_change_missing_both_ends():
    r = checked(claim(kind="change", unit="%", stated_value=5.0, base_period="2017", period_end="2025"),
                mframe({2018: 80.0, 2024: 100.0}))
    assert_row(r, kind="change", unit="%", stated_value=5.0, verdict="unverifiable", measured_period="2017/2025",
               explanation=f"The {GDP} has no value for 2017 or 2025, so the change 2017 to 2025 cannot be measured.")


def test_change_reads_actual_values_only():
    f = pd.concat([mframe({2018: 80.0}), mframe({2024: 100.0}, status="projection")])
    r = checked(claim(kind="change", unit="%", stated_value=25.0, base_period="2018", period_end="2024"), f)
    assert r["verdict"] == "unverifiable" and "no value for 2024," in r["explanation"]


def test_change_of_growth_in_points():
    # growth 2019: 110/100 = +10%; 2024: 230/200 = +15%: 5 points
    f = mframe({2018: 100.0, 2019: 110.0, 2023: 200.0, 2024: 230.0}, ids={2018: "a", 2019: "b", 2023: "c", 2024: "d"})
    r = checked(claim(kind="change", unit="pp", stated_value=5.0, base_period="2019", period_end="2024",
                      transform="growth_pct"), f)
    assert r["measured_value"] == pytest.approx(5.0) and r["verdict"] == "consistent"
    assert r["measured_source_ids"] == "a;b;c;d" and r["measured_period"] == "2019/2024"
    assert r["explanation"].startswith(f"The {GDP}, change in points from 2019 (10) to 2024 (15): 5 pp;")
    r = checked(claim(kind="change", unit="pp", stated_value=5.0, base_period="2018", period_end="2024",
                      transform="growth_pct"), f)     # no growth for 2018: no 2017
    assert r["verdict"] == "unverifiable" and "has no value for 2018, so" in r["explanation"]


def test_change_form():
    assert [claims.change_form(u) for u in ("%", "x", "pp", "USD bn", "")] == [
        "percent", "multiple", "points", "absolute", "absolute"]


# ---------------------------------------------------------------- cumulative
def test_cumulative_row_every_column():
    f = mframe({2019: 100.0, 2020: 10.0, 2021: 20.0, 2022: 30.0, 2023: 100.0},
               ids={2019: "x", 2020: "b", 2021: "c;a", 2022: "b", 2023: "y"})
    r = checked(claim(kind="cumulative", stated_value=63.0, qualifier="about", period_start="2020",
                      period_end="2022"), f)
    assert_row(r, kind="cumulative", stated_value=63.0, qualifier="about", measured_value=60.0,
               measured_period="2020-2022", measured_source_ids="a;b;c", deviation_pct=5.0, verdict="consistent",
               explanation=f"The {GDP} summed over 2020-2022: 60 USD bn; the stated about 63 is 5.0% higher "
                           "(consistent at a 5% tolerance).")


def test_cumulative_gap_row_every_column():
    f = mframe({2019: 5.0, 2020: 10.0, 2022: 30.0, 2024: 1.0}, ids={2019: "x", 2020: "b", 2022: "a", 2024: "y"})
    r = checked(claim(kind="cumulative", stated_value=40.0, period_start="2020", period_end="2023"), f)
    assert_row(r, kind="cumulative", stated_value=40.0, verdict="unverifiable", measured_period="2020-2023",
               measured_source_ids="a;b",
               explanation=f"The {GDP} has no value for 2021, 2023, so it cannot be summed over 2020-2023 (the 2 "
                           "years with data sum to 40 USD bn).",
               # the known years already give the 40 stated; the missing ones would add 10-30 each: 60-100 in all
               bound_value=40.0, lean="likely understated",
               needed="The years with data (2020, 2022) already give 40 USD bn; the statement needs 0 more from "
                      "2021, 2023 (nothing), against 10–30 in the years with data.")


# ---------------------------------------------------------------- record
RECORD_IDS = {y: f"s{y}" for y in SERIES}


@pytest.mark.parametrize("start, verdict, period, text", [
    ("2015", "consistent", "2015-2024",
     "2024 (26.7) is the highest of 2015-2024; the next highest is 2022 (22). Over all 11 years with data up to "
     "2024 it ranks 2."),
    ("", "not_supported", "2011-2024",
     "2024 (26.7) is not the highest of 2011-2024: higher in 2011 (27). Over all 11 years with data up to 2024 it "
     "ranks 2."),
    ("2013", "unverifiable", "2013-2024",
     "2024 (26.7) is the highest of the years with data in 2013-2024, but 2013–2014 have no value, so the record "
     "cannot be confirmed. Over all 11 years with data up to 2024 it ranks 2."),
])
def test_record_row_every_column(start, verdict, period, text):
    r = checked(claim(kind="record", stated_value=26.7, period_start=start, period_end="2024"),
                mframe(SERIES, ids=RECORD_IDS))
    lo = int(period[:4])
    ids = ";".join(f"s{y}" for y in sorted(SERIES) if lo <= y <= 2024)
    assert_row(r, kind="record", stated_value=26.7, measured_value=26.7, measured_period=period,
               measured_source_ids=ids, verdict=verdict, explanation=f"On the {GDP}, {text}")


def test_record_sentences_for_ties_several_higher_years_and_growth():
    r = check(claim(kind="record", period_start="2020", period_end="2022"), obs({2020: 5.0, 2021: 4.0, 2022: 5.0}))
    assert r["explanation"] == (f"On the {GDP}, 2022 (5) is the highest of 2020-2022 (equal with 2020); the next "
                                "highest is 2020 (5). Over all 3 years with data up to 2022 it ranks 1.")
    r = check(claim(kind="record", period_end="2021"), obs({2019: 9.0, 2020: 8.0, 2021: 7.0, 2022: 1.0}))
    assert r["explanation"] == (f"On the {GDP}, 2021 (7) is not the highest of 2019-2021: higher in 2019 (9), "
                                "2020 (8). Over all 3 years with data up to 2021 it ranks 3.")
    r = check(claim(kind="record", period_start="2021", period_end="2021"), obs({2020: 9.0, 2021: 7.0}))
    assert r["explanation"] == (f"On the {GDP}, 2021 (7) is the highest of 2021-2021. Over all 2 years with data up "
                                "to 2021 it ranks 2.")
    o = obs({2018: 10.0, 2019: 12.0, 2020: 12.5, 2021: 13.0})
    r = check(claim(kind="record", period_end="2021", transform="growth_pct"), o)
    assert r["explanation"].startswith(f"On the {GDP} (growth on the year before, %), 2021 (4) is not the highest "
                                       "of 2019-2021: higher in 2019 (20)")
    r = check(claim(kind="record", period_end="2018", transform="growth_pct"), o)
    assert_row(r, kind="record", verdict="unverifiable",
               explanation=f"The {GDP} (growth on the year before, %) has no value for 2018, so a record cannot be "
                           "tested.")


def test_record_function_fields():
    r = claims.record(pd.Series({**SERIES, 2014: math.nan}), 2024, 2013)
    assert r == claims.Record(year=2024, value=26.7, window=(2013, 2024), highest_in_window=True, tied_with=(),
                              missing_in_window=(2013, 2014), rank_all_years=2, n_years=11, higher_in_window=(),
                              higher_any_year=(2011,))
    r = claims.record(pd.Series({2019: 3.0, 2020: 5.0, 2021: 5.0, 2022: 4.0, 2023: 9.0}), 2022, None)
    assert r == claims.Record(year=2022, value=4.0, window=(2019, 2022), highest_in_window=False, tied_with=(),
                              missing_in_window=(), rank_all_years=3, n_years=4, higher_in_window=(2020, 2021),
                              higher_any_year=(2020, 2021))
    r = claims.record(pd.Series({2019: 5.0, 2020: 5.0, 2021: 5.0}), 2021, 2020)
    assert r.tied_with == (2020,) and r.highest_in_window and r.rank_all_years == 1
    with pytest.raises(KeyError, match="no value for 2018"):
        claims.record(pd.Series({2019: 1.0, 2018: math.nan}), 2018, None)


# ---------------------------------------------------------------- a running total on an unobserved date
THRESHED = "grain threshed since the start of the campaign (MoA)"


def campaign(rows, indicator: str = "grain_threshed_to_date_t", season: int = 2025) -> pd.DataFrame:
    """Tidy observations of a harvest campaign: (period, value, source, notes); a period that is only the
    season's year takes its as-of date from the notes, as in data/raw/grain.csv."""
    out = []
    for period, v, src, notes in rows:
        day = len(period) == 10
        out.append({"series": "grain", "indicator": indicator, "period": period, "period_kind": "day" if day else "year",
                    "year": season, "start": period if day else f"{season}-01-01",
                    "end": period if day else f"{season}-12-31", "months": 0 if day else 12, "value": v,
                    "unit": "million t", "value_std": v, "unit_std": "million t", "status": "operational",
                    "vintage": "", "basis": "bunker", "source_id": src, "publisher": "MoA", "published": "",
                    "notes": notes})
    return pd.DataFrame(out)


CAMPAIGN = [("2025-08-01", 4.0, "s0", ""),           # an earlier, larger figure: the nearest date counts, not the value
            ("2025-08-20", 3.0, "s1", ""), ("2025", 3.2, "s1b", "as of 2025-08-20"),
            ("2025", 7.5, "s2", "as of 2025-09-10"), ("2025-09-10", 7.0, "s2b", ""), ("2025-09-30", 6.0, "s3", ""),
            ("2025", 9.0, "s9", "no date given")]     # undated: never placed on the time axis


def threshed(stated, qualifier="more_than", when="2025-09-04", rows=CAMPAIGN, **kw) -> dict:
    c = claim(series="grain", indicator="grain_threshed_to_date_t", data_indicator="grain_threshed_to_date_t",
              measure="grain_threshed_to_date", unit="million t", stated_value=stated, qualifier=qualifier,
              period_end=when, **kw)
    return check(c, campaign(rows))


GRAIN = dict(series="grain", indicator="grain_threshed_to_date_t", data_indicator="grain_threshed_to_date_t",
             measure="grain_threshed_to_date", unit="million t")


def test_running_total_between_two_dates_with_one_verdict():
    # only rows dated by their period bound the total (issue 23): the notes-dated 3.2 ("as of 2025-08-20") and 7.5
    # ("as of 2025-09-10") are left out; lower end 3 on 2025-08-20, upper end 7 on 2025-09-10
    r = threshed(3.05)       # (3.05 - 3) / 3 = +1.67%
    assert_row(r, **GRAIN, stated_value=3.05, qualifier="more_than", measured_value=3.0,
               measured_period="2025-08-20/2025-09-10", measured_source_ids="s1;s2b", deviation_pct=1.67,
               verdict="consistent",
               explanation=f"The {THRESHED} is not observed on 2025-09-04; it only rises, so it lay between 3 "
                           "(2025-08-20) and 7 (2025-09-10) million t. Every value in that range gives the same "
                           "verdict (consistent at a 5% tolerance; against the lower end the stated figure is 1.7% "
                           "higher).")
    r = threshed(8.0, qualifier="exact", tolerance_pct=2.5)
    assert r["verdict"] == "overstated" and r["measured_value"] == 3.0 and r["deviation_pct"] == 166.67
    assert r["explanation"].endswith("(overstated at a 2.5% tolerance; against the lower end the stated figure is "
                                     "166.7% higher).")


def test_running_total_that_the_bracket_cannot_settle():
    r = threshed(6.0)
    assert_row(r, **GRAIN, stated_value=6.0, qualifier="more_than", measured_period="2025-08-20/2025-09-10",
               measured_source_ids="s1;s2b", verdict="unverifiable",
               explanation=f"The {THRESHED} is not observed on 2025-09-04; it only rises, so it lay between 3 "
                           "(2025-08-20) and 7 (2025-09-10) million t. At the lower end the stated figure would be "
                           "overstated, at the upper end consistent, so the data cannot settle it.")


def test_a_date_read_from_the_notes_never_bounds_the_total():
    rows = [("2025-08-20", 3.0, "s1", ""), ("2025", 5.9, "s1b", "as of end-August 2025"),
            ("2025-09-10", 7.0, "s2", "")]
    r = threshed(6.0, rows=rows)
    assert r["measured_period"] == "2025-08-20/2025-09-10" and r["verdict"] == "unverifiable"


@pytest.mark.parametrize("when", ["2025-07-31", "2025-10-01"])
def test_running_total_needs_a_date_on_both_sides(when):
    r = threshed(3.1, when=when)
    assert_row(r, **GRAIN, stated_value=3.1, qualifier="more_than", verdict="unverifiable",
               explanation=f"The {THRESHED} has no observation on both sides of {when}.")


def test_running_total_on_an_observed_date_is_read_directly():
    r = threshed(6.0, qualifier="exact", when="2025-09-30")
    assert r["verdict"] == "consistent" and r["measured_value"] == 6.0 and r["measured_period"] == "2025-09-30"


def test_only_running_totals_on_a_day_are_bracketed():
    rows = [("2025-08-20", 3.0, "s1", ""), ("2025-09-10", 7.0, "s2", "")]
    r = threshed(5.0, when="2025-09", rows=rows)
    assert r["explanation"] == f"The {THRESHED} has no value for 2025-09 (it has 2025-08-20 to 2025-09-10)."
    r = check(claim(stated_value=5.0, period_end="2024-06-30"), obs({2023: 4.0, 2024: 6.0}))
    assert r["explanation"] == f"The {GDP} has no value for 2024-06-30 (it has 2023 to 2024)."
    share = mframe({"2025-08-20": 10.0, "2025-09-10": 40.0})
    c = claim(indicator="grain_area_harvested_share_pct", data_indicator="grain_area_harvested_share_pct",
              measure="grain_area_harvested_share", unit="% of area", stated_value=30.0, qualifier="about",
              period_end="2025-09-04")
    r = claims.check(c, Frames(grain_area_harvested_share=share))
    assert r["verdict"] == "unverifiable" and r["measured_period"] == "2025-08-20/2025-09-10"


# ---------------------------------------------------------------- targets: sentences, rows and paces
def target(goal, start="2023", end="2026", form="cumulative", qualifier="at_least", **kw) -> claims.Claim:
    return claim(kind="target", target_form=form, stated_value=goal, qualifier=qualifier, period_start=start,
                 period_end=end, **kw)


def test_target_row_every_column():
    f = mframe({2022: 50.0, 2023: 24.5, 2024: 24.5, 2027: 50.0}, ids={2022: "x", 2023: "b", 2024: "a", 2027: "y"})
    r = checked(target(100.0), f)
    # 49 after two years: 24.5 a year achieved, (100 - 49) / 2 = 25.5 needed: 4.08% more
    assert_row(r, kind="target", stated_value=100.0, qualifier="at_least", measured_value=49.0,
               measured_period="2023-2024", measured_source_ids="a;b", verdict="on_track",
               explanation=f"The {GDP} summed over 2023-2024 is 49 USD bn (49% of 100); the pace so far is 24.5 USD "
                           "bn a year and 25.5 USD bn a year is needed over the remaining 2 years, 4.1% more (on "
                           "track at a 5% tolerance).")


@pytest.mark.parametrize("values, verdict, text", [
    ({2023: 60.0, 2024: 60.0}, "achieved",
     "summed over 2023-2024 is 120 USD bn (120% of 100): goal achieved before the end of the horizon (5% tolerance)."),
    ({2023: 25.0, 2024: 25.0, 2025: 25.0, 2026: 25.0}, "achieved",
     "summed over 2023-2026 is 100 USD bn (100% of 100): goal achieved (5% tolerance)."),
    ({2023: 20.0, 2024: 20.0, 2025: 20.0, 2026: 20.0}, "missed",
     "summed over 2023-2026 is 80 USD bn (80% of 100): goal missed (5% tolerance)."),
    ({2023: 30.0, 2024: 30.0}, "on_track",
     "summed over 2023-2024 is 60 USD bn (60% of 100); the pace so far is 30 USD bn a year and 20 USD bn a year is "
     "needed over the remaining 2 years, 33.3% less (on track at a 5% tolerance)."),
    ({2023: 23.0, 2024: 23.0}, "off_track",
     "summed over 2023-2024 is 46 USD bn (46% of 100); the pace so far is 23 USD bn a year and 27 USD bn a year is "
     "needed over the remaining 2 years, 17.4% more (off track at a 5% tolerance)."),
])
def test_cumulative_target_sentences(values, verdict, text):
    r = check(target(100.0), obs(values))
    assert (r["verdict"], r["explanation"]) == (verdict, f"The {GDP} {text}")
    assert r["measured_value"] == sum(values.values()) and r["measured_period"] == f"2023-{max(values)}"


def test_pending_and_gap_target_rows():
    r = check(target(100.0), obs({2020: 5.0}))
    assert_row(r, kind="target", stated_value=100.0, qualifier="at_least", verdict="pending",
               measured_period="2023-2026", explanation=f"No value of the {GDP} for 2023-2026 yet.")
    r = check(target(100.0), obs({2020: 5.0, 2027: 5.0}))   # a later year has data: the horizon is a gap
    assert_row(r, kind="target", stated_value=100.0, qualifier="at_least", verdict="unverifiable",
               measured_period="2023-2026", explanation=f"The {GDP} has no value for 2023-2026, although later "
                                                        "years have data, so progress cannot be measured.")
    r = check(target(100.0, start="2022"), obs({2022: 30.0, 2024: 30.0}))
    assert_row(r, kind="target", stated_value=100.0, qualifier="at_least", verdict="unverifiable",
               measured_period="2022-2026",
               explanation=f"The {GDP} has no value for 2023, so progress over 2022-2026 cannot be summed.",
               bound_value=60.0, lean="probably achieved",
               needed="The years with data (2022, 2024) already give 60 USD bn; the statement needs 40 more from "
                      "2023, 2025–2026 (13.33 USD bn a year), against 30 in each year with data.")


def test_target_tolerance_in_the_sentence():
    r = check(target(100.0, tolerance_pct=7.5), obs({2023: 24.0, 2024: 24.0}))
    # needs 26 a year against 24: 8.3% more, outside 7.5%
    assert r["verdict"] == "off_track" and r["explanation"].endswith("8.3% more (off track at a 7.5% tolerance).")


LEVEL = pd.Series({2019: 80.0, 2021: 100.0, 2023: 121.0, 2027: 999.0})


def test_level_target_pace_over_more_than_one_year():
    # base: 2021, the last year before the horizon 2022-2026; 100 -> 121 over two years is 10% a year;
    # 121 -> 200 in the three years left needs (200/121)^(1/3) - 1 = 18.2356% a year: 82.36% more
    p = claims.target_progress(LEVEL, 200.0, 2022, 2026, "level", "exact", 5.0)
    assert (p.verdict, p.achieved, p.last_year, p.years_done, p.years_left, p.base_year, p.goal) == (
        "off_track", 121.0, 2023, 2, 3, 2021, 200.0)
    assert p.pace_achieved == pytest.approx(10.0)
    assert p.pace_required == pytest.approx(18.2356, abs=1e-4)
    assert p.pace_deviation == pytest.approx(82.356, abs=1e-3)
    assert p.share_achieved == pytest.approx(0.605)
    f = mframe({y: v for y, v in LEVEL.items()}, ids={2019: "w", 2021: "x", 2023: "a", 2027: "z"})
    r = checked(target(200.0, start="2022", form="level", qualifier="exact"), f)
    assert_row(r, kind="target", stated_value=200.0, measured_value=121.0, measured_period="2022-2023",
               measured_source_ids="a", verdict="off_track",
               explanation=f"The {GDP} in 2023 is 121 USD bn (goal 200 by 2026); the pace so far is 10 % a year and "
                           "18.24 % a year is needed over the remaining 3 years, 82.4% more (off track at a 5% "
                           "tolerance).")


def test_level_target_without_an_earlier_year_starts_from_its_first_value():
    p = claims.target_progress(pd.Series({2022: 100.0, 2024: 121.0}), 146.41, 2022, 2026, "level", "exact", 5.0)
    # 2022 -> 2024: 10% a year; 121 -> 146.41 in two years: 10% a year
    assert p.base_year == 2022 and p.pace_achieved == pytest.approx(10.0) and p.pace_required == pytest.approx(10.0)
    assert p.verdict == "on_track" and p.years_done == 3 and p.years_left == 2


def test_level_target_met_early_keeps_its_pace_and_needs_none():
    p = claims.target_progress(pd.Series({2021: 100.0, 2023: 200.0}), 200.0, 2022, 2026, "level", "exact", 5.0)
    assert (p.verdict, p.years_done, p.years_left, p.base_year) == ("achieved", 2, 3, 2021)
    assert p.pace_achieved == pytest.approx(41.421, abs=1e-3)      # sqrt(2) - 1
    assert math.isnan(p.pace_required) and math.isnan(p.pace_deviation)
    r = check(target(200.0, start="2022", form="level", qualifier="exact"), obs({2021: 100.0, 2023: 200.0}))
    assert r["explanation"] == (f"The {GDP} in 2023 is 200 USD bn (goal 200 by 2026): goal achieved before the end "
                                "of the horizon (5% tolerance).")


def test_a_target_met_in_its_last_year_has_no_years_left():
    p = claims.target_progress(pd.Series({2025: 100.0, 2026: 110.0}), 110.0, 2026, 2026, "level", "exact", 5.0)
    assert (p.verdict, p.years_done, p.years_left, p.last_year) == ("achieved", 1, 0, 2026)
    p = claims.target_progress(pd.Series({2025: 100.0, 2026: 100.0}), 110.0, 2026, 2026, "level", "exact", 5.0)
    assert (p.verdict, p.years_done, p.years_left) == ("missed", 1, 0)
    assert p.pace_achieved == pytest.approx(0.0) and math.isnan(p.pace_required) and math.isnan(p.pace_deviation)


@pytest.mark.parametrize("values, verdict", [
    ({2023: 100.0}, "off_track"),                 # one year, nothing before: no pace so far, 6.6% a year needed
    ({2021: 0.0, 2023: 50.0}, "off_track"),       # a pace from zero cannot be measured
    ({2021: -10.0, 2023: 50.0}, "off_track"),     # nor from a negative level
    ({2021: 100.0, 2023: 100.0}, "off_track"),    # no growth, growth needed
    ({2021: 10.0, 2023: 0.0}, "off_track"),       # fallen to zero: no growth rate reaches 121 (was "on_track")
])
def test_level_target_without_a_measurable_pace(values, verdict):
    p = claims.target_progress(pd.Series(values), 121.0, 2023 if len(values) == 1 else 2022, 2026, "level", "exact",
                               5.0)
    assert p.verdict == verdict and not p.pace_required <= 0
    assert math.isnan(p.pace_achieved) or p.pace_achieved == 0
    assert math.isnan(p.pace_deviation)


@pytest.mark.parametrize("values, start, goal, form, text", [
    ({2023: 100.0}, "2023", 121.0, "level",
     "in 2023 is 100 USD bn (goal 121 by 2026); the pace so far cannot be measured and 6.56 % a year is needed over "
     "the remaining 3 years (off track at a 5% tolerance)."),                 # 1.21^(1/3) = 1.0656
    ({2021: 10.0, 2023: 0.0}, "2022", 121.0, "level",
     "in 2023 is 0 USD bn (goal 121 by 2026); the pace so far cannot be measured and the pace needed cannot be "
     "measured over the remaining 3 years (off track at a 5% tolerance)."),
    ({2023: 0.0, 2024: 0.0}, "2023", 1.0, "cumulative",
     "summed over 2023-2024 is 0 USD bn (0% of 1); the pace so far is 0 USD bn a year and 0.5 USD bn a year is "
     "needed over the remaining 2 years (off track at a 5% tolerance)."),
])
def test_a_pace_that_cannot_be_measured_is_said_in_words(values, start, goal, form, text):
    # before: "the pace so far is  % a year ..., nan% less"
    r = check(target(goal, start=start, form=form, qualifier="exact"), obs(values))
    assert r["verdict"] == "off_track" and r["explanation"] == f"The {GDP} {text}"


def test_cumulative_target_with_nothing_achieved_yet():
    # nothing so far, 0.5 a year needed: off track however small the need
    p = claims.target_progress(pd.Series({2023: 0.0, 2024: 0.0}), 1.0, 2023, 2026, "cumulative", "exact", 5.0)
    assert (p.verdict, p.pace_achieved, p.pace_required) == ("off_track", 0.0, 0.5)
    assert math.isnan(p.pace_deviation) and p.share_achieved == 0.0


def test_average_target_sentences_and_paces():
    f = mframe({2023: 9.0, 2024: 5.0, 2025: 6.5, 2028: 1.0}, ids={2023: "x", 2024: "b", 2025: "a", 2028: "y"})
    r = checked(target(6.0, start="2024", end="2027", form="average", qualifier="exact", unit="%"), f, tol=10.0)
    # 5.75 so far; 4 x 6 = 24 over the horizon needs (24 - 11.5) / 2 = 6.25 a year: 8.7% more
    assert_row(r, kind="target", unit="%", stated_value=6.0, measured_value=5.75, measured_period="2024-2025",
               measured_source_ids="a;b", verdict="on_track", tolerance_pct=10.0,
               explanation=f"The {GDP} averaged 5.75 % over 2024-2025 (goal: an average of 6 over 2024-2027); the "
                           "pace so far is 5.75 % and 6.25 % is needed over the remaining 2 years, 8.7% more (on "
                           "track at a 10% tolerance).")
    # above the goal after two years, but an average is settled only at the end: 4 a year would do
    r = check(target(6.0, start="2024", end="2027", form="average", qualifier="exact", unit="%"),
              obs({2024: 8.0, 2025: 8.0}), tol=10.0)
    assert r["verdict"] == "on_track" and r["explanation"].endswith(
        "the pace so far is 8 % and 4 % is needed over the remaining 2 years, 50.0% less (on track at a 10% "
        "tolerance).")
    r = check(target(6.0, start="2024", end="2027", form="average", qualifier="exact", unit="%"),
              obs({2024: 6.0, 2025: 6.0, 2026: 6.0, 2027: 5.8}), tol=10.0)
    assert r["explanation"] == (f"The {GDP} averaged 5.95 % over 2024-2027 (goal: an average of 6 over 2024-2027): "
                                "goal achieved (10% tolerance).")
    p = claims.target_progress(pd.Series({2024: 5.0, 2025: 6.5}), 6.0, 2024, 2027, "average", "exact", 10.0)
    assert (p.years_done, p.years_left, p.base_year, p.last_year, p.goal) == (2, 2, None, 2025, 6.0)
    assert p.pace_deviation == pytest.approx(0.5 / 5.75 * 100)


def test_pending_progress_and_the_forms():
    p = claims.target_progress(pd.Series({2020: 5.0, 2027: 1.0}), 100.0, 2023, 2026, "cumulative", "exact", 5.0)
    assert (p.verdict, p.last_year, p.years_done, p.years_left, p.base_year, p.goal) == (
        "pending", None, 0, 4, None, 100.0)
    assert all(math.isnan(x) for x in (p.achieved, p.pace_achieved, p.pace_required, p.pace_deviation))
    with pytest.raises(ValueError, match="form must be one of level, cumulative, average, not 'sum'"):
        claims.target_progress(pd.Series({2020: 5.0}), 1.0, 2020, 2021, "sum", "exact", 5.0)
    assert math.isnan(claims.Progress("pending", 1.0, None, 0, 1, 0.0, 0.0, 0.0, None, 0.0).share_achieved)


def test_a_target_claim_defaults_to_the_level_form():
    r = check(target(200.0, start="2022", form="", qualifier="exact"), obs({2021: 100.0, 2023: 200.0}))
    assert r["verdict"] == "achieved" and r["measured_source_ids"] == WDI and r["measured_period"] == "2022-2023"


# ---------------------------------------------------------------- the targets table
def target_row(target_id, measure, value, start, end, kind="target", unit="USD bn", indicator="gdp_usd_current",
               **kw):
    return dict(target_id=target_id, reading_of="", series="gdp", indicator=indicator, kind=kind, measure=measure,
                target_value=str(value), unit=unit, horizon_start=start, horizon_end=end, stated_by=f"by {target_id}",
                stated_on="2023-05-01", **kw)


def test_targets_table_every_column():
    o = obs({2022: 20.0, 2023: 20.0, 2024: 21.0})
    targets = pd.DataFrame([
        target_row("old", "level", 30, "2020", "2023"),                          # horizon over before 2024
        target_row("c", "cumulative", 100, "2023", "2026"),
        target_row("b", "level", 23.1, "2024-01", "2025-12-31"),
        target_row("a", "average_per_year", 15, "2023", "2025"),
        target_row("fc", "level", 30, "2025", "2026", kind="forecast"),
        target_row("kzt", "level", 30, "2025", "2026", unit="KZT bn"),           # not the measure's unit
        target_row("nom", "level", 30, "2025", "2026", indicator="cpi_index"),   # no measure for it
        target_row("inc", "annual_increment", 30, "2025", "2026"),               # a form the engine has not
    ])
    t = claims.targets_progress(targets, o)
    assert list(t.columns) == claims.TARGET_COLUMNS and list(t["target_id"]) == ["a", "b", "c"]
    rows = t.set_index("target_id").to_dict("index")
    common = dict(reading_of="", indicator="gdp_usd_current", measure="gdp_usd_wdi", unit="USD bn",
                  stated_on="2023-05-01")
    want = {
        # 41 in 2023-2024: 20.5 a year; (100 - 41) / 2 = 29.5 needed: 43.9% more
        "c": dict(goal=100.0, horizon="2023-2026", form="cumulative", stated_by="by c", achieved=41.0,
                  share_achieved=0.41, years_with_data=2, pace_achieved=20.5, pace_required=29.5,
                  pace_unit="USD bn a year", verdict="off_track",
                  explanation=f"The {GDP} summed over 2023-2024 is 41 USD bn (41% of 100); the pace so far is 20.5 "
                              "USD bn a year and 29.5 USD bn a year is needed over the remaining 2 years, 43.9% more "
                              "(off track at a 5% tolerance)."),
        # 20 in 2023 -> 21 in 2024: 5% a year; 23.1 in 2025 needs 10%: 100% more
        "b": dict(goal=23.1, horizon="2024-2025", form="level", stated_by="by b", achieved=21.0,
                  share_achieved=21 / 23.1, years_with_data=1, pace_achieved=5.0, pace_required=10.0,
                  pace_unit="% a year", verdict="off_track",
                  explanation=f"The {GDP} in 2024 is 21 USD bn (goal 23.1 by 2025); the pace so far is 5 % a year and "
                              "10 % a year is needed over the remaining 1 years, 100.0% more (off track at a 5% "
                              "tolerance)."),
        # average 20.5 so far; 3 x 15 = 45 needs 45 - 41 = 4 in 2025: 80.5% less
        "a": dict(goal=15.0, horizon="2023-2025", form="average", stated_by="by a", achieved=20.5,
                  share_achieved=20.5 / 15, years_with_data=2, pace_achieved=20.5, pace_required=4.0,
                  pace_unit="USD bn", verdict="on_track",
                  explanation=f"The {GDP} averaged 20.5 USD bn over 2023-2024 (goal: an average of 15 over "
                              "2023-2025); the pace so far is 20.5 USD bn and 4 USD bn is needed over the remaining 1 "
                              "years, 80.5% less (on track at a 5% tolerance)."),
    }
    for tid, w in want.items():
        got = rows[tid]
        for k, v in {**common, **w}.items():
            assert got[k] == (pytest.approx(v) if isinstance(v, float) else v), (tid, k, got[k], v)
    assert set(rows["c"]) == set(claims.TARGET_COLUMNS) - {"target_id"}


def test_targets_table_window_and_tolerance():
    o = obs({2022: 20.0, 2023: 20.0, 2024: 21.0})
    targets = pd.DataFrame([target_row("old", "cumulative", 40, "2022", "2023"),
                            target_row("now", "cumulative", 42, "2023", "2024")]).drop(columns="reading_of")
    # 41 against 42: 2.4% short
    t = claims.targets_progress(targets, o, tolerance_pct=1.0, first_end_year=2023).set_index("target_id")
    assert t.loc["old", "verdict"] == "achieved" and t.loc["old", "reading_of"] == ""
    assert t.loc["now", "verdict"] == "missed" and t.loc["now", "explanation"].endswith("goal missed (1% tolerance).")
    t = claims.targets_progress(targets, o)         # by default only horizons ending in 2024 or later, at 5%
    assert list(t["target_id"]) == ["now"] and t.loc[0, "verdict"] == "achieved"
    assert t.loc[0, "explanation"].endswith("goal achieved (5% tolerance).")


def test_targets_table_gap_row():
    o = obs({2022: 30.0, 2024: 30.0})
    targets = pd.DataFrame([target_row("g", "cumulative", 100, "2022", "2026"),
                            target_row("h", "level", 30, "2024", "2026")])     # a gap does not stop the table
    t = claims.targets_progress(targets, o)
    assert list(t["target_id"]) == ["g", "h"] and t.loc[1, "verdict"] == "achieved"
    row = t.iloc[0].to_dict()
    assert row["verdict"] == "unverifiable"
    assert row["explanation"] == f"The {GDP} has no value for 2023, so progress over 2022-2026 cannot be summed."
    assert (row["goal"], row["horizon"], row["form"], row["stated_by"]) == (100.0, "2022-2026", "cumulative", "by g")
    assert all(pd.isna(row[k]) for k in ("achieved", "share_achieved", "pace_achieved", "pace_required", "pace_unit"))


# ---------------------------------------------------------------- forecasts
def forecast_claim(**kw):
    return claim(**{**dict(kind="forecast", unit="%", stated_value=5.3, period_start="2026", period_end="2028"), **kw})


def test_forecast_pending_row_every_column():
    f = pd.concat([mframe({2025: 6.0}, ids="o25"), mframe({2026: 5.0}, ids="o26"),
                   mframe({"2027-H1": 9.0}, ids="h1"),
                   mframe({2026: 4.0, 2027: 4.2, 2028: 4.1, 2029: 9.9}, ids={2026: "p1", 2027: "p2", 2028: "p1",
                                                                              2029: "p9"}, status="projection")])
    r = checked(forecast_claim(), f)
    assert_row(r, kind="forecast", unit="%", stated_value=5.3, verdict="pending", measured_period="2026-2028",
               measured_source_ids="p1;p2", benchmark_value=pytest.approx(4.1),
               explanation=f"A forecast for 2026-2028: pending until the outcomes are published; outcomes so far: "
                           f"2026. Meanwhile the latest projection in the data ({GDP}) averages 4.1 %.")


def test_forecast_without_projections_or_outcomes():
    r = checked(forecast_claim(), mframe({2025: 6.0, 2029: 1.0}))
    assert r["explanation"] == "A forecast for 2026-2028: pending until the outcomes are published."
    assert math.isnan(r["benchmark_value"]) and r["measured_source_ids"] == ""
    r = checked(forecast_claim(), mframe({2026: 6.0, 2027: 6.0}, status="projection"))
    assert math.isnan(r["benchmark_value"]) and r["verdict"] == "pending"      # a projection for only part of it
    r = checked(forecast_claim(period_start=""), mframe({2025: 6.0}))
    assert r["explanation"] == "A forecast for 2028-2028: pending until the outcomes are published."


def test_forecast_judged_once_every_outcome_is_in():
    f = pd.concat([mframe({2026: 5.0, 2027: 5.5, 2028: 5.4, 2029: 0.0}, ids={2026: "b", 2027: "a", 2028: "b", 2029: "z"}),
                   mframe({2027: 1.0}, status="projection")])
    r = checked(forecast_claim(), f)
    # (5.0 + 5.5 + 5.4) / 3 = 5.3
    assert_row(r, kind="forecast", unit="%", stated_value=5.3, measured_value=pytest.approx(5.3),
               measured_period="2026-2028", measured_source_ids="a;b", deviation_pct=0.0, verdict="consistent",
               explanation=f"The {GDP}, average over 2026-2028: 5.3 %; the stated 5.3 matches it (consistent at a 5% "
                           "tolerance).")


# ---------------------------------------------------------------- the custom check
RUNNING = pd.DataFrame({"period": ["1991-12/2005-07", "1991-12/2011-09", "1991-12/2019-08", "1991-12/2020-01"],
                        "year": [2005, 2011, 2019, 2020], "value": [36.8, 159.3, 330.0, 400.0],
                        "source_ids": ["a", "b", "c", "d"], "status": "actual"})


def running_claim(**kw):
    return claim(series="fdi", indicator="fdi_gross_inflow_usd_cumulative", data_indicator="fdi_cumulative_gross_usd",
                 measure="fdi_gross_running_total", kind="cumulative", check="official_running_total",
                 stated_value=300.0, qualifier="more_than", period_start="1993", **kw)


def test_official_running_total():
    ctx = Frames(fdi_gross_running_total=RUNNING, fdi_gross_nbk=mframe({2011: 20.0, 2012: 28.0, 2019: 24.0}))
    r = claims.check(running_claim(period_end="2019-11"), ctx)
    assert_row(r, series="fdi", indicator="fdi_gross_inflow_usd_cumulative", data_indicator="fdi_cumulative_gross_usd",
               measure="fdi_gross_running_total", kind="cumulative", stated_value=300.0, qualifier="more_than",
               measured_value=330.0, measured_period="1991-12/2019-08", measured_source_ids="c", deviation_pct=-9.09,
               verdict="consistent",
               explanation="The official running total of gross FDI inflow since independence to 2019-08: 330 USD bn; "
                           "the stated more than 300 is 9.1% lower (consistent at a 5% tolerance). This is consistent "
                           "with an official total only; it is not rebuildable from annual data. The annual data cover "
                           "3 of the 27 years 1993-2019 (2011–2012, 2019).")
    r = claims.check(running_claim(period_end="2000"), ctx)
    assert r["verdict"] == "unverifiable" and r["explanation"] == (
        "No official running total up to 2000 is in the data. The annual data cover 0 of the 8 years 1993-2000.")
    r = claims.check(running_claim(period_end="2000"), Frames(fdi_gross_running_total=RUNNING.iloc[:0],
                                                               fdi_gross_nbk=mframe({1999: 1.0})))
    assert r["explanation"] == ("No official running total up to 2000 is in the data. The annual data cover 1 of the "
                                "8 years 1993-2000 (1999).")


# ---------------------------------------------------------------- edges found by mutation testing
def test_target_edges_of_the_pace_rule():
    tp = claims.target_progress
    # exactly 5% more pace needed (21 against 20): on track, inclusive
    assert tp(pd.Series({2023: 20.0, 2024: 20.0}), 82.0, 2023, 2026, "cumulative", "exact", 5.0).verdict == "on_track"
    # 5.0000000002% more: the edge after rounding to 9 decimals
    assert tp(pd.Series({2023: 100.0, 2024: 100.0}), 410.0000000004, 2023, 2026, "cumulative", "exact",
              5.0).verdict == "on_track"
    # 5.4% more (26.35 against 25): off track, not rounded to a whole percent
    assert tp(pd.Series({2023: 25.0, 2024: 25.0}), 102.7, 2023, 2026, "cumulative", "exact", 5.0).verdict == "off_track"
    # one year left: the whole rest is needed in it
    p = tp(pd.Series({2023: 20.0, 2024: 20.0, 2025: 20.0}), 100.0, 2023, 2026, "cumulative", "exact", 5.0)
    assert (p.verdict, p.pace_required, p.years_left) == ("off_track", 40.0, 1)
    # levels below 1 still have a pace: 0.5 -> 0.605 over two years is 10% a year; 0.73205 in 3 more needs 6.56%
    p = tp(pd.Series({2021: 0.5, 2023: 0.605}), 0.73205, 2022, 2026, "level", "exact", 5.0)
    assert p.pace_achieved == pytest.approx(10.0) and p.pace_required == pytest.approx(6.56, abs=0.01)
    # an average of 0 so far and 0 still needed: on track (nothing more is needed than is achieved)
    p = tp(pd.Series({2024: 1.0, 2025: -1.0}), 0.0, 2024, 2027, "average", "exact", 5.0)
    assert (p.verdict, p.pace_achieved, p.pace_required) == ("on_track", 0.0, 0.0)


def test_a_goal_far_exceeded_is_achieved_whatever_the_qualifier():
    for q in ("exact", "about", "at_least", "up_to"):
        p = claims.target_progress(pd.Series({2023: 60.0, 2024: 60.0}), 100.0, 2023, 2026, "cumulative", q, 5.0)
        assert (p.verdict, p.goal, p.share_achieved) == ("achieved", 100.0, 1.2), q


def test_achieved_and_missed_progress_keep_base_and_goal():
    p = claims.target_progress(pd.Series({2021: 100.0, 2023: 200.0}), 200.0, 2022, 2026, "level", "exact", 5.0)
    assert (p.base_year, p.goal, p.share_achieved) == (2021, 200.0, 1.0)
    p = claims.target_progress(pd.Series({2025: 100.0, 2026: 100.0}), 110.0, 2026, 2026, "level", "exact", 5.0)
    assert (p.verdict, p.base_year, p.goal) == ("missed", 2025, 110.0)


@pytest.mark.parametrize("values, goal, tail", [
    ({2023: 25.0, 2024: 25.0}, 100.0, "25 USD bn a year is needed over the remaining 2 years, 0.0% less (on track"),
    ({2023: 20.0, 2024: 20.0}, 80.2, "20.1 USD bn a year is needed over the remaining 2 years, 0.5% more (on track"),
    ({2023: 40.0, 2024: 40.0, 2025: 40.0}, 100.0, "goal achieved before the end of the horizon (5% tolerance)."),
])
def test_target_sentence_edges(values, goal, tail):
    assert tail in check(target(goal), obs(values))["explanation"]


def test_a_level_target_cites_only_the_year_it_reads():
    f = mframe({2021: 100.0, 2022: 105.0, 2023: 110.25, 2024: 2.0, 2025: 1.0},
               ids={2021: "x", 2022: "p", 2023: "a", 2024: "q", 2025: "z"})
    r = checked(target(110.0, start="2022", end="2023", form="level", qualifier="exact"), f)
    assert (r["verdict"], r["measured_source_ids"], r["measured_period"]) == ("achieved", "a", "2022-2023")
    r = checked(target(200.0, start="2022", end="2026", form="level", qualifier="exact"), f)
    assert (r["measured_source_ids"], r["measured_period"]) == ("z", "2022-2025")


def test_sums_and_targets_of_growth():
    f = mframe({2019: 100.0, 2020: 110.0, 2021: 121.0})          # +10% in 2020 and in 2021
    r = checked(claim(kind="cumulative", unit="%", stated_value=20.0, period_start="2020", period_end="2021",
                      transform="growth_pct"), f)
    assert r["measured_value"] == pytest.approx(20.0) and r["verdict"] == "consistent"
    r = checked(target(10.0, start="2020", end="2022", form="average", qualifier="exact", unit="%",
                       transform="growth_pct"), f)
    # 10 on average so far; 3 x 10 = 30 needs 10 in 2022
    assert r["verdict"] == "on_track" and r["measured_value"] == pytest.approx(10.0)


def two_vintages(calls: list) -> claims.Context:
    """A context whose one measure, "mv", gives 100 as first released and 200 as revised."""
    def build(o, vintage):
        calls.append(vintage)
        return mframe({2024: 100.0 if vintage == "first_release" else 200.0})
    m = measures.Measure("mv", "gdp_usd_current", "a revised series", build, ("first_release", "latest"))
    ctx = claims.Context(pd.DataFrame())
    ctx.measures = SimpleNamespace(get=lambda mid: m)
    return ctx


def test_the_claims_vintage_chooses_the_frame_and_frames_are_built_once():
    calls = []
    ctx = two_vintages(calls)
    r = claims.check(claim(measure="mv", stated_value=200.0, period_end="2024", vintage="latest"), ctx)
    assert (r["measured_value"], r["vintage"]) == (200.0, "latest")
    r = claims.check(claim(measure="mv", stated_value=200.0, period_end="2024"), ctx)
    assert (r["measured_value"], r["vintage"], r["verdict"]) == (100.0, "first_release", "overstated")
    assert ctx.frame("mv").loc[0, "value"] == 100.0 and ctx.frame("mv", "latest").loc[0, "value"] == 200.0
    assert calls == ["latest", "first_release"]


def test_a_registered_custom_check_is_the_function(monkeypatch):
    monkeypatch.setattr(claims, "CUSTOM_CHECKS", {})

    def special(c, ctx, tol, m, f):
        """Special because a test says so."""
        return claims.Result("consistent", "special")

    assert claims.custom_check("special")(special) is special and claims.CUSTOM_CHECKS == {"special": special}


def test_a_reason_keeps_its_last_letters():
    r = check(claim(measure="", stated_value=1.0, period_end="2024", curation_note="no series in USD for FX."),
              obs({2024: 1.0}))
    assert r["explanation"] == "Not checkable with these data: no series in USD for FX."


def test_check_all_of_nothing_is_an_empty_contract_frame():
    out = claims.check_all([], obs({2024: 1.0}))
    assert out.empty and list(out.columns) == claims.COLUMNS


def test_targets_table_measure_override_and_indicators_without_data():
    o = pd.concat([obs({2023: 20.0, 2024: 21.0}), obs({2023: 40.0, 2024: 42.0}, source="imf-d77a71")])
    targets = pd.DataFrame([target_row("w", "cumulative", 100, "2023", "2026", measure_id=""),
                            target_row("i", "cumulative", 100, "2023", "2026", measure_id="gdp_usd_imf"),
                            target_row("g", "level", 1000, "2024", "2026", unit="USD",
                                       indicator="gni_per_capita_atlas_usd", measure_id="")])
    t = claims.targets_progress(targets, o).set_index("target_id")
    assert (t.loc["w", "measure"], t.loc["w", "achieved"]) == ("gdp_usd_wdi", 41.0)
    assert (t.loc["i", "measure"], t.loc["i", "achieved"]) == ("gdp_usd_imf", 82.0)
    # no observations of the indicator at all: pending, not a crash (was an AttributeError on the empty frame)
    assert (t.loc["g", "measure"], t.loc["g", "verdict"], t.loc["g", "years_with_data"]) == (
        "gni_per_capita_atlas", "pending", 0)
    assert t.loc["g", "explanation"] == "No value of the GNI per capita, Atlas method (World Bank WDI) for 2024-2026 yet."


# ------------------------------------------------- a change chained from yearly growth rates
GROWTH = dict(indicator="gdp_real_growth_pct", unit="%", measure="gdp_real_growth_wdi",
              data_indicator="gdp_real_growth_pct", kind="change", transform="chained", base_period="2018",
              period_end="2020")


def growth_obs(values: dict[int, float]) -> pd.DataFrame:
    return obs(values, indicator="gdp_real_growth_pct", source="wb-464018")


@pytest.mark.parametrize("stated, unit, verdict, measured", [
    (21, "%", "consistent", 21.0),        # 1.10 x 1.10 = 1.21: +21%, not the +20% of adding the rates
    (20, "%", "consistent", 21.0),        # adding the rates is 4.8% short: within 5%
    (25, "%", "overstated", 21.0),
    (1.21, "x", "consistent", 1.21),
    (1.5, "x", "overstated", 1.21),
])
def test_a_real_change_over_years_multiplies_the_yearly_links(stated, unit, verdict, measured):
    r = check(claim(stated_value=stated, **{**GROWTH, "unit": unit}), growth_obs({2018: 50.0, 2019: 10.0, 2020: 10.0}))
    assert r["verdict"] == verdict
    assert r["measured_value"] == pytest.approx(measured)
    assert "2019 +10.0%, 2020 +10.0%" in r["explanation"]  # the links are shown, and 2018's own rate is not one


@pytest.mark.parametrize("stated, verdict", [(10, "consistent"), (10.5, "consistent"), (12, "overstated"),
                                             (5, "understated")])
def test_an_average_growth_a_year_is_the_compound_rate_of_the_chained_links(stated, verdict):
    # links +21% and +0%: 1.21 over two years is 10% a year compounded, not the 10.5% of averaging the rates
    r = check(claim(stated_value=stated, **{**GROWTH, "unit": "% a year"}), growth_obs({2018: 50.0, 2019: 21.0,
                                                                                       2020: 0.0}))
    assert r["measured_value"] == pytest.approx(10.0)
    assert r["verdict"] == verdict
    assert r["explanation"].startswith("The real GDP growth (World Bank WDI), chained from 2018 to 2020 (2019 +21.0%, "
                                       "2020 +0.0%): average growth in % a year: 10 % a year; the stated ")


def test_an_average_growth_a_year_between_two_levels_is_compounded_too():
    r = check(claim(stated_value=10, **{**GROWTH, "transform": "", "unit": "% a year", "measure": "gdp_usd_wdi",
                                        "indicator": "gdp_usd_current", "data_indicator": "gdp_usd_current"}),
              obs({2018: 100.0, 2019: 105.0, 2020: 121.0}))
    assert r["measured_value"] == pytest.approx(10.0) and r["verdict"] == "consistent"
    assert r["explanation"].startswith(f"The {GDP}, average growth in % a year from 2018 (100) to 2020 (121): 10 % a year;")


@pytest.mark.parametrize("unit, stated, says", [("%", 21, "change in %: 21 %"), ("x", 1.21, "multiple: 1.21 x")])
def test_a_chained_change_in_full(unit, stated, says):
    # each year from another release of the lineage: the sources are those of the links 2019 and 2020 only
    o = pd.concat([obs({2018: 50.0}, indicator="gdp_real_growth_pct", source="wb-464018.2025-01-01"),
                   growth_obs({2019: 10.0}),
                   obs({2020: 10.0}, indicator="gdp_real_growth_pct", source="wb-464018.2026-10-15")])
    r = check(claim(stated_value=stated, **{**GROWTH, "unit": unit}), o)
    assert (r["measured_period"], r["measured_source_ids"]) == ("2018/2020", "wb-464018;wb-464018.2026-10-15")
    assert r["explanation"] == ("The real GDP growth (World Bank WDI), chained from 2018 to 2020 (2019 +10.0%, "
                                f"2020 +10.0%): {says}; the stated {stated:g} matches it (consistent at a 5% "
                                "tolerance).")
    with pytest.raises(ValueError, match="^claim t: a chained change is stated in %, % a year or x, not 'USD bn'$"):
        check(claim(stated_value=21, **{**GROWTH, "unit": "USD bn"}), o)


def test_a_chain_across_a_missing_year_is_not_measured():
    r = check(claim(stated_value=21, **GROWTH), growth_obs({2018: 3.0, 2020: 10.0}))
    assert (r["verdict"], r["measured_period"]) == ("unverifiable", "2018/2020")
    assert r["explanation"] == ("The real GDP growth (World Bank WDI) has no value for 2019, so the change 2018 to "
                                "2020 cannot be chained.")



@pytest.mark.parametrize("statement_id, reading_of, want", [
    ("s", "", "s"),      # a clause of a sentence: the sentence's lead claim
    ("s", "p", "s"),
    ("", "p", "p"),      # an alternative reading: its primary's statement
    ("", "", "t"),       # a claim alone: itself
])
def test_the_statement_a_check_belongs_to(statement_id, reading_of, want):
    r = check(claim(stated_value=100.0, period_end="2024", statement_id=statement_id, reading_of=reading_of),
              obs({2024: 100.0}))
    assert r["statement_id"] == want
