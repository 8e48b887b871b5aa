"""FDI analysis functions (src/kzseries/fdi.py) on small fixed frames, plus one check against data/raw."""

from __future__ import annotations

import functools
import math

import pandas as pd
import pytest

from conftest import build_page, one, processed_rows, raw_rows
from kzseries import data, fdi, paths, periods, schemas
from kzseries.pages import fdi as fdi_page

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


def test_annual_from_quarters_in_full():
    q = lambda period, v, sid="nbk-a", status="final": (NBK_NET, period, v, sid, "NBK", "2026-09-04", status, "")
    rows = [q(f"2022-Q{i}", float(i)) for i in (1, 2, 3, 4)]
    rows += [q("2022-Q1", 100.0, "nbk-b")]                                  # a second source: the first id is kept
    rows += [q("2023-Q1", 1.5), q("2023-Q2", 2.5), q("2023-07/2023-09", 5.0, "nbk-s")]  # three of four quarters
    rows += [q("2024-Q1", 10.0), q("2024", 50.0, "nbk-y")]                  # a year stated as such wins
    rows += [q("2021-11/2022-01", 7.0), q("2021-07/2021-12", 9.0)]         # not quarters of one year
    rows += [q(f"2025-Q{i}", 1.0, status="forecast") for i in (1, 2, 3, 4)]
    rows += [("other_indicator", "2026-Q1", 1.0, "nbk-a", "NBK", "", "final", "")]
    got = fdi.annual_from_quarters(tidy(rows), NBK_NET)
    want = pd.DataFrame({
        "year": [2022, 2023, 2024], "value": [10.0, math.nan, 50.0], "partial_sum": [10.0, 9.0, 50.0],
        "quarters": [4, 3, 4], "complete": [True, False, True], "source_ids": ["nbk-a", "nbk-a;nbk-s", "nbk-y"],
        "note": ["sum of the four quarters", "only 3 of 4 quarters: no annual value", "stated as a full year"]})
    pd.testing.assert_frame_equal(got, want)
    net = fdi.annual_series(tidy(rows), "net_nbk")
    pd.testing.assert_frame_equal(net, want.loc[[0, 2], ["year", "value", "source_ids", "note"]].reset_index(drop=True))


def test_each_rule_orders_the_candidates():
    t = tidy([
        (fdi.GROSS, "2021", 23.7, "nbk-a", "National Bank of Kazakhstan", "2022-04-06", "final", ""),
        (fdi.GROSS, "2021", 23.8, "nbk-b", "National Bank of Kazakhstan", "2023-12-13", "preliminary", ""),
        (fdi.GROSS, "2021", 23.9, "nbk-c", "National Bank of Kazakhstan", "2023-12-13", "final", ""),
        (fdi.GROSS, "2021", 24.0, "src-c", "A news agency", "2025-09-05", "final", ""),
        (fdi.GROSS, "2021", 22.0, "mfa-d", "Ministry, NBK data", "", "statement", ""),
        (fdi.GROSS, "2021", 21.0, "gov-e", "Government", "", "final", ""),
    ])
    order = {rule: fdi.rank_candidates(t, rule)["source_id"].tolist() for rule in ("latest_nbk", "earliest", "min", "max")}
    assert order == {
        # NBK-attributed first, dated before undated, latest first, a final release before a preliminary one
        "latest_nbk": ["nbk-c", "nbk-b", "nbk-a", "mfa-d", "src-c", "gov-e"],
        # dated first, earliest first (a final before a preliminary on one day), then the undated by status
        "earliest": ["nbk-a", "nbk-c", "nbk-b", "src-c", "gov-e", "mfa-d"],
        "min": ["gov-e", "mfa-d", "nbk-a", "nbk-b", "nbk-c", "src-c"],
        "max": ["src-c", "nbk-c", "nbk-b", "nbk-a", "mfa-d", "gov-e"],
    }
    assert list(fdi.rank_candidates(t).columns) == list(t.columns)
    with pytest.raises(ValueError, match="rule must be latest_nbk, earliest, min or max, not 'newest'"):
        fdi.rank_candidates(t, "newest")
    picked = fdi.pick_per_period(t, fdi.GROSS).iloc[0]
    assert (picked["source_id"], picked["n_sources"], picked["agreeing_sources"]) == ("nbk-c", 6, "nbk-c")
    assert picked["alternatives"] == "23.8 (nbk-b); 23.7 (nbk-a); 22 (mfa-d); 24 (src-c); 21 (gov-e)"
    gross = fdi.annual_series(t, "gross")
    assert gross.to_dict("records") == [{"year": 2021, "value": 23.9, "source_ids": "nbk-c",
                                         "note": "chosen by rule; other values: " + picked["alternatives"]}]


@pytest.mark.parametrize("publisher, source_id, nbk", [
    ("National Bank of Kazakhstan", "src-1", True), ("Ministry, NBK data", "mfa-1", True), (None, "nbk-1", True),
    (math.nan, "src-1", False), (None, "src-1", False), ("national bank", "src-1", False),
    ("Kazinform", "xnbk-1", False),
])
def test_who_counts_as_the_national_bank(publisher, source_id, nbk):
    assert fdi.nbk_attributed(publisher, source_id) is nbk


def test_one_row_per_period_in_period_order_with_the_sources_that_agree():
    t = tidy([
        (fdi.GROSS, "2022", 28.0, "nbk-b", "National Bank of Kazakhstan", "2023-04-01", "final", ""),
        (fdi.GROSS, "2022", 28.0, "nbk-a", "National Bank of Kazakhstan", "2023-04-01", "final", ""),
        (fdi.GROSS, "2021", 23.7, "nbk-c", "National Bank of Kazakhstan", "2022-04-06", "final", ""),
        (fdi.GROSS, "2023", 30.0, "nbk-d", "National Bank of Kazakhstan", "2024-01-01", "forecast", ""),
    ])
    picked = fdi.pick_per_period(t, fdi.GROSS)
    assert picked[["period", "source_id", "n_sources", "agreeing_sources", "alternatives"]].values.tolist() == [
        ["2021", "nbk-c", 1, "nbk-c", ""], ["2022", "nbk-a", 2, "nbk-a;nbk-b", "28 (nbk-b)"]]
    assert list(picked.columns) == list(t.columns) + ["n_sources", "alternatives", "agreeing_sources"]
    assert list(picked.index) == [0, 1]
    assert fdi.annual_series(t, "gross")["note"].tolist() == ["single source", "chosen by rule; other values: 28 (nbk-b)"]
    with pytest.raises(ValueError, match="^measure must be one of gross, net_world_bank, net_nbk, net_unctad, not 'net'$"):
        fdi.annual_series(t, "net")


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
def test_small_helpers():
    assert fdi.implied_base(14.5, 28) == pytest.approx(11.328, abs=1e-3)
    assert fdi.missing_years(annual({2019: 1.0, 2021: 1.0}), 2019, 2022) == [2020, 2022]
    cov = fdi.coverage(annual({2019: 1.0, 2021: 1.0}), 2018, 2022)
    assert cov["with_data"] == [2019, 2021] and cov["without_data"] == [2018, 2020, 2022]
    assert (cov["n_with"], cov["n_without"], cov["years"]) == (2, 3, 5)


# ------------------------------------------------------------ sector readings
def test_sector_readings_pool_the_covered_years_only():
    # gross 20 and 30; mining 8 and 12 (both years); manufacturing 5 in the second year only.
    # total minus mining: (12 + 18) / 50 = 60%; manufacturing: 5 / 30 = 16.7% (one year);
    # manufacturing + mining: (5 + 12) / 30 = 56.7%. The claim implies 58%.
    t = tidy(gross_rows({2020: 20.0, 2021: 30.0}) + [
        ("fdi_gross_inflow_mining_usd", "2020", 8.0, "nbk-m", "NBK", "2022-01-01", "final", ""),
        ("fdi_gross_inflow_mining_usd", "2021", 12.0, "nbk-m", "NBK", "2022-01-01", "final", ""),
        ("fdi_gross_inflow_manufacturing_usd", "2021", 5.0, "nbk-m", "NBK", "2022-01-01", "final", "")])
    shares = fdi.sector_shares(t, fdi.annual_series(t, "gross"))
    assert shares["non_mining_share_pct"].tolist() == pytest.approx([60.0, 60.0])
    r = fdi.sector_readings(shares, 58.0, (2019, 2024)).set_index("reading")
    assert r.loc["total minus mining", "pooled"] == pytest.approx(60.0)
    assert r.loc["total minus mining", "gap_pp"] == pytest.approx(2.0)
    assert r.loc["total minus mining", "years"] == (2020, 2021)
    assert r.loc["manufacturing only", "pooled"] == pytest.approx(100 * 5 / 30)
    assert r.loc["manufacturing only", "years_with_data"] == 1
    assert r.loc["manufacturing + mining", "pooled"] == pytest.approx(100 * 17 / 30)
    assert (r["years_in_window"] == 6).all()
    # a window that leaves 2020 out ignores it
    assert fdi.sector_readings(shares, 58.0, (2021, 2024)).set_index("reading").loc[
        "total minus mining", "years"] == (2021,)


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


@functools.lru_cache(maxsize=None)
def _build(**view) -> fdi_page.Result:
    return build_page("fdi", **view)


def _raw_gross() -> dict[int, float]:
    """The gross value of each full year in data/raw/fdi.csv where all its sources agree (plain csv)."""
    raw = pd.read_csv(paths.REPO_ROOT / "data" / "raw" / "fdi.csv", dtype=str)
    g = raw[(raw["indicator"] == fdi.GROSS) & raw["period"].str.fullmatch(r"\d{4}")]
    return {int(p): float(v.iloc[0]) for p, v in g.groupby("period")["value"] if v.astype(float).nunique() == 1}


def test_target_readings_are_the_engines_and_match_targets_progress():
    R = _build()
    t = R.target.set_index("reading")
    g = _raw_gross()  # 2022-2024 each have one value in the raw file
    primary, alt = t.loc["primary"], t.loc["alternative"]
    assert (primary["start"], primary["end"], alt["start"], alt["end"]) == (2023, 2029, 2022, 2029)
    done = g[2023] + g[2024]
    assert primary["achieved"] == pytest.approx(done)
    assert primary["pace_achieved"] == pytest.approx(done / 2)
    assert primary["pace_required"] == pytest.approx((150 - done) / 5)
    assert alt["pace_required"] == pytest.approx((150 - done - g[2022]) / 5)
    # the verdicts shown are the engine's, and targets_progress.csv carries the same numbers
    eng = pd.read_csv(paths.REPO_ROOT / "data" / "processed" / "claims_fdi.csv").set_index("claim_id")
    prog = pd.read_csv(paths.REPO_ROOT / "data" / "processed" / "targets_progress.csv")
    prog = prog[(prog["indicator"] == fdi.GROSS) & (prog["goal"] == 150)].set_index("horizon")
    for r in (primary, alt):
        assert r["verdict"] == eng.loc[r["claim_id"], "verdict"] == prog.loc[f"{r['start']}-{r['end']}", "verdict"]
        assert r["pace_required"] == pytest.approx(prog.loc[f"{r['start']}-{r['end']}", "pace_required"])
    assert R.facts["target"]["same_as_progress"]


def test_target_window_parameter_is_a_view_only():
    a, b = _build(target_window_start=2023), _build(target_window_start=2022)
    pd.testing.assert_frame_equal(a.target, b.target)
    assert set(b.target_view["start"]) == {2022, 2023}
    assert not b.facts["target"]["view_is_primary"] and a.facts["target"]["view_is_primary"]


def test_independence_coverage_counts_the_raw_years():
    raw = pd.read_csv(paths.REPO_ROOT / "data" / "raw" / "fdi.csv", dtype=str)
    years = {int(p) for p in raw.loc[(raw["indicator"] == fdi.GROSS) & raw["period"].str.fullmatch(r"\d{4}"),
                                     "period"]}
    cov = _build().facts["independence"]["to_now"]
    inside = sorted(y for y in years if 1993 <= y <= 2024)
    assert cov["with_data"] == inside and cov["n_with"] + cov["n_without"] == 32


def test_total_minus_mining_reading_from_raw_rows():
    raw = pd.read_csv(paths.REPO_ROOT / "data" / "raw" / "fdi.csv", dtype=str)
    mining = {int(p): float(v) for p, v in raw.loc[raw["indicator"] == "fdi_gross_inflow_mining_usd",
                                                   ["period", "value"]].values}
    g = _build().gross
    shares = [100 - mining[y] / g[y] * 100 for y in sorted(mining)]
    r = _build().sector_readings.set_index("reading").loc["total minus mining"]
    assert (r["share_min"], r["share_max"]) == (pytest.approx(min(shares)), pytest.approx(max(shares)))
    assert r["pooled"] == pytest.approx(100 - sum(mining.values()) / sum(g[y] for y in mining) * 100)


def test_other_statements_include_the_new_registry_claims():
    ids = set(_build().other["claim_id"])
    assert {"fdi-h1-2024-sectors", "fdi-project-pool-count", "fdi-unctad-lldc-rank"} <= ids
    assert "fdi-2019-2024-cumulative" not in ids


def test_no_rows_give_an_empty_frame_with_the_columns_of_a_full_one():
    t = tidy(gross_rows({2020: 10.0}))
    assert list(fdi.pick_per_period(t, "fdi_none").columns) == list(t.columns) + ["n_sources", "alternatives",
                                                                                "agreeing_sources"]
    assert fdi.pick_per_period(t, "fdi_none").empty
    got = fdi.annual_from_quarters(t, "fdi_none")
    assert got.empty and list(got.columns) == ["year", "value", "partial_sum", "quarters", "complete", "source_ids",
                                               "note"]


@pytest.mark.parametrize("period, quarter", [("2024-Q1", 1), ("2024-Q2", 2), ("2024-Q3", 3), ("2024-Q4", 4),
                                             ("2024-01/2024-03", 1), ("2024-04/2024-06", 2),
                                             ("2024-07/2024-09", 3), ("2024-10/2024-12", 4)])
def test_each_quarter_is_read_from_its_first_month(period, quarter):
    # three quarters given as Q-periods, the fourth in the form under test: a year only if it is the missing one
    others = [q for q in (1, 2, 3, 4) if q != quarter]
    rows = [(fdi.GROSS, f"2024-Q{q}", 1.0, "nbk-q", "National Bank of Kazakhstan", "2025-03-01", "final", "")
            for q in others] + [(fdi.GROSS, period, 2.0, "nbk-p", "National Bank of Kazakhstan", "2025-03-01", "final", "")]
    got = fdi.annual_from_quarters(tidy(rows), fdi.GROSS).iloc[0]
    assert (got["complete"], got["value"], got["quarters"]) == (True, 5.0, 4)


def test_a_status_with_no_rank_of_its_own_comes_after_the_ranked_ones():
    t = tidy([(fdi.GROSS, "2021", 1.0, "src-a", "Agency", "2022-01-01", status, "")
              for status in ("rejected", "estimate", "forecast", "statement", "preliminary", "final")])
    t["source_id"] = [f"src-{s}" for s in t["status"]]
    assert fdi.rank_candidates(t)["status"].tolist() == ["final", "preliminary", "statement", "forecast", "estimate",
                                                        "rejected"]
    # every status the schema allows has a rank (a new one would otherwise fail here, not on a user's data)
    every = tidy([(fdi.GROSS, "2021", 1.0, f"src-{s}", "Agency", "2022-01-01", s, "") for s in schemas.STATUSES])
    assert sorted(fdi.rank_candidates(every)["status"]) == sorted(schemas.STATUSES)


def test_an_nbk_source_counts_as_the_banks_whatever_its_publisher_says():
    t = tidy([(fdi.GROSS, "2021", 1.0, "nbk-old", "Agency", "2022-01-01", "final", ""),
              (fdi.GROSS, "2021", 2.0, "src-new", "Agency", "2024-01-01", "final", "")])
    assert fdi.rank_candidates(t)["source_id"].tolist() == ["nbk-old", "src-new"]


def test_the_annual_series_has_integer_years_and_float_values():
    got = fdi.annual_series(tidy(gross_rows({2020: 10.0, 2021: 12.5})), "gross")
    assert got["year"].dtype == "int64" and got["value"].dtype == "float64"
    assert got[["year", "value"]].to_dict("records") == [{"year": 2020, "value": 10.0}, {"year": 2021, "value": 12.5}]
