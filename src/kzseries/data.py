"""The single loader for ``data/raw/``: read, validate, verify checksums, tidy.

Every notebook reads raw data through :func:`load` (or the tidy files the audit
notebook writes from it), so every rule is enforced in one place:

* the file is UTF-8 without a byte-order mark (Windows line endings are fine);
* its columns and values satisfy its schema in :mod:`kzseries.schemas`;
* every ``source_id`` resolves to exactly one row of ``sources.csv``;
* every series value is plausible (range, ratio to neighbouring years and to other sources, declared in
  ``plausibility.csv``; see :mod:`kzseries.plausibility`) unless accepted in ``plausibility_overrides.csv``;
* its checksum matches ``data/raw/MANIFEST.sha256``, so an edit is deliberate.

A problem raises :class:`RawDataError` whose message names the file, the line,
the column and the rule, and says what to do.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import claims, measures, paths, periods, plausibility, registry, schemas
from .registry import RAW_FILES

CATALOGUE_FILES = ("indicators.csv", "units.csv", "sources.csv")
DATA_FILES = RAW_FILES
MAX_LISTED = 8


class RawDataError(ValueError):
    """A raw data file that breaks a rule; the message says where and what to do."""


# ----------------------------------------------------------------- reading
def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(paths.REPO_ROOT))
    except ValueError:
        return str(path)


normalised_bytes = paths.normalised_bytes  # what the checksum covers: CRLF folded to LF


def read_text_table(path: Path) -> pd.DataFrame:
    """Read a CSV as text cells, with encoding problems reported by line."""
    if not path.exists():
        raise RawDataError(f"{_rel(path)}: file not found (expected in data/raw/).")
    raw = normalised_bytes(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RawDataError(
            f"{_rel(path)}: starts with a UTF-8 byte-order mark (BOM). "
            "Save it as plain UTF-8 without BOM (in Excel: 'CSV UTF-8' adds one; use a text editor or LibreOffice)."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RawDataError(
            f"{_rel(path)}, line {line}: not valid UTF-8 (byte 0x{raw[e.start]:02x}). "
            "Re-save the file with UTF-8 encoding."
        ) from None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.ParserError as e:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        if m:
            want, line, got = m.groups()
            raise RawDataError(
                f"{_rel(path)}, line {line}: {got} fields where the header has {want}; "
                "quote a value that contains a comma (\"like, this\") or remove the extra separator."
            ) from None
        raise RawDataError(f"{_rel(path)}: cannot be read as CSV: {e}") from None
    except pd.errors.EmptyDataError:
        raise RawDataError(f"{_rel(path)}: the file is empty (expected a header row and data).") from None


def _format_errors(path: Path, err: pa.errors.SchemaErrors, df: pd.DataFrame) -> str:
    """One readable line per broken rule and place; column rules first, row rules after."""
    fc = err.failure_cases
    column_lines, row_lines = [], []
    for row in fc.itertuples(index=False):
        col = row.column
        check = str(row.check)
        has_index = row.index is not None and pd.notna(row.index)
        line = f"line {int(row.index) + 2}" if has_index else "file"
        if check == "column_in_dataframe":
            column_lines.append(f"{_rel(path)}: missing column {row.failure_case!r}")
        elif check == "column_in_schema":
            column_lines.append(f"{_rel(path)}: unknown column {row.failure_case!r} (not in the schema)")
        elif check in ("multiple_fields_uniqueness", "field_uniqueness"):
            if has_index:
                keys = ", ".join(err.schema.unique or [col])
                row_lines.append(f"{_rel(path)}, {line}: duplicate row (same {keys} as another row)")
        elif row.schema_context == "DataFrameSchema":
            # a rule over several columns: report the row once, with the values involved
            shown = [c for c in ("indicator", "data_indicator", "unit") if c in df.columns]
            if "published_is" in df.columns:  # sources.csv
                shown = ["source_id", "published", "published_is"]
            vals = ", ".join(f"{c} {df.at[row.index, c]!r}" for c in shown) if has_index else ""
            row_lines.append(f"{_rel(path)}, {line}: {check} ({vals})")
        else:
            column = f", column {col!r}" if col else ""
            column_lines.append(f"{_rel(path)}, {line}{column}: {row.failure_case!r} {check}")
    return _listed(list(dict.fromkeys(column_lines + row_lines)))  # one message per place, in order


def _listed(lines: list[str]) -> str:
    """The first ``MAX_LISTED`` lines, then how many more there are."""
    more = len(lines) - MAX_LISTED
    return "\n".join(lines[:MAX_LISTED] + ([f"... and {more} more"] if more > 0 else []))


def _validate(path: Path, df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    if df.empty and path.name not in MAY_BE_EMPTY:
        # a header-only file validates row by row, then empties every output built from it
        raise RawDataError(f"{_rel(path)}: has a header but no data rows; restore the file "
                           f"(`git checkout -- {_rel(path)}`) or add its rows")
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise RawDataError(_format_errors(path, err, df)) from None


# ------------------------------------------------------------------ manifest
def file_checksum(path: Path) -> str:
    return hashlib.sha256(normalised_bytes(path)).hexdigest()


def read_manifest(raw_dir: Path | None = None) -> dict[str, str]:
    manifest = (raw_dir or paths.RAW_DIR) / "MANIFEST.sha256"
    if not manifest.exists():
        raise RawDataError(
            f"{_rel(manifest)} is missing. Create it with `python -m kzseries.manifest --update`."
        )
    out = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, name = line.partition("  ")
            out[name.strip()] = digest.strip()
    return out


def write_manifest(raw_dir: Path | None = None) -> Path:
    raw_dir = raw_dir or paths.RAW_DIR
    lines = [f"{file_checksum(raw_dir / f)}  {f}" for f in DATA_FILES]
    target = raw_dir / "MANIFEST.sha256"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def verify_checksum(path: Path) -> None:
    expected = read_manifest(path.parent).get(path.name)
    actual = file_checksum(path)
    if expected is None:
        raise RawDataError(
            f"{_rel(path)} is not listed in data/raw/MANIFEST.sha256. If it is a new raw file, "
            "add it deliberately with `python -m kzseries.manifest --update`."
        )
    if expected != actual:
        raise RawDataError(
            f"{_rel(path)} has changed since its checksum was recorded in data/raw/MANIFEST.sha256 "
            f"(expected sha256 {expected[:12]}..., found {actual[:12]}...). If the edit is deliberate and the "
            "file validates, record it with `python -m kzseries.manifest --update` and commit both files; "
            "otherwise restore the file with `git checkout -- " + _rel(path) + "`."
        )


# ------------------------------------------------------------------ loading
class Catalogue:
    """The three files every other file is checked against."""

    def __init__(self, raw_dir: Path, verify: bool = True):
        ind = _load_checked(raw_dir / "indicators.csv", schemas.indicators_schema(), verify)
        self.indicators = ind
        self.series_of = dict(zip(ind["indicator"], ind["series"]))
        units = _load_checked(raw_dir / "units.csv", schemas.units_schema(set(self.series_of)), verify)
        self.units_frame = units
        self.units: dict[str, set[str]] = {}
        self.factor: dict[tuple[str, str], float] = {}
        for i, u, f in zip(units["indicator"], units["unit"], units["factor"]):
            self.units.setdefault(i, set()).add(u)
            self.factor[(i, u)] = float(f)
        for i, u in zip(ind["indicator"], ind["unit"]):
            if (i, u) not in self.factor:
                raise RawDataError(
                    f"{_rel(raw_dir / 'units.csv')}: indicator {i!r} has no row for its own unit {u!r} "
                    "(add it with factor 1)."
                )
        self.sources = _load_checked(raw_dir / "sources.csv", schemas.sources_schema(), verify)
        self.source_ids = set(self.sources["source_id"])


def _load_checked(path: Path, schema: pa.DataFrameSchema, verify: bool) -> pd.DataFrame:
    df = _validate(path, read_text_table(path), schema)
    if verify:
        verify_checksum(path)
    return df


@lru_cache(maxsize=8)
def _catalogue(raw_dir: Path, stamp: tuple, verify: bool) -> Catalogue:
    return Catalogue(raw_dir, verify)


def catalogue(raw_dir: Path | None = None, verify: bool = True) -> Catalogue:
    raw_dir = raw_dir or paths.RAW_DIR
    # The cache key includes the files' sizes and mtimes so an edit is seen.
    stamp = tuple((f, (raw_dir / f).stat().st_mtime_ns, (raw_dir / f).stat().st_size)
                  for f in CATALOGUE_FILES if (raw_dir / f).exists())
    return _catalogue(raw_dir, stamp, verify)


def _claim_semantics(path: Path, df: pd.DataFrame, cat: Catalogue) -> None:
    """Rules that need the catalogue, the measures and the claim's own date: what a check needs is there."""
    problems = []
    ids = set(df["claim_id"])
    primaries = set(df.loc[df["reading_of"] == "", "claim_id"])
    series_of = dict(zip(df["claim_id"], df["series"]))
    for idx, row in df.iterrows():
        where = f"{_rel(path)}, line {idx + 2} (claim {row['claim_id']})"

        def bad(col: str | tuple[str, ...], message: str) -> None:
            cols = (col,) if isinstance(col, str) else col
            label = " and ".join(repr(c) for c in cols)
            problems.append(f"{where}, column{'s' if len(cols) > 1 else ''} {label}: {message}")

        for col in ("base_period", "period_start", "period_end"):
            if row[col] and periods.parse(row[col]).year < 1990:
                bad(col, f"{row[col]!r} is before 1990, outside the data")
        if row["reading_of"] and row["reading_of"] not in primaries:
            bad("reading_of", f"{row['reading_of']!r} is not the claim_id of a primary reading"
                + (" (it is itself an alternative)" if row["reading_of"] in ids else ""))
        elif row["reading_of"] and series_of[row["reading_of"]] != row["series"]:
            # the alternative is shown on its primary's page: a reading of another series would land on the wrong one
            bad("reading_of", f"{row['reading_of']!r} is a {series_of[row['reading_of']]} claim, but this "
                f"alternative reading is in series {row['series']!r}; a reading must be of the same series")
        _check_window(row, bad)
        _check_tolerance(row, bad)
        if row["stated_value"] and not math.isfinite(float(row["stated_value"])):
            bad("stated_value", f"{row['stated_value']!r} is too large to be a number (it would be read as "
                "infinite); check the figure and its unit")
        if row["transform"] == "chained" and row["kind"] != "change":
            bad(("transform", "kind"), "a chained transform (growth rates multiplied into an index) only serves a "
                "change; a level, record or sum reads the growth rates themselves")
        if row["check"] and row["check"] not in claims.CUSTOM_CHECKS:
            bad("check", f"{row['check']!r} is not a custom check (known: {', '.join(sorted(claims.CUSTOM_CHECKS))})")
        if not row["measure"]:
            continue
        if row["measure"] not in measures.MEASURES:
            bad("measure", f"{row['measure']!r} is not a measure (see src/kzseries/measures.py)")
            continue
        m = measures.MEASURES[row["measure"]]
        if row["data_indicator"] != m.indicator:
            bad("data_indicator", f"{row['data_indicator']!r} does not match measure {m.id}, which measures "
                f"{m.indicator}")
        if row["vintage"] and row["vintage"] not in m.vintages:
            bad("vintage", f"{row['vintage']!r} is not offered by measure {m.id} ({', '.join(m.vintages)})")
        kind = row["kind"]
        needs = {"change": ("base_period", "period_end"), "cumulative": ("period_start", "period_end"),
                 "target": ("period_start", "period_end", "target_form"), "forecast": ("period_end",),
                 "level": ("period_end",), "record": ("period_end",),
                 "direction": ("base_period", "period_end", "direction")}[kind]
        if kind == "direction" and row["direction"] == "closer":
            needs += ("reference_value",)
        for col in needs:
            if not row[col]:
                bad(col, f"is empty; a {kind} claim needs {', '.join(needs)}")
        if kind == "direction" and row["stated_value"] != "":
            bad("stated_value", "a direction states no figure; put the comparison in reference_value")
        if row["statement_id"] and row["statement_id"] not in primaries:
            bad("statement_id", f"{row['statement_id']!r} is not the claim_id of a primary reading")
        if kind not in ("record", "direction") and row["stated_value"] == "":
            bad("stated_value", f"is empty; a {kind} claim with a measure needs the stated figure")
        if row["period_end"] and row["published"] and kind in ("level", "change", "cumulative", "record"):
            if periods.parse(row["period_end"]).start > periods.parse(row["published"]).start:
                bad("period_end", f"{row['period_end']!r} is after the claim was made ({row['published']}), "
                    "outside the data; a statement about the future is kind 'target' or 'forecast'")
        # Measures return values in the indicator's standard unit, so a claim states its figure in that unit
        # (a change may instead be a percentage, a multiple or points).
        std = m.unit or dict(zip(cat.indicators["indicator"], cat.indicators["unit"])).get(m.indicator, "")
        if row["unit"] != std and not (kind == "change" and claims.change_form(row["unit"]) != "absolute"):
            bad("unit", f"{row['unit']!r} is not the unit of {m.indicator}; state the figure in {std!r}"
                + (" (or, for a change, in %, x or pp)" if kind == "change" else ""))
    _raise(problems)


# Which columns bound a claim's window, by kind: the first must not come after the second. A reversed
# window is not an error the engine would notice: it computes a change backwards or ranks a record
# against the wrong years and still gives a verdict.
WINDOW_COLUMNS = (("base_period", "period_end"), ("period_start", "period_end"))


def _check_window(row, bad) -> None:
    for a, b in WINDOW_COLUMNS:
        if row[a] and row[b] and periods.parse(row[a]).start > periods.parse(row[b]).start:
            bad((a, b), f"the window {row[a]} to {row[b]} is reversed; {a} must not be after {b}")
        elif a == "base_period" and row[a] and row[b] and row["kind"] == "change" \
                and periods.parse(row[a]).start == periods.parse(row[b]).start:
            bad((a, b), f"a change from {row[a]} to {row[b]} has no length; {a} must be before {b}")


def tolerance_range() -> tuple[float, float]:
    """The range a claim's own tolerance may take: the same as the run's ``tolerance_pct`` parameter."""
    p = registry.get("00_verdicts").param("tolerance_pct")
    return p.min, p.max


def _check_tolerance(row, bad) -> None:
    """A claim's own tolerance replaces the run's: it must be a sensible percentage, and say why."""
    if not row["tolerance_pct"]:
        if row["tolerance_reason"]:
            bad("tolerance_reason", "is set but tolerance_pct is empty; give the tolerance or clear the reason")
        return
    lo, hi = tolerance_range()
    tol = float(row["tolerance_pct"])
    if not lo <= tol <= hi:
        bad("tolerance_pct", f"{row['tolerance_pct']!r} is outside the allowed range {lo:g} to {hi:g} (%); "
            "leave it empty to use the run's tolerance")
    if not row["tolerance_reason"].strip():
        bad("tolerance_reason", "is empty; a claim with its own tolerance_pct must say why in tolerance_reason")


def _target_semantics(path: Path, df: pd.DataFrame) -> None:
    """Rules on one target row the schema cannot state: a goal to divide by, a horizon in order."""
    problems = []
    for idx, row in df.iterrows():
        where = f"{_rel(path)}, line {idx + 2} (target {row['target_id']})"
        if float(row["target_value"]) == 0 or not math.isfinite(float(row["target_value"])):
            problems.append(f"{where}, column 'target_value': {row['target_value']!r} is not a usable goal "
                            "(progress is measured as a share of it); give the stated goal")
        if periods.parse(row["horizon_start"]).start > periods.parse(row["horizon_end"]).start:
            problems.append(f"{where}, columns 'horizon_start' and 'horizon_end': the horizon "
                            f"{row['horizon_start']} to {row['horizon_end']} is reversed")
    _raise(problems)


# Files that may legitimately hold no rows (no outlier accepted yet); every other raw file must have data.
MAY_BE_EMPTY = (plausibility.OVERRIDES_FILE,)


def _raise(problems: list[str]) -> None:
    if problems:
        raise RawDataError(_listed(problems))


def load(name: str, raw_dir: Path | None = None, verify: bool = True) -> pd.DataFrame:
    """Load and validate one raw file by name (``"gdp.csv"``, ``"claims.csv"`` ...).

    Series files come back with ``value`` as float; everything else as text.
    ``verify=False`` skips the checksum rule (used before recording a new manifest).
    """
    raw_dir = raw_dir or paths.RAW_DIR
    if name not in DATA_FILES:
        raise RawDataError(f"unknown raw file {name!r}; the raw files are: {', '.join(DATA_FILES)}")
    cat = catalogue(raw_dir, verify)
    if name == "indicators.csv":
        return cat.indicators.copy()
    if name == "units.csv":
        return cat.units_frame.copy()
    if name == "sources.csv":
        return cat.sources.copy()
    path = raw_dir / name
    if name == plausibility.RULES_FILE:
        df = _validate(path, read_text_table(path), schemas.plausibility_schema(set(cat.series_of)))
        std_unit = dict(zip(cat.indicators["indicator"], cat.indicators["unit"]))
        _raise(plausibility.check_rules(df, std_unit, _rel(path)))
    elif name == plausibility.OVERRIDES_FILE:
        df = _validate(path, read_text_table(path),
                       schemas.plausibility_overrides_schema(set(cat.series_of), cat.source_ids))
    elif name == "claims.csv":
        df = _validate(path, read_text_table(path), schemas.claims_schema(set(cat.series_of)))
        _claim_semantics(path, df, cat)
    elif name == "targets.csv":
        df = _validate(path, read_text_table(path),
                       schemas.targets_schema(set(cat.series_of), cat.units, cat.source_ids))
        _target_semantics(path, df)
    else:
        series = name.removesuffix(".csv")
        df = _validate(path, read_text_table(path),
                       schemas.series_schema(series, cat.series_of, cat.units, cat.source_ids))
        df["value"] = df["value"].astype(float)
        rules = load(plausibility.RULES_FILE, raw_dir, verify)
        overrides = load(plausibility.OVERRIDES_FILE, raw_dir, verify)
        std_unit = dict(zip(cat.indicators["indicator"], cat.indicators["unit"]))
        _raise(plausibility.check(name, df, rules, overrides, cat.factor, std_unit, _rel(path)))
    if verify:
        verify_checksum(path)
    return df


def validate_all(raw_dir: Path | None = None, verify: bool = True) -> None:
    """Load every raw file once; raise the first :class:`RawDataError`."""
    for name in DATA_FILES:
        load(name, raw_dir, verify)


# ---------------------------------------------------------------- tidy form
def tidy(df: pd.DataFrame, raw_dir: Path | None = None) -> pd.DataFrame:
    """Series rows in analysis-ready form.

    Adds the value in the indicator's canonical unit (``value_std``, ``unit_std``),
    the parsed period (``period_kind``, ``year``, ``start``, ``end``, ``months``),
    and the source's publisher. Nothing is dropped or filled.
    """
    cat = catalogue(raw_dir)
    out = df.copy()
    canon = dict(zip(cat.indicators["indicator"], cat.indicators["unit"]))
    out["unit_std"] = out["indicator"].map(canon)
    out["value_std"] = [v * cat.factor[(i, u)] for v, i, u in zip(out["value"], out["indicator"], out["unit"])]
    parsed = out["period"].map(periods.parse)
    out["period_kind"] = parsed.map(lambda p: p.kind)
    out["year"] = parsed.map(lambda p: p.year)
    out["start"] = parsed.map(lambda p: p.start.isoformat())
    out["end"] = parsed.map(lambda p: p.end.isoformat())
    out["months"] = parsed.map(lambda p: p.months)
    pub = dict(zip(cat.sources["source_id"], cat.sources["publisher"]))
    out["publisher"] = out["source_id"].map(pub)
    return out
