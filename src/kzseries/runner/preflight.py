"""Checks made before any notebook runs; a problem raises :class:`PreflightError` (exit 1)."""

from __future__ import annotations

from pathlib import Path

from .. import paths, registry
from .cache import validate_raw_once
from .common import OUTPUT_DIRS, PreflightError


def _check_writable(out_root: Path) -> None:
    for d in OUTPUT_DIRS:
        p = out_root / d
        probe = p / ".kz-write-probe"
        try:
            p.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            raise PreflightError(
                f"cannot write to {p} ({e.strerror}); make it writable or pass --out DIR to write elsewhere"
            ) from None


def preflight(names: list[str], kernel: str, out_root: Path) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    for n in names:
        nbpath = paths.REPO_ROOT / registry.get(n).path
        if not nbpath.exists():
            raise PreflightError(f"notebook {n}: file {registry.get(n).path} is missing "
                                 "(restore it with `git checkout -- notebooks/`, or remove it from kzseries/registry.py)")
    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise PreflightError(
            f"the Jupyter kernel {kernel!r} is not installed; run `make kernel` (or "
            f"`python -m ipykernel install --sys-prefix --name {kernel}`) in the project environment"
        ) from None
    validate_raw_once()
    _check_writable(out_root)
