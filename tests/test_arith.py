"""The one arithmetic module (kzseries.arith): changes, chains, deflation, compound rates and the run's tolerance,
with the one rule for a missing year. Expected values are worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzseries import arith

S = pd.Series({2018: 100.0, 2019: 110.0, 2020: math.nan, 2024: 150.0})


def test_a_change_carries_its_years_and_values():
    c = arith.change(S, 2018, 2024)
    assert (c.base, c.end, c.base_value, c.end_value) == (2018, 2024, 100.0, 150.0)
    assert (c.absolute, c.multiple, c.pct) == (50.0, 1.5, 50.0)
    assert c.cagr_pct == pytest.approx((1.5 ** (1 / 6) - 1) * 100)


@pytest.mark.parametrize("fn, message", [
    (lambda: arith.change(S, 2018, 2020), "no data for 2020 in 2018-2020; the sum would be incomplete"),  # NaN counts as missing
    (lambda: arith.change(S, 2017, 2024), "no data for 2017 in 2017-2024; the sum would be incomplete"),
    (lambda: arith.chained(pd.Series({2019: 2.0, 2021: 3.0}), 2018, 2021),
     "no data for 2020 in 2019-2021; the sum would be incomplete"),   # the links are base+1 .. end
    (lambda: arith.deflate(S, pd.Series({2019: 100.0}), 2018), "no data for 2018 in 2018-2018; the sum would be incomplete"),
])
def test_a_missing_year_is_named_with_the_span_it_breaks(fn, message):
    with pytest.raises(arith.MissingYears) as e:
        fn()
    assert str(e.value) == message


def test_a_chain_multiplies_the_links_after_the_base():
    assert arith.chained(pd.Series({2018: 50.0, 2019: 10.0, 2020: -10.0}), 2018, 2020) == pytest.approx(1.1 * 0.9)


def test_deflation_keeps_the_nominal_years_and_leaves_gaps_where_there_is_no_index():
    prices = pd.Series({2018: 80.0, 2019: 88.0, 2030: 200.0})
    got = arith.deflate(pd.Series({2018: 100.0, 2019: 110.0, 2024: 150.0}), prices, 2018)
    pd.testing.assert_series_equal(got, pd.Series({2018: 100.0, 2019: 100.0, 2024: math.nan}))


@pytest.mark.parametrize("start, end, years, want", [
    (100.0, 121.0, 2, 10.0), (100.0, 110.0, 1, 10.0), (100.0, 100.0, 5, 0.0),
    (100.0, 121.0, 0, math.nan), (100.0, 121.0, -2, math.nan),
    (0.0, 121.0, 2, math.nan), (-1.0, 121.0, 2, math.nan), (100.0, 0.0, 2, math.nan), (100.0, -5.0, 2, math.nan),
    (0.5, 2.0, 2, 100.0),   # values under 1 are fine
    (100.0, 0.5, 1, -99.5),
])
def test_a_compound_rate_needs_positive_values_and_years(start, end, years, want):
    got = arith.cagr_pct(start, end, years)
    assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@pytest.mark.parametrize("stated, measured", [(math.nan, 100.0), (100.0, math.nan), (None, 1.0), (1.0, None),
                                              (100.0, 0.0)])
def test_no_deviation_without_both_figures(stated, measured):
    assert math.isnan(arith.deviation_pct(stated, measured))


def test_the_runs_tolerance_is_read_from_a_claim_without_its_own():
    registry = pd.DataFrame({"claim_id": ["a", "b", "c"], "tolerance_pct": ["30", "", ""],
                             "tolerance_reason": ["a range stated as such", "", ""]})
    checked = pd.DataFrame({"claim_id": ["a", "b", "c"], "tolerance_pct": [30.0, 5.0, 5.0]})
    tol, own = arith.run_tolerance(checked, registry)
    assert tol == 5.0
    pd.testing.assert_frame_equal(own, pd.DataFrame({"claim_id": ["a"], "tolerance_pct": [30.0],
                                                     "tolerance_reason": ["a range stated as such"]}))
    assert arith.run_tolerance(checked.iloc[:1], registry, default=7.0)[0] == 7.0   # every claim has its own
    assert arith.run_tolerance(checked.assign(tolerance_pct=[30.0, 3.0, 3.0]), registry)[0] == 3.0  # not the default
