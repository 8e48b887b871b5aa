"""Helpers on data frames that the selection rules share.

Which row counts often depends on the order of rows that tie on a key (two releases on one day, two sources of
one value), so a sort by one column must be stable. pandas sorts by several columns stably whatever ``kind`` is
asked; by one column it uses numpy's quicksort unless told otherwise, which reorders ties once a frame has more
than 16 rows.
"""

from __future__ import annotations

import pandas as pd


def stable_sort(df: pd.DataFrame, by: str, ascending: bool = True) -> pd.DataFrame:
    """``df`` sorted by the column ``by``; rows that tie keep their order."""
    return df.sort_values(by, ascending=ascending, kind="stable")
