#!/usr/bin/env python3
"""Time a fresh clone's way to the rendered site: clone, `make reproduce`, nothing else.

    python benchmarks/bench_setup.py [--repeat N] [--cold] [--python PYTHON]

Each repetition clones the committed HEAD of this repository into a temporary folder and runs
`make reproduce` there: create .venv, install the hashed lock (uv, or pip where uv is not
available), register the kernel, execute every notebook and render the HTML. It reports the
wall time of the set-up (`make env`) and of the rebuild (`run_all.py`) separately, and checks that
`git status` is clean afterwards (the rebuild is byte-identical to the committed outputs).

``--cold`` gives uv an empty cache (every wheel is downloaded from the package index); by default
uv's usual cache is used, as on a machine that has installed Python packages before.
CPU seconds (user + system, all child processes) are printed too: on a shared machine they vary
far less with the load than wall time. Works with Python's standard library only (run it with any Python 3.11-3.13).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    t, c = time.perf_counter(), _cpu()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    wall = time.perf_counter() - t
    print(f"    {' '.join(cmd)}: {wall:.1f} s wall, {_cpu() - c:.1f} s CPU", flush=True)
    return wall


def once(cold: bool, python: str | None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="kz-bench-setup-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = dict(os.environ)
        env.pop("VIRTUAL_ENV", None)
        if cold:
            env["UV_CACHE_DIR"] = str(Path(tmp) / "uv-cache")
        make = ["make"] + ([f"PYTHON={python}"] if python else [])
        setup = run(make + ["env"], clone, env)
        rebuild = run(make + ["reproduce"], clone, env)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout
        if status.strip():
            sys.exit(f"git status is not clean after make reproduce:\n{status}")
        return setup, rebuild


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--cold", action="store_true", help="start uv from an empty cache")
    ap.add_argument("--python", help="the Python to build the environment with (default: the Makefile's choice)")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"{'cold' if args.cold else 'warm'} installer cache, load average {os.getloadavg()[0]:.1f}")
    rows = []
    for i in range(args.repeat):
        setup, rebuild = once(args.cold, args.python)
        rows.append((setup, rebuild, setup + rebuild))
        print(f"  run {i + 1}: set-up {setup:.1f} s + rebuild {rebuild:.1f} s = {setup + rebuild:.1f} s")
    for label, k in (("set-up (make env)", 0), ("rebuild (run_all.py)", 1), ("clone to site", 2)):
        vals = [r[k] for r in rows]
        print(f"{label:22s} min {min(vals):6.1f} s   median {statistics.median(vals):6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
