"""Small helpers that keep notebook cells short and the page readable.

Text that comes from the CSVs is always HTML-escaped before it is shown, so a
note containing ``<script>`` is displayed as text, never run.
"""

from __future__ import annotations

import html
import math
import warnings

import pandas as pd

from . import claims as claims_mod
from . import figures, params, paths
from .inputs import load_claims, load_inputs, load_targets, load_tidy  # noqa: F401 (the notebooks' loaders)
from .text import source_anchor

pd.set_option("display.max_rows", 200)
pd.set_option("display.width", 140)


def start(notebook: str, namespace: dict) -> dict:
    """Validate the parameters cell's values and set the house style.

    Called by the cell right after ``parameters``; returns the validated
    parameters (also shown as a small table).
    """
    global _NOTEBOOK
    warnings.filterwarnings("ignore", category=FutureWarning)
    P = params.check_parameters(notebook, namespace)
    _NOTEBOOK = notebook
    _choose_output_folder(notebook, P)
    figures.setup()
    return params.Params(P)


def _choose_output_folder(notebook: str, P: dict) -> None:
    """Outside run_all.py, non-default parameters write to ``runs/<notebook>-<hash>/``, never the committed outputs."""
    import hashlib
    import json

    from . import registry

    paths.use_run_folder(None)
    if paths.redirected_by_runner():
        return
    defaults = registry.get(notebook).defaults
    changed = {k: v for k, v in P.items() if v != defaults[k]}
    if not changed:
        return
    digest = hashlib.sha256(json.dumps(P, sort_keys=True).encode()).hexdigest()[:8]
    folder = paths.REPO_ROOT / "runs" / f"{notebook}-{digest}"
    paths.use_run_folder(folder)
    shown = ", ".join(f"{k}={v!r}" for k, v in changed.items())
    print(f"Non-default parameters ({shown}): this run writes its outputs to {folder}/ "
          "(git-ignored), not to the committed data/processed/, figures/ and reports/.")


def esc(text) -> str:
    """Escape one piece of text from a CSV for HTML/Markdown output."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text))


def say(page: str, name: str, **values) -> None:
    """Show one narrative template of ``src/kzseries/narrative/<page>.md``, rendered with computed values."""
    from IPython.display import Markdown, display

    from . import text

    display(Markdown(text.render(page, name, **values)))


def exercises(notebook: str) -> None:
    """The notebook's exercises for students (``narrative/exercises.yaml``), solutions folded; its last cell."""
    from IPython.display import Markdown, display

    from . import exercises as exercises_mod

    display(Markdown(exercises_mod.markdown(notebook)))


def show(markdown_html: str) -> None:
    """Display a block of HTML (already escaped by the caller with :func:`esc`)."""
    from IPython.display import HTML, display

    display(HTML(markdown_html))


_NOTEBOOK = ""  # the notebook nb.start() was called for: its chapter numbers the tables


def chapter() -> int:
    """The running notebook's chapter, from the registry's order (:func:`kzseries.registry.chapter`)."""
    from . import registry

    return registry.chapter(_NOTEBOOK) if _NOTEBOOK else 0


def numbered(caption: str, number: int | str | None) -> str:
    """``caption`` as "Table c.k. caption" when the table has a number k (c: the running notebook's chapter)."""
    return caption if number is None or not caption else f"Table {chapter()}.{number}. {caption}"


def table(df: pd.DataFrame, caption: str = "", floatfmt: str = "{:,.2f}", index: bool = False,
          number: int | str | None = None) -> None:
    """Show a frame as a real, escaped HTML table with an optional caption; ``number`` k makes it "Table c.k" with
    c the notebook's chapter from the registry.

    ``floatfmt`` is a format string, or ``"auto"`` for :func:`kzseries.claims.fmt` (14,692 / 291.5 / 26.96).
    """
    from IPython.display import HTML, display

    def fmt(x):
        if isinstance(x, float):
            if math.isnan(x):
                return "–"
            return claims_mod.fmt(x) if floatfmt == "auto" else floatfmt.format(x)
        return x

    body = df.map(fmt) if hasattr(df, "map") else df.applymap(fmt)
    table_html = body.to_html(index=index, escape=True, border=0, classes="kz-table", na_rep="–")
    caption = numbered(caption, number)
    cap = f'<p class="kz-table-caption">{html.escape(caption)}</p>' if caption else ""
    display(HTML(cap + table_html))


def parameters_table(P: dict, notebook: str) -> None:
    """The parameters this run used, with their meaning, as a table."""
    from . import registry

    spec = registry.get(notebook)
    rows = [{"parameter": p.name, "value": repr(P[p.name]), "default": repr(p.default), "meaning": p.help}
            for p in spec.params]
    table(pd.DataFrame(rows), caption="Parameters of this run (change them in the parameters cell or with run_all.py -p).")


def write_csv(df: pd.DataFrame, relpath: str) -> None:
    """Deterministic CSV: fixed float format, Unix line endings, no index."""
    df.to_csv(paths.output(relpath), index=False, lineterminator="\n", float_format="%.10g")


def source_links(ids: str) -> str:
    """Source ids as links to their row in the audit's source list (escaped)."""
    return ", ".join(f'<a href="00_data_audit.html#{source_anchor(s)}"><code>{html.escape(s)}</code></a>'
                     for s in ("" if pd.isna(ids) else str(ids)).split(";") if s)


def when_said_cell(r) -> str:
    """The verdict as known when said, shown only where it differs from today's (with the reason on hover)."""
    from .figures import verdict_badge

    if not r.verdict_when_said or r.verdict_when_said == r.verdict:
        return "same"
    return (f'<span title="{esc(r.when_said_note)}">{verdict_badge(r.verdict_when_said)}</span>'
            f"<br><small>{esc(r.said_on)}</small>")


def firmness_cell(r) -> str:
    """Margin to the tolerance edge, robust or fragile, and what flips a fragile verdict; the evidence class."""
    if not r.robust:
        return f"<small>{esc(r.evidence)}</small>" if r.evidence else "–"
    margin = "" if pd.isna(r.margin_pct) else f"{r.margin_pct:.2f} pt, "
    flips = f"<br><small>{esc(r.flips_if)}</small>" if r.robust == "fragile" else ""
    built = f"<br><small>holds by construction: {esc(r.by_construction)}</small>" if r.by_construction else ""
    return (f"{margin}<strong>{esc(r.robust)}</strong>{flips}{built}"
            f"<br><small>evidence: {esc(r.evidence)}</small>")


def verdict_table(df: pd.DataFrame, caption: str = "", number: int | str | None = None) -> None:
    """Verdicts from the engine as a readable table; each source id links to its row in the audit."""
    from IPython.display import HTML, display

    from .figures import verdict_badge

    head = ["claim", "stated", "measured", "period", "deviation", "verdict", "when said", "how firm", "explanation",
            "sources"]
    rows = []
    for r in df.itertuples():
        dev = "–" if pd.isna(r.deviation_pct) else f"{r.deviation_pct:+.1f}%"
        alt = f"<br><small>alternative reading of {esc(r.reading_of)}</small>" if r.reading_of else ""
        rows.append(f"<tr><td>{esc(r.claim_id)}{alt}</td><td>{claims_mod.fmt(r.stated_value) or '–'} {esc(r.unit)}</td>"
                    f"<td>{claims_mod.fmt(r.measured_value) or '–'}</td><td>{esc(r.measured_period)}</td>"
                    f"<td>{dev}</td><td>{verdict_badge(r.verdict)}</td><td>{when_said_cell(r)}</td>"
                    f"<td>{firmness_cell(r)}</td><td>{esc(r.explanation)}</td>"
                    f"<td>{source_links(r.measured_source_ids)}</td></tr>")
    cap = numbered(caption, number) or ("The claims on this series, as the claim engine judged them (00_verdicts); deviation = "
                      "(stated − measured) / measured × 100.")
    display(HTML(f'<p class="kz-table-caption">{html.escape(cap)}</p><table class="kz-table kz-verdicts"><thead><tr>'
                 + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" + "".join(rows)
                 + "</tbody></table>"))
