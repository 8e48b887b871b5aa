"""Shared fixtures: the repository root and a throw-away copy of it."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# What a kernel or a run may be writing while a tree is copied (IPython's history and its journal, Jupyter's
# connection files, a run's stage): never copied, so a copy never races with a writer.
VOLATILE = (".ipython", ".local", ".jupyter", ".cache", "*-journal", "*.kz-tmp", ".kz-stage", "run.lock")


def copy_repo(dest: Path) -> Path:
    """A copy of the working tree (without the venv and caches) to break things in."""
    ignore = shutil.ignore_patterns(".venv", ".git", ".kz-cache", "__pycache__", ".pytest_cache",
                                    "*.egg-info", "runs", *VOLATILE)
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


def pytest_collection_modifyitems(config, items):
    """A test that reads a built repository runs the notebooks end to end (once per session): it is ``slow``.
    ``make mutate`` leaves slow tests out; they run the package in a new process, where no mutant is active."""
    for item in items:
        if {"built", "built_copy"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A copy of the repository after one full, forced, parallel run (cache included). Read-only: copy it
    (``built_copy``) to change anything.

    Built once per test session; under pytest-xdist the workers share one build through a file lock in
    the session's common temporary folder, so the notebooks are executed once, not once per worker."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by every worker of this session
    repo, done = base / "built" / "repo", base / "built" / "ok"
    with open(base / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(repo.parent, ignore_errors=True)
            copy_repo(repo)
            r = run_all(repo, "--force", "--jobs", "2")
            assert r.returncode == 0, r.stdout + r.stderr
            done.write_text(r.stdout)
    return repo


@pytest.fixture()
def built_copy(built, tmp_path) -> Path:
    """A private copy of the built repository (outputs and cache included) to change."""
    dest = tmp_path / "repo"
    shutil.copytree(built, dest, symlinks=True, ignore=shutil.ignore_patterns(*VOLATILE))
    return dest


def run_all(repo: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run repo/run_all.py with this interpreter; the copy's own src/ is imported first."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "KZ_REPO_ROOT": str(repo),
           "PYTHONPATH": str(repo / "src"), "PYDEVD_DISABLE_FILE_VALIDATION": "1",
           "JUPYTER_PLATFORM_DIRS": "1"}
    return subprocess.run([PY, str(repo / "run_all.py"), *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=timeout)


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV (``line`` counts the header as line 1, as an editor does)."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[line - 2][column] = value
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every output file's bytes, to prove that nothing was lost or half-written."""
    from kzseries.runner import OUTPUT_DIRS

    return {str(p.relative_to(repo)): p.read_bytes()
            for d in OUTPUT_DIRS for p in sorted((repo / d).rglob("*")) if p.is_file()}


def raw_rows(name: str, root: Path = ROOT, **match: str) -> list[dict[str, str]]:
    """Rows of data/raw/<name>, read with the csv module only (no kzseries code), whose cells equal ``match``.

    The rebuild tests name the rows they expect through this, so the expectation never comes from the
    code under test."""
    with (root / "data" / "raw" / name).open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in match.items())]


def processed_rows(name: str, root: Path = ROOT, **match: str) -> list[dict[str, str]]:
    """Rows of data/processed/<name> (csv module only) whose cells equal ``match``."""
    with (root / "data" / "processed" / name).open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in match.items())]


def one(rows: list[dict[str, str]]) -> dict[str, str]:
    assert len(rows) == 1, rows
    return rows[0]


def statuses(stdout: str) -> dict[str, str]:
    """notebook -> status (ran, up to date, failed, not run), from the summary table run_all.py prints."""
    from kzseries import registry

    names = "|".join(re.escape(s.name) for s in registry.REGISTRY)
    return {m[1]: m[2] for m in re.finditer(rf"^({names}) +(ran|up to date|failed|not run) ", stdout, re.M)}


def page_params(notebook: str, **change):
    """A notebook's validated parameters (its defaults, with ``change``), as a page's ``build(inputs, V, P)`` reads them."""
    from kzseries import params, registry

    return params.Params({**registry.get(notebook).defaults, **change})


def build_page(series: str, **change):
    """A series page built the way its notebook builds it: ``pages.<series>.build(load_inputs, verdicts, P)``."""
    import importlib

    from kzseries import inputs, registry, verdicts

    notebook = next(s.name for s in registry.REGISTRY if s.name.split("_", 1)[1] == series)
    page = importlib.import_module(f"kzseries.pages.{series}")
    return page.build(inputs.load_inputs(series), verdicts.load(series), page_params(notebook, **change))
