"""The HTML site in ``reports/``: one self-contained page per notebook, plus index.html.

Pages are rendered with nbconvert's Python API in the process that ran the
notebook (no subprocess per page), from a template that fetches nothing from
the network. Code cells are hidden: an economist reads prose, tables and
charts; the code is one click away in the executed ``.ipynb`` beside each page.
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path

import pandas as pd

from . import data, documents, paths, registry, verdicts
from .figures import verdict_badge

TEMPLATES = Path(__file__).parent / "templates"

CSS = """
body.jp-Notebook { max-width: 1240px; margin: 0 auto; padding: 0 1.2rem 2rem; }
nav.kz-nav { position: sticky; top: 0; z-index: 10; background: #1f4e79; padding: .5rem 1rem;
  margin: 0 -1.2rem 1rem; display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; font: 14px/1.4 sans-serif; }
nav.kz-nav a { color: #fff; text-decoration: none; }
nav.kz-nav a.kz-current { font-weight: bold; text-decoration: underline; }
footer.kz-footer { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: .6rem; color: #555;
  font: 13px/1.5 sans-serif; }
p.kz-caption { font-size: 13px; color: #333; margin: .2rem 0 1.2rem; }
span.kz-source { color: #666; }
.jp-RenderedHTMLCommon table.kz-table { border-collapse: collapse; font-size: 13px; margin: .4rem 0 1rem;
  table-layout: auto; }
.jp-RenderedHTMLCommon table.kz-table th, .jp-RenderedHTMLCommon table.kz-table td {
  border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; max-width: none; }
.jp-RenderedHTMLCommon table.kz-table th { background: #f2f5f9; }
.jp-RenderedHTMLCommon table.kz-scorecard { font-size: 12px; }
.jp-RenderedHTMLCommon table.kz-scorecard td:nth-child(3),
.jp-RenderedHTMLCommon table.kz-scorecard td:nth-child(8) { min-width: 16em; }
.jp-RenderedHTMLCommon table.kz-scorecard td:nth-child(2) { min-width: 10em; }
p.kz-table-caption { font-size: 13px; font-weight: bold; margin: 1rem 0 .2rem; }
.kz-index td, .kz-index th { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
.kz-index { border-collapse: collapse; }
.kz-verdict { padding: 1px 6px; border-radius: 3px; color: #fff; font-size: 12px; }
"""


def raw_vintage(raw_dir: Path | None = None, name: str = "index") -> str:
    """One line that identifies the raw data a page was built from.

    The digest covers the manifest lines of the files the page's notebook declares as its raw inputs (every
    file for the index), so a page changes exactly when its notebook is re-run, and a rebuild from scratch
    gives the same bytes as an incremental one.
    """
    raw_dir = raw_dir or paths.RAW_DIR
    manifest = raw_dir / "MANIFEST.sha256"
    wanted = set(registry.RAW_FILES) if name == "index" else set(registry.get(name).raw_inputs)
    if manifest.exists():
        lines = [line for line in manifest.read_text(encoding="utf-8").splitlines()
                 if line.strip() and line.split("  ", 1)[-1] in wanted]
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]
    else:
        digest = "missing"
    try:
        sources = data.load("sources.csv", raw_dir, verify=False)
        n = len(sources)
        accessed = max(sources["accessed"])
    except data.RawDataError:
        n, accessed = 0, "?"
    return (f"Data: <code>data/raw/</code>, {n} cited sources (see <code>data/raw/sources.csv</code>), "
            f"last accessed {html.escape(accessed)}; sha256 of its raw inputs' checksums {digest}.")


def nav(current: str) -> str:
    links = ['<a href="index.html"' + (' class="kz-current"' if current == "index" else "") + ">Overview</a>"]
    for spec in registry.REGISTRY:
        cls = ' class="kz-current"' if spec.name == current else ""
        links.append(f'<a href="{spec.name}.html"{cls}>{registry.chapter(spec.name):02d} {html.escape(spec.title)}</a>')
    return '<nav class="kz-nav">' + "".join(links) + "</nav>"


def footer(name: str) -> str:
    nb_link = f' Executed notebook: <a href="{name}.ipynb">{name}.ipynb</a>.' if name != "index" else ""
    return (f'<footer class="kz-footer">{raw_vintage(name=name)}{nb_link} '
            "Built by <code>run_all.py</code> from the notebooks in <code>notebooks/</code>.</footer>")


def render_notebook(nb, name: str) -> str:
    """HTML for an executed notebook: inputs hidden, figures embedded, no network."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="kzsite", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    resources = {"kz": {"css": CSS, "nav": nav(name), "footer": footer(name)},
                 "metadata": {"name": f"{name} – {registry.get(name).title}"}}
    body, _ = exporter.from_notebook_node(_numbered(nb, name), resources=resources)
    return body


def _numbered(nb, name: str):
    """The notebook with its chapter number, from the registry, before its title ("# 03 · Housing ..."); the
    notebook files carry no number, so a series added before the scorecard renumbers the pages by itself."""
    import copy

    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or not first.source.startswith("# "):
        return nb
    nb = copy.deepcopy(nb)
    nb.cells[0].source = f"# {registry.chapter(name):02d} · " + nb.cells[0].source[2:]
    return nb


def _all_statements(st: pd.DataFrame) -> str:
    """The index's second tally (every numeric statement of the five documents) and a link to each document."""
    t = documents.all_statements_tally(st)
    titles = dict(zip(st["document"], st["document_title"]))
    links = "".join(f'<li><a href="06_documents.html#{documents.doc_anchor(d)}">{html.escape(titles[d])}</a>: '
                    f"{n} statements</li>" for d, n in st.groupby("document", sort=True).size().items())
    return (f"<p><strong>All numeric statements of the five documents:</strong> {t['total']} "
            f"({t['headline']} on the headline series, the rest on the page "
            f'<a href="06_documents.html">{registry.chapter("06_documents"):02d} {html.escape(registry.get("06_documents").title)}</a>); '
            "one verdict each: "
            + ", ".join(f"{verdict_badge(v)} {int(n)}" for v, n in t["counts"].items())
            + f". {t['judged']} of them could be judged against data.</p>"
            + f"<p>Each document checked, statement by statement, in order:</p><ul>{links}</ul>")


def render_index(out_root: Path) -> str:
    """reports/index.html: the scorecard summary, then every notebook and its question."""
    parts = ["<h1>Kazakhstan's headline economic series: statements checked against the data</h1>"]
    claims_path = out_root / "data" / "processed" / "claims_checked.csv"
    chart = out_root / "figures" / "07_deviation_by_claim.png"
    if claims_path.exists():
        df = pd.read_csv(claims_path, keep_default_na=False)
        st_path = claims_path.with_name("statements_checked.csv")
        every = pd.read_csv(st_path, keep_default_na=False) if st_path.exists() else df[df["reading_of"] == ""]
        series = [spec.title for spec in registry.REGISTRY if spec.name.split("_", 1)[-1] in registry.SERIES]
        st, df = verdicts.headline(every), verdicts.headline(df)  # the first tally: the headline series
        counts, prim = st["verdict"].value_counts(), df[df["reading_of"] == ""]
        fragile = int((prim["robust"] == "fragile").sum()) if "robust" in prim else 0
        parts.append(
            f"<p>{len(st)} statements on {len(series)} headline series ({html.escape(', '.join(series))}) from "
            f"{df['document'].nunique()} official documents were checked against curated official statistics, "
            f"in {len(prim)} checks ({len(df) - len(prim)} alternative readings beside them; {fragile} verdicts "
            "are fragile: a small change would flip them). One verdict per statement: "
            + ", ".join(f"{verdict_badge(v)} {int(n)}" for v, n in sorted(counts.items()))
            + '. The full table is in the <a href="07_scorecard.html">scorecard</a>.</p>'
        )
        parts.append(_all_statements(every))
    if chart.exists():
        b64 = base64.b64encode(chart.read_bytes()).decode("ascii")
        from . import figure_specs

        caption = figure_specs.get("07_deviation_by_claim").title + ": deviation (%) of each statement from the data."
        parts.append(
            f'<figure><img alt="{html.escape(caption)}" '
            f'src="data:image/png;base64,{b64}" style="max-width:100%">'
            f'<figcaption class="kz-caption">{html.escape(caption)}</figcaption></figure>'
        )
    parts.append("<h2>The notebooks</h2><table class=\"kz-index\"><tr><th>Notebook</th><th>Question</th></tr>")
    for spec in registry.REGISTRY:
        parts.append(f'<tr><td><a href="{spec.name}.html">{html.escape(spec.name)} {html.escape(spec.title)}</a></td>'
                     f"<td>{html.escape(spec.question)}</td></tr>")
    parts.append("</table>")
    parts.append("<p>Each page is a notebook executed with its default parameters; the executed "
                 "<code>.ipynb</code> beside it shows the code. Rebuild everything with <code>make reproduce</code>.</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
        f"<title>Kazakhstan headline series: overview</title>\n<style>{CSS}\n"
        "body { font: 15px/1.55 sans-serif; color: #222; }</style>\n</head>\n"
        f"<body class=\"jp-Notebook\">\n{nav('index')}\n<main>\n" + "\n".join(parts)
        + f"\n</main>\n{footer('index')}\n</body>\n</html>\n"
    )

