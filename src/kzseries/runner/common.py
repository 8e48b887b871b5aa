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
