"""Dependency order, parallel workers, progress lines and the summary table."""

from __future__ import annotations

import concurrent.futures as cf
import os
import shutil
import signal
import traceback
from pathlib import Path

from .. import registry
from .cache import cache_key, is_up_to_date, package_digest, record_success
from .common import STAGE_DIR, describe_os_error
from .execute import KERNEL, Result, _execute, _worker_init, close_spare
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
                except OSError as e:  # an expected failure (full disk ...): one line
                    res = Result(n, "failed", message=f"{n}: {describe_os_error(e)}")
                except Exception as e:  # noqa: BLE001 - a bug: keep the traceback
                    res = Result(n, "failed", message=f"{n}: worker error {type(e).__name__}: {e}\n"
                                 + traceback.format_exc(limit=3))
                if res.status == "ran":
                    try:
                        _commit(stage, out_root, res.staged)
                        record_success(n, key, out_root)
                    except OSError as e:
                        res = Result(n, "failed", res.seconds, f"{n}: {describe_os_error(e)}")
                if res.status == "ran":
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
        shutil.rmtree(out_root / STAGE_DIR, ignore_errors=True)
    return [results[n] for n in names if n in results]


def summary(results: list[Result], total: float) -> str:
    lines = ["", f"{'notebook':<18} {'status':<11} {'seconds':>7}", "-" * 38]
    for r in results:
        secs = f"{r.seconds:7.1f}" if r.status == "ran" or r.status == "failed" else "      -"
        lines.append(f"{r.name:<18} {r.status:<11} {secs}")
    lines.append("-" * 38)
    lines.append(f"{'total':<30} {total:7.1f}")
    return "\n".join(lines)
