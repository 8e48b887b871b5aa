"""Readable names for registry ids.

Each page module declares the claims and targets it reads by name once, as ``CLAIMS = {"<readable
name>": "<registry id>", ...}`` (alternative readings are entries of their own). The id is written in that one place;
the page's code, its templates, its notebook and the exercises use the readable name, so renaming an id in the
registry touches one line of ``src/``.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd


def by_name(rows: pd.DataFrame, names: Mapping[str, str], key: str = "claim_id") -> dict[str, dict]:
    """The rows of ``rows`` whose ``key`` is one of ``names``' ids, as ``{readable name: row}``.

    A name whose id has no row is left out, so a page can test ``"name" in v`` when a claim is optional.
    """
    by_id = {r[key]: r for r in rows.to_dict("records")}
    return {name: by_id[i] for name, i in names.items() if i in by_id}


def resolve(ref: str) -> str:
    """The registry id behind ``"<page module>.<readable name>"`` (e.g. ``"gdp.size_2024"``), for the exercises.

    Raises ``KeyError`` naming the reference and the names the page declares.
    """
    import importlib

    module, _, name = ref.partition(".")
    try:
        names = importlib.import_module(f"kzseries.pages.{module}").CLAIMS
    except (ImportError, AttributeError):
        raise KeyError(f"{ref!r}: kzseries.pages.{module} declares no CLAIMS") from None
    if name not in names:
        raise KeyError(f"{ref!r}: {module} declares no claim {name!r} (it declares {', '.join(sorted(names))})")
    return names[name]
