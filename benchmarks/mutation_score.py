#!/usr/bin/env python3
"""The mutation score of the last `make mutate`, by module, from mutmut's own result files.

    python benchmarks/mutation_score.py [--min 95] [PATTERN ...]

PATTERNs are mutant-name patterns as `mutmut run` takes them (`make mutate` passes its own); without them,
every mutant with a result counts. A mutant counts as *caught* when a test failed on it (or it made the tests hang: a timeout), as *missed* when
every test passed (survived) or no test reached its function ("no tests"). Mutants not run (a `MUTATE=` subset)
are left out. Exits 1 when the score over all modules is below ``--min``.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAUGHT = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
MISSED = {0: "survived", 5: "no tests", 33: "no tests"}


def by_module(mutants: Path, patterns: list[str]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        module = ".".join(meta.relative_to(mutants / "src").with_suffix("").with_suffix("").parts)
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        c = Counter()
        for name, code in codes.items():
            if code is None or (patterns and not any(fnmatch.fnmatchcase(name, p) for p in patterns)):
                continue  # not run, or not asked for
            c["caught" if code in CAUGHT else "missed" if code in MISSED else "other"] += 1
        if sum(c.values()):
            out[module] = c
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min", type=float, default=95.0, help="lowest acceptable score over all modules (%%)")
    ap.add_argument("patterns", nargs="*", metavar="PATTERN", help="mutant-name patterns (default: all)")
    args = ap.parse_args()
    counts = by_module(ROOT / "mutants", args.patterns)
    if not counts:
        print("no mutation results under mutants/: run `make mutate` first", file=sys.stderr)
        return 1
    total = Counter()
    print(f"{'module':<28} {'mutants':>8} {'caught':>7} {'missed':>7} {'score':>7}")
    for module, c in counts.items():
        total += c
        n = c["caught"] + c["missed"]
        print(f"{module:<28} {n:>8} {c['caught']:>7} {c['missed']:>7} {100 * c['caught'] / n:>6.1f}%")
    n = total["caught"] + total["missed"]
    score = 100 * total["caught"] / n
    print(f"{'all':<28} {n:>8} {total['caught']:>7} {total['missed']:>7} {score:>6.1f}%")
    if total["other"]:
        print(f"({total['other']} suspicious or crashed mutants left out)")
    if score < args.min:
        print(f"mutation score {score:.1f}% is below {args.min:g}%: `mutmut results` lists the survivors",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
