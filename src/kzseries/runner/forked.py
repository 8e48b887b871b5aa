"""Kernels forked from a warm worker instead of started from scratch.

A kernel started the usual way is a new Python process that imports ipykernel, then numpy, pandas,
matplotlib, seaborn and this package: about two seconds of CPU each, paid again for every notebook,
and on a 2-core machine paid while the other worker's notebook runs. ``run_all.py`` imports those
modules once (:func:`warm`) before it forks its workers; each notebook's kernel is then a fork of
its worker which starts ipykernel with the connection file jupyter_client wrote. The kernel is still a process of its own,
fresh for its notebook: nothing a notebook executes happens in the worker, so no state passes from
one notebook to the next.

What a fork inherits is only what importing does. Every module imported here is imported by every
notebook's first cells anyway (``execute.WARM_UP``), in the same order and with the same
``MPLBACKEND`` the kernel sets; the one import-time effect that depends on running inside IPython
(matplotlib's REPL display hook) is installed in the child as a fresh kernel would install it.

Only the project's own kernel (the interpreter running this module, ``-m ipykernel_launcher``) is
forked; any other kernel spec (``--kernel NAME``) starts the usual way.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from jupyter_client import AsyncKernelManager

# What ipykernel sets before a notebook imports matplotlib (kernelapp.init_gui_pylab); the worker imports
# matplotlib with the same value, so rcParams['backend'] starts out as a fresh kernel's does.
INLINE = "module://matplotlib_inline.backend_inline"
MODULES = ("ipykernel.kernelapp", "numpy", "pandas", "matplotlib.pyplot", "seaborn",
           "kzseries.nb", "kzseries.figures", "kzseries.claims")
# What the runner itself uses to execute and render a notebook (in its workers) and to write the site.
RUNNER_MODULES = ("papermill", "nbformat", "kzseries.site")


def warm() -> None:
    """Import, once, what every kernel and worker imports (in the process the workers are forked from)."""
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE)
    for name in MODULES + RUNNER_MODULES:
        importlib.import_module(name)


def ipykernel_args(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of ``cmd`` when it starts ipykernel with this very interpreter, else None."""
    if len(cmd) < 3 or Path(cmd[0]).resolve() != Path(sys.executable).resolve():
        return None
    try:
        i = cmd.index("-m")
    except ValueError:
        return None
    if i + 1 >= len(cmd) or cmd[i + 1] not in ("ipykernel_launcher", "ipykernel"):
        return None
    if any(not a.startswith("-X") for a in cmd[1:i]):  # interpreter options a fork cannot honour
        return None
    return cmd[i + 2:]


class ForkedProcess:
    """The little of :class:`subprocess.Popen` that jupyter_client's local provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkingKernelManager(AsyncKernelManager):
    """jupyter_client's manager, launching the project's kernel as a fork of this process."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        args = ipykernel_args(kernel_cmd)
        if args is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        env, cwd = dict(kw.get("env") or os.environ), str(kw.get("cwd") or os.getcwd())
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _kernel_child(args, env, cwd)  # never returns
        p = self.provisioner
        p.process, p.pid, p.pgid, p.cwd = ForkedProcess(pid), pid, pid, cwd
        self._reconcile_connection_info(p.connection_info)


def _kernel_child(args: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked child: become a kernel process as ``python -m ipykernel_launcher ARGS`` would."""
    code = 1
    try:
        parent = os.getppid()
        os.setsid()  # its own process group, as jupyter_client gives a kernel (signals go to the group)
        _die_with(parent)
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
            signal.signal(s, signal.SIG_DFL)
        os.closerange(3, 65536)  # as Popen(close_fds=True): the worker's pipes, sockets and lock stay its own
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        import asyncio

        asyncio.set_event_loop(asyncio.new_event_loop())  # the worker's loop is running in the parent only
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [sys.executable, *args]
        app = IPKernelApp.instance()
        app.initialize(args)
        import matplotlib.pyplot as plt

        # A fresh kernel imports pyplot inside IPython, which registers this post-execute hook.
        plt._REPL_DISPLAYHOOK = plt._ReplDisplayHook.NONE
        plt.install_repl_displayhook()
        app.start()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr, then the process ends
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            # Never unwind into the worker's code, nor run its exit handlers (they would shut down the
            # worker's own kernels from here).
            os._exit(code)


def _die_with(parent: int) -> None:
    """The kernel is killed when its worker dies (Linux); elsewhere ipykernel's parent poller ends it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
