"""Verdicts a referee would sign: what could be known when it was said, how firm, on what evidence.

:func:`kzseries.claims.check` judges a check once, on today's data. A referee asks three things more, and
this module answers them for every check, from the same registry row and the same engine:

* **When said.** The check is judged again "as known on" the date the statement was made, using only the
  rows published by then (a row's own ``published`` date, or its source's: a dataset's release or the date
  of the stored copy, as ``sources.csv`` says in ``published_is``).
* **How firm.** ``margin_pct`` is the distance from the nearest tolerance edge; the verdict is ``fragile``
  when one of a fixed list of small changes flips it (the last digit of the stated figure or of an input,
  the tolerance one point either way, another source or vintage of the same value, an alternative reading),
  and ``flips_if`` names the first that does.
* **Evidence.** The weakest kind of evidence among the values the check reads: ``statistics`` (a statistical
  publisher's release), ``official`` (a government figure with no statistical release behind it) or
  ``press``. A verdict resting on official figures alone says so.

Statements (sentences) get one verdict each from their checks: :func:`statements`.
"""

from __future__ import annotations

import calendar
import itertools
import math

import pandas as pd

from . import claims, measures, periods

# --------------------------------------------------------------------------------------------- evidence
# The kind of evidence behind a source, read from its publisher (sources.csv): a statistical publisher's
# release first, then a government body, else the press. A publisher relayed by a newspaper keeps its kind
# ("BNS, via Zakon.kz" is statistics); a newspaper citing "statistics" without naming the publisher does not.
STATISTICAL_PUBLISHERS = ("Bureau of National Statistics", "Committee on Statistics", "Statistics Committee",
                          "Statistics Agency", "State Statistics", "National Bank", "World Bank", "IMF",
                          "International Monetary Fund", "FAO", "UNCTAD", "OECD")
OFFICIAL_PUBLISHERS = ("Ministry", "Minister", "Government", "President", "Prime Minister", "Deputy PM", "Law ",
                       "Law No", "Laws on", "akimat", "Akimat", "authorities", "Official", "official", "gov.kz",
                       "Department of State", "Embassy", "USDA", "Mazhilis", "Senate")
EVIDENCE_ORDER = ("statistics", "official", "press")  # strongest first
NOT_YET = "not_yet_published"
UNDETERMINED = "undetermined"  # when said: the rows' dates are too coarse (or missing) to tell
UNSETTLED = ("unverifiable", "pending", NOT_YET, UNDETERMINED)
FRAGILE, ROBUST = "fragile", "robust"


def evidence_of(publisher: str) -> str:
    """statistics, official or press, from the publisher's name."""
    if any(k in publisher for k in STATISTICAL_PUBLISHERS):
        return "statistics"
    return "official" if any(k in publisher for k in OFFICIAL_PUBLISHERS) else "press"


def evidence_by_source(sources: pd.DataFrame) -> dict[str, str]:
    return {s: evidence_of(p) for s, p in zip(sources["source_id"], sources["publisher"])}


def best_evidence(source_ids: str, kind_of: dict[str, str]) -> str:
    """The best kind among sources that agree on one value ("" for none)."""
    kinds = {kind_of.get(s, "press") for s in str(source_ids).split(";") if s}
    return next((k for k in EVIDENCE_ORDER if k in kinds), "")


def weakest(kinds) -> str:
    kinds = {k for k in kinds if k}
    return next((k for k in reversed(EVIDENCE_ORDER) if k in kinds), "")


# ------------------------------------------------------------------------------------------------ dates
def end_of(date: str) -> str:
    """A date as the last day it can mean: 2019 -> 2019-12-31, 2019-06 -> 2019-06-30 ("" stays "")."""
    date = str(date or "").strip()
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        y, m = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(y, m)[1]:02d}"
    return date


def start_of(date: str) -> str:
    """A date as the first day it can mean: 2019 -> 2019-01-01, 2019-06 -> 2019-06-01."""
    date = str(date or "").strip()
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def publication_dates(observations: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """When each row was public, as written: its own ``published`` date, else its source's ("" if neither)."""
    own = observations["published"].fillna("").astype(str)
    src = observations["source_id"].map(sources.set_index("source_id")["published"]).fillna("").astype(str)
    return own.where(own != "", src)


# Statuses of a statistic published only once its period has ended.
AFTER_THE_PERIOD = ("final", "preliminary")


def first_possible(observations: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """The first day each row can have been public ("" = any day). A row dated by its own ``published``, or by its
    source's page or release date, from that date's first day. A row dated only by the day its source's copy was
    made (``published_is`` snapshot: it was surely out by then, but since when is not known), or not dated at all,
    from the last day of its period if it is a statistic of a period that has ended (status final or preliminary:
    not published before its period ends), else from any day (an official's statement, an operational figure, an
    estimate or a forecast can come before the period ends)."""
    dates = publication_dates(observations, sources)
    if "published_is" in sources.columns:
        kind = observations["source_id"].map(sources.set_index("source_id")["published_is"]).fillna("")
        own = observations["published"].fillna("").astype(str) != ""
        dates = dates.where(own | (kind != "snapshot").to_numpy(), "")
    return _first_days(observations, dates)


def _first_days(observations: pd.DataFrame, dates: pd.Series) -> pd.Series:
    ends = observations["period"].astype(str).map(lambda p: periods.parse(p).end.isoformat())
    if "status" in observations.columns:
        ends = ends.where(observations["status"].astype(str).isin(AFTER_THE_PERIOD).to_numpy(), "")
    return dates.map(start_of).where(dates != "", ends)


def known_on(observations: pd.DataFrame, dates: pd.Series, date: str, surely: bool = True,
             first: pd.Series | None = None) -> pd.DataFrame:
    """The rows published by ``date``: surely (their latest possible day is on or before it), or possibly (their
    first possible day is: ``first``, from :func:`first_possible`; by default the first day of ``dates``, and the
    end of its period for an undated row)."""
    if surely:
        keep = (dates != "") & (dates.map(end_of) <= end_of(date))
    else:
        first = _first_days(observations, dates) if first is None else first
        keep = (first == "") | (first <= end_of(date))
    return observations[keep.to_numpy()].reset_index(drop=True)


# -------------------------------------------------------------------------------------------- firmness
def _decimals(x: float) -> int:
    text = repr(float(x))
    return 0 if float(x).is_integer() or "e" in text else len(text.split(".")[1])


def significant(x: float) -> int:
    """Significant digits as written (2 -> 1, 24 -> 2, 170.5 -> 4, 300 -> 1)."""
    digits = f"{abs(float(x)):.{_decimals(x)}f}".replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if _decimals(x) == 0 else len(digits)


def half_unit(x: float) -> float:
    """Half the unit of a figure's last digit as written (24 -> 0.5, 17.2 -> 0.05)."""
    return 0.5 * 10 ** -_decimals(x)


class _Patched(claims.Context):
    """A context whose frame for one measure is replaced (one input changed, nothing else)."""

    def __init__(self, base: claims.Context, key: tuple[str, str], frame: pd.DataFrame):
        self.measures, self.obs = base.measures, base.obs
        self._cache = {**base._cache, key: frame}


def _span(c: claims.Claim) -> tuple[int | None, int]:
    end = claims._year(c.period_end)
    first = c.period_start or c.base_period
    return (claims._year(first) if first else None), end


def _input_rows(c: claims.Claim, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the measure's frame that the check reads (a record: its year and its nearest rival)."""
    lo, hi = _span(c)
    years = frame["year"].astype(int)
    rows = frame[(years <= hi) & ((years >= lo) if lo is not None else True)]
    if c.kind != "record":
        return rows
    values, _ = claims._annual(rows, c.transform)
    rivals = values.drop(hi, errors="ignore")
    keep = {hi} | ({int(rivals.idxmax())} if len(rivals) else set())
    if c.transform == "growth_pct":  # a growth rate reads its year and the year before
        keep |= {y - 1 for y in keep}
    annual = rows["period"].astype(str).str.fullmatch(r"\d{4}")
    return rows[annual & rows["year"].astype(int).isin(keep)]


def _verdict(c: claims.Claim, ctx: claims.Context, tol: float) -> str:
    return claims.check(c, ctx, tol)["verdict"]


def flips(c: claims.Claim, ctx: claims.Context, tol: float, verdict: str, alternatives: pd.DataFrame,
          most: int = 3, row: dict | None = None) -> list[str]:
    """The first ``most`` small changes that flip the verdict, as phrases, in the module's order (``row``: the
    check's own row, when the caller has it)."""
    if verdict in ("unverifiable", "pending", claims.PROPOSAL_VERDICT) or not c.measure:
        return []
    return list(itertools.islice(_flips(c, ctx, tol, verdict, alternatives, row), most))


def _flips(c: claims.Claim, ctx: claims.Context, tol: float, verdict: str, alternatives: pd.DataFrame,
           row: dict | None = None):
    # The margin bounds what a trial can do (exact arithmetic, with a thousandth of slack): moving the stated
    # figure by h moves a value deviation by 100 h / |measured| points, and moving the tolerance by one point
    # moves its edges by one point; trials that cannot reach the nearest edge are not run.
    now = row if row is not None else claims.check(c, ctx, tol)
    margin, measured = now["margin_pct"], now["measured_value"]
    value_kind = c.kind in ("level", "change", "cumulative") and not math.isnan(margin) and not math.isnan(measured)
    uses_tol = c.kind not in ("record", "direction")
    if c.stated_value is not None and c.kind not in ("record", "direction") and significant(c.stated_value) > 1 \
            and not (value_kind and margin > 100 * half_unit(c.stated_value) / abs(measured) * 1.001 + 1e-9):
        h = half_unit(c.stated_value)
        for v in (c.stated_value - h, c.stated_value + h):
            now = _verdict(c.with_view(stated_value=v), ctx, tol)
            if now != verdict:
                yield (f"the stated {claims.fmt(c.stated_value)} read as {claims.fmt(v)}, within its last "
                       f"digit ({now.replace('_', ' ')})")
                break
    m = ctx.measures.get(c.measure)
    key = (c.measure, c.vintage or m.vintages[0])
    frame = ctx.frame(*key)
    rows = _input_rows(c, frame)
    if _cannot_flip(c, ctx, m, rows, margin, measured):
        rows = rows.iloc[0:0]
    for i, r in rows.iterrows():
        now, v = _first_flip(c, ctx, tol, verdict, key, frame, i, (r["value"] - half_unit(r["value"]),
                                                                    r["value"] + half_unit(r["value"])))
        if now:
            yield (f"the {r['period']} value ({claims.fmt(r['value'])}) at {claims.fmt(v)}, within its "
                   f"last digit ({now.replace('_', ' ')})")
            break
    for t in (tol - 1, tol + 1) if uses_tol and not (not math.isnan(margin) and margin > 1.001) else ():
        now = _verdict(c, ctx, t) if c.tolerance_pct is None else verdict
        if now != verdict:
            yield f"a tolerance of {t:g}% instead of {tol:g}% ({now.replace('_', ' ')})"
    yield from _other_sources(c, ctx, tol, verdict, key, frame, rows)
    for a in alternatives.itertuples():
        if a.verdict != verdict and a.verdict not in UNSETTLED:
            yield f"the alternative reading '{a.reading or a.claim_id}' ({a.verdict.replace('_', ' ')})"


def _cannot_flip(c: claims.Claim, ctx: claims.Context, m, rows: pd.DataFrame, margin: float, measured: float) -> bool:
    """A shortcut that never changes the answer: a level or a sum of positive values moves by at most the
    largest relative change of one input, and the deviation by at most that share of stated/measured, so an
    input change smaller than the margin cannot flip the verdict and need not be tried."""
    if c.kind not in ("level", "cumulative") or c.stated_value is None or c.check or not len(rows):
        return False
    values = rows["value"].astype(float)
    if (values <= 0).any():
        return False
    eps = float((values.map(half_unit) / values).max())
    same = _rows_of(ctx, m.indicator)
    for p, v in zip(rows["period"].astype(str), values):
        if p in same:
            eps = max(eps, float((same[p]["value_std"].astype(float) - v).abs().max() / v))
    if math.isnan(margin) or math.isnan(measured) or eps >= 0.5:
        return False
    bound = 100 * eps * abs(c.stated_value) / abs(measured) / (1 - eps) * 1.01
    return margin > bound


def _first_flip(c, ctx, tol, verdict, key, frame, i, values) -> tuple[str, float]:
    """The first of ``values`` for row ``i`` of the measure's frame that changes the verdict ("" if none)."""
    for v in values:
        patched = frame.copy()
        patched.loc[i, "value"] = v
        now = _verdict(c, _Patched(ctx, key, patched), tol)
        if now != verdict:
            return now, v
    return "", math.nan


def _rows_of(ctx: claims.Context, indicator: str) -> dict[str, pd.DataFrame]:
    """The observations of an indicator by period (built once per context)."""
    cache = ctx.__dict__.setdefault("_rows_by_period", {})
    if indicator not in cache:
        obs = ctx.obs
        same = obs[(obs["indicator"] == indicator) & ~obs["status"].isin(["forecast", "rejected"])]
        cache[indicator] = {str(p): g for p, g in same.groupby(same["period"].astype(str), sort=False)}
    return cache[indicator]


def _other_sources(c, ctx, tol, verdict, key, frame, rows):
    """Other vintages of the measure, and other rows of the same publisher for the same period."""
    m = ctx.measures.get(c.measure)
    for v in m.vintages:
        if v != key[1] and _verdict(c.with_view(vintage=v), ctx, tol) != verdict:
            yield f"the {v.replace('_', ' ')} vintage"
    same = _rows_of(ctx, m.indicator)
    for i, r in rows.iterrows():
        cand = same.get(str(r["period"]))
        if cand is None:
            continue
        prefixes = {s.split("-", 1)[0] for s in str(r["source_ids"]).split(";") if s}
        chosen = set(str(r["source_ids"]).split(";"))
        alt = cand[~cand["source_id"].isin(chosen) & cand["source_id"].str.split("-").str[0].isin(prefixes)
                   & (cand["value_std"].astype(float).round(9) != round(float(r["value"]), 9))]
        for a in alt.drop_duplicates("value_std").itertuples():
            now, _ = _first_flip(c, ctx, tol, verdict, key, frame, i, (float(a.value_std),))
            if now:
                yield (f"the {r['period']} value of {a.source_id} ({claims.fmt(a.value_std)}) "
                       f"({now.replace('_', ' ')})")


# ------------------------------------------------------------------------------------------ when said
def when_said(c: claims.Claim, row: dict, obs: pd.DataFrame, dates: pd.Series, tol: float,
              contexts: dict[str, claims.Context] | None = None, first: pd.Series | None = None) -> dict:
    """The check as known on the day it was said, from the rows published by then (``dates``: as written,
    :func:`publication_dates`; ``first``: the first day each could have been out, :func:`first_possible`)."""
    said = c.said_on or c.published
    out = {"said_on": said, "measured_when_said": math.nan, "verdict_when_said": "", "when_said_note": ""}
    if not said or row["verdict"] in ("unverifiable", "pending") or not c.measure:
        out["verdict_when_said"] = row["verdict"]
        return out
    contexts = {} if contexts is None else contexts

    def as_known(surely: bool) -> dict:
        if (said, surely) not in contexts:
            contexts[(said, surely)] = claims.Context(known_on(obs, dates, said, surely, first))
        return claims.check(c, contexts[(said, surely)], tol)

    then = as_known(surely=True)
    if then["verdict"] == "pending" and c.kind in ("target", "forecast"):
        out.update(verdict_when_said="pending", when_said_note=f"On {said} no year of its horizon had data yet.")
        return out
    if then["verdict"] not in UNSETTLED:
        out.update(measured_when_said=then["measured_value"], verdict_when_said=then["verdict"],
                   when_said_note=f"From the rows published by {said}: {then['explanation']}")
        return out
    msr = measures.get(c.measure)
    if msr.before_release:
        alt = claims.check(c.with_view(measure=msr.before_release), claims.Context(obs), tol)
        alt_m = measures.get(msr.before_release)
        out.update(measured_when_said=alt["measured_value"], verdict_when_said=alt["verdict"],
                   when_said_note=f"No figure of the {msr.label} was published by {said}; the definition in use "
                                  f"then is the {alt_m.label}: {alt['explanation']}")
        return out
    maybe = as_known(surely=False)
    if maybe["verdict"] not in UNSETTLED:
        out.update(measured_when_said=maybe["measured_value"], verdict_when_said=UNDETERMINED,
                   when_said_note=f"Cannot tell: the rows it needs are dated only to the month or year, only by the "
                                  f"day their source was copied, or not at all, so they may or may not have been "
                                  f"out by {said}. If they were: "
                                  f"{maybe['explanation']}")
        return out
    out.update(verdict_when_said=NOT_YET,
               when_said_note=f"Not yet published when it was said: no row of the {msr.label} that this check "
                              f"reads can have been out by {said} (each was published later, or its period had not "
                              f"ended).")
    return out


# ------------------------------------------------------------------------------------------------ judge
@claims._names_the_row("claim", "claim_id")  # an engine error names the claim it comes from
def judge(registry: list[claims.Claim], observations: pd.DataFrame, sources: pd.DataFrame,
          tolerance_pct: float = claims.DEFAULT_TOLERANCE_PCT) -> pd.DataFrame:
    """Every check's row, with the referee's columns filled."""
    ctx = claims.Context(observations)
    checked = claims.frame([claims.check(c, ctx, tolerance_pct) for c in registry])
    dates, first = publication_dates(observations, sources), first_possible(observations, sources)
    kind_of = evidence_by_source(sources)
    then: dict[str, claims.Context] = {}  # one context per date said, its measure frames built once
    by_id = {c.claim_id: c for c in registry}
    rows = []
    for row in checked.to_dict("records"):
        c = by_id[row["claim_id"]]
        tol = tolerance_pct if c.tolerance_pct is None else c.tolerance_pct
        alts = checked[checked["reading_of"] == c.claim_id] if c.is_primary else checked.iloc[0:0]
        row.update(when_said(c, row, observations, dates, tol, then, first))
        row["evidence"] = _evidence(c, ctx, row, kind_of)
        if row["evidence"] == "official" and row["verdict"] not in ("unverifiable", "pending"):
            row["explanation"] += (f" This is {row['verdict'].replace('_', ' ')} with official figures only "
                                   "(no statistical release).")
        found = flips(c, ctx, tol, row["verdict"], alts, row=row)
        if row["verdict"] not in ("unverifiable", "pending", claims.PROPOSAL_VERDICT) and c.measure:
            row["robust"] = FRAGILE if found else ROBUST
            row["flips_if"] = (f"Flips with {found[0]}" + (f"; also with {'; '.join(found[1:3])}" if found[1:] else "")
                               + ".") if found else "Nothing tried flips it (last digits, tolerance ±1, other "\
                                                    "sources and vintages, alternative readings)."
        rows.append(row)
    out = pd.DataFrame(rows, columns=claims.COLUMNS)
    # an alternative reading belongs to its primary's sentence, whatever its own row says
    sentence = dict(zip(out["claim_id"], out["statement_id"]))
    alt = out["reading_of"] != ""
    out.loc[alt, "statement_id"] = out.loc[alt, "reading_of"].map(sentence).fillna(out.loc[alt, "statement_id"])
    return _offsetting_levels(out)


def _evidence(c: claims.Claim, ctx: claims.Context, row: dict, kind_of: dict[str, str]) -> str:
    if not c.measure or not row["measured_source_ids"]:
        return ""
    m = ctx.measures.get(c.measure)
    frame = ctx.frame(c.measure, c.vintage or m.vintages[0])
    used = set(row["measured_source_ids"].split(";"))
    rows = _input_rows(c, frame)
    rows = rows[rows["source_ids"].map(lambda s: bool(used & set(str(s).split(";"))))]
    return weakest(best_evidence(s, kind_of) for s in rows["source_ids"]) or weakest(
        best_evidence(s, kind_of) for s in row["measured_source_ids"].split(";"))


def _offsetting_levels(checked: pd.DataFrame) -> pd.DataFrame:
    """A change judged consistent while the same sentence's two levels miss: say that their errors offset."""
    prim = checked[checked["reading_of"] == ""]
    for i, r in prim[prim["kind"] == "change"].iterrows():
        levels = prim[(prim["statement_id"] == r["statement_id"]) & (prim["kind"] == "level")]
        if len(levels) == 2 and r["verdict"] == "consistent" and (levels["verdict"] != "consistent").any():
            devs = " and ".join(f"{d:+.1f}%" for d in levels["deviation_pct"])
            checked.loc[i, "explanation"] += (f" The same sentence's two levels deviate by {devs}; the multiple "
                                              "holds only because their errors offset.")
    return checked


# ------------------------------------------------------------------------------------------- statements
STATEMENT_COLUMNS = ["statement_id", "series", "document", "document_title", "said_on", "statement", "verdict", "checks",
                     "primary_checks", "verdicts_of_checks", "by_construction", "fragile", "evidence", "lean",
                     "verdict_when_said"]
STATEMENT_VERDICTS = claims.ALL_VERDICTS + ("partly_consistent", "inconsistent")


def statement_verdict(verdicts: list[str], by_construction: list[bool]) -> str:
    """One verdict for a sentence from its primary checks (the README's rule).

    Checks that hold by construction are left out unless nothing else is judged. The checks that were
    judged (not unverifiable or pending) decide: all alike give that verdict; otherwise "partly_consistent"
    when any is consistent, else "inconsistent". With nothing judged, the first check's verdict stands.
    """
    pairs = list(zip(verdicts, by_construction))
    counted = [v for v, bc in pairs if not bc] or [v for v, _ in pairs]
    judged = [v for v in counted if v not in UNSETTLED]
    if not judged:
        return counted[0]
    if len(set(judged)) == 1:
        return judged[0]
    return "partly_consistent" if "consistent" in judged else "inconsistent"


def statements(checked: pd.DataFrame, registry: list[claims.Claim]) -> pd.DataFrame:
    """One row per sentence: its verdict by :func:`statement_verdict`, its checks and how firm they are."""
    text = {c.claim_id: c.statement for c in registry}
    titles = {c.document: c.document_title for c in registry}
    rows = []
    for sid, g in checked.groupby("statement_id", sort=True):
        prim = g[g["reading_of"] == ""]
        lead = prim[prim["claim_id"] == sid].iloc[0] if (prim["claim_id"] == sid).any() else prim.iloc[0]
        bc = [bool(x) for x in prim["by_construction"]]
        rows.append({
            "statement_id": sid, "series": lead["series"], "document": lead["document"],
            "document_title": titles.get(lead["document"], ""), "said_on": lead["said_on"],
            "statement": text.get(sid, text.get(lead["claim_id"], "")),
            "verdict": statement_verdict(list(prim["verdict"]), bc), "checks": len(g), "primary_checks": len(prim),
            "verdicts_of_checks": "; ".join(f"{r.claim_id}: {r.verdict}" for r in prim.itertuples()),
            "by_construction": "all" if all(bc) else "some" if any(bc) else "",
            "fragile": "; ".join(prim.loc[prim["robust"] == FRAGILE, "claim_id"]),
            "evidence": weakest(prim["evidence"]),
            "lean": "; ".join(x for x in prim["lean"] if x),
            "verdict_when_said": statement_verdict(list(prim["verdict_when_said"].replace("", "unverifiable")), bc),
        })
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


# --------------------------------------------------------------------------------------------- history
HISTORY_COLUMNS = ["claim_id", "as_of", "verdict", "measured_value", "measured_source_ids", "change"]


def history(registry: list[claims.Claim], checked: pd.DataFrame, observations: pd.DataFrame,
            sources: pd.DataFrame, tolerance_pct: float = claims.DEFAULT_TOLERANCE_PCT) -> pd.DataFrame:
    """Each primary check's verdict as the data arrived: judged as known on the day it was said, then on every
    later date on which a row it reads was published, keeping the dates on which the verdict or the measured
    value changed. Rows dated only to a month or a year count from their last day (when they were surely out)."""
    dates = publication_dates(observations, sources)
    surely = dates.map(end_of)
    contexts: dict[str, claims.Context] = {}
    by_id = {c.claim_id: c for c in registry}
    rows = []
    for r in checked[(checked["reading_of"] == "") & (checked["measure"] != "")].itertuples():
        c = by_id[r.claim_id]
        if c.kind == "forecast" or r.verdict == "unverifiable":
            continue
        said = end_of(c.said_on or c.published)
        m = measures.get(c.measure)
        lo, hi = _span(c)
        years = observations["year"]
        read = (observations["indicator"] == m.indicator) & (years <= hi) & ((years >= lo) if lo else True)
        when = sorted({d for d in surely[read.to_numpy()] if d and d > said} | ({said} if said else set()))
        tol = tolerance_pct if c.tolerance_pct is None else c.tolerance_pct
        last = None
        for d in when:
            if d not in contexts:
                contexts[d] = claims.Context(observations[((surely != "") & (surely <= d)).to_numpy()])
            now = claims.check(c, contexts[d], tol)
            state = (now["verdict"], None if math.isnan(now["measured_value"]) else round(now["measured_value"], 6))
            if state != last:
                change = "as said" if last is None else ("verdict" if last[0] != state[0] else "value")
                rows.append({"claim_id": c.claim_id, "as_of": d, "verdict": now["verdict"],
                             "measured_value": now["measured_value"],
                             "measured_source_ids": now["measured_source_ids"], "change": change})
                last = state
        if last is not None and (r.verdict, None if pd.isna(r.measured_value) else round(r.measured_value, 6)) != last:
            # today's verdict also reads rows whose date is unknown or later than any dated release
            rows.append({"claim_id": c.claim_id, "as_of": "latest", "verdict": r.verdict,
                         "measured_value": r.measured_value, "measured_source_ids": r.measured_source_ids,
                         "change": "verdict" if r.verdict != last[0] else "value"})
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
