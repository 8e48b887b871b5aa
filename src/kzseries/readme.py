"""Generated sections of README.md: ``python -m kzseries.readme [--check]``.

The parameter tables come from the registry, the dataset list from the raw
files, their schemas and ``sources.csv``, and the figure table from the
captions in the executed notebooks. ``--check`` (and the test suite) fails if
the README has drifted from them.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from . import data, paths, registry

FILE_CONTENT = {
    "indicators.csv": "Indicator catalogue: series, title, standard unit, definition",
    "units.csv": "Units allowed for each indicator and the factor to its standard unit",
    "sources.csv": "One row per cited source: publisher, title, URL, publication and access dates, licence, notes, and what the publication date is (published_is: page, release, snapshot, law or unknown)",
    "plausibility.csv": "Plausibility limits per indicator, in its standard unit: range, maximum ratio to the neighbouring years and to other sources for the same period",
    "plausibility_overrides.csv": "Values outside those limits accepted deliberately: file, indicator, period, source_id and the reason",
    "gdp.csv": "GDP in USD and KZT, real growth, per capita, population (World Bank and national), CPI, USD/KZT; IMF projections flagged as forecasts",
    "fdi.csv": "Gross FDI inflow (NBK), net FDI inflow (World Bank, NBK, UNCTAD), half-years, sectors, cumulative statements, stocks",
    "housing.csv": "Housing area and dwellings commissioned, individual houses, housing investment; first releases and revisions",
    "grain.csv": "Grain harvest with weight basis, FAOSTAT cereals, area, yield, 2025 campaign running totals, wheat, exports",
    "minimum_wage.csv": "Minimum wage (with effective dates and laws in notes), average and median wage, MCI, subsistence minimum",
    "targets.csv": "Official targets, plans and forecasts for the headline series, with who stated them and when",
    "claims.csv": "Registry of the numeric claims in the documents: the measure, periods, readings and rule each is checked with",
}


def _content(name: str) -> str:
    """What a raw file holds: the curated description, or (a new series file) its indicators' titles."""
    if name in FILE_CONTENT:
        return FILE_CONTENT[name]
    ind = data.read_text_table(paths.RAW_DIR / "indicators.csv")
    titles = ind.loc[ind["series"] == name.removesuffix(".csv"), "title"]
    return "; ".join(titles) or "(describe it in kzseries.readme.FILE_CONTENT)"


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def params_section() -> str:
    out = []
    for spec in registry.REGISTRY:
        out.append(f"**{spec.name}** ({spec.title}): {spec.question}\n")
        out.append("| parameter | default | allowed | meaning |\n|---|---|---|---|")
        for p in spec.params:
            out.append(f"| `{p.name}` | `{p.default!r}` | {_md_escape(p.allowed())} | {_md_escape(p.help)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def datasets_section() -> str:
    sources = data.load("sources.csv")
    pub = dict(zip(sources["source_id"], sources["publisher"]))
    out = ["| data file | content | rows | sources cited | main publishers |", "|---|---|---|---|---|"]
    for name in data.DATA_FILES:
        df = data.read_text_table(paths.RAW_DIR / name)
        if "source_id" in df and name != "sources.csv":
            ids = df["source_id"]
            groups = Counter(re.sub(r"\s*\(.*", "", pub[i]) for i in ids)
            top = "; ".join(f"{p} ({n})" for p, n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
            n_src = str(ids.nunique())
        else:
            top, n_src = "–", "–"
        out.append(f"| `data/raw/{name}` | {_md_escape(_content(name))} | {len(df)} | {n_src} | {_md_escape(top)} |")
    return "\n".join(out) + "\n"


def availability_section() -> str:
    sources = data.load("sources.csv")
    files = sum("github.com" in u for u in sources["url"])
    accessed = ", ".join(sorted(set(sources["accessed"])))
    return (f"{len(sources)} sources are cited in `data/raw/sources.csv`: {len(sources) - files} web pages "
            f"(official releases and statements, and news reports relaying them) and {files} stored data files "
            f"(mirrors of WDI, IMF WEO, FAOSTAT and BNS tables, cited with their commit); accessed {accessed}.\n")


CAPTION = re.compile(r'<p class="kz-caption" id="([^"]+)"><b>([^<]+)\.</b> (.*?)<br>', re.S)


def figures_section() -> str:
    """The figure table, from the declarations in narrative/figures.yaml (numbers in reading order)."""
    from . import figure_specs

    out = ["| figure | notebook | file | what it shows |", "|---|---|---|---|"]
    for f in figure_specs.all_specs():
        out.append(f"| {registry.figure_number(f)} | `notebooks/{f.notebook}.ipynb` | `figures/{f.stem}.png` (+ `.svg`) | "
                   f"{_md_escape(f.title)} |")
    return "\n".join(out) + "\n"


SECTIONS = {"params": params_section, "datasets": datasets_section, "availability": availability_section,
            "figures": figures_section}


def render(text: str) -> str:
    for key, fn in SECTIONS.items():
        begin, end = f"<!-- BEGIN generated:{key} -->", f"<!-- END generated:{key} -->"
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise ValueError(f"README.md lacks the markers for the generated section {key!r}")
        text = pattern.sub(lambda m: f"{begin}\n{fn()}{end}", text)
    return text


def main(argv: list[str]) -> int:
    readme = paths.REPO_ROOT / "README.md"
    current = readme.read_text(encoding="utf-8")
    new = render(current)
    if argv == ["--check"]:
        if new != current:
            print("README.md is out of date: run `python -m kzseries.readme`", file=sys.stderr)
            return 1
        print("README.md generated sections are up to date")
        return 0
    readme.write_text(new, encoding="utf-8")
    print("README.md generated sections updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
