"""Figures that rebuild byte for byte, and their captions.

Every chart goes through :func:`save`: it writes ``figures/<stem>.png`` (for
reading) and ``figures/<stem>.svg`` (for print) with fixed size, dpi, fonts,
SVG hash salt and no date metadata, then shows the very same PNG in the
notebook with a numbered caption and its source line. One render, one set of
bytes, wherever the figure is looked at.
"""

from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")  # no display needed; identical output on every machine

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from . import paths  # noqa: E402

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/): eight colours
# that stay distinct under protanopia, deuteranopia and tritanopia. Every chart draws from it.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# The default colour cycle (for a chart that names no colour): Okabe-Ito without black and yellow.
CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]

# Roles in the charts. Stated figures (claims) are also drawn as black-edged diamonds and targets
# as stars or dotted lines, so they are told apart by shape as well as colour.
PALETTE = {
    "observed": OKABE_ITO["blue"],
    "alt": OKABE_ITO["vermillion"],
    "alt2": OKABE_ITO["bluish_green"],
    "alt3": OKABE_ITO["reddish_purple"],
    "forecast": "#7f7f7f",
    "target": OKABE_ITO["black"],
    "claim": OKABE_ITO["orange"],
    "grid": "#e6e6e6",
}

# Every verdict's look, in one place: colour (Okabe-Ito), a hatch for bars and a marker for points,
# so verdicts differ by more than colour (no two share colour and hatch, nor a marker), and the text
# colour that reads on the colour (badges in the HTML also print the verdict's name).
VERDICT_STYLE = {
    "consistent":    {"colour": OKABE_ITO["bluish_green"],   "hatch": "",    "marker": "o", "text": "#000000"},
    "overstated":    {"colour": OKABE_ITO["vermillion"],     "hatch": "///", "marker": "^", "text": "#000000"},
    "understated":   {"colour": OKABE_ITO["blue"],           "hatch": "\\\\\\", "marker": "v", "text": "#ffffff"},
    "not_supported": {"colour": OKABE_ITO["reddish_purple"], "hatch": "xxx", "marker": "X", "text": "#000000"},
    "achieved":      {"colour": OKABE_ITO["bluish_green"],   "hatch": "...", "marker": "P", "text": "#000000"},
    "missed":        {"colour": OKABE_ITO["vermillion"],     "hatch": "xxx", "marker": "s", "text": "#000000"},
    "on_track":      {"colour": OKABE_ITO["sky_blue"],       "hatch": "---", "marker": ">", "text": "#000000"},
    "off_track":     {"colour": OKABE_ITO["orange"],         "hatch": "|||", "marker": "<", "text": "#000000"},
    "pending":       {"colour": "#bbbbbb",                   "hatch": "",    "marker": "d", "text": "#000000"},
    "unverifiable":  {"colour": "#999999",                   "hatch": "oo",  "marker": "D", "text": "#000000"},
    "proposal":      {"colour": OKABE_ITO["yellow"],         "hatch": "++",  "marker": "*", "text": "#000000"},
    # a statement's verdict from several checks, and a check judged as known when it was said
    "partly_consistent": {"colour": OKABE_ITO["bluish_green"], "hatch": "//", "marker": "h", "text": "#000000"},
    "inconsistent":  {"colour": OKABE_ITO["vermillion"],     "hatch": "\\\\", "marker": "H", "text": "#000000"},
    "not_yet_published": {"colour": "#dddddd",               "hatch": "..",  "marker": "8", "text": "#000000"},
    "undetermined":  {"colour": "#dddddd",                   "hatch": "oo",  "marker": "p", "text": "#000000"},
}
VERDICT_COLOURS = {v: s["colour"] for v, s in VERDICT_STYLE.items()}


def verdict_badge(verdict: str) -> str:
    """An HTML badge: the verdict's name on its colour (the name, not the colour, carries the meaning)."""
    s = VERDICT_STYLE.get(verdict, {"colour": "#777777", "text": "#ffffff"})
    return (f'<span class="kz-verdict" style="background:{s["colour"]};color:{s["text"]}">'
            f"{html.escape(verdict)}</span>")


def setup() -> None:
    """House style; call once at the top of a notebook (``kzseries.nb.start`` does)."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans", palette=CYCLE)
    plt.rcParams.update({
        "figure.figsize": (9.0, 4.8),
        "figure.dpi": 100,
        "savefig.dpi": 110,
        "savefig.bbox": "tight",
        "svg.hashsalt": "kzseries",
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "legend.frameon": False,
    })


def alt_text(number: str, caption: str) -> str:
    """What a screen reader says for a figure: its number and caption."""
    return f"{number}. {caption}"


def save(fig, stem: str, number: str | None = None, caption: str | None = None, source: str | None = None,
         **values):
    """Write ``figures/<stem>.png`` and ``.svg``; show the PNG with its number, caption and source.

    The number, caption and source come from the figure's declaration in
    ``src/kzseries/narrative/figures.yaml`` (:mod:`kzseries.figure_specs`); ``values``
    fill the caption's ``{{ placeholders }}``. Passing them explicitly is for
    figures not declared there.
    """
    from IPython.display import HTML, Image, display

    if number is None:
        from . import figure_specs, registry, text

        spec = figure_specs.get(stem)
        number, source = registry.figure_number(spec), spec.source
        caption = text._environment().from_string(spec.caption).render(**values) if values else spec.caption
        caption = html.unescape(caption)

    png = paths.output(f"figures/{stem}.png")
    svg = paths.output(f"figures/{stem}.svg")
    fig.savefig(png, format="png", metadata={"Software": None})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    # The caption is the image's alt text (the site's template writes it into <img alt>).
    display(Image(data=png.read_bytes(), format="png"),
            metadata={"image/png": {"alt": alt_text(number, caption)}})
    display(HTML(
        f'<p class="kz-caption" id="{html.escape(stem)}"><b>{html.escape(number)}.</b> '
        f"{html.escape(caption)}<br><span class=\"kz-source\">Source: {html.escape(source)}. "
        f"File: <code>figures/{html.escape(stem)}.png</code> (and .svg).</span></p>"
    ))
