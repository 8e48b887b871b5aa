"""Gathering the series notebooks' verdicts, and the scorecard's tables."""

from __future__ import annotations

import html
import math

import pandas as pd

from . import claims as cl
from . import registry
from .figures import verdict_badge

SECTION_NOTEBOOK = {"gdp": "01_gdp", "fdi": "02_fdi", "housing": "03_housing", "grain": "04_grain",
                    "minimum_wage": "05_minimum_wage"}


class IncompleteScorecard(ValueError):
    """A headline claim without exactly one verdict."""


def gather(per_series: dict[str, pd.DataFrame], registry_claims: pd.DataFrame) -> pd.DataFrame:
    """All series' claim checks in one frame; every headline claim exactly once."""
    frames = []
    for series in registry.SERIES:
        df = per_series[series]
        missing_cols = [c for c in cl.COLUMNS if c not in df.columns]
        if missing_cols:
            raise IncompleteScorecard(f"claims_{series}.csv lacks columns {missing_cols}")
        frames.append(df[cl.COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    numeric = ("stated_value", "measured_value", "deviation_pct", "tolerance_pct")
    text = [c for c in cl.COLUMNS if c not in numeric]
    out[text] = out[text].fillna("").astype(str)  # a blank cell (an undated claim) stays text
    head = registry_claims[registry_claims["series"] != "other"]
    expected = set(head["claim_id"])
    dup = out["claim_id"][out["claim_id"].duplicated()].tolist()
    missing = sorted(expected - set(out["claim_id"]))
    extra = sorted(set(out["claim_id"]) - expected)
    problems = []
    if dup:
        problems.append(f"checked twice: {', '.join(dup)}")
    if missing:
        problems.append(f"not checked: {', '.join(missing)}")
    if extra:
        problems.append(f"not in the registry: {', '.join(extra)}")
    bad = sorted(set(out["verdict"]) - set(cl.ALL_VERDICTS))
    if bad:
        problems.append(f"unknown verdicts: {', '.join(bad)}")
    if problems:
        raise IncompleteScorecard("; ".join(problems))
    order = {s: i for i, s in enumerate(registry.SERIES)}
    out = out.sort_values(["series", "claim_id"], key=lambda c: c.map(order) if c.name == "series" else c,
                          kind="mergesort")
    return out.reset_index(drop=True)


def _badge(v: str) -> str:
    return verdict_badge(v)


def _t(x) -> str:
    """Escaped text of one cell; a missing value is empty."""
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else html.escape(str(x))


def _num(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else cl.fmt(float(x))


def claims_table(head: pd.DataFrame) -> None:
    """The headline claims as one HTML table (every CSV text escaped)."""
    from IPython.display import HTML, display

    rows = []
    for r in head.itertuples():
        nbname = SECTION_NOTEBOOK[r.series]
        anchor = f"#{_t(r.section)}" if _t(r.section) else ""
        dev = "–" if pd.isna(r.deviation_pct) else f"{r.deviation_pct:+.1f}%"
        rows.append(
            "<tr>"
            f"<td>{_t(r.claim_id)}</td>"
            f"<td>{_t(r.document_title)}<br><small>{_t(r.speaker)}; {_t(r.published) or 'undated'}</small></td>"
            f"<td>{_t(r.statement)}</td>"
            f"<td>{_num(r.stated_value)} {_t(r.unit)}</td>"
            f"<td>{_num(r.measured_value)} <small>{_t(r.measured_period)}</small></td>"
            f"<td>{dev}</td><td>{_badge(r.verdict)}</td>"
            f"<td>{_t(r.explanation)}</td>"
            f'<td><a href="{nbname}.html{anchor}">{html.escape(nbname)}</a></td>'
            "</tr>"
        )
    display(HTML(
        '<p class="kz-table-caption">Table 6.0. Every headline claim, what the data say, and the verdict.</p>'
        '<table class="kz-table kz-scorecard"><thead><tr><th>claim</th><th>document, speaker, date</th>'
        "<th>what was said (paraphrase)</th><th>stated</th><th>measured</th><th>deviation</th><th>verdict</th>"
        "<th>explanation</th><th>shown in</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    ))


PROGRESS_INDICATORS = ("gdp_usd_current", "gdp_real_growth_pct", "fdi_gross_inflow_usd", "housing_commissioned_m2",
                       "housing_units_commissioned", "minimum_wage_kzt")


def annual_median(observations: pd.DataFrame, indicator: str) -> pd.Series:
    """Full-year, non-forecast values of one indicator; the median across sources per year."""
    o = observations[(observations["indicator"] == indicator) & (observations["status"] != "forecast")]
    full = (o["period_kind"] == "year") | ((o["period_kind"] == "span") & (o["months"] == 12)
                                          & o["period"].str.endswith("-12") & o["period"].str[5:7].eq("01"))
    o = o[full]
    return o.groupby("year")["value_std"].median().sort_index()


def targets_progress(targets: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Progress of official targets/plans whose horizon ends in 2024 or later."""
    rows = []
    units = observations.drop_duplicates("indicator").set_index("indicator")["unit_std"]
    for t in targets.itertuples():
        end = int(str(t.horizon_end)[:4])
        start = int(str(t.horizon_start)[:4])
        if end < 2024 or t.kind == "forecast" or t.indicator not in PROGRESS_INDICATORS \
                or t.measure not in ("level", "cumulative"):
            continue
        actual = annual_median(observations, t.indicator)
        goal = float(t.target_value)
        if t.unit != units.get(t.indicator, t.unit):
            continue  # a target stated in another unit than the series; the series notebook handles it
        try:
            p = cl.target_progress(actual, goal, start, end, t.measure)
        except cl.MissingYears as e:
            rows.append({"target_id": t.target_id, "indicator": t.indicator, "goal": goal, "unit": t.unit,
                         "horizon": f"{start}-{end}", "stated_by": t.stated_by, "achieved": math.nan,
                         "share_achieved": math.nan, "share_of_horizon_elapsed": math.nan,
                         "pace_achieved": math.nan, "pace_required": math.nan, "verdict": "unverifiable",
                         "note": str(e)})
            continue
        pace_unit = "% a year" if t.measure == "level" else f"{t.unit} a year"
        rows.append({"target_id": t.target_id, "indicator": t.indicator, "goal": goal, "unit": t.unit,
                     "horizon": f"{start}-{end}", "stated_by": t.stated_by, "achieved": p.achieved,
                     "share_achieved": p.share_achieved, "share_of_horizon_elapsed": p.share_elapsed,
                     "pace_achieved": p.pace_achieved, "pace_required": p.pace_required, "verdict": p.verdict,
                     "note": f"{t.measure}; pace in {pace_unit}"})
    cols = ["target_id", "indicator", "goal", "unit", "horizon", "stated_by", "achieved", "share_achieved",
            "share_of_horizon_elapsed", "pace_achieved", "pace_required", "verdict", "note"]
    return pd.DataFrame(rows, columns=cols).sort_values("target_id", kind="mergesort").reset_index(drop=True)
