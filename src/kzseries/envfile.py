"""Mirror the lock into ``environment.yml`` and ``binder/requirements.txt``: ``python -m kzseries.envfile [--check]``.

``requirements.lock`` (exact pins with hashes and platform/Python markers,
written by ``make lock`` from ``pyproject.toml``) is the single source of truth;
conda users get the same pins through ``environment.yml`` and Binder through
``binder/requirements.txt``, which this module writes (pins and markers, no
hashes). ``--check`` exits 1 if either disagrees with the lock (the test suite
runs the same comparison).
"""

from __future__ import annotations

import re
import sys

from . import paths

HEADER = """\
# Generated from requirements.lock by `python -m kzseries.envfile` (`make lock`); do not edit by hand.
# conda env create -f environment.yml && conda activate kzseries
# then, in the repository: pip install --no-deps --no-build-isolation -e . && python -m kzseries.kernel
name: kzseries
channels:
  - conda-forge
dependencies:
  - python>=3.11,<3.14
  - pip
  - pip:
"""

BINDER_HEADER = """\
# Generated from requirements.lock by `python -m kzseries.envfile` (`make lock`); do not edit by hand.
# Binder installs these exact pins; binder/postBuild then installs the package and registers the kernel.
"""

# name==version, then an optional "; marker" (stopping at the line continuation of the hashes)
_LOCK_RE = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)(?:\s*;\s*([^\\\n]*?))?\s*(?:\\|$)", re.M)
_ENV_RE = re.compile(r"^\s+-\s+([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*(.*?))?\s*$", re.M)
_BINDER_RE = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*(.*?))?\s*$", re.M)


def _read(name: str) -> str:
    return (paths.REPO_ROOT / name).read_text(encoding="utf-8")


def lock_requirements(text: str | None = None) -> dict[str, tuple[str, str]]:
    """``{name: (version, marker)}`` from requirements.lock (marker "" where there is none)."""
    text = text if text is not None else _read("requirements.lock")
    return {m.group(1).lower(): (m.group(2), (m.group(3) or "").strip()) for m in _LOCK_RE.finditer(text)}


def lock_pins(text: str | None = None) -> dict[str, str]:
    """``{name: version}`` from requirements.lock."""
    return {k: v for k, (v, _) in lock_requirements(text).items()}


def env_requirements(text: str | None = None) -> dict[str, tuple[str, str]]:
    """``{name: (version, marker)}`` from the pip section of environment.yml."""
    text = text if text is not None else _read("environment.yml")
    return {m.group(1).lower(): (m.group(2), (m.group(3) or "").strip()) for m in _ENV_RE.finditer(text)}


def env_pins(text: str | None = None) -> dict[str, str]:
    """``{name: version}`` from the pip section of environment.yml."""
    return {k: v for k, (v, _) in env_requirements(text).items()}


def binder_requirements(text: str | None = None) -> dict[str, tuple[str, str]]:
    """``{name: (version, marker)}`` from binder/requirements.txt."""
    text = text if text is not None else _read("binder/requirements.txt")
    return {m.group(1).lower(): (m.group(2), (m.group(3) or "").strip()) for m in _BINDER_RE.finditer(text)}


def _line(name: str, version: str, marker: str) -> str:
    return f"{name}=={version}" + (f" ; {marker}" if marker else "")


def render() -> str:
    reqs = lock_requirements()
    return HEADER + "".join(f"      - {_line(n, v, m)}\n" for n, (v, m) in sorted(reqs.items()))


def render_binder() -> str:
    reqs = lock_requirements()
    return BINDER_HEADER + "".join(_line(n, v, m) + "\n" for n, (v, m) in sorted(reqs.items()))


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        lock = lock_requirements()
        bad = 0
        for label, other in (("environment.yml", env_requirements()), ("binder/requirements.txt",
                                                                       binder_requirements())):
            if lock != other:
                diff = sorted(set(lock.items()) ^ set(other.items()))
                print(f"{label} and requirements.lock disagree: {diff[:10]}", file=sys.stderr)
                bad = 1
        if not bad:
            print("environment.yml and binder/requirements.txt mirror requirements.lock")
        return bad
    (paths.REPO_ROOT / "environment.yml").write_text(render(), encoding="utf-8")
    binder = paths.REPO_ROOT / "binder" / "requirements.txt"
    binder.parent.mkdir(exist_ok=True)
    binder.write_text(render_binder(), encoding="utf-8")
    print(f"wrote environment.yml and binder/requirements.txt ({len(lock_requirements())} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
