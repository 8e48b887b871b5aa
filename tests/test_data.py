"""The raw-data layer: every file validates, and each kind of bad input fails with a useful message."""

import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import edit_cell as _edit
from kzseries import data, paths, periods

PACK = Path(__file__).parent / "fixtures" / "research_pack"  # the pack's cited figures (see its README)


@pytest.mark.whole
def test_every_raw_file_validates_and_matches_the_manifest(root):
    """The manifest lists every CSV of data/raw with its sha256 (computed here with hashlib), and the
    checker a user runs says so."""
    raw = root / "data" / "raw"
    lines = (raw / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines if line.strip())
    on_disk = {p.name: hashlib.sha256(p.read_bytes().replace(b"\r\n", b"\n")).hexdigest()
               for p in sorted(raw.glob("*.csv"))}
    assert len(on_disk) == 13 and listed == on_disk  # 5 series + other, 3 catalogue, 2 plausibility, targets, claims
    r = subprocess.run([sys.executable, "-m", "kzseries.manifest"], cwd=root, capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(root), "PYTHONPATH": str(root / "src")})
    assert r.returncode == 0 and r.stdout.strip() == "data/raw: every file validates and matches MANIFEST.sha256"
    # every row comes back from the loader, none dropped
    for name in on_disk:
        with (raw / name).open(encoding="utf-8", newline="") as f:
            n_rows = sum(1 for _ in csv.DictReader(f))
        assert len(data.load(name)) == n_rows > 0, name


def test_every_source_id_resolves_to_exactly_one_source():
    sources = data.load("sources.csv")
    assert sources["source_id"].is_unique
    ids = set(sources["source_id"])
    for name in data.DATA_FILES:
        df = data.read_text_table(paths.RAW_DIR / name)
        if "source_id" in df and name != "sources.csv":
            assert set(df["source_id"]) <= ids, name


def test_every_headline_claim_is_registered_with_a_tested_definition():
    claims = data.load("claims.csv")
    head = claims[claims["series"] != "other"]
    assert len(head) >= 30
    assert set(head["series"]) == {"gdp", "fdi", "housing", "grain", "minimum_wage"}


def test_tidy_values_are_the_raw_values_in_the_standard_unit():
    raw = data.load("gdp.csv")
    tidy = data.tidy(raw)
    row = tidy[(tidy.indicator == "gdp_usd_current") & (tidy.unit == "USD")].iloc[0]
    assert row.value_std == pytest.approx(row.value / 1e9)
    assert row.unit_std == "USD bn"


def test_periods():
    assert periods.parse("2024-H2").months == 6
    assert periods.parse("2025-01/2025-08").months == 8 and not periods.parse("2025-01/2025-08").is_full_year
    assert periods.parse("2019-01/2019-12").is_full_year
    assert periods.parse("2025-09-02").kind == "day"
    for bad in ("2024-13", "24", "2024-H3", "2025-02-30", "2025-08/2025-01", "2024 "):
        assert not periods.is_valid(bad), bad


def test_values_match_their_cited_rows_in_the_research_pack():
    """Every curated row whose page is cited in the research pack carries one of the pack's values for it."""
    sources = data.load("sources.csv").set_index("source_id")["url"]
    checked = 0
    for series in ("gdp", "fdi", "housing", "grain", "minimum_wage"):
        pack = pd.read_csv(PACK / f"{series}.csv", dtype=str, keep_default_na=False)
        by_key = {}
        pack_indicators = set(pack["indicator"])
        for r in pack.itertuples():
            by_key.setdefault((r.period, r.source), set()).add(float(r.value))  # stored files: "repo:path@commit"
        for r in data.load(f"{series}.csv").itertuples():
            if r.indicator == "grain_area_harvested_share_pct":
                continue  # a share stated in the same release as a threshed total: a second figure of that page
            if r.indicator not in pack_indicators:
                continue  # an indicator the pack does not carry (e.g. the construction index): another figure of the page
            url = sources[r.source_id]
            if "github.com" in url:  # https://github.com/<repo>/blob/<commit>/<path> -> "<repo>:<path>@<commit>"
                repo_part, rest = url.split("github.com/", 1)[1].split("/blob/", 1)
                commit, path = rest.split("/", 1)
                key_src = f"{repo_part}:{path}@{commit}"
            else:
                key_src = url
            vals = by_key.get((r.period, key_src))
            if vals:
                assert any(abs(r.value - v) <= 1e-9 * max(1, abs(v)) for v in vals), (series, r.indicator, r.period)
                checked += 1
    assert checked > 500


# ---------------------------------------------------------------- bad inputs
@pytest.fixture()
def raw(tmp_path):
    """A private copy of data/raw to break."""
    d = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR, d)
    return d



def _load_err(raw: Path, name: str, verify: bool = False) -> str:
    with pytest.raises(data.RawDataError) as e:
        data.load(name, raw, verify=verify)
    return str(e.value)


def test_non_numeric_value(raw):
    _edit(raw / "fdi.csv", 5, "value", "12,5")
    msg = _load_err(raw, "fdi.csv")
    assert "data/raw/fdi.csv" in msg.replace(str(raw.parent) + "/", "data/") or "fdi.csv, line 5" in msg
    assert "line 5, column 'value': '12,5' is not a number" in msg


def test_empty_required_value(raw):
    _edit(raw / "housing.csv", 3, "source_id", "")
    assert "line 3, column 'source_id': '' is empty; a value is required" in _load_err(raw, "housing.csv")


def test_missing_column(raw):
    df = pd.read_csv(raw / "grain.csv", dtype=str, keep_default_na=False).drop(columns=["status"])
    df.to_csv(raw / "grain.csv", index=False)
    assert "missing column 'status'" in _load_err(raw, "grain.csv")


def test_unknown_indicator(raw):
    _edit(raw / "gdp.csv", 4, "indicator", "gdp_usd_nominal")
    assert "line 4, column 'indicator': 'gdp_usd_nominal' is not a gdp indicator" in _load_err(raw, "gdp.csv")


def test_duplicate_row(raw):
    lines = (raw / "minimum_wage.csv").read_text().splitlines()
    (raw / "minimum_wage.csv").write_text("\n".join(lines + [lines[7]]) + "\n")
    assert "duplicate row" in _load_err(raw, "minimum_wage.csv")


def test_malformed_period(raw):
    _edit(raw / "fdi.csv", 6, "period", "2019/20")
    assert "line 6, column 'period': '2019/20' is not a period" in _load_err(raw, "fdi.csv")


def test_unknown_unit(raw):
    _edit(raw / "housing.csv", 2, "unit", "sq ft")
    assert "line 2: unit is not listed for this indicator in units.csv (indicator 'housing_commissioned_m2', " \
           "unit 'sq ft')" in _load_err(raw, "housing.csv")


def test_bad_published_is(raw):
    _edit(raw / "sources.csv", 2, "published_is", "article")
    assert "line 2, column 'published_is': 'article' must be one of page, release, snapshot, law, unknown" \
        in _load_err(raw, "sources.csv")


def test_published_is_unknown_exactly_when_published_is_empty(raw):
    _edit(raw / "sources.csv", 2, "published_is", "unknown")  # line 2 has a date
    msg = _load_err(raw, "sources.csv")
    assert "line 2: published_is is 'unknown' exactly when published is empty (source_id " in msg


def test_unresolved_source(raw):
    _edit(raw / "grain.csv", 9, "source_id", "nbk-000000")
    assert "line 9, column 'source_id': 'nbk-000000' does not match any source_id" in _load_err(raw, "grain.csv")


def test_byte_order_mark(raw):
    p = raw / "gdp.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert "byte-order mark" in _load_err(raw, "gdp.csv")


def test_wrong_encoding(raw):
    p = raw / "claims.csv"
    text = p.read_text(encoding="utf-8").replace("Prime Minister", "Премьер", 1)
    p.write_bytes(text.encode("cp1251"))
    assert "not valid UTF-8" in _load_err(raw, "claims.csv")


def test_windows_line_endings_are_accepted_with_the_same_checksum(raw):
    p = raw / "fdi.csv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    data.load("fdi.csv", raw, verify=True)


def test_edited_file_fails_the_checksum_with_the_fix(raw):
    _edit(raw / "fdi.csv", 5, "notes", "edited by hand")
    msg = _load_err(raw, "fdi.csv", verify=True)
    assert "has changed since its checksum was recorded" in msg and "python -m kzseries.manifest --update" in msg


def test_claim_on_unknown_indicator(raw):
    rows = list(csv.DictReader((raw / "claims.csv").open()))
    i = next(n for n, r in enumerate(rows) if r["claim_id"] == "gdp-2024-usd")
    _edit(raw / "claims.csv", i + 2, "data_indicator", "gdp_in_dollars")
    assert "data_indicator is not an indicator in indicators.csv" in _load_err(raw, "claims.csv")


def test_claim_period_outside_the_data(raw):
    rows = list(csv.DictReader((raw / "claims.csv").open()))
    i = next(n for n, r in enumerate(rows) if r["claim_id"] == "gdp-2024-usd")
    _edit(raw / "claims.csv", i + 2, "period_end", "2099")
    msg = _load_err(raw, "claims.csv")
    assert "claim gdp-2024-usd" in msg and "'2099' is after the claim was made" in msg


def test_claim_non_numeric_stated_value(raw):
    rows = list(csv.DictReader((raw / "claims.csv").open()))
    i = next(n for n, r in enumerate(rows) if r["claim_id"] == "fdi-2019-2024-cumulative")
    _edit(raw / "claims.csv", i + 2, "stated_value", "130 bn")
    assert "column 'stated_value': '130 bn' is not a number" in _load_err(raw, "claims.csv")


# ---------------------------------------------------------------- rules exactly (written to kill mutants)
def _line_of(raw: Path, claim_id: str) -> int:
    rows = list(csv.DictReader((raw / "claims.csv").open(encoding="utf-8")))
    return next(i for i, r in enumerate(rows) if r["claim_id"] == claim_id) + 2


def test_validate_all_checks_every_file_and_stops_at_the_first_problem(raw):
    data.validate_all(raw)
    _edit(raw / "targets.csv", 2, "notes", "edited by hand")  # the checksum rule covers targets.csv too
    with pytest.raises(data.RawDataError, match="targets.csv has changed since its checksum was recorded"):
        data.validate_all(raw)
    data.validate_all(raw, verify=False)


def test_write_manifest_records_every_file_in_order(raw):
    _edit(raw / "grain.csv", 3, "notes", "edited")
    target = data.write_manifest(raw)
    expected = "".join(f"{hashlib.sha256((raw / f).read_bytes()).hexdigest()}  {f}\n" for f in data.DATA_FILES)
    assert target == raw / "MANIFEST.sha256" and target.read_text(encoding="utf-8") == expected
    data.validate_all(raw)


def test_checksum_messages(raw):
    manifest = raw / "MANIFEST.sha256"
    lines = manifest.read_text().splitlines()
    old = dict(reversed(line.split("  ", 1)) for line in lines)["fdi.csv"]
    _edit(raw / "fdi.csv", 5, "notes", "edited by hand")
    new = hashlib.sha256((raw / "fdi.csv").read_bytes()).hexdigest()
    msg = _load_err(raw, "fdi.csv", verify=True)
    assert f"(expected sha256 {old[:12]}..., found {new[:12]}...)" in msg
    assert msg.endswith(f"`git checkout -- {raw / 'fdi.csv'}`.")
    manifest.write_text("\n\n".join(line for line in lines if not line.endswith("  fdi.csv")) + "\n\n")
    msg = _load_err(raw, "fdi.csv", verify=True)
    assert msg == (f"{raw / 'fdi.csv'} is not listed in data/raw/MANIFEST.sha256. If it is a new raw file, "
                   "add it deliberately with `python -m kzseries.manifest --update`.")
    data.load("gdp.csv", raw, verify=True)  # blank lines in the manifest are ignored
    manifest.unlink()
    assert _load_err(raw, "gdp.csv", verify=True) == (
        f"{manifest} is missing. Create it with `python -m kzseries.manifest --update`.")


def test_claim_unit_must_fit_the_data_indicator(raw):
    line = _line_of(raw, "gdp-2024-usd")
    _edit(raw / "claims.csv", line, "unit", "km")
    assert _load_err(raw, "claims.csv") == (
        f"{raw / 'claims.csv'}, line {line} (claim gdp-2024-usd), column 'unit': 'km' is not the unit of "
        "gdp_usd_current; state the figure in 'USD bn'")


@pytest.mark.parametrize("unit,ok", [("%", True), ("x", True), ("pp", True), ("USD bn", True), ("km", False)])
def test_a_change_may_be_stated_as_a_percentage_multiple_or_points(raw, unit, ok):
    line = _line_of(raw, "gdp-usd-independence-growth")  # kind change, data indicator gdp_usd_current
    _edit(raw / "claims.csv", line, "unit", unit)
    if ok:
        data.load("claims.csv", raw, verify=False)
    else:
        assert f"line {line} (claim gdp-usd-independence-growth), column 'unit': 'km'" in _load_err(raw, "claims.csv")


def test_a_level_claim_cannot_use_a_change_unit_and_an_empty_value_has_no_unit_to_check(raw):
    line = _line_of(raw, "gdp-2024-usd")
    _edit(raw / "claims.csv", line, "unit", "%")
    assert "column 'unit': '%' is not the unit of gdp_usd_current" in _load_err(raw, "claims.csv")
    _edit(raw / "claims.csv", line, "unit", "USD bn")
    _edit(raw / "claims.csv", line, "stated_value", "")  # a measured level claim needs its figure
    assert "column 'stated_value': is empty; a level claim with a measure needs the stated figure" in \
        _load_err(raw, "claims.csv")


def test_claim_periods_before_1990_are_outside_the_data(raw):
    line = _line_of(raw, "gdp-2024-usd")
    _edit(raw / "claims.csv", line, "period_start", "1989")
    assert _load_err(raw, "claims.csv") == (
        f"{raw / 'claims.csv'}, line {line} (claim gdp-2024-usd), column 'period_start': '1989' is before 1990, "
        "outside the data")
    _edit(raw / "claims.csv", line, "period_start", "1990")
    data.load("claims.csv", raw, verify=False)


def test_a_claim_about_the_claim_date_itself_is_allowed(raw):
    line = _line_of(raw, "gdp-2024-usd")
    published = list(csv.DictReader((raw / "claims.csv").open(encoding="utf-8")))[line - 2]["published"]
    _edit(raw / "claims.csv", line, "period_end", published[:7])
    data.load("claims.csv", raw, verify=False)


def test_a_chained_transform_serves_only_a_change(raw):
    df = pd.read_csv(raw / "claims.csv", dtype=str, keep_default_na=False)
    i = int(df.index[(df["kind"] == "level") & (df["measure"] != "")][0])
    _edit(raw / "claims.csv", i + 2, "transform", "chained")
    msg = _load_err(raw, "claims.csv")
    assert f"line {i + 2} (claim {df.loc[i, 'claim_id']}), columns 'transform' and 'kind': a chained transform" in msg


def test_a_statement_beyond_the_headline_series_needs_its_theme(raw):
    df = pd.read_csv(raw / "claims.csv", dtype=str, keep_default_na=False)
    i = int(df.index[df["series"] == "other"][0])
    _edit(raw / "claims.csv", i + 2, "theme", "")
    assert "theme is given exactly for the claims of series 'other'" in _load_err(raw, "claims.csv")
    _edit(raw / "claims.csv", i + 2, "theme", "weather")
    assert f"line {i + 2}, column 'theme': 'weather' must be empty or one of industry" in _load_err(raw, "claims.csv")


# ---------------------------------------------------------------- each message whole
def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _msg(raw: Path, name: str) -> str:
    """The error for ``name``, with the temporary folder written as data/raw."""
    return _load_err(raw, name).replace(str(raw), "data/raw")


def test_an_unknown_column_is_named_with_the_file(raw):
    _csv(raw / "grain.csv").assign(extra="x").to_csv(raw / "grain.csv", index=False)
    assert _msg(raw, "grain.csv") == "data/raw/grain.csv: unknown column 'extra' (not in the schema)"


@pytest.mark.parametrize("broken, more", [(8, None), (9, 1), (13, 5)])
def test_at_most_eight_problems_are_listed_then_how_many_more(raw, broken, more):
    df = _csv(raw / "grain.csv")
    df.loc[:broken - 1, "value"] = "abc"
    df.to_csv(raw / "grain.csv", index=False)
    lines = _msg(raw, "grain.csv").split("\n")
    listed = [f"data/raw/grain.csv, line {i}, column 'value': 'abc' is not a number (use digits and '.', "
              "no thousands separators)" for i in range(2, 10)]
    assert lines == listed[:broken] + ([f"... and {more} more"] if more else [])


def test_a_duplicate_is_named_by_the_keys_it_repeats(raw):
    s = _csv(raw / "sources.csv")
    pd.concat([s, s.iloc[[3]]]).to_csv(raw / "sources.csv", index=False)
    assert _msg(raw, "sources.csv") == (
        f"data/raw/sources.csv, line 5: duplicate row (same source_id as another row)\n"
        f"data/raw/sources.csv, line {len(s) + 2}: duplicate row (same source_id as another row)")
    s.to_csv(raw / "sources.csv", index=False)
    g = _csv(raw / "grain.csv")
    pd.concat([g, g.iloc[[0]]]).to_csv(raw / "grain.csv", index=False)
    keys = "indicator, period, source_id, basis, vintage"
    assert _msg(raw, "grain.csv") == (
        f"data/raw/grain.csv, line 2: duplicate row (same {keys} as another row)\n"
        f"data/raw/grain.csv, line {len(g) + 2}: duplicate row (same {keys} as another row)")


def test_a_rule_over_several_columns_reports_the_row_once_with_its_values(raw):
    line = _line_of(raw, "gdp-2024-usd")
    _edit(raw / "claims.csv", line, "data_indicator", "gdp_in_dollars")
    row = _csv(raw / "claims.csv").iloc[line - 2]
    assert _msg(raw, "claims.csv") == (
        f"data/raw/claims.csv, line {line}: data_indicator is not an indicator in indicators.csv "
        f"(indicator {row['indicator']!r}, data_indicator 'gdp_in_dollars', unit {row['unit']!r})")


@pytest.mark.parametrize("value", ["0", "-0.0", "1e309"])  # 1e309 is a number too large for a float
def test_a_goal_that_progress_cannot_be_measured_against_is_refused(raw, value):
    target = _csv(raw / "targets.csv").iloc[1]["target_id"]
    _edit(raw / "targets.csv", 3, "target_value", value)
    assert _msg(raw, "targets.csv") == (
        f"data/raw/targets.csv, line 3 (target {target}), column 'target_value': {value!r} is not a usable goal "
        "(progress is measured as a share of it); give the stated goal")


def test_a_reversed_horizon_is_refused_with_both_ends_and_each_problem_of_a_row_is_listed(raw):
    t = _csv(raw / "targets.csv").iloc[0]
    _edit(raw / "targets.csv", 2, "horizon_start", "2031")
    where = f"data/raw/targets.csv, line 2 (target {t['target_id']})"
    assert _msg(raw, "targets.csv") == (f"{where}, columns 'horizon_start' and 'horizon_end': the horizon 2031 to "
                                        f"{t['horizon_end']} is reversed")
    _edit(raw / "targets.csv", 2, "target_value", "0")
    assert _msg(raw, "targets.csv").split("\n") == [
        f"{where}, column 'target_value': '0' is not a usable goal (progress is measured as a share of it); "
        "give the stated goal",
        f"{where}, columns 'horizon_start' and 'horizon_end': the horizon 2031 to {t['horizon_end']} is reversed"]


@pytest.mark.parametrize("value, ok", [("0", True), ("50", True), ("50.5", False), ("1e9", False), ("-1", False)])
def test_a_claims_own_tolerance_lies_in_the_range_of_the_runs_parameter(raw, value, ok):
    from kzseries import registry
    p = registry.get("00_verdicts").param("tolerance_pct")
    assert data.tolerance_range() == (p.min, p.max) == (0, 50)
    line = _line_of(raw, "housing-2024-m2")
    _edit(raw / "claims.csv", line, "tolerance_pct", value)
    _edit(raw / "claims.csv", line, "tolerance_reason", "rounded in the speech")
    if ok:
        assert data.load("claims.csv", raw, verify=False).iloc[line - 2]["tolerance_pct"] == value
    else:
        assert _msg(raw, "claims.csv") == (
            f"data/raw/claims.csv, line {line} (claim housing-2024-m2), column 'tolerance_pct': {value!r} is outside "
            "the allowed range 0 to 50 (%); leave it empty to use the run's tolerance")


def test_an_indicator_needs_a_row_for_its_own_unit_in_units_csv(raw):
    u = _csv(raw / "units.csv")
    u[~((u["indicator"] == "gdp_usd_current") & (u["unit"] == "USD bn"))].to_csv(raw / "units.csv", index=False)
    assert _msg(raw, "gdp.csv") == ("data/raw/units.csv: indicator 'gdp_usd_current' has no row for its own unit "
                                    "'USD bn' (add it with factor 1).")


@pytest.mark.parametrize("name, line, column, value", [("indicators.csv", 2, "title", "GDP, edited"),
                                                        ("units.csv", 3, "factor", "1.0"),  # USD bn, 1
                                                        ("sources.csv", 2, "title", "edited")])
def test_the_catalogue_files_are_held_to_the_manifest_too(raw, name, line, column, value):
    _edit(raw / name, line, column, value)
    assert len(data.load("gdp.csv", raw, verify=False))
    with pytest.raises(data.RawDataError, match=f"{name} has changed since its checksum was recorded"):
        data.load("gdp.csv", raw, verify=True)


# ---------------------------------------------------------------- the claim rules, each message whole
G = "gdp-2024-usd"            # a level on WDI dollars, said 2025-03-17
F = "fdi-2019-2024-cumulative"
D = "gdp-closer-to-high-income"
A = "fdi-target-2023-2029.from-2022"  # an alternative reading of fdi-target-2023-2029


@pytest.mark.parametrize("claim_id, cells, message", [
    (G, {"period_end": "1989"}, "column 'period_end': '1989' is before 1990, outside the data"),
    (F, {"period_start": "1985"}, "column 'period_start': '1985' is before 1990, outside the data"),
    (G, {"reading_of": "no-such-claim"}, "column 'reading_of': 'no-such-claim' is not the claim_id of a primary reading"),
    (G, {"reading_of": A}, f"column 'reading_of': '{A}' is not the claim_id of a primary reading (it is itself an "
                           "alternative)"),
    (G, {"reading_of": F}, f"column 'reading_of': '{F}' is a fdi claim, but this alternative reading is in series "
                           "'gdp'; a reading must be of the same series"),
    (F, {"period_start": "2025"}, "columns 'period_start' and 'period_end': the window 2025 to 2024 is reversed; "
                                  "period_start must not be after period_end"),
    (G, {"stated_value": "1e309"}, "column 'stated_value': '1e309' is too large to be a number (it would be read as "
                                   "infinite); check the figure and its unit"),
    (G, {"check": "no_such_check"}, "column 'check': 'no_such_check' is not a custom check (known: official_running_total)"),
    (G, {"measure": "gdp_in_dollars"}, "column 'measure': 'gdp_in_dollars' is not a measure (see "
                                       "src/kzseries/measures.py)"),
    (G, {"vintage": "first_release"}, "column 'vintage': 'first_release' is not offered by measure gdp_usd_wdi "
                                      "(latest)"),
    (G, {"period_end": ""}, "column 'period_end': is empty; a level claim needs period_end"),
    (F, {"period_start": ""}, "column 'period_start': is empty; a cumulative claim needs period_start, period_end"),
    (D, {"reference_value": ""}, "column 'reference_value': is empty; a direction claim needs base_period, "
                                 "period_end, direction, reference_value"),
    (D, {"stated_value": "14"}, "column 'stated_value': a direction states no figure; put the comparison in "
                                "reference_value"),
    (G, {"statement_id": A}, f"column 'statement_id': '{A}' is not the claim_id of a primary reading"),
    (G, {"stated_value": ""}, "column 'stated_value': is empty; a level claim with a measure needs the stated figure"),
    (G, {"period_end": "2026"}, "column 'period_end': '2026' is after the claim was made (2025-03-17), outside the "
                                "data; a statement about the future is kind 'target' or 'forecast'"),
    (G, {"unit": "USD"}, "column 'unit': 'USD' is not the unit of gdp_usd_current; state the figure in 'USD bn'"),
])
def test_each_claim_rule_names_the_line_the_claim_and_the_columns(raw, claim_id, cells, message):
    line = _line_of(raw, claim_id)
    for col, value in cells.items():
        _edit(raw / "claims.csv", line, col, value)
    assert _msg(raw, "claims.csv").split("\n") == [f"data/raw/claims.csv, line {line} (claim {claim_id}), {message}"]


def test_a_data_indicator_that_is_not_the_measures_is_named_with_what_the_measure_measures(raw):
    line = _line_of(raw, G)
    _edit(raw / "claims.csv", line, "data_indicator", "gdp_per_capita_usd")
    assert f"data/raw/claims.csv, line {line} (claim {G}), column 'data_indicator': 'gdp_per_capita_usd' does not " \
           "match measure gdp_usd_wdi, which measures gdp_usd_current" in _msg(raw, "claims.csv").split("\n")


def test_a_claim_without_a_measure_is_checked_for_its_window_and_nothing_after(raw):
    line = _line_of(raw, G)
    for col, value in {"measure": "", "data_indicator": "", "unit": "km", "stated_value": ""}.items():
        _edit(raw / "claims.csv", line, col, value)
    assert len(data.load("claims.csv", raw, verify=False)) > 100


def test_every_claim_with_a_problem_is_listed_not_only_the_first(raw):
    g, f = _line_of(raw, G), _line_of(raw, F)  # g comes first in the file
    _edit(raw / "claims.csv", g, "measure", "gdp_in_dollars")
    _edit(raw / "claims.csv", f, "period_end", "1989")
    assert _msg(raw, "claims.csv").split("\n") == [
        f"data/raw/claims.csv, line {g} (claim {G}), column 'measure': 'gdp_in_dollars' is not a measure (see "
        "src/kzseries/measures.py)",
        f"data/raw/claims.csv, line {f} (claim {F}), column 'period_end': '1989' is before 1990, outside the data",
        f"data/raw/claims.csv, line {f} (claim {F}), columns 'period_start' and 'period_end': the window 2019 to 1989 "
        "is reversed; period_start must not be after period_end"]


@pytest.mark.parametrize("claim_id, cells, message", [
    (G, {"transform": "chained"},
     "columns 'transform' and 'kind': a chained transform (growth rates multiplied into an index) only serves a "
     "change; a level, record or sum reads the growth rates themselves"),
])
def test_more_claim_rules_whole(raw, claim_id, cells, message):
    line = _line_of(raw, claim_id)
    for col, value in cells.items():
        _edit(raw / "claims.csv", line, col, value)
    assert f"data/raw/claims.csv, line {line} (claim {claim_id}), {message}" in _msg(raw, "claims.csv").split("\n")


C = "fdi-h1-2022-growth"        # a change in %, 2021-H1 to 2022-H1
R = "life-expectancy-75y4m"      # a record, said 2025-09-04


@pytest.mark.parametrize("claim_id, cells, message", [
    (G, {"tolerance_reason": "rounded"},
     "column 'tolerance_reason': is set but tolerance_pct is empty; give the tolerance or clear the reason"),
    (G, {"tolerance_pct": "10"},
     "column 'tolerance_reason': is empty; a claim with its own tolerance_pct must say why in tolerance_reason"),
    (C, {"base_period": "2022-H1"},
     "columns 'base_period' and 'period_end': a change from 2022-H1 to 2022-H1 has no length; base_period must be "
     "before period_end"),
    ("agri-spring-field-funding-2025", {"period_end": "2026"},
     "column 'period_end': '2026' is after the claim was made (2025-09-04), outside the data; a statement about the "
     "future is kind 'target' or 'forecast'"),
    (F, {"period_end": "2026"}, "column 'period_end': '2026' is after the claim was made (2025-03-17), outside the "
                                "data; a statement about the future is kind 'target' or 'forecast'"),
    (R, {"period_end": "2026"}, "column 'period_end': '2026' is after the claim was made (2025-09-04), outside the "
                                "data; a statement about the future is kind 'target' or 'forecast'"),
    (C, {"unit": "km"}, "column 'unit': 'km' is not the unit of fdi_gross_inflow_usd; state the figure in 'USD bn' "
                        "(or, for a change, in %, x or pp)"),
])
def test_the_claim_rules_by_kind_whole(raw, claim_id, cells, message):
    line = _line_of(raw, claim_id)
    for col, value in cells.items():
        _edit(raw / "claims.csv", line, col, value)
    assert _msg(raw, "claims.csv").split("\n") == [f"data/raw/claims.csv, line {line} (claim {claim_id}), {message}"]


@pytest.mark.parametrize("cells", [{"base_period": "2024"},      # a level reads no base: no length to check
                                   {"direction": "closer"}])     # nor a reference value
def test_columns_a_kind_does_not_read_are_not_held_to_its_rules(raw, cells):
    line = _line_of(raw, G)
    for col, value in cells.items():
        _edit(raw / "claims.csv", line, col, value)
    assert len(data.load("claims.csv", raw, verify=False)) > 100


def test_a_file_with_a_header_and_no_rows_is_refused_except_the_overrides(raw):
    header = (raw / "grain.csv").read_text(encoding="utf-8").splitlines()[0]
    (raw / "grain.csv").write_text(header + "\n", encoding="utf-8")
    assert _msg(raw, "grain.csv") == ("data/raw/grain.csv: has a header but no data rows; restore the file "
                                      "(`git checkout -- data/raw/grain.csv`) or add its rows")
    overrides = raw / "plausibility_overrides.csv"
    overrides.write_text(overrides.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert data.load("plausibility_overrides.csv", raw, verify=False).empty
