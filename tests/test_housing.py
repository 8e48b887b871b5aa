"""Tests of kzseries.housing on small fixed frames, plus one check against data/raw."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import build_page, one, processed_rows, raw_rows
from kzseries import claims as C
from kzseries import data
from kzseries import housing as H
from kzseries.pages import housing as HP


def obs_frame(rows):
    """Tidy-like observations: indicator, period, value_std, status, vintage, published, source_id."""
    cols = ["indicator", "period", "value_std", "status", "vintage", "published", "source_id"]
    return pd.DataFrame(rows, columns=cols)


AREA = "housing_commissioned_m2"
UNITS = "housing_units_commissioned"

FIXED = obs_frame([
    # 2020: a precise figure and a rounded restatement a day later (not a revision)
    (AREA, "2020", 15.336, "final", "", "2021-01-12", "a"),
    (AREA, "2020", 15.3, "final", "", "2021-01-13", "b"),
    # 2021: a full year given as a Jan-Dec span
    (AREA, "2021-01/2021-12", 17.0, "final", "", "2022-01-31", "c"),
    # 2022: year-to-date only: must never count as a year
    (AREA, "2022-01/2022-11", 14.0, "final", "", "2022-12-20", "d"),
    # 2023: preliminary then final on the same (year-only) publication date
    (AREA, "2023", 17.8, "final", "", "2024", "f"),
    (AREA, "2023", 17.5, "preliminary", "", "2024", "e"),
    # 2024: first release, then a revision months later
    (AREA, "2024", 18.96, "final", "", "2025-02", "g"),
    (AREA, "2024", 19.1, "final", "", "2025-08-08", "h"),
    # a multi-year statement: not a year either
    (AREA, "2019-01/2024-12", 97.9, "final", "", "2025-08-08", "i"),
    (AREA, "2025", 21.0, "forecast", "", "2024-12-01", "j"),
])


def test_full_years_keep_calendar_years_and_jan_dec_spans_only():
    full = H.full_years(FIXED, AREA)
    assert sorted(set(full["year"])) == [2020, 2021, 2023, 2024]
    assert "2022-01/2022-11" not in set(full["period"])
    assert "2019-01/2024-12" not in set(full["period"])
    assert "forecast" not in set(full["status"])


def test_partial_year_is_never_counted_as_full():
    full = H.pick(H.vintages(H.full_years(FIXED, AREA)), "first_release")
    part = H.partial_years(FIXED, AREA)
    assert list(part["period"]) == ["2022-01/2022-11"]
    cov = H.year_coverage(full, part, 2020, 2024)
    row22 = cov[cov["year"] == 2022].iloc[0]
    assert row22["basis"] != "full year" and "partial" in row22["basis"]
    assert row22["value"] == 14.0 and row22["months"] == 11
    total, not_full = H.full_year_total(cov)
    assert not_full == [2022]
    assert total == pytest.approx(15.336 + 17.0 + 17.5 + 18.96)
    with pytest.raises(C.MissingYears) as err:
        C.cumulative(full, 2020, 2024)
    assert err.value.missing == [2022]


def test_missing_year_without_partial_is_missing():
    full = pd.Series({2020: 1.0})
    cov = H.year_coverage(full, H.partial_years(FIXED, AREA).iloc[0:0], 2020, 2021)
    assert cov.loc[cov["year"] == 2021, "basis"].item() == "missing"
    assert math.isnan(cov.loc[cov["year"] == 2021, "value"].item())


def test_vintage_choice_changes_the_sum_by_the_revisions():
    full = H.full_years(FIXED, AREA)
    vint = H.vintages(full)
    first = C.cumulative(H.pick(vint, "first_release"), 2023, 2024)
    latest = C.cumulative(H.pick(vint, "latest"), 2023, 2024)
    assert first == pytest.approx(17.5 + 18.96)
    assert latest == pytest.approx(17.8 + 19.1)
    assert latest - first == pytest.approx((17.8 - 17.5) + (19.1 - 18.96))
    # a rounded restatement is not a revision: 2020 keeps the precise figure in both vintages
    v20 = vint.set_index("year").loc[2020]
    assert v20["first_release"] == v20["latest"] == 15.336
    assert not v20["revised"] and v20["first_source_ids"] == "a;b"


def test_explicit_revised_flag_beats_rounding():
    rows = obs_frame([
        (AREA, "2021", 17.0, "final", "first_release", "2022-01-31", "x"),
        (AREA, "2021", 16.9, "final", "revised", "2023-03-24", "y"),
    ])
    v = H.vintages(H.full_years(rows, AREA)).iloc[0]
    assert (v["first_release"], v["latest"], v["revised"]) == (17.0, 16.9, True)


def test_flag_that_contradicts_dates_is_reported():
    rows = obs_frame([
        (AREA, "2024", 18.96, "final", "", "2025-02", "early"),
        (AREA, "2024", 19.1, "final", "first_release", "2025-08-08", "late"),
    ])
    v = H.vintages(H.full_years(rows, AREA)).iloc[0]
    assert v["first_release"] == 18.96 and v["latest"] == 19.1
    assert "late" in v["flag_conflict"]


def test_releases_are_ordered_by_date_then_flag_then_status_then_source():
    rows = obs_frame([
        (AREA, "2024", 1.0, "final", "revised", "2025-03-01", "s1"),
        (AREA, "2024", 2.0, "final", "", "2025-03-01", "s2"),
        (AREA, "2024", 3.0, "preliminary", math.nan, "2025-03-01", "s3"),   # no flag at all: as unflagged
        (AREA, "2024", 4.0, "final", "first_release", "2025-03", "s4"),      # a month: from its first day
        (AREA, "2024", 5.0, "estimate", "other", "2025-03-01", "s5"),        # an unknown flag: as unflagged
        (AREA, "2024", 6.0, "final", "revised", "2025-02-01", "s6"),
        (AREA, "2024", 7.0, "final", "", "", "s7"),                           # undated: last
    ])
    got = H.order_releases(rows.iloc[::-1])
    assert got["source_id"].tolist() == ["s6", "s4", "s3", "s5", "s2", "s1", "s7"]
    assert list(got.columns) == list(rows.columns) and list(got.index) == list(range(7))


def test_vintages_in_full():
    cols = ["year", "first_release", "first_source_ids", "first_published", "first_status", "latest",
            "latest_source_ids", "latest_published", "latest_status", "n_rows", "revised", "flag_conflict"]
    want = pd.DataFrame([
        # a restatement joins its group; the most precise figure stands for it
        (2020, 15.336, "a;b", "2021-01-12", "final", 15.336, "a;b", "2021-01-12", "final", 2, False, ""),
        (2021, 17.0, "c", "2022-01-31", "final", 17.0, "c", "2022-01-31", "final", 1, False, ""),
        # the same publication date: the preliminary figure came first
        (2023, 17.5, "e", "2024", "preliminary", 17.8, "f", "2024", "final", 2, True, ""),
        (2024, 18.96, "g", "2025-02", "final", 19.1, "h", "2025-08-08", "final", 2, True, ""),
    ], columns=cols)
    pd.testing.assert_frame_equal(H.vintages(H.full_years(FIXED, AREA)), want)


def test_vintages_name_each_flag_the_dates_contradict_and_put_an_undated_row_last():
    rows = obs_frame([
        (AREA, "2024", 19.25, "final", "", "", "u"),                       # undated: read last; restates 19.2
        (AREA, "2024", 19.2, "final", "first_release", "2025-06-01", "f1"),
        (AREA, "2024", 18.9, "final", "revised", "2025-01-10", "r1"),
    ])
    v = H.vintages(H.full_years(rows, AREA)).iloc[0]
    assert (v["first_release"], v["first_source_ids"], v["latest"], v["latest_source_ids"]) == (18.9, "r1", 19.25, "f1;u")
    assert (v["latest_published"], v["n_rows"], v["revised"]) == ("", 3, True)
    assert v["flag_conflict"] == ("r1 flagged revised but published before 19.25; "
                                  "f1 flagged first_release but published after 18.9")


def test_pick_and_sources_of_a_vintage():
    vint = H.vintages(H.full_years(FIXED, AREA))
    pd.testing.assert_series_equal(H.pick(vint, "latest"), pd.Series([15.336, 17.0, 17.8, 19.1], name="latest",
                                                                     index=pd.Index([2020, 2021, 2023, 2024], name="year")))
    assert H.sources_of(vint, "first_release", [2020, 2023]) == ["a", "b", "e"]
    assert H.sources_of(vint, "latest", [2023, 2024, 2030]) == ["f", "h"]
    with pytest.raises(ValueError, match="vintage must be 'first_release' or 'latest', not 'final'"):
        H.pick(vint, "final")


@pytest.mark.parametrize("a,b,same", [
    (15.336, 15.3, True), (11.168, 11.0, True), (89400, 90000, True), (18.9634, 18.96, True),
    (17.5, 17.8, False), (172089, 173900, False), (12.5, 12.5, True),
])
def test_is_restatement(a, b, same):
    assert H.is_restatement(a, b) is same
    assert H.is_restatement(b, a) is same


@pytest.mark.parametrize("x, step", [(15.3, 0.1), (173900, 100), (11.0, 1), (0.0, 1), (math.inf, 1), (-2.5, 0.1),
                                     (0.004, 0.001), (1e9, 1e9), (1234.5, 0.1), (0.25, 0.01), (1e-8, 1e-7)])
def test_precision(x, step):
    assert H.precision(x) == pytest.approx(step)


def test_target_path_hand_checked():
    path = H.target_path(111, 2023, 2029, first=15.3, step=0.2)
    cum = dict(zip(path["year"], path["cumulative"]))
    assert cum[2023] == pytest.approx(15.3)
    assert cum[2024] == pytest.approx(15.3 + 15.5)          # the 30.8 two-year plan
    assert cum[2029] == pytest.approx(7 * 15.3 + 0.2 * (0 + 1 + 2 + 3 + 4 + 5 + 6))
    even = H.target_path(111, 2023, 2029)
    assert even["annual"].tolist() == pytest.approx([111 / 7] * 7)
    assert even["cumulative"].iloc[-1] == pytest.approx(111)


def test_annual_plans_bar_prefers_plan_and_excludes_partial():
    t = pd.DataFrame([
        ("p25a", "housing", AREA, "plan", "level", 19.0, "2025", "2025", "2025"),
        ("p25b", "housing", AREA, "plan", "level", 19.2, "2025", "2025", "2025-12-05"),
        ("t25", "housing", AREA, "target", "level", 15.9, "2025", "2025", "2022-11-01"),
        ("jan_apr", "housing", AREA, "plan", "level", 3.6, "2023", "2023", "2023-06-05"),
        ("cum", "housing", AREA, "target", "cumulative", 111.0, "2023", "2029", "2023-06-05"),
    ], columns=["target_id", "series", "indicator", "kind", "measure", "target_value", "horizon_start",
                "horizon_end", "stated_on"])
    t["stated_by"] = ""
    plans = H.annual_plans(t, AREA, exclude={"jan_apr": "Jan-Apr only"})
    assert set(plans["target_id"]) == {"p25a", "p25b", "t25"}
    assert plans.loc[plans["role"] == "bar", "target_id"].tolist() == ["p25a"]


def test_change_and_implied_bases():
    from kzseries import arith

    s = pd.Series({2018: 12.5, 2024: 19.0})
    d = arith.change(s, 2018, 2024)
    assert d.absolute == pytest.approx(6.5)
    assert d.pct == pytest.approx(52.0) and d.multiple == pytest.approx(1.52)
    # one rule for a missing year on every page and in the engine
    with pytest.raises(arith.MissingYears, match="2019"):
        arith.change(s, 2019, 2024)
    with pytest.raises(arith.MissingYears):
        arith.change(pd.Series({2018: math.nan, 2024: 19.0}), 2018, 2024)
    assert H.implied_base_from_abs(19, 6.4) == pytest.approx(12.6)
    assert H.implied_base_from_pct(19, 51.4) * 1.514 == pytest.approx(19)


def test_deflate_and_composition():
    nominal = pd.Series({2018: 100.0, 2019: 121.0, 2020: 50.0})
    cpi = pd.Series({2018: 100.0, 2019: 110.0})
    from kzseries import arith

    real = arith.deflate(nominal, cpi, 2018)
    assert real[2019] == pytest.approx(110.0)
    assert math.isnan(real[2020])  # no price index: no value, no extrapolation
    # one base convention whatever the index's own reference year: rebasing the index changes nothing
    assert arith.deflate(nominal, cpi * 1.7, 2018)[2019] == pytest.approx(110.0)
    with pytest.raises(arith.MissingYears):
        arith.deflate(nominal, cpi, 2020)
    comp = H.composition(pd.Series({2020: 140.0, 2021: 150.0}), pd.Series({2020: 40.0}))
    assert comp.index.tolist() == [2020]
    assert comp.loc[2020, "flats"] == 100.0
    assert comp.loc[2020, "house_share_pct"] == pytest.approx(40 / 140 * 100)


def test_rebuilt_values_equal_their_raw_rows():
    """First release and latest per year are the rows named here by hand from data/raw/housing.csv."""
    tidy = data.tidy(data.load("housing.csv"))
    vint = H.vintages(H.full_years(tidy, AREA)).set_index("year")
    # year: (first-release source ids, value), (latest source ids, value); read off the raw file by date
    expected = {
        2021: (("bns-c5e8fa", 17.0), ("bns-ecd4ab", 16.9)),            # 2022-01-31 first, 2023-03-24 revised
        2023: (("bns-65f4fb", 17.5), ("bns-8ab795", 17.8)),            # preliminary, then the final release
        2024: (("bns-7d22be;mic-f0f012", 18.9634), ("mic-7a3660", 19.1)),  # 2025 releases, then 2025-08-08
    }
    for year, ((first_ids, first_v), (last_ids, last_v)) in expected.items():
        assert vint.loc[year, "first_source_ids"] == first_ids, year
        assert vint.loc[year, "latest_source_ids"] == last_ids, year
        for ids, value in ((first_ids, first_v), (last_ids, last_v)):
            for sid in ids.split(";"):  # each row behind the value gives it, to that row's own rounding
                cell = one(raw_rows("housing.csv", indicator=AREA, period=str(year), source_id=sid))["value"]
                decimals = len(cell.partition(".")[2])
                assert round(value, decimals) == float(cell), (year, sid)
        assert vint.loc[year, "first_release"] == first_v and vint.loc[year, "latest"] == last_v
        for vintage, ids, value in (("first_release", first_ids, first_v), ("latest", last_ids, last_v)):
            out = one(processed_rows("housing.csv", indicator=AREA, year=str(year), vintage=vintage))
            assert out["source_ids"] == ids and float(out["value"]) == value
    # the six-year first-release sum is the sum of these raw rows (the most precise of equal releases)
    rows = {2019: "mic-698d78", 2020: "pm-51c395", 2021: "bns-c5e8fa", 2022: "bns-0fd7e7", 2023: "bns-65f4fb",
            2024: "bns-7d22be"}
    parts = [float(one(raw_rows("housing.csv", indicator=AREA, period=str(y), source_id=sid))["value"])
             for y, sid in rows.items()]
    assert parts == [13.1, 15.336, 17.0, 15.4, 17.5, 18.9634]
    first = H.pick(vint.reset_index(), "first_release")
    assert C.cumulative(first, 2019, 2024) == pytest.approx(sum(parts))
    full = H.full_years(tidy, AREA)
    assert all(H.is_full_year(p) for p in full["period"])
    assert not full["period"].str.match(r"^\d{4}-01/\d{4}-(0[1-9]|1[01])$").any()


# ------------------------------------------------- selection logic moved out of the notebook (issue 15)
def test_growth_never_spans_a_gap():
    g = H.growth(pd.Series({2013: 6.85, 2014: 7.5, 2016: 10.5, 2017: 11.0}))
    assert g.index.tolist() == [2014, 2017]          # no 2016: 2015 is missing
    assert g[2014] == pytest.approx((7.5 / 6.85 - 1) * 100)
    assert g[2017] == pytest.approx(100 / 21)        # 11 / 10.5 - 1 = 0.5 / 10.5


def test_investment_source_is_the_longest_run_ties_by_id():
    full = pd.DataFrame({"source_id": ["b", "b", "b", "a", "a", "a", "minister"], "year": [2013, 2014, 2015,
                                                                                            2014, 2015, 2016, 2015]})
    assert H.investment_source(full) == "a"          # a and b both have 3 years: the first id wins
    assert H.investment_source(full[full["source_id"] != "a"]) == "b"
    with pytest.raises(ValueError, match="housing_investment_kzt"):
        H.investment_source(full.iloc[0:0])


def test_december_share_uses_the_same_span_of_the_other_series():
    cov = pd.DataFrame([
        (2022, 130.0, "full year", 12, "2022"),
        (2023, 134.0, "Jan–Nov only (partial year, lower bound)", 11, "2023-01/2023-11"),
        (2025, 154.0, "Jan–Nov only (partial year, lower bound)", 11, "2025-01/2025-11"),
        (2026, math.nan, "missing", 0, ""),
    ], columns=["year", "value", "basis", "months", "period"])
    area_part = pd.DataFrame([
        (2023, "2023-01/2023-11", 15.0), (2023, "2023-01/2023-08", 9.0),   # Jan-Aug is not the same span
        (2025, "2025-01/2025-11", 16.0),
    ], columns=["year", "period", "value_std"])
    area = pd.Series({2022: 15.4, 2023: 18.0, 2025: 20.0})
    share, years = H.december_share(cov, area_part, area)
    assert years == [2023, 2025]
    assert share == pytest.approx((20.0 + 25.0) / 2)   # 18/15 - 1 = 20%, 20/16 - 1 = 25%
    none, used = H.december_share(cov, area_part.iloc[0:0], area)
    assert math.isnan(none) and used == []


def test_progress_table_lists_each_goal_once_cumulative_first():
    prog = pd.DataFrame([
        ("t111", AREA, "2023-2029", 111.0, "cumulative", 56.6, 0.51, 18.9, 13.6, "on_track"),
        ("t111-2", AREA, "2023-2029", 111.0, "cumulative", 56.6, 0.51, 18.9, 13.6, "on_track"),
        ("lvl25", AREA, "2025-2025", 19.2, "level", 20.1, 1.047, 6.0, math.nan, "achieved"),
        ("u977", UNITS, "2021-2025", 977000.0, "cumulative", math.nan, math.nan, math.nan, math.nan, "unverifiable"),
        ("inv", "housing_investment_kzt", "2017-2021", 1500.0, "cumulative", 1.0, 1.0, 1.0, 1.0, "achieved"),
    ], columns=["target_id", "indicator", "horizon", "goal", "form", "achieved", "share_achieved", "pace_achieved",
                "pace_required", "verdict"])
    t = HP.progress_table(prog)
    assert t["target_id"].tolist() == ["u977", "t111", "lvl25"]
    assert t.loc[t["target_id"] == "t111", "verdict"].item() == "on track"
    assert t.loc[t["target_id"] == "t111", "share of goal, %"].item() == pytest.approx(51.0)
    assert math.isnan(t.loc[t["target_id"] == "lvl25", "pace so far / yr"].item())  # % a year, not m2 a year


def _built(vintage="first_release"):
    return build_page("housing", base_year=2018, window_start=2019, window_end=2024, vintage=vintage)


def test_build_on_the_real_data_agrees_with_raw_rows_and_the_engine():
    raw = data.load("housing.csv")
    R = _built()
    # growth 2024: latest 2024 over latest 2023, both straight from raw rows (19.1 and 17.8)
    latest = {y: raw[(raw["indicator"] == AREA) & (raw["period"] == str(y))]["value"].astype(float)
              for y in (2023, 2024)}
    assert R.level.growth_year == pytest.approx((latest[2024].max() / latest[2023].max() - 1) * 100)
    assert 2020 in R.level.faster_years and 2023 in R.level.faster_years
    # the investment series is one source, and the text reports the flag data/raw gives its rows
    inv = raw[(raw["indicator"] == "housing_investment_kzt") & (raw["source_id"] == R.investment.source)]
    assert R.investment.flags == sorted(set(inv["vintage"]))
    assert len(R.investment.nominal) == inv["period"].nunique()
    # target progress is the engine's row, not a second computation
    assert R.path111.engine["target_id"] == "housing-commissioned-m2-2029"
    assert R.flats.verdict_977 == "unverifiable" and R.flats.not_full_977 == [2023, 2025]
    # the lower bound: full years plus Jan-Nov 2023 and Jan-Nov 2025, as raw rows
    units = raw[raw["indicator"] == UNITS]
    jan_nov = sum(float(units.loc[units["period"] == f"{y}-01/{y}-11", "value"].iloc[0]) for y in (2023, 2025))
    assert R.flats.lower == pytest.approx(R.flats.coverage.loc[R.flats.coverage["basis"] == "full year",
                                                               "value"].sum() + jan_nov)


def test_build_vintage_switches_the_series_not_the_verdicts():
    a, b = _built("first_release"), _built("latest")
    assert a.area[2024] != b.area[2024] and a.area[2024] == b.area_alt[2024]
    assert {k: r["verdict"] for k, r in a.verdicts.items()} == {k: r["verdict"] for k, r in b.verdicts.items()}
    assert (a.path111.engine["achieved"], a.path111.engine["verdict"]) == (b.path111.engine["achieved"],
                                                                           b.path111.engine["verdict"])
    assert a.level.growth_year == b.level.growth_year   # one growth rule whatever the vintage
    with pytest.raises(ValueError, match="vintage"):
        H.other_vintage("newest")


def test_a_flag_that_agrees_with_the_dates_is_no_conflict():
    rows = obs_frame([
        (AREA, "2024", 18.96, "final", "first_release", "2025-02", "early"),
        (AREA, "2024", 19.1, "final", "revised", "2025-08-08", "late"),
        (AREA, "2023", 17.5, "final", "revised", math.nan, "only"),  # a lone revision: nothing to contradict
    ])
    v = H.vintages(H.full_years(rows, AREA)).set_index("year")
    assert v["flag_conflict"].tolist() == ["", ""]
    assert (v.loc[2023, "first_published"], v.loc[2023, "latest_published"], v.loc[2023, "revised"]) == ("", "", False)


def test_no_full_year_gives_no_vintages_but_the_same_columns():
    got = H.vintages(H.full_years(obs_frame([(AREA, "2022-01/2022-11", 14.0, "final", "", "2022-12-20", "d")]), AREA))
    assert got.empty and list(got.columns) == ["year", "first_release", "first_source_ids", "first_published",
                                               "first_status", "latest", "latest_source_ids", "latest_published",
                                               "latest_status", "n_rows", "revised", "flag_conflict"]


def test_full_years_keep_the_rows_columns_and_a_fresh_index():
    got = H.full_years(FIXED, AREA)
    assert list(got.columns) == list(FIXED.columns) + ["year"] and list(got.index) == list(range(len(got)))
    assert got["year"].dtype == "int64"
