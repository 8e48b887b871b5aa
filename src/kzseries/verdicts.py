"""The verdict files: what ``00_verdicts`` writes and every other page reads.

``claims_checked.csv`` holds every claim of the registry (primary and
alternative readings): the five headline series and the rest of the documents
(series ``other``); ``claims_<series>.csv`` the same rows per series, so a
series notebook re-runs only when its own verdicts change;
``targets_progress.csv`` the official targets tracked with the same engine.
"""

from __future__ import annotations

import pandas as pd

from . import claims, measures, nb, registry


def save(checked: pd.DataFrame, progress: pd.DataFrame, statements: pd.DataFrame, history: pd.DataFrame) -> None:
    nb.write_csv(checked, "data/processed/claims_checked.csv")
    nb.write_csv(history, "data/processed/verdict_history.csv")
    nb.write_csv(statements, "data/processed/statements_checked.csv")
    for s in registry.DATA_SERIES:
        nb.write_csv(checked[checked["series"] == s], f"data/processed/claims_{s}.csv")
    nb.write_csv(progress, "data/processed/targets_progress.csv")


def load(series: str | None = None) -> pd.DataFrame:
    """The engine's verdicts (every claim, or one series')."""
    from . import paths

    name = "claims_checked.csv" if series is None else f"claims_{series}.csv"
    df = pd.read_csv(paths.processed(name), dtype={"measured_period": str}, keep_default_na=False, na_values=[""])
    # pandas 3 reads text as its "str" dtype, not object: both are text here
    text = [c for c in claims.COLUMNS if pd.api.types.is_string_dtype(df[c]) or c in (
        "reading_of", "reading", "qualifier", "by_construction", "needed", "lean", "verdict_when_said",
        "when_said_note", "robust", "flips_if", "evidence", "said_on", "statement_id")]
    df[text] = df[text].astype(object).where(df[text].notna(), "").astype(str)
    return df


def headline(df: pd.DataFrame) -> pd.DataFrame:
    """The rows (checks or statements) on the five headline series, without the rest of the documents."""
    return df[df["series"].isin(registry.SERIES)].reset_index(drop=True)


def primary(checked: pd.DataFrame) -> pd.DataFrame:
    return checked[checked["reading_of"] == ""].reset_index(drop=True)


def kind_summary(checked: pd.DataFrame) -> pd.DataFrame:
    """Claims per kind: primary readings and alternatives."""
    prim = checked["reading_of"] == ""
    out = pd.DataFrame({"primary readings": checked[prim].groupby("kind").size(),
                        "alternative readings": checked[~prim].groupby("kind").size()})
    out = out.reindex([k for k in claims.KINDS if k in out.index]).fillna(0).astype(int)
    return out.rename_axis("kind").reset_index()


def readings(checked: pd.DataFrame) -> pd.DataFrame:
    """Each claim with alternatives: the primary first, then each alternative, with value and verdict."""
    alts = checked[checked["reading_of"] != ""]
    rows = []
    for cid in sorted(set(alts["reading_of"])):
        group = pd.concat([checked[checked["claim_id"] == cid], alts[alts["reading_of"] == cid]])
        for r in group.itertuples():
            rows.append({"claim": cid, "reading": ("primary: " if not r.reading_of else "alternative: ")
                         + (r.reading or "as registered"), "stated": r.stated_value, "measured": r.measured_value,
                         "period": r.measured_period, "deviation %": r.deviation_pct,
                         "verdict": r.verdict.replace("_", " ")})
    return pd.DataFrame(rows, columns=["claim", "reading", "stated", "measured", "period", "deviation %", "verdict"])


def measures_table() -> pd.DataFrame:
    return pd.DataFrame([{"measure": m.id, "indicator": m.indicator, "vintages": ", ".join(m.vintages),
                          "definition": m.definition} for m in measures.MEASURES.values()])


def what_if(series: str, claim_ids: list[str], tolerance_pct: float, **view) -> pd.DataFrame:
    """What the claims would say under a reader's choices (a view; never written as a verdict).

    ``view`` maps registry columns to values, e.g. ``base_period="2017"`` or
    ``vintage="latest"``; a choice a claim does not use is ignored for it.
    """
    from . import data

    reg = {c.claim_id: c for c in claims.load_registry(data.load("claims.csv"))}
    ctx = claims.Context(nb.load_tidy(series))
    rows = []
    for cid in claim_ids:
        c = reg[cid]
        changes = {k: v for k, v in view.items() if v not in (None, "") and (getattr(c, k) or k == "vintage")}
        r = claims.check(c.with_view(**changes), ctx, tolerance_pct)
        rows.append({"claim": cid, "your choices": ", ".join(f"{k} = {v}" for k, v in changes.items()) or "none",
                     "measured": r["measured_value"], "period": r["measured_period"],
                     "deviation %": r["deviation_pct"], "would be": r["verdict"].replace("_", " ")})
    return pd.DataFrame(rows, columns=["claim", "your choices", "measured", "period", "deviation %", "would be"])


def statements_load() -> pd.DataFrame:
    from . import paths

    return pd.read_csv(paths.processed("statements_checked.csv"), keep_default_na=False, na_values=[""]).fillna("")


def statement_table(statements: pd.DataFrame) -> pd.DataFrame:
    """One verdict per sentence, with its checks' verdicts and what the rule weighed."""
    return pd.DataFrame({"statement": statements["statement_id"], "verdict": statements["verdict"].str.replace("_", " "),
                         "checks (primary)": statements["checks"].astype(str) + " (" + statements["primary_checks"].astype(str) + ")",
                         "the checks' verdicts": statements["verdicts_of_checks"],
                         "by construction": statements["by_construction"], "fragile checks": statements["fragile"],
                         "evidence": statements["evidence"], "lean": statements["lean"],
                         "when said": statements["verdict_when_said"].str.replace("_", " ")})


def when_said_table(checked: pd.DataFrame) -> pd.DataFrame:
    """Primary checks whose verdict as known when said differs from today's, and why."""
    p = primary(checked)
    diff = p[(p["verdict_when_said"] != p["verdict"])]
    return pd.DataFrame({"claim": diff["claim_id"], "said on": diff["said_on"], "verdict now": diff["verdict"],
                         "when said": diff["verdict_when_said"].str.replace("_", " "),
                         "measured then": diff["measured_when_said"], "why": diff["when_said_note"]})


def firmness_table(checked: pd.DataFrame) -> pd.DataFrame:
    """Primary verdicts, least firm first: margin to the tolerance edge and what would flip them."""
    p = primary(checked)
    p = p[p["robust"] != ""].sort_values(["robust", "margin_pct"], ascending=[True, True], kind="mergesort")
    return pd.DataFrame({"claim": p["claim_id"], "verdict": p["verdict"].str.replace("_", " "),
                         "margin (points)": p["margin_pct"], "firmness": p["robust"], "evidence": p["evidence"],
                         "flips if": p["flips_if"]})


def bounds_table(checked: pd.DataFrame) -> pd.DataFrame:
    """Checks whose window lacks years: the bound the known years give, what the rest would need, the lean."""
    b = checked[checked["needed"] != ""]
    return pd.DataFrame({"claim": b["claim_id"], "stated": b["stated_value"], "known years give": b["bound_value"],
                         "what the missing years would need": b["needed"], "lean (not a verdict)": b["lean"]})


def history_load() -> pd.DataFrame:
    from . import paths

    return pd.read_csv(paths.processed("verdict_history.csv"), keep_default_na=False, na_values=[""],
                       dtype={"as_of": str})


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The checks whose verdict or value moved after they were said, one line per move."""
    moved = history.groupby("claim_id")["claim_id"].transform("size") > 1
    h = history[moved]
    return pd.DataFrame({"claim": h["claim_id"], "as of": h["as_of"], "verdict": h["verdict"].str.replace("_", " "),
                         "measured": h["measured_value"], "what changed": h["change"],
                         "sources": h["measured_source_ids"]})
