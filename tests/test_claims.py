"""The claim-checking contract on hand-checked cases."""

import math

import pandas as pd
import pytest

from kzseries import claims

CLAIM = {"claim_id": "x", "series": "fdi", "indicator": "fdi_gross", "kind": "cumulative", "stated_value": "130",
         "qualifier": "exact", "unit": "USD bn"}


@pytest.mark.parametrize("stated,measured,qual,verdict", [
    (130, 134.6, "exact", "consistent"),      # -3.4% within 5%
    (130, 140, "exact", "understated"),       # -7.1%
    (150, 140, "about", "overstated"),        # +7.1%
    (14000, 14692, "more_than", "consistent"),
    (14000, 12000, "more_than", "overstated"),
    (300, 330, "more_than", "consistent"),    # far above a lower bound is still consistent
    (50, 49, "nearly", "consistent"),
    (10, 8, "up_to", "consistent"),        # below a cap
    (10, 12, "up_to", "understated"),     # the cap is exceeded
])
def test_compare(stated, measured, qual, verdict):
    assert claims.compare(stated, measured, qual, 5.0)[0] == verdict


def test_deviation_is_relative_to_measured():
    assert claims.deviation_pct(130, 134.5) == pytest.approx((130 - 134.5) / 134.5 * 100)


def test_cumulative_refuses_a_gap_unless_told():
    s = pd.Series({2019: 24.4, 2020: 17.2, 2022: 28.0})
    with pytest.raises(claims.MissingYears, match="no data for 2021"):
        claims.cumulative(s, 2019, 2022)
    assert claims.cumulative(s, 2019, 2022, allow_missing=True) == pytest.approx(69.6)
    assert claims.cumulative(s, 2019, 2020) == pytest.approx(41.6)


def test_record_flips_with_the_window():
    s = pd.Series({2011: 27.0, 2015: 18.7, 2020: 20.1, 2024: 26.7})
    ten = claims.record(s, 2024, 10)
    assert ten.highest_in_window and ten.window == (2015, 2024)
    all_years = claims.record(s, 2024, None)
    assert not all_years.highest_in_window and all_years.higher_any_year == (2011,)
    assert all_years.rank_all_years == 2 and all_years.n_years == 4


def test_target_progress_cumulative_hand_checked():
    # 150 over 2023-2029; 24 + 17.2 done in two years; 108.8 left over five years = 21.76 a year.
    p = claims.target_progress(pd.Series({2022: 28.0, 2023: 24.0, 2024: 17.2}), 150, 2023, 2029, "cumulative")
    assert p.achieved == pytest.approx(41.2)
    assert p.pace_achieved == pytest.approx(20.6)
    assert p.pace_required == pytest.approx(108.8 / 5)
    assert p.verdict == "off_track" and p.years_left == 5 and p.share_elapsed == pytest.approx(2 / 7)


def test_target_progress_level_and_horizon_over():
    p = claims.target_progress(pd.Series({2019: 42500.0, 2022: 60000.0}), 60000, 2022, 2022, "level")
    assert p.verdict == "achieved"
    p = claims.target_progress(pd.Series({2020: 100.0, 2021: 110.0}), 150, 2021, 2021, "level")
    assert p.verdict == "missed"


def test_target_progress_pending_without_data():
    assert claims.target_progress(pd.Series({2020: 1.0}), 5, 2026, 2028, "cumulative").verdict == "pending"


def test_value_check_row_has_contract_columns_and_sentence():
    r = claims.value_check(CLAIM, measured=134.6, period="2019-2024", sources=["b", "a"],
                           what="Gross inflows 2019-2024", tolerance_pct=5.0)
    assert set(claims.COLUMNS) == set(r)
    assert r["verdict"] == "consistent" and r["measured_source_ids"] == "a;b"
    assert r["deviation_pct"] == pytest.approx(-3.42, abs=0.01)
    assert r["explanation"].startswith("Gross inflows 2019-2024: 134.6 USD bn; the stated 130 is 3.4% lower")


def test_unknown_verdict_is_refused():
    with pytest.raises(ValueError):
        claims.row(CLAIM, measured=None, period="", sources=[], verdict="true", explanation="", tolerance_pct=5)


def test_unverifiable_keeps_reason():
    r = claims.unverifiable(CLAIM, "no data for 2025", 5.0)
    assert r["verdict"] == "unverifiable" and math.isnan(r["measured_value"])
