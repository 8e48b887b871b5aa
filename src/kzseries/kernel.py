"""Register the project's Jupyter kernel inside the environment: ``python -m kzseries.kernel``.

The kernel ``kzseries`` lives in this environment's ``share/jupyter/kernels``
(``--sys-prefix``), not in the user's global Jupyter. Its own log is limited to
critical messages: ipykernel otherwise prints transport warnings and shutdown
notices to the terminal on every run, which tell a reader nothing (errors in
notebook code are still reported by run_all.py with the cell and traceback).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NAME = "kzseries"


def install() -> Path:
    from ipykernel.kernelspec import install as ipk_install

    path = Path(ipk_install(kernel_name=NAME, display_name=f"Python 3 ({NAME})", prefix=sys.prefix))
    spec_file = path / "kernel.json"
    spec = json.loads(spec_file.read_text())
    if "--IPKernelApp.log_level=CRITICAL" not in spec["argv"]:
        spec["argv"].append("--IPKernelApp.log_level=CRITICAL")
    spec_file.write_text(json.dumps(spec, indent=1))
    return path


if __name__ == "__main__":
    print(f"installed kernel {NAME} in {install()}")
