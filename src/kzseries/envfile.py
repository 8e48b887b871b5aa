"""Mirror the lock into ``environment.yml``: ``python -m kzseries.envfile [--check]``.

``requirements.lock`` (pip, exact pins with hashes) is the single source of
truth; conda and Binder users get the same pins through ``environment.yml``,
which this module writes. ``--check`` exits 1 if the two disagree (the test
suite runs the same comparison).
"""

from __future__ import annotations

import re
import sys

from . import paths

HEADER = """\
# Generated from requirements.lock by `python -m kzseries.envfile`; do not edit by hand.
# conda env create -f environment.yml && conda activate kzseries
name: kzseries
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def lock_pins(text: str | None = None) -> dict[str, str]:
    """``{name: version}`` from requirements.lock."""
    text = text if text is not None else (paths.REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", text, re.M)}


def env_pins(text: str | None = None) -> dict[str, str]:
    """``{name: version}`` from the pip section of environment.yml."""
    text = text if text is not None else (paths.REPO_ROOT / "environment.yml").read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^\s+-\s+([A-Za-z0-9_.\-]+)==(\S+)\s*$", text, re.M)}


def render() -> str:
    pins = lock_pins()
    body = "".join(f"      - {name}=={ver}\n" for name, ver in sorted(pins.items()))
    return HEADER + body + "      - -e .\n"


def main(argv: list[str]) -> int:
    target = paths.REPO_ROOT / "environment.yml"
    if argv == ["--check"]:
        a, b = lock_pins(), env_pins()
        if a != b:
            diff = sorted(set(a.items()) ^ set(b.items()))
            print(f"environment.yml and requirements.lock disagree: {diff[:10]}", file=sys.stderr)
            return 1
        print("environment.yml mirrors requirements.lock")
        return 0
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target.name} ({len(lock_pins())} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
