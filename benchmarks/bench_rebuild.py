#!/usr/bin/env python3
"""Time rebuilds on this machine: the plain way against run_all.py.

    python benchmarks/bench_rebuild.py [--repeat N]

Cases, each run N times in a throw-away copy of the repository:

  (a) plain      every notebook through the papermill command line, then `jupyter nbconvert --to html`,
                 one after another (what a reviewer would type without run_all.py)
  (b) force      run_all.py --force (parallel, in-process HTML rendering)
  (c) no-op      run_all.py with nothing changed (content-hash cache)
  (d) one CSV    run_all.py after one raw CSV (housing.csv) changed: only its downstream notebooks re-run

Prints min and median wall time per case, the ratios (a)/(b) and (a)/(c), peak memory (largest single
process) and, for (d), which notebooks were re-executed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kzseries import registry  # noqa: E402

BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (largest process of its tree) and stdout of one command."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss / 1024.0, out.read().decode()


def run_case(cmds: list[list[str]], cwd: Path, env: dict) -> tuple[float, float, str]:
    """Commands in sequence as one case: total wall time, largest peak, joined output."""
    total, peak, outs = 0.0, 0.0, []
    for c in cmds:
        wall, mb, out = timed(c, cwd, env)
        total += wall
        peak = max(peak, mb)
        outs.append(out)
    return total, peak, "\n".join(outs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kz-bench-"))
    repo = tmp / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", ".git", ".kz-cache", ".kz-stage",
                                                               "__pycache__", "runs"))
    env = dict(os.environ, KZ_REPO_ROOT=str(repo), PYTHONPATH=str(repo / "src"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    py = str(BIN / "python")
    names = [s.name for s in registry.REGISTRY]
    plain = []
    for n in names:
        plain.append([str(BIN / "papermill"), f"notebooks/{n}.ipynb", f"reports/{n}.ipynb", "-k", "kzseries",
                      "--cwd", str(repo), "--no-progress-bar"])
        plain.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", f"reports/{n}.ipynb", "--log-level", "ERROR"])
    housing = repo / "data" / "raw" / "housing.csv"
    original = housing.read_bytes()

    def touch_housing(i: int) -> None:
        # A real content change each round (a note of the first row; odd rounds restore the original),
        # recorded in the manifest as a deliberate edit would be.
        if i % 2 == 0:
            rows = list(csv.reader(io.StringIO(original.decode())))
            rows[1][-1] += " (benchmark edit)"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            housing.write_text(buf.getvalue())
        else:
            housing.write_bytes(original)
        subprocess.run([py, "-m", "kzseries.manifest", "--update"], cwd=repo, env=env, check=True,
                       capture_output=True)

    results: dict[str, list[float]] = {k: [] for k in ("a", "b", "c", "d")}
    peaks: dict[str, float] = {}
    reran = ""
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"repetitions per case: {args.repeat}; working copy: {repo}\n")
    subprocess.run([py, "run_all.py"], cwd=repo, env=env, check=True, capture_output=True)  # warm caches
    for i in range(args.repeat):
        w, m, _ = run_case(plain, repo, env)
        results["a"].append(w); peaks["a"] = max(peaks.get("a", 0), m)
        w, m, _ = run_case([[py, "run_all.py", "--force"]], repo, env)
        results["b"].append(w); peaks["b"] = max(peaks.get("b", 0), m)
        w, m, _ = run_case([[py, "run_all.py"]], repo, env)
        results["c"].append(w); peaks["c"] = max(peaks.get("c", 0), m)
        touch_housing(i)
        w, m, out = run_case([[py, "run_all.py"]], repo, env)
        results["d"].append(w); peaks["d"] = max(peaks.get("d", 0), m)
        reran = ", ".join(re.findall(r"^\s+(\S+)\s+done in", out, re.M))
        print(f"  round {i + 1}: a {results['a'][-1]:.2f} s, b {results['b'][-1]:.2f} s, "
              f"c {results['c'][-1]:.2f} s, d {results['d'][-1]:.2f} s", flush=True)
    housing.write_bytes(original)

    label = {"a": "(a) plain: papermill CLI + nbconvert, serial", "b": "(b) run_all.py --force",
             "c": "(c) run_all.py, nothing changed", "d": "(d) run_all.py, housing.csv changed"}
    print(f"\n{'case':<46} {'min s':>7} {'median s':>9} {'peak MB':>8}")
    for k in "abcd":
        print(f"{label[k]:<46} {min(results[k]):7.2f} {statistics.median(results[k]):9.2f} {peaks[k]:8.0f}")
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"\nratio (a)/(b): {med['a'] / med['b']:.1f}x    ratio (a)/(c): {med['a'] / med['c']:.1f}x")
    print(f"(d) re-executed: {reran}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
