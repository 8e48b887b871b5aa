"""Claims are declared once: each registry id is written in at most one file under src/ and notebooks/ (its page
module's ``CLAIMS``); notebooks, templates and exercises use the readable name, and a name nobody declared fails
with a message that lists the declared ones."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kzseries import exercises, names

PAGES = ("gdp", "fdi", "housing", "grain", "minimum_wage")


def registry_ids(root) -> set[str]:
    claims = pd.read_csv(root / "data/raw/claims.csv", dtype=str, keep_default_na=False)
    targets = pd.read_csv(root / "data/raw/targets.csv", dtype=str, keep_default_na=False)
    return set(claims["claim_id"]) | set(targets["target_id"])


def test_each_claim_id_is_written_in_at_most_one_file(root):
    files = [p for p in [*(root / "src").rglob("*"), *(root / "notebooks").glob("*.ipynb")]
             if p.is_file() and "__pycache__" not in p.parts]
    texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="ignore") for p in files}
    spread = {}
    for cid in registry_ids(root):
        pattern = re.compile(r"(?<![\w-])" + re.escape(cid) + r"(?![\w-])")
        where = [f for f, t in texts.items() if pattern.search(t)]
        if len(where) > 1:
            spread[cid] = where
    assert not spread, f"claim ids written in more than one file: {spread}"


@pytest.mark.parametrize("page", PAGES)
def test_every_declared_name_points_at_a_registry_row(root, page):
    import importlib

    declared = importlib.import_module(f"kzseries.pages.{page}").CLAIMS
    claims = pd.read_csv(root / "data/raw/claims.csv", dtype=str, keep_default_na=False)
    readings = {f"{r.reading_of}.{r.reading}" for r in claims.itertuples() if r.reading_of}
    known = registry_ids(root) | readings | set(claims["claim_id"])
    assert declared and set(declared.values()) <= known, set(declared.values()) - known


def test_an_exercise_naming_an_undeclared_claim_is_refused_with_the_declared_names(tmp_path, monkeypatch):
    bad = tmp_path / "exercises.yaml"
    bad.write_text("03_housing:\n  - {id: x, question: q, solution: s, params: {base_year: 2016},\n"
                   "     checks: [{file: reports/03_housing.ipynb, table: what_if, where: {claim: housing.vs_2081_pct},\n"
                   "               column: measured, op: '>', value: 0}]}\n")
    monkeypatch.setattr(exercises, "SPEC_FILE", bad)
    with pytest.raises(exercises.ExerciseError, match=r"housing declares no claim 'vs_2081_pct' \(it declares .*vs_2018_pct"):
        exercises.all_exercises()


def test_the_exercises_name_claims_as_the_pages_do_and_check_registry_ids(root):
    # exercises.yaml says "housing.vs_2018_pct"; the check then matches the what-if table's id column
    raw = (root / "src/kzseries/narrative/exercises.yaml").read_text(encoding="utf-8")
    assert "{claim: housing.vs_2018_pct}" in raw
    resolved = {dict(c.where)["claim"] for e in exercises.all_exercises() for c in e.checks if "claim" in dict(c.where)}
    assert names.resolve("housing.vs_2018_pct") == "housing-2024-vs-2018-pct" in resolved
    assert resolved <= registry_ids(root)
