"""Dependency order, parallel workers, progress lines and the summary table."""

from __future__ import annotations

import concurrent.futures as cf
import os
import shutil
import signal
import tempfile
import traceback
from pathlib import Path

from .. import registry
from .cache import cache_key, is_up_to_date, package_digest, record_success
from .common import STAGE_DIR, describe_os_error
from .execute import KERNEL, Result, _execute, _worker_init, close_spare
from .forked import warm
from .outputs import _commit


# ------------------------------------------------------------------ driver
def _progress(msg: str) -> None:
    print(msg, flush=True)


def run(names: list[str], values: dict[str, dict], out_root: Path, *, jobs: int, force: bool,
        kernel: str = KERNEL, timeout: int = 600) -> list[Result]:
    """Run ``names`` (registry order) and return one result each.

    The caller holds the output tree's lock, so whatever is in the stage folder was left by an
    interrupted or killed run and is removed; this run stages under a folder of its own.
    """
    shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)  # leftovers of an interrupted run
    stage_root = out_root / STAGE_DIR / f"run-{os.getpid()}"
    stage_root.mkdir(parents=True, exist_ok=True)
    # A notebook that succeeded moves its files here; only when every notebook of the run has succeeded
    # is this tree promoted into out_root, so the site is never left half old, half new.
    tree = stage_root / "tree"
    tree.mkdir()
    scratch = Path(tempfile.mkdtemp(prefix="kz-kernels-"))
    saved_env = {k: os.environ.get(k) for k in RUN_ENV}
    os.environ.update(KZ_RUN_TREE=str(tree),
                      # IPython's history database and the connection files go outside the repository: a
                      # kernel must write nothing into the tree it runs for (nor into a copy being made of it).
                      IPYTHONDIR=str(scratch / "ipython"), JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    pkg = {n: package_digest(n) for n in names}  # each notebook keyed on the package files it uses
    ran: list[tuple[str, str]] = []  # (notebook, key) whose files wait in the tree
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

    pool: cf.ProcessPoolExecutor | None = None

    def start_pool(runnable: int) -> cf.ProcessPoolExecutor | None:
        """Workers (each with a warm kernel) only once a notebook needs to run, and no more than can be busy."""
        warm()  # imported once here, inherited by every worker and kernel forked from this process
        n = max(1, min(jobs, runnable))
        if n == 1:
            return None
        p = cf.ProcessPoolExecutor(max_workers=n, initializer=_worker_init,
                                   initargs=(kernel, str(out_root), os.getpid()))
        for _ in range(n):  # workers are spawned on demand: ask for all of them now, so they warm up
            p.submit(os.getpid)
        return p

    serial, width = jobs <= 1, 1
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
                key = cache_key(n, values[n], out_root, pkg[n])
                if not force and is_up_to_date(n, key, out_root):
                    pending.remove(n)
                    results[n] = Result(n, "up to date")
                    _progress(f"  {n:<18} up to date")
                    continue
                if pool is None and not serial and not running:
                    pool = start_pool(1 + sum(1 for p in pending if p != n))
                    serial, width = pool is None, pool._max_workers if pool is not None else 1
                if pool is None and running:
                    continue
                if pool is not None and len(running) >= width:
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
                except OSError as e:  # an expected failure (full disk ...): one line
                    res = Result(n, "failed", message=f"{n}: {describe_os_error(e)}")
                except Exception as e:  # noqa: BLE001 - a bug: keep the traceback
                    res = Result(n, "failed", message=f"{n}: worker error {type(e).__name__}: {e}\n"
                                 + traceback.format_exc(limit=3))
                if res.status == "ran":
                    try:
                        _commit(stage, tree, res.staged)
                        ran.append((n, key))
                    except OSError as e:
                        res = Result(n, "failed", res.seconds, f"{n}: {describe_os_error(e)}")
                if res.status == "ran":
                    _progress(f"  {n:<18} done in {res.seconds:.1f} s")
                else:
                    _progress(f"  {n:<18} FAILED after {res.seconds:.1f} s")
                shutil.rmtree(stage, ignore_errors=True)
                results[n] = res
        if all(r.status in ("ran", "up to date") for r in results.values()):
            _promote(tree, out_root, ran, results)
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
        shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return [results[n] for n in names if n in results]


RUN_ENV = ("KZ_RUN_TREE", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR")


def _promote(tree: Path, out_root: Path, ran: list[tuple[str, str]], results: dict[str, Result]) -> None:
    """Every notebook succeeded: move the whole run's files into place, then record each success."""
    files = sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file())
    try:
        _commit(tree, out_root, files)
        for n, key in ran:
            record_success(n, key, out_root)
    except OSError as e:
        for n, _ in ran:
            results[n] = Result(n, "failed", results[n].seconds, f"{n}: {describe_os_error(e)}")


def summary(results: list[Result], total: float) -> str:
    lines = ["", f"{'notebook':<18} {'status':<11} {'seconds':>7}", "-" * 38]
    for r in results:
        secs = f"{r.seconds:7.1f}" if r.status == "ran" or r.status == "failed" else "      -"
        lines.append(f"{r.name:<18} {r.status:<11} {secs}")
    lines.append("-" * 38)
    lines.append(f"{'total':<30} {total:7.1f}")
    return "\n".join(lines)
