"""What a page reads: the audit's tidy observations and the registry's claims and targets of one series, and the
engine's target table. One loader for every notebook (``nb`` re-exports these), so no page module needs to know
where a file lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from . import data, paths


def load_tidy(series: str) -> pd.DataFrame:
    """The audit notebook's tidy observations for one series (``observations_<series>.csv``)."""
    df = pd.read_csv(paths.processed(f"observations_{series}.csv"), dtype={"period": str},
                     keep_default_na=False, na_values=[""])
    return df.reset_index(drop=True)


def load_claims(series: str) -> pd.DataFrame:
    """The registry's claims on one series (all columns as text)."""
    df = data.load("claims.csv")
    return df[df["series"] == series].reset_index(drop=True)


def load_targets(series: str) -> pd.DataFrame:
    df = data.load("targets.csv")
    df = df[df["series"] == series].reset_index(drop=True)
    df["target_value"] = df["target_value"].astype(float)
    return df


def load_progress(targets: pd.DataFrame) -> pd.DataFrame:
    """The engine's progress rows (``targets_progress.csv``) of the given targets."""
    progress = pd.read_csv(paths.processed("targets_progress.csv"), keep_default_na=False, na_values=[""])
    return progress[progress["target_id"].isin(targets["target_id"])].reset_index(drop=True)


@dataclass(frozen=True)
class Inputs:
    """Tidy observations, the registry's claims and targets of one series, and the engine's target table: what
    every page's ``build(inputs, V, P)`` reads."""

    tidy: pd.DataFrame
    claims: pd.DataFrame
    targets: pd.DataFrame
    progress: pd.DataFrame

    @cached_property
    def prices(self) -> pd.DataFrame:
        """The gdp series' tidy observations, where the CPI and the exchange rate live (read on first use)."""
        return load_tidy("gdp")


def load_inputs(series: str) -> Inputs:
    targets = load_targets(series)
    return Inputs(load_tidy(series), load_claims(series), targets, load_progress(targets))
