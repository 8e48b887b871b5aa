"""The page on the rest of the documents (``06_documents``): every statement beyond the five headline series,
by theme, and each document's statements in the order the registry lists them.

Rules live elsewhere: the verdicts are the claim engine's (``00_verdicts``), the themes are declared in
:mod:`kzseries.themes`, the measures in :mod:`kzseries.measures`. This module only gathers and shapes what the
page shows; it never recomputes a verdict's number.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from . import data, registry, verdicts
from .claims import fmt
from .figures import verdict_badge
from .nb import esc, firmness_cell, source_links
from .themes import THEMES

UNSETTLED = ("unverifiable", "pending")
ALL = SimpleNamespace(theme="all")  # the page's default view, for a caller without parameters (the scorecard)


@dataclass(frozen=True)
class Page:
    checked: pd.DataFrame      # the engine's rows for the statements of series "other" (all readings)
    statements: pd.DataFrame   # one verdict per sentence, series "other", with its theme
    all_statements: pd.DataFrame  # every sentence of the five documents, in registry order, with its document
    documents: pd.DataFrame    # one row per document: id, title, date, how many statements
    theme: str                 # the theme shown ("all" = every theme)


def doc_anchor(document: str) -> str:
    """The anchor of a document's section on this page (``doc-000`` for ``000_3ce9….txt``)."""
    return "doc-" + document.split("_", 1)[0]


def load_inputs() -> dict:
    registry_claims = data.load("claims.csv")
    return {"checked": verdicts.load(registry.OTHER), "statements": verdicts.statements_load(),
            "claims": registry_claims}


def build(inputs: dict, P) -> Page:
    reg = inputs["claims"]
    order = {cid: i for i, cid in enumerate(reg["claim_id"])}  # the registry lists each document in reading order
    theme_of = dict(zip(reg["claim_id"], reg["theme"]))
    st = inputs["statements"].copy()
    st["order"] = st["statement_id"].map(order)
    st["theme"] = st["statement_id"].map(theme_of).fillna("")
    st = st.sort_values(["document", "order"], kind="mergesort").reset_index(drop=True)
    other = st[st["series"] == registry.OTHER]
    checked = inputs["checked"]
    checked = checked.assign(theme=checked["claim_id"].map(theme_of))
    if P.theme != "all":
        other, checked = other[other["theme"] == P.theme], checked[checked["theme"] == P.theme]
    docs = (st.groupby("document", sort=True)
            .agg(title=("document_title", "first"), said_on=("said_on", "first"), statements=("statement_id", "size"))
            .reset_index())
    return Page(checked.reset_index(drop=True), other.reset_index(drop=True), st, docs, P.theme)


# ------------------------------------------------------------------------------------------------ tallies
def tally(page: Page) -> dict:
    """The page's opening numbers: statements, how many are judged against data, their verdicts."""
    st = page.statements
    judged = st[~st["verdict"].isin(UNSETTLED)]
    prim = page.checked[page.checked["reading_of"] == ""]
    with_data = prim[prim["measure"] != ""]
    return dict(statements=len(st), judged=len(judged), counts=st["verdict"].value_counts().to_dict(),
                checks=len(prim), with_data=len(with_data), themes=st["theme"].nunique(),
                sources=len({s for ids in with_data["measured_source_ids"] for s in str(ids).split(";") if s}),
                theme=THEMES.get(page.theme, ""))


def by_theme(page: Page) -> pd.DataFrame:
    """Statements per theme and verdict, themes in their declared order."""
    t = pd.crosstab(page.statements["theme"], page.statements["verdict"])
    t = t.reindex([k for k in THEMES if k in t.index])
    t.index = [THEMES[k] for k in t.index]
    t["all"] = t.sum(axis=1)
    return t.rename_axis("theme").reset_index()


def by_document(page: Page) -> pd.DataFrame:
    """Every statement of the five documents, headline series included, per document and verdict."""
    t = pd.crosstab(page.all_statements["document"].map(dict(zip(page.documents["document"],
                                                                 page.documents["title"]))),
                    page.all_statements["verdict"])
    t["all"] = t.sum(axis=1)
    return t.rename_axis("document").reset_index()


# ----------------------------------------------------------------------------------------------- sections
def _check_rows(checks: pd.DataFrame) -> str:
    rows = []
    for r in checks.itertuples():
        dev = "–" if pd.isna(r.deviation_pct) else f"{r.deviation_pct:+.1f}%"
        alt = f"<br><small>alternative reading of {esc(r.reading_of)}</small>" if r.reading_of else ""
        rows.append(f"<tr><td>{esc(r.claim_id)}{alt}</td><td>{fmt(r.stated_value) or '–'} {esc(r.unit)}</td>"
                    f"<td>{fmt(r.measured_value) or '–'}</td><td>{esc(r.measured_period)}</td><td>{dev}</td>"
                    f"<td>{verdict_badge(r.verdict)}</td><td>{firmness_cell(r)}</td><td>{esc(r.explanation)}</td>"
                    f"<td>{source_links(r.measured_source_ids)}</td></tr>")
    head = ["check", "stated", "measured", "period", "deviation", "verdict", "how firm", "explanation", "sources"]
    return ('<table class="kz-table kz-verdicts"><thead><tr>' + "".join(f"<th>{h}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def theme_sections(page: Page) -> str:
    """One section per theme: its statements' verdicts and the checks behind them (all text escaped)."""
    out = []
    for key, title in THEMES.items():
        st = page.statements[page.statements["theme"] == key]
        if st.empty:
            continue
        checks = page.checked[page.checked["theme"] == key]
        counts = ", ".join(f"{verdict_badge(v)} {n}" for v, n in st["verdict"].value_counts().sort_index().items())
        out.append(f'<h3 id="theme-{key}">{html.escape(title)}</h3><p>{len(st)} statements: {counts}.</p>'
                   + _check_rows(checks.sort_values("claim_id", kind="mergesort")))
    return "\n".join(out)


def unsettled(page: Page) -> pd.DataFrame:
    """Primary checks the data cannot settle, and what would settle them."""
    reg = data.load("claims.csv").set_index("claim_id")
    prim = page.checked[(page.checked["reading_of"] == "") & page.checked["verdict"].isin(UNSETTLED)]
    return pd.DataFrame({"check": prim["claim_id"], "theme": prim["theme"].map(THEMES),
                         "what would settle it": prim["claim_id"].map(reg["verifiable_with"]).fillna("")})


def document_sections(page: Page) -> str:
    """Each document's statements in order, with their verdicts, under an anchor the index links to."""
    out = []
    for d in page.documents.itertuples():
        st = page.all_statements[page.all_statements["document"] == d.document]
        rows = "".join(
            f"<tr><td>{i}</td><td>{esc(r.statement)}</td><td>{verdict_badge(r.verdict)}</td>"
            f"<td><small>{esc(r.verdicts_of_checks)}</small></td><td>{esc(r.series)}</td></tr>"
            for i, r in enumerate(st.itertuples(), 1))
        counts = ", ".join(f"{verdict_badge(v)} {n}" for v, n in st["verdict"].value_counts().sort_index().items())
        out.append(f'<h3 id="{doc_anchor(d.document)}">{esc(d.title)}</h3>'
                   f"<p>Said or published {esc(d.said_on)}; {len(st)} statements: {counts}.</p>"
                   '<table class="kz-table kz-document"><thead><tr><th>#</th><th>statement (paraphrase)</th>'
                   "<th>verdict</th><th>the checks</th><th>series</th></tr></thead><tbody>" + rows
                   + "</tbody></table>")
    return "\n".join(out)


def all_statements_tally(statements: pd.DataFrame) -> dict:
    """The second tally of the scorecard and the index: every numeric statement of the five documents."""
    return dict(total=len(statements), counts=statements["verdict"].value_counts().sort_index().to_dict(),
                judged=int((~statements["verdict"].isin(UNSETTLED)).sum()),
                headline=int(statements["series"].isin(registry.SERIES).sum()))
