"""Getting the publishers' responses: from the network, or from a folder of replayed responses.

One function, :func:`get`, returns the body of one query. Live, it uses a ``requests`` session, cached for a
day by ``requests-cache`` (so re-running a refresh, or a dry run followed by the real one, asks the
publisher once); with ``record=DIR`` it also writes each body to DIR under the name :func:`fixture_name`
gives, with a ``_provenance`` note. With ``replay=DIR`` it reads the body from DIR and opens no connection.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from . import catalog
from .catalog import Series

WDI_BASE = "https://api.worldbank.org/v2"
DBNOMICS_BASE = "https://api.db.nomics.world/v22"
FAOSTAT_BASE = "https://faostatservices.fao.org/api/v1/en"
FAOSTAT_DATASETS = "https://bulks-faostat.fao.org/production/datasets_E.json"
TIMEOUT_S = 60


class FetchError(RuntimeError):
    """A query that failed; the message names the publisher and the series."""


# ------------------------------------------------------------------ queries
def wdi_url(s: Series) -> str:
    q = urlencode({"format": "json", "per_page": 200, "date": "1990:2100"})
    return f"{WDI_BASE}/country/{catalog.COUNTRY_ISO3}/indicator/{s.code}?{q}"


def weo_url(s: Series, edition: str) -> str:
    return (f"{DBNOMICS_BASE}/series/IMF/WEO:{edition}/{catalog.COUNTRY_ISO3}.{s.code}.{s.expect_unit}"
            "?observations=1&format=json")


def faostat_url() -> str:
    q = urlencode({"area": catalog.FAO_AREA, "area_cs": "FAO", "item": catalog.FAO_ITEM, "item_cs": "FAO",
                   "element": ",".join(s.element for s in catalog.FAOSTAT), "element_cs": "FAO",
                   "show_codes": "true", "show_unit": "true", "show_flags": "true", "show_notes": "true",
                   "null_values": "false", "output_type": "csv"})
    return f"{FAOSTAT_BASE}/data/QCL?{q}"


def fixture_name(publisher: str, key: str) -> str:
    """The file a response is replayed from: ``wdi/NY.GDP.MKTP.CD.json``, ``weo/2026-10/NGDPD.json``,
    ``faostat/QCL.csv``, ``faostat/datasets.json``."""
    return {"wdi": f"wdi/{key}.json", "weo": f"weo/{key}.json", "faostat": f"faostat/{key}"}[publisher]


# ------------------------------------------------------------------ getting
class Client:
    """Live (optionally recording) or replaying."""

    def __init__(self, replay: Path | None = None, record: Path | None = None, cache: Path | None = None):
        self.replay, self.record, self.cache = replay, record, cache
        self.accessed = date.today().isoformat()
        self._session = None

    def session(self):
        if self._session is None:
            import requests_cache

            self._session = requests_cache.CachedSession(
                str(self.cache or Path.home() / ".cache" / "kzseries-refresh"), backend="sqlite",
                expire_after=86400, allowable_codes=(200,))
            self._session.headers["User-Agent"] = "kzseries-refresh/0.1 (python-requests; reproducible analysis of Kazakhstan series)"
        return self._session

    def editions(self) -> list[str] | None:
        """WEO editions held in the replay folder (None when live)."""
        if self.replay is None:
            return None
        d = self.replay / "weo"
        return sorted(p.name for p in d.iterdir() if p.is_dir()) if d.is_dir() else []

    def get(self, who: str, publisher: str, key: str, url: str, missing_ok: bool = False) -> str | None:
        """The body of ``url`` (text); ``who`` names publisher and series in an error."""
        if self.replay is not None:
            path = self.replay / fixture_name(publisher, key)
            if not path.exists():
                if missing_ok:
                    return None
                raise FetchError(f"{who}: no replayed response {path} (for {url})")
            body = path.read_text(encoding="utf-8")
            if body.startswith("HTTP "):  # a replayed failure: "HTTP 503 Service Unavailable"
                raise FetchError(f"{who}: {body.splitlines()[0]} from {url}")
            if body.startswith("TIMEOUT"):
                raise FetchError(f"{who}: no answer within {TIMEOUT_S} s from {url}")
            return body
        import requests

        try:
            r = self.session().get(url, timeout=TIMEOUT_S)
        except requests.Timeout:
            raise FetchError(f"{who}: no answer within {TIMEOUT_S} s from {url}") from None
        except requests.RequestException as e:
            raise FetchError(f"{who}: {type(e).__name__} for {url}") from None
        if r.status_code == 404 and missing_ok:
            return None
        if r.status_code != 200:
            raise FetchError(f"{who}: HTTP {r.status_code} {r.reason} from {url}")
        body = r.text
        if self.record is not None:
            self._write(publisher, key, url, body)
        return body

    def _write(self, publisher: str, key: str, url: str, body: str) -> None:
        path = self.record / fixture_name(publisher, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        note = {"recorded": True, "url": url, "accessed": self.accessed}
        try:
            doc = json.loads(body)
        except ValueError:
            path.write_text(body, encoding="utf-8")  # CSV: kept as received
            return
        if isinstance(doc, list) and doc and isinstance(doc[0], dict):
            doc[0]["_provenance"] = note
        elif isinstance(doc, dict):
            doc["_provenance"] = note
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
