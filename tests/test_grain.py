"""Tests of kzseries.grain on small fixed frames, plus a check against data/raw."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from conftest import build_page, one, raw_rows
from kzseries import data, grain as g
from kzseries.pages import grain as gp


def harvest_frame(rows):
    """rows: (year, value, basis, source_id[, status[, published]])."""
    out = []
    for r in rows:
        year, value, basis, src = r[:4]
        status = r[4] if len(r) > 4 else "final"
        pub = r[5] if len(r) > 5 else ""
        out.append({"year": year, "value": value, "basis": basis, "source_id": src, "status": status,
                    "published": pub, "notes": ""})
    return pd.DataFrame(out)


# ------------------------------------------------------------- record
def test_record_flips_when_window_reaches_a_higher_year_outside_it():
    s = pd.Series({2010: 30.0, 2015: 20.0, 2018: 22.0, 2020: 25.0})
    tab = g.record_by_window(s, 2020, [5, 10, 11, None])
    assert list(tab["highest_in_window"]) == [True, True, False, False]
    assert tab.loc[2, "higher_in_window"] == "2010"
    assert g.flip_window(s, 2020) == 11
    assert g.flip_window(pd.Series({2018: 1.0, 2020: 2.0}), 2020) is None


def test_record_ignores_years_after_the_claim_year():
    s = pd.Series({2015: 20.0, 2020: 25.0, 2021: 40.0})
    tab = g.record_by_window(s, 2020, [None])
    assert bool(tab.loc[0, "highest_in_window"]) is True
    assert tab.loc[0, "rank_all_years"] == 1


def test_record_lists_missing_years_in_window():
    s = pd.Series({2016: 10.0, 2018: 11.0, 2020: 12.0})
    tab = g.record_by_window(s, 2020, [5])
    assert tab.loc[0, "missing_in_window"] == "2017, 2019"


def test_annual_harvest_keeps_full_years_of_the_harvest_and_names_an_unstated_basis():
    t = pd.DataFrame([
        # indicator, period_kind, year, value_std, basis, source_id, status, published, notes
        ("grain_harvest_t", "year", 2024, 26.7, "bunker", "moa-b", "operational", None, "n1"),
        ("grain_harvest_t", "year", 2024, 25.2, "clean", "bns-60f84d", "final", "2025-03", "n2"),
        ("grain_harvest_t", "year", 2023, 17.1, None, "src-a", "final", "2023-12", "n3"),
        ("grain_harvest_t", "year", 2023, 17.0, "", "src-b", "final", "", "n4"),
        ("grain_harvest_t", "year", 2025, 27.0, "bunker", "moa-f", "forecast", "", ""),        # a forecast
        ("grain_harvest_t", "day", 2024, 20.0, "bunker", "moa-d", "operational", "", ""),       # a running total
        ("wheat_harvest_t", "year", 2024, 18.6, "clean", "bns-60f84d", "final", "", ""),        # another crop
    ], columns=["indicator", "period_kind", "year", "value_std", "basis", "source_id", "status", "published",
                "notes"])
    want = pd.DataFrame([
        (2023, 17.1, "not_stated", "src-a", "final", "2023-12", "n3"),
        (2023, 17.0, "not_stated", "src-b", "final", "", "n4"),
        (2024, 26.7, "bunker", "moa-b", "operational", "", "n1"),
        (2024, 25.2, "clean", "bns-60f84d", "final", "2025-03", "n2"),
    ], columns=["year", "value", "basis", "source_id", "status", "published", "notes"])
    pd.testing.assert_frame_equal(g.annual_harvest(t), want)


def test_one_value_per_year_and_basis_in_full():
    h = harvest_frame([
        (2024, 26.7, "bunker", "moa-b", "operational", "2024-11-20"),
        (2024, 26.9, "bunker", "src-x", "final", "2025-01-10"),
        (2024, 26.5, "bunker", "bns-other", "operational", "2024-12-01"),   # a BNS release beats the others
        (2024, 25.2, "clean", "src-y", "final", "2025-05-01"),
        (2024, 25.3, "clean", g.BNS_HARVEST, "operational", "2025-03-01"),   # the BNS series beats every other
        (2023, 17.0, "clean", "src-a", "operational", "2024-02-01"),
        (2023, 17.2, "clean", "src-b", "final", "2023-12-15"),              # final before latest
        (2022, 16.4, "clean", "src-d", "final", "2023-01-01"),
        (2022, 16.5, "clean", "src-c", "final", "2023-01-01"),              # same day: the first id
        (2021, 16.0, "clean", "src-e", "final", ""),
        (2021, 16.1, "clean", "src-f", "final", "2022-01-01"),              # a dated row before an undated one
    ])
    pd.testing.assert_frame_equal(g.select_basis(h, "clean"), pd.DataFrame([
        (2021, 16.1, "clean", "src-f", "final", 1), (2022, 16.5, "clean", "src-c", "final", 1),
        (2023, 17.2, "clean", "src-b", "final", 1), (2024, 25.3, "clean", g.BNS_HARVEST, "operational", 1),
    ], columns=["year", "value", "basis", "source_id", "status", "alternatives"]))
    assert g.select_basis(h, "bunker")[["year", "source_id", "alternatives"]].values.tolist() == [[2024, "bns-other", 2]]
    pd.testing.assert_frame_equal(g.as_reported(h), pd.DataFrame([
        (2021, 16.1, "clean", "src-f", "final", 1), (2022, 16.5, "clean", "src-c", "final", 1),
        (2023, 17.2, "clean", "src-b", "final", 1), (2024, 26.9, "bunker", "src-x", "final", 4),
    ], columns=["year", "value", "basis", "source_id", "status", "alternatives"]))
    with pytest.raises(ValueError, match="source must be 'national' or 'fao', not 'usda'"):
        g.record_series(h, h, "clean", "usda")
    assert g.record_series(h, h.iloc[:1], "clean", "fao").equals(h.iloc[:1])


def test_bases_are_never_mixed_unless_as_reported():
    h = harvest_frame([
        (2011, 27.0, "clean", "bns-60f84d"), (2011, 29.7, "bunker", "moa-a"),
        (2016, 20.6, "clean", "bns-60f84d"), (2016, 23.1, "bunker", "moa-b"),
        (2024, 25.2, "clean", "bns-60f84d"), (2024, 28.0, "not_stated", "moa-c"),
    ])
    fao = pd.DataFrame(columns=["year", "value", "basis", "source_id", "status", "alternatives"])
    clean = g.record_series(h, fao, "clean", "national")
    assert set(clean["basis"]) == {"clean"}
    # on clean weight 2011 beats 2024; the 2016 bunker figure plays no part
    r = g.record_by_window(g.as_series(clean), 2024, [10, None])
    assert list(r["highest_in_window"]) == [True, False]
    bunker = g.record_series(h, fao, "bunker", "national")
    assert set(bunker["basis"]) == {"bunker"} and 2024 not in set(bunker["year"])
    mixed = g.record_series(h, fao, "as_reported", "national")
    assert set(mixed["basis"]) == {"bunker", "not_stated"}  # each year's highest figure, any basis
    assert g.as_series(mixed)[2011] == 29.7 and g.as_series(mixed)[2024] == 28.0


def test_select_basis_prefers_bns_series_then_final_then_latest():
    h = harvest_frame([
        (2011, 26.9, "clean", "moa-x", "final", "2012-04"),
        (2011, 26.9605, "clean", "bns-60f84d", "final", ""),
        (2012, 12.9, "clean", "moa-y", "operational", "2013-06"),
        (2012, 12.8, "clean", "moa-z", "final", "2012-01"),
        (2013, 18.0, "clean", "moa-p", "final", "2013-01"),
        (2013, 18.2, "clean", "moa-q", "final", "2014-01"),
    ])
    sel = g.select_basis(h, "clean").set_index("year")
    assert sel.loc[2011, "source_id"] == "bns-60f84d" and sel.loc[2011, "alternatives"] == 1
    assert sel.loc[2012, "source_id"] == "moa-z"
    assert sel.loc[2013, "source_id"] == "moa-q"
    with pytest.raises(ValueError):
        g.select_basis(h, "as_reported")


# -------------------------------------------------------- area x yield
def test_area_yield_decomposition_adds_up_and_identity_holds():
    harvest = pd.Series({2022: 20.0, 2023: 15.0, 2024: 24.0, 2026: 25.0})
    area = pd.Series({2022: 16.0, 2023: 17.0, 2024: 16.0, 2026: 16.5})
    d = g.decompose_area_yield(harvest, area).set_index("year")
    assert list(d.index) == [2023, 2024]  # 2026 has no 2025 to compare with
    total = d["area_contribution_pp"] + d["yield_contribution_pp"]
    assert total.to_numpy() == pytest.approx(d["harvest_change_pct"].to_numpy())
    assert d.loc[2024, "harvest_change_pct"] == pytest.approx(60.0)
    assert d.loc[2024, "area_contribution_pp"] < 0 < d.loc[2024, "yield_contribution_pp"]
    gap = g.identity_gap_pct(harvest, area, d["yield_t_per_ha"])
    assert gap.abs().max() < 1e-9


def test_fao_area_times_wdi_yield_reproduces_fao_production_within_rounding():
    raw = data.tidy(data.load("grain.csv"))
    prod = g.indicator_series(raw, "cereal_production_fao_t", "fao-b63442")
    area = g.indicator_series(raw, "grain_area_ha", "fao-c6098b")
    yld = g.indicator_series(raw, "grain_yield_c_per_ha", "wb-29306c") / 10  # t/ha
    gap = g.identity_gap_pct(prod, area, yld)
    assert len(gap) >= 20
    # the WDI yield is rounded to 0.1 kg/ha; the older vintage differs from FAOSTAT by well under 0.1%
    assert gap.abs().max() < 0.1


# ------------------------------------------------------------ campaign
def test_parse_as_of_from_period_and_notes():
    assert g.parse_as_of("2025-09-15", "") == (date(2025, 9, 15), "period")
    assert g.parse_as_of("2025", "as of 2025-09-23; 10.2 Mha")[0] == date(2025, 9, 23)
    assert g.parse_as_of("2025", "as of end-August 2025; about 26%")[0] == date(2025, 8, 31)
    assert g.parse_as_of("2024", "as of end-February 2024")[0] == date(2024, 2, 29)
    assert g.parse_as_of("2023", "autumn 2023 (exact date not shown)") == (None, "")


def test_bracket_and_verdict():
    prog = pd.DataFrame({"as_of": ["2025-08-25", "2025-08-31", "2025-09-15", ""],
                         "threshed_mt": [3.1, 5.9, 11.6, 20.0], "source_id": ["a", "b", "c", "d"]})
    b = g.bracket(prog, "threshed_mt", "2025-09-04")
    assert (b.lo, b.lo_date, b.hi, b.hi_date) == (5.9, "2025-08-31", 11.6, "2025-09-15")
    # "more than 6": the lower end is within 5% of 6, and the upper end is far above: settled
    assert g.bracket_verdict(6, "more_than", 5.9, 11.6, 5.0) == "consistent"
    # a tight tolerance leaves it open
    assert g.bracket_verdict(6, "more_than", 5.9, 11.6, 1.0) == "unverifiable"
    assert g.bracket_verdict(6, "more_than", 3.1, 11.6, 5.0) == "unverifiable"
    # "about 30%" between 26 and 48.3 cannot be settled; between 29 and 31 it can
    assert g.bracket_verdict(30, "about", 26, 48.3, 5.0) == "unverifiable"
    assert g.bracket_verdict(30, "about", 29, 31, 5.0) == "consistent"
    assert g.bracket_verdict(30, "about", 40, 48, 5.0) == "understated"
    assert g.bracket_verdict(30, "about", 40, math.nan, 5.0) == "unverifiable"


# ------------------------------------------------------------ forecasts
def test_forecast_basis_reads_first_keyword_before_outturn():
    assert g.forecast_basis("earlier clean-weight forecast; bunker outturn 15.432") == "clean"
    assert g.forecast_basis("bunker weight; outturn 15.6 credited weight") == "bunker"
    assert g.forecast_basis("-30% vs 2009; outturn 12.2 clean / 13.9 bunker") == "not_stated"
    assert g.forecast_basis("weight after processing (clean), from akimat data") == "clean"
    assert g.forecast_basis(float("nan")) == "not_stated"


def test_forecasts_use_same_basis_outcome_when_available():
    t = pd.DataFrame({"target_id": ["a", "b", "c"], "indicator": "grain_harvest_t", "kind": "forecast",
                      "target_value": [25.0, 20.0, 10.0], "horizon_end": ["2011", "2012", "1997"],
                      "stated_on": ["2011-09", "", "1997-08"], "stated_by": "MoA", "source_id": "s",
                      "notes": ["bunker weight", "bunker weight", ""]})
    clean = pd.Series({2011: 27.0, 2012: 12.9})
    bunker = pd.Series({2011: 29.7})
    f = g.forecasts_vs_outcomes(t, clean, bunker).set_index("target_id")
    assert f.loc["a", "outcome"] == 29.7 and f.loc["a", "comparison"] == "same basis"
    assert f.loc["b", "outcome"] == 12.9 and f.loc["b", "comparison"] == "bunker forecast vs clean outcome"
    assert f.loc["a", "error_pct"] == pytest.approx((25 - 29.7) / 29.7 * 100)
    assert math.isnan(f.loc["c", "outcome"]) and f.loc["c", "comparison"] == "no outcome"


# --------------------------------------------------------------- real data
def test_rebuilt_values_equal_their_source_rows():
    """The chosen row per year and basis is the one named here by hand from data/raw/grain.csv."""
    tidy = data.tidy(data.load("grain.csv"))
    h = g.annual_harvest(tidy)
    clean = g.select_basis(h, "clean").set_index("year")
    # 2011 has four clean rows (BNS series 26.9605; ministry 26.9 and 27.0; statistics 26.9): the BNS series wins
    r = one(raw_rows("grain.csv", indicator="grain_harvest_t", period="2011", source_id="bns-60f84d"))
    assert r["basis"] == "clean"
    assert clean.loc[2011, "source_id"] == "bns-60f84d" and clean.loc[2011, "value"] == float(r["value"]) == 26.9605
    # 2024: the operational BNS clean figure; the ministry's 26.7 (basis not stated) must not be taken as clean
    r = one(raw_rows("grain.csv", indicator="grain_harvest_t", period="2024", source_id="bns-60f84d"))
    assert clean.loc[2024, "source_id"] == "bns-60f84d" and clean.loc[2024, "value"] == float(r["value"])
    bunker = g.select_basis(h, "bunker").set_index("year")
    # 2024: no source found names the basis of the ministry's totals, so no bunker row and no bunker value
    assert raw_rows("grain.csv", indicator="grain_harvest_t", period="2024", basis="bunker") == []
    assert 2024 not in bunker.index
    # the page still shows the ministry's end-of-campaign total, labelled with the basis its source states
    r = one(raw_rows("grain.csv", indicator="grain_harvest_t", period="2024", source_id="moa-8ce25e"))
    mt = gp.ministry_total(h, 2024)
    assert mt["source_id"] == "moa-8ce25e" and mt["value"] == float(r["value"]) == 26.5
    assert mt["basis"] == r["basis"] == "not_stated"
    # 2018: a bunker row whose source says so is preferred
    assert gp.ministry_total(h, 2018)["basis"] == "bunker"
    # every clean value really is tagged clean in the raw file
    pairs = {(t["period"], t["source_id"]) for t in raw_rows("grain.csv", indicator="grain_harvest_t", basis="clean")}
    assert all((str(y), row.source_id) in pairs for y, row in clean.iterrows())

def test_campaign_rows_come_from_the_raw_file():
    tidy = data.tidy(data.load("grain.csv"))
    prog = g.campaign_progress(tidy, 2025)
    raw = data.load("grain.csv")
    row = raw[(raw["indicator"] == "grain_threshed_to_date_t") & (raw["period"] == "2025-09-15")]
    got = prog[prog["as_of"] == "2025-09-15"]
    assert float(got["threshed_mt"].iloc[0]) == float(row["value"].iloc[0])
    share = raw[(raw["indicator"] == "grain_area_harvested_share_pct") & (raw["period"] == "2025-09-15")]
    assert float(got["share_pct"].iloc[0]) == float(share["value"].iloc[0])
    assert list(prog["as_of"]) == sorted(prog["as_of"])


# ------------------------------------------------------------- the page
def test_continuous_from_and_best_before():
    s = pd.Series({2003: 1.0, 2005: 2.0, 2006: 5.0, 2007: 3.0, 2008: 4.0})
    assert gp.continuous_from(s, 2008) == 2005
    assert gp.best_before(s, 2008, 2005) == (2006, 5.0)
    assert gp.best_before(s, 2008, 2009)[0] is None


def test_matching_rows_uses_the_stated_precision():
    h = harvest_frame([(2024, 26.5, "bunker", "moa-a", "operational", "2024-10-23"),
                       (2024, 26.7, "not_stated", "moa-b", "final", "2025-09-02"),
                       (2024, 26.74, "clean", "x", "final", "2025-01-01"),
                       (2023, 26.7, "clean", "y", "final", "2024-01-01")])
    rows = gp.matching_rows(h, 2024, 26.7)
    # 26.74 rounds to 26.7 at one decimal, like the stated figure; 2023 is another year
    assert list(rows["source_id"]) == ["x", "moa-b"]


def test_record_table_marks_a_missing_claim_year():
    s = {"clean": pd.Series({2011: 27.0, 2020: 20.0, 2024: 25.0}), "fao": pd.Series({2011: 26.8, 2023: 17.0})}
    t = gp.record_table(s, 2024, 10).set_index("series")
    assert t.loc[gp.LABEL["clean"], "highest in 10 years"] == "yes"
    assert t.loc[gp.LABEL["clean"], "highest in all years"] == "no"
    assert t.loc[gp.LABEL["clean"], "answer flips at window"] == "14 years"
    assert t.loc[gp.LABEL["fao"], "highest in 10 years"] == "no 2024 value"
    grid = gp.record_grid(s, 2024, [5, 14])
    assert grid[0].tolist() == [1.0, 0.0] and all(math.isnan(x) for x in grid[1])


@pytest.fixture(scope="module")
def page():
    return build_page("grain")


def _raw_harvest():
    raw = data.load("grain.csv")
    return raw[raw["indicator"] == "grain_harvest_t"]


def test_build_reads_the_stated_figure_from_the_ministry_row(page):
    raw = _raw_harvest()
    lv = page.levels
    origin = raw[raw["source_id"] == lv["origin_source"]]
    assert float(origin[origin["period"] == "2024"]["value"].iloc[0]) == 26.7 == page.stated
    assert raw[(raw["period"] == "2024") & (raw["basis"] == "bunker")].empty  # no source names a bunker basis
    assert not lv["bunker_established"]
    ministry = raw[(raw["period"] == "2024") & (raw["source_id"] == lv["ministry_source"])]
    assert lv["ministry"] == float(ministry["value"].iloc[0]) and ministry["basis"].iloc[0] == "not_stated"
    assert lv["origin_published"] > lv["ministry_published"]  # the 26.7 came later than the end-of-campaign total
    # the 26.7 Mt is above both 2024 figures, not between them
    assert lv["stated"] > lv["ministry"] > lv["clean"]


def test_ratio_range_uses_established_bunker_rows_only(page):
    raw = _raw_harvest()
    for sid in ("moa-bc30df", "moa-6672c4", "moa-9a8314", "moa-8ce25e", "moa-8d69f8"):  # bound or implied basis
        assert (raw.loc[raw["source_id"] == sid, "basis"] == "not_stated").all()
    assert not {2017, 2020, 2022, 2024, 2025} & set(page.levels["pair_years"])
    # by hand: bunker-tagged rows (one per year, none duplicated) against the BNS series
    b = raw[raw["basis"] == "bunker"]
    c = raw[raw["source_id"] == g.BNS_HARVEST].set_index("period")["value"].astype(float)
    assert not b["period"].duplicated().any()
    r = {int(p): float(v) / c[p] for p, v in zip(b["period"], b["value"]) if p in c.index}
    assert sorted(r) == page.levels["pair_years"]
    assert page.levels["min_pct"] == pytest.approx((min(r.values()) - 1) * 100)
    assert page.levels["max_pct"] == pytest.approx((max(r.values()) - 1) * 100)


def test_build_record_findings(page):
    rec = page.record
    assert rec["best_clean_year"] == 2022 and rec["flip"] == 14  # 2011 is higher; 2022 is the best of 2015-2023
    assert rec["bunker_gaps"] == [y for y in range(2015, 2024) if y not in page.bunker.index]
    assert rec["bound"] == pytest.approx(max(page.clean[y] for y in rec["bunker_gaps"]) * rec["max_ratio"])
    assert rec["clean_full_from"] <= 2015


def test_narrative_says_what_the_numbers_say(page):
    from kzseries import text
    lv = page.levels
    # the page decides where the stated figure lies; the template only says it
    assert lv["above_both"] and lv["stated"] > lv["ministry"] and lv["stated"] > lv["clean"]
    assert "above* both" in text.render("04_grain", "stated_origin", **lv)
    between = text.render("04_grain", "stated_origin", **{**lv, "above_both": False, "below_both": False})
    assert "lies between" in between and "above* both" not in between
    ratio = dict(n_pairs=3, pair_years=[2010, 2011, 2012], min_pct=4.0, max_pct=14.0, median_pct=9.0,
                 unstated_years=[2020], clean_early=[1998])
    assert "every one of them" in text.render("04_grain", "ratio", below_years=[], **ratio)
    assert "*below* the BNS" in text.render("04_grain", "ratio", below_years=[2012], **ratio)


@pytest.mark.parametrize("rows, chosen", [
    # the BNS series over another BNS release published later
    ([(2011, 26.9, "clean", "bns-other", "final", "2013-01"), (2011, 27.0, "clean", g.BNS_HARVEST, "final", "2012-01")],
     g.BNS_HARVEST),
    # any BNS release over a ministry's later, final figure
    ([(2011, 26.9, "clean", "moa-x", "final", "2013-01"), (2011, 27.0, "clean", "bns-other", "preliminary", "2012-01")],
     "bns-other"),
    # a final figure over a later preliminary one
    ([(2011, 26.9, "clean", "moa-x", "preliminary", "2013-01"), (2011, 27.0, "clean", "moa-y", "final", "2012-01")],
     "moa-y"),
    # then the latest publication; an undated one counts as the oldest
    ([(2011, 26.9, "clean", "moa-x", "final", ""), (2011, 27.0, "clean", "moa-y", "final", "2012-01")], "moa-y"),
    ([(2011, 26.9, "clean", "moa-y", "final", "2012-01"), (2011, 27.0, "clean", "moa-x", "final", "2012-01")], "moa-x"),
])
def test_each_step_of_the_preference_between_sources_of_one_year(rows, chosen):
    h = harvest_frame(rows)
    h.loc[h["published"] == "", "published"] = math.nan
    got = g.select_basis(h, "clean")
    assert got["source_id"].tolist() == [chosen] and got["alternatives"].tolist() == [1]


def test_a_basis_with_no_rows_gives_an_empty_frame_and_an_unknown_one_is_refused():
    h = harvest_frame([(2011, 27.0, "clean", g.BNS_HARVEST)])
    cols = ["year", "value", "basis", "source_id", "status", "alternatives"]
    assert g.select_basis(h, "bunker").empty and list(g.select_basis(h, "bunker").columns) == cols
    assert list(g.as_reported(h.iloc[:0]).columns) == cols
    with pytest.raises(ValueError) as e:
        g.select_basis(h, "as_reported")
    assert str(e.value) == f"basis must be one of {g.BASES}, not 'as_reported'"


def test_as_reported_takes_each_years_highest_figure_and_breaks_a_tie_by_source():
    h = harvest_frame([(2011, 27.0, "clean", "zz"), (2011, 27.0, "bunker", "aa"), (2011, 26.0, "bunker", "bb"),
                       (2012, 12.0, "clean", "cc")])
    got = g.as_reported(h)
    assert got[["year", "value", "basis", "source_id", "alternatives"]].to_dict("records") == [
        {"year": 2011, "value": 27.0, "basis": "bunker", "source_id": "aa", "alternatives": 2},
        {"year": 2012, "value": 12.0, "basis": "clean", "source_id": "cc", "alternatives": 0}]
