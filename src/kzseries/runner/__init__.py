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

The package is split along the steps of a run:

``cli``        the command line (``run_all.py``): arguments, ``-p`` parameters, ``main``
``preflight``  checks before anything runs: kernel, notebook files, raw data, writable outputs
``cache``      content-hash keys of each notebook's inputs and the stamps of its last success
``execute``    one notebook in a kernel through papermill, normalised, rendered to HTML
``schedule``   dependency order, parallel workers, progress and the summary table
``outputs``    the output tree: moving staged files into place, the index page, ``--check``
``common``     names shared by all of them (output layout, exit codes, the expected errors)
"""

from .cache import cache_key, package_digest
from .cli import build_parser, list_registry, main, parse_overrides
from .common import CACHE_DIR, EXIT_FAIL, EXIT_OK, EXIT_USAGE, OUTPUT_DIRS, STAGE_DIR, PreflightError, UsageError
from .execute import KERNEL, Result
from .outputs import compare_trees
from .schedule import run

__all__ = ["CACHE_DIR", "EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "KERNEL", "OUTPUT_DIRS", "STAGE_DIR",
           "PreflightError", "Result", "UsageError", "build_parser", "cache_key", "compare_trees",
           "list_registry", "main", "package_digest", "parse_overrides", "run"]
