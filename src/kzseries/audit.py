"""The data audit: tidy observations, coverage, gaps, disagreements, revisions, rejected rows and sources.

``build(P)`` loads and validates every raw file and returns an :class:`Audit`
holding each table the audit notebook shows; ``save(audit)`` writes the tidy
files every other notebook reads. No figure is computed here (see
:mod:`kzseries.plots.audit`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import data, measures, nb, registry
from .text import source_anchor, years  # noqa: F401 (source_anchor: the audit page's anchors)

TIDY_COLUMNS = ["series", "indicator", "title", "period", "period_kind", "year", "start", "end", "months", "value",
                "unit", "value_std", "unit_std", "status", "vintage", "basis", "source_id", "publisher",
                "published", "notes"]


@dataclass(frozen=True)
class Audit:
    observations: pd.DataFrame   # every observation in its standard unit, rejected rows left out
    rejected: pd.DataFrame       # rows curated as wrong (reason in notes), kept for the record
    summary: pd.DataFrame        # rows, indicators, sources and years per series file
    coverage: pd.DataFrame       # sources with a full-year value per indicator and year
    gaps: pd.DataFrame           # years without a full-year value inside each measured indicator's span
    spread: pd.DataFrame         # every indicator-year with two or more sources, and their spread
    disagreements: pd.DataFrame  # the spreads above the threshold, largest first
    revisions: pd.DataFrame      # first releases against revised values of the same figure
    overrides: pd.DataFrame      # values accepted outside their plausibility limits
    sources: pd.DataFrame        # sources.csv with the number of rows each one carries
    targets: pd.DataFrame
    claims: pd.DataFrame
    threshold_pct: float


def tidy_observations() -> tuple[pd.DataFrame, pd.DataFrame]:
    """All series files, validated and tidied; (kept, rejected)."""
    indicators = data.load("indicators.csv")
    obs = pd.concat([data.tidy(data.load(f"{s}.csv")).assign(series=s) for s in registry.DATA_SERIES], ignore_index=True)
    obs = obs.merge(indicators[["indicator", "title"]], on="indicator", how="left")[TIDY_COLUMNS]
    obs = obs.sort_values(["series", "indicator", "period", "source_id", "basis", "vintage"],
                          kind="mergesort").reset_index(drop=True)
    rejected = obs["status"] == "rejected"
    return obs[~rejected].reset_index(drop=True), obs[rejected].reset_index(drop=True)


def full_years(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations of whole calendar years (no forecasts)."""
    return obs[(obs["period_kind"] == "year") & (obs["status"] != "forecast")]


def gaps(annual: pd.DataFrame, indicators) -> pd.DataFrame:
    """For each indicator: its span of full years, how many have data, and the missing years inside the span."""
    rows = []
    for ind in indicators:
        ys = sorted(set(annual.loc[annual["indicator"] == ind, "year"].astype(int)))
        if not ys:
            rows.append({"indicator": ind, "span": "no full-year value", "years with data": 0, "missing years": "all"})
            continue
        missing = [y for y in range(ys[0], ys[-1] + 1) if y not in ys]
        rows.append({"indicator": ind, "span": f"{ys[0]}–{ys[-1]}", "years with data": len(ys),
                     "missing years": years(missing)})
    return pd.DataFrame(rows, columns=["indicator", "span", "years with data", "missing years"])


def spreads(annual: pd.DataFrame) -> pd.DataFrame:
    """Indicator-years with two or more sources: min, max, median and (max - min) / |median| in %."""
    g = annual.groupby(["indicator", "year"])
    s = g["value_std"].agg(["min", "max", "median", "count"]).reset_index()
    s = s[s["count"] >= 2].copy()
    s["spread_pct"] = (s["max"] - s["min"]) / s["median"].abs() * 100
    ids = g["source_id"].apply(lambda x: ";".join(sorted(set(x)))).rename("source_ids").reset_index()
    return s.merge(ids, on=["indicator", "year"]).reset_index(drop=True)


def revisions(obs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a first release and a revised value of the same indicator and period."""
    rev = obs[obs["vintage"] == "first_release"].merge(obs[obs["vintage"] == "revised"], on=["indicator", "period"],
                                                      suffixes=("_first", "_revised"))
    rev["revision_pct"] = (rev["value_std_revised"] - rev["value_std_first"]) / rev["value_std_first"].abs() * 100
    cols = ["indicator", "period", "value_std_first", "source_id_first", "value_std_revised", "source_id_revised",
            "revision_pct"]
    return rev[cols].sort_values(["indicator", "period"], kind="mergesort").reset_index(drop=True)


def build(P) -> Audit:
    obs, rejected = tidy_observations()
    annual = full_years(obs)
    cov = annual.groupby(["series", "indicator", "year"])["source_id"].nunique().rename("sources").reset_index()
    measured = sorted({m.indicator for m in measures.MEASURES.values()} & set(obs["indicator"]))
    spread = spreads(annual)
    dis = spread[spread["spread_pct"] > P.disagreement_threshold_pct].sort_values(
        ["spread_pct", "indicator", "year"], ascending=[False, True, True], kind="mergesort")
    summary = (obs.groupby("series").agg(rows=("value", "size"), indicators=("indicator", "nunique"),
                                         sources=("source_id", "nunique"), first_year=("year", "min"),
                                         last_year=("year", "max")).reset_index())
    used = obs.groupby("source_id").size().rename("rows").reset_index()
    sources = data.load("sources.csv").merge(used, on="source_id", how="left").fillna({"rows": 0})
    sources["rows"] = sources["rows"].astype(int)
    return Audit(obs, rejected, summary, cov, gaps(annual, measured), spread, dis.reset_index(drop=True),
                 revisions(obs), data.load("plausibility_overrides.csv"), sources, data.load("targets.csv"),
                 data.load("claims.csv"), P.disagreement_threshold_pct)


def save(a: Audit) -> None:
    nb.write_csv(a.observations, "data/processed/observations.csv")
    for s in registry.DATA_SERIES:  # one file per series too, so a change to one series re-runs only its notebooks
        nb.write_csv(a.observations[a.observations["series"] == s], f"data/processed/observations_{s}.csv")
    nb.write_csv(a.targets, "data/processed/targets.csv")
    nb.write_csv(a.claims, "data/processed/claims_registry.csv")
    nb.write_csv(a.coverage, "data/processed/coverage.csv")
    nb.write_csv(a.disagreements, "data/processed/disagreements.csv")
    nb.write_csv(a.revisions, "data/processed/revisions.csv")


def by_publisher(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources and rows by publisher group (the prefix of the source id)."""
    return (sources.assign(kind=sources["source_id"].str.split("-").str[0])
            .groupby("kind").agg(sources=("source_id", "size"), rows=("rows", "sum"))
            .sort_values("rows", ascending=False, kind="mergesort").reset_index())


def sources_html(sources: pd.DataFrame) -> str:
    """Every source as an HTML table row with an anchor; only http(s) addresses become links (all text escaped)."""
    rows = []
    for r in sources.sort_values("source_id", kind="mergesort").itertuples():
        url = str(r.url)
        link = (f'<a href="{html.escape(url, quote=True)}" rel="noopener">{html.escape(url)}</a>'
                if url.startswith(("http://", "https://")) else html.escape(url))
        rows.append(f'<tr id="{source_anchor(r.source_id)}"><td><code>{html.escape(r.source_id)}</code></td>'
                    f"<td>{html.escape(r.publisher)}</td><td>{html.escape(r.title)}</td><td>{link}</td>"
                    f"<td>{html.escape(r.published)}</td><td>{html.escape(r.license)}</td><td>{r.rows}</td></tr>")
    return ('<table class="kz-table kz-sources"><thead><tr><th>source_id</th><th>publisher</th><th>title</th>'
            "<th>address</th><th>published</th><th>licence</th><th>rows</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
