"""Templates only say: the narrative files hold at most a handful of expressions with arithmetic or a comparison;
the numbers and the words they choose are named fields and flags of the pages, computed and tested in Python.
The formatting filters that say a signed figure in words are tested here; the flags with the page they belong to."""

from __future__ import annotations

import dataclasses
import math
import re

import pytest

from conftest import build_page
from kzseries import text

NARRATIVE = "src/kzseries/narrative"
LIMIT = 10  # issue 25: from about 140 to at most 10, in all the templates together


def expressions(source: str):
    """The Jinja expressions of a template: {{ ... }} and the conditions of {% if/elif/set/for ... %}."""
    for m in re.finditer(r"\{\{-?(.*?)-?\}\}|\{%-?\s*(?:if|elif|set|for)\b(.*?)-?%\}", source, re.S):
        yield m.group(1) if m.group(1) is not None else m.group(2)


def computes(expr: str) -> bool:
    """Arithmetic, a comparison or abs() on values (string literals, filters and subscripts are not counted)."""
    s = re.sub(r"'[^']*'|\"[^\"]*\"", "''", expr)
    s = re.sub(r"\|\s*\w+(\([^)]*\))?", "|f", s)
    s = re.sub(r"\[[^\]]*\]", "[k]", s)
    left, right = r"[\w\])]", r"[\w(\[]"
    return bool(re.search(left + r"\s*(\+|-|\*|/|%|//|\*\*)\s*-?" + right, s) or re.match(r"\s*-\s*" + right, s)
                or re.search(left + r"\s*(<=|>=|<|>|==|!=)\s*-?" + right, s) or re.search(r"\babs\b", expr))


@pytest.mark.parametrize("expr, counted", [
    ("(s['latest'] - s['first_release']) | abs", True),      # the examples
    ('"below" if gap_thr_year < 0 else "above"', True),
    ("(p.pace_gap_pct - tolerance) | num1", True),
    ("x == x", True),                                          # a NaN test written as a self-comparison
    ("claim.deviation_pct | size", False),                     # formatting only
    ('x | side("short of", "above")', False),
    ("v.record_10y.verdict | verdict", False),
    ('"%+.1f" | format(now.area_contribution_pp)', False),
    ("t.path['cumulative'].iloc[-1] | num1", False),
])
def test_the_counter_counts_computation_and_not_formatting(expr, counted):
    assert computes(expr) is counted


def test_templates_hold_at_most_ten_computing_expressions(root):
    found = {p.name: [e for e in expressions(p.read_text(encoding="utf-8")) if computes(e)]
             for p in sorted((root / NARRATIVE).glob("*.md"))}
    total = sum(len(v) for v in found.values())
    assert total <= LIMIT, {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("x, size, size_pct, side", [
    (-4.62, "4.6", "4.6%", "below"), (3.05, "3.0", "3.0%", "above"), (0.0, "0.0", "0.0%", "above"),
    (-1234.5, "1,234.5", "1234.5%", "below"), (math.nan, "–", "–", "above"), (None, "–", "–", "above"),
])
def test_a_signed_figure_is_said_as_a_size_and_a_side(x, size, size_pct, side):
    assert text.size(x) == size and text.size_pct(x) == size_pct and text.side(x) == side
    assert text.side(-1, "short of", "above") == "short of"


def test_the_filters_reach_the_templates():
    env = text._environment()
    out = env.from_string('{{ g | size }}% {{ g | side("short of", "above") }}; {{ g | size_pct(0) }}').render(g=-12.345)
    assert out == "12.3% short of; 12%"


# ------------------------------------------------------------------------- flags on the pages
@pytest.fixture(scope="module")
def housing_page():
    return build_page("housing", base_year=2018, window_start=2019, window_end=2024, vintage="first_release")


@pytest.mark.parametrize("abs_base, pct_base, within", [(10.0, 9.95, True), (10.0, 9.85, False), (9.85, 10.0, False),
                                                        (10.0, 10.09, True)])
def test_two_implied_bases_agree_within_the_published_step(housing_page, abs_base, pct_base, within):
    c = dataclasses.replace(housing_page.change, base_from_abs=abs_base, base_from_pct=pct_base)
    assert c.bases_within_rounding is within
    assert c.bases_gap == pytest.approx(abs_base - pct_base)


@pytest.mark.parametrize("stated, words", [(100.0, "above both"), (1.0, "below both")])
def test_the_stated_total_is_placed_against_both_vintages(housing_page, stated, words):
    w = dataclasses.replace(housing_page.window, stated=stated)
    assert w.stated_position == words
    sums = housing_page.window.sums
    between = (sums["first_release"] + sums["latest"]) / 2
    assert dataclasses.replace(housing_page.window, stated=between).stated_position == "between the two"


def test_the_rendered_sentence_follows_the_flag(housing_page):
    # the same template, with the two implied bases apart or together: the rounding clause comes and goes
    apart = dataclasses.replace(housing_page, change=dataclasses.replace(housing_page.change, base_from_abs=20.0,
                                                                         base_from_pct=10.0))
    together = dataclasses.replace(housing_page, change=dataclasses.replace(housing_page.change, base_from_abs=10.02,
                                                                            base_from_pct=10.0))
    assert "rounding, not a" not in text.render("03_housing", "change", R=apart)
    assert "rounding, not a" in text.render("03_housing", "change", R=together)
