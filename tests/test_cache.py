"""The incremental-rebuild key: it changes with every declared input and with nothing else."""

from __future__ import annotations

import subprocess

import pytest

from conftest import PY, copy_repo
from kzseries import paths, registry, runner


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    r = copy_repo(tmp_path / "repo")
    monkeypatch.setattr(paths, "REPO_ROOT", r)
    monkeypatch.setattr(paths, "RAW_DIR", r / "data" / "raw")
    return r


def key(repo, name="03_housing", values=None):
    values = values or registry.get(name).defaults
    return runner.cache_key(name, values, repo, runner.package_digest(name))


# The key as a fresh interpreter computes it for a copy of the repository: the copy's own package
# (src/kzseries on PYTHONPATH) is imported, so package_digest() hashes the copy's files.
KEY_SCRIPT = """
import sys, kzseries
from kzseries import paths, registry, runner
assert kzseries.__file__.startswith(sys.argv[1]), kzseries.__file__
name = sys.argv[2]
print(runner.cache_key(name, registry.get(name).defaults, paths.REPO_ROOT, runner.package_digest(name)))
"""


def key_in_process(repo, name="03_housing") -> str:
    env = {"PATH": "/usr/bin:/bin", "KZ_REPO_ROOT": str(repo), "PYTHONPATH": str(repo / "src"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run([PY, "-c", KEY_SCRIPT, str(repo), name], env=env, cwd=repo, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.mark.whole
def test_key_is_stable(repo, tmp_path):
    """Two copies at different paths, two separate interpreters: one key (the package's place is hashed
    relative to its checkout)."""
    other = copy_repo(tmp_path / "elsewhere" / "second")
    a, b = key_in_process(repo), key_in_process(other)
    assert len(a) == 64 and a == b


@pytest.mark.whole
def test_key_includes_where_the_package_is_imported_from(repo):
    """This process imports kzseries from another checkout (the one under test), with identical files: for
    the copy it is a different key, so outputs made with another checkout's package are never up to date."""
    assert runner.package_digest() != ""  # the same bytes as the copy's package ...
    assert key(repo) != key_in_process(repo)  # ... but from elsewhere


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


@pytest.mark.whole
@pytest.mark.parametrize("rel", ["src/kzseries/claims.py", "src/kzseries/housing.py", "src/kzseries/templates"])
def test_key_changes_with_the_package(repo, rel):
    """Edit the content of one package file (same name, same size) in the copy: every key changes."""
    k0 = key_in_process(repo)
    p = repo / rel
    if p.is_dir():
        p = sorted(f for f in p.rglob("*") if f.is_file())[0]
    b = p.read_bytes()
    i = b.index(b"e")  # swap one byte: names, sizes and modification order are unchanged
    p.write_bytes(b[:i] + b"E" + b[i + 1:])
    assert p.stat().st_size == len(b)
    assert key_in_process(repo) != k0
    assert key_in_process(repo, "07_scorecard") != key_in_process(copy_repo(repo.parent / "clean"), "07_scorecard")


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


@pytest.mark.whole
def test_each_notebook_is_keyed_on_the_package_files_it_uses(repo):
    """A chart module of one page changes that page's key only; the engine changes every page that reads it."""
    names = [s.name for s in registry.REGISTRY]
    before = {n: key_in_process(repo, n) for n in names}
    p = repo / "src" / "kzseries" / "plots" / "grain.py"
    p.write_text(p.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    after = {n: key_in_process(repo, n) for n in names}
    assert [n for n in names if after[n] != before[n]] == ["04_grain"]
    p = repo / "src" / "kzseries" / "arith.py"
    p.write_text(p.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert all(key_in_process(repo, n) != after[n] for n in ("00_verdicts", "03_housing", "04_grain", "07_scorecard"))


def test_an_upstream_file_is_read_from_this_runs_tree_first_then_the_output_root(tmp_path, monkeypatch):
    root, tree = tmp_path / "out", tmp_path / "tree"
    monkeypatch.setenv("KZ_OUT_ROOT", str(root))
    monkeypatch.delenv("KZ_RUN_TREE", raising=False)
    with pytest.raises(FileNotFoundError) as e:
        paths.processed("tidy_gdp.csv")
    assert str(e.value) == (f"{root}/data/processed/tidy_gdp.csv does not exist: it is written by an upstream "
                            "notebook. Run `python run_all.py` (or the notebook that makes it) first.")
    for base in (root, tree):
        (base / "data" / "processed").mkdir(parents=True)
        (base / "data" / "processed" / "tidy_gdp.csv").write_text("x\n")
    assert paths.processed("tidy_gdp.csv") == root / "data" / "processed" / "tidy_gdp.csv"
    monkeypatch.setenv("KZ_RUN_TREE", str(tree))
    assert paths.processed("tidy_gdp.csv") == tree / "data" / "processed" / "tidy_gdp.csv"


def test_each_notebook_has_a_package_digest_of_its_own_and_the_whole_package_another():
    grain, housing, whole = (runner.package_digest(n) for n in ("04_grain", "03_housing", None))
    assert len({grain, housing, whole}) == 3 and runner.package_digest("04_grain") == grain


def test_the_key_does_not_depend_on_the_order_parameters_are_given_in(repo):
    values = registry.get("03_housing").defaults
    assert key(repo, values=dict(reversed(list(values.items())))) == key(repo, values=values)


@pytest.mark.parametrize("rel", ["data/raw/housing.csv", "data/processed/observations_housing.csv"])
def test_a_missing_input_gives_a_key_of_its_own_not_an_error(repo, rel):
    k0 = key(repo)
    (repo / rel).unlink()
    assert key(repo) != k0
