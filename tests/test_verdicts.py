"""The claim engine end to end, as a user drives it: new registry rows get verdicts with no code change, view
parameters never change a verdict, and the tolerance changes verdicts only in an experiment's own folder."""

from __future__ import annotations

import csv
import io
import subprocess

import pandas as pd
import pytest

from conftest import PY, one, raw_rows, run_all, statuses

pytestmark = pytest.mark.slow


def add_claims(repo, rows: list[dict]) -> None:
    """Append rows to the copy's claims.csv (other columns copied from gdp-2024-usd) and record the checksum."""
    path = repo / "data" / "raw" / "claims.csv"
    existing = list(csv.DictReader(path.open(encoding="utf-8")))
    template = next(r for r in existing if r["claim_id"] == "gdp-2024-usd")
    blank = {k: "" for k in ("reading_of", "base_period", "period_start", "vintage", "transform", "target_form",
                             "tolerance_pct", "check", "reading", "reading_reason", "curation_note")}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(existing[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(existing + [{**template, **blank, **r} for r in rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = subprocess.run([PY, "-m", "kzseries.manifest", "--update"], cwd=repo, capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src")})
    assert r.returncode == 0, r.stdout + r.stderr


def checked(root) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "processed" / "claims_checked.csv").set_index("claim_id")


def test_new_statements_of_several_kinds_get_verdicts_without_code(built_copy):
    v = lambda ind, period, src: float(one(raw_rows("gdp.csv", indicator=ind, period=period, source_id=src))["value"])
    gdp23 = v("gdp_usd_current", "2023", "wb-719b00") / 1e9
    gdp21 = v("gdp_usd_current", "2021", "wb-719b00") / 1e9
    add_claims(built_copy, [
        # a level, stated 10% too high
        dict(claim_id="new-gdp-2023", statement="GDP was said to be this in 2023.", stated_value=f"{gdp23 * 1.1:.4f}",
             period_end="2023"),
        # a change in % from 2021 to 2023, stated exactly
        dict(claim_id="new-gdp-change", kind="change", unit="%", base_period="2021", period_end="2023",
             stated_value=f"{(gdp23 / gdp21 - 1) * 100:.4f}", statement="GDP grew this much."),
        # a sum over 2021-2023, stated 10% too low
        dict(claim_id="new-gdp-sum", kind="cumulative", period_start="2021", period_end="2023",
             stated_value=f"{0.9 * (gdp21 + v('gdp_usd_current', '2022', 'wb-719b00') / 1e9 + gdp23):.4f}",
             statement="GDP summed over three years."),
        # a record over all years: 2023 is not the highest (2024 is later and does not count; is 2023 itself?)
        dict(claim_id="new-gdp-record", kind="record", stated_value="", period_end="2023",
             statement="2023 was a record year."),
        # an alternative reading of the level, on the IMF series
        dict(claim_id="new-gdp-2023.imf", reading_of="new-gdp-2023", measure="gdp_usd_imf", stated_value=
             f"{gdp23 * 1.1:.4f}", period_end="2023", statement="GDP was said to be this in 2023."),
    ])
    r = run_all(built_copy)
    assert r.returncode == 0, r.stdout + r.stderr
    out = checked(built_copy)
    assert out.loc["new-gdp-2023", "verdict"] == "overstated"
    assert out.loc["new-gdp-2023", "measured_value"] == pytest.approx(gdp23)
    assert out.loc["new-gdp-change", "verdict"] == "consistent"
    assert out.loc["new-gdp-sum", "verdict"] == "understated"
    wdi = {int(x["period"]): float(x["value"]) for x in raw_rows("gdp.csv", indicator="gdp_usd_current",
                                                                source_id="wb-719b00") if len(x["period"]) == 4}
    highest = max(y for y in wdi if y <= 2023 and wdi[y] == max(w for yy, w in wdi.items() if yy <= 2023))
    assert out.loc["new-gdp-record", "verdict"] == ("consistent" if highest == 2023 else "not_supported")
    assert out.loc["new-gdp-2023.imf", "reading_of"] == "new-gdp-2023"
    # the same verdicts everywhere: the series file and the scorecard page
    series = pd.read_csv(built_copy / "data" / "processed" / "claims_gdp.csv").set_index("claim_id")
    assert series.loc["new-gdp-2023", "verdict"] == "overstated"
    assert "new-gdp-2023" in (built_copy / "reports" / "07_scorecard.html").read_text(encoding="utf-8")
    assert statuses(r.stdout)["07_scorecard"] == "ran"


def test_a_claim_the_engine_cannot_read_is_refused_before_anything_runs(built_copy):
    add_claims(built_copy, [])  # no change: the manifest update works on the valid file
    path = built_copy / "data" / "raw" / "claims.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    rows = list(csv.DictReader(io.StringIO("\n".join(text))))
    bad = dict(rows[0], claim_id="new-bad", measure="no_such_measure")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows + [bad])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = subprocess.run([PY, "-m", "kzseries.manifest", "--update"], cwd=built_copy, capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(built_copy),
                            "PYTHONPATH": str(built_copy / "src")})
    assert r.returncode != 0
    assert "claim new-bad), column 'measure': 'no_such_measure' is not a measure" in r.stdout + r.stderr


def test_view_parameters_never_change_a_verdict(built, built_copy, tmp_path):
    out = tmp_path / "views"
    r = run_all(built_copy, "--out", str(out),
                "-p", "03_housing.base_year=2017", "-p", "03_housing.window_start=2020", "-p", "03_housing.vintage=latest",
                "-p", "02_fdi.measure=net_world_bank", "-p", "02_fdi.claim_window_start=2018",
                "-p", "02_fdi.target_window_start=2022", "-p", "04_grain.basis=clean", "-p", "04_grain.source=fao",
                "-p", "04_grain.record_window_years=5", "-p", "01_gdp.population_source=national",
                "-p", "05_minimum_wage.base_year=2018", "-p", "05_minimum_wage.deflator=cpi_december")
    assert r.returncode == 0, r.stdout + r.stderr
    committed = (built / "data" / "processed" / "claims_checked.csv").read_bytes()
    assert (out / "data" / "processed" / "claims_checked.csv").read_bytes() == committed
    assert (out / "data" / "processed" / "targets_progress.csv").read_bytes() == \
        (built / "data" / "processed" / "targets_progress.csv").read_bytes()
    # ... while the views did change: the housing page shows the what-if under base year 2017
    assert "base_period = 2017" in (out / "reports" / "03_housing.html").read_text(encoding="utf-8")


def test_the_tolerance_changes_verdicts_only_in_the_experiments_folder(built, built_copy, tmp_path):
    before = (built / "data" / "processed" / "claims_checked.csv").read_bytes()
    out = tmp_path / "tight"
    r = run_all(built_copy, "--out", str(out), "-p", "tolerance_pct=1")
    assert r.returncode == 0, r.stdout + r.stderr
    tight = checked(out)
    # GDP 2024: stated 288 against 291.5 (-1.2%): consistent at 5%, understated at 1%
    assert tight.loc["gdp-2024-usd", "verdict"] == "understated" and tight.loc["gdp-2024-usd", "tolerance_pct"] == 1
    assert checked(built).loc["gdp-2024-usd", "verdict"] == "consistent"
    assert (built_copy / "data" / "processed" / "claims_checked.csv").read_bytes() == before
    r = run_all(built_copy, "-p", "tolerance_pct=1")  # without --out: refused, nothing written
    assert r.returncode == 2 and "--out" in r.stderr
