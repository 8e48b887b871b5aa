"""Checksum manifest of ``data/raw/``: ``python -m kzseries.manifest [--update]``.

Without arguments, checks every raw file against ``data/raw/MANIFEST.sha256``.
With ``--update``, validates every raw file first and only then records the new
checksums, so the manifest never blesses a file that breaks its schema.
"""

from __future__ import annotations

import argparse
import sys

from . import data, paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kzseries.manifest", description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="validate, then record new checksums")
    args = ap.parse_args(argv)
    try:
        if args.update:
            data.validate_all(verify=False)  # content first; only then bless it
            target = data.write_manifest()
            print(f"recorded {len(data.DATA_FILES)} checksums in {target.relative_to(paths.REPO_ROOT)}")
        else:
            data.validate_all()
            print("data/raw: every file validates and matches MANIFEST.sha256")
    except data.RawDataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
