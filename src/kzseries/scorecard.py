"""Gathering the series notebooks' verdicts, and the scorecard's tables."""

from __future__ import annotations

import html
import math

import pandas as pd

from . import claims as cl
from . import registry
from .figures import verdict_badge
from .nb import firmness_cell, when_said_cell


def notebook_of(series: str) -> str:
    """The notebook that shows a series (from the registry: its name ends with the series)."""
    return next(spec.name for spec in registry.REGISTRY if spec.name.split("_", 1)[-1] == series)


def headline(checked: pd.DataFrame, registry_claims: pd.DataFrame) -> pd.DataFrame:
    """Primary readings with what the registry says about them (document, paraphrase)."""
    cols = ["claim_id", "document_title", "statement", "curation_note", "reading_reason"]
    head = checked[checked["reading_of"] == ""].merge(registry_claims[cols], on="claim_id", how="left")
    return head.fillna({c: "" for c in cols})


def run_tolerance(checked: pd.DataFrame, registry_claims: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """The run's tolerance and the claims with their own (:func:`kzseries.claims.run_tolerance`)."""
    return cl.run_tolerance(checked, registry_claims, registry.get("00_verdicts").defaults["tolerance_pct"])


def short_label(r) -> str:
    """A readable axis label: series, the stated figure and the period measured."""
    q = {"more_than": "> ", "at_least": "≥ ", "about": "~", "nearly": "~", "up_to": "≤ "}.get(r.qualifier, "")
    return f"{r.series.replace('_', ' ')}: {q}{cl.fmt(r.stated_value)} {r.unit} ({r.measured_period})"


def _t(x) -> str:
    """Escaped text of one cell; a missing value is empty."""
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else html.escape(str(x))


def _num(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else cl.fmt(float(x))


def claims_table(head: pd.DataFrame, checked: pd.DataFrame) -> None:
    """The headline claims as one HTML table (every CSV text escaped), alternatives under their primary."""
    from IPython.display import HTML, display

    alts = checked[checked["reading_of"] != ""]
    rows = []
    for r in head.itertuples():
        nbname = notebook_of(r.series)
        dev = "–" if pd.isna(r.deviation_pct) else f"{r.deviation_pct:+.1f}%"
        other = "".join(
            f"<br><small>alternative, {_t(a.reading)}: {_num(a.measured_value)} → {_t(a.verdict.replace('_', ' '))}"
            "</small>" for a in alts[alts["reading_of"] == r.claim_id].itertuples())
        reading = f"<br><small>reading: {_t(r.reading)}</small>" if r.reading else ""
        rows.append(
            "<tr>"
            f"<td>{_t(r.claim_id)}</td>"
            f"<td>{_t(r.document_title)}<br><small>{_t(r.speaker)}; {_t(r.published) or 'undated'}</small></td>"
            f"<td>{_t(r.statement)}</td>"
            f"<td>{_num(r.stated_value)} {_t(r.unit)}</td>"
            f"<td>{_num(r.measured_value)} <small>{_t(r.measured_period)}</small></td>"
            f"<td>{dev}</td><td>{verdict_badge(r.verdict)}{reading}{other}</td>"
            f"<td>{when_said_cell(r)}</td><td>{firmness_cell(r)}</td>"
            f"<td>{_t(r.explanation)}</td>"
            f'<td><a href="{nbname}.html">{html.escape(nbname)}</a></td>'
            "</tr>"
        )
    display(HTML(
        f'<p class="kz-table-caption">Table {registry.chapter("07_scorecard")}.0. Every headline claim (primary reading), '
        "what the data say, and the "
        "verdict; alternative readings under it.</p>"
        '<table class="kz-table kz-scorecard"><thead><tr><th>claim</th><th>document, speaker, date</th>'
        "<th>what was said (paraphrase)</th><th>stated</th><th>measured</th><th>deviation</th><th>verdict</th>"
        "<th>when said</th><th>how firm</th>"
        "<th>explanation</th><th>shown in</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    ))


def pending_forecasts(checked: pd.DataFrame) -> pd.DataFrame:
    """Forecasts still waiting for their outcome, beside the latest projection in the data."""
    f = checked[(checked["kind"] == "forecast") & (checked["verdict"] == "pending")]
    return pd.DataFrame({"claim": f["claim_id"], "stated": f["stated_value"], "unit": f["unit"],
                         "years": f["measured_period"], "latest projection": f["benchmark_value"],
                         "projection source": f["measured_source_ids"], "speaker": f["speaker"]})


def curation_notes(head: pd.DataFrame) -> pd.DataFrame:
    """The curators' notes on each headline claim (reading choices, dating), kept apart from the paraphrase."""
    keep = head[(head["curation_note"] != "") | (head["reading_reason"] != "")]
    return keep[["claim_id", "reading_reason", "curation_note"]].rename(
        columns={"reading_reason": "why this reading", "curation_note": "curators' note"})


def tally(head: pd.DataFrame, statements: pd.DataFrame, checked: pd.DataFrame, series, tolerance: float,
          own: pd.DataFrame | None = None) -> dict:
    """What the scorecard's opening paragraph says: statements first, the checks behind them beside."""
    return dict(head=head, counts=head["verdict"].value_counts(), statements=statements,
                statement_counts=statements["verdict"].value_counts(), series=series, tolerance=tolerance,
                alternatives=len(checked) - len(head), fragile=int((head["robust"] == "fragile").sum()),
                by_construction=int((head["by_construction"] != "").sum()),
                own=[] if own is None else own.to_dict("records"))
