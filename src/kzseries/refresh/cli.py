"""``python -m kzseries.refresh``: bring in the publishers' latest releases as new rows.

    python -m kzseries.refresh --dry-run                     # what would change, writes nothing
    python -m kzseries.refresh                               # add the new rows, update the manifest
    python -m kzseries.refresh --replay tests/fixtures/refresh --dry-run   # offline, from stored responses
    python -m kzseries.refresh --record DIR                  # live, and keep every response in DIR

Exit status: 0 when the refresh succeeded (with or without new rows), 1 when a publisher's answer or the
new rows failed a check (one line naming the publisher and the series; nothing written), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import data, paths
from ..text import years
from . import apply, catalog, national, publishers
from .fetch import Client, FetchError


def _num(x: float) -> str:
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:,.1f} bn"
    if a >= 1e6:
        return f"{x / 1e6:,.2f} mn"
    if a >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}" if a >= 1 else f"{x:.3g}"


def _pct(old: float, new: float) -> str:
    if old == 0:
        return "n/a"
    return f"{(new - old) / abs(old) * 100:+.1f}%"


def fetch_all(client: Client, raw_dir: Path, only: set[str]) -> list[publishers.Release]:
    out = []
    if "wdi" in only:
        out += [publishers.wdi(client, s) for s in catalog.WDI]
    if "weo" in only:
        for s in catalog.WEO:
            held = _held_edition(raw_dir, s)
            for e in publishers.weo_editions(client, held):
                r = publishers.weo(client, s, e)
                if r is not None:
                    out.append(r)
    if "faostat" in only:
        out += publishers.faostat(client)
    return out


def _held_edition(raw_dir: Path, s: catalog.Series) -> str:
    """The newest WEO edition of a series already in sources.csv (the curated one is April 2026)."""
    src = data.read_text_table(raw_dir / "sources.csv")
    ids = [i for i in src["source_id"] if i.startswith(s.lineage + ".")]
    return max([i.split(".", 1)[1] for i in ids] + ["2026-04"])


def summary(p: apply.Plan, changes, stale: list[str]) -> list[str]:
    lines = []
    new = [c for c in p.changes if c.old is None]
    rev = [c for c in p.changes if c.old is not None]
    lines.append(f"New values ({len(new)}):")
    groups: dict[tuple, list] = {}
    for c in new:
        groups.setdefault((c.release.series, c.release.release), []).append(c)
    for (s, release), cs in groups.items():
        where = f"{catalog.name(s)}, release {release}"
        if len(cs) > 4:  # a series new to the collection: one line
            last = cs[-1]
            lines.append(f"  {s.label}: {len(cs)} values for {years([c.year for c in cs])} (latest {last.year}: "
                         f"{_num(last.new)}; {where})")
            continue
        lines += [f"  {s.label} {c.year}: {_num(c.new)} ({c.status}; {where})" for c in cs]
    lines.append(f"Revisions against the previous vintage ({len(rev)}):")
    for c in rev:
        st = f"; {c.old_status} → {c.status}" if c.status != c.old_status else ""
        lines.append(f"  {c.release.series.label} {c.year}: {_num(c.old)} → {_num(c.new)} ({_pct(c.old, c.new)}{st}; "
                     f"{catalog.name(c.release.series)}, release {c.release.release})")
    for rel, gone in p.missing:
        lines.append(f"  missing: {catalog.name(rel.series)}, release {rel.release} has no value for "
                     f"{years(gone)}; the previous vintage stays in use for those years")
    lines.append(f"Verdicts that would change ({len(changes)}):")
    for r in changes.itertuples():
        lines.append(f"  {r.kind} {r.id}: {r.verdict_old.replace('_', ' ')} → {r.verdict_new.replace('_', ' ')}"
                     + (f" (measured {_num(r.measured_old)} → {_num(r.measured_new)})"
                        if r.measured_old == r.measured_old and r.measured_new == r.measured_new
                        and r.measured_old is not None and r.measured_new is not None else ""))
    lines.append(f"National series older than their publisher's usual lag ({len(stale)}; curate by hand, "
                 "see CONTRIBUTING.md):")
    lines += [f"  {s}" for s in stale]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kzseries.refresh", description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    ap.add_argument("--replay", type=Path, metavar="DIR", help="read the publishers' responses from DIR (offline)")
    ap.add_argument("--record", type=Path, metavar="DIR", help="save every response to DIR (for --replay)")
    ap.add_argument("--only", default="wdi,weo,faostat", help="publishers to refresh (default: wdi,weo,faostat)")
    ap.add_argument("--raw-dir", type=Path, default=None, help="the data/raw folder to refresh (default: the "
                    "repository's)")
    ap.add_argument("--today", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.replay and args.record:
        ap.error("--replay and --record exclude each other")
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    if not only <= set(catalog.PUBLISHERS):
        ap.error(f"--only takes {', '.join(catalog.PUBLISHERS)}")
    raw_dir = (args.raw_dir or paths.RAW_DIR).resolve()
    today = date.fromisoformat(args.today) if args.today else date.today()
    client = Client(replay=args.replay, record=args.record)
    try:
        releases = fetch_all(client, raw_dir, only)
        p = apply.plan(releases, raw_dir)
        with apply.tempdir() as tmp:
            staged = apply.stage(p, raw_dir, Path(tmp))
            changes = apply.verdict_changes(raw_dir, staged) if p.changes else apply.NO_CHANGES
            stale = national.stale(raw_dir, today)
            written = [] if args.dry_run or not p.changes else apply.write(p, staged, raw_dir)
    except (FetchError, apply.RefreshError) as e:
        print(f"refresh failed, nothing written: {e}".replace("\n", " "), file=sys.stderr)
        return 1
    except data.RawDataError as e:
        print(f"refresh failed, nothing written: data/raw does not validate: {str(e).splitlines()[0]}",
              file=sys.stderr)
        return 1
    mode = "dry run, nothing written" if args.dry_run else "refresh"
    print(f"kzseries refresh ({mode}; {'replayed from ' + str(args.replay) if args.replay else 'live'}): "
          f"{len(releases)} releases read, {sum(len(r) for r in p.rows.values())} new rows")
    print("\n".join(summary(p, changes, stale)))
    if not args.dry_run:
        if written:
            print(f"Wrote {', '.join('data/raw/' + n for n in written)} and data/raw/MANIFEST.sha256.")
            print("Now run `python run_all.py` to rebuild the verdicts, notebooks and site from the new data.")
        else:
            print("Nothing new: data/raw is unchanged.")
    return 0
