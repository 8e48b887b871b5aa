"""Reading each publisher's documented response format into :class:`Release` objects.

* World Bank API v2 (``/country/KAZ/indicator/<code>?format=json``): a two-element JSON array, the page
  header (with ``lastupdated``, the WDI release date) and the observations (``countryiso3code``, ``date``,
  ``value``, the indicator's name carrying its unit in brackets).
* DBnomics API v22 (``/series/IMF/WEO:<edition>/KAZ.<subject>.<unit>``): ``series.docs[0]`` with
  ``dimensions`` (``weo-country``, ``weo-subject``, ``unit``) and parallel ``period`` / ``value`` arrays
  (``"NA"`` where the WEO has no value). The edition is the dataset, so it is the release date.
* FAOSTAT (``/data/QCL?...&output_type=csv``): one CSV row per area, item, element and year with ``Unit``
  and ``Value``; the release date is the ``DateUpdate`` of QCL in FAOSTAT's dataset list (``datasets_E.json``).

Anything else (another country, another unit, a value that is not a number, a body that is not the format)
raises :class:`~kzseries.refresh.fetch.FetchError` naming the publisher and the series.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field

from . import catalog
from .catalog import Series
from .fetch import Client, FetchError, faostat_url, wdi_url, weo_url


@dataclass
class Release:
    series: Series
    release: str                 # YYYY-MM-DD (WDI, FAOSTAT) or YYYY-MM (WEO edition)
    url: str
    accessed: str
    values: dict[int, tuple[float, str]] = field(default_factory=dict)   # year -> (value in series.unit, status)
    missing: list[int] = field(default_factory=list)                     # years the publisher left empty
    edition: str = ""
    recorded: bool = True


def _json(who: str, body: str):
    try:
        return json.loads(body)
    except ValueError as e:
        raise FetchError(f"{who}: malformed JSON ({e.msg} at line {e.lineno})") from None


def _number(who: str, year, v) -> float | None:
    if v is None or v == "NA" or v == "":
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise FetchError(f"{who}: value {v!r} for {year} is not a number") from None
    if not math.isfinite(x):
        raise FetchError(f"{who}: value {v!r} for {year} is not a finite number")
    return x


def _provenance(doc) -> dict:
    head = doc[0] if isinstance(doc, list) and doc and isinstance(doc[0], dict) else doc
    return head.get("_provenance", {}) if isinstance(head, dict) else {}


def _year(who: str, text) -> int:
    if not re.fullmatch(r"\d{4}", str(text)):
        raise FetchError(f"{who}: period {text!r} is not a year")
    return int(text)


# -------------------------------------------------------------------- WDI
def wdi(client: Client, s: Series) -> Release:
    who, url = catalog.name(s), wdi_url(s)
    doc = _json(who, client.get(who, "wdi", s.code, url))
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "message" in doc[0]:
        msg = "; ".join(m.get("value", "") for m in doc[0]["message"] if isinstance(m, dict))
        raise FetchError(f"{who}: the World Bank API refused the query: {msg or doc[0]['message']}")
    if not (isinstance(doc, list) and len(doc) == 2 and isinstance(doc[0], dict) and isinstance(doc[1], list)):
        raise FetchError(f"{who}: malformed JSON (not the API's [page header, observations] array)")
    head, obs = doc
    if int(head.get("pages", 1) or 1) > 1:
        raise FetchError(f"{who}: the answer has {head['pages']} pages; raise per_page")
    released = str(head.get("lastupdated", ""))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", released):
        raise FetchError(f"{who}: no 'lastupdated' release date in the page header")
    prov = _provenance(doc)
    rel = Release(s, released, url, prov.get("accessed", client.accessed), recorded=prov.get("recorded", True))
    for o in obs:
        try:
            country, code, name, year, value = (o["countryiso3code"], o["indicator"]["id"], o["indicator"]["value"],
                                                o["date"], o["value"])
        except (KeyError, TypeError):
            raise FetchError(f"{who}: malformed JSON (an observation lacks countryiso3code, indicator, date "
                             "or value)") from None
        if country != catalog.COUNTRY_ISO3:
            raise FetchError(f"{who}: unknown country code {country!r} in the answer (expected "
                             f"{catalog.COUNTRY_ISO3})")
        if code != s.code:
            raise FetchError(f"{who}: the answer is for indicator {code!r}")
        m = re.search(r"\(([^()]*)\)\s*$", name or "")
        unit = m.group(1) if m else ""
        if unit != s.expect_unit:
            raise FetchError(f"{who}: unit changed: the publisher now gives {unit or 'no unit'!r} "
                             f"({name!r}), expected {s.expect_unit or 'no unit'!r}")
        y = _year(who, year)
        x = _number(who, y, value)
        if x is None:
            rel.missing.append(y)
        else:
            rel.values[y] = (x * s.scale, "final")
    return rel


# -------------------------------------------------------------------- WEO
def weo_status(year: int, edition: str) -> str:
    """WEO rows: years from the edition's year on are projections; in an April edition the year before is
    still an estimate; earlier years are outcomes (``final``), as the curated WEO rows record them."""
    ey, em = int(edition[:4]), int(edition[5:7])
    if year >= ey:
        return "forecast"
    if year == ey - 1 and em < 7:
        return "estimate"
    return "final"


def weo(client: Client, s: Series, edition: str) -> Release | None:
    """One WEO edition's series (None when the edition is not published yet)."""
    who, url = f"{catalog.name(s)}, edition {edition}", weo_url(s, edition)
    body = client.get(who, "weo", f"{edition}/{s.code}", url, missing_ok=True)
    if body is None:
        return None
    doc = _json(who, body)
    try:
        d = doc["series"]["docs"][0]
        dims, periods, values = d["dimensions"], d["period"], d["value"]
    except (KeyError, IndexError, TypeError):
        raise FetchError(f"{who}: malformed JSON (no series.docs[0] with dimensions, period and value)") from None
    if dims.get("weo-country") != catalog.COUNTRY_ISO3:
        raise FetchError(f"{who}: unknown country code {dims.get('weo-country')!r} in the answer "
                         f"(expected {catalog.COUNTRY_ISO3})")
    if dims.get("weo-subject") != s.code:
        raise FetchError(f"{who}: the answer is for subject {dims.get('weo-subject')!r}")
    if dims.get("unit") != s.expect_unit:
        raise FetchError(f"{who}: unit changed: the publisher now gives {dims.get('unit')!r}, expected "
                         f"{s.expect_unit!r}")
    if len(periods) != len(values):
        raise FetchError(f"{who}: malformed JSON ({len(periods)} periods but {len(values)} values)")
    prov = _provenance(doc)
    rel = Release(s, edition, url, prov.get("accessed", client.accessed), edition=edition,
                  recorded=prov.get("recorded", True))
    for p, v in zip(periods, values):
        y = _year(who, p)
        if y < 1990:
            continue
        x = _number(who, y, v)
        if x is None:
            rel.missing.append(y)
        else:
            rel.values[y] = (x * s.scale, weo_status(y, edition))
    return rel


def weo_editions(client: Client, held: str) -> list[str]:
    """The editions to ask for: replayed ones, or (live) each April and October edition after ``held``
    up to today (an edition DBnomics does not have yet answers 404 and is skipped)."""
    replayed = client.editions()
    if replayed is not None:
        return [e for e in replayed if e > held]
    y, m = int(client.accessed[:4]), int(client.accessed[5:7])
    out = []
    for year in range(int(held[:4]), y + 1):
        for month in ("04", "10"):
            e = f"{year}-{month}"
            if e > held and (year, int(month)) <= (y, m):
                out.append(e)
    return out


# ----------------------------------------------------------------- FAOSTAT
FAO_COLUMNS = ("Area Code", "Element Code", "Item Code", "Year", "Unit", "Value")


def faostat_release(client: Client) -> tuple[str, dict]:
    who = "FAOSTAT QCL (dataset list)"
    doc = _json(who, client.get(who, "faostat", "datasets.json", "https://bulks-faostat.fao.org/production/datasets_E.json"))
    try:
        rows = doc["Datasets"]["Dataset"]
        qcl = next(r for r in rows if r.get("DatasetCode") == "QCL")
    except (KeyError, TypeError, StopIteration):
        raise FetchError(f"{who}: malformed JSON (no Datasets.Dataset entry with DatasetCode QCL)") from None
    released = str(qcl.get("DateUpdate", ""))[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", released):
        raise FetchError(f"{who}: no DateUpdate for QCL")
    return released, _provenance(doc)


def faostat(client: Client) -> list[Release]:
    released, prov = faostat_release(client)
    url = faostat_url()
    who = f"FAOSTAT QCL (item {catalog.FAO_ITEM}, elements {', '.join(s.code for s in catalog.FAOSTAT)})"
    body = client.get(who, "faostat", "QCL.csv", url)
    try:
        rows = list(csv.DictReader(io.StringIO(body), strict=True))
    except csv.Error as e:
        raise FetchError(f"{who}: malformed CSV ({e})") from None
    if not rows or any(c not in rows[0] for c in FAO_COLUMNS) or any(None in r for r in rows):
        raise FetchError(f"{who}: malformed CSV (expected the columns {', '.join(FAO_COLUMNS)}, one value each)")
    by_element = {s.code: s for s in catalog.FAOSTAT}
    out = {s.code: Release(s, released, url, prov.get("accessed", client.accessed),
                           recorded=prov.get("recorded", True)) for s in catalog.FAOSTAT}
    constructed = any("constructed" in (r.get("Note") or "") for r in rows)
    for r in rows:
        s = by_element.get(r["Element Code"])
        if s is None or r["Item Code"] != catalog.FAO_ITEM:
            continue
        swho = catalog.name(s)
        if r["Area Code"] != catalog.FAO_AREA:
            raise FetchError(f"{swho}: unknown country code {r['Area Code']!r} in the answer "
                             f"(expected area {catalog.FAO_AREA}, Kazakhstan)")
        if r["Unit"] != s.expect_unit:
            raise FetchError(f"{swho}: unit changed: the publisher now gives {r['Unit']!r}, expected "
                             f"{s.expect_unit!r}")
        y = _year(swho, r["Year"])
        x = _number(swho, y, r["Value"])
        if x is None:
            out[s.code].missing.append(y)
        else:
            out[s.code].values[y] = (x * s.scale, "final")
    for rel in out.values():
        rel.recorded = rel.recorded and not constructed
    return list(out.values())
