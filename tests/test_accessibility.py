"""Charts a reader can tell apart without colour vision, and images a screen reader can describe."""

from __future__ import annotations

import re
from html import unescape

import pytest
from bs4 import BeautifulSoup

from kzseries import figures, registry

# Every page that draws a figure (the registry declares them); 00_verdicts is tables only.
PAGES = ["index.html"] + [f"{s.name}.html" for s in registry.REGISTRY
                          if any(o.startswith("figures/") for o in s.outputs)]
NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"


def _hex_rgb(c: str) -> tuple[int, int, int]:
    c = c.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))


@pytest.mark.parametrize("page", PAGES)
def test_every_image_is_described_by_its_caption(root, page):
    soup = BeautifulSoup((root / "reports" / page).read_text(encoding="utf-8"), "html.parser")
    images = soup.find_all("img")
    assert images, f"{page} shows no figure"
    captions = {" ".join(c.get_text(" ").split()) for c in soup.select(".kz-caption")}
    for img in images:
        alt = " ".join((img.get("alt") or "").split())
        assert alt and alt != NBCONVERT_DEFAULT_ALT, f"{page}: an image without a description"
        assert any(c.startswith(alt) or alt.startswith(c) for c in captions), \
            f"{page}: alt text {alt[:60]!r}... is not a figure caption on the page"


def test_no_report_keeps_the_default_alt_text(root):
    for page in sorted((root / "reports").glob("*.html")):
        assert NBCONVERT_DEFAULT_ALT not in unescape(page.read_text(encoding="utf-8")), page.name


def test_every_verdict_has_a_style_told_apart_by_more_than_colour():
    from kzseries import referee

    assert set(figures.VERDICT_STYLE) == set(referee.STATEMENT_VERDICTS) | {referee.NOT_YET, referee.UNDETERMINED}
    styles = list(figures.VERDICT_STYLE.values())
    assert len({(s["colour"], s["hatch"]) for s in styles}) == len(styles), "two verdicts look the same as bars"
    assert len({s["marker"] for s in styles}) == len(styles), "two verdicts share a marker"
    # verdicts sharing a colour (consistent/achieved ...) differ by hatch
    for s in styles:
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", s["colour"])


def test_palette_is_okabe_ito():
    okabe_ito = {c.lower() for c in figures.OKABE_ITO.values()}
    greys = {c for c in (v.lower() for v in list(figures.PALETTE.values())
                         + [s["colour"] for s in figures.VERDICT_STYLE.values()]) if len(set(_hex_rgb(c))) == 1}
    for colour in list(figures.PALETTE.values()) + [s["colour"] for s in figures.VERDICT_STYLE.values()]:
        assert colour.lower() in okabe_ito | greys, f"{colour} is neither Okabe-Ito nor a grey"


def test_badge_text_is_readable_on_its_colour():
    def lum(c):
        def ch(x):
            x /= 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
        r, g, b = (ch(x) for x in _hex_rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for verdict, s in figures.VERDICT_STYLE.items():
        a, b = sorted((lum(s["colour"]), lum(s["text"])))
        assert (b + 0.05) / (a + 0.05) >= 4.5, f"badge {verdict}: contrast below WCAG AA"
        assert verdict in figures.verdict_badge(verdict)
