"""Tests of the GDP helpers (kzseries.gdp) on small fixed frames, plus one check against data/raw."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import build_page, one, processed_rows, raw_rows
from kzseries import arith, claims, data, gdp
from kzseries.pages import gdp as gdp_page

# A made-up economy: volume indices (previous year = 100), nominal GDP in KZT bn, KZT per USD.
VOL = pd.Series({2001: 110.0, 2002: 95.0, 2003: 104.0, 2004: 102.0})
NOM = pd.Series({2000: 1000.0, 2001: 1320.0, 2002: 1254.0, 2003: 1500.0, 2004: 1800.0})
FX = pd.Series({2000: 100.0, 2001: 110.0, 2002: 150.0, 2003: 140.0, 2004: 160.0})


def claim(**kw) -> dict:
    base = {"claim_id": "x", "series": "gdp", "indicator": "gdp_usd_current", "kind": "level",
            "stated_value": "100", "qualifier": "exact", "unit": "USD bn", "data_indicator": "gdp_usd_current",
            "document": "d", "published": "", "speaker": "s", "comparison_value": ""}
    base.update(kw)
    return base


# ------------------------------------------------------------ chain volume
def test_chain_volume_forward_and_backward():
    v = gdp.chain_volume(VOL, 2002)
    assert v[2002] == 1.0
    assert v[2003] == pytest.approx(1.04)
    assert v[2004] == pytest.approx(1.04 * 1.02)
    assert v[2001] == pytest.approx(1 / 0.95)
    assert v[2000] == pytest.approx(1 / (0.95 * 1.10))


def test_chain_volume_stops_at_a_gap():
    gappy = VOL.drop(2003)
    v = gdp.chain_volume(gappy, 2000)
    assert list(v.index) == [2000, 2001, 2002]  # 2004 cannot be reached without 2003


@pytest.mark.parametrize("index, base, want", [
    ({2021: 104.0}, 2020, {2020: 1.0, 2021: 1.04}),                       # the base year's own index not needed
    ({2020: 95.0}, 2020, {2019: 1 / 0.95, 2020: 1.0}),                    # nor the next year's
    ({2019: 110.0, 2020: 95.0, 2021: 104.0}, 2020, {2018: 1 / (0.95 * 1.10), 2019: 1 / 0.95, 2020: 1.0, 2021: 1.04}),
])
def test_chain_volume_is_the_whole_series_named_and_sorted(index, base, want):
    pd.testing.assert_series_equal(gdp.chain_volume(pd.Series(index), base),
                                   pd.Series(want, name="real_volume"), rtol=1e-12)


@pytest.mark.parametrize("fn", [lambda: gdp.chain_volume(pd.Series({2019: 104.0, 2022: 103.0}), 2020),
                                lambda: gdp.deflator(pd.Series({2021: 1.0}), pd.Series({2021: 104.0}), 2020)])
def test_a_base_year_without_data_is_named(fn):
    with pytest.raises(arith.MissingYears) as e:
        fn()
    assert e.value.missing == [2020] and str(e.value) == "no data for 2020 in 2020-2020; the sum would be incomplete"


def test_deflator_is_nominal_over_real_named():
    d = gdp.deflator(pd.Series({2020: 100.0, 2021: 115.0, 2023: 9.0}), pd.Series({2021: 104.0}), 2020)
    pd.testing.assert_series_equal(d, pd.Series({2020: 1.0, 2021: 115 / 104}, name="gdp_deflator"), rtol=1e-12)


def test_combine_takes_the_primary_where_it_has_a_value_and_says_which():
    primary = pd.Series({2010: 5.0, 2011: math.nan, 2012: 7.0, 2013: math.nan})
    fallback = pd.Series({2008: 1.0, 2009: 2.0, 2010: 99.0, 2011: 6.0, 2013: math.nan})  # 2013: in neither
    values, label = gdp.combine(primary, fallback)
    pd.testing.assert_series_equal(values, pd.Series({2008: 1.0, 2009: 2.0, 2010: 5.0, 2011: 6.0, 2012: 7.0}))
    pd.testing.assert_series_equal(label, pd.Series(["fallback", "fallback", "primary", "fallback", "primary"],
                                                    index=[2008, 2009, 2010, 2011, 2012]))


# ------------------------------------------------------------ decomposition
@pytest.mark.parametrize("base,end", [(2000, 2004), (2000, 2001), (2001, 2003), (2002, 2004), (2003, 2003)])
def test_decomposition_identity_holds_for_any_pair(base, end):
    d = gdp.decompose(NOM, VOL, FX, base, end)
    usd = NOM / FX
    assert d.total == pytest.approx(usd[end] / usd[base])
    assert d.product == pytest.approx(d.total, rel=1e-12)
    assert abs(d.identity_gap) < 1e-12
    parts = d.contributions()
    assert sum(parts.values()) == pytest.approx(d.usd_end - d.usd_base, abs=1e-9)


def test_decomposition_factors_have_the_economic_meaning():
    d = gdp.decompose(NOM, VOL, FX, 2000, 2001)
    assert d.real == pytest.approx(1.10)                 # volume index 110
    assert d.deflator == pytest.approx(1.32 / 1.10)      # nominal +32%, of which 10% volume
    assert d.fx == pytest.approx(100 / 110)              # tenge weakened: < 1
    assert d.contributions()["fx"] < 0


def test_decomposition_with_a_missing_year_raises():
    with pytest.raises(claims.MissingYears):
        gdp.decompose(NOM, VOL.drop(2002), FX, 2000, 2004)
    with pytest.raises(claims.MissingYears):
        gdp.decompose(NOM.drop(2004), VOL, FX, 2000, 2004)


def test_yearly_decomposition_adds_up_in_log_points():
    yd = gdp.yearly_decomposition(NOM, VOL, FX, range(2001, 2005))
    assert list(yd["year"]) == [2001, 2002, 2003, 2004]
    assert (yd["real"] + yd["deflator"] + yd["fx"]).tolist() == pytest.approx(yd["total"].tolist())
    assert yd.loc[yd["year"] == 2002, "real"].iloc[0] == pytest.approx(100 * math.log(0.95))


def test_deflator_is_one_in_the_base_year():
    d = gdp.deflator(NOM, VOL, 2000)
    assert d[2000] == pytest.approx(1.0)
    assert d[2001] == pytest.approx(1.2)


# ------------------------------------------------------------ per capita
def test_population_source_changes_per_capita_as_expected():
    usd = pd.Series({2020: 200.0, 2021: 220.0})
    pop_a = pd.Series({2020: 20e6, 2021: 20e6})
    pop_b = pd.Series({2020: 19e6, 2021: 19e6})
    a, b = gdp.per_capita(usd, pop_a), gdp.per_capita(usd, pop_b)
    assert a[2020] == pytest.approx(10_000)
    assert b[2020] / a[2020] == pytest.approx(20 / 19)  # smaller population -> higher per capita, by the ratio
    assert arith.change(a, 2020, 2021).pct == pytest.approx(arith.change(b, 2020, 2021).pct)  # same growth if pops flat


def test_per_capita_leaves_gaps():
    pc = gdp.per_capita(pd.Series({2020: 1.0, 2021: 2.0}), pd.Series({2020: 1e6}))
    assert list(pc.index) == [2020]


def test_mid_year_population_needs_both_counts():
    counts = pd.Series({2022: 100.0, 2023: 110.0, 2025: 130.0})
    mid = gdp.mid_year_from_counts(counts)
    assert mid.to_dict() == {2022: 105.0}
    pd.testing.assert_series_equal(gdp.mid_year_from_counts(pd.Series({2025: 1, 2023: 2, 2024: 4})),
                                   pd.Series({2023: 3.0, 2024: 2.5}, name="population_mid_year"))
    pd.testing.assert_series_equal(gdp.mid_year_from_counts(pd.Series({2025: 1.0})),
                                   pd.Series({}, dtype=float, name="population_mid_year"))


# ------------------------------------------------------------ growth paths
def test_nominal_usd_growth_combines_the_three_rates():
    assert gdp.nominal_usd_growth_pct(5, 0, 0) == pytest.approx(5)
    assert gdp.nominal_usd_growth_pct(0, 10, 10) == pytest.approx(0)
    assert gdp.nominal_usd_growth_pct(5, 6, 5) == pytest.approx((1.05 * 1.06 / 1.05 - 1) * 100)


def test_scenario_path_compounds_from_the_start_level():
    s = gdp.scenario_path(2025, 100.0, {2026: 10.0, 2027: 10.0}, 0.0, 0.0)
    assert s.to_dict() == pytest.approx({2025: 100.0, 2026: 110.0, 2027: 121.0})


def test_cagr_and_average_growth():
    assert arith.cagr_pct(100, 121, 2) == pytest.approx(10)
    assert gdp.average_growth_pct([10, 10]) == pytest.approx(10)
    assert gdp.average_growth_pct([100, -50]) == pytest.approx(0)
    assert math.isnan(gdp.average_growth_pct([1, float("nan")]))


# ------------------------------------------------------------ vintages
def test_vintage_table_reports_upward_revisions():
    tidy = pd.DataFrame([
        {"indicator": "g", "source_id": "new", "period_kind": "year", "status": "final", "year": 2011,
         "value_std": 105.0, "notes": "snapshot retrieved 2026-07-01"},
        {"indicator": "g", "source_id": "old", "period_kind": "year", "status": "final", "year": 2011,
         "value_std": 100.0, "notes": "as mirrored; snapshot 2013-06-28; differs"},
    ])
    vt = gdp.vintage_table(tidy, "g", "new", ["old"])
    assert vt.loc[0, "snapshot"] == "2013-06-28"
    assert vt.loc[0, "revision_pct"] == pytest.approx(5.0)


def test_closest_year():
    assert gdp.closest_year(pd.Series({1993: 5.2, 1994: 11.9, 1995: 16.6}), 11) == 1994


# ------------------------------------------------------------ real data
def test_rebuilt_usd_gdp_and_per_capita_match_their_source_rows():
    """BNS tenge GDP / WDI rate reproduces WDI dollar GDP; WDI GDP / WDI population reproduces WDI per capita.

    The rows are named here by source id and read with the csv module, so the test shows that the right
    source of several (IMF and WDI both give 2024 dollar GDP) is the one used."""
    def plain(indicator, source_id, year=2024):
        return float(one(raw_rows("gdp.csv", indicator=indicator, period=str(year), source_id=source_id))["value"])

    kzt_bn = plain("gdp_kzt_current", "bns-18fa61") / 1e9          # raw unit KZT
    fx = plain("usd_kzt_avg", "wb-183369")                          # KZT per USD
    usd_bn = plain("gdp_usd_current", "wb-719b00") / 1e9            # raw unit USD
    pop = plain("population_world_bank", "wb-3ec010")
    pc = plain("gdp_per_capita_usd", "wb-1afe1e")
    assert kzt_bn / fx == pytest.approx(usd_bn, rel=1e-4)
    assert usd_bn * 1e9 / pop == pytest.approx(pc, rel=1e-6)

    tidy = data.tidy(data.load("gdp.csv")).assign(series="gdp")
    assert gdp.annual(tidy, "gdp_usd_current", "wb-719b00")[2024] == pytest.approx(usd_bn, rel=1e-12)
    assert gdp.annual(tidy, "gdp_kzt_current", "bns-18fa61")[2024] == pytest.approx(kzt_bn, rel=1e-12)
    # what the notebook wrote: tenge GDP over the WDI rate, from exactly those two rows
    out = one(processed_rows("gdp.csv", indicator="gdp_usd_from_kzt_and_rate", year="2024"))
    assert out["source_ids"] == "bns-18fa61;wb-183369"
    assert float(out["value"]) == pytest.approx(kzt_bn / fx, rel=1e-9)
    out = one(processed_rows("gdp.csv", indicator="gdp_per_capita_usd_world_bank_population", year="2024"))
    assert out["source_ids"] == "wb-3ec010;wb-719b00" and float(out["value"]) == pytest.approx(usd_bn * 1e9 / pop)

    vol = gdp.annual(tidy, "gdp_real_volume_index", "bns-7bb561")
    growth = gdp.annual(tidy, "gdp_real_growth_pct", "wb-464018")
    assert (vol - 100).loc[2010:2025].tolist() == pytest.approx(growth.loc[2010:2025].tolist(), abs=0.05)
    fx_s = gdp.annual(tidy, "usd_kzt_avg", "wb-183369")
    kzt_s = gdp.annual(tidy, "gdp_kzt_current", "bns-18fa61")
    d = gdp.decompose(kzt_s, vol, fx_s, 2018, 2024)
    usd_2018 = plain("gdp_usd_current", "wb-719b00", 2018) / 1e9
    assert d.total == pytest.approx(usd_bn / usd_2018, rel=1e-3)


# ------------------------------------------------------------ build(): selection logic
def test_weo_edition_is_read_from_the_note():
    assert gdp_page.weo_edition("WEO edition: April 2026 (IMF.RES WEO/9.0.0); projection") == "April 2026"
    assert gdp_page.weo_edition("WEO edition: unknown (quoted in an undated article)") == "unknown"
    assert gdp_page.weo_edition("projection; WB forecast") == ""


def test_real_goal_pace_compounds_to_the_goal():
    # 5% and 6% in the first two years of 2024-2029; a 6% average needs x in the four years left with
    # 1.05 * 1.06 * (1 + x)^4 = 1.06^6.
    pace = gdp_page.real_goal_pace(pd.Series({2023: 4.0, 2024: 5.0, 2025: 6.0}), 6.0, 2024, 2029)
    assert pace["achieved"] == pytest.approx(((1.05 * 1.06) ** 0.5 - 1) * 100)
    assert pace["required"] == pytest.approx(((1.06 ** 6 / (1.05 * 1.06)) ** 0.25 - 1) * 100)
    assert pace["years_left"] == 4 and pace["last_done"] == 2025


def test_real_goal_pace_refuses_a_gap():
    with pytest.raises(claims.MissingYears):
        gdp_page.real_goal_pace(pd.Series({2024: 5.0, 2026: 6.0}), 6.0, 2024, 2029)


def test_span_label():
    assert gdp_page.span_label("2025-01/2025-02") == "Jan–Feb 2025"


def _raw(indicator, source_id):
    import csv

    from kzseries import paths

    with open(paths.RAW_DIR / "gdp.csv", newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["indicator"] == indicator and r["source_id"] == source_id]


@pytest.fixture(scope="module")
def built():
    return build_page("gdp")


def test_build_names_the_imf_edition_and_labels_earlier_ones(built):
    imf_rows = _raw("gdp_usd_current", "imf-d77a71")
    assert all("WEO edition: April 2026" in r["notes"] for r in imf_rows)
    assert built.imf_edition == "April 2026"
    oct25 = [r for r in _raw("gdp_usd_current", "imf-cf5d67") if r["period"] == "2026"][0]
    row = built.old_projections.set_index("source_id").loc["imf-cf5d67"]
    assert row["edition"] == "October 2025" and row["value_std"] == pytest.approx(float(oct25["value"]))
    apr26_2026 = [float(r["value"]) / 1e9 for r in imf_rows if r["period"] == "2026"][0]
    assert row["current_edition"] == pytest.approx(apr26_2026)


def test_build_shows_both_1990s_bases(built):
    wdi = {int(r["period"]): float(r["value"]) / 1e9 for r in _raw("gdp_usd_current", "wb-719b00")}
    imf = {int(r["period"]): float(r["value"]) / 1e9 for r in _raw("gdp_usd_current", "imf-d77a71")}
    t = built.nineties.set_index("year")
    assert list(t.index) == list(range(1990, 2000))
    assert t.loc[1994, "GDP, USD bn (World Bank WDI)"] == pytest.approx(wdi[1994])
    assert t.loc[1994, "GDP, USD bn (IMF WEO)"] == pytest.approx(imf[1994])
    assert t.loc[1994, "stated 11 vs IMF, %"] == pytest.approx((11 - imf[1994]) / imf[1994] * 100)
    assert built.findings["nineties"]["y"] == 1994  # the IMF year closest to $11 bn


def test_build_sets_gni_against_the_threshold(built):
    gni = {int(r["period"]): float(r["value"]) for r in _raw("gni_per_capita_atlas_usd", "wb-f5f465")}
    thr = _raw("wb_high_income_threshold_usd", "wb-07b9a8")
    h = built.findings["high_income"]
    assert h["thr"] == float(thr[0]["value"]) and h["thr_year"] == int(thr[0]["period"])
    assert h["gni_thr_year"] == gni[h["thr_year"]] and h["gni_last"] == gni[max(gni)]
    assert h["gap_last"] == pytest.approx((gni[max(gni)] / float(thr[0]["value"]) - 1) * 100)
    assert h["peak_year"] == max((y for y in gni if y < h["thr_year"]), key=gni.get)


def test_build_takes_the_goal_verdict_from_the_engine_and_reaches_the_goal(built):
    import csv

    from kzseries import paths

    with open(paths.processed("targets_progress.csv"), newline="", encoding="utf-8") as fh:
        row = [r for r in csv.DictReader(fh) if r["target_id"] == "gdp-usd-current-2029"][0]
    g = built.findings["goal"]
    assert g["prog"]["verdict"] == row["verdict"]
    assert built.paths["required"][2029] == pytest.approx(450)
    # the three factors of the pace so far compound to the dollar growth the engine measured
    total = (1 + g["real"] / 100) * (1 + g["defl"] / 100) * (1 + g["rate"] / 100)
    assert (total - 1) * 100 == pytest.approx(float(row["pace_achieved"]), abs=0.05)


def test_build_refuses_years_outside_the_data_with_the_parameter_named():

    with pytest.raises(ValueError, match="decomposition_base_year=1980"):
        build_page("gdp", decomposition_base_year=1980)


# ------------------------------------------------------------ the notebook, non-default parameters
@pytest.mark.slow
def test_notebook_runs_with_a_non_default_window(tmp_path):
    from conftest import copy_repo, run_all

    repo = copy_repo(tmp_path / "repo")
    before = sorted(p.name for p in (repo / "data" / "processed").glob("*"))
    out = tmp_path / "out"
    r = run_all(repo, "--only", "01_gdp", "--out", str(out), "-p", "01_gdp.start_year=1992",
                "-p", "01_gdp.end_year=2031", "-p", "01_gdp.decomposition_base_year=2005",
                "-p", "01_gdp.decomposition_end_year=2015", "-p", "01_gdp.population_source=national")
    assert r.returncode == 0, r.stdout + r.stderr
    checked = pd.read_csv(out / "data" / "processed" / "claims_gdp.csv")
    registry_ids = set(data.load("claims.csv").query("series == 'gdp'")["claim_id"])
    assert set(checked["claim_id"]) == registry_ids and len(checked) == len(registry_ids)
    derived = pd.read_csv(out / "data" / "processed" / "gdp.csv")
    assert derived.loc[derived["indicator"] == "gdp_deflator"].set_index("year").loc[2005, "value"] == pytest.approx(100)
    assert sorted(p.name for p in (repo / "data" / "processed").glob("*")) == before


def test_one_source_gives_one_value_a_year_and_names_a_year_it_gives_twice():
    rows = [("2023", 260.0, "final"), ("2024", 290.0, "final"), ("2025", 300.0, "forecast")]
    tidy = pd.DataFrame([{"indicator": "gdp_usd_current", "source_id": "wb", "period_kind": "year", "year": int(p),
                          "status": st, "value_std": v} for p, v, st in rows])
    got = gdp.annual(tidy, "gdp_usd_current", "wb")
    pd.testing.assert_series_equal(got, pd.Series([260.0, 290.0], index=pd.Index([2023, 2024], name="year"),
                                                  name="gdp_usd_current"))
    assert gdp.annual(tidy, "gdp_usd_current", "wb", statuses=("final", "forecast")).index.tolist() == [2023, 2024, 2025]
    twice = pd.concat([tidy, tidy.iloc[[1, 0]]])
    with pytest.raises(ValueError) as e:
        gdp.annual(twice, "gdp_usd_current", "wb")
    assert str(e.value) == "gdp_usd_current from wb has several rows for [2023, 2024]; choose a vintage first"


def test_per_capita_is_usd_bn_in_dollars_over_people_by_name():
    pd.testing.assert_series_equal(gdp.per_capita(pd.Series({2024: 290.0}), pd.Series({2024: 20e6})),
                                   pd.Series({2024: 290e9 / 20e6}, name="gdp_per_capita_usd"), rtol=1e-15)
