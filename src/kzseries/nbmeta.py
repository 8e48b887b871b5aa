"""Notebook metadata that does not depend on where or with which kernel a notebook ran.

Source notebooks and executed reports name the standard ``python3`` kernelspec, which
every Jupyter has (``run_all.py --kernel`` may still execute them on the project's
kernel), and record the language but not the interpreter version, so outputs are
byte-identical on Python 3.11, 3.12 and 3.13.
"""

from __future__ import annotations

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalise(meta) -> None:
    """Set the standard kernelspec and drop the interpreter version (in place)."""
    meta["kernelspec"] = dict(KERNELSPEC)
    if "language_info" in meta:
        meta["language_info"].pop("version", None)
