"""run_all.py end to end, in throw-away copies of the repository."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import edit_cell, run_all, snapshot, statuses
from kzseries import registry
from kzseries.runner import compare_trees

pytestmark = pytest.mark.slow



@pytest.fixture()
def work(built_copy) -> Path:
    """A private copy of the session's built repository (conftest.built, cache included) to change."""
    return built_copy


def test_full_run_writes_every_declared_output(built):
    for spec in registry.REGISTRY:
        for rel in list(spec.outputs) + [f"reports/{spec.name}.ipynb", f"reports/{spec.name}.html"]:
            assert (built / rel).stat().st_size > 0, rel
    assert (built / "reports" / "index.html").exists()


def test_rejected_rows_are_left_out_of_the_analysis_but_listed_by_the_audit(built):
    import csv
    raw = list(csv.DictReader((built / "data" / "raw" / "gdp.csv").open(encoding="utf-8")))
    rejected = [r for r in raw if r["status"] == "rejected"]
    assert rejected, "the data hold at least one rejected row (wb-826c51, CPI 2024)"
    for name in ("observations.csv", "observations_gdp.csv"):
        obs = list(csv.DictReader((built / "data" / "processed" / name).open(encoding="utf-8")))
        assert not [r for r in obs if r["status"] == "rejected"], name
    report = (built / "reports" / "00_data_audit.html").read_text(encoding="utf-8")
    assert "Rejected rows" in report
    for r in rejected:
        assert r["source_id"] in report


def test_rebuild_matches_the_committed_outputs_byte_for_byte(built, root):
    assert compare_trees(built, root) == []


def test_second_run_is_up_to_date_and_changes_nothing(work):
    before = snapshot(work)
    r = run_all(work)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("up to date") >= len(registry.REGISTRY)
    assert snapshot(work) == before


def test_check_catches_exactly_the_changed_output(work):
    """One --check run: the one committed output changed by hand is reported, and nothing else is
    (so every other rebuilt file is byte-identical to the committed one)."""
    target = work / "figures" / "00_coverage_heatmap.svg"
    target.write_bytes(target.read_bytes() + b"\n")
    r = run_all(work, "--check")
    assert r.returncode == 1, r.stdout + r.stderr
    listed = r.stderr.split("--check: these files differ from the committed outputs:", 1)[1].split()
    assert listed == ["figures/00_coverage_heatmap.svg"], r.stderr
    assert all(s == "ran" for s in statuses(r.stdout).values()) and len(statuses(r.stdout)) == len(registry.REGISTRY)


def test_failing_notebook_reports_the_cell_and_keeps_outputs(work):
    nb_path = work / "notebooks" / "03_housing.ipynb"
    nb = json.loads(nb_path.read_text())
    idx = next(i for i, c in enumerate(nb["cells"]) if "nb.start(" in "".join(c["source"]))
    nb["cells"].insert(idx + 1, {"cell_type": "code", "id": "boom", "metadata": {}, "execution_count": None,
                                 "outputs": [], "source": ["raise RuntimeError('boom: deliberate failure')"]})
    nb_path.write_text(json.dumps(nb))
    before = snapshot(work)
    r = run_all(work)
    assert r.returncode == 1
    assert "03_housing: cell" in r.stderr and "RuntimeError: boom: deliberate failure" in r.stderr
    saved = work / ".kz-cache" / "failed" / "03_housing.ipynb"
    assert str(saved) in r.stderr and saved.exists()
    # the scorecard reads the claim engine's verdicts, not 03_housing: it is not held back by the failure
    assert "07_scorecard: not run" not in r.stderr
    assert snapshot(work) == before


def test_non_default_parameters_need_out(work):
    r = run_all(work, "-p", "01_gdp.start_year=2005")
    assert r.returncode == 2 and "pass --out DIR" in r.stderr


def test_out_run_with_other_parameters_leaves_committed_outputs_alone(work):
    before = snapshot(work)
    out = work / "runs" / "gdp-2005"
    r = run_all(work, "--only", "01_gdp", "-p", "01_gdp.start_year=2005", "-p", "population_source=national",
                "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (out / "data" / "processed" / "gdp.csv").exists()
    executed = json.loads((out / "reports" / "01_gdp.ipynb").read_text())
    assert executed["metadata"]["papermill"]["parameters"]["population_source"] == "national"
    assert snapshot(work) == before


def test_serial_and_parallel_runs_are_byte_identical(built, work, tmp_path):
    """A serial run (--jobs 1) writes the same bytes as the parallel run (--jobs 2) that made `built`."""
    assert "2 job(s)" in (built.parent / "ok").read_text()
    a = tmp_path / "serial"
    r = run_all(work, "--force", "--jobs", "1", "--out", str(a), "--only", *[s.name for s in registry.REGISTRY])
    assert r.returncode == 0, r.stderr
    assert "1 job(s)" in r.stdout
    assert compare_trees(a, built) == []


def test_unknown_parameter_exits_2_before_any_work(work):
    before = snapshot(work)
    r = run_all(work, "-p", "02_fdi.mesure=gross")
    assert r.returncode == 2
    assert "notebook 02_fdi, parameter 'mesure': unknown parameter" in r.stderr
    assert "running" not in r.stdout and snapshot(work) == before


def test_a_notebook_runs_from_the_notebooks_folder_as_in_jupyterlab(root, tmp_path, monkeypatch):
    """Paths resolve from the repository root whatever the working directory (JupyterLab: notebooks/)."""
    import papermill as pm

    monkeypatch.setenv("KZ_STAGE_DIR", str(tmp_path))
    out = tmp_path / "executed.ipynb"
    pm.execute_notebook(str(root / "notebooks" / "04_grain.ipynb"), str(out), kernel_name="kzseries",
                        cwd=str(root / "notebooks"), progress_bar=False)
    assert (tmp_path / "data" / "processed" / "grain.csv").exists()
    assert (tmp_path / "figures" / "04_record_window.png").exists()


def test_the_notebook_itself_refuses_a_bad_parameter(root, tmp_path, monkeypatch):
    """The validation cell stops a bad value in papermill or JupyterLab too, before any work."""
    import papermill as pm

    monkeypatch.setenv("KZ_STAGE_DIR", str(tmp_path))
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(root / "notebooks" / "01_gdp.ipynb"), str(tmp_path / "x.ipynb"),
                            parameters={"population_source": "un"}, kernel_name="kzseries",
                            cwd=str(root / "notebooks"), progress_bar=False)
    assert e.value.ename == "ParameterError" and "population_source" in e.value.evalue
    assert not (tmp_path / "figures").exists()


# ------------------------------------------------------------ incremental rebuilds, end to end
def test_bad_raw_edit_after_a_good_run_stops_before_any_notebook(work):
    """After a successful run (raw data validated and remembered), a bad value whose checksum has been
    recorded must still be caught by the preflight check: nothing runs, nothing changes."""
    assert set(statuses(run_all(work).stdout).values()) == {"up to date"}  # the run before was good
    p = work / "data" / "raw" / "fdi.csv"
    edit_cell(p, 5, "value", "12,5")
    # record the checksum by hand, as a careless edit of MANIFEST.sha256 would (manifest --update refuses it)
    digest = hashlib.sha256(p.read_bytes().replace(b"\r\n", b"\n")).hexdigest()
    m = work / "data" / "raw" / "MANIFEST.sha256"
    m.write_text("".join(f"{digest}  fdi.csv\n" if line.endswith("  fdi.csv") else line + "\n"
                         for line in m.read_text().splitlines()))
    before = snapshot(work)
    r = run_all(work)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "raw data problem, nothing was run" in r.stderr
    assert "data/raw/fdi.csv, line 5, column 'value': '12,5' is not a number" in r.stderr
    assert "running" not in r.stdout and "has changed since its checksum" not in r.stderr
    assert snapshot(work) == before


def test_editing_the_package_reruns_the_notebooks_that_use_it(work):
    """An edit under src/kzseries (here: housing.py) makes the notebooks importing it run again, and the
    next run is up to date again."""
    assert statuses(run_all(work, "--only", "03_housing").stdout) == {"03_housing": "up to date"}
    p = work / "src" / "kzseries" / "housing.py"
    p.write_text(p.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    before = snapshot(work)
    r = run_all(work, "--only", "03_housing")
    assert r.returncode == 0, r.stdout + r.stderr
    assert statuses(r.stdout) == {"03_housing": "ran"}
    assert snapshot(work) == before  # a comment changes no output
    assert statuses(run_all(work, "--only", "03_housing").stdout) == {"03_housing": "up to date"}


def test_editing_one_pages_chart_reruns_that_page_only(work):
    """An edit to plots/grain.py re-runs 04_grain and nothing else: each notebook is keyed on the package files
    it imports (kzseries.runner.deps), not on the whole package."""
    p = work / "src" / "kzseries" / "plots" / "grain.py"
    p.write_text(p.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    before = snapshot(work)
    r = run_all(work)
    assert r.returncode == 0, r.stdout + r.stderr
    ran = statuses(r.stdout)
    assert ran["04_grain"] == "ran" and {s for n, s in ran.items() if n != "04_grain"} == {"up to date"}
    assert snapshot(work) == before
