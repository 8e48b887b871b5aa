"""Safe experiments: a notebook run outside run_all.py, as a user runs it, never overwrites the committed outputs.

Every case runs in a copy of the repository through a user's entry point: the papermill command line from
the repository root, or nbclient executing the notebook with the working directory notebooks/ (what
JupyterLab does). No KZ_* variable is set; PYTHONPATH only makes the copy's own package importable.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from conftest import PY, copy_repo, snapshot

pytestmark = pytest.mark.slow

NOTEBOOK = "03_housing"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("experiments") / "repo")


@pytest.fixture()
def repo(pristine, tmp_path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(pristine, dest, symlinks=True)
    return dest


def user_env(repo: Path) -> dict[str, str]:
    """A user's environment: no KZ_* variable at all."""
    return {"PATH": f"{Path(PY).parent}:/usr/bin:/bin", "HOME": str(repo), "PYTHONPATH": str(repo / "src"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts)


# jupyter_client picks a kernel's ports before binding them, so under load another process can take one first
# ("Address already in use"; the kernel then dies before replying). run_all.py retries such a start itself; a
# user's own papermill or JupyterLab session would simply be started again, and so are these.
PORT_RACE = ("Address already in use", "Kernel died before replying to kernel_info")


def retried(run) -> subprocess.CompletedProcess:
    for _ in range(3):
        r = run()
        if r.returncode == 0 or not any(m in r.stderr for m in PORT_RACE):
            return r
    return r


def papermill(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return retried(lambda: subprocess.run(
        [PY, "-m", "papermill", f"notebooks/{NOTEBOOK}.ipynb", str(repo / "out.ipynb"), "--no-progress-bar", *args],
        cwd=repo, env=user_env(repo), capture_output=True, text=True, timeout=600))


def lab_run(repo: Path, edit: str | None = None) -> subprocess.CompletedProcess:
    """Execute the notebook as JupyterLab does: kernel started in notebooks/, ``edit`` replaces the parameters cell."""
    code = f"""
import sys, nbformat, nbclient
nb = nbformat.read("{NOTEBOOK}.ipynb", as_version=4)
edit = {edit!r}
if edit is not None:
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = edit
client = nbclient.NotebookClient(nb, kernel_name="kzseries", resources={{"metadata": {{"path": "."}}}}, timeout=600)
try:
    client.execute()
except nbclient.exceptions.CellExecutionError as e:
    print(str(e).strip().splitlines()[-1], file=sys.stderr)
    sys.exit(1)
nbformat.write(nb, "../lab-out.ipynb")
"""
    return retried(lambda: subprocess.run([PY, "-c", code], cwd=repo / "notebooks", env=user_env(repo),
                                          capture_output=True, text=True, timeout=600))


def first_output(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            return out.get("text") or json.dumps(out.get("data", {}))
    return ""


def test_papermill_with_other_parameters_writes_to_runs_not_the_committed_outputs(repo):
    before, nbs = snapshot(repo), listing(repo / "notebooks")
    r = papermill(repo, "-p", "base_year", "2017")
    assert r.returncode == 0, r.stderr
    assert snapshot(repo) == before, "the committed outputs changed"
    assert listing(repo / "notebooks") == nbs
    runs = list((repo / "runs").glob(f"{NOTEBOOK}-*"))
    assert len(runs) == 1 and len(runs[0].name) == len(NOTEBOOK) + 9
    assert (runs[0] / "data" / "processed" / "housing.csv").exists()
    text = first_output(repo / "out.ipynb")
    assert "base_year=2017" in text and f"runs/{runs[0].name}/" in text
    # The same parameters land in the same folder; other ones in another.
    r = papermill(repo, "-p", "base_year", "2016")
    assert r.returncode == 0, r.stderr
    assert len(list((repo / "runs").glob(f"{NOTEBOOK}-*"))) == 2


def test_a_misspelt_parameter_fails_in_the_validation_cell_under_papermill(repo):
    before = snapshot(repo)
    r = papermill(repo, "-p", "base_yr", "2017")
    assert r.returncode != 0
    assert "ParameterError" in r.stderr and "'base_yr'" in r.stderr and "unknown parameter" in r.stderr, r.stderr
    assert snapshot(repo) == before
    assert not (repo / "runs").exists()


def test_a_misspelt_parameter_fails_in_jupyterlab(repo):
    cell = nbformat.read(repo / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    params = next(c for c in cell.cells if "parameters" in c.metadata.get("tags", [])).source
    r = lab_run(repo, params + "\nbase_yr = 2017\n")
    assert r.returncode == 1
    assert "'base_yr'" in r.stderr and "unknown parameter" in r.stderr, r.stderr


def test_a_default_run_from_jupyterlab_reproduces_the_committed_outputs_and_writes_nothing_under_notebooks(repo):
    before, nbs = snapshot(repo), listing(repo / "notebooks")
    for f in before:  # remove this notebook's outputs, so the run has to write them again
        if f.startswith(("data/processed/housing", "figures/03_")):  # claims_housing.csv is 00_verdicts'

            (repo / f).unlink()
    r = lab_run(repo)
    assert r.returncode == 0, r.stderr
    assert snapshot(repo) == before, "a default run did not rewrite the committed outputs byte for byte"
    assert listing(repo / "notebooks") == nbs, "something was written under notebooks/"
    assert not (repo / "runs").exists()
    assert "Non-default" not in first_output(repo / "lab-out.ipynb")


def test_edited_parameters_in_jupyterlab_write_to_runs(repo):
    before, nbs = snapshot(repo), listing(repo / "notebooks")
    cell = nbformat.read(repo / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    params = next(c for c in cell.cells if "parameters" in c.metadata.get("tags", [])).source
    edited = params.replace("base_year: int = 2018", "base_year: int = 2017")
    assert edited != params
    r = lab_run(repo, edited)
    assert r.returncode == 0, r.stderr
    assert snapshot(repo) == before
    assert listing(repo / "notebooks") == nbs
    runs = list((repo / "runs").glob(f"{NOTEBOOK}-*"))
    assert len(runs) == 1 and (runs[0] / "figures").is_dir()
    assert f"runs/{runs[0].name}/" in first_output(repo / "lab-out.ipynb")
