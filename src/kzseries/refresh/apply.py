"""From releases to new rows: compare with the vintages held, validate, summarise, write.

Nothing is edited: a value the newest held release of its series does not already carry (new year,
revised value or changed status) becomes a new row of a new source ``<lineage>.<release>``; a value equal to
it is not added again. The new rows are written to a copy of ``data/raw`` first and validated there with
the project's own loader (schemas, catalogue, plausibility limits); only when every file passes are the
files replaced and the manifest rewritten.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import claims, data, registry, vintages
from . import catalog
from .publishers import Release

SERIES_COLUMNS = ["indicator", "period", "value", "unit", "source_id", "status", "vintage", "basis", "published",
                  "notes"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "url", "published", "accessed", "license", "notes",
                  "published_is"]
REL_TOL = 1e-9


class RefreshError(RuntimeError):
    """New rows that would break a rule; nothing was written."""


@dataclass
class Change:
    release: Release
    year: int
    old: float | None          # in the series' own unit of the new row; None = a new value
    new: float
    status: str
    old_status: str = ""


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    missing: list[tuple[Release, list[int]]] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)      # file -> new rows
    sources: list[dict] = field(default_factory=list)
    where: dict[tuple[str, int], Release] = field(default_factory=dict)   # (file, line) -> release


def _fmt_value(x: float) -> str:
    return repr(float(x)) if not float(x).is_integer() or abs(x) >= 1e16 else str(int(x))


def plan(releases: list[Release], raw_dir: Path) -> Plan:
    """The rows and sources the releases add to the files in ``raw_dir``."""
    cat = data.catalogue(raw_dir, verify=False)
    frames = {}
    p = Plan()
    new_ids = set()
    for rel in sorted(releases, key=lambda r: (r.series.publisher, r.release, r.series.code)):
        s = rel.series
        if s.file not in frames:
            frames[s.file] = data.read_text_table(raw_dir / s.file)
        held = frames[s.file]
        held = held[held["period"].str.fullmatch(r"\d{4}")]
        held = held.assign(year=held["period"].astype(int),
                           value_std=[float(v) * cat.factor.get((i, u), math.nan)
                                      for v, i, u in zip(held["value"], held["indicator"], held["unit"])])
        # what the lineage says now, releases already planned included
        planned = pd.DataFrame([{"indicator": r["indicator"], "period": r["period"], "year": int(r["period"]),
                                 "source_id": r["source_id"], "status": r["status"],
                                 "value_std": float(r["value"]) * cat.factor[(r["indicator"], r["unit"])]}
                                for r in p.rows.get(s.file, [])])
        both = pd.concat([held, planned], ignore_index=True) if len(planned) else held
        cur = vintages.latest(both, s.indicator, s.lineage)
        cur = {int(y): (v, st) for y, v, st in zip(cur["year"], cur["value_std"], cur["status"])}
        sid = vintages.successor_id(s.lineage, rel.release)
        factor = cat.factor[(s.indicator, s.unit)]
        gone = sorted(y for y in cur if y not in rel.values and y >= min(rel.values, default=9999))
        if gone:
            p.missing.append((rel, gone))
        added = []
        for y, (v, status) in sorted(rel.values.items()):
            std = v * factor
            if y in cur:
                old_std, old_status = cur[y]
                if math.isclose(std, old_std, rel_tol=REL_TOL, abs_tol=1e-12) and status == old_status:
                    continue
                p.changes.append(Change(rel, y, old_std / factor, v, status, old_status))
            else:
                p.changes.append(Change(rel, y, None, v, status))
            added.append({"indicator": s.indicator, "period": str(y), "value": _fmt_value(v), "unit": s.unit,
                          "source_id": sid, "status": status, "vintage": "", "basis": "",
                          "published": rel.release,
                          "notes": f"{catalog.name(s)}, release of {rel.release}; added by python -m kzseries.refresh"
                                   + ("" if rel.recorded else " from a constructed test fixture"),
                          "_release": rel})
        if not added:
            continue
        if sid in cat.source_ids or sid in new_ids:
            raise RefreshError(f"{catalog.name(s)}: release {rel.release} is already recorded as {sid} but now "
                               "gives other values; the publisher changed a release without a new date")
        new_ids.add(sid)
        p.rows.setdefault(s.file, []).extend(added)
        p.sources.append(_source_row(rel, sid))
    return p


def _source_row(rel: Release, sid: str) -> dict:
    s = rel.series
    title = {"wdi": f"World Development Indicators {s.code}, Kazakhstan, release of {rel.release} (API v2)",
             "weo": f"World Economic Outlook, {rel.release} edition, {s.code} for Kazakhstan (DBnomics IMF/WEO:"
                    f"{rel.release})",
             "faostat": f"FAOSTAT QCL, Cereals primary (item {catalog.FAO_ITEM}), element {s.code}, Kazakhstan, "
                        f"update of {rel.release}"}[s.publisher]
    note = f"new release of the series first cited as {s.lineage}; query URL as sent by python -m kzseries.refresh"
    if not rel.recorded:
        note += "; CONSTRUCTED test fixture (tests/fixtures/refresh), not a recorded response"
    return {"source_id": sid, "publisher": catalog.PUBLISHERS[s.publisher], "title": title, "url": rel.url,
            "published": rel.release, "accessed": rel.accessed, "license": catalog.LICENCES[s.publisher],
            "notes": note, "published_is": "release"}  # every row of the source takes the release's date


# ------------------------------------------------------------------ staging
def _append(path: Path, rows: list[dict], columns: list[str]) -> int:
    """Append rows to a CSV in the file's own style; returns the line number of the first new row."""
    text = path.read_text(encoding="utf-8")
    first = text.count("\n") + (0 if text.endswith("\n") else 1) + 1
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writerows(rows)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buf.getvalue(), encoding="utf-8")
    return first


def stage(p: Plan, raw_dir: Path, into: Path) -> Path:
    """A copy of ``raw_dir`` in ``into`` with the plan's rows added, validated; raises RefreshError."""
    staged = into / "raw"
    shutil.copytree(raw_dir, staged)
    if p.sources:
        _append(staged / "sources.csv", p.sources, SOURCE_COLUMNS)
    for name, rows in p.rows.items():
        first = _append(staged / name, rows, SERIES_COLUMNS)
        for i, r in enumerate(rows):
            p.where[(name, first + i)] = r["_release"]
    try:
        data.validate_all(staged, verify=False)
    except data.RawDataError as e:
        raise RefreshError(_blame(str(e), p)) from None
    data.write_manifest(staged)  # the staged copy is valid: bless it, so it loads as the real files do
    return staged


def _blame(message: str, p: Plan) -> str:
    """The first problem of a validation message, naming the publisher and series of the row it is about."""
    line = message.splitlines()[0]
    for (name, n), rel in p.where.items():
        if f"{name}, line {n}:" in line or f"{name}, line {n} " in line:
            return f"{catalog.name(rel.series)}, release {rel.release}: {line}"
    who = ", ".join(sorted({catalog.name(c.release.series) for c in p.changes})) or "the refresh"
    return f"{who}: {line}"


def write(p: Plan, staged: Path, raw_dir: Path) -> list[str]:
    """Replace the changed files of ``raw_dir`` by their validated staged copies and rewrite the manifest."""
    names = (["sources.csv"] if p.sources else []) + sorted(p.rows)
    for name in names:
        tmp = raw_dir / f".{name}.refresh"
        shutil.copyfile(staged / name, tmp)
        tmp.replace(raw_dir / name)
    data.write_manifest(raw_dir)
    return names


# ------------------------------------------------------------------ verdicts
def observations(raw_dir: Path) -> pd.DataFrame:
    """Tidy observations of every series file in ``raw_dir`` (as the audit notebook builds them)."""
    from .. import audit

    indicators = data.load("indicators.csv", raw_dir, verify=False)
    obs = pd.concat([data.tidy(data.load(f"{s}.csv", raw_dir, verify=False), raw_dir).assign(series=s)
                     for s in registry.DATA_SERIES], ignore_index=True)
    obs = obs.merge(indicators[["indicator", "title"]], on="indicator", how="left")[audit.TIDY_COLUMNS]
    obs = obs.sort_values(["series", "indicator", "period", "source_id", "basis", "vintage"],
                          kind="mergesort").reset_index(drop=True)
    return obs[obs["status"] != "rejected"].reset_index(drop=True)


_VERDICTS: dict[tuple, pd.DataFrame] = {}


def _content_key(raw_dir: Path) -> tuple:
    return tuple((name, hashlib.sha256(data.normalised_bytes(raw_dir / name)).hexdigest()) for name in data.DATA_FILES)


def verdicts(raw_dir: Path, tolerance_pct: float = claims.DEFAULT_TOLERANCE_PCT) -> pd.DataFrame:
    """Every claim's and target's verdict computed from the files in ``raw_dir``: id, verdict, measured
    (remembered by the files' content, so the same data are judged once per process)."""
    key = (_content_key(raw_dir), tolerance_pct)
    if key not in _VERDICTS:
        _VERDICTS[key] = _verdicts(raw_dir, tolerance_pct)
    return _VERDICTS[key].copy()


def _verdicts(raw_dir: Path, tolerance_pct: float) -> pd.DataFrame:
    obs = observations(raw_dir)
    reg = claims.load_registry(data.load("claims.csv", raw_dir, verify=False))
    checked = claims.check_all([c for c in reg if c.series != "other"], obs, tolerance_pct)
    progress = claims.targets_progress(data.load("targets.csv", raw_dir, verify=False), obs, tolerance_pct)
    a = pd.DataFrame({"id": checked["claim_id"], "kind": "claim", "verdict": checked["verdict"],
                      "measured": checked["measured_value"], "period": checked["measured_period"].astype(str)})
    b = pd.DataFrame({"id": progress["target_id"], "kind": "target", "verdict": progress["verdict"],
                      "measured": progress["achieved"], "period": progress["horizon"].astype(str)})
    return pd.concat([a, b], ignore_index=True)


NO_CHANGES = pd.DataFrame(columns=["id", "kind", "verdict_old", "measured_old", "period_old", "verdict_new",
                                   "measured_new", "period_new"])


def verdict_changes(old_dir: Path, new_dir: Path) -> pd.DataFrame:
    old, new = verdicts(old_dir), verdicts(new_dir)
    m = old.merge(new, on=["id", "kind"], suffixes=("_old", "_new"))
    return m[m["verdict_old"] != m["verdict_new"]].reset_index(drop=True)


def tempdir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="kz-refresh-")
