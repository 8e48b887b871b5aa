"""Names shared by the runner's modules: the output layout, exit codes and the expected errors."""

from __future__ import annotations

OUTPUT_DIRS = ("data/processed", "figures", "reports")
CACHE_DIR = ".kz-cache"
STAGE_DIR = ".kz-stage"
EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command line or parameters: exit 2."""


class PreflightError(Exception):
    """Something to fix before any notebook can run: exit 1."""


def describe_os_error(e: OSError) -> str:
    """One line for an operating-system error: what could not be done, where, and what to do."""
    import errno

    where = f" {e.filename}" if e.filename else ""
    what = e.strerror or str(e)
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"cannot write{where}: {what}; the disk is full: free some space (or pass --out DIR on "
                "another disk) and run again")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write{where}: {what}; make it writable or pass --out DIR to write elsewhere"
    return f"{type(e).__name__}{where}: {what}"
