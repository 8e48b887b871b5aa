"""National series (BNS, NBK) have no API that can be tested here: report the stale ones.

A series is stale when the end of its latest period plus its publisher's usual lag
(:data:`kzseries.refresh.catalog.NATIONAL_LAG_DAYS`) is before today: a newer release should exist and
should be curated by hand (CONTRIBUTING.md, "Curate a national release").
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .. import data, periods
from .catalog import NATIONAL_LAG_DAYS


def stale(raw_dir: Path, today: date) -> list[str]:
    out = []
    for (name, indicator, prefix), (publisher, lag) in NATIONAL_LAG_DAYS.items():
        df = data.read_text_table(raw_dir / name)
        rows = df[(df["indicator"] == indicator) & df["source_id"].str.startswith(prefix + "-")
                  & (df["status"] != "forecast")]
        if rows.empty:
            continue
        ends = [periods.parse(p).end for p in rows["period"] if periods.is_valid(p)]
        latest = max(ends)
        due = latest + timedelta(days=lag)
        if due < today:
            period = max((p for p in rows["period"] if periods.is_valid(p)), key=lambda p: periods.parse(p).end)
            out.append(f"{publisher} {indicator} ({name}): latest period {period}, ended {latest.isoformat()}; "
                       f"{publisher} usually publishes within {lag} days, so a release was due by {due.isoformat()}")
    return out
