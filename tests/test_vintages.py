"""Vintages of one publisher series (kzseries.vintages): lineages, release suffixes and the newest row per period."""

from __future__ import annotations

import pandas as pd
import pytest

from kzseries import vintages


@pytest.mark.parametrize("source_id, lineage, release", [
    ("wb-719b00", "wb-719b00", ""),
    ("wb-719b00.2026-10-15", "wb-719b00", "2026-10-15"),
    ("imf-d77a71.2026-10", "imf-d77a71", "2026-10"),
    ("x.2026-10.b", "x", "2026-10.b"),   # only the first dot separates the release
])
def test_a_source_id_is_a_lineage_and_a_release(source_id, lineage, release):
    assert vintages.lineage(source_id) == lineage and vintages.release_of(source_id) == release


def test_a_successor_belongs_to_the_lineage_of_its_anchor():
    assert vintages.successor_id("wb-719b00", "2026-10-15") == "wb-719b00.2026-10-15"
    assert vintages.successor_id("wb-719b00.2026-07-01", "2026-10-15") == "wb-719b00.2026-10-15"


def tidy(rows):
    return pd.DataFrame(rows, columns=["indicator", "period", "source_id", "value"])


def test_latest_takes_the_newest_release_that_has_each_period():
    t = tidy([
        ("gdp", "2023", "wb-1", 1.0),
        ("gdp", "2024", "wb-1", 2.0),
        ("gdp", "2023", "wb-1.2026-10-15", 1.1),   # a revision of 2023
        ("gdp", "2023", "wb-1.2026-03-01", 1.05),  # an older release, listed later
        ("gdp", "2024", "wb-10", 9.0),             # another lineage whose id starts alike
        ("pop", "2023", "wb-1.2026-12-01", 5.0),   # another indicator
    ])
    got = vintages.latest(t, "gdp", "wb-1")
    assert got[["period", "source_id", "value"]].values.tolist() == [["2024", "wb-1", 2.0],
                                                                      ["2023", "wb-1.2026-10-15", 1.1]]
    assert list(got.index) == [1, 2] and list(got.columns) == list(t.columns)  # original rows, original order
    assert sorted(vintages.rows(t, "gdp", "wb-1")["value"]) == [1.0, 1.05, 1.1, 2.0]
    assert vintages.latest(t, "gdp", "wb-2").empty
