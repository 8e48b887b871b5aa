"""run_all.py end to end, in throw-away copies of the repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import copy_repo, run_all, snapshot
from kzseries import registry
from kzseries.runner import compare_trees

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the repository after one full, forced run."""
    repo = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    r = run_all(repo, "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    return repo


@pytest.fixture()
def work(built, tmp_path) -> Path:
    """A private copy of the built repository (cache included) to change."""
    dest = tmp_path / "repo"
    shutil.copytree(built, dest, symlinks=True)
    return dest


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


def test_check_passes_then_catches_a_changed_output(work):
    r = run_all(work, "--check")
    assert r.returncode == 0, r.stdout + r.stderr
    target = work / "figures" / "00_coverage_heatmap.svg"
    target.write_bytes(target.read_bytes() + b"\n")
    r = run_all(work, "--check")
    assert r.returncode == 1
    assert "figures/00_coverage_heatmap.svg" in r.stderr


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
    assert "06_scorecard: not run because a notebook it depends on failed" in r.stderr
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


def test_serial_and_parallel_runs_are_byte_identical(work, tmp_path):
    a, b = tmp_path / "serial", tmp_path / "parallel"
    for out, jobs in ((a, "1"), (b, "2")):
        r = run_all(work, "--force", "--jobs", jobs, "--out", str(out), "--only", *[s.name for s in registry.REGISTRY])
        assert r.returncode == 0, r.stderr
    assert compare_trees(a, b) == []


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
    assert (tmp_path / "data" / "processed" / "claims_grain.csv").exists()
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
