"""Areas where a small, realistic bug once slipped past every test but the whole-output comparison (issue 24):
how ``nearly`` is read, growth across a gap in the years, which population a per-capita series divides by,
the cache key of a run with --out, plausibility between two rows of one source, and a claim's vintage.

Expected values are worked out by hand from the small inputs here, never taken from the code under test.
"""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from conftest import ROOT, copy_repo
from kzseries import claims, data, measures, paths, plausibility, registry, runner
from test_claims import Frames, claim, mframe, obs


# ------------------------------------------------------------------ "nearly"
@pytest.mark.parametrize("stated, measured", [
    (50, 50), (50, 49.4), (50, 50.4),       # rounded up or down: both honest
    (105, 100), (95, 100),                  # at either edge of a 5% tolerance (inclusive)
    (105.01, 100), (94.99, 100),            # just outside either edge
    (50, 40), (50, 60),                     # far on either side
])
def test_nearly_is_read_exactly_as_about_on_both_sides(stated, measured):
    about = claims.compare(stated, measured, "about", 5.0)
    assert claims.compare(stated, measured, "nearly", 5.0) == about


@pytest.mark.parametrize("stated, measured, verdict", [
    (50, 52.6, "consistent"),   # "nearly 50" when 52.6 was reached: 4.9% below, within tolerance
    (50, 53, "understated"),    # 5.7% below: not "nearly" any more
    (50, 47.7, "consistent"),   # 4.8% above the data
    (50, 47, "overstated"),     # 6.4% above: a speaker who says "nearly" is not excused an overstatement
])
def test_nearly_has_a_tolerance_on_each_side(stated, measured, verdict):
    assert claims.compare(stated, measured, "nearly", 5.0)[0] == verdict


def test_nearly_is_named_in_the_sentence():
    r = claims.check(claim(stated_value=50.0, qualifier="nearly", period_end="2024"),
                     Frames(gdp_usd_wdi=mframe({2024: 49.4})), 5.0)
    assert r["verdict"] == "consistent" and "nearly 50" in r["explanation"]


# ------------------------------------------------------- growth across a gap
def growth(values: dict, end: str) -> dict:
    c = claim(stated_value=10.0, unit="%", period_end=end, transform="growth_pct")
    return claims.check(c, Frames(gdp_usd_wdi=mframe(values)), 5.0)


def test_growth_is_never_computed_across_a_missing_year():
    values = {2020: 100.0, 2022: 121.0, 2023: 133.1}  # 2021 missing: 2022 has no growth on the year before
    r = growth(values, "2022")
    assert r["verdict"] == "unverifiable" and r["measured_value"] != pytest.approx(21.0)
    assert r["measured_value"] != pytest.approx(10.0)  # nor 2020 -> 2022 read as one year
    r = growth(values, "2023")
    assert r["measured_value"] == pytest.approx(10.0) and r["verdict"] == "consistent"


def test_growth_after_a_gap_of_several_years_and_at_the_first_year():
    values = {2015: 50.0, 2019: 100.0, 2020: 90.0}
    assert growth(values, "2020")["measured_value"] == pytest.approx(-10.0)
    assert growth(values, "2019")["verdict"] == "unverifiable"
    assert growth(values, "2015")["verdict"] == "unverifiable"  # nothing before the first year


def test_growth_ignores_sub_annual_periods_and_projections():
    f = pd.concat([mframe({2022: 100.0, "2023-H1": 60.0}), mframe({2023: 110.0}, status="projection")])
    r = claims.check(claim(stated_value=10.0, unit="%", period_end="2023", transform="growth_pct"),
                     Frames(gdp_usd_wdi=f), 5.0)
    assert r["verdict"] == "unverifiable"


# ---------------------------------------------------- per-capita population
def population_obs() -> pd.DataFrame:
    usd = obs({2023: 260.0, 2024: 290.0}, "gdp_usd_current", measures.WDI_USD)
    wb = obs({2023: 20.0e6, 2024: 20.3e6}, "population_world_bank", measures.WDI_POP)
    nat = obs({2023: 19.9e6, 2024: 20.0e6}, "population_national", measures.IMF_POP)
    other = obs({2023: 1.0e6, 2024: 1.0e6}, "population_national", "some-other-source")  # never used
    return pd.concat([usd, wb, nat, other], ignore_index=True)


@pytest.mark.parametrize("measure, population", [
    ("gdp_per_capita_usd_wb_pop", {2023: 20.0e6, 2024: 20.3e6}),
    ("gdp_per_capita_usd_national_pop", {2023: 19.9e6, 2024: 20.0e6}),
])
def test_each_per_capita_measure_divides_by_its_own_population(measure, population):
    f = claims.Context(population_obs()).frame(measure)
    got = dict(zip(f["year"], f["value"]))
    want = {2023: 260.0e9 / population[2023], 2024: 290.0e9 / population[2024]}
    assert got == pytest.approx(want)


def test_the_two_per_capita_measures_differ_by_the_population_ratio():
    ctx = claims.Context(population_obs())
    wb = ctx.frame("gdp_per_capita_usd_wb_pop").set_index("year")["value"]
    nat = ctx.frame("gdp_per_capita_usd_national_pop").set_index("year")["value"]
    assert nat[2024] / wb[2024] == pytest.approx(20.3 / 20.0)


# -------------------------------------------------- the cache key with --out
@pytest.fixture()
def repo(tmp_path, monkeypatch):
    r = copy_repo(tmp_path / "repo")
    monkeypatch.setattr(paths, "REPO_ROOT", r)
    monkeypatch.setattr(paths, "RAW_DIR", r / "data" / "raw")
    monkeypatch.delenv("KZ_RUN_TREE", raising=False)
    return r


def key(out_root, name="03_housing", **values):
    return runner.cache_key(name, {**registry.get(name).defaults, **values}, out_root, runner.package_digest())


def test_key_reads_upstream_files_from_the_output_folder_of_the_run(repo, tmp_path):
    """Two experiments into one --out folder: the second one's upstream files make a new key downstream."""
    out = tmp_path / "exp"
    src = repo / "data" / "processed"
    for f in registry.get("03_housing").processed_inputs:
        (out / "data" / "processed").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / f, out / "data" / "processed" / f)
    k_out = key(out)
    assert k_out == key(repo)  # the same upstream bytes in another folder: the same key
    p = out / "data" / "processed" / "targets_progress.csv"
    p.write_bytes(p.read_bytes() + b"\n")  # a later experiment rewrote an upstream file
    assert key(out) != k_out
    assert key(repo) == k_out  # ... and the repository's own key did not move


def test_key_of_a_run_with_out_and_no_upstream_yet(repo, tmp_path):
    empty = tmp_path / "fresh"
    assert key(empty) != key(repo)  # upstream missing is not upstream present


def test_key_reads_this_runs_newer_upstream_copy(repo, tmp_path, monkeypatch):
    """Within one run, a downstream key sees the upstream file the run just made (not yet promoted)."""
    tree = tmp_path / "tree"
    k0 = key(repo)
    monkeypatch.setenv("KZ_RUN_TREE", str(tree))
    assert key(repo) == k0  # nothing made yet: the promoted file is read
    made = tree / "data" / "processed" / "observations_housing.csv"
    made.parent.mkdir(parents=True)
    made.write_bytes((repo / "data" / "processed" / "observations_housing.csv").read_bytes() + b"\n")
    assert key(repo) != k0


def test_key_differs_between_parameter_sets_into_one_folder(repo, tmp_path):
    out = tmp_path / "exp"
    assert key(out, base_year=2017) != key(out, base_year=2018)
    assert key(out, "07_scorecard", deviation_clip_pct=30.0) != key(out, "07_scorecard")


# ------------------------------------------ plausibility: two rows of one source
RULES = pd.DataFrame([{"indicator": "grain_harvest_t", "unit": "million t", "min": "5", "max": "40",
                       "max_ratio_neighbour_year": "", "max_ratio_other_source": "1.25", "notes": ""}])
NO_OVERRIDES = pd.DataFrame(columns=["file", "indicator", "period", "source_id", "reason"])


def harvest(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": "grain_harvest_t", "period": p, "value": v, "unit": "million t",
                          "source_id": s, "status": "final", "vintage": vin, "basis": "", "published": "",
                          "notes": ""} for p, v, s, vin in rows])


def problems(df, overrides=NO_OVERRIDES):
    return plausibility.check("grain.csv", df, RULES, overrides, {("grain_harvest_t", "million t"): 1.0},
                              {"grain_harvest_t": "million t"}, "data/raw/grain.csv")


def test_two_rows_of_one_source_that_disagree_for_one_period_are_implausible():
    df = harvest(("2024", 26.7, "bns-1", "first_release"), ("2024", 36.7, "bns-1", "revised"))
    found = problems(df)
    assert len(found) == 2  # each row is named, with the other as context
    assert found[0].startswith("data/raw/grain.csv, line 2: grain_harvest_t 2024 = 26.7 million t (source bns-1)")
    assert "1.37 times the nearest other source for 2024 (at most 1.25)" in found[0]
    assert "Other sources for 2024: 36.7 (bns-1)" in found[0]


def test_two_rows_of_one_source_that_agree_are_plausible():
    df = harvest(("2024", 26.7, "bns-1", "first_release"), ("2024", 27.1, "bns-1", "revised"),
                 ("2023", 17.1, "bns-1", "first_release"))
    assert problems(df) == []


def test_the_nearest_other_row_decides_not_the_first():
    # a third row close to the odd one: the odd one is within 1.25 of its nearest neighbour, so it passes
    df = harvest(("2024", 26.7, "bns-1", "first_release"), ("2024", 36.7, "bns-1", "revised"),
                 ("2024", 30.0, "fao-1", ""))
    assert problems(df) == []


def test_an_override_names_the_source_so_it_covers_both_rows_of_it():
    df = harvest(("2024", 26.7, "bns-1", "first_release"), ("2024", 36.7, "bns-1", "revised"))
    ov = pd.DataFrame([{"file": "grain.csv", "indicator": "grain_harvest_t", "period": "2024", "source_id": "bns-1",
                        "reason": "checked"}])
    assert problems(df, ov) == []


# ---------------------------------------------- a claim's vintage and its measure
@pytest.fixture()
def raw(tmp_path) -> object:
    d = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", d)
    return d


def set_claim(raw_dir, claim_id: str, **cells) -> int:
    p = raw_dir / "claims.csv"
    rows = list(csv.DictReader(p.open(encoding="utf-8", newline="")))
    i = next(i for i, r in enumerate(rows) if r["claim_id"] == claim_id)
    rows[i].update(cells)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    return i + 2


def first_claim(measure: str) -> str:
    rows = csv.DictReader((ROOT / "data" / "raw" / "claims.csv").open(encoding="utf-8"))
    return next(r["claim_id"] for r in rows if r["measure"] == measure)


@pytest.mark.parametrize("measure", ["gdp_usd_wdi", "fdi_gross_nbk", "grain_harvest_bunker"])
def test_a_vintage_the_measure_does_not_offer_is_refused(raw, measure):
    cid = first_claim(measure)
    line = set_claim(raw, cid, vintage="first_release")
    with pytest.raises(data.RawDataError) as e:
        data.load("claims.csv", raw, verify=False)
    assert (f"data/raw/claims.csv, line {line} (claim {cid}), column 'vintage': 'first_release' is not offered by "
            f"measure {measure} (latest)") in str(e.value).replace(str(raw.parent) + "/", "data/")


@pytest.mark.parametrize("vintage", ["first_release", "latest", ""])
def test_every_vintage_a_measure_offers_is_accepted(raw, vintage):
    assert set(measures.MEASURES["housing_m2"].vintages) == {"first_release", "latest"}
    set_claim(raw, first_claim("housing_m2"), vintage=vintage)
    data.load("claims.csv", raw, verify=False)


def test_a_vintage_is_checked_against_the_claims_own_measure(raw):
    """housing_m2 offers first_release; a GDP claim does not inherit it."""
    cid = first_claim("gdp_usd_wdi")
    set_claim(raw, cid, vintage="first_release")
    with pytest.raises(data.RawDataError, match="is not offered by measure gdp_usd_wdi"):
        data.load("claims.csv", raw, verify=False)
