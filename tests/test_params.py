"""Parameter validation: good values pass, bad ones fail naming notebook, parameter and what is allowed."""

import dataclasses

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


# ------------------------------------------------------------ exact rules (written to kill mutants)
BOUNDED = [(s.name, p) for s in registry.REGISTRY for p in s.params if p.min is not None or p.max is not None]


def err(fn, *args, **kw) -> params.ParameterError:
    with pytest.raises(params.ParameterError) as e:
        fn(*args, **kw)
    return e.value


@pytest.mark.parametrize("nb,p", BOUNDED, ids=[f"{n}.{p.name}" for n, p in BOUNDED])
def test_bounds_are_inclusive_and_one_step_beyond_is_refused(nb, p):
    step = 1 if p.type is int else 0.5
    for v in (p.min, p.max):
        if v is not None:
            got = params.check_value(nb, p, p.type(v))
            assert got == v and type(got) is p.type
    for v in ([p.min - step] if p.min is not None else []) + ([p.max + step] if p.max is not None else []):
        v = p.type(v)
        e = err(params.check_value, nb, p, v)
        assert str(e) == f"notebook {nb}, parameter {p.name!r}: {v!r} is out of range; expected {p.allowed()}"
        assert (e.notebook, e.param) == (nb, p.name)


def test_the_grain_window_maximum_is_forty_years():
    p = registry.get("04_grain").param("record_window_years")
    assert (p.min, p.max) == (2, 40)
    assert "400 is out of range; expected an integer from 2 to 40" in str(
        err(params.validate, "04_grain", {"record_window_years": 400}, partial=True))


def test_text_values_convert_to_the_parameter_type():
    years = registry.get("04_grain").param("record_window_years")
    tol = registry.get("00_verdicts").param("tolerance_pct")
    basis = registry.get("04_grain").param("basis")
    assert params.parse_text(years, " 12 ", "04_grain") == 12 and type(params.parse_text(years, "12", "n")) is int
    assert params.parse_text(tol, "2.5", "00_verdicts") == 2.5
    assert params.parse_text(basis, "clean", "04_grain") == "clean"
    for text, spec in (("ten", years), ("1.5", years), ("abc", tol), ("", tol)):
        assert str(err(params.parse_text, spec, text, "04_grain")) == \
            f"notebook 04_grain, parameter {spec.name!r}: {text!r} is not {spec.allowed()}"


def test_text_values_for_a_true_or_false_parameter():
    flag = dataclasses.replace(registry.get("04_grain").param("basis"), name="flag", type=bool, choices=None,
                               default=False)
    for text in ("true", "TRUE", " yes ", "1"):
        assert params.parse_text(flag, text, "nb") is True, text
    for text in ("false", "No", "0", " FALSE "):
        assert params.parse_text(flag, text, "nb") is False, text
    for text in ("maybe", "2", "y"):
        assert str(err(params.parse_text, flag, text, "nb")) == \
            f"notebook nb, parameter 'flag': {text!r} is not true or false"


def test_type_errors_name_the_type_given():
    years = registry.get("04_grain").param("record_window_years")
    tol = registry.get("00_verdicts").param("tolerance_pct")
    basis = registry.get("04_grain").param("basis")
    assert str(err(params.check_value, "04_grain", years, True)) == \
        "notebook 04_grain, parameter 'record_window_years': True is of type bool; expected an integer from 2 to 40"
    assert str(err(params.check_value, "04_grain", years, 12.0)) == \
        "notebook 04_grain, parameter 'record_window_years': 12.0 is of type float; expected an integer from 2 to 40"
    assert "False is of type bool" in str(err(params.check_value, "00_verdicts", tol, False))
    assert "5 is of type int; expected one of 'clean', 'bunker', 'as_reported'" in str(
        err(params.check_value, "04_grain", basis, 5))
    assert str(err(params.check_value, "00_verdicts", tol, float("nan"))) == \
        "notebook 00_verdicts, parameter 'tolerance_pct': NaN is not allowed; expected a number from 0 to 50"
    assert str(err(params.check_value, "04_grain", basis, "net")) == \
        "notebook 04_grain, parameter 'basis': 'net' is not allowed; expected one of 'clean', 'bunker', 'as_reported'"
    got = params.check_value("04_grain", tol, 3)
    assert got == 3.0 and type(got) is float
    assert params.check_value("04_grain", years, 12) == 12


def test_validate_exact_messages_and_the_full_set():
    assert str(err(params.validate, "00_data_audit", {"start_yaer": 2000, "zzz": 1}, partial=True)) == (
        "notebook 00_data_audit, parameter 'start_yaer': unknown parameter; this notebook takes: "
        "start_year, end_year, disagreement_threshold_pct")
    assert str(err(params.validate, "01_gdp", {"start_year": 2000})) == \
        "notebook 01_gdp, parameter 'decomposition_base_year': missing from the parameters cell"
    assert str(err(params.validate, "01_gdp", {"start_year": 2010, "end_year": 2005}, partial=True)) == \
        "notebook 01_gdp, parameter 'end_year': end_year=2005 is before start_year=2010; it must be the same or later"
    # the same year at both ends is allowed, and the defaults fill in the rest, typed
    full = params.validate("01_gdp", {"start_year": 2010, "end_year": 2010, "inflation_pct": 3}, partial=True)
    assert full == dict(registry.get("01_gdp").defaults, start_year=2010, end_year=2010, inflation_pct=3.0)
    assert type(full["inflation_pct"]) is float
    assert params.validate("04_grain", {}, partial=True) == registry.get("04_grain").defaults


def test_the_notebook_cell_check_reads_its_parameters_from_the_namespace():
    defaults = registry.get("04_grain").defaults
    namespace = dict(defaults, record_window_years=12, unrelated_variable=object())
    assert params.check_parameters("04_grain", namespace) == dict(defaults, record_window_years=12)
    del namespace["basis"]
    assert str(err(params.check_parameters, "04_grain", namespace)) == \
        "notebook 04_grain, parameter 'basis': missing from the parameters cell"
    namespace = dict(defaults, record_window_years=400)
    assert "400 is out of range" in str(err(params.check_parameters, "04_grain", namespace))


@pytest.mark.parametrize("history, names", [
    (None, []), ("x = 1", []), (["running"], []),
    (["x = 1", "a = 1\nb: int = 2", "c = d = 3", "running"], ["c", "d", "a", "b", "x"]),  # the nearest cell first
    (["x = 1", "print(1)", "c = 3", "running"], ["c"]),      # a cell that does more than assign ends the search
    (["x = 1", "def (", "c = 3", "running"], ["c"]),         # so does one that does not parse
    (["x = 1", "", "c = 3", "running"], ["c"]),              # and an empty one
    (["p, q = 1, 2\nk.v = 3\nm: int = 4", "running"], ["m"]),  # only plain names are parameters
])
def test_the_names_the_cells_before_set(history, names):
    assert params.names_set_in_parameter_cells({"In": history} if history is not None else {}) == names


def test_a_name_the_parameters_cell_sets_but_the_notebook_does_not_take_is_refused_by_name():
    namespace = dict(registry.get("04_grain").defaults, In=["basis = 'clean'\nrecord_windw_years = 12", "running"])
    assert str(err(params.check_parameters, "04_grain", namespace)) == (
        "notebook 04_grain, parameter 'record_windw_years': unknown parameter (set in the parameters cell or "
        "injected by papermill -p); this notebook takes: record_window_years, basis, source")
    e = err(params.check_parameters, "04_grain", namespace)
    assert (e.notebook, e.param) == ("04_grain", "record_windw_years")


def test_validated_parameters_are_read_by_attribute_and_cannot_be_changed():
    P = params.Params(registry.get("04_grain").defaults)
    assert P.basis == registry.get("04_grain").defaults["basis"]
    with pytest.raises(AttributeError) as e:
        _ = P.bassis  # a misspelt name
    assert str(e.value) == "no parameter 'bassis'; this notebook takes: record_window_years, basis, source"
    for change in (lambda: P.__setitem__("basis", "bunker"), lambda: setattr(P, "basis", "bunker"),
                   lambda: P.update(basis="bunker"), lambda: P.pop("basis")):
        with pytest.raises(TypeError) as e:
            change()
        assert str(e.value) == "parameters are fixed once validated; change them in the parameters cell"
    assert P.basis == registry.get("04_grain").defaults["basis"]
