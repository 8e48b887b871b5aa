"""The stable sort the selection rules rely on when rows tie on their key."""

import pandas as pd
import pytest

from kzseries.frames import stable_sort


@pytest.mark.parametrize("ascending", [True, False])
def test_rows_that_tie_keep_their_order_in_a_frame_larger_than_numpys_insertion_sort(ascending):
    # 200 rows, two keys: numpy's quicksort reorders ties beyond 16 rows, so this fails without a stable sort
    df = pd.DataFrame({"key": [1, 0] * 100, "row": range(200)})
    out = stable_sort(df, "key", ascending=ascending)
    assert list(out["key"]) == sorted(df["key"], reverse=not ascending)
    for _, rows in out.groupby("key"):
        assert list(rows["row"]) == sorted(rows["row"])


def test_ascending_is_the_default():
    df = pd.DataFrame({"key": [3, 1, 2]})
    assert list(stable_sort(df, "key")["key"]) == [1, 2, 3]
