"""The exercises that end each series notebook (src/kzseries/narrative/exercises.yaml): every solution holds.

Each exercise's parameters run through ``run_all.py --out DIR`` in a copy of the repository, as a student would run
them, and its checks are evaluated on that run's outputs. To keep this fast, one run takes the k-th exercise of
every notebook at once (``exercises.rounds()``: each notebook's parameters are its own, so they never mix), and
``--only`` runs just those notebooks and what they depend on.
"""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from conftest import copy_repo, run_all
from kzseries import exercises, registry, text

ROUNDS = exercises.rounds()
CASES = [(k, e) for k, r in enumerate(ROUNDS) for e in r.values()]
SERIES_NOTEBOOKS = [s.name for s in registry.REGISTRY if s.name.split("_", 1)[1] in registry.SERIES]


def case_id(case) -> str:
    return f"{case.notebook}-{case.id}" if isinstance(case, exercises.Exercise) else f"round{case + 1}"


# ------------------------------------------------------------------------------------------- fast checks
@pytest.mark.parametrize("notebook", SERIES_NOTEBOOKS)
def test_every_series_notebook_ends_with_two_or_three_exercises(root, notebook):
    assert 2 <= len(exercises.for_notebook(notebook)) <= 3
    nb = json.loads((root / registry.get(notebook).path).read_text(encoding="utf-8"))
    assert "".join(nb["cells"][-1]["source"]) == f'nb.exercises("{notebook}")'


@pytest.mark.parametrize("e", exercises.all_exercises(), ids=lambda e: f"{e.notebook}-{e.id}")
def test_the_default_outputs_do_not_already_show_the_solution(root, e):
    """An exercise changes something: on the committed outputs (the defaults) at least one of its checks fails
    (or selects a row the default run does not write)."""
    def holds(c) -> bool:
        try:
            return exercises.evaluate(c, root, root).ok
        except exercises.ExerciseError:
            return False

    assert not all(holds(c) for c in e.checks), [c.describe() for c in e.checks]


def test_solutions_are_folded_and_markdown_in_them_survives(root):
    from nbconvert.filters.markdown import markdown2html

    md = exercises.markdown("02_fdi")
    assert md.startswith("## Exercises") and md.count("<details><summary>Solution to exercise 2.") == 3
    html = markdown2html(md)
    assert html.count("<details>") == 3 and "&lt;details" not in html
    assert "<strong>overstated</strong>" in html  # the authored Markdown of a solution is kept, a value filled in
    assert "<code>python run_all.py --out runs/exercise-2.1 --only 02_fdi -p 02_fdi.measure=net_world_bank</code>" \
        in html  # the command's underscores are escaped for Markdown, so they show as typed
    # on the site, built by run_all.py from the executed notebook
    page = (root / "reports" / "02_fdi.html").read_text(encoding="utf-8")
    assert "<details><summary>Solution to exercise 2.1</summary>" in page


def test_text_from_data_is_still_escaped_and_only_rendered_markup_passes():
    src = "{{ a }} / {{ b }}"
    out = text._environment().from_string(src).render(a="[c](javascript:x) <b>", b=Markup("**kept**"))
    assert out == "\\[c\\](javascript:x) &lt;b&gt; / **kept**"


def test_a_parameter_out_of_range_is_refused(tmp_path, monkeypatch):
    from kzseries import params

    bad = tmp_path / "exercises.yaml"
    bad.write_text("03_housing:\n  - {id: x, question: q, solution: s, params: {base_year: 1850},\n"
                   "     checks: [{file: data/processed/housing.csv, column: value, op: '>', value: 0}]}\n")
    monkeypatch.setattr(exercises, "SPEC_FILE", bad)
    with pytest.raises(params.ParameterError, match="'base_year': 1850 is out of range"):
        exercises.all_exercises()


def test_a_check_on_a_file_the_notebook_does_not_write_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "exercises.yaml"
    bad.write_text("03_housing:\n  - {id: x, question: q, solution: s, params: {base_year: 2016},\n"
                   "     checks: [{file: data/processed/gdp.csv, column: value, op: '>', value: 0}]}\n")
    monkeypatch.setattr(exercises, "SPEC_FILE", bad)
    with pytest.raises(exercises.ExerciseError, match="is not an output of 03_housing"):
        exercises.all_exercises()


# ------------------------------------------------------------------------------------ the runs themselves
@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repo(tmp_path_factory.mktemp("exercises") / "repo")


@pytest.fixture(scope="module")
def round_run(repo, tmp_path_factory):
    """The output folder of round k's run (run once, on first use)."""
    done: dict[int, tuple] = {}

    def run(k: int):
        if k not in done:
            out = tmp_path_factory.mktemp(f"round{k + 1}")
            r = run_all(repo, "--out", str(out), "--only", *ROUNDS[k], *exercises.run_args(ROUNDS[k].values()))
            done[k] = (r, out)
        r, out = done[k]
        assert r.returncode == 0, r.stdout + r.stderr
        return out

    return run


@pytest.mark.slow
@pytest.mark.parametrize(("k", "e"), CASES, ids=[case_id(e) for _, e in CASES])
def test_the_solution_holds(repo, round_run, k, e):
    out = round_run(k)
    outcomes = [exercises.evaluate(c, out, repo) for c in e.checks]
    assert all(o.ok for o in outcomes), f"exercise {e.number} ({e.notebook}/{e.id}):\n" + "\n".join(map(str, outcomes))
