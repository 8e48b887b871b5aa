#!/usr/bin/env python3
"""Rebuild every notebook, figure, processed file and the HTML site.

    python run_all.py              # run what changed, with the default parameters
    python run_all.py --list       # the notebooks and their parameters
    python run_all.py --help       # every option

The logic lives in src/kzseries/runner/ (cli.py holds main); this file only makes it runnable
from any working directory.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))  # works before `pip install -e .` too

from kzseries.runner import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
