"""One schema declaration per raw file (pandera), applied by :mod:`kzseries.data`.

Values are read as text and checked as text, so a bad cell is reported as the
user typed it ("'12,5' is not a number") rather than as a failed conversion.
Cross-file rules (a ``source_id`` must resolve, an indicator must be
catalogued, a unit must be known for its indicator) are built in by passing the
catalogue in; the loader supplies it.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera import Check

from . import periods
from .registry import DATA_SERIES, SERIES
from .themes import THEMES

NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
ID = r"[a-z0-9][a-z0-9_.-]*"

STATUSES = ("final", "preliminary", "operational", "estimate", "forecast", "statement", "rejected")
# "rejected": a row kept for the record (its notes say why) but left out of the analysis by the audit.
VINTAGES = ("first_release", "revised")
BASES = ("clean", "bunker", "not_stated")
TARGET_KINDS = ("target", "plan", "forecast")
TARGET_MEASURES = ("level", "cumulative", "average_per_year", "annual_increment")
CLAIM_KINDS = ("level", "change", "cumulative", "record", "target", "forecast", "direction")
DIRECTIONS = ("up", "down", "closer")
TARGET_STATUSES = ("adopted", "proposal", "forecast")
QUALIFIERS = ("exact", "about", "more_than", "at_least", "nearly", "up_to")
CLAIM_SERIES = DATA_SERIES
PUBLISHED_IS = ("page", "release", "snapshot", "law", "unknown")
# What a source's `published` date is: the date of the page reporting the figure, of the dataset
# edition (every row inherits it), of a stored copy of a dataset (public by then, possibly earlier),
# of the law or decree, or unknown (then `published` is empty).


def _text(required: bool = True, pattern: str | None = None, error: str = "", isin=None,
          nullable_empty: bool = False) -> pa.Column:
    """A text column; empty cells are allowed only when ``nullable_empty``."""
    checks = []
    if not nullable_empty:
        checks.append(Check(lambda s: s.str.strip() != "", element_wise=False,
                            error="is empty; a value is required"))
    if pattern is not None:
        rx = f"^(?:{pattern})$" + ("|^$" if nullable_empty else "")
        checks.append(Check.str_matches(rx, error=error))
    if isin is not None:
        allowed = tuple(isin) + (("",) if nullable_empty else ())
        checks.append(Check.isin(allowed, error=error))
    return pa.Column(str, checks=checks, required=required)


def _real_date(v: str) -> bool:
    """A YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar (2025-02-30 does not)."""
    import datetime

    try:
        datetime.date.fromisoformat(v if len(v) == 10 else (v + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _date(nullable_empty: bool = True, error: str = "must be a date YYYY, YYYY-MM or YYYY-MM-DD") -> pa.Column:
    """A date column: the form first, then the calendar, so a typo'd day is named as such."""
    col = _text(pattern=DATE, error=error, nullable_empty=nullable_empty)
    col.checks.append(Check(lambda s: s.map(lambda v: v == "" or not re.fullmatch(DATE, v) or _real_date(v)),
                            element_wise=False, error="is not a date on the calendar (no such day)"))
    return col


def _period_check(nullable: bool = False) -> Check:
    def ok(s: pd.Series) -> pd.Series:
        return s.map(lambda v: (nullable and v == "") or periods.is_valid(v))

    return Check(ok, element_wise=False,
                 error="is not a period (use YYYY, YYYY-H1, YYYY-Q1, YYYY-MM, YYYY-MM-DD or YYYY-MM/YYYY-MM)")


def indicators_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "indicator": _text(pattern=ID, error="must be snake_case (a-z, 0-9, _)"),
            "series": _text(isin=DATA_SERIES, error=f"must be one of {', '.join(DATA_SERIES)}"),
            "title": _text(),
            "unit": _text(),
            "definition": _text(),
        },
        strict=True, unique=["indicator"], name="indicators",
    )


def units_schema(indicators: set[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "indicator": _text(isin=sorted(indicators), error="is not an indicator in indicators.csv"),
            "unit": _text(),
            "factor": _text(pattern=NUMBER, error="is not a number"),
        },
        strict=True, unique=["indicator", "unit"], name="units",
    )


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": _text(pattern=ID, error="must be lower-case letters, digits, '-', '_' or '.'"),
            "publisher": _text(),
            "title": _text(),
            "url": _text(pattern=r"https?://\S+", error="must be a http(s) URL"),
            "published": _date(),
            "accessed": _date(nullable_empty=False, error="must be a date YYYY-MM-DD"),
            "license": _text(nullable_empty=True),
            "notes": _text(nullable_empty=True),
            "published_is": _text(isin=PUBLISHED_IS, error=f"must be one of {', '.join(PUBLISHED_IS)}"),
        },
        checks=[Check(lambda df: (df["published_is"] == "unknown") == (df["published"] == ""),
                      element_wise=False,
                      error="published_is is 'unknown' exactly when published is empty")],
        strict=True, unique=["source_id"], name="sources",
    )


def plausibility_schema(indicators: set[str]) -> pa.DataFrameSchema:
    """``plausibility.csv``: one row per indicator; limits in the indicator's standard unit."""
    return pa.DataFrameSchema(
        {
            "indicator": _text(isin=sorted(indicators), error="is not an indicator in indicators.csv"),
            "unit": _text(),
            "min": _text(pattern=NUMBER, error="is not a number", nullable_empty=True),
            "max": _text(pattern=NUMBER, error="is not a number", nullable_empty=True),
            "max_ratio_neighbour_year": _text(pattern=NUMBER, error="is not a number (or empty: not checked)",
                                              nullable_empty=True),
            "max_ratio_other_source": _text(pattern=NUMBER, error="is not a number (or empty: not checked)",
                                            nullable_empty=True),
            "notes": _text(nullable_empty=True),
        },
        strict=True, unique=["indicator"], name="plausibility",
    )


def plausibility_overrides_schema(indicators: set[str], source_ids: set[str]) -> pa.DataFrameSchema:
    """``plausibility_overrides.csv``: a value outside its limits, accepted deliberately with a reason."""
    files = tuple(f"{s}.csv" for s in DATA_SERIES)
    return pa.DataFrameSchema(
        {
            "file": _text(isin=files, error=f"must be one of {', '.join(files)}"),
            "indicator": _text(isin=sorted(indicators), error="is not an indicator in indicators.csv"),
            "period": pa.Column(str, checks=[_period_check()]),
            "source_id": _text(isin=sorted(source_ids), error="does not match any source_id in sources.csv"),
            "reason": _text(),
        },
        strict=True, unique=["file", "indicator", "period", "source_id"], name="plausibility_overrides",
    )


def _units_known(units: dict[str, set[str]]) -> Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [u in units.get(i, ()) for i, u in zip(df["indicator"], df["unit"])], index=df.index
        )

    return Check(ok, element_wise=False,
                 error="unit is not listed for this indicator in units.csv")


def series_schema(series: str, indicators: dict[str, str], units: dict[str, set[str]],
                  source_ids: set[str]) -> pa.DataFrameSchema:
    """Schema of ``data/raw/<series>.csv``; ``indicators`` maps indicator -> series."""
    mine = sorted(i for i, s in indicators.items() if s == series)
    return pa.DataFrameSchema(
        {
            "indicator": _text(isin=mine, error=f"is not a {series} indicator in indicators.csv"),
            "period": pa.Column(str, checks=[_period_check()]),
            "value": _text(pattern=NUMBER, error="is not a number (use digits and '.', no thousands separators)"),
            "unit": _text(),
            "source_id": _text(isin=sorted(source_ids), error="does not match any source_id in sources.csv"),
            "status": _text(isin=STATUSES, error=f"must be one of {', '.join(STATUSES)}"),
            "vintage": _text(isin=VINTAGES, error=f"must be empty or one of {', '.join(VINTAGES)}",
                             nullable_empty=True),
            "basis": _text(isin=BASES, error=f"must be empty or one of {', '.join(BASES)}",
                           nullable_empty=True),
            "published": _date(),
            "notes": _text(nullable_empty=True),
        },
        checks=[_units_known(units)],
        strict=True,
        unique=["indicator", "period", "source_id", "basis", "vintage"],
        name=series,
    )


def targets_schema(indicators: set[str], units: dict[str, set[str]], source_ids: set[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "target_id": _text(pattern=ID, error="must be lower-case letters, digits, '-', '_' or '.'"),
            "reading_of": _text(pattern=ID, error="must be empty or the target_id of the statement this one "
                                "restates or reads differently", nullable_empty=True),
            "series": _text(isin=SERIES, error=f"must be one of {', '.join(SERIES)}"),
            "indicator": _text(isin=sorted(indicators), error="is not an indicator in indicators.csv"),
            "kind": _text(isin=TARGET_KINDS, error=f"must be one of {', '.join(TARGET_KINDS)}"),
            "measure": _text(isin=TARGET_MEASURES, error=f"must be one of {', '.join(TARGET_MEASURES)}"),
            "target_value": _text(pattern=NUMBER, error="is not a number"),
            "unit": _text(),
            "horizon_start": pa.Column(str, checks=[_period_check()]),
            "horizon_end": pa.Column(str, checks=[_period_check()]),
            "stated_by": _text(),
            "stated_on": _date(),
            "source_id": _text(isin=sorted(source_ids), error="does not match any source_id in sources.csv"),
            "notes": _text(nullable_empty=True),
            "status": _text(isin=TARGET_STATUSES, error=f"must be one of {', '.join(TARGET_STATUSES)}"),
        },
        checks=[_units_known(units),
                Check(lambda df: (df["reading_of"] == "") | df["reading_of"].isin(df.loc[df["reading_of"] == "",
                                                                                          "target_id"]),
                      element_wise=False, error="reading_of must name a target whose own reading_of is empty")],
        strict=True, unique=["target_id"], name="targets",
    )


def claims_schema(indicators: set[str]) -> pa.DataFrameSchema:
    def data_indicator_known(df: pd.DataFrame) -> pd.Series:
        # Headline claims must name the catalogued series they are tested against
        # (or leave it empty: no series of that definition, so "unverifiable").
        return (df["series"] == "other") | (df["data_indicator"] == "") | df["data_indicator"].isin(indicators)

    return pa.DataFrameSchema(
        {
            "claim_id": _text(pattern=ID, error="must be lower-case letters, digits, '-', '_' or '.'"),
            "reading_of": _text(pattern=ID, error="must be empty or the claim_id of the primary reading",
                                nullable_empty=True),
            "document": _text(),
            "document_title": _text(),
            "published": _date(),
            "speaker": _text(),
            "series": _text(isin=CLAIM_SERIES, error=f"must be one of {', '.join(CLAIM_SERIES)}"),
            "indicator": _text(pattern=ID, error="must be snake_case"),
            "data_indicator": _text(nullable_empty=True),
            "measure": _text(pattern=ID, error="must be empty or a measure name", nullable_empty=True),
            "kind": _text(isin=CLAIM_KINDS, error=f"must be one of {', '.join(CLAIM_KINDS)}"),
            "stated_value": _text(pattern=NUMBER, error="is not a number (leave empty if no number was stated)",
                                  nullable_empty=True),
            "qualifier": _text(isin=QUALIFIERS, error=f"must be empty or one of {', '.join(QUALIFIERS)}",
                               nullable_empty=True),
            "unit": _text(nullable_empty=True),
            "base_period": pa.Column(str, checks=[_period_check(nullable=True)]),
            "period_start": pa.Column(str, checks=[_period_check(nullable=True)]),
            "period_end": pa.Column(str, checks=[_period_check(nullable=True)]),
            "vintage": _text(isin=("first_release", "latest"), error="must be empty, first_release or latest",
                             nullable_empty=True),
            "transform": _text(isin=("growth_pct", "chained"), error="must be empty, growth_pct or chained",
                              nullable_empty=True),
            "target_form": _text(isin=("level", "cumulative"), error="must be empty, level or cumulative",
                                 nullable_empty=True),
            "tolerance_pct": _text(pattern=NUMBER, error="is not a number (leave empty for the run's tolerance)",
                                   nullable_empty=True),
            "tolerance_reason": _text(nullable_empty=True),
            "check": _text(pattern=ID, error="must be the name of a custom check", nullable_empty=True),
            "reading": _text(nullable_empty=True),
            "reading_reason": _text(nullable_empty=True),
            "statement": _text(),
            "curation_note": _text(nullable_empty=True),
            "verifiable_with": _text(nullable_empty=True),
            "said_on": _text(pattern=DATE, error="must be empty or a date YYYY, YYYY-MM or YYYY-MM-DD",
                             nullable_empty=True),
            "statement_id": _text(pattern=ID, error="must be empty or the claim_id that leads the sentence",
                                  nullable_empty=True),
            "by_construction": _text(nullable_empty=True),
            "direction": _text(isin=DIRECTIONS, error=f"must be empty or one of {', '.join(DIRECTIONS)}",
                               nullable_empty=True),
            "reference_value": _text(pattern=NUMBER, error="is not a number", nullable_empty=True),
            "target_status": _text(isin=TARGET_STATUSES, error=f"must be empty or one of {', '.join(TARGET_STATUSES)}",
                                   nullable_empty=True),
            "theme": _text(isin=tuple(THEMES), error=f"must be empty or one of {', '.join(THEMES)}",
                           nullable_empty=True),
        },
        checks=[Check(data_indicator_known, element_wise=False,
                      error="data_indicator is not an indicator in indicators.csv"),
                Check(lambda df: (df["series"] == "other") == (df["theme"] != ""), element_wise=False,
                      error="theme is given exactly for the claims of series 'other' (the page groups them by it)")],
        strict=True, unique=["claim_id"], name="claims",
    )
