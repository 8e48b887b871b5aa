"""One vocabulary for numbers and words on every page, and the narrative templates.

Sentences that carry computed numbers live in ``src/kzseries/narrative/<page>.md``,
one template per ``## name`` heading, written in Jinja (``{{ value | num }}``,
``{% if ... %}``). A notebook shows one with :func:`kzseries.nb.say`; the
conclusions are conditions on computed results, never fixed text.

Filters: ``num`` (14,692 / 291.5 / 26.96), ``num1``/``num2`` (fixed decimals),
``pct`` (12.3%), ``signed`` (+12.3%), ``years`` (2007-2012, 2015), ``verdict``
(on_track -> on track), ``ratio`` (x1.5), and for a signed figure said in words ``size``/``size_pct`` (its
magnitude: 4.6, 4.6%) with ``side`` (its direction: ``x | side("below", "above")``). Templates only say: every
other comparison, threshold or sum is a named field or flag of the page, computed and tested in Python.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from markupsafe import Markup

NARRATIVE_DIR = Path(__file__).with_name("narrative")


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x, digits: int | None = None) -> str:
    """14,692 / 291.5 / 26.96 / 0.2 (four significant digits below 1,000), or fixed ``digits``; '–' if missing."""
    if _missing(x):
        return "–"
    x = float(x)
    if digits is not None:
        return f"{x:,.{digits}f}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def pct(x, digits: int = 1) -> str:
    return "–" if _missing(x) else f"{float(x):.{digits}f}%"


def signed(x, digits: int = 1) -> str:
    return "–" if _missing(x) else f"{float(x):+.{digits}f}%"


def size(x, digits: int = 1) -> str:
    """The magnitude of a signed figure (4.6 for -4.6), for a sentence that says the direction in words."""
    return "–" if _missing(x) else f"{abs(float(x)):,.{digits}f}"


def size_pct(x, digits: int = 1) -> str:
    return "–" if _missing(x) else f"{abs(float(x)):.{digits}f}%"


def side(x, below: str = "below", above: str = "above") -> str:
    """The direction of a signed figure in words: ``below`` for a negative one, else ``above``."""
    return below if not _missing(x) and float(x) < 0 else above


def ratio(x, digits: int = 2) -> str:
    return "–" if _missing(x) else f"×{float(x):.{digits}f}"


def years(ys: Iterable[int]) -> str:
    """Consecutive years as runs: 2007–2012, 2015 ('none' when empty)."""
    ys = sorted({int(y) for y in ys})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs) or "none"


def verdict(v: str) -> str:
    return str(v).replace("_", " ")


def and_list(items: Iterable) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


# Characters that make Markdown out of plain text in a sentence: links and images need [ ], emphasis * _ ~,
# code `, maths $ (and \\ itself); raw HTML is already inert (Jinja escapes it). A template's own Markdown
# is written in the template; a value put into it (a publisher's name from sources.csv) is text.
_MARKDOWN = re.compile(r"([\\`*_\[\]$~])")


def md_escape(value: str) -> str:
    """Plain text made inert in Markdown (its HTML is escaped by Jinja's autoescape as well)."""
    # "://" too: the renderer turns a bare URL into a live link (its text still shows the address)
    return _MARKDOWN.sub(r"\\\1", value).replace("://", ":\\/\\/")


def _finalize(value):
    # Every {{ value }} passes here before Jinja escapes its HTML. Numbers and their filters' output
    # (14,692 / +12.3% / 2007–2012) carry none of these characters; only text is changed. Markup is text the
    # caller has already rendered from an authored template (an exercise's question): it stays as it is.
    return md_escape(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@lru_cache(maxsize=None)
def _environment():
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False,
                             lstrip_blocks=True, keep_trailing_newline=False, finalize=_finalize)
    env.filters.update(num=num, num1=lambda x: num(x, 1), num2=lambda x: num(x, 2), pct=pct, signed=signed,
                       ratio=ratio, years=years, verdict=verdict, and_list=and_list, size=size, size_pct=size_pct,
                       side=side)
    return env


def templates(page: str) -> dict[str, str]:
    """The named templates of one page's narrative file (``## name`` headings split them)."""
    return _templates(NARRATIVE_DIR / f"{page}.md", (NARRATIVE_DIR / f"{page}.md").stat().st_mtime_ns)


@lru_cache(maxsize=None)
def _templates(path: Path, stamp: int) -> dict[str, str]:
    out: dict[str, str] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"## ([a-z0-9_]+)\s*", line)
        if m:
            name = m.group(1)
            out[name] = ""
        elif name is not None:
            out[name] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


def render(page: str, name: str, **values) -> str:
    """One narrative template rendered with ``values`` (text in them is HTML- and Markdown-escaped)."""
    try:
        source = templates(page)[name]
    except KeyError:
        raise KeyError(f"no template {name!r} in src/kzseries/narrative/{page}.md") from None
    return _environment().from_string(source).render(**{"chapter": _chapter(page), **values}).strip()


def _chapter(page: str) -> int:
    """The chapter of the notebook a narrative file belongs to (0 for a file that is not a notebook's), so a template
    says "Table {{ chapter }}.4" and follows the registry's order."""
    from . import registry

    return registry.chapter(page) if page in {s.name for s in registry.REGISTRY} else 0


def source_anchor(source_id: str) -> str:
    """The HTML id of a source's row in the audit's source list (links from every page point to it)."""
    return "source-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(source_id))
