"""Exercises for students, declared once in ``src/kzseries/narrative/exercises.yaml``.

Each series notebook ends, as a QuantEcon lecture does, with a few exercises: change one of the notebook's own
parameters (declared in :mod:`kzseries.registry`), run it again and explain what moves. An exercise declares

``id``        a short name, unique in its notebook (the test is named after it);
``question``  and ``solution``: Markdown with Jinja placeholders, written like a narrative template; they may use
              ``params`` (the exercise's parameters) and ``checks`` (its checks, e.g. ``checks[0].value``), so a
              number the solution states is the number its check verifies;
``params``    ``{name: value}``, validated by the registry like ``run_all.py -p``;
``checks``    what the solution states, as assertions on one value of an output under ``run_all.py --out DIR``:
              ``file`` (``data/processed/<x>.csv``, or an executed notebook ``reports/<notebook>.ipynb`` with
              ``table``: the caption's opening words, or ``what_if`` for the "what the claims would say under your
              parameters" table), ``where`` (``{column: value}`` picking one row), ``column``, ``op`` (one of
              :data:`OPS`) and either ``value`` or ``vs: default`` (the same value in the committed outputs,
              built with the defaults); ``approx`` takes ``tol`` (absolute).

:func:`markdown` renders a notebook's exercises ("## Exercises", numbered, each solution folded in an HTML
``<details>``), :func:`kzseries.nb.exercises` shows it as the notebook's last cell, and
``tests/test_exercises.py`` runs every exercise's parameters through ``run_all.py --out`` and evaluates its checks
with :func:`evaluate`.
"""

from __future__ import annotations

import json
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from . import names, registry
from . import params as params_mod

SPEC_FILE = Path(__file__).with_name("narrative") / "exercises.yaml"
WHAT_IF = "what_if"  # the table of verdicts.what_if: its header carries this column
WHAT_IF_COLUMN = "your choices"
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
       "!=": operator.ne, "approx": None}
MISSING = {"", "–", "-", "nan"}


class ExerciseError(ValueError):
    """A declaration in exercises.yaml that cannot be used."""


@dataclass(frozen=True)
class Check:
    file: str
    where: tuple[tuple[str, Any], ...]
    column: str
    op: str
    value: Any = None
    vs: str | None = None
    tol: float | None = None
    table: str | None = None

    def describe(self) -> str:
        where = ", ".join(f"{k} = {v}" for k, v in self.where)
        target = "the default run's value" if self.vs else repr(self.value)
        tol = f" ± {self.tol:g}" if self.op == "approx" else ""
        table = f" ({self.table})" if self.table else ""
        return f"{self.file}{table} [{where}] {self.column} {self.op} {target}{tol}"


@dataclass(frozen=True)
class Exercise:
    notebook: str
    number: str
    id: str
    question: str
    params: tuple[tuple[str, Any], ...]
    solution: str
    checks: tuple[Check, ...]


def _check(notebook: str, ex_id: str, raw: dict) -> Check:
    where = f"exercise {notebook}/{ex_id}"
    unknown = set(raw) - {"file", "where", "column", "op", "value", "vs", "tol", "table"}
    if unknown:
        raise ExerciseError(f"{where}: unknown check key(s) {', '.join(sorted(unknown))}")
    file = raw.get("file", "")
    outputs = set(registry.get(notebook).outputs) | {f"reports/{notebook}.ipynb"}
    if file not in outputs:
        raise ExerciseError(f"{where}: check file {file!r} is not an output of {notebook} (the registry's outputs, "
                            f"or reports/{notebook}.ipynb)")
    if file.endswith(".ipynb") != ("table" in raw):
        raise ExerciseError(f"{where}: a check on an executed notebook names its table, a check on a CSV does not")
    if raw.get("op") not in OPS:
        raise ExerciseError(f"{where}: op {raw.get('op')!r} is not one of {', '.join(OPS)}")
    if ("value" in raw) == (raw.get("vs") == "default"):
        raise ExerciseError(f"{where}: a check has either a value or 'vs: default'")
    if (raw["op"] == "approx") != ("tol" in raw):
        raise ExerciseError(f"{where}: 'approx' and only 'approx' takes a tolerance 'tol'")
    where_ = dict(raw.get("where") or {})
    if "claim" in where_:  # a claim is named as the page names it ("gdp.per_capita_2024"), never by its id
        try:
            where_["claim"] = names.resolve(str(where_["claim"]))
        except KeyError as e:
            raise ExerciseError(f"{where}: {e.args[0]}") from None
    return Check(file, tuple(where_.items()), raw["column"], raw["op"], raw.get("value"),
                 raw.get("vs"), raw.get("tol"), raw.get("table"))


@lru_cache(maxsize=None)
def _load(stamp: int) -> tuple[Exercise, ...]:
    import yaml

    raw = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")) or {}
    out = []
    for notebook, items in raw.items():
        registry.get(notebook)  # an unknown notebook raises, naming the known ones
        chapter = registry.chapter(notebook)
        seen = set()
        for i, item in enumerate(items, 1):
            ex_id = item["id"]
            if ex_id in seen:
                raise ExerciseError(f"exercise {notebook}/{ex_id}: the id is used twice")
            seen.add(ex_id)
            values = item.get("params") or {}
            if not values:
                raise ExerciseError(f"exercise {notebook}/{ex_id}: an exercise changes at least one parameter")
            params_mod.validate(notebook, values, partial=True)  # a bad name, type or range raises here
            checks = tuple(_check(notebook, ex_id, c) for c in item.get("checks") or ())
            if not checks:
                raise ExerciseError(f"exercise {notebook}/{ex_id}: no check verifies its solution")
            out.append(Exercise(notebook, f"{chapter}.{i}", ex_id, item["question"].strip(), tuple(values.items()),
                                item["solution"].strip(), checks))
    return tuple(out)


def all_exercises() -> tuple[Exercise, ...]:
    return _load(SPEC_FILE.stat().st_mtime_ns)


def for_notebook(notebook: str) -> tuple[Exercise, ...]:
    return tuple(e for e in all_exercises() if e.notebook == notebook)


def rounds() -> list[dict[str, Exercise]]:
    """The exercises grouped so that one ``run_all.py`` run checks several: round k holds the k-th exercise of
    every notebook (each notebook's parameters are its own, so they never mix)."""
    out: list[dict[str, Exercise]] = []
    for e in all_exercises():
        k = int(e.number.split(".")[1]) - 1
        while len(out) <= k:
            out.append({})
        out[k][e.notebook] = e
    return out


def run_args(exercises) -> list[str]:
    """``-p NOTEBOOK.KEY=VALUE`` arguments for ``run_all.py`` that set these exercises' parameters."""
    return [a for e in exercises for k, v in e.params for a in ("-p", f"{e.notebook}.{k}={v}")]


# ------------------------------------------------------------------------------------------------ rendering
def _render(source: str, e: Exercise) -> str:
    from . import text

    values = {"params": dict(e.params), "checks": e.checks}
    return text._environment().from_string(source).render(**values).strip()


def command(e: Exercise) -> str:
    """The command line that runs exercise ``e`` (into a git-ignored folder of its own)."""
    sets = " ".join(f"-p {e.notebook}.{k}={v}" for k, v in e.params)
    return f"python run_all.py --out runs/exercise-{e.number} --only {e.notebook} {sets}"


def markdown(notebook: str) -> str:
    """The notebook's exercises as Markdown: a heading, then each question with its solution folded."""
    from markupsafe import Markup

    from . import text

    parts = [text.render("exercises", "intro")]
    for e in for_notebook(notebook):
        # question and solution are authored Markdown (trusted, like a template): rendered, then kept as they are
        parts.append(text.render("exercises", "exercise", number=e.number, command=command(e),
                                 question=Markup(_render(e.question, e)), solution=Markup(_render(e.solution, e))))
    return "\n\n".join(parts)


# ------------------------------------------------------------------------------------------------- checking
def _number(x: Any) -> float | None:
    """A value as a number, if it reads as one (the pages write 14,155 / -1.09 / 5.9% / –)."""
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x)
    s = str(x).strip().replace(",", "").replace("−", "-").removesuffix("%")
    if s in MISSING:
        return math.nan
    try:
        return float(s)
    except ValueError:
        return None


class _TableParser(HTMLParser):
    """The tables of one HTML output (pandas' ``to_html`` and the page helpers): caption, header, rows of texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.caption, self._cell, self._in_caption, self._row = "", None, False, None

    def handle_starttag(self, tag, attrs):
        if tag == "p" and "kz-table-caption" in (dict(attrs).get("class") or ""):
            self._in_caption, self.caption = True, ""
        elif tag == "table":
            self.tables.append((self.caption, [], []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append((tag, " ".join(" ".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            _, head, rows = self.tables[-1]
            if all(t == "th" for t, _ in self._row) and not head:
                head.extend(text for _, text in self._row)
            else:
                rows.append([text for _, text in self._row])
            self._row = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        if self._cell is not None:
            self._cell.append(data)


def _tables(path: Path):
    """Every HTML table shown in an executed notebook, as (caption, header, rows of cell texts)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                parser = _TableParser()
                parser.feed("".join(html) if isinstance(html, list) else html)
                for caption, head, rows in parser.tables:
                    yield " ".join(caption.split()), head, rows


def _rows(check: Check, root: Path) -> list[dict[str, Any]]:
    path = root / check.file
    if check.file.endswith(".csv"):
        import pandas as pd

        return pd.read_csv(path, keep_default_na=False, dtype=str).to_dict("records")
    for caption, head, rows in _tables(path):
        if (check.table == WHAT_IF and WHAT_IF_COLUMN in head) or (check.table != WHAT_IF and caption.startswith(check.table)):
            return [dict(zip(head, r)) for r in rows]
    raise ExerciseError(f"{check.file}: no table {check.table!r}")


def read(check: Check, root: Path) -> str:
    """The one value ``check`` selects in the output tree ``root``, as written there (text)."""
    def same(a, b) -> bool:
        na, nb_ = _number(a), _number(b)
        return na == nb_ if na is not None and nb_ is not None else str(a) == str(b)

    hits = [r for r in _rows(check, root) if all(same(r.get(k, ""), v) for k, v in check.where)]
    if len(hits) != 1:
        raise ExerciseError(f"{check.describe()}: {len(hits)} rows match in {root}, not one")
    return re.sub(r"\s+", " ", str(hits[0][check.column])).strip()


@dataclass(frozen=True)
class Outcome:
    check: Check
    observed: Any
    expected: Any
    ok: bool

    def __str__(self) -> str:
        return f"{'ok' if self.ok else 'FAILED'}: {self.check.describe()}; observed {self.observed!r}, " \
               f"expected {self.check.op} {self.expected!r}"


def evaluate(check: Check, root: Path, default_root: Path) -> Outcome:
    """Does the run in ``root`` show what the solution states? (``default_root``: the committed outputs.)

    Text is compared as text (``==``, ``!=``); everything else as numbers, as the page writes them."""
    observed = read(check, root)
    expected = read(check, default_root) if check.vs == "default" else check.value
    if isinstance(expected, str) and _number(expected) is None or expected == "":
        ok = check.op in ("==", "!=") and OPS[check.op](observed, expected)
        return Outcome(check, observed, expected, ok)
    x, y = _number(observed), _number(expected)
    if x is None or math.isnan(x):
        ok = False
    elif check.op == "approx":
        ok = abs(x - y) <= check.tol
    else:
        ok = bool(OPS[check.op](x, y))
    return Outcome(check, x, y, ok)
