"""Content-hash keys: a notebook is skipped when its inputs hash to the key of its last success.

Also the stamp that lets an unchanged ``data/raw`` skip its full validation.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import paths, registry
from . import deps
from .common import CACHE_DIR, PreflightError


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def package_digest(notebook: str | None = None) -> str:
    """Hash of the package source (code and templates) and the lock; for a notebook, of the package files it
    depends on only (:func:`kzseries.runner.deps.package_files`), so an edit elsewhere leaves it up to date."""
    h = hashlib.sha256()
    pkg = package_dir()
    files = (deps.package_files(notebook) if notebook else
             sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts))
    for f in files:
        h.update(str(f.relative_to(pkg)).encode() + b"\0" + f.read_bytes())
    # Where the kernels import it from, too (the runner makes them import this one, see
    # execute.kernel_env): outputs made with another checkout's package are not up to date here.
    h.update(b"at\0" + package_location().encode())
    lock = paths.REPO_ROOT / "requirements.lock"
    if lock.exists():
        h.update(lock.read_bytes())
    return h.hexdigest()


def package_dir() -> Path:
    """The kzseries package this runner is part of; its kernels must import the same one."""
    return Path(__file__).resolve().parents[1]


def package_location() -> str:
    """The package's place, relative to the checkout when inside it (so a copied checkout keeps its cache)."""
    pkg, root = package_dir(), paths.REPO_ROOT.resolve()
    return str(pkg.relative_to(root)) if pkg.is_relative_to(root) else str(pkg)


def cache_key(name: str, values: dict, out_root: Path, pkg: str) -> str:
    """``pkg``: :func:`package_digest` of this notebook."""
    spec = registry.get(name)
    h = hashlib.sha256()
    h.update(b"nb\0" + (paths.REPO_ROOT / spec.path).read_bytes())
    h.update(b"params\0" + json.dumps(values, sort_keys=True).encode())
    for f in spec.raw_inputs:
        p = paths.RAW_DIR / f
        h.update(f"raw:{f}\0".encode() + (paths.normalised_bytes(p) if p.exists() else b"<missing>"))
    for f in spec.processed_inputs:
        p = paths.processed_in(out_root, f)  # this run's newer copy, if an upstream notebook just made it
        h.update(f"processed:{f}\0".encode() + (p.read_bytes() if p.exists() else b"<missing>"))
    h.update(b"pkg\0" + pkg.encode())
    return h.hexdigest()


def all_outputs(name: str) -> list[str]:
    spec = registry.get(name)
    return list(spec.outputs) + [f"reports/{name}.ipynb", f"reports/{name}.html"]


def is_up_to_date(name: str, key: str, out_root: Path) -> bool:
    entry = out_root / CACHE_DIR / f"{name}.json"
    if not entry.exists():
        return False
    try:
        rec = json.loads(entry.read_text())
    except (OSError, ValueError):
        return False
    if rec.get("key") != key:
        return False
    for rel, digest in rec.get("outputs", {}).items():
        p = out_root / rel
        if not p.exists() or _sha(p.read_bytes()) != digest:
            return False
    return True


def record_success(name: str, key: str, out_root: Path) -> None:
    outputs = {rel: _sha((out_root / rel).read_bytes()) for rel in all_outputs(name)}
    entry = out_root / CACHE_DIR / f"{name}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps({"key": key, "outputs": outputs}, indent=1, sort_keys=True))
        os.replace(tmp, entry)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def validate_raw_once() -> None:
    """Validate data/raw unless exactly these bytes (and this package) already passed.

    The stamp is a content hash of every raw file, the manifest and the package, so any edit is
    validated again; an unchanged tree costs a few milliseconds instead of a full schema check.
    """
    h = hashlib.sha256(package_digest().encode())
    for f in registry.RAW_FILES + ("MANIFEST.sha256",):
        p = paths.RAW_DIR / f
        h.update(f.encode() + b"\0" + (paths.normalised_bytes(p) if p.exists() else b"<missing>"))
    stamp = paths.REPO_ROOT / CACHE_DIR / "raw-validated"
    if stamp.exists() and stamp.read_text() == h.hexdigest():
        return
    from .. import data

    try:
        data.validate_all()
    except data.RawDataError as e:
        raise PreflightError(f"raw data problem, nothing was run:\n{e}") from None
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(h.hexdigest())
    except OSError:
        pass  # a read-only checkout simply validates every time
