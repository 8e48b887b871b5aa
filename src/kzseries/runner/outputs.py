"""The output tree: staged files moved into place, the site's index, and the ``--check`` comparison."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .common import OUTPUT_DIRS


def _commit(stage: Path, out_root: Path, files: list[str]) -> None:
    """Move a successful notebook's staged files into place, one atomic rename each."""
    for rel in files:
        dest = out_root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = stage / rel
        try:
            os.replace(src, dest)
        except OSError:
            # Different file system (e.g. --out on another mount): copy beside, then rename.
            tmp = dest.with_name(dest.name + ".kz-tmp")
            try:
                shutil.copyfile(src, tmp)
                os.replace(tmp, dest)
            except OSError:
                tmp.unlink(missing_ok=True)  # nothing half-written is left behind
                raise


def write_index(out_root: Path) -> None:
    from .. import site

    target = out_root / "reports" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name("index.html.kz-tmp")
    try:
        tmp.write_text(site.render_index(out_root), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


# Committed beside the outputs but not made by run_all.py: the site screenshot (browser test).
NOT_BUILT = {"reports/index.png"}


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths under OUTPUT_DIRS that differ between two output roots."""
    diffs = []
    for d in OUTPUT_DIRS:
        files = {p.relative_to(a) for p in (a / d).rglob("*") if p.is_file()} | \
                {p.relative_to(b) for p in (b / d).rglob("*") if p.is_file()}
        for rel in sorted(files):
            if str(rel) in NOT_BUILT:
                continue
            pa, pb = a / rel, b / rel
            if not pa.exists() or not pb.exists() or pa.read_bytes() != pb.read_bytes():
                diffs.append(str(rel))
    return diffs
