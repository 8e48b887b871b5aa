"""The command line of ``run_all.py``: arguments, ``-p`` parameters, and the run from start to exit code."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from .. import params, paths, registry
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, STAGE_DIR, PreflightError, UsageError, describe_os_error
from .execute import KERNEL
from .lock import RunLock
from .outputs import compare_trees, write_index
from .preflight import preflight
from .schedule import _progress, run, summary


# ------------------------------------------------------------------ params
def parse_overrides(pairs: list[str], params_file: str | None, names: list[str]) -> dict[str, dict]:
    """Per-notebook overrides from ``-p KEY=VALUE`` / ``-p NB.KEY=VALUE`` and a YAML file."""
    raw: list[tuple[str | None, str, object, bool]] = []  # (notebook, key, value, from_text)
    if params_file:
        import yaml

        path = Path(params_file)
        if not path.exists():
            raise UsageError(f"--params-file {params_file}: file not found")
        if path.is_dir():
            raise UsageError(f"--params-file {params_file}: is a folder, not a file; name the YAML file")
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except UnicodeDecodeError as e:
            line = path.read_bytes()[: e.start].count(b"\n") + 1
            raise UsageError(f"--params-file {params_file}: not UTF-8 text (line {line}); save it as UTF-8") from None
        except OSError as e:
            raise UsageError(f"--params-file {params_file}: cannot be read ({e.strerror})") from None
        except yaml.YAMLError as e:
            raise UsageError(f"--params-file {params_file}: not valid YAML: {e}") from None
        if not isinstance(doc, dict):
            raise UsageError(f"--params-file {params_file}: expected a mapping of KEY: VALUE or NOTEBOOK: {{KEY: VALUE}}")
        for k, v in doc.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    raw.append((str(k), str(kk), vv, False))
            else:
                raw.append((None, str(k), v, False))
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"-p {pair!r}: expected KEY=VALUE or NOTEBOOK.KEY=VALUE")
        key, value = pair.split("=", 1)
        nb, _, k = key.rpartition(".")
        raw.append((nb or None, k.strip(), value, True))

    out: dict[str, dict] = {n: {} for n in names}
    for nb, key, value, from_text in raw:
        if nb is not None:
            if nb not in registry.BY_NAME:
                raise UsageError(f"-p {nb}.{key}: unknown notebook {nb!r}; known: {', '.join(registry.BY_NAME)}")
            targets = [nb]
        else:
            targets = [n for n in registry.BY_NAME if key in registry.get(n).defaults]
            if not targets:
                raise params.ParameterError(
                    "(all)", key, "no notebook takes this parameter; see `python run_all.py --list`")
        for n in targets:
            spec = registry.get(n)
            if key not in spec.defaults:
                raise params.ParameterError(n, key, f"unknown parameter; this notebook takes: {', '.join(spec.defaults)}")
            p = spec.param(key)
            v = params.parse_text(p, value, n) if from_text and isinstance(value, str) else value
            out.setdefault(n, {})[key] = v
    # Validate every selected notebook's full parameter set now, before any work.
    return {n: params.validate(n, out.get(n, {}), partial=True) for n in out}


def list_registry() -> str:
    out = []
    for spec in registry.REGISTRY:
        deps = ", ".join(registry.dependencies(spec.name)) or "-"
        out.append(f"{spec.name}  {spec.title}: {spec.question}\n    depends on: {deps}")
        for p in spec.params:
            out.append(f"    {p.name:<28} default {p.default!r:<14} {p.allowed()}\n"
                       f"    {'':<28} {p.help}")
    return "\n".join(out)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="run_all.py",
        description="Execute the notebooks of the registry in order with papermill and build the HTML site.",
        epilog="Exit status: 0 success, 1 a notebook or the data failed, 2 bad command line or parameters.",
    )
    ap.add_argument("--list", action="store_true", help="list the notebooks and their parameters, then exit")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these notebooks (by registry name)")
    ap.add_argument("--with-deps", action="store_true",
                    help="with --only: also run what the named notebooks depend on")
    ap.add_argument("-p", dest="params", action="append", default=[], metavar="KEY=VALUE",
                    help="set a parameter for every notebook that has it; NOTEBOOK.KEY=VALUE for one notebook")
    ap.add_argument("--params-file", metavar="FILE.yaml", help="parameters from a YAML file (same forms as -p)")
    ap.add_argument("--out", metavar="DIR",
                    help="write this run's data/processed, figures and reports under DIR (required with non-default parameters)")
    ap.add_argument("--force", action="store_true", help="re-execute notebooks even where nothing changed")
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temporary folder and compare byte for byte with the committed outputs")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="notebooks run in parallel when independent (default: number of cores)")
    ap.add_argument("--kernel", default=KERNEL, help=f"Jupyter kernel to use (default: {KERNEL})")
    ap.add_argument("--timeout", type=int, default=600, metavar="SECONDS", help="per-cell time limit (default 600)")
    return ap


# Folders of the repository that hold tracked files: an experiment's --out must not be one of them (or inside).
TRACKED_DIRS = ("data", "figures", "reports", "notebooks")


def checked_out_dir(out: str) -> Path:
    """``--out`` resolved (relative paths and symlinks), refused when it would write into the tracked tree."""
    target = Path(out).expanduser().resolve()
    root = paths.REPO_ROOT.resolve()
    if target == root:
        raise UsageError(f"--out {out}: that is the repository itself; an experiment must not overwrite the "
                         "committed outputs. Pick a folder outside data/, figures/, reports/ and notebooks/, e.g. runs/NAME")
    for d in TRACKED_DIRS:
        tracked = (root / d).resolve()
        if target == tracked or tracked in target.parents:
            raise UsageError(f"--out {out}: {target} is inside the repository's {d}/ folder, which holds "
                             "tracked files; pick a folder outside data/, figures/, reports/ and notebooks/, "
                             "e.g. runs/NAME")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out}: {target} is a file, not a folder")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.list:
        print(list_registry())
        return EXIT_OK
    try:
        if args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if args.only:
            unknown = [n for n in args.only if n not in registry.BY_NAME]
            if unknown:
                raise UsageError(f"--only: unknown notebook {unknown[0]!r}; known: {', '.join(registry.BY_NAME)}")
            names = registry.with_dependencies(args.only) if (args.with_deps or args.out) else \
                [s.name for s in registry.REGISTRY if s.name in args.only]
        else:
            names = [s.name for s in registry.REGISTRY]
        values = parse_overrides(args.params, args.params_file, [s.name for s in registry.REGISTRY])
        values = {n: values[n] for n in names}
        non_default = [n for n in names if values[n] != registry.get(n).defaults]
        if non_default and not args.out and not args.check:
            raise UsageError(
                f"non-default parameters for {', '.join(non_default)}: pass --out DIR so the committed outputs "
                "(built with the defaults) are never overwritten by an experiment")
        if args.check and (non_default or args.out or args.only):
            raise UsageError("--check rebuilds everything with the defaults; do not combine it with -p, --out or --only")
        out_dir = checked_out_dir(args.out) if args.out else None
    except (UsageError, params.ParameterError) as e:
        print(f"run_all.py: error: {e}", file=sys.stderr)
        return EXIT_USAGE

    tmp_holder = None
    try:
        if args.check:
            tmp_holder = tempfile.TemporaryDirectory(prefix="kz-check-")
            out_root = Path(tmp_holder.name)
        elif out_dir is not None:
            out_root = out_dir
        else:
            out_root = paths.REPO_ROOT
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"run_all.py: error: {describe_os_error(e)}", file=sys.stderr)
        return EXIT_FAIL
    lock = RunLock(out_root)

    def _terminate(signum, frame):  # turn SIGTERM into the same clean unwinding as Ctrl-C
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, _terminate)
    try:
        lock.acquire()
        if lock.stale_pid:
            _progress(f"run_all.py: an earlier run (pid {lock.stale_pid}) ended without finishing; "
                      "its lock and staging files were cleared")
        preflight(names, args.kernel, out_root)
        where = "a temporary folder (--check)" if args.check else str(out_root)
        # More workers than cores or notebooks only add processes and kernels (each ~300 MB) that wait.
        jobs = max(1, min(args.jobs, os.cpu_count() or 1, len(names)))
        _progress(f"run_all.py: {len(names)} notebook(s) into {where}, {jobs} job(s)")
        results = run(names, values, out_root, jobs=jobs, force=args.force or args.check,
                      kernel=args.kernel, timeout=args.timeout)
        failed = [r for r in results if r.status in ("failed", "not run")]
        ran = any(r.status == "ran" for r in results)
        if not failed and (not args.only or args.out) and (ran or not (out_root / "reports/index.html").exists()):
            write_index(out_root)
        print(summary(results, time.perf_counter() - t0))
        if failed:
            print("", file=sys.stderr)
            for r in failed:
                label = "error" if r.status == "failed" else "skipped"
                print(f"{label}: {r.message}", file=sys.stderr)
            print("The last good outputs were left in place.", file=sys.stderr)
            return EXIT_FAIL
        if args.check:
            diffs = compare_trees(out_root, paths.REPO_ROOT)
            if diffs:
                print("\n--check: these files differ from the committed outputs:", file=sys.stderr)
                for d in diffs:
                    print(f"  {d}", file=sys.stderr)
                return EXIT_FAIL
            print("\n--check: every output is byte-identical to the committed one.")
        return EXIT_OK
    except PreflightError as e:
        print(f"run_all.py: error: {e}", file=sys.stderr)
        return EXIT_FAIL
    except OSError as e:  # a full disk, a folder that became read-only ...: one line, no traceback
        if lock.fd is not None:
            shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)
        print(f"run_all.py: error: {describe_os_error(e)}\nThe last good outputs were left in place.",
              file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        if lock.fd is not None:
            shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)
        print("\nrun_all.py: interrupted; the last good outputs were left in place.", file=sys.stderr)
        return 130
    finally:
        lock.release()
        signal.signal(signal.SIGTERM, old)
        if tmp_holder is not None:
            tmp_holder.cleanup()
