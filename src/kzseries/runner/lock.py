"""One run at a time per output tree.

A run holds an exclusive POSIX lock (``lockf``, held by the main process only, not by its workers) on ``<out>/.kz-cache/run.lock`` (the file also records its pid) for
as long as it writes. A second run on the same tree refuses at once, naming the first run's pid. The
operating system releases the lock when its process ends, however it ends, so a lock left by a killed
run is stale by construction: the next run sees the old pid in the file, takes the lock, says so and
clears what that run left in the stage folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .common import CACHE_DIR, PreflightError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, as before
    fcntl = None


class RunLock:
    def __init__(self, out_root: Path):
        self.path = out_root / CACHE_DIR / "run.lock"
        self.fd: int | None = None
        self.stale_pid: int | None = None

    def acquire(self) -> "RunLock":
        if fcntl is None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise PreflightError(f"cannot create the run lock {self.path} ({e.strerror}); make the output "
                                 "folder writable or pass --out DIR to write elsewhere") from None
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            other = _read_pid(fd)
            os.close(fd)
            who = f"pid {other}" if other else "another process"
            raise PreflightError(
                f"another run_all.py ({who}) is writing to {self.path.parent.parent}; wait for it to finish, "
                f"or stop it (kill {other if other else 'PID'}) and run again") from None
        old = _read_pid(fd)
        if old and old != os.getpid():
            self.stale_pid = old
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # a full disk: the lock itself still holds; only the pid shown to others is missing
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            except OSError:
                pass
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None
