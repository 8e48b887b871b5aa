"""Vintages of one publisher series: the rows a refresh adds beside the curated ones.

A curated row cites the source it was read from (``wb-719b00``: WDI NY.GDP.MKTP.CD as stored on
2026-07-01). A later release of the same publisher series, brought in by ``python -m kzseries.refresh``,
is a new source whose id is the first one's with the release appended: ``wb-719b00.2026-10-15`` (WDI
"last updated" date) or ``imf-d77a71.2026-10`` (the WEO edition). The part before the first ``.`` is the
series' *lineage*; the suffix sorts in release order. Rows are never edited: a revision is a new row.

:func:`latest` gives, for each period, the row of the newest release that has it, so a measure pinned to
the lineage's first source follows its revisions, and a year missing from a new release keeps the value
of the release before.
"""

from __future__ import annotations

import pandas as pd


def lineage(source_id: str) -> str:
    """The lineage (first source id) of a source id."""
    return str(source_id).partition(".")[0]


def successor_id(anchor: str, release: str) -> str:
    """The source id of release ``release`` (``YYYY-MM-DD`` or ``YYYY-MM``) of the lineage ``anchor``."""
    return f"{lineage(anchor)}.{release}"


def release_of(source_id: str) -> str:
    """The release suffix of a source id ('' for the lineage's first source)."""
    parts = str(source_id).split(".", 1)
    return parts[1] if len(parts) == 2 else ""


def rows(tidy: pd.DataFrame, indicator: str, anchor: str) -> pd.DataFrame:
    """Every row of ``indicator`` in the lineage of ``anchor``, all releases."""
    ids = tidy["source_id"].astype(str)
    return tidy[(tidy["indicator"] == indicator) & ((ids == anchor) | ids.str.startswith(anchor + "."))]


def latest(tidy: pd.DataFrame, indicator: str, anchor: str) -> pd.DataFrame:
    """One row per period: the newest release of the lineage that has the period."""
    r = rows(tidy, indicator, anchor)
    if r.empty:
        return r
    order = r["source_id"].map(release_of)
    r = r.assign(_release=order).sort_values(["period", "_release"])
    return r.drop_duplicates("period", keep="last").drop(columns="_release").sort_index()
