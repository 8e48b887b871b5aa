"""Where things live.

Every path resolves from the repository root, never from the current working
directory, so a notebook runs the same from JupyterLab (cwd = notebooks/), from
papermill and from ``run_all.py`` (cwd = repository root).

Two environment variables let ``run_all.py`` redirect a run without touching
the notebooks:

``KZ_OUT_ROOT``
    the root whose ``data/processed/`` a notebook *reads* upstream results from
    (default: the repository root; ``run_all.py --out DIR`` sets it to DIR);
``KZ_STAGE_DIR``
    the folder a notebook *writes* its outputs into (default: the same as
    ``KZ_OUT_ROOT``). ``run_all.py`` points it at a staging folder and moves the
    files into place only when every notebook of the run succeeded, so a failed run
    never leaves half-written (or half old, half new) outputs behind;
``KZ_RUN_TREE``
    the folder where run_all.py gathers the outputs of the notebooks that already
    succeeded in this run; a later notebook reads its upstream files from there.

Without either (a notebook run from JupyterLab or the papermill command line), a run with the default
parameters writes the committed outputs under the repository root (never under the working directory),
and a run with other parameters writes to ``runs/<notebook>-<hash of its parameters>/`` instead
(:func:`use_run_folder`, called by :func:`kzseries.nb.start`), so an experiment never overwrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(os.environ.get("KZ_REPO_ROOT") or Path(__file__).resolve().parents[2])
RAW_DIR = REPO_ROOT / "data" / "raw"
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
MANIFEST = RAW_DIR / "MANIFEST.sha256"


_RUN_FOLDER: Path | None = None


def use_run_folder(folder: Path | None) -> None:
    """Write this kernel's outputs to ``folder`` (an experiment outside run_all.py); ``None`` to stop."""
    global _RUN_FOLDER
    _RUN_FOLDER = folder


def redirected_by_runner() -> bool:
    """True when run_all.py (or a caller who knows what it does) chose where this run reads and writes."""
    return bool(os.environ.get("KZ_STAGE_DIR") or os.environ.get("KZ_OUT_ROOT"))


def out_root() -> Path:
    """Root of the output tree this run reads upstream results from."""
    return Path(os.environ.get("KZ_OUT_ROOT") or REPO_ROOT)


def stage_root() -> Path:
    """Root of the tree this notebook writes into (a staging folder under run_all)."""
    return Path(os.environ.get("KZ_STAGE_DIR") or _RUN_FOLDER or out_root())


def run_tree() -> Path | None:
    """Where run_all.py gathers this run's finished outputs until every notebook has succeeded
    (``KZ_RUN_TREE``); an upstream file made earlier in the same run is read from there."""
    tree = os.environ.get("KZ_RUN_TREE")
    return Path(tree) if tree else None


def processed_in(root: Path, name: str) -> Path:
    """``root``'s processed file ``name``, or this run's newer copy of it if the run made one."""
    tree = run_tree()
    if tree is not None and (tree / "data" / "processed" / name).exists():
        return tree / "data" / "processed" / name
    return root / "data" / "processed" / name


def processed(name: str) -> Path:
    """Path of an upstream processed file to read, e.g. ``processed("tidy_gdp.csv")``."""
    path = processed_in(out_root(), name)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: it is written by an upstream notebook. "
            "Run `python run_all.py` (or the notebook that makes it) first."
        )
    return path


def output(relpath: str) -> Path:
    """Path to write one declared output to (``data/processed/x.csv``, ``figures/x.png``)."""
    path = stage_root() / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def normalised_bytes(path: Path) -> bytes:
    """File content with Windows line endings folded to ``\\n`` (what checksums and cache keys cover)."""
    return path.read_bytes().replace(b"\r\n", b"\n")
