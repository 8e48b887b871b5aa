"""The minimum-wage helpers on small frames built here, and one rebuild from data/raw."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import build_page, one, processed_rows, raw_rows
from kzseries import arith, data
from kzseries import minimum_wage as mw
from kzseries.pages import minimum_wage as mw_page


def _rows(spec):
    """Tidy-like rows from (period, value, source) via the real period parser."""
    df = pd.DataFrame(spec, columns=["period", "value", "source_id"])
    df["indicator"], df["unit"] = "minimum_wage_kzt", "KZT per month"
    df["status"], df["vintage"], df["basis"], df["published"], df["notes"] = "final", "", "", "", ""
    out = data.tidy(df)
    return out


# ----------------------------------------------------------------- prices
RATES = pd.Series({2020: 10.0, 2021: 5.0, 2022: 20.0})


def test_deflating_by_the_base_years_own_index_returns_the_nominal_value():
    nominal = pd.Series({2020: 42_500.0, 2021: 42_500.0, 2022: 60_000.0})
    for base in (2020, 2021, 2022):
        real = arith.deflate(nominal, mw.chain_index(RATES, base), base)
        assert real[base] == pytest.approx(nominal[base])


def test_chain_index_compounds_rates_forward_and_back():
    idx = mw.chain_index(RATES, 2021)
    assert idx[2021] == 100.0
    assert idx[2022] == pytest.approx(100.0 * 1.20)
    assert idx[2020] == pytest.approx(100.0 / 1.05)
    assert idx[2019] == pytest.approx(100.0 / 1.05 / 1.10)  # 2020's rate links 2019 to 2020


def test_a_missing_year_breaks_the_chain_instead_of_being_filled():
    gappy = pd.Series({2020: 10.0, 2022: 20.0, 2023: 5.0})  # 2021 missing
    idx = mw.chain_index(gappy, 2020)
    assert 2021 not in idx.index and 2022 not in idx.index and 2023 not in idx.index
    real = arith.deflate(pd.Series({2020: 1.0, 2023: 2.0}), idx, 2020)
    assert math.isnan(real[2023])


def test_real_multiple_is_nominal_multiple_over_price_multiple_and_base_free():
    nominal = pd.Series({2020: 100.0, 2022: 150.0})
    expected = 1.5 / (1.05 * 1.20)
    assert mw.real_multiple(nominal, RATES, 2020, 2022) == pytest.approx(expected)
    # the same through any base year
    for base in (2019, 2020, 2021, 2022):
        real = arith.deflate(nominal, mw.chain_index(RATES, base), base)
        assert real[2022] / real[2020] == pytest.approx(expected)


def test_inflation_rates_use_one_source_and_convert_an_index():
    obs = pd.DataFrame({
        "indicator": ["cpi_dec_on_dec_index"] * 3 + ["cpi_inflation_dec_pct"],
        "source_id": ["bns-788862", "bns-788862", "other", "bns-788862"],
        "period_kind": "year", "year": [2020, 2021, 2021, 2021], "value_std": [107.5, 108.4, 99.0, 1.0],
        "status": "final",
    })
    r = mw.inflation_rates(obs, mw.DEFLATORS["cpi_december"])
    assert list(r.index) == [2020, 2021]
    assert r[2021] == pytest.approx(8.4)


def test_real_multiple_2019_2024_comes_from_the_cpi_data(root):
    """The headline real multiple is rebuilt from the CPI rows, not typed in."""
    obs = data.tidy(data.load("gdp.csv"))
    rates = mw.inflation_rates(obs, mw.DEFLATORS["cpi_average"])
    prices = 1.0
    for y in range(2020, 2025):
        prices *= 1 + rates[y] / 100
    nominal = pd.Series({2019: 42_500.0, 2024: 85_000.0})
    assert mw.real_multiple(nominal, rates, 2019, 2024) == pytest.approx(2.0 / prices)
    # and it moves if the CPI moves
    bumped = rates.copy()
    bumped[2022] += 10
    assert mw.real_multiple(nominal, bumped, 2019, 2024) < mw.real_multiple(nominal, rates, 2019, 2024)


# ------------------------------------------------------ amounts in force
def test_monthly_in_force_lets_a_half_year_override_the_full_year():
    m = mw.monthly_in_force(_rows([("2009", 100.0, "a"), ("2009-H2", 110.0, "a"), ("2010", 120.0, "a")]))
    assert m[pd.Period("2009-06", "M")] == 100.0 and m[pd.Period("2009-07", "M")] == 110.0
    annual = mw.annual_mean(m)
    assert annual[2009] == pytest.approx((6 * 100 + 6 * 110) / 12)
    assert annual[2010] == 120.0
    assert mw.in_month(m, 1)[2009] == 100.0


def test_a_missing_month_leaves_the_year_without_an_average():
    m = mw.monthly_in_force(_rows([("2020-01/2020-03", 10.0, "a"), ("2020-05/2020-12", 11.0, "a"),
                                   ("2021", 12.0, "a")]))
    assert math.isnan(m[pd.Period("2020-04", "M")])
    assert math.isnan(mw.annual_mean(m)[2020])


def test_the_amounts_in_force_in_full_whatever_the_row_order():
    m = mw.monthly_in_force(_rows([("2009-10", 120.0, "a"), ("2009-H2", 110.0, "a"), ("2009", 100.0, "a"),
                                   ("2009", 100.0, "b")]))  # the same amount twice is no conflict
    want = pd.Series([100.0] * 6 + [110.0] * 3 + [120.0] + [110.0] * 2,
                     index=pd.period_range("2009-01", "2009-12", freq="M"), name="in_force")
    pd.testing.assert_series_equal(m, want)
    pd.testing.assert_series_equal(mw.annual_mean(m), pd.Series({2009: (6 * 100 + 5 * 110 + 120) / 12},
                                                                name="annual_mean"))
    empty = mw.monthly_in_force(_rows([]))
    assert empty.empty and empty.name == "in_force" and empty.index.freqstr == "M" and empty.dtype == float
    assert mw.annual_mean(empty).name == "annual_mean" and mw.annual_mean(empty).dtype == float


def test_one_source_per_period_by_preference_then_alphabet():
    rows = _rows([("2020", 1.0, "zz"), ("2020", 2.0, "b"), ("2020", 3.0, "a"),
                  ("2021", 4.0, "zz"), ("2021", 5.0, "yy"), ("2022-Q1", 6.0, "a")])
    picked = mw.pick_source(rows, ("b", "zz"))
    assert picked[["period", "source_id"]].values.tolist() == [["2020", "b"], ["2021", "zz"], ["2022-Q1", "a"]]
    assert list(picked.columns) == list(rows.columns) and list(picked.index) == [0, 1, 2]
    values, ids = mw.annual_series(rows, ("yy",))
    pd.testing.assert_series_equal(values, pd.Series([3.0, 5.0], index=pd.Index([2020, 2021], name="year"),
                                                     name="value"))
    pd.testing.assert_series_equal(ids, pd.Series(["a", "yy"], index=pd.Index([2020, 2021], name="year"),
                                                  name="source_id"))
    assert mw.pick_source(rows.iloc[0:0], ("b",)).empty


def test_inflation_rates_in_full():
    d = mw.DEFLATORS["cpi_average"]
    obs = pd.DataFrame({"indicator": d.indicator, "source_id": d.source_id, "period_kind": ["year"] * 3 + ["month"],
                        "year": [2021, 2020, 2022, 2020], "value_std": [8.0, 6.8, 15.0, 1.0],
                        "status": ["final", "final", "forecast", "final"]})
    pd.testing.assert_series_equal(mw.inflation_rates(obs, d),
                                   pd.Series({2020: 6.8, 2021: 8.0}, name="inflation_pct").rename_axis("year"))
    twice = pd.concat([obs, obs.iloc[[0]]])
    with pytest.raises(ValueError, match=f"^{d.source_id} gives {d.indicator} twice for one year$"):
        mw.inflation_rates(twice, d)
    assert mw.chain_index(RATES, 2021).name == "price_index"


def test_conflicting_rows_of_the_same_length_raise():
    with pytest.raises(ValueError, match=r"^two different amounts \(10 and 11\) for 2020-01$"):
        mw.monthly_in_force(_rows([("2020", 10.0, "a"), ("2020", 11.0, "b")]))


def test_frozen_years_and_midyear_changes():
    m = mw.monthly_in_force(_rows([("2018", 1.0, "a"), ("2019", 2.0, "a"), ("2020", 2.0, "a"),
                                   ("2021-01/2021-03", 2.0, "a"), ("2021-04/2021-12", 3.0, "a")]))
    assert mw.frozen_years(m) == [2020]
    assert mw.midyear_changes(m) == {2021: "2 → 3 from Apr"}


# ------------------------------------------------------------- the bite
def test_kaitz_on_a_hand_checked_year():
    # 2023: minimum wage 70,000, April-survey median 251,356 -> 27.85%
    k = mw.kaitz(pd.Series({2023: 70_000.0, 2024: 85_000.0}), pd.Series({2023: 251_356.0}))
    assert list(k.index) == [2023]
    assert k[2023] == pytest.approx(27.849, abs=1e-3)


def test_target_path_and_minimum_needed():
    path = mw.target_path(2025, 26.0, 50.0, 2030)
    assert path[2025] == 26.0 and path[2030] == 50.0
    assert path.diff().dropna().round(9).nunique() == 1
    assert mw.minimum_needed(300_000, 10.0, 2, 50.0) == pytest.approx(0.5 * 300_000 * 1.21)


def test_pick_source_prefers_the_listed_order_then_alphabetical():
    df = pd.DataFrame({"period": ["2019", "2019", "2020", "2020"],
                       "source_id": ["secondary", "bns", "zz", "aa"], "value_std": [1.0, 2.0, 3.0, 4.0]})
    out = mw.pick_source(df, ("bns",)).set_index("period")["value_std"]
    assert out["2019"] == 2.0 and out["2020"] == 4.0


# --------------------------------------------------------- legal basis
def test_legal_basis_and_effective_date_from_notes():
    note = ("From 2019-01-01. Legal basis: Law No. 197-VI of 30 Nov 2018 On the republican budget for "
            "2019-2021. Ministry of Labour also states 42,500.")
    assert mw.legal_basis(note) == "Law No. 197-VI of 30 Nov 2018 On the republican budget for 2019-2021"
    assert mw.law_number(note) == "197-VI"
    assert mw.effective_date(note, "2019-01-01") == ("2019-01-01", True)
    assert mw.effective_date("no date here", "2017-01-01") == ("2017-01-01", False)
    assert mw.legal_basis("unchanged from 2019") == ""


# ------------------------------------------------------ against data/raw
def test_rebuilt_statutory_series_matches_its_raw_rows():
    raw = data.load("minimum_wage.csv")
    mwr = data.tidy(raw[raw["indicator"] == "minimum_wage_kzt"])
    jan = mw.in_month(mw.monthly_in_force(mwr), 1)
    jul = mw.in_month(mw.monthly_in_force(mwr), 7)
    plain = raw_rows("minimum_wage.csv", indicator="minimum_wage_kzt")
    assert len(plain) == len(mwr)
    for r in plain:
        if len(r["period"]) == 4:
            assert jan[int(r["period"])] == float(r["value"]), r["period"]
    # 2009 changed mid-year (both halves from min-b0b0b6): January has the H1 amount, July the H2 amount
    h1 = one(raw_rows("minimum_wage.csv", indicator="minimum_wage_kzt", period="2009-H1", source_id="min-b0b0b6"))
    h2 = one(raw_rows("minimum_wage.csv", indicator="minimum_wage_kzt", period="2009-H2", source_id="min-b0b0b6"))
    assert (jan[2009], jul[2009]) == (float(h1["value"]), float(h2["value"])) == (13470.0, 13717.0)
    table = mw.statutory_table(mwr).set_index("period")
    r19 = one(raw_rows("minimum_wage.csv", indicator="minimum_wage_kzt", period="2019", source_id="src-4e9c65"))
    assert table.loc["2019", "KZT per month"] == float(r19["value"]) == 42500
    assert table.loc["2019", "law no."] in r19["notes"] and "197-VI" in table.loc["2019", "law no."]
    # the committed annual series: the year's average of the amounts in force, from the rows named above
    out = {y: one(processed_rows("minimum_wage.csv", indicator="minimum_wage_kzt", year=y)) for y in ("2009", "2019")}
    assert out["2009"]["source_ids"] == "min-b0b0b6" and float(out["2009"]["value"]) == (13470 * 6 + 13717 * 6) / 12
    assert out["2019"]["source_ids"] == "src-4e9c65" and float(out["2019"]["value"]) == 42500


# ------------------------------------------- selection moved out of the notebook
def test_annual_series_keeps_annual_rows_and_one_source_per_year():
    df = pd.DataFrame({"period": ["2024", "2024", "2024-Q1", "2025"], "period_kind": ["year", "year", "quarter", "year"],
                       "year": [2024, 2024, 2024, 2025], "source_id": ["news", "bns", "bns", "news"],
                       "value_std": [1.0, 2.0, 9.0, 3.0]})
    values, sources = mw.annual_series(df, ("bns",))
    assert values.to_dict() == {2024: 2.0, 2025: 3.0}       # the quarterly 9.0 never enters
    assert sources.to_dict() == {2024: "bns", 2025: "news"}


def test_rises_and_held_years_on_a_hand_made_path():
    jan = pd.Series({2018: 28.0, 2019: 42.5, 2020: 42.5, 2021: 42.5, 2022: 60.0, 2023: 70.0, 2024: 85.0})
    assert mw.rise_years(jan, 2020, 2024) == [2022, 2023, 2024]
    assert mw.held_years(jan, 2019, 2024) == [2019, 2020, 2021]


def test_latest_match_dates_an_officials_now_by_the_most_recent_survey():
    k = pd.Series({2019: 37.9, 2020: 29.78, 2021: 25.6, 2024: 29.75, 2025: 26.8})
    assert mw_page.latest_match(k, 30.0) == 2024          # 2020 is a hair closer, but 2024 is the latest that says 30
    assert mw_page.latest_match(k, 45.0) is None
    assert mw.stated_share('Plan ...; "now 30%". MW reviewed annually') == 30.0
    assert math.isnan(mw.stated_share("no level given"))


def test_within_and_survey_headcount():
    assert mw_page.within(pd.Series({2019: 1.3, 2024: 1.95}), 2.0, 5.0) == [2024]   # 1.95 is 2.5% off, 1.3 is 35%
    lo, hi = mw.survey_headcount(pd.Series([1.4, 1.5]), 3_000.0)
    assert (lo, hi) == pytest.approx((42_000.0, 45_000.0))


def test_scenarios_compound_the_median_and_divide_by_the_minimum():
    s = mw.scenarios(200_000.0, 50_000.0, 2025, 2027, 50.0, [("10%", 10.0)]).iloc[0]
    assert s["median 2027"] == pytest.approx(242_000.0)
    assert s["minimum wage needed 2027"] == pytest.approx(121_000.0)
    assert s["× the 2025 minimum"] == pytest.approx(2.42)
    assert s["minimum wage growth needed, % a year"] == pytest.approx((2.42 ** 0.5 - 1) * 100)


def test_progress_is_read_from_the_engine_row_not_recomputed():
    prog = pd.DataFrame({"target_id": ["t"], "goal": [50.0], "horizon": ["2025-2030"], "stated_on": ["2025-10-09"],
                         "stated_by": ["x"], "achieved": [26.0], "years_with_data": [1], "pace_achieved": [-3.0],
                         "pace_required": [13.0], "verdict": ["off_track"], "explanation": ["e"]})
    p = mw.progress_of(prog, "t")
    assert (p.goal, p.goal_year, p.verdict, p.pace_required) == (50.0, 2030, "off_track", 13.0)
    with pytest.raises(ValueError, match="targets_progress.csv"):
        mw.progress_of(prog, "missing")


def test_as_text_formats_by_column_name():
    df = pd.DataFrame({"Kaitz, median %": [27.849], "median wage": [251356.0], "year": ["2023"]})
    out = mw_page.as_text(df)
    assert out.iloc[0].tolist() == ["27.8", "251,356", "2023"]


# ---------------------------------------------------- build() on the real inputs
@pytest.fixture(scope="module")
def built():
    return build_page("minimum_wage", base_year=2019, end_year=2025, deflator="cpi_average", comparator="median_wage")


def _raw(indicator, period, source=None):
    import csv

    from kzseries import paths

    with open(paths.RAW_DIR / "minimum_wage.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["indicator"] == indicator and r["period"] == period
                and (source is None or r["source_id"] == source)]
    assert rows, (indicator, period, source)
    return float(rows[0]["value"])


def test_build_kaitz_is_the_april_amount_over_the_raw_median(built):
    # 2025: 85,000 in force in April (raw row 2025) over the April-survey median of bns-b32826
    expected = 100 * _raw("minimum_wage_kzt", "2025") / _raw("median_wage_kzt", "2025", "bns-b32826")
    assert built.kaitz_median[2025] == pytest.approx(expected)
    assert built.latest_year == 2025
    # 2024 is given by bns-97c595 and bns-b32826; the preference order picks the BNS 2025 release
    assert built.median_sources[2024] == "bns-b32826"
    assert built.median_wage[2024] == _raw("median_wage_kzt", "2024", "bns-b32826")
    assert set(built.quarterly_median["period_kind"]) == {"quarter"}


def test_build_reads_the_plan_verdict_from_targets_progress(built):
    from kzseries import paths

    row = pd.read_csv(paths.processed("targets_progress.csv")).set_index("target_id").loc["kaitz-index-median-pct-2030"]
    assert built.target.verdict == row["verdict"]
    assert built.target.pace_required == pytest.approx(row["pace_required"])
    # the straight path starts at the latest survey and ends on the goal
    assert built.path.iloc[0] == pytest.approx(built.kaitz_median[2025]) and built.path.iloc[-1] == row["goal"]


def test_build_findings_on_the_doubling_and_the_freezes(built):
    jan = {y: _raw("minimum_wage_kzt", str(y)) for y in range(2018, 2027)}
    assert built.multiples["nominal"] == pytest.approx(jan[2024] / jan[2019])
    assert built.multiples["nominal_2018"] == pytest.approx(jan[2024] / jan[2018])
    assert list(built.frozen_since_claim) == [y for y in range(2019, 2027) if jan[y] == jan[y - 1]]
    assert list(built.rises) == [y for y in range(2020, 2025) if jan[y] != jan[y - 1]]
    lo, hi = built.deflator_spread
    real = built.sensitivity[built.sensitivity["measure"].str.startswith("real")]["×, 2019→2024"]
    assert lo == real.min() and hi == real.max() and len(real) == 4


def test_build_subsistence_ratio_stops_at_the_last_chart_year(built):
    assert built.subsistence_last_year == 2025
    assert built.subsistence_ratio[2018] == pytest.approx(_raw("minimum_wage_kzt", "2018")
                                                          / _raw("subsistence_minimum_kzt", "2018"))
