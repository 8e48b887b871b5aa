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

PALETTE = {
    "observed": "#1f4e79",
    "alt": "#c55a11",
    "alt2": "#548235",
    "alt3": "#7030a0",
    "forecast": "#7f7f7f",
    "target": "#b00020",
    "claim": "#d4a017",
    "grid": "#e6e6e6",
}
VERDICT_COLOURS = {
    "consistent": "#2e7d32",
    "achieved": "#2e7d32",
    "on_track": "#66bb6a",
    "overstated": "#c62828",
    "missed": "#c62828",
    "off_track": "#ef6c00",
    "understated": "#1565c0",
    "not_supported": "#8e24aa",
    "pending": "#9e9e9e",
    "unverifiable": "#bdbdbd",
}


def setup() -> None:
    """House style; call once at the top of a notebook (``kzseries.nb.start`` does)."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")
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


def save(fig, stem: str, number: str, caption: str, source: str):
    """Write ``figures/<stem>.png`` and ``.svg``; show the PNG with its caption.

    ``number`` is the label ("Figure 2.1"), ``caption`` says what the chart shows
    and how to read it, ``source`` names the data behind it.
    """
    from IPython.display import HTML, Image, display

    png = paths.output(f"figures/{stem}.png")
    svg = paths.output(f"figures/{stem}.svg")
    fig.savefig(png, format="png", metadata={"Software": None})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    display(Image(data=png.read_bytes(), format="png"))
    display(HTML(
        f'<p class="kz-caption" id="{html.escape(stem)}"><b>{html.escape(number)}.</b> '
        f"{html.escape(caption)}<br><span class=\"kz-source\">Source: {html.escape(source)}. "
        f"File: <code>figures/{html.escape(stem)}.png</code> (and .svg).</span></p>"
    ))
