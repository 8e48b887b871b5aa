"""The notebook registry: one ordered list that everything else reads.

``run_all.py`` executes it in this order (dependencies first), the README's
parameter tables are generated from it, the tests check every notebook's
``parameters`` cell against it, and the cache keys hash exactly the inputs it
declares. To add a notebook, add a :class:`NotebookSpec` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import figure_specs
from .themes import THEMES

SERIES = ("gdp", "fdi", "housing", "grain", "minimum_wage")
# The headline series each have a page; "other" holds the data for the rest of the documents' statements
# (industry, trade, health, ...), grouped by theme on one page of its own.
OTHER = "other"
DATA_SERIES = SERIES + (OTHER,)
# Every file of data/raw/ (besides MANIFEST.sha256), catalogue first, then the plausibility limits of the
# series (and the outliers accepted deliberately), then the series themselves.
RAW_FILES = ("indicators.csv", "units.csv", "sources.csv", "plausibility.csv", "plausibility_overrides.csv") + tuple(
    f"{s}.csv" for s in DATA_SERIES) + ("targets.csv", "claims.csv")


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its type, default, allowed values and meaning."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple | None = None
    min: float | None = None
    max: float | None = None

    def allowed(self) -> str:
        """Human-readable statement of what values are allowed."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = {int: "an integer", float: "a number", str: "text", bool: "true or false"}[self.type]
        if self.min is not None and self.max is not None:
            return f"{kind} from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"{kind} of at least {self.min:g}"
        return kind


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook, its parameters, what it reads and what it writes."""

    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    raw_inputs: tuple[str, ...]
    processed_inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    # Pairs (a, b) of parameters that must satisfy a <= b ("end before start" is an error).
    ordered: tuple[tuple[str, str], ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"notebooks/{self.name}.ipynb"

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def _tolerance(default: float = 5.0) -> Param:
    return Param(
        "tolerance_pct", float, default,
        "relative tolerance (%) within which a stated figure counts as consistent with the data",
        min=0.0, max=50.0,
    )


def _figs(notebook: str) -> tuple[str, ...]:
    """The notebook's declared figures (narrative/figures.yaml), each written twice: PNG to read, SVG to print."""
    return tuple(f"figures/{s}.{ext}" for s in figure_specs.stems(notebook) for ext in ("png", "svg"))


_COMMON_RAW = ("indicators.csv", "units.csv", "sources.csv", "plausibility.csv", "plausibility_overrides.csv")
_YEAR = dict(min=1990, max=2035)

REGISTRY: tuple[NotebookSpec, ...] = (
    NotebookSpec(
        name="00_data_audit",
        title="Data audit",
        question="What do the curated raw data cover, where do sources disagree, and what is missing?",
        params=(
            Param("start_year", int, 1990, "first year shown in the coverage heatmap", **_YEAR),
            Param("end_year", int, 2025, "last year shown in the coverage heatmap", **_YEAR),
            Param("disagreement_threshold_pct", float, 1.0,
                  "sources differing by more than this (%) for the same indicator and year are listed",
                  min=0.0, max=100.0),
        ),
        raw_inputs=_COMMON_RAW + tuple(f"{s}.csv" for s in DATA_SERIES) + ("targets.csv", "claims.csv"),
        outputs=(
            "data/processed/observations.csv",
        ) + tuple(f"data/processed/observations_{s}.csv" for s in DATA_SERIES) + (
            "data/processed/targets.csv",
            "data/processed/claims_registry.csv",
            "data/processed/coverage.csv",
            "data/processed/disagreements.csv",
            "data/processed/revisions.csv",
        ) + _figs("00_data_audit"),
        ordered=(("start_year", "end_year"),),
    ),
    NotebookSpec(
        name="00_verdicts",
        title="Verdicts",
        question="For each number stated in the five documents, what do the data say, and is it consistent with them?",
        params=(_tolerance(),),
        raw_inputs=_COMMON_RAW + tuple(f"{s}.csv" for s in DATA_SERIES) + ("targets.csv", "claims.csv"),
        processed_inputs=(),  # tidies the raw data itself, so it runs beside the audit, not after it
        outputs=("data/processed/claims_checked.csv", "data/processed/targets_progress.csv",
                 "data/processed/statements_checked.csv", "data/processed/verdict_history.csv")
        + tuple(f"data/processed/claims_{s}.csv" for s in DATA_SERIES),
    ),
    NotebookSpec(
        name="01_gdp",
        title="GDP",
        question="How large is Kazakhstan's economy in dollars, why did it grow, and is $450 bn by 2029 within reach?",
        params=(
            Param("start_year", int, 2000, "first year of the charts", **_YEAR),
            Param("end_year", int, 2030, "last year of the charts (years after the latest actual are IMF projections)", **_YEAR),
            Param("decomposition_base_year", int, 2018, "base year of the USD GDP decomposition", **_YEAR),
            Param("decomposition_end_year", int, 2024, "end year of the USD GDP decomposition", **_YEAR),
            Param("population_source", str, "world_bank", "population used for GDP per capita",
                  choices=("world_bank", "national")),
            Param("inflation_pct", float, 6.0,
                  "scenario assumption: annual GDP-deflator inflation 2026-2029 (%), illustrative",
                  min=-10.0, max=50.0),
            Param("kzt_per_usd_change_pct", float, 5.0,
                  "scenario assumption: annual change in KZT per USD 2026-2029 (%; positive = tenge weakens), illustrative",
                  min=-30.0, max=100.0),
        ),
        raw_inputs=_COMMON_RAW + ("gdp.csv", "targets.csv", "claims.csv"),
        processed_inputs=("observations_gdp.csv", "claims_gdp.csv", "targets_progress.csv"),
        outputs=("data/processed/gdp.csv",)
        + _figs("01_gdp"),
        ordered=(("start_year", "end_year"), ("decomposition_base_year", "decomposition_end_year")),
    ),
    NotebookSpec(
        name="02_fdi",
        title="Foreign direct investment",
        question="Did Kazakhstan attract $130 bn of FDI in six years, and is $150 bn in seven years on track?",
        params=(
            Param("measure", str, "gross",
                  "FDI measure highlighted in the window sums and drawn on the target path "
                  "(a view: the verdicts use each claim's own measure, gross inflow)",
                  choices=("gross", "net_world_bank", "net_unctad", "net_nbk")),
            Param("claim_window_start", int, 2019, "first year of the six-year window of the $130 bn claim",
                  min=2005, max=2024),
            Param("target_window_start", int, 2023, "first year of the seven-year window of the $150 bn target",
                  choices=(2022, 2023)),
        ),
        raw_inputs=_COMMON_RAW + ("fdi.csv", "targets.csv", "claims.csv"),
        processed_inputs=("observations_fdi.csv", "claims_fdi.csv", "targets_progress.csv"),
        outputs=("data/processed/fdi.csv",)
        + _figs("02_fdi"),
    ),
    NotebookSpec(
        name="03_housing",
        title="Housing",
        question="Was 19 million m² of housing built in 2024, and how do outcomes compare with the plans?",
        params=(
            Param("base_year", int, 2018, "base year of the change to window_end (the claims use 2018)",
                  min=2006, max=2024),
            Param("window_start", int, 2019, "first year of the cumulative window", min=2006, max=2025),
            Param("window_end", int, 2024, "last year of the cumulative window and end year of the change",
                  min=2006, max=2025),
            Param("vintage", str, "first_release", "which vintage of the statistics to use where both exist",
                  choices=("first_release", "latest")),
        ),
        raw_inputs=_COMMON_RAW + ("housing.csv", "gdp.csv", "targets.csv", "claims.csv"),
        processed_inputs=("observations_housing.csv", "claims_housing.csv", "observations_gdp.csv",
                          "targets_progress.csv"),
        outputs=("data/processed/housing.csv",)
        + _figs("03_housing"),
        ordered=(("window_start", "window_end"), ("base_year", "window_end")),
    ),
    NotebookSpec(
        name="04_grain",
        title="Grain harvest",
        question="Was the 2024 grain harvest of 26.7 million tonnes a record, and on what weight basis?",
        params=(
            Param("record_window_years", int, 10, "length of the window (years, ending with the claim year) for the record test",
                  min=2, max=40),
            Param("basis", str, "bunker",
                  "weight basis of the national harvest compared with the claims: bunker (ministry weight, like "
                  "the claimed figures), clean (BNS, after processing) or as_reported (each year's highest "
                  "published figure, bases mixed)",
                  choices=("clean", "bunker", "as_reported")),
            Param("source", str, "national", "harvest series used for the record test (fao = FAOSTAT cereals, "
                  "ends 2023)", choices=("national", "fao")),
        ),
        raw_inputs=_COMMON_RAW + ("grain.csv", "targets.csv", "claims.csv"),
        processed_inputs=("observations_grain.csv", "claims_grain.csv",),
        outputs=("data/processed/grain.csv",)
        + _figs("04_grain"),
    ),
    NotebookSpec(
        name="05_minimum_wage",
        title="Minimum wage",
        question="Did the minimum wage double, in real terms as well as nominal, and how big is its bite?",
        params=(
            Param("base_year", int, 2019, "base year for the real (CPI-deflated) minimum wage", min=2000, max=2025),
            Param("end_year", int, 2025, "last year of the charts", min=2000, max=2030),
            Param("deflator", str, "cpi_average", "price index used to deflate",
                  choices=("cpi_average", "cpi_december")),
            Param("comparator", str, "median_wage", "wage the minimum wage is compared with (Kaitz index)",
                  choices=("average_wage", "median_wage")),
        ),
        raw_inputs=_COMMON_RAW + ("minimum_wage.csv", "gdp.csv", "targets.csv", "claims.csv"),
        processed_inputs=("observations_minimum_wage.csv", "claims_minimum_wage.csv", "observations_gdp.csv",
                          "targets_progress.csv"),
        outputs=("data/processed/minimum_wage.csv",)
        + _figs("05_minimum_wage"),
        ordered=(("base_year", "end_year"),),
    ),
    NotebookSpec(
        name="06_documents",
        title="The rest of the documents",
        question="Beyond the five headline series, how many of the documents' numbers hold up against the statistics?",
        params=(
            Param("theme", str, "all", "theme whose statements are charted and listed ('all': every theme)",
                  choices=("all",) + tuple(THEMES)),
        ),
        raw_inputs=_COMMON_RAW + ("other.csv", "claims.csv"),
        processed_inputs=("observations_other.csv", "claims_other.csv", "statements_checked.csv"),
        outputs=_figs("06_documents"),
    ),
    NotebookSpec(
        name="07_scorecard",
        title="Scorecard",
        question="Which official statements do the data support, and by how much do the others miss?",
        params=(
            Param("deviation_clip_pct", float, 60.0,
                  "deviations beyond ± this (%) are drawn at the edge of the scorecard's first figure with their value printed",
                  min=10.0, max=500.0),
        ),
        raw_inputs=_COMMON_RAW + ("claims.csv",),
        processed_inputs=("claims_registry.csv", "claims_checked.csv", "claims_other.csv", "targets_progress.csv",
                          "statements_checked.csv", "verdict_history.csv"),
        outputs=_figs("07_scorecard"),
    ),
)

BY_NAME = {spec.name: spec for spec in REGISTRY}


def get(name: str) -> NotebookSpec:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"unknown notebook {name!r}; known notebooks: {', '.join(BY_NAME)}"
        ) from None


def producers() -> dict[str, str]:
    """Map each processed file name to the notebook that writes it."""
    out = {}
    for spec in REGISTRY:
        for o in spec.outputs:
            if o.startswith("data/processed/"):
                out[o.removeprefix("data/processed/")] = spec.name
    return out


def chapter(name: str) -> int:
    """The chapter number of a notebook, from the registry's order, never from its file name: 0 for the notebooks
    everything else reads (they depend on none), then 1, 2, ... in registry order. A series added before the
    scorecard in the registry takes its place and its number there; the notebooks after it move up by one."""
    get(name)  # an unknown notebook raises, naming the known ones
    if not dependencies(name):
        return 0
    dependent = [s.name for s in REGISTRY if dependencies(s.name)]
    return 1 + dependent.index(name)


def figure_number(spec: figure_specs.FigureSpec) -> str:
    """"Figure c.k": the chapter from the registry, k the figure's place in its notebook's list (figures.yaml)."""
    return f"Figure {chapter(spec.notebook)}.{spec.index}"


def dependencies(name: str) -> tuple[str, ...]:
    """Notebooks whose processed outputs ``name`` reads, in registry order."""
    prod = producers()
    deps = {prod[f] for f in get(name).processed_inputs if f in prod}
    return tuple(s.name for s in REGISTRY if s.name in deps)


def with_dependencies(names: list[str]) -> list[str]:
    """``names`` plus everything they depend on, transitively, in registry order."""
    wanted: set[str] = set()
    stack = list(names)
    while stack:
        n = stack.pop()
        if n not in wanted:
            wanted.add(n)
            stack.extend(dependencies(n))
    return [s.name for s in REGISTRY if s.name in wanted]


def dependants(name: str) -> list[str]:
    """Notebooks that depend on ``name``, transitively."""
    return [s.name for s in REGISTRY if s.name != name and name in with_dependencies([s.name])]
