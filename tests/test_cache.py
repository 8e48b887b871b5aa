"""The incremental-rebuild key: it changes with every declared input and with nothing else."""

from __future__ import annotations

import pytest

from conftest import copy_repo
from kzseries import paths, registry, runner


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    r = copy_repo(tmp_path / "repo")
    monkeypatch.setattr(paths, "REPO_ROOT", r)
    monkeypatch.setattr(paths, "RAW_DIR", r / "data" / "raw")
    return r


def key(repo, name="03_housing", values=None):
    values = values or registry.get(name).defaults
    return runner.cache_key(name, values, repo, runner.package_digest())


def test_key_is_stable(repo):
    assert key(repo) == key(repo)


@pytest.mark.parametrize("rel", ["data/raw/housing.csv", "data/raw/claims.csv", "data/raw/sources.csv",
                                 "notebooks/03_housing.ipynb", "data/processed/observations_housing.csv",
                                 "data/processed/observations_gdp.csv"])
def test_key_changes_with_each_declared_input(repo, rel):
    k0 = key(repo)
    p = repo / rel
    p.write_bytes(p.read_bytes() + b"\n")
    assert key(repo) != k0


def test_key_changes_with_parameters(repo):
    v = dict(registry.get("03_housing").defaults, base_year=2017)
    assert key(repo, values=v) != key(repo)


def test_key_changes_with_the_package(repo, monkeypatch):
    k0 = key(repo)
    monkeypatch.setattr(runner, "package_digest", lambda: "other")
    assert runner.cache_key("03_housing", registry.get("03_housing").defaults, repo, "other") != k0


def test_key_ignores_undeclared_files(repo):
    k0 = key(repo)
    for rel in ("data/raw/fdi.csv", "notebooks/02_fdi.ipynb", "README.md", "data/processed/observations_fdi.csv"):
        p = repo / rel
        if p.exists():
            p.write_bytes(p.read_bytes() + b"\n")
    assert key(repo) == k0


def test_windows_line_endings_do_not_change_the_key(repo):
    k0 = key(repo)
    p = repo / "data" / "raw" / "housing.csv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    assert key(repo) == k0
