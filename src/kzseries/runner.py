"""Execute the notebook registry: validate first, run what changed, lose nothing.

The command-line front end is ``run_all.py``; see ``python run_all.py --help``.

How a run goes:

1. Parameters (``-p``, ``--params-file``) are parsed and validated against the
   registry; a bad one exits 2 before anything starts.
2. Preflight: the project kernel exists, every notebook file exists, every raw
   file validates and matches its checksum; a problem exits 1 with the message.
3. Notebooks run in dependency order, independent ones in parallel (``--jobs``),
   each in its own worker process and kernel. A notebook whose inputs (notebook
   file, parameters, raw inputs, upstream processed files, package source, lock)
   hash to the same key as its last successful run is skipped ("up to date").
4. A notebook writes into a private staging folder; only when it succeeded are
   its files moved into place. A failure or an interrupt leaves the last good
   ``data/processed/``, ``figures/`` and ``reports/`` untouched.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import params, paths, registry

KERNEL = "kzseries"
OUTPUT_DIRS = ("data/processed", "figures", "reports")
CACHE_DIR = ".kz-cache"
STAGE_DIR = ".kz-stage"
EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command line or parameters: exit 2."""


class PreflightError(Exception):
    """Something to fix before any notebook can run: exit 1."""


# ------------------------------------------------------------------ params
def parse_overrides(pairs: list[str], params_file: str | None, names: list[str]) -> dict[str, dict]:
    """Per-notebook overrides from ``-p KEY=VALUE`` / ``-p NB.KEY=VALUE`` and a YAML file."""
    raw: list[tuple[str | None, str, object, bool]] = []  # (notebook, key, value, from_text)
    if params_file:
        import yaml

        path = Path(params_file)
        if not path.exists():
            raise UsageError(f"--params-file {params_file}: file not found")
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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


# ------------------------------------------------------------------- cache
def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def package_digest() -> str:
    """Hash of the package source (code and templates) and the lock."""
    h = hashlib.sha256()
    pkg = Path(__file__).parent
    for f in sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(f.relative_to(pkg)).encode() + b"\0" + f.read_bytes())
    lock = paths.REPO_ROOT / "requirements.lock"
    if lock.exists():
        h.update(lock.read_bytes())
    return h.hexdigest()


def cache_key(name: str, values: dict, out_root: Path, pkg: str) -> str:
    spec = registry.get(name)
    h = hashlib.sha256()
    h.update(b"nb\0" + (paths.REPO_ROOT / spec.path).read_bytes())
    h.update(b"params\0" + json.dumps(values, sort_keys=True).encode())
    for f in spec.raw_inputs:
        p = paths.RAW_DIR / f
        h.update(f"raw:{f}\0".encode() + (paths.normalised_bytes(p) if p.exists() else b"<missing>"))
    for f in spec.processed_inputs:
        p = out_root / "data" / "processed" / f
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
    tmp.write_text(json.dumps({"key": key, "outputs": outputs}, indent=1, sort_keys=True))
    os.replace(tmp, entry)


# ------------------------------------------------------------- determinism
def normalise(nb) -> None:
    """Strip what changes from run to run: timings, paths, random cell ids."""
    meta = nb.metadata
    pm = meta.get("papermill", {})
    meta["papermill"] = {"parameters": pm.get("parameters", {}),
                         "default_parameters": pm.get("default_parameters", {})}
    from .nbmeta import normalise as normalise_meta  # standard kernelspec, no interpreter version

    normalise_meta(meta)
    meta.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("collapsed", None)


# --------------------------------------------------------------- execution
# What a spare kernel imports while it waits for its notebook (silently: no execution count is used,
# no output is recorded). The notebooks import the same modules, so this changes when the imports
# happen, never what a notebook computes or shows.
WARM_UP = "import numpy, pandas, matplotlib.pyplot, seaborn, kzseries.nb, kzseries.figures, kzseries.claims"


class SpareKernel:
    """One kernel started ahead of need, so a notebook does not wait for kernel start-up and imports.

    Each notebook still gets a fresh kernel of its own: after a notebook, its kernel is shut down and
    a new spare is started for the next one.
    """

    def __init__(self, kernel_name: str, env: dict[str, str]):
        self.kernel_name, self.env = kernel_name, env
        self.km = self.kc = None
        self._warm_id = None
        try:
            from multiprocessing import util

            util.Finalize(self, self.close, exitpriority=10)  # also when a pool worker exits
        except ImportError:  # pragma: no cover
            pass

    def start(self) -> None:
        # An *async* manager: nbclient polls it for a dead kernel while waiting for a cell, which a
        # blocking manager would prevent (a crashed kernel would then hang until the cell timeout).
        from jupyter_client import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(km.start_kernel)(cwd=str(paths.REPO_ROOT), env=self.env)
        kc = km.blocking_client()
        kc.start_channels()
        self._warm_id = kc.execute(WARM_UP, silent=True, store_history=False)
        self.km, self.kc = km, kc

    def take(self, stage: str, timeout: float = 120):
        """The warm kernel, told where to write; the caller owns it from here."""
        if self.km is None:
            self.start()
        km, kc = self.km, self.kc
        msg_id = kc.execute(f"import os; os.environ['KZ_STAGE_DIR'] = {stage!r}", silent=True,
                            store_history=False)
        deadline = time.monotonic() + timeout
        while True:  # wait for that reply: the warm-up before it has then finished too
            reply = kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        kc.stop_channels()
        self.km = self.kc = None
        return km

    def close(self) -> None:
        if self.km is not None:
            try:
                self.kc.stop_channels()
                _shutdown(self.km)
            except Exception:  # noqa: BLE001 - best effort at exit
                pass
            self.km = self.kc = None


def _shutdown(km) -> None:
    from jupyter_core.utils import run_sync

    run_sync(km.shutdown_kernel)(now=True)


_SPARE: SpareKernel | None = None


def _spare(kernel: str, out_root: str) -> SpareKernel:
    """This process's spare kernel (one per worker process)."""
    global _SPARE
    if _SPARE is None or _SPARE.kernel_name != kernel or _SPARE.env.get("KZ_OUT_ROOT") != out_root:
        if _SPARE is not None:
            _SPARE.close()
        env = dict(os.environ, KZ_OUT_ROOT=out_root, PYDEVD_DISABLE_FILE_VALIDATION="1")
        env.pop("KZ_STAGE_DIR", None)
        _SPARE = SpareKernel(kernel, env)
    return _SPARE


def close_spare() -> None:
    global _SPARE
    if _SPARE is not None:
        _SPARE.close()
        _SPARE = None


@dataclass
class Result:
    name: str
    status: str  # ran | up to date | failed | not run
    seconds: float = 0.0
    message: str = ""
    staged: list[str] = field(default_factory=list)


def _execute(name: str, values: dict, out_root: str, stage: str, kernel: str, timeout: int,
             warm_next: bool = True) -> Result:
    """Run one notebook into ``stage``; executed in a worker process.

    ``warm_next``: start the next spare kernel afterwards (pointless after the last notebook)."""
    import nbformat
    import papermill as pm

    t0 = time.perf_counter()
    os.environ["KZ_OUT_ROOT"] = out_root
    os.environ["KZ_STAGE_DIR"] = stage
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    spec = registry.get(name)
    stage_p = Path(stage)
    executed = stage_p / "reports" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    spare = _spare(kernel, out_root)
    km = None
    try:
        km = spare.take(stage)
        pm.execute_notebook(
            str(paths.REPO_ROOT / spec.path), str(executed), parameters=values, kernel_name=kernel,
            cwd=str(paths.REPO_ROOT), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, execution_timeout=timeout, km=km,
        )
    except Exception as e:  # noqa: BLE001 - every failure is reported with where its notebook is
        failed = Path(out_root) / CACHE_DIR / "failed" / f"{name}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if executed.exists():
            shutil.copyfile(executed, failed)
        if isinstance(e, pm.PapermillExecutionError):
            msg = (f"{name}: cell {e.exec_count or e.cell_index} raised {e.ename}: {e.evalue}\n"
                   f"  the executed notebook with the error is saved at {failed}")
        else:  # the kernel died, a cell timed out, the kernel could not start ...
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            msg = (f"{name}: execution stopped: {type(e).__name__}: {first}\n"
                   f"  (the kernel may have died or timed out; partial notebook at {failed})")
        return Result(name, "failed", time.perf_counter() - t0, msg)
    finally:
        if km is not None:
            _shutdown(km)
        if warm_next:
            spare.start()  # the next notebook's kernel boots while this one's results are rendered
    nb = nbformat.read(executed, as_version=4)
    normalise(nb)
    nbformat.write(nb, executed)
    from . import site

    (stage_p / "reports" / f"{name}.html").write_text(site.render_notebook(nb, name), encoding="utf-8")
    missing = [o for o in spec.outputs if not (stage_p / o).exists()]
    if missing:
        return Result(name, "failed", time.perf_counter() - t0,
                      f"{name}: finished but did not write its declared outputs: {', '.join(missing)} "
                      "(fix the notebook or its outputs in kzseries/registry.py)")
    staged = sorted(str(p.relative_to(stage_p)) for p in stage_p.rglob("*") if p.is_file())
    undeclared = sorted(set(staged) - set(all_outputs(name)))
    if undeclared:
        return Result(name, "failed", time.perf_counter() - t0,
                      f"{name}: wrote files it does not declare: {', '.join(undeclared)} "
                      "(declare them in kzseries/registry.py so caching and --check see them)")
    return Result(name, "ran", time.perf_counter() - t0, staged=staged)


def _worker_init(kernel: str, out_root: str) -> None:
    """Set up a worker: SIGTERM becomes KeyboardInterrupt (so its kernel is shut down cleanly), and
    its first spare kernel starts booting at once, while the notebooks before it run."""
    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    _spare(kernel, out_root).start()


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
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)


def _check_writable(out_root: Path) -> None:
    for d in OUTPUT_DIRS:
        p = out_root / d
        p.mkdir(parents=True, exist_ok=True)
        probe = p / ".kz-write-probe"
        try:
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
    from . import data

    try:
        data.validate_all()
    except data.RawDataError as e:
        raise PreflightError(f"raw data problem, nothing was run:\n{e}") from None
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(h.hexdigest())
    except OSError:
        pass  # a read-only checkout simply validates every time


# ------------------------------------------------------------------ driver
def _progress(msg: str) -> None:
    print(msg, flush=True)


def run(names: list[str], values: dict[str, dict], out_root: Path, *, jobs: int, force: bool,
        kernel: str = KERNEL, timeout: int = 600) -> list[Result]:
    """Run ``names`` (registry order) and return one result each."""
    stage_root = out_root / STAGE_DIR
    shutil.rmtree(stage_root, ignore_errors=True)  # leftovers of an interrupted run
    stage_root.mkdir(parents=True, exist_ok=True)
    pkg = package_digest()
    results: dict[str, Result] = {}
    pending = list(names)
    running: dict[cf.Future, tuple[str, str, Path]] = {}
    blocked: set[str] = set()

    def deps_done(n: str) -> bool:
        return all(d in results and results[d].status in ("ran", "up to date")
                   for d in registry.dependencies(n) if d in names)

    def deps_failed(n: str) -> bool:
        return any(d in blocked or (d in results and results[d].status in ("failed", "not run"))
                   for d in registry.dependencies(n) if d in names)

    pool = (cf.ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_worker_init,
                                   initargs=(kernel, str(out_root))) if jobs > 1 else None)
    if pool is not None:
        for _ in range(jobs):  # workers are spawned on demand: ask for all of them now, so they warm up
            pool.submit(os.getpid)
    try:
        while pending or running:
            for n in list(pending):
                if deps_failed(n):
                    pending.remove(n)
                    blocked.add(n)
                    results[n] = Result(n, "not run", message=f"{n}: not run because a notebook it depends on failed")
                    continue
                if not deps_done(n):
                    continue
                key = cache_key(n, values[n], out_root, pkg)
                if not force and is_up_to_date(n, key, out_root):
                    pending.remove(n)
                    results[n] = Result(n, "up to date")
                    _progress(f"  {n:<18} up to date")
                    continue
                if pool is None and running:
                    continue
                if pool is not None and len(running) >= jobs:
                    continue
                pending.remove(n)
                stage = stage_root / n
                _progress(f"  {n:<18} running ...")
                args = (n, values[n], str(out_root), str(stage), kernel, timeout, bool(pending))
                if pool is None:
                    fut: cf.Future = cf.Future()
                    try:
                        fut.set_result(_execute(*args))
                    except BaseException as e:  # noqa: BLE001 - reported below
                        fut.set_exception(e)
                else:
                    fut = pool.submit(_execute, *args)
                running[fut] = (n, key, stage)
            if not running:
                if pending:  # nothing runnable: should not happen with a valid registry
                    for n in pending:
                        results[n] = Result(n, "not run", message=f"{n}: dependencies could not be resolved")
                    pending.clear()
                break
            done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
            for fut in done:
                n, key, stage = running.pop(fut)
                try:
                    res = fut.result()
                except Exception as e:  # noqa: BLE001
                    res = Result(n, "failed", message=f"{n}: worker error {type(e).__name__}: {e}\n"
                                 + traceback.format_exc(limit=3))
                if res.status == "ran":
                    _commit(stage, out_root, res.staged)
                    record_success(n, key, out_root)
                    _progress(f"  {n:<18} done in {res.seconds:.1f} s")
                else:
                    _progress(f"  {n:<18} FAILED after {res.seconds:.1f} s")
                shutil.rmtree(stage, ignore_errors=True)
                results[n] = res
    except KeyboardInterrupt:
        if pool is not None:  # stop the workers (and through them their kernels) before cleaning up
            for proc in list(getattr(pool, "_processes", {}).values()):
                try:
                    os.kill(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        close_spare()
        shutil.rmtree(stage_root, ignore_errors=True)
    return [results[n] for n in names if n in results]


def write_index(out_root: Path) -> None:
    from . import site

    target = out_root / "reports" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name("index.html.kz-tmp")
    tmp.write_text(site.render_index(out_root), encoding="utf-8")
    os.replace(tmp, target)


def summary(results: list[Result], total: float) -> str:
    lines = ["", f"{'notebook':<18} {'status':<11} {'seconds':>7}", "-" * 38]
    for r in results:
        secs = f"{r.seconds:7.1f}" if r.status == "ran" or r.status == "failed" else "      -"
        lines.append(f"{r.name:<18} {r.status:<11} {secs}")
    lines.append("-" * 38)
    lines.append(f"{'total':<30} {total:7.1f}")
    return "\n".join(lines)


def list_registry() -> str:
    out = []
    for spec in registry.REGISTRY:
        deps = ", ".join(registry.dependencies(spec.name)) or "-"
        out.append(f"{spec.name}  {spec.title}: {spec.question}\n    depends on: {deps}")
        for p in spec.params:
            out.append(f"    {p.name:<28} default {p.default!r:<14} {p.allowed()}\n"
                       f"    {'':<28} {p.help}")
    return "\n".join(out)


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
    except (UsageError, params.ParameterError) as e:
        print(f"run_all.py: error: {e}", file=sys.stderr)
        return EXIT_USAGE

    tmp_holder = None
    if args.check:
        tmp_holder = tempfile.TemporaryDirectory(prefix="kz-check-")
        out_root = Path(tmp_holder.name)
    elif args.out:
        out_root = Path(args.out).resolve()
    else:
        out_root = paths.REPO_ROOT
    out_root.mkdir(parents=True, exist_ok=True)

    def _terminate(signum, frame):  # turn SIGTERM into the same clean unwinding as Ctrl-C
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, _terminate)
    try:
        preflight(names, args.kernel, out_root)
        where = "a temporary folder (--check)" if args.check else str(out_root)
        _progress(f"run_all.py: {len(names)} notebook(s) into {where}, {args.jobs} job(s)")
        results = run(names, values, out_root, jobs=args.jobs, force=args.force or args.check,
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
    except KeyboardInterrupt:
        shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)
        print("\nrun_all.py: interrupted; the last good outputs were left in place.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, old)
        if tmp_holder is not None:
            tmp_holder.cleanup()
