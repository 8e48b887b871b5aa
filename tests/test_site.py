"""The published site in a real browser: headless Chromium loads every page of reports/."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from browser import Browser, chromium_path
from kzseries import registry

# Outside CI a missing browser skips with its reason; in CI (CI=true, set by .ci/run) it is a failure.
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"),
              pytest.mark.skipif(chromium_path() is None and not IN_CI,
                                 reason="Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")]

PAGES = ["index.html"] + [f"{s.name}.html" for s in registry.REGISTRY]


@pytest.fixture(scope="module")
def browser():
    if chromium_path() is None:  # only reached in CI: elsewhere the module is skipped
        pytest.fail("CI is set but Chromium is not installed: the browser test must run in CI "
                    "(.ci/run installs Debian's 'chromium'; a failed install fails the build)", pytrace=False)
    b = Browser()
    yield b
    b.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly(browser, root, page):
    path = root / "reports" / page
    browser.goto(path.as_uri())
    assert browser.console_errors() == []
    images = browser.eval("[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    if any(o.startswith("figures/") for s in registry.REGISTRY if f"{s.name}.html" == page for o in s.outputs) \
            or page == "index.html":
        assert images, "every page with a declared figure shows it"
    assert all(c and w > 0 and h > 0 for c, w, h in images), images
    links = browser.eval("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    for href in links:
        u = urlparse(href)
        if u.scheme != "file":
            continue
        target = Path(unquote(u.path))
        assert target.exists(), f"{page}: broken link {href}"
        if u.fragment and target.suffix == ".html":
            assert re.search(rf'id="{re.escape(u.fragment)}"', target.read_text(encoding="utf-8")), \
                f"{page}: link to a missing anchor {href}"
    external = browser.eval("[...document.querySelectorAll('script[src],link[href][rel=stylesheet],img[src^=http]')]"
                            ".map(e => e.src || e.href)")
    assert external == [], f"{page} loads resources from the network: {external}"


def test_scorecard_table_has_one_row_per_headline_claim(browser, root):
    browser.goto((root / "reports" / "07_scorecard.html").as_uri())
    rows = browser.eval("document.querySelectorAll('table.kz-scorecard tbody tr').length")
    claims = pd.read_csv(root / "data" / "raw" / "claims.csv", dtype=str, keep_default_na=False)
    assert rows == int(((claims["series"] != "other") & (claims["reading_of"] == "")).sum())  # primary readings


def test_code_is_hidden_for_the_reader(browser, root):
    browser.goto((root / "reports" / "01_gdp.html").as_uri())
    assert browser.eval("document.querySelectorAll('.jp-CodeCell .jp-InputArea').length") == 0
    assert browser.eval("document.querySelectorAll('.jp-MarkdownCell').length") > 5  # the prose is there


def test_screenshot_of_the_index(browser, root, tmp_path):
    browser.goto((root / "reports" / "index.html").as_uri())
    # KZ_UPDATE_SCREENSHOT=1 (make screenshot) refreshes the committed one used by the README.
    target = root / "reports" / "index.png" if os.environ.get("KZ_UPDATE_SCREENSHOT") else tmp_path / "index.png"
    browser.screenshot(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
