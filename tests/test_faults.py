"""Bad input and faults: each case runs run_all.py in a copy of the repository and must end with a
non-zero exit, one clear message saying where and what to do, and the committed outputs untouched.

This corpus is the contract of issue "Bad input and faults": add a case whenever a user finds a new way
to break a run.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PY, copy_repo, edit_cell, run_all, snapshot, statuses
from kzseries import registry

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("faults") / "repo")


@pytest.fixture()
def fresh(pristine, tmp_path) -> Path:
    """A copy with the committed outputs and no cache: nothing validated or run yet."""
    dest = tmp_path / "fresh"
    shutil.copytree(pristine, dest, symlinks=True)
    return dest


@pytest.fixture()
def repo(built_copy) -> Path:
    """A copy after one good run (conftest.built): outputs, cache and the remembered raw-data validation.

    Starting from here, every fault must be caught although the last run succeeded (a stale "validated"
    stamp or cache entry would let it through), and only the notebooks the fault touches are executed."""
    return built_copy



def claim_line(repo: Path, claim_id: str) -> int:
    rows = list(csv.DictReader((repo / "data/raw/claims.csv").open(encoding="utf-8")))
    return next(i for i, r in enumerate(rows) if r["claim_id"] == claim_id) + 2


def expect_failure(repo: Path, *args: str, code: int = 1, fragments: tuple[str, ...]) -> str:
    before = snapshot(repo)
    r = run_all(repo, *args)
    assert r.returncode == code, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    for f in fragments:
        assert f in r.stderr, f"{f!r} not in:\n{r.stderr}"
    assert r.stderr.count("error:") == 1, "one message, not a cascade"
    assert snapshot(repo) == before, "outputs changed"
    leftovers = [p for p in repo.rglob("*.kz-tmp")] + list((repo / ".kz-stage").glob("*"))
    assert not leftovers, leftovers
    return r.stderr


# ------------------------------------------------------------------- raw CSV
RAW_CASES = {
    "non_numeric_value": ("fdi.csv", 5, "value", "12,5", "data/raw/fdi.csv, line 5, column 'value': '12,5' is not a number"),
    "empty_required_value": ("housing.csv", 3, "period", "", "data/raw/housing.csv, line 3, column 'period'"),
    "unknown_indicator": ("gdp.csv", 4, "indicator", "gdp_usd_nominal", "'gdp_usd_nominal' is not a gdp indicator in indicators.csv"),
    "malformed_period": ("grain.csv", 6, "period", "2019/20", "line 6, column 'period': '2019/20' is not a period"),
    "unknown_unit": ("housing.csv", 2, "unit", "sq ft", "line 2: unit is not listed for this indicator in units.csv"),
    "unresolved_source": ("minimum_wage.csv", 9, "source_id", "nbk-000000", "'nbk-000000' does not match any source_id in sources.csv"),
}


@pytest.mark.parametrize("start", ["after_a_good_run", "fresh"])
@pytest.mark.parametrize("case", sorted(RAW_CASES))
def test_raw_value_faults(request, case, start):
    repo = request.getfixturevalue("repo" if start == "after_a_good_run" else "fresh")
    name, line, col, value, fragment = RAW_CASES[case]
    edit_cell(repo / "data/raw" / name, line, col, value)
    expect_failure(repo, fragments=(fragment, "raw data problem, nothing was run"))


def test_missing_column(repo):
    p = repo / "data/raw/grain.csv"
    rows = list(csv.reader(p.open(encoding="utf-8")))
    i = rows[0].index("status")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(r[:i] + r[i + 1:] for r in rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    expect_failure(repo, fragments=("data/raw/grain.csv: missing column 'status'",))


def test_row_with_an_extra_field(repo):
    p = repo / "data/raw/fdi.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[6] = lines[6] + ",stray"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect_failure(repo, fragments=("data/raw/fdi.csv, line 7: 11 fields where the header has 10",
                                    "quote a value that contains a comma"))


def test_duplicate_row(repo):
    p = repo / "data/raw/fdi.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    p.write_text("\n".join(lines + [lines[3]]) + "\n", encoding="utf-8")
    expect_failure(repo, fragments=("data/raw/fdi.csv, line", "duplicate row"))


def test_byte_order_mark(repo):
    p = repo / "data/raw/gdp.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    expect_failure(repo, fragments=("data/raw/gdp.csv: starts with a UTF-8 byte-order mark", "without BOM"))


def test_wrong_encoding(repo):
    p = repo / "data/raw/sources.csv"
    p.write_bytes(p.read_text(encoding="utf-8").replace("Ministry", "Министерство", 1).encode("cp1251"))
    expect_failure(repo, fragments=("data/raw/sources.csv, line", "not valid UTF-8", "Re-save the file with UTF-8"))


def test_edited_file_without_manifest_update(repo):
    edit_cell(repo / "data/raw/housing.csv", 4, "notes", "edited by hand")
    expect_failure(repo, fragments=("data/raw/housing.csv has changed since its checksum was recorded",
                                    "python -m kzseries.manifest --update"))


# The catalogue (what every other file is checked against) is under the manifest too.
CATALOGUE_EDITS = {  # file: (column, old value or None for any, new value)
    "sources.csv": ("notes", None, "edited by hand"),
    "units.csv": ("factor", "1", "1.0"),      # the same number in other bytes: still an undeclared edit
    "indicators.csv": ("definition", None, "edited by hand"),
}


def manifest_check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "kzseries.manifest", *args], cwd=repo, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src")})


@pytest.mark.parametrize("name", sorted(CATALOGUE_EDITS))
def test_edited_catalogue_file_without_manifest_update(repo, name):
    column, old, value = CATALOGUE_EDITS[name]
    p = repo / "data/raw" / name
    rows = list(csv.DictReader(p.open(encoding="utf-8")))
    line = next(i for i, r in enumerate(rows) if r[column] == old or old is None and r[column] != value) + 2
    edit_cell(p, line, column, value)
    message = f"data/raw/{name} has changed since its checksum was recorded"
    r = manifest_check(repo)
    assert r.returncode == 1 and message in r.stderr, r.stderr
    expect_failure(repo, fragments=(message, "raw data problem, nothing was run",
                                    "python -m kzseries.manifest --update"))


def test_claim_unit_that_does_not_fit_its_indicator(repo):
    line = claim_line(repo, "gdp-2024-usd")
    edit_cell(repo / "data/raw/claims.csv", line, "unit", "km")
    expect_failure(repo, fragments=(
        f"data/raw/claims.csv, line {line} (claim gdp-2024-usd), column 'unit': 'km' is not the unit of gdp_usd_current",
        "state the figure in 'USD bn'", "raw data problem, nothing was run"))
    # and the checker refuses to record it
    r = manifest_check(repo, "--update")
    assert r.returncode == 1 and f"line {line} (claim gdp-2024-usd), column 'unit': 'km'" in r.stderr


def test_windows_line_endings_are_accepted(repo):
    """CRLF is the same data: the checker accepts the file, and run_all.py finds everything up to date."""
    p = repo / "data/raw/housing.csv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    r = manifest_check(repo)
    assert r.returncode == 0, r.stderr
    before = snapshot(repo)
    r = run_all(repo)
    assert r.returncode == 0, r.stderr
    assert set(statuses(r.stdout).values()) == {"up to date"} and len(statuses(r.stdout)) == len(registry.REGISTRY)
    assert "running" not in r.stdout
    assert snapshot(repo) == before


def test_windows_line_endings_are_accepted_by_a_full_run(fresh):
    """... and a run from scratch reads the CRLF file like the LF one (only the notebook reading it)."""
    p = fresh / "data/raw/grain.csv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    out = fresh / "runs" / "crlf"
    r = run_all(fresh, "--only", "00_data_audit", "04_grain", "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    for rel in ("data/processed/grain.csv", "data/processed/claims_grain.csv", "data/processed/observations_grain.csv"):
        assert (out / rel).read_bytes() == (fresh / rel).read_bytes(), rel


# -------------------------------------------------------------------- claims
def test_claim_on_unknown_indicator(repo):
    edit_cell(repo / "data/raw/claims.csv", claim_line(repo, "gdp-2024-usd"), "data_indicator", "gdp_in_dollars")
    expect_failure(repo, fragments=("data/raw/claims.csv, line", "data_indicator is not an indicator in indicators.csv",
                                    "'gdp_in_dollars'"))


def test_claim_period_outside_the_data(repo):
    edit_cell(repo / "data/raw/claims.csv", claim_line(repo, "housing-2024-m2"), "period_end", "2099")
    expect_failure(repo, fragments=("(claim housing-2024-m2), column 'period_end': '2099' is after the claim was made",))


def test_claim_non_numeric_stated_value(repo):
    edit_cell(repo / "data/raw/claims.csv", claim_line(repo, "fdi-2019-2024-cumulative"), "stated_value", "130 bn")
    expect_failure(repo, fragments=("column 'stated_value': '130 bn' is not a number",))


# ---------------------------------------------------------------- parameters
PARAM_CASES = {
    "unknown_name": (["-p", "02_fdi.mesure=gross"], "notebook 02_fdi, parameter 'mesure': unknown parameter; this notebook takes: measure"),
    "wrong_type": (["-p", "04_grain.record_window_years=ten"], "parameter 'record_window_years': 'ten' is not an integer from 2 to 40"),
    "out_of_range_year": (["-p", "01_gdp.start_year=1850", "--out", "runs/x"], "parameter 'start_year': 1850 is out of range; expected an integer from 1990 to 2035"),
    "end_before_start": (["-p", "03_housing.window_start=2024", "-p", "03_housing.window_end=2019", "--out", "runs/x"], "window_end=2019 is before window_start=2024"),
    "unknown_choice": (["-p", "01_gdp.population_source=un", "--out", "runs/x"], "'un' is not allowed; expected one of 'world_bank', 'national'"),
    "quotes_or_code": (["-p", "02_fdi.measure=gross'; import os; os.system('touch PWNED'); '", "--out", "runs/x"], "is not allowed; expected one of 'gross'"),
    "unknown_notebook": (["-p", "07_trade.tolerance_pct=2"], "unknown notebook '07_trade'"),
    "above_maximum": (["-p", "04_grain.record_window_years=400", "--out", "runs/x"],
                      "notebook 04_grain, parameter 'record_window_years': 400 is out of range; expected an integer from 2 to 40"),
    "just_above_maximum": (["-p", "04_grain.record_window_years=41", "--out", "runs/x"],
                           "parameter 'record_window_years': 41 is out of range"),
    "float_above_maximum": (["-p", "00_verdicts.tolerance_pct=50.5", "--out", "runs/x"],
                            "notebook 00_verdicts, parameter 'tolerance_pct': 50.5 is out of range; expected a number from 0 to 50"),
    "below_minimum": (["-p", "04_grain.record_window_years=1", "--out", "runs/x"],
                      "parameter 'record_window_years': 1 is out of range"),
}


@pytest.mark.parametrize("case", sorted(PARAM_CASES))
def test_parameter_faults(repo, case):
    args, fragment = PARAM_CASES[case]
    expect_failure(repo, *args, code=2, fragments=(fragment,))
    assert not (repo / "PWNED").exists()
    assert not (repo / "runs").exists(), "nothing is written before the parameters are valid"


def test_params_file_with_a_bad_value(repo, tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("05_minimum_wage:\n  deflator: gdp_deflator\n")
    expect_failure(repo, "--params-file", str(f), "--out", "runs/x", code=2,
                   fragments=("notebook 05_minimum_wage, parameter 'deflator': 'gdp_deflator' is not allowed",))


# ----------------------------------------------------------------- execution
def inject(repo: Path, notebook: str, source: str) -> None:
    p = repo / "notebooks" / f"{notebook}.ipynb"
    nb = json.loads(p.read_text())
    idx = next(i for i, c in enumerate(nb["cells"]) if "nb.start(" in "".join(c["source"]))
    nb["cells"].insert(idx + 1, {"cell_type": "code", "id": "injected-fault", "metadata": {},
                                 "execution_count": None, "outputs": [], "source": [source]})
    p.write_text(json.dumps(nb))


def test_exception_inside_a_notebook(repo):
    inject(repo, "00_verdicts", "raise ValueError('claim engine broken (deliberate)')")
    err = expect_failure(repo, fragments=("00_verdicts: cell", "ValueError: claim engine broken (deliberate)",
                                          ".kz-cache/failed/00_verdicts.ipynb"))
    # everything that reads the verdicts waits; nothing runs on a half-written verdict file
    assert "skipped: 07_scorecard: not run because a notebook it depends on failed" in err
    assert "skipped: 04_grain: not run because a notebook it depends on failed" in err


def test_kernel_that_dies(repo):
    inject(repo, "02_fdi", "import os; os._exit(1)")
    expect_failure(repo, fragments=("02_fdi: execution stopped", "kernel may have died"))


def test_missing_notebook_file(repo):
    (repo / "notebooks" / "03_housing.ipynb").unlink()
    expect_failure(repo, fragments=("notebook 03_housing: file notebooks/03_housing.ipynb is missing", "git checkout"))


def _make_readonly(path: Path) -> bool:
    if os.geteuid() != 0:
        path.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def _undo_readonly(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o755)
    else:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_read_only_output_folder(repo):
    target = repo / "figures"
    if not _make_readonly(target):
        pytest.skip("cannot make a folder read-only here (no chattr as root)")
    try:
        expect_failure(repo, "--force", fragments=(f"cannot write to {target}", "pass --out DIR"))
    finally:
        _undo_readonly(target)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_run_loses_nothing_and_the_next_run_recovers(fresh, sig):
    repo = fresh
    inject(repo, "00_data_audit", "import time; time.sleep(60)")
    before = snapshot(repo)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src"),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    proc = subprocess.Popen([PY, str(repo / "run_all.py"), "--force"], cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list((repo / ".kz-stage").glob("*/00_data_audit/reports")):
        time.sleep(0.2)
    time.sleep(1.0)  # the kernel is now inside the sleeping cell
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "interrupted; the last good outputs were left in place" in err
    assert snapshot(repo) == before
    assert not list(repo.rglob("*.kz-tmp")) and not (repo / ".kz-stage").exists()
    # The next run (fault removed) recovers by itself.
    shutil.copyfile(Path(__file__).resolve().parents[1] / "notebooks" / "00_data_audit.ipynb",
                    repo / "notebooks" / "00_data_audit.ipynb")
    r = run_all(repo, "--only", "00_data_audit")  # the interrupted notebook runs again, in place
    assert r.returncode == 0, r.stderr
    assert "00_data_audit      done" in r.stdout
    assert snapshot(repo) == before


# ------------------------------------------------------------------ escaping
def test_markup_in_a_csv_note_is_shown_as_text(repo):
    # The most-used source is listed in the audit's source table: give it a hostile title.
    gdp = list(csv.DictReader((repo / "data/raw/gdp.csv").open(encoding="utf-8")))
    top = max(sorted({r["source_id"] for r in gdp}), key=lambda s: sum(r["source_id"] == s for r in gdp))
    p = repo / "data/raw/sources.csv"
    rows = list(csv.DictReader(p.open(encoding="utf-8")))
    line = next(i for i, r in enumerate(rows) if r["source_id"] == top) + 2
    edit_cell(p, line, "title", "<script>alert('x')</script> Review")
    subprocess.run([PY, "-m", "kzseries.manifest", "--update"], cwd=repo, check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src")})
    out = repo / "runs" / "escape"
    r = run_all(repo, "--out", str(out), "--only", "00_data_audit", "--force")
    assert r.returncode == 0, r.stderr
    page = (out / "reports" / "00_data_audit.html").read_text()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


# ------------------------------------------------------------- plausibility
def _env(repo: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(repo), "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}


def manifest_update(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "kzseries.manifest", "--update"], cwd=repo, env=_env(repo),
                          capture_output=True, text=True)


def grain_line(repo: Path, period: str, source_id: str) -> int:
    rows = list(csv.DictReader((repo / "data/raw/grain.csv").open(encoding="utf-8")))
    return next(i for i, r in enumerate(rows) if r["indicator"] == "grain_harvest_t" and r["period"] == period
                and r["source_id"] == source_id) + 2


def test_a_unit_slip_stops_the_manifest_update_and_the_run(repo):
    rows = list(csv.DictReader((repo / "data/raw/grain.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["indicator"] == "grain_harvest_t" and r["period"] == "2024" and r["value"] == "26.7")
    line = grain_line(repo, "2024", row["source_id"])
    edit_cell(repo / "data/raw/grain.csv", line, "value", "267")  # million t: a misplaced decimal point
    m = manifest_update(repo)
    assert m.returncode == 1 and "Traceback" not in m.stderr, m.stderr
    assert f"data/raw/grain.csv, line {line}: grain_harvest_t 2024 = 267 million t" in m.stderr
    err = expect_failure(repo, fragments=(
        "raw data problem, nothing was run", f"data/raw/grain.csv, line {line}",
        "outside the expected range 5 to 40 million t", "Neighbouring years: 2023: ",
        "times the nearest other source for 2024", "data/raw/plausibility_overrides.csv: "
        f"grain.csv,grain_harvest_t,2024,{row['source_id']},<reason>"))
    assert "Traceback" not in err


def test_a_genuine_outlier_is_accepted_by_an_override_and_a_stale_override_is_refused(repo):
    rows = list(csv.DictReader((repo / "data/raw/grain.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["indicator"] == "grain_harvest_t" and r["period"] == "2024" and r["value"] == "26.7")
    line = grain_line(repo, "2024", row["source_id"])
    edit_cell(repo / "data/raw/grain.csv", line, "value", "35")  # inside the range, far from the neighbours
    m = manifest_update(repo)
    assert m.returncode == 1 and "times the nearest other source for 2024 (at most 1.25)" in m.stderr, m.stderr
    ov = repo / "data/raw/plausibility_overrides.csv"
    with ov.open("a", encoding="utf-8") as f:
        f.write(f"grain.csv,grain_harvest_t,2024,{row['source_id']},checked against the release\n")
    m = manifest_update(repo)
    assert m.returncode == 0, m.stderr
    # The override names its row exactly: once the row is gone, the override is refused as stale.
    edit_cell(repo / "data/raw/grain.csv", line, "period", "2026")
    m = manifest_update(repo)
    assert m.returncode == 1, m.stderr
    assert "data/raw/plausibility_overrides.csv, line" in m.stderr and "remove or correct the override" in m.stderr


def test_sources_a_few_percent_apart_are_plausible(repo):
    # WDI against IMF for the same year differ by a few per cent: that must pass.
    rows = list(csv.DictReader((repo / "data/raw/gdp.csv").open(encoding="utf-8")))
    i = next(i for i, r in enumerate(rows) if r["indicator"] == "gdp_usd_current" and r["period"] == "2020"
             and r["source_id"].startswith("wb-"))
    edit_cell(repo / "data/raw/gdp.csv", i + 2, "value", repr(round(float(rows[i]["value"]) * 1.04, 6)))
    m = manifest_update(repo)
    assert m.returncode == 0, m.stderr


# ------------------------------------------------------------------- --out
@pytest.mark.parametrize("out", [".", "data", "data/raw", "figures/x", "reports", "notebooks",
                                 "notebooks/../data/processed", "link-to-data/exp"])
def test_out_inside_the_tracked_tree_is_refused(repo, out):
    (repo / "link-to-data").symlink_to(repo / "data")
    def files():
        return sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if "__pycache__" not in p.parts)

    listing = files()
    before = snapshot(repo)
    r = run_all(repo, "--out", out, "-p", "tolerance_pct=3")
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"run_all.py: error: --out {out}:") and "Traceback" not in r.stderr
    assert files() == listing, "something was written"
    assert snapshot(repo) == before


def test_out_that_is_a_file_is_refused(repo, tmp_path):
    f = tmp_path / "a-file"
    f.write_text("x")
    r = run_all(repo, "--out", str(f), "-p", "tolerance_pct=3")
    assert r.returncode == 2 and "is a file, not a folder" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_an_output_folder_that_is_a_file_is_one_line(repo, tmp_path):
    out = tmp_path / "exp"
    out.mkdir()
    (out / "figures").write_text("not a folder")
    r = run_all(repo, "--out", str(out), "-p", "tolerance_pct=3", "--only", "00_data_audit")
    assert r.returncode == 1, r.stderr
    assert f"cannot write to {out / 'figures'}" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("error:") == 1


# --------------------------------------------------------------------- lock
def _start(repo: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([PY, str(repo / "run_all.py"), *args], cwd=repo, env=_env(repo),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_stage(repo: Path, proc: subprocess.Popen) -> None:
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not list((repo / ".kz-stage").glob("run-*/*")):
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()


def test_a_second_run_on_the_same_tree_is_refused_and_the_first_is_not_harmed(repo):
    first = _start(repo, "--force", "--only", "00_data_audit", "--jobs", "1")
    _wait_for_stage(repo, first)
    second = run_all(repo, "--force", "--only", "00_data_audit")
    out, err = first.communicate(timeout=300)
    assert second.returncode == 1, second.stderr
    assert f"another run_all.py (pid {first.pid}) is writing to {repo}" in second.stderr
    assert "Traceback" not in second.stderr and second.stderr.count("error:") == 1
    assert first.returncode == 0, err
    r = run_all(repo, "--only", "00_data_audit")  # the first run's outputs are complete and recorded
    assert r.returncode == 0 and "up to date" in r.stdout, r.stdout + r.stderr
    assert not (repo / ".kz-stage").exists()


def test_a_stale_lock_from_a_killed_run_is_cleared(repo):
    before = snapshot(repo)
    first = _start(repo, "--force", "--only", "00_data_audit", "--jobs", "1")
    _wait_for_stage(repo, first)
    first.kill()  # SIGKILL: no clean-up of its own
    first.communicate(timeout=60)
    assert list((repo / ".kz-stage").glob("run-*")), "the killed run left its stage folder"
    assert (repo / ".kz-cache" / "run.lock").read_text().strip() == str(first.pid)
    r = run_all(repo, "--only", "00_data_audit")
    assert r.returncode == 0, r.stderr
    assert f"an earlier run (pid {first.pid}) ended without finishing" in r.stdout
    assert not (repo / ".kz-stage").exists()
    assert snapshot(repo) == before


# ----------------------------------------------------------------- full disk
def _can_mount_tmpfs() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def test_a_full_disk_gives_one_line_per_notebook_and_keeps_the_last_good_outputs(repo, tmp_path):
    """A real full file system (a small tmpfs in a private mount namespace) under --out."""
    if not _can_mount_tmpfs():
        pytest.skip("cannot mount a tmpfs here (unshare -rm)")
    out = tmp_path / "disk"
    out.mkdir()
    script = f"""
set -u
mount -t tmpfs -o size=48m tmpfs {out}
{PY} {repo}/run_all.py --out {out} -p tolerance_pct=3 --only 00_data_audit >/dev/null 2>{tmp_path}/first.err || exit 90
(cd {out} && find data figures reports -type f | sort | xargs sha256sum) > {tmp_path}/before.sha
dd if=/dev/zero of={out}/filler bs=64k 2>/dev/null
truncate -s -96k {out}/filler
{PY} {repo}/run_all.py --out {out} -p tolerance_pct=3 --only 00_data_audit --force >{tmp_path}/second.out 2>{tmp_path}/second.err
echo $? > {tmp_path}/second.rc
rm -f {out}/filler
(cd {out} && find data figures reports -type f | sort | xargs sha256sum) > {tmp_path}/after.sha
find {out} -name '*.kz-tmp' -o -name '.kz-stage' > {tmp_path}/leftovers
"""
    p = subprocess.run(["unshare", "-rm", "sh", "-c", script], env=_env(repo), capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, (p.stderr, (tmp_path / "first.err").read_text() if (tmp_path / "first.err").exists() else "")
    err = (tmp_path / "second.err").read_text()
    assert (tmp_path / "second.rc").read_text().strip() == "1", err
    assert "No space left on device" in err, err
    assert "Traceback" not in err, err
    assert err.count("error:") == 1, err
    assert "00_data_audit" in err
    assert (tmp_path / "before.sha").read_text() == (tmp_path / "after.sha").read_text(), "outputs changed"
    assert (tmp_path / "leftovers").read_text() == "", "partial files left behind"


# ============================================================ issue 24: verdicts guarded
def claim_cells(repo: Path, claim_id: str, **cells: str) -> int:
    line = claim_line(repo, claim_id)
    for col, value in cells.items():
        edit_cell(repo / "data/raw/claims.csv", line, col, value)
    return line


# ---- 1. a claim's own tolerance: a declared range, a reason, and the run's tolerance on the scorecard
@pytest.mark.parametrize("value", ["1e9", "-1", "50.5"])
def test_a_claim_tolerance_outside_its_range_is_refused(repo, value):
    line = claim_cells(repo, "housing-2024-m2", tolerance_pct=value, tolerance_reason="rounded in the speech")
    err = expect_failure(repo, fragments=(
        f"data/raw/claims.csv, line {line} (claim housing-2024-m2), column 'tolerance_pct': '{value}' is outside "
        "the allowed range 0 to 50", "raw data problem, nothing was run"))
    assert "Traceback" not in err
    m = manifest_update(repo)  # nor can it be recorded
    assert m.returncode == 1 and "'tolerance_pct'" in m.stderr and "Traceback" not in m.stderr, m.stderr


def test_a_claim_tolerance_without_a_reason_is_refused(repo):
    line = claim_cells(repo, "housing-2024-m2", tolerance_pct="10")
    expect_failure(repo, fragments=(f"line {line} (claim housing-2024-m2), column 'tolerance_reason': is empty; a "
                                    "claim with its own tolerance_pct must say why",))


def test_the_scorecard_states_the_run_tolerance_and_lists_the_claims_with_their_own(repo):
    # the first claim of the checked table (sorted by id) carries its own tolerance: it is not the run's
    first = sorted(r["claim_id"] for r in csv.DictReader((repo / "data/raw/claims.csv").open(encoding="utf-8"))
                   if r["series"] != "other")[0]
    claim_cells(repo, first, tolerance_pct="30", tolerance_reason="the speaker gave a round figure")
    assert manifest_update(repo).returncode == 0
    out = repo / "runs" / "own-tolerance"
    r = run_all(repo, "--out", str(out), "--only", "07_scorecard")
    assert r.returncode == 0, r.stdout + r.stderr
    page = " ".join((out / "reports" / "07_scorecard.html").read_text(encoding="utf-8").split())  # one line
    assert "series at a 5% tolerance" in page and "series at a 30% tolerance" not in page
    assert f"1 claim carries its own tolerance instead: {first} (30%: the speaker gave a round figure)." in page
    checked = list(csv.DictReader((out / "data/processed/claims_checked.csv").open(encoding="utf-8")))
    assert {float(r["tolerance_pct"]) for r in checked if r["claim_id"] == first} == {30.0}


# ---- 2. reversed windows
REVERSED = {  # claim: cells, the columns named
    "record": ("grain-2024-record-10y", {"period_start": "2024", "period_end": "2015"}, "'period_start' and 'period_end'"),
    "change": ("fdi-h1-2022-growth", {"base_period": "2022-H1", "period_end": "2021-H1"}, "'base_period' and 'period_end'"),
    "sum": ("fdi-2019-2024-cumulative", {"period_start": "2024", "period_end": "2019"}, "'period_start' and 'period_end'"),
}


@pytest.mark.parametrize("case", sorted(REVERSED))
def test_a_reversed_window_is_refused(repo, case):
    claim, cells, cols = REVERSED[case]
    line = claim_cells(repo, claim, **cells)
    a, b = cells.values()
    expect_failure(repo, fragments=(f"data/raw/claims.csv, line {line} (claim {claim}), columns {cols}: the "
                                    f"window {a} to {b} is reversed", "raw data problem, nothing was run"))


def test_a_reversed_target_horizon_is_refused(repo):
    p = repo / "data/raw/targets.csv"
    edit_cell(p, 2, "horizon_start", "2031")
    expect_failure(repo, fragments=("data/raw/targets.csv, line 2 (target ", "columns 'horizon_start' and "
                                    "'horizon_end': the horizon 2031 to", "is reversed"))


# ---- 3. one checkout per kernel
def kernelspec(tmp_path: Path, name: str, before: str = "") -> dict[str, str]:
    """A kernel spec ``name`` (found through JUPYTER_PATH) that runs the shell lines ``before``, then ipykernel."""
    d = tmp_path / "jupyter" / "kernels" / name
    d.mkdir(parents=True)
    script = f'{before}\nexec {PY} -Xfrozen_modules=off -m ipykernel_launcher -f "$0" --IPKernelApp.log_level=CRITICAL'
    (d / "kernel.json").write_text(json.dumps({"argv": ["sh", "-c", script, "{connection_file}"],
                                               "display_name": name, "language": "python"}))
    return {"JUPYTER_PATH": str(tmp_path / "jupyter")}


def run_env(repo: Path, *args: str, extra: dict[str, str] | None = None, shared_env: bool = False,
            timeout: int = 600) -> subprocess.CompletedProcess:
    """run_all.py with extra environment; ``shared_env``: as a second checkout using another's environment
    (no PYTHONPATH, no KZ_REPO_ROOT: the environment's editable install points at the tested checkout)."""
    env = _env(repo)
    if shared_env:
        env.pop("PYTHONPATH")
        env.pop("KZ_REPO_ROOT")
    env.update(extra or {})
    return subprocess.run([PY, str(repo / "run_all.py"), *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_a_kernel_imports_the_package_of_the_checkout_it_runs_for(fresh):
    """Two checkouts, one environment (installed from the other one): the kernels still read this copy."""
    inject(fresh, "00_data_audit", "import kzseries, kzseries.paths as _p\n"
           f"assert kzseries.__file__.startswith({str(fresh / 'src')!r}), kzseries.__file__\n"
           f"assert str(_p.RAW_DIR) == {str(fresh / 'data' / 'raw')!r}, _p.RAW_DIR")
    r = run_env(fresh, "--only", "00_data_audit", "--out", str(fresh / "runs" / "b"), "--jobs", "1",
                shared_env=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_kernel_that_imports_another_checkouts_package_is_refused(repo, tmp_path):
    other = copy_repo(tmp_path / "checkout-a")
    extra = kernelspec(tmp_path, "elsewhere", f"export PYTHONPATH={other / 'src'}")
    before = snapshot(repo)
    r = run_env(repo, "--only", "00_data_audit", "--force", "--kernel", "elsewhere", "--jobs", "1", extra=extra)
    assert r.returncode == 1, r.stdout + r.stderr
    assert (f"00_data_audit: the kernel 'elsewhere' imports kzseries from {other / 'src' / 'kzseries'}, not this "
            f"checkout's {repo / 'src' / 'kzseries'}") in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("error:") == 1
    assert snapshot(repo) == before


# ---- 4. Markdown in data text
HOSTILE = " K [c](javascript:alert(1)) ![x](https://evil.example/p.png)"


def test_markdown_in_a_publisher_name_is_shown_as_text(repo):
    p = repo / "data/raw/sources.csv"
    rows = list(csv.DictReader(p.open(encoding="utf-8")))
    for line, row in enumerate(rows, start=2):  # every publisher: the FDI page names several
        edit_cell(p, line, "publisher", row["publisher"] + HOSTILE)
    assert manifest_update(repo).returncode == 0
    out = repo / "runs" / "md"
    r = run_all(repo, "--out", str(out), "--only", "02_fdi")
    assert r.returncode == 0, r.stdout + r.stderr
    page = (out / "reports" / "02_fdi.html").read_text(encoding="utf-8")
    assert "javascript:alert" in page, "the hostile name is not on the page: the test tests nothing"
    assert 'href="javascript:' not in page and "evil.example/p.png\"" not in page and "<img src=\"https://evil" not in page


# ---- 5. empty raw files; a run is promoted whole or not at all
def test_a_header_only_raw_file_is_refused(repo):
    p = repo / "data/raw/housing.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    m = manifest_update(repo)
    assert m.returncode == 1 and "data/raw/housing.csv: has a header but no data rows" in m.stderr, m.stderr
    assert "Traceback" not in m.stderr
    expect_failure(repo, fragments=("data/raw/housing.csv: has a header but no data rows",))


def test_outputs_are_promoted_only_when_every_notebook_succeeded(repo):
    # a real change to the housing data (so the audit's outputs change), and a housing notebook that fails
    rows = list(csv.DictReader((repo / "data/raw/housing.csv").open(encoding="utf-8")))
    line = next(i for i, r in enumerate(rows) if r["notes"] != "edited") + 2
    edit_cell(repo / "data/raw/housing.csv", line, "notes", "edited")
    assert manifest_update(repo).returncode == 0
    inject(repo, "03_housing", "raise ValueError('housing broken (deliberate)')")
    err = expect_failure(repo, fragments=("03_housing: cell", "housing broken (deliberate)"))
    assert "Traceback" not in err
    # the audit ran (its outputs would have changed) but nothing of the run was promoted
    r = run_all(repo, "--only", "00_data_audit")
    assert r.returncode == 0 and "00_data_audit      done" in r.stdout, r.stdout + r.stderr


# ---- 6. goal 0, and an engine error that names its claim
def test_a_target_with_a_goal_of_zero_is_refused(repo):
    edit_cell(repo / "data/raw/targets.csv", 2, "target_value", "0")
    expect_failure(repo, fragments=("data/raw/targets.csv, line 2 (target ", "column 'target_value': '0' is not a "
                                    "usable goal", "raw data problem, nothing was run"))


def test_an_engine_error_names_the_claim(repo):
    inject(repo, "00_verdicts", "from kzseries import claims as _c\n_f = _c.KIND_CHECKS['record']\n"
           "_c.KIND_CHECKS['record'] = lambda c, *a: 1 / 0 if c.claim_id == 'grain-2024-record-10y' else _f(c, *a)")
    expect_failure(repo, fragments=("00_verdicts: cell", "EngineError: claim grain-2024-record-10y: the claim engine "
                                    "failed: ZeroDivisionError: division by zero"))


# ---- 7. impossible dates
DATES = {
    "claims": ("claims.csv", None, "published", "2025-02-30"),
    "series": ("housing.csv", 2, "published", "2016-02-31"),
    "sources": ("sources.csv", 2, "accessed", "2099-02-31"),
}


@pytest.mark.parametrize("case", sorted(DATES))
def test_an_impossible_date_is_one_line(repo, case):
    name, line, col, value = DATES[case]
    line = line or claim_line(repo, "fdi-2019-2024-cumulative")
    edit_cell(repo / "data/raw" / name, line, col, value)
    fragment = f"data/raw/{name}, line {line}, column '{col}': '{value}' is not a date on the calendar"
    m = manifest_update(repo)
    assert m.returncode == 1 and fragment in m.stderr and "Traceback" not in m.stderr, m.stderr
    assert len(m.stderr.strip().splitlines()) == 1, m.stderr
    err = expect_failure(repo, fragments=(fragment,))
    assert "Traceback" not in err


# ---- kernels forked from a warm worker (runner/forked.py) are still one fresh process per notebook
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_notebook_gets_a_fresh_kernel_of_its_own(repo, tmp_path, jobs):
    """What one notebook leaves behind (a global, a module attribute, an environment variable, matplotlib's
    settings) is not seen by the next, on one worker or two; each runs in a process of its own."""
    pids = tmp_path / "pids"
    inject(repo, "00_data_audit", "import builtins, os, matplotlib, kzseries\n"
           "builtins.kz_left = kzseries.kz_left = kz_left = 1\n"
           "os.environ['KZ_LEFT'] = '1'\n"
           "matplotlib.rcParams['lines.linewidth'] = 9.0\n"
           f"open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')")
    inject(repo, "00_verdicts", "import builtins, os, matplotlib, kzseries\n"
           "assert not hasattr(builtins, 'kz_left') and not hasattr(kzseries, 'kz_left')\n"
           "assert 'kz_left' not in globals() and 'KZ_LEFT' not in os.environ\n"
           "assert matplotlib.rcParams['lines.linewidth'] != 9.0\n"
           f"open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')")
    r = run_env(repo, "--only", "00_data_audit", "00_verdicts", "--force", "--jobs", jobs)
    assert r.returncode == 0, r.stdout + r.stderr
    ran = pids.read_text().split()
    assert len(ran) == 2 and len(set(ran)) == 2 and str(os.getpid()) not in ran


# ---- 8. a SIGKILLed run takes its workers and kernels with it
def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, stack = set(), [pid]
    while stack:
        for c in children.get(stack.pop(), []):
            out.add(c)
            stack.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_run_leaves_no_worker_or_kernel_behind(repo):
    inject(repo, "00_data_audit", "import time; time.sleep(120)")
    proc = _start(repo, "--force", "--jobs", "2", "--only", "00_data_audit", "00_verdicts")
    _wait_for_stage(repo, proc)
    deadline = time.time() + 60  # two workers, each with a kernel
    while time.time() < deadline and len(_descendants(proc.pid)) < 4:
        time.sleep(0.2)
    family = _descendants(proc.pid)
    assert len(family) >= 4, family
    proc.kill()
    proc.wait(timeout=60)  # not communicate(): a leaked worker would hold the pipes open
    deadline = time.time() + 30
    while time.time() < deadline and any(_alive(p) for p in family):
        time.sleep(0.2)
    left = [p for p in family if _alive(p)]
    for p in left:  # do not leak them into the rest of the suite
        os.kill(p, signal.SIGKILL)
    proc.stdout.close()
    proc.stderr.close()
    assert not left, "left running after SIGKILL"


# ---- 9. --jobs is capped; a no-op run starts no kernel
def test_a_no_op_run_starts_no_kernel_however_many_jobs(repo, tmp_path):
    marker = tmp_path / "kernel-started"
    extra = kernelspec(tmp_path, "marked", f"touch {marker}")
    r = run_env(repo, "--jobs", "16", "--kernel", "marked", extra=extra)
    assert r.returncode == 0, r.stdout + r.stderr
    assert set(statuses(r.stdout).values()) == {"up to date"}
    assert not marker.exists(), "a kernel was started although nothing ran"
    assert f"{min(16, os.cpu_count() or 1)} job(s)" in r.stdout and "16 job(s)" not in r.stdout


# ---- flakes: a kernel that fails to start is tried again, once
def test_a_kernel_that_fails_to_start_once_is_retried(repo, tmp_path):
    flag = tmp_path / "failed-once"
    extra = kernelspec(tmp_path, "flaky", f"if [ ! -e {flag} ]; then touch {flag}; exit 1; fi")
    r = run_env(repo, "--only", "00_data_audit", "--force", "--kernel", "flaky", "--jobs", "1", extra=extra)
    assert r.returncode == 0, r.stdout + r.stderr
    assert flag.exists() and "00_data_audit      done" in r.stdout


def test_a_kernel_that_never_starts_is_one_line(repo, tmp_path):
    extra = kernelspec(tmp_path, "broken", "exit 1")
    before = snapshot(repo)
    r = run_env(repo, "--only", "00_data_audit", "--force", "--kernel", "broken", "--jobs", "1", extra=extra)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "00_data_audit: the Jupyter kernel 'broken' failed to start twice" in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("error:") == 1
    assert snapshot(repo) == before


# ---- 10. smaller cases
def test_params_file_that_is_a_folder_or_not_utf8_is_one_line(repo, tmp_path):
    r = run_all(repo, "--params-file", str(tmp_path), "--out", "runs/x")
    assert r.returncode == 2 and f"--params-file {tmp_path}: is a folder, not a file" in r.stderr, r.stderr
    f = tmp_path / "p.yaml"
    f.write_bytes("tolerance_pct: 3 # Минск\n".encode("cp1251"))
    r = run_all(repo, "--params-file", str(f), "--out", "runs/x")
    assert r.returncode == 2 and f"--params-file {f}: not UTF-8 text" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_a_stated_value_too_large_for_a_number_is_refused(repo):
    line = claim_cells(repo, "housing-2024-m2", stated_value="1e309")
    expect_failure(repo, fragments=(f"line {line} (claim housing-2024-m2), column 'stated_value': '1e309' is too "
                                    "large to be a number",))


def test_an_alternative_reading_of_a_claim_in_another_series_is_refused(repo):
    line = claim_cells(repo, "fdi-target-2023-2029.from-2022", reading_of="grain-2024-record-10y")
    expect_failure(repo, fragments=(f"line {line} (claim fdi-target-2023-2029.from-2022), column 'reading_of': "
                                    "'grain-2024-record-10y' is a grain claim", "must be of the same series"))
