"""The registry is consistent with itself and with the notebooks on disk."""

import json

import papermill as pm
import pytest

from kzseries import registry


def test_names_unique_and_ordered_by_dependencies():
    names = [s.name for s in registry.REGISTRY]
    assert len(names) == len(set(names))
    for i, spec in enumerate(registry.REGISTRY):
        for dep in registry.dependencies(spec.name):
            assert names.index(dep) < i, f"{spec.name} depends on later notebook {dep}"


def test_processed_inputs_are_produced_upstream():
    prod = registry.producers()
    for spec in registry.REGISTRY:
        for f in spec.processed_inputs:
            assert f in prod, f"{spec.name} reads {f}, which no notebook writes"


def test_first_is_the_audit_and_last_the_scorecard():
    assert registry.REGISTRY[0].name == "00_data_audit"
    assert registry.REGISTRY[-1].name == "07_scorecard"


def test_with_dependencies_is_transitive():
    assert registry.with_dependencies(["07_scorecard"]) == ["00_data_audit", "00_verdicts", "07_scorecard"]
    # the claim engine tidies the raw data itself: it runs beside the audit, and everything else waits for both
    assert registry.dependencies("00_verdicts") == ()
    assert registry.dependants("00_data_audit") == [s.name for s in registry.REGISTRY[2:]]
    assert registry.dependants("00_verdicts") == [s.name for s in registry.REGISTRY[2:]]


@pytest.mark.parametrize("spec", registry.REGISTRY, ids=lambda s: s.name)
def test_notebook_parameters_cell_matches_registry(root, spec):
    path = root / spec.path
    nb = json.loads(path.read_text())
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    inspected = pm.inspect_notebook(str(path))
    assert set(inspected) == set(spec.defaults), "parameter names differ from the registry"
    for name, info in inspected.items():
        assert eval(info["default"], {}) == spec.defaults[name], f"default of {name}"  # literal defaults only
        assert info["inferred_type_name"] == spec.param(name).type.__name__, f"type annotation of {name}"
        assert info["help"], f"{name} needs a trailing comment saying what it means"
    i = nb["cells"].index(tagged[0])
    nxt = "".join(nb["cells"][i + 1]["source"])
    assert f'nb.start("{spec.name}", globals())' in nxt, "the cell after parameters must validate them"


@pytest.mark.parametrize("spec", registry.REGISTRY, ids=lambda s: s.name)
def test_source_notebooks_are_clean(root, spec):
    nb = json.loads((root / spec.path).read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3", "the standard kernel, which every Jupyter has"
    for i, cell in enumerate(nb["cells"]):
        assert cell["id"] == f"cell-{i:03d}", "run `python -m kzseries.nbtools tidy` on the notebook"
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "outputs belong in reports/"
