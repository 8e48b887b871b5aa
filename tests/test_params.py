"""Parameter validation: good values pass, bad ones fail naming notebook, parameter and what is allowed."""

import pytest

from kzseries import params, registry
from kzseries.runner import UsageError, parse_overrides

ALL = [s.name for s in registry.REGISTRY]


def test_defaults_validate_for_every_notebook():
    for spec in registry.REGISTRY:
        assert params.validate(spec.name, spec.defaults) == spec.defaults


@pytest.mark.parametrize("nb,key,value,fragment", [
    ("01_gdp", "start_year", 1850, "out of range"),
    ("01_gdp", "start_year", "2000", "expected an integer"),
    ("01_gdp", "population_source", "un", "one of 'world_bank', 'national'"),
    ("00_verdicts", "tolerance_pct", float("nan"), "NaN"),
    ("02_fdi", "target_window_start", 2021, "one of 2022, 2023"),
    ("04_grain", "record_window_years", True, "expected an integer"),
])
def test_bad_values_are_named(nb, key, value, fragment):
    with pytest.raises(params.ParameterError) as e:
        params.validate(nb, {key: value}, partial=True)
    msg = str(e.value)
    assert nb in msg and repr(key) in msg and fragment in msg


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(params.ParameterError, match="unknown parameter; this notebook takes: start_year"):
        params.validate("00_data_audit", {"start_yaer": 2000}, partial=True)


def test_end_before_start_is_refused():
    with pytest.raises(params.ParameterError, match="is before start_year=2010"):
        params.validate("01_gdp", {"start_year": 2010, "end_year": 2005}, partial=True)


def test_int_is_accepted_where_a_float_is_expected():
    assert params.validate("00_verdicts", {"tolerance_pct": 3}, partial=True)["tolerance_pct"] == 3.0


def test_overrides_from_command_line_text():
    v = parse_overrides(["tolerance_pct=2.5", "01_gdp.start_year=2005"], None, ALL)
    assert v["01_gdp"]["start_year"] == 2005
    assert all(v[n]["tolerance_pct"] == 2.5 for n in ALL if "tolerance_pct" in registry.get(n).defaults)
    assert v["02_fdi"]["measure"] == "gross"  # untouched defaults stay


def test_override_with_quotes_or_code_arrives_as_data_and_is_refused():
    # A value that looks like code is only ever compared with the allowed choices.
    with pytest.raises(params.ParameterError, match="is not allowed"):
        parse_overrides(["02_fdi.measure=__import__('os').system('echo pwned')"], None, ALL)


def test_params_file(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("tolerance_pct: 4\n02_fdi:\n  measure: net_world_bank\n")
    v = parse_overrides([], str(f), ALL)
    assert v["02_fdi"]["measure"] == "net_world_bank" and v["00_verdicts"]["tolerance_pct"] == 4.0


def test_malformed_override_is_a_usage_error():
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        parse_overrides(["start_year"], None, ALL)
