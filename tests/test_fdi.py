"""FDI analysis functions (src/kzseries/fdi.py) on small fixed frames, plus one check against data/raw."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import one, processed_rows, raw_rows
from kzseries import data, fdi, periods

WDI = "fdi_net_inflow_wb_usd"
NBK_NET = "fdi_net_inflow_nbk_usd"


def tidy(rows: list[tuple]) -> pd.DataFrame:
    """A frame shaped like nb.load_tidy("fdi") from (indicator, period, value, source_id, publisher, published, status, vintage)."""
    out = []
    for ind, period, value, sid, publisher, published, status, vintage in rows:
        p = periods.parse(period)
        out.append({"series": "fdi", "indicator": ind, "period": period, "period_kind": p.kind, "year": p.year,
                    "start": p.start.isoformat(), "end": p.end.isoformat(), "months": p.months, "value": value,
                    "value_std": value, "unit": "USD bn", "unit_std": "USD bn", "status": status,
                    "vintage": vintage or math.nan, "source_id": sid, "publisher": publisher,
                    "published": published or math.nan})
    return pd.DataFrame(out)


def gross_rows(values: dict[int, float]) -> list[tuple]:
    return [(fdi.GROSS, str(y), v, f"nbk-{y}", "National Bank of Kazakhstan", f"{y + 1}-04-01", "final", "")
            for y, v in values.items()]


def annual(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()), "source_ids": "s", "note": ""})


CLAIM_130 = {"claim_id": "fdi-2019-2024-cumulative", "series": "fdi", "indicator": "x", "kind": "cumulative",
             "stated_value": "130", "qualifier": "exact", "unit": "USD bn", "data_indicator": fdi.GROSS}
CLAIM_150 = {"claim_id": "fdi-target-2023-2029", "series": "fdi", "indicator": "x", "kind": "target",
             "stated_value": "150", "qualifier": "at_least", "unit": "USD bn", "data_indicator": fdi.GROSS}


# ------------------------------------------------------------ choosing one value per year
def test_rule_prefers_the_latest_nbk_attributed_release():
    t = tidy([
        (fdi.GROSS, "2021", 23.7, "nbk-a", "National Bank of Kazakhstan (via X)", "2022-04-06", "final", "first_release"),
        (fdi.GROSS, "2021", 23.8, "nbk-b", "National Bank of Kazakhstan (via Y)", "2023-12-13", "final", "revised"),
        (fdi.GROSS, "2021", 24.0, "src-c", "A news agency", "2025-09-05", "final", ""),  # later, but not NBK
        (fdi.GROSS, "2021", 25.0, "mfa-d", "Ministry, NBK data", "", "final", ""),  # NBK, but undated = oldest
    ])
    picked = fdi.pick_per_period(t, fdi.GROSS)
    assert picked["value_std"].tolist() == [23.8] and picked["source_id"].tolist() == ["nbk-b"]
    assert picked["n_sources"].tolist() == [4]
    assert "23.7 (nbk-a)" in picked["alternatives"].iloc[0]
    assert fdi.pick_per_period(t, fdi.GROSS, rule="earliest")["value_std"].tolist() == [23.7]
    assert fdi.pick_per_period(t, fdi.GROSS, rule="max")["value_std"].tolist() == [25.0]


def test_rule_falls_back_to_the_latest_source_when_none_names_the_nbk():
    t = tidy([(fdi.GROSS, "2023", 27.0, "pm-a", "Prime Minister", "2023-11-23", "forecast", ""),
              (fdi.GROSS, "2023", 24.0, "src-b", "News agency", "2025-09-05", "final", ""),
              (fdi.GROSS, "2023", 23.0, "src-a", "News agency", "2024-02-01", "final", "")])
    picked = fdi.pick_per_period(t, fdi.GROSS)
    assert picked["value_std"].tolist() == [24.0]  # the forecast is never an observation


def test_nbk_attribution():
    assert fdi.nbk_attributed("Ministry of Foreign Affairs, NBK data, via TASS", "mfa-1")
    assert fdi.nbk_attributed(math.nan, "nbk-1")
    assert not fdi.nbk_attributed("Kazinform, official data", "src-1")


# ------------------------------------------------------------ quarters
def test_quarters_make_a_year_only_when_all_four_exist():
    rows = [(NBK_NET, f"2024-{m:02d}/2024-{m + 2:02d}", v, "nbk-q", "NBK", "2026-09-04", "final", "")
            for m, v in ((1, 2.0), (4, -0.5), (7, -1.5), (10, 0.25))]
    rows += [(NBK_NET, "2025-01/2025-03", 3.0, "nbk-q", "NBK", "2026-09-04", "final", ""),
             (NBK_NET, "2025-04/2025-06", 1.0, "nbk-q", "NBK", "2026-09-04", "final", "")]
    a = fdi.annual_from_quarters(tidy(rows), NBK_NET).set_index("year")
    assert a.loc[2024, "value"] == pytest.approx(0.25) and a.loc[2024, "complete"]
    assert math.isnan(a.loc[2025, "value"]) and a.loc[2025, "partial_sum"] == pytest.approx(4.0)
    assert fdi.annual_series(tidy(rows), "net_nbk")["year"].tolist() == [2024]


# ------------------------------------------------------------ sums and measures
def test_window_sum_refuses_a_span_with_a_missing_year():
    a = annual({2019: 24.4, 2020: 17.2, 2022: 28.0})
    ws = fdi.window_sum(a, 2019, 2022)
    assert not ws.complete and ws.missing == (2021,) and math.isnan(ws.total)
    assert ws.partial == pytest.approx(69.6)
    assert fdi.window_sum(a, 2019, 2020).total == pytest.approx(41.6)


def test_switching_measure_changes_the_series_summed():
    t = tidy(gross_rows({2019: 24.0, 2020: 17.0}) + [
        (WDI, "2019", 3.5, "wb-1", "World Bank WDI", "2025-10-07", "final", ""),
        (WDI, "2020", 7.0, "wb-1", "World Bank WDI", "2025-10-07", "final", "")])
    g = fdi.window_sum(fdi.annual_series(t, "gross"), 2019, 2020)
    n = fdi.window_sum(fdi.annual_series(t, "net_world_bank"), 2019, 2020)
    assert g.total == pytest.approx(41.0) and n.total == pytest.approx(10.5)
    assert n.sources == ("wb-1",)
    with pytest.raises(ValueError):
        fdi.annual_series(t, "net_imf")


# ------------------------------------------------------------ target pace
def test_required_pace_hand_checked():
    # 150 over 2023-2029; 20 in 2023 and 25 in 2024 = 45 after 2 years (22.5 a year);
    # 105 still needed over 5 years = 21.0 a year, less than the pace so far: on track.
    st = fdi.target_status(annual({2023: 20.0, 2024: 25.0}), 150, 2023, 2029)
    assert st["achieved"] == pytest.approx(45.0)
    assert st["pace_achieved"] == pytest.approx(22.5)
    assert st["pace_required"] == pytest.approx(21.0)
    assert st["years_left"] == 5 and st["verdict"] == "on_track"
    assert fdi.required_pace(150, 45, 5) == pytest.approx(21.0)
    assert math.isnan(fdi.required_pace(150, 45, 0))


def test_straight_line_path_ends_at_the_goal():
    p = fdi.straight_line_path(140, 2023, 2029)
    assert p["path"].iloc[0] == pytest.approx(20.0) and p["path"].iloc[-1] == pytest.approx(140.0)


def test_cumulative_actual_stops_at_a_gap():
    c = fdi.cumulative_actual(annual({2022: 28.0, 2023: 24.0, 2025: 20.0}), 2022, 2028)
    assert c["year"].tolist() == [2022, 2023] and c["cumulative"].tolist() == [28.0, 52.0]


# ------------------------------------------------------------ small helpers
def test_prose_helpers():
    assert fdi.year_runs([2013, 2014, 2015, 2018, 2025]) == "2013–2015, 2018, 2025"
    assert fdi.pct_range([20.0, 21.8]) == "20–22%" and fdi.pct_range([62.7, 63.2]) == "63%"
    assert fdi.implied_base(14.5, 28) == pytest.approx(11.328, abs=1e-3)
    assert fdi.missing_years(annual({2019: 1.0, 2021: 1.0}), 2019, 2022) == [2020, 2022]


# ------------------------------------------------------------ real data
def test_rebuilt_values_equal_their_source_rows():
    """The rule picks the row named here by hand from data/raw/fdi.csv (read with csv only), value unchanged."""
    t = data.tidy(data.load("fdi.csv"))
    gross = fdi.annual_series(t, "gross").set_index("year")
    # 2021 has four rows: 23.7 (nbk-ab8818 first release 2022-04-06; mfa-a6a52f undated) and 23.8 (mfa-52cb2b
    # 2023-07-20; nbk-52d2e3 2023-12-13). Latest NBK-attributed publication: nbk-52d2e3.
    r21 = one(raw_rows("fdi.csv", indicator=fdi.GROSS, period="2021", source_id="nbk-52d2e3"))
    assert gross.loc[2021, "source_ids"] == "nbk-52d2e3"
    assert gross.loc[2021, "value"] == float(r21["value"]) == 23.8
    # 2020: NBK's own 17.2 beats two ministry rows of 17.1
    r20 = one(raw_rows("fdi.csv", indicator=fdi.GROSS, period="2020", source_id="nbk-ab8818"))
    assert gross.loc[2020, "source_ids"] == "nbk-ab8818" and gross.loc[2020, "value"] == float(r20["value"]) == 17.2
    # the committed series the notebook wrote names the same rows
    out = one(processed_rows("fdi.csv", indicator=fdi.GROSS, year="2021"))
    assert out["source_ids"] == "nbk-52d2e3" and float(out["value"]) == 23.8
    wdi = fdi.annual_series(t, "net_world_bank").set_index("year")
    w24 = one(raw_rows("fdi.csv", indicator=WDI, period="2024"))
    assert w24["unit"] == "USD bn" and wdi.loc[2024, "value"] == float(w24["value"]) == -0.6815
    assert wdi.loc[2024, "source_ids"] == w24["source_id"]
    q = [r for r in raw_rows("fdi.csv", indicator=NBK_NET) if r["period"].startswith("2024-")]
    assert sorted(r["period"] for r in q) == ["2024-01/2024-03", "2024-04/2024-06", "2024-07/2024-09",
                                              "2024-10/2024-12"]
    nbk = fdi.annual_series(t, "net_nbk").set_index("year")
    assert nbk.loc[2024, "value"] == pytest.approx(sum(float(r["value"]) for r in q))
    assert 2026 not in nbk.index  # only one quarter of 2026
