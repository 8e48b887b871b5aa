"""``python -m kzseries.refresh``: offline, from the constructed replay fixtures in tests/fixtures/refresh.

Every test drives the command line (``kzseries.refresh.cli.main`` with an argv, or ``python -m`` in a
subprocess) on a private copy of data/raw, with network sockets refused (pytest-socket), and checks the files
with the csv module, not with the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import pytest_socket
import requests  # imported before sockets are refused: urllib3 probes for IPv6 when imported

from conftest import ROOT

from kzseries.refresh import cli

FIXTURES = ROOT / "tests" / "fixtures" / "refresh"
TODAY = "2026-12-02"


@pytest.fixture(autouse=True)
def no_network():
    pytest_socket.disable_socket(allow_unix_socket=True)
    yield
    pytest_socket.enable_socket()


@pytest.fixture()
def raw(tmp_path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", dest)
    return dest


@pytest.fixture()
def replay(tmp_path) -> Path:
    dest = tmp_path / "replay"
    shutil.copytree(FIXTURES, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def rows(path: Path, **match: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in match.items())]


def refresh(capsys, *args) -> tuple[int, str, str]:
    rc = cli.main([*map(str, args), "--today", TODAY])
    out, err = capsys.readouterr()
    return rc, out, err


# ------------------------------------------------------------------------------ the fixtures themselves
def test_fixtures_are_marked_constructed_and_follow_the_formats():
    for path in sorted(FIXTURES.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        head = doc[0] if isinstance(doc, list) else doc
        assert head["_provenance"]["recorded"] is False and "CONSTRUCTED" in head["_provenance"]["note"], path
    wdi = json.loads((FIXTURES / "wdi" / "NY.GDP.MKTP.CD.json").read_text())
    assert isinstance(wdi, list) and len(wdi) == 2 and wdi[0]["lastupdated"] == "2026-10-15"
    assert {o["countryiso3code"] for o in wdi[1]} == {"KAZ"}
    weo = json.loads((FIXTURES / "weo" / "2026-10" / "NGDPD.json").read_text())
    assert weo["series"]["docs"][0]["series_code"] == "KAZ.NGDPD.us_dollars"
    with (FIXTURES / "faostat" / "QCL.csv").open(encoding="utf-8", newline="") as f:
        fao = list(csv.DictReader(f))
    assert fao and all("CONSTRUCTED" in r["Note"] for r in fao)
    # the values come from the curated rows: WDI GDP 2024 is the one in data/raw (wb-719b00)
    held = rows(ROOT / "data" / "raw" / "gdp.csv", indicator="gdp_usd_current", period="2024", source_id="wb-719b00")
    assert [o["value"] for o in wdi[1] if o["date"] == "2024"] == [float(held[0]["value"])]


# ------------------------------------------------------------------------------ done when
def test_dry_run_on_the_checkout_prints_changes_and_writes_nothing():
    """The issue's command, as a user types it, in a process whose sockets are refused."""
    before = digest(ROOT / "data" / "raw")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "nosocket"), str(ROOT / "src")])}
    r = subprocess.run([sys.executable, "-m", "kzseries.refresh", "--replay", "tests/fixtures/refresh", "--dry-run",
                        "--today", TODAY], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "dry run, nothing written" in out
    assert "Net FDI inflow (USD) 2025: -861.10 mn" in out                      # a new value
    assert "GDP (USD) 2025: 306.2 bn → 300.5 bn (-1.9%" in out                  # a revision, in %
    assert "GDP (USD bn, WEO) 2025: 302.7 → 306.2 (+1.2%; estimate → final" in out
    assert "target gdp-usd-current-2029: on track → off track" in out           # a verdict that would change
    assert "BNS housing_commissioned_m2 (housing.csv): latest period 2025-01/2025-08" in out  # stale national
    assert "run_all.py" not in out
    assert digest(ROOT / "data" / "raw") == before


def test_refresh_adds_new_rows_and_sources_then_a_second_refresh_adds_nothing(capsys, raw):
    rc, out, err = refresh(capsys, "--replay", FIXTURES, "--raw-dir", raw)
    assert rc == 0, err
    assert "Now run `python run_all.py`" in out
    new = rows(raw / "gdp.csv", indicator="gdp_usd_current", period="2025", source_id="wb-719b00.2026-10-15")
    assert [(r["value"], r["unit"], r["published"], r["status"]) for r in new] == \
        [("300540000000", "USD", "2026-10-15", "final")]
    # the old vintage is still there, unedited
    assert rows(raw / "gdp.csv", indicator="gdp_usd_current", period="2025", source_id="wb-719b00")[0]["value"] \
        == "306239209650.024"
    # unchanged values were not added: only 2025 of WDI GDP is new
    assert len(rows(raw / "gdp.csv", source_id="wb-719b00.2026-10-15")) == 1
    src = rows(raw / "sources.csv", source_id="wb-719b00.2026-10-15")[0]
    assert src["url"].startswith("https://api.worldbank.org/v2/country/KAZ/indicator/NY.GDP.MKTP.CD?")
    assert src["published"] == "2026-10-15" and src["accessed"] == "2026-12-01"
    assert src["publisher"] == "World Bank (World Development Indicators)"
    assert rows(raw / "gdp.csv", source_id="imf-d77a71.2026-10", period="2025")[0]["published"] == "2026-10"
    assert len(rows(raw / "grain.csv", source_id="fao-b63442.2026-03-20")) == 1
    # the manifest was updated: every file validates and matches its recorded checksum
    from kzseries import data

    data.validate_all(raw)
    manifest = (raw / "MANIFEST.sha256").read_text()
    assert hashlib.sha256((raw / "gdp.csv").read_bytes()).hexdigest() + "  gdp.csv" in manifest
    after = digest(raw)
    rc, out, err = refresh(capsys, "--replay", FIXTURES, "--raw-dir", raw)
    assert rc == 0, err
    assert "0 new rows" in out and "Nothing new: data/raw is unchanged." in out
    assert digest(raw) == after


# ------------------------------------------------------------------------------ bad input
def _edit_json(path: Path, fn) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _wdi_gdp_2024(doc, value):
    for o in doc[1]:
        if o["date"] == "2024":
            o["value"] = value


BAD = {
    "http_error": (lambda d: (d / "wdi" / "NY.GDP.MKTP.CD.json").write_text("HTTP 503 Service Unavailable\n"),
                   "World Bank WDI NY.GDP.MKTP.CD: HTTP 503"),
    "timeout": (lambda d: (d / "weo" / "2026-10" / "NGDPD.json").write_text("TIMEOUT\n"),
                "IMF WEO NGDPD, edition 2026-10: no answer within"),
    "malformed_json": (lambda d: (d / "wdi" / "SP.POP.TOTL.json").write_text('[{"page": 1}, [{"date": "20'),
                       "World Bank WDI SP.POP.TOTL: malformed JSON"),
    "malformed_csv": (lambda d: (d / "faostat" / "QCL.csv").write_text(
        'Area Code,Element Code,Item Code,Year,Unit,Value\n108,5510,1717,2024,t,"25204819\n'),
        "FAOSTAT QCL (item 1717, elements 5510, 5312, 5412): malformed CSV"),
    "implausible": (lambda d: _edit_json(d / "wdi" / "NY.GDP.MKTP.CD.json", lambda doc: _wdi_gdp_2024(doc, 2.9e14)),
                    "World Bank WDI NY.GDP.MKTP.CD, release 2026-10-15:"),
    "changed_unit": (lambda d: (d / "faostat" / "QCL.csv").write_text(
        (FIXTURES / "faostat" / "QCL.csv").read_text(encoding="utf-8").replace(",kg/ha,", ",hg/ha,")),
        "FAOSTAT QCL 5412 (item 1717): unit changed: the publisher now gives 'hg/ha'"),
    "unknown_country": (lambda d: _edit_json(d / "wdi" / "FP.CPI.TOTL.ZG.json",
                                             lambda doc: doc[1][0].update(countryiso3code="KGZ")),
                        "World Bank WDI FP.CPI.TOTL.ZG: unknown country code 'KGZ'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(capsys, raw, replay, case):
    spoil, expected = BAD[case]
    spoil(replay)
    before = digest(raw)
    rc, out, err = refresh(capsys, "--replay", replay, "--raw-dir", raw)
    assert rc == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("refresh failed, nothing written: ") and expected in lines[0], lines[0]
    assert out == ""
    assert digest(raw) == before


def test_implausible_value_is_explained(capsys, raw, replay):
    BAD["implausible"][0](replay)
    rc, _, err = refresh(capsys, "--replay", replay, "--raw-dir", raw)
    assert rc == 1 and "gdp_usd_current 2024" in err and "implausible" in err and "outside the expected range" in err


def test_partial_response_adds_what_it_has_and_says_what_is_missing(capsys, raw, replay):
    def drop_2023(doc):
        s = doc["series"]["docs"][0]
        s["value"][s["period"].index("2023")] = "NA"
        s["value"][s["period"].index("2025")] = 310.0   # and a revision, so something is added

    _edit_json(replay / "weo" / "2026-10" / "NGDPD.json", drop_2023)
    rc, out, err = refresh(capsys, "--replay", replay, "--raw-dir", raw, "--only", "weo", "--dry-run")
    assert rc == 0, err
    assert "missing: IMF WEO NGDPD, release 2026-10 has no value for 2023; the previous vintage stays in use" in out
    assert "GDP (USD bn, WEO) 2025: 302.7 → 310 (+2.4%" in out
    rc, out, err = refresh(capsys, "--replay", replay, "--raw-dir", raw, "--only", "weo")
    assert rc == 0, err
    added = rows(raw / "gdp.csv", source_id="imf-d77a71.2026-10")
    assert {r["period"] for r in added} == {"2025"} and added[0]["value"] == "310"


def test_dry_run_writes_nothing_even_with_changes(capsys, raw):
    before = digest(raw)
    rc, out, _ = refresh(capsys, "--replay", FIXTURES, "--raw-dir", raw, "--only", "wdi", "--dry-run")
    assert rc == 0 and "Net FDI inflow (USD) 2025" in out and "Verdicts that would change (1)" in out
    assert digest(raw) == before


def test_stale_national_series_depend_on_the_date(capsys, raw):
    stale = "NBK fdi_gross_inflow_usd (fdi.csv): latest period 2022"
    rc, out, _ = refresh(capsys, "--replay", FIXTURES, "--raw-dir", raw, "--only", "faostat", "--dry-run")
    assert rc == 0 and stale in out
    rc = cli.main(["--replay", str(FIXTURES), "--raw-dir", str(raw), "--only", "faostat", "--dry-run",
                   "--today", "2023-03-01"])
    out, _ = capsys.readouterr()
    assert rc == 0 and stale not in out


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_replay_never_opens_a_socket():
    import socket

    with pytest.raises(pytest_socket.SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# ------------------------------------------------------------------------------ the scheduled workflow
def test_workflow_is_valid_and_opens_a_pull_request_with_the_dry_run_summary():
    wf = ROOT / ".github" / "workflows" / "refresh.yml"
    exe = Path(sys.executable).parent / "check-jsonschema"
    r = subprocess.run([str(exe), "--builtin-schema", "vendor.github-workflows", str(wf)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    import yaml

    doc = yaml.safe_load(wf.read_text(encoding="utf-8"))
    assert doc[True]["schedule"][0]["cron"].split()[4] == "1"   # weekly (PyYAML reads the key `on` as True)
    steps = "\n".join(str(s.get("run", "")) for s in doc["jobs"]["refresh"]["steps"])
    assert "kzseries.refresh --dry-run" in steps and "gh pr create" in steps and "refresh-summary.txt" in steps


# ------------------------------------------------------------------------------ live path, without a network
class _Publishers:
    """A requests transport adapter answering the publishers' URLs from a folder (no socket is opened)."""

    def __init__(self, folder: Path, fail: dict[str, int] | None = None):
        self.folder, self.fail, self.urls = folder, fail or {}, []

    def adapter(self):

        outer = self

        class Adapter(requests.adapters.BaseAdapter):
            def send(self, request, **kwargs):
                outer.urls.append(request.url)
                u = urlparse(request.url)
                if u.netloc == "api.worldbank.org":
                    rel = f"wdi/{u.path.rsplit('/', 1)[1]}.json"
                elif u.netloc == "api.db.nomics.world":
                    dataset, series = u.path.split("/")[-2:]
                    rel = f"weo/{dataset.split(':')[1]}/{series.split('.')[1]}.json"
                elif u.netloc == "bulks-faostat.fao.org":
                    rel = "faostat/datasets.json"
                else:
                    rel = "faostat/QCL.csv"
                r = requests.Response()
                r.url, r.request = request.url, request
                path = outer.folder / rel
                code = outer.fail.get(rel, 200 if path.exists() else 404)
                r.status_code, r.reason = code, {200: "OK", 404: "Not Found", 500: "Internal Server Error"}[code]
                r._content = path.read_bytes() if code == 200 else b"{}"
                r.encoding = "utf-8"
                return r

            def close(self):
                pass

        return Adapter()


def _live(monkeypatch, publishers: _Publishers):

    from kzseries.refresh import fetch

    def session(self):
        s = requests.Session()
        s.mount("https://", publishers.adapter())
        return s

    monkeypatch.setattr(fetch.Client, "session", session)


def test_record_writes_replayable_responses(monkeypatch, capsys, raw, tmp_path):
    pubs = _Publishers(FIXTURES)
    _live(monkeypatch, pubs)
    rec = tmp_path / "recorded"
    rc, live_out, err = refresh(capsys, "--record", rec, "--raw-dir", raw, "--dry-run")
    assert rc == 0, err
    assert any(u.startswith("https://api.worldbank.org/v2/country/KAZ/indicator/NY.GDP.MKTP.CD?") for u in pubs.urls)
    assert any("/series/IMF/WEO:2026-10/KAZ.NGDPD.us_dollars" in u for u in pubs.urls)
    doc = json.loads((rec / "wdi" / "NY.GDP.MKTP.CD.json").read_text())
    assert doc[0]["_provenance"]["recorded"] is True
    assert doc[0]["_provenance"]["accessed"] == __import__("datetime").date.today().isoformat()
    assert doc[0]["_provenance"]["url"].startswith("https://api.worldbank.org/v2/country/KAZ/indicator/")
    rc, replay_out, err = refresh(capsys, "--replay", rec, "--raw-dir", raw, "--dry-run")
    assert rc == 0, err
    assert replay_out.replace(f"replayed from {rec}", "live") == live_out
    assert "GDP (USD) 2025: 306.2 bn → 300.5 bn (-1.9%" in live_out


def test_live_http_error_names_publisher_and_series(monkeypatch, capsys, raw):
    _live(monkeypatch, _Publishers(FIXTURES, fail={"wdi/NY.GNP.PCAP.CD.json": 500}))
    before = digest(raw)
    rc, out, err = refresh(capsys, "--raw-dir", raw)
    assert rc == 1 and out == "" and digest(raw) == before
    assert err.strip().splitlines() == [err.strip()]
    assert "World Bank WDI NY.GNP.PCAP.CD: HTTP 500 Internal Server Error from https://api.worldbank.org/" in err
