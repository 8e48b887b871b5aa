"""Execute one notebook: a warm kernel, papermill into a stage folder, a normalised copy, its HTML."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths, registry
from .cache import all_outputs, package_dir
from .common import CACHE_DIR, describe_os_error

KERNEL = "kzseries"


# ------------------------------------------------------------- determinism
def normalise(nb) -> None:
    """Strip what changes from run to run: timings, paths, random cell ids."""
    meta = nb.metadata
    pm = meta.get("papermill", {})
    meta["papermill"] = {"parameters": pm.get("parameters", {}),
                         "default_parameters": pm.get("default_parameters", {})}
    from ..nbmeta import normalise as normalise_meta  # standard kernelspec, no interpreter version

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


class KernelStartError(RuntimeError):
    """The kernel did not start, even when tried a second time."""


class WrongPackage(RuntimeError):
    """The kernel imports kzseries from somewhere else than the checkout being run."""


def kernel_env(out_root: str) -> dict[str, str]:
    """The environment of a kernel run for this checkout.

    ``PYTHONPATH`` puts this checkout's ``src`` first, so a kernel whose environment is shared with another
    checkout (its editable install points there) still imports this checkout's package, and with it this
    checkout's data/raw; ``_ready`` then verifies it. ``KZ_REPO_ROOT`` says the same to :mod:`kzseries.paths`."""
    env = dict(os.environ, KZ_OUT_ROOT=out_root, PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("KZ_STAGE_DIR", None)
    src = str(package_dir().parent)
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != src]
    env["PYTHONPATH"] = os.pathsep.join([src] + rest)
    env["KZ_REPO_ROOT"] = str(paths.REPO_ROOT)
    return env


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
        from jupyter_core.utils import run_sync

        from .forked import ForkingKernelManager

        km = ForkingKernelManager(kernel_name=self.kernel_name)
        run_sync(km.start_kernel)(cwd=str(paths.REPO_ROOT), env=self.env)
        kc = km.blocking_client()
        kc.start_channels()
        self._warm_id = kc.execute(WARM_UP, silent=True, store_history=False)
        self.km, self.kc = km, kc

    def take(self, stage: str, timeout: float = 120):
        """The warm kernel, told where to write; the caller owns it from here.

        A kernel that dies while starting (its port taken by another process between choosing and
        binding it, a crash on import) is replaced once; a second failure is one line naming the kernel."""
        for attempt in (1, 2):
            try:
                if self.km is None:
                    self.start()
                return self._ready(stage, timeout)
            except WrongPackage:
                self.close()
                raise
            except Exception as e:  # noqa: BLE001 - a kernel that did not start: retried once
                self.close()
                if attempt == 2:
                    first = str(e).strip().splitlines()[0] if str(e).strip() else "no reply"
                    raise KernelStartError(
                        f"the Jupyter kernel {self.kernel_name!r} failed to start twice ({type(e).__name__}: "
                        f"{first}); check it with `jupyter kernelspec list` and `make kernel`, then run again"
                    ) from None

    def _ready(self, stage: str, timeout: float):
        from jupyter_core.utils import run_sync

        km, kc = self.km, self.kc
        # Also proves which package the kernel imports: this checkout's, not one an editable install or a
        # shared environment points to (it would read that checkout's data/raw).
        want = str(package_dir())
        code = (f"import os, kzseries as _kz; os.environ['KZ_STAGE_DIR'] = {stage!r}\n"
                f"_kz_at = os.path.dirname(os.path.realpath(_kz.__file__))\n"
                f"if _kz_at != {want!r}: raise ImportError('kzseries from ' + _kz_at)\n"
                "del _kz, _kz_at")
        msg_id = kc.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while True:  # wait for that reply: the warm-up before it has then finished too
            try:
                reply = kc.get_shell_msg(timeout=1.0)
            except queue.Empty:
                if not run_sync(km.is_alive)():
                    raise RuntimeError("the kernel exited while starting") from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no reply from the kernel in {timeout:g} s") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") == "error" and content.get("ename") == "ImportError" \
                and str(content.get("evalue", "")).startswith("kzseries from "):
            raise WrongPackage(
                f"the kernel {self.kernel_name!r} imports {content['evalue']}, not this checkout's {want}; "
                f"reinstall the project here with `make env` (or run with this checkout's own environment)")
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
        _SPARE = SpareKernel(kernel, kernel_env(out_root))
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
        saved = f"the executed notebook with the error is saved at {failed}"
        try:
            failed.parent.mkdir(parents=True, exist_ok=True)
            if executed.exists():
                shutil.copyfile(executed, failed)
        except OSError as copy_error:  # e.g. the disk is full: the copy is skipped, and we say so
            failed.unlink(missing_ok=True)
            saved = f"the failed notebook was not saved ({copy_error.strerror})"
        if isinstance(e, (KernelStartError, WrongPackage)):
            msg = f"{name}: {e}"
        elif isinstance(e, pm.PapermillExecutionError):
            msg = f"{name}: cell {e.exec_count or e.cell_index} raised {e.ename}: {e.evalue}\n  {saved}"
        elif isinstance(e, OSError):
            msg = f"{name}: {describe_os_error(e)}\n  {saved}"
        else:  # the kernel died, a cell timed out, the kernel could not start ...
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            msg = (f"{name}: execution stopped: {type(e).__name__}: {first}\n"
                   f"  (the kernel may have died or timed out; {saved})")
        return Result(name, "failed", time.perf_counter() - t0, msg)
    finally:
        if km is not None:
            _shutdown(km)
        if warm_next:
            spare.start()  # the next notebook's kernel boots while this one's results are rendered
    try:
        nb = nbformat.read(executed, as_version=4)
        normalise(nb)
        nbformat.write(nb, executed)
        from .. import site

        (stage_p / "reports" / f"{name}.html").write_text(site.render_notebook(nb, name), encoding="utf-8")
    except OSError as e:  # the stage folder is dropped by the caller: nothing half-written stays
        return Result(name, "failed", time.perf_counter() - t0, f"{name}: {describe_os_error(e)}")
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


def _worker_init(kernel: str, out_root: str, parent: int | None = None) -> None:
    """Set up a worker: SIGTERM becomes KeyboardInterrupt (so its kernel is shut down cleanly), and
    its first spare kernel starts booting at once, while the notebooks before it run."""
    parent = parent or os.getppid()

    def _stop(signum, frame):
        if os.getppid() != parent:
            # The run is gone (SIGKILL): nobody will read a result or send more work, and a KeyboardInterrupt
            # would only be reported to the dead parent while this worker waits on. Leave now; the kernels
            # poll this process and follow within a second (ipykernel's parent poller).
            os._exit(1)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    _die_with_parent(parent)
    _spare(kernel, out_root).start()


def _die_with_parent(parent: int) -> None:
    """A worker outlives a SIGKILLed run_all.py unless told otherwise: it would wait for work forever,
    with its kernel (about 300 MB each). Linux sends SIGTERM (a clean stop, above) when the parent dies;
    elsewhere a thread polls the parent pid. The kernels themselves poll their worker (ipykernel)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGTERM, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
            raise OSError
    except (OSError, AttributeError):
        import threading

        def poll() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=poll, daemon=True).start()
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os.kill(os.getpid(), signal.SIGTERM)
