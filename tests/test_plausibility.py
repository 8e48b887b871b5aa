"""Plausibility rules on small frames (kzseries.plausibility): the range, the ratio to neighbouring years and
to other sources, overrides, and each message whole. The real files are checked by tests/test_data.py."""

import pandas as pd
import pytest

from kzseries import plausibility as pl

RULE_COLUMNS = ["indicator", "unit", "min", "max", "max_ratio_neighbour_year", "max_ratio_other_source"]
STD = {"gdp": "USD bn", "wage": "KZT"}
FACTOR = {("gdp", "USD bn"): 1.0, ("gdp", "USD"): 1e-9, ("wage", "KZT"): 1.0}


def rules(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def series(*rows) -> pd.DataFrame:
    """rows: (indicator, period, value, unit, source_id)."""
    return pd.DataFrame(rows, columns=["indicator", "period", "value", "unit", "source_id"])


NO_OVERRIDES = pd.DataFrame(columns=["file", "indicator", "period", "source_id", "reason"])
GDP_RULE = ("gdp", "USD bn", "1", "1000", "3", "2")


def check(df, rule_rows=(GDP_RULE,), overrides=NO_OVERRIDES):
    return pl.check("gdp.csv", df, rules(*rule_rows), overrides, FACTOR, STD, "data/raw/gdp.csv")


def test_values_within_every_limit_pass():
    assert check(series(("gdp", "2023", 260.0, "USD bn", "a"), ("gdp", "2024", 290.0, "USD bn", "a"),
                        ("gdp", "2024", 291.0, "USD bn", "b"))) == []


def test_a_unit_slip_names_its_line_the_value_in_both_units_the_rule_and_the_override_to_write():
    # 290 written in USD instead of USD bn: out of range, and out of ratio with 2023 (which is flagged too)
    got = check(series(("gdp", "2023", 260.0, "USD bn", "a"), ("gdp", "2024", 290.0, "USD", "a")))
    assert got[1] == (
        "data/raw/gdp.csv, line 3: gdp 2024 = 290 USD = 2.9e-07 USD bn (source a) is implausible: outside the "
        "expected range 1 to 1000 USD bn; 8.97e+08 times the nearest value of a neighbouring year (at most 3). "
        "Neighbouring years: 2023: 260 (all in USD bn). Limits: data/raw/plausibility.csv, line 2. If the value is "
        "right, accept it with a row in data/raw/plausibility_overrides.csv: gdp.csv,gdp,2024,a,<reason> (then "
        "`python -m kzseries.manifest --update`)")
    assert got[0].startswith("data/raw/gdp.csv, line 2: gdp 2023 = 260 USD bn (source a) is implausible: 8.97e+08 "
                             "times the nearest value of a neighbouring year (at most 3). Neighbouring years: 2024: "
                             "2.9e-07 (all in USD bn).")


@pytest.mark.parametrize("value, says", [(0.5, "outside the expected range 1 to 1000 USD bn"),
                                         (1500.0, "outside the expected range 1 to 1000 USD bn")])
def test_both_ends_of_the_range(value, says):
    (line,) = check(series(("gdp", "2024", value, "USD bn", "a")))
    assert f"is implausible: {says}. Neighbouring years: none in the data (all in USD bn)." in line


@pytest.mark.parametrize("lo, hi, value, fine, says", [
    ("", "1000", 1500.0, 50.0, "(no lower limit) to 1000"), ("1", "", 0.5, 50.0, "1 to (no upper limit)"),
    ("100000", "", 5.0, 1e5, "100 000 to (no upper limit)"),  # from 100,000 up, grouped by thousands
    ("", "99999", 1e5, 5.0, "(no lower limit) to 99999"),
])
def test_an_open_end_of_the_range_is_said_so(lo, hi, value, fine, says):
    (line,) = check(series(("gdp", "2024", value, "USD bn", "a")), [("gdp", "USD bn", lo, hi, "", "")])
    assert f"outside the expected range {says} USD bn." in line
    assert check(series(("gdp", "2024", fine, "USD bn", "a")), [("gdp", "USD bn", lo, hi, "", "")]) == []


def test_a_one_year_spike_fails_a_lasting_change_of_level_passes():
    spike = check(series(("gdp", "2021", 95.0, "USD bn", "a"), ("gdp", "2022", 100.0, "USD bn", "a"),
                         ("gdp", "2023", 400.0, "USD bn", "a"), ("gdp", "2024", 110.0, "USD bn", "a"),
                         ("gdp", "2025", 115.0, "USD bn", "a")))
    assert len(spike) == 1 and spike[0].startswith("data/raw/gdp.csv, line 4: gdp 2023 = 400 USD bn (source a) is "
                                                    "implausible: 3.64 times the nearest value of a neighbouring year "
                                                    "(at most 3). Neighbouring years: 2022: 100; 2024: 110 (all")
    assert check(series(("gdp", "2021", 95.0, "USD bn", "a"), ("gdp", "2022", 100.0, "USD bn", "a"),
                        ("gdp", "2023", 400.0, "USD bn", "a"), ("gdp", "2024", 410.0, "USD bn", "a"))) == []
    # exactly at the limit passes
    assert check(series(("gdp", "2022", 100.0, "USD bn", "a"), ("gdp", "2023", 300.0, "USD bn", "a"))) == []


def test_half_years_and_spans_are_compared_with_the_same_period_a_year_apart():
    assert pl._shift("2024-H1", -1) == "2023-H1" and pl._shift("2023-01/2023-06", 1) == "2024-01/2024-06"
    got = check(series(("gdp", "2023-H1", 100.0, "USD bn", "a"), ("gdp", "2024-H1", 400.0, "USD bn", "a"),
                       ("gdp", "2024-H2", 100.0, "USD bn", "a")))
    assert [g.split(":")[0] for g in got] == ["data/raw/gdp.csv, line 2", "data/raw/gdp.csv, line 3"]


def test_another_source_for_the_same_period_out_of_ratio():
    got = check(series(("gdp", "2024", 100.0, "USD bn", "a"), ("gdp", "2024", 250.0, "USD bn", "b")))
    assert [g.split(" is implausible: ")[1].split(". Neighbouring")[0] for g in got] == [
        "2.5 times the nearest other source for 2024 (at most 2)"] * 2
    assert "Other sources for 2024: 250 (b)" in got[0] and "Other sources for 2024: 100 (a)" in got[1]
    assert check(series(("gdp", "2024", 100.0, "USD bn", "a"), ("gdp", "2024", 200.0, "USD bn", "b"))) == []


@pytest.mark.parametrize("a, b", [(-5.0, 100.0), (0.0, 100.0), (100.0, -5.0)])
def test_ratios_are_only_taken_between_positive_values(a, b):
    open_range = [("gdp", "USD bn", "", "", "2", "2")]
    assert check(series(("gdp", "2023", a, "USD bn", "s"), ("gdp", "2024", b, "USD bn", "s"),
                        ("gdp", "2024", a, "USD bn", "t")), open_range) == []


def test_an_override_accepts_one_row_and_an_override_without_its_row_is_reported():
    df = series(("gdp", "2024", 1500.0, "USD bn", "a"), ("gdp", "2025", 1600.0, "USD bn", "a"))
    overrides = pd.DataFrame([("gdp.csv", "gdp", "2024", "a", "a real outlier"),
                              ("fdi.csv", "gdp", "2025", "a", "another file's"),
                              ("gdp.csv", "gdp", "2026", "a", "no such row")],
                             columns=["file", "indicator", "period", "source_id", "reason"])
    got = check(df, overrides=overrides)
    assert len(got) == 2 and got[0].startswith("data/raw/gdp.csv, line 3: gdp 2025 = 1600 USD bn")
    assert got[1] == ("data/raw/plausibility_overrides.csv, line 4: no row of data/raw/gdp.csv has indicator 'gdp', "
                      "period '2026' and source_id 'a'; remove or correct the override")


def test_an_indicator_without_a_rule_is_reported_once_and_the_others_are_still_checked():
    got = check(series(("wage", "2023", 1.0, "KZT", "a"), ("wage", "2024", 2.0, "KZT", "a"),
                       ("gdp", "2024", 5000.0, "USD bn", "a")))
    assert got[0] == ("data/raw/gdp.csv, line 2: indicator 'wage' has no row in data/raw/plausibility.csv; declare "
                      "its range and ratios there")
    assert len(got) == 2 and got[1].startswith("data/raw/gdp.csv, line 4: gdp 2024 = 5000 USD bn")


def test_the_rule_line_is_the_rules_own_line():
    got = check(series(("gdp", "2024", 5000.0, "USD bn", "a")), [("wage", "KZT", "", "", "", ""), GDP_RULE])
    assert "Limits: data/raw/plausibility.csv, line 3." in got[0]


def test_rules_are_checked_against_the_catalogue():
    got = pl.check_rules(rules(("gdp", "USD", "5", "1", "0.5", "1"), ("wage", "KZT", "1", "1", "1", "0.99"),
                               ("unlisted", "t", "", "", "", "")), STD, "data/raw/plausibility.csv")
    assert got == [
        "data/raw/plausibility.csv, line 2, column 'unit': 'USD' is not the standard unit of gdp in indicators.csv "
        "('USD bn'); give min and max in 'USD bn'",
        "data/raw/plausibility.csv, line 2: min 5 is above max 1",
        "data/raw/plausibility.csv, line 2, column 'max_ratio_neighbour_year': 0.5 is below 1; a ratio limit is at "
        "least 1",
        "data/raw/plausibility.csv, line 3, column 'max_ratio_other_source': 0.99 is below 1; a ratio limit is at "
        "least 1",
    ]
