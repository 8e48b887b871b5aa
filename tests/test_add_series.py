"""Add a sixth series the way CONTRIBUTING.md says ("Add a series"), in a copy of the repository, and check that it
appears everywhere a series appears: the audit, the verdicts, its own page, the scorecard, the site and the README.

The series is small: one indicator (Ember's electricity demand, copied with its sources from data/raw/other.csv,
so every number still has its citation), one claim, one chart. The test lists the files it had to touch; a recipe
that needs more than these is a recipe to fix.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from conftest import copy_repo, run_all

SERIES, NOTEBOOK, INDICATOR = "power", "08_power", "power_demand_twh"
SOURCE_INDICATOR = "electricity_demand_ember_twh"  # real rows, real sources: only the indicator's name changes

PAGE = '''"""The power page: electricity demand against the statement on it (a small series added by the recipe)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import names
from ..inputs import Inputs

CLAIMS = {"demand_2024": "power-demand-2024"}


@dataclass(frozen=True)
class Power:
    demand: pd.Series
    verdicts: dict


def build(inp: Inputs, V: pd.DataFrame, P) -> Power:
    rows = inp.tidy[inp.tidy["indicator"] == "power_demand_twh"]
    demand = pd.Series(rows["value_std"].to_numpy(dtype=float), index=rows["year"].astype(int).to_numpy()).sort_index()
    return Power(demand[(demand.index >= P.start_year)], names.by_name(V, CLAIMS))
'''

PLOT = '''"""The power page's chart."""

from __future__ import annotations

import matplotlib.pyplot as plt


def demand(R):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(R.demand.index, R.demand.values, marker="o")
    ax.set_ylabel("TWh")
    return fig
'''

NARRATIVE = '''# Narrative of notebook 08_power

## answer
**Answer.** Demand was {{ v.demand_2024.measured_value | num1 }} TWh in 2024; the stated {{ v.demand_2024.stated_value | num }}
is **{{ v.demand_2024.verdict | verdict }}**.
'''

FIGURES = '''
08_power:
- stem: 08_power_demand
  title: Electricity demand
  caption: Electricity demand, TWh (Ember, via Our World in Data).
  source: Ember via Our World in Data, data/raw/power.csv
'''

SPEC = '''    NotebookSpec(
        name="08_power",
        title="Power",
        question="Was electricity demand in 2024 what was said?",
        params=(Param("start_year", int, 2018, "first year charted", **_YEAR),),
        raw_inputs=_COMMON_RAW + ("power.csv", "claims.csv"),
        processed_inputs=("observations_power.csv", "claims_power.csv"),
        outputs=_figs("08_power"),
    ),
'''

CELLS = [
    ("markdown", "# Power\n\n**Question.** Was electricity demand in 2024 what was said?", {}),
    ("code", "start_year: int = 2018  # first year charted", {"tags": ["parameters"]}),
    ("code", 'from kzseries import nb\n\nP = nb.start("08_power", globals())', {}),
    ("code", 'from kzseries import figures, verdicts\nfrom kzseries.pages import power as series\n'
             'from kzseries.plots import power as chart\n\nV = verdicts.load("power")\n'
             'R = series.build(nb.load_inputs("power"), V, P)\n'
             'figures.save(chart.demand(R), "08_power_demand")\n'
             'nb.say("08_power", "answer", v=R.verdicts)', {}),
]


def _csv_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _append(path, rows, fields):
    text = path.read_text(encoding="utf-8")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writerows(rows)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buf.getvalue(), encoding="utf-8")


def follow_the_recipe(repo) -> list[str]:
    """CONTRIBUTING.md, "Add a series", step by step; returns the files touched."""
    raw = repo / "data" / "raw"
    touched = []

    def touch(rel):
        touched.append(rel)
        return repo / rel

    # 1. data/raw/<series>.csv, its indicators, units and plausibility rows (copied from the curated indicator)
    other = _csv_rows(raw / "other.csv")
    rows = [dict(r, indicator=INDICATOR) for r in other if r["indicator"] == SOURCE_INDICATOR]
    assert rows, f"no {SOURCE_INDICATOR} rows to copy"
    with open(touch(f"data/raw/{SERIES}.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(other[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for name in ("indicators.csv", "units.csv", "plausibility.csv"):
        table = _csv_rows(raw / name)
        mine = [dict(r, indicator=INDICATOR) for r in table if r["indicator"] == SOURCE_INDICATOR]
        if name == "indicators.csv":
            mine = [dict(r, series=SERIES) for r in mine]
        _append(touch(f"data/raw/{name}"), mine, list(table[0]))
    # 2. the series in SERIES and a NotebookSpec (before the page on the rest of the documents)
    reg = touch("src/kzseries/registry.py")
    text = reg.read_text(encoding="utf-8")
    text, n = re.subn(r'^SERIES = \((.*?)\)', lambda m: f'SERIES = ({m.group(1).rstrip(", ")}, "{SERIES}")', text,
                      count=1, flags=re.M | re.S)
    assert n == 1, "SERIES not found in registry.py"
    anchor = '    NotebookSpec(\n        name="06_documents",'
    assert anchor in text
    reg.write_text(text.replace(anchor, SPEC + anchor, 1), encoding="utf-8")
    # 3. its measure, its page, its chart, its narrative and its figures block
    m = touch("src/kzseries/measures.py")
    m.write_text(m.read_text(encoding="utf-8") + f'\n\nmeasure("power_demand", "{INDICATOR}", "electricity demand '
                 f'(Ember, via Our World in Data)", default=True)(_per_period("{INDICATOR}"))\n', encoding="utf-8")
    touch(f"src/kzseries/pages/{SERIES}.py").write_text(PAGE, encoding="utf-8")
    touch(f"src/kzseries/plots/{SERIES}.py").write_text(PLOT, encoding="utf-8")
    touch(f"src/kzseries/narrative/{NOTEBOOK}.md").write_text(NARRATIVE, encoding="utf-8")
    fy = touch("src/kzseries/narrative/figures.yaml")
    fy.write_text(fy.read_text(encoding="utf-8").rstrip("\n") + "\n" + FIGURES, encoding="utf-8")
    nb = {"cells": [{"cell_type": t, "id": f"cell-{i:03d}", "metadata": meta, "source": s.splitlines(keepends=True),
                     **({"execution_count": None, "outputs": []} if t == "code" else {})}
                    for i, (t, s, meta) in enumerate(CELLS)],
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    touch(f"notebooks/{NOTEBOOK}.ipynb").write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    # 4. its claim (the statement on electricity in the March 2025 report, now on this series)
    claims = _csv_rows(raw / "claims.csv")
    base = next(r for r in claims if r["claim_id"] == "electricity-consumption-2024")
    claim = dict(base, claim_id="power-demand-2024", statement_id="power-demand-2024", series=SERIES, theme="",
                 indicator=INDICATOR, data_indicator=INDICATOR, measure="power_demand")
    _append(touch("data/raw/claims.csv"), [claim], list(claims[0]))
    # 5. the manifest, the run, the README
    touch("data/raw/MANIFEST.sha256")
    for cmd in ([sys.executable, "-m", "kzseries.manifest", "--update"],):
        r = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=_env(repo))
        assert r.returncode == 0, r.stderr + r.stdout
    return touched


def _env(repo):
    import os

    return {**os.environ, "PYTHONPATH": str(repo / "src")}


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("add_series") / "repo")
    touched = follow_the_recipe(repo)
    r = run_all(repo)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    readme = subprocess.run([sys.executable, "-m", "kzseries.readme"], cwd=repo, capture_output=True, text=True,
                            env=_env(repo))
    assert readme.returncode == 0, readme.stderr
    return repo, touched


@pytest.mark.slow
def test_a_sixth_series_appears_in_the_audit_the_verdicts_its_page_the_scorecard_the_site_and_the_readme(added):
    repo, touched = added
    processed, reports = repo / "data" / "processed", repo / "reports"
    assert len(_csv_rows(processed / f"observations_{SERIES}.csv")) >= 6  # the audit tidied it
    claim = {r["claim_id"]: r for r in _csv_rows(processed / f"claims_{SERIES}.csv")}["power-demand-2024"]
    assert claim["verdict"] == "consistent" and float(claim["measured_value"]) == pytest.approx(120.92)
    page = (reports / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Demand was 120.9 TWh in 2024" in page and "consistent" in page
    assert (repo / "figures" / "08_power_demand.png").exists()
    assert "power-demand-2024" in (reports / "07_scorecard.html").read_text(encoding="utf-8")
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert f'href="{NOTEBOOK}.html"' in index
    assert "statements on 6 headline series" in index
    assert f"data/raw/{SERIES}.csv" in (repo / "README.md").read_text(encoding="utf-8")

    # the recipe's footprint: data, the registry, one line of measures, and the series' own new files
    assert sorted(touched) == sorted([
        f"data/raw/{SERIES}.csv", "data/raw/indicators.csv", "data/raw/units.csv", "data/raw/plausibility.csv",
        "src/kzseries/registry.py", "src/kzseries/measures.py", f"src/kzseries/pages/{SERIES}.py",
        f"src/kzseries/plots/{SERIES}.py", f"src/kzseries/narrative/{NOTEBOOK}.md",
        "src/kzseries/narrative/figures.yaml", f"notebooks/{NOTEBOOK}.ipynb", "data/raw/claims.csv",
        "data/raw/MANIFEST.sha256"])


@pytest.mark.slow
def test_the_new_series_takes_its_place_before_the_scorecard_and_the_chapters_follow_the_registry(added):
    repo, _ = added
    reports = repo / "reports"
    page = (reports / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    # inserted before 06_documents in the registry: chapter 6, whatever its file is called
    assert "06 · Power" in page and "Figure 6.1" in page
    documents = (reports / "06_documents.html").read_text(encoding="utf-8")
    assert "07 · The rest of the documents" in documents and "Figure 7.1" in documents
    scorecard = (reports / "07_scorecard.html").read_text(encoding="utf-8")
    assert "08 · Scorecard" in scorecard and "Table 8.1." in scorecard and "Figure 8.1" in scorecard
    nav = page[page.index('<nav class="kz-nav">'):page.index("</nav>")]
    assert nav.index("06 Power") < nav.index("07 The rest of the documents") < nav.index("08 Scorecard")
