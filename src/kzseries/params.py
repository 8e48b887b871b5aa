"""Parameter validation, shared by run_all.py and each notebook's second cell.

Papermill only warns about an unknown parameter and never checks a type or a
range; here an unknown name, a wrong type or an out-of-range value stops the
run before any work is done, with a message naming the notebook, the
parameter and what is allowed.
"""

from __future__ import annotations

import ast
from typing import Any, Mapping

from . import registry


class Params(dict):
    """Validated parameters, read as ``P.base_year`` (or ``P["base_year"]``) and never changed."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no parameter {name!r}; this notebook takes: {', '.join(self)}") from None

    def _frozen(self, *args, **kwargs):
        raise TypeError("parameters are fixed once validated; change them in the parameters cell")

    __setitem__ = __delitem__ = __setattr__ = update = pop = clear = setdefault = _frozen  # type: ignore[assignment]


class ParameterError(ValueError):
    """A parameter value that a notebook cannot accept."""

    def __init__(self, notebook: str, param: str, message: str):
        self.notebook, self.param = notebook, param
        super().__init__(f"notebook {notebook}, parameter {param!r}: {message}")


def parse_text(spec: registry.Param, text: str, notebook: str) -> Any:
    """Convert a value given as text (command line, YAML string) to the parameter's type."""
    if spec.type is bool:
        low = text.strip().lower()
        if low in ("true", "yes", "1"):
            return True
        if low in ("false", "no", "0"):
            return False
        raise ParameterError(notebook, spec.name, f"{text!r} is not {spec.allowed()}")
    if spec.type in (int, float):
        try:
            return spec.type(text)
        except ValueError:
            raise ParameterError(notebook, spec.name, f"{text!r} is not {spec.allowed()}") from None
    return text


def check_value(notebook: str, spec: registry.Param, value: Any) -> Any:
    """Return ``value`` (ints widened to float where a float is wanted) or raise."""
    ok_type = isinstance(value, spec.type) and not (spec.type is int and isinstance(value, bool))
    if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok_type = float(value), True
    if not ok_type:
        raise ParameterError(
            notebook, spec.name,
            f"{value!r} is of type {type(value).__name__}; expected {spec.allowed()}",
        )
    if spec.type is float and value != value:  # NaN
        raise ParameterError(notebook, spec.name, f"NaN is not allowed; expected {spec.allowed()}")
    if spec.choices is not None and value not in spec.choices:
        raise ParameterError(notebook, spec.name, f"{value!r} is not allowed; expected {spec.allowed()}")
    if spec.min is not None and value < spec.min or spec.max is not None and value > spec.max:
        raise ParameterError(notebook, spec.name, f"{value!r} is out of range; expected {spec.allowed()}")
    return value


def validate(notebook: str, values: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate ``values`` for ``notebook``; return the full, typed parameter set.

    With ``partial=True`` only the given keys are checked for name and type
    (an override), and the defaults fill in the rest before the cross-checks.
    """
    spec = registry.get(notebook)
    known = {p.name: p for p in spec.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ParameterError(
            notebook, unknown[0],
            f"unknown parameter; this notebook takes: {', '.join(known)}",
        )
    if not partial:
        missing = sorted(set(known) - set(values))
        if missing:
            raise ParameterError(notebook, missing[0], "missing from the parameters cell")
    full = dict(spec.defaults)
    for name, value in values.items():
        full[name] = check_value(notebook, known[name], value)
    for a, b in spec.ordered:
        if full[a] > full[b]:
            raise ParameterError(
                notebook, b, f"{b}={full[b]!r} is before {a}={full[a]!r}; it must be the same or later",
            )
    return full


def check_parameters(notebook: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Used by the cell after each notebook's ``parameters`` cell.

    Reads the registry's parameter names from the notebook's globals, validates
    them, and returns them as a dict (shown in the notebook as a small table).
    """
    spec = registry.get(notebook)
    for name in names_set_in_parameter_cells(namespace):
        if name not in spec.defaults:
            raise ParameterError(
                notebook, name,
                f"unknown parameter (set in the parameters cell or injected by papermill -p); this notebook "
                f"takes: {', '.join(spec.defaults)}")
    values = {p.name: namespace[p.name] for p in spec.params if p.name in namespace}
    return validate(notebook, values)


def names_set_in_parameter_cells(namespace: Mapping[str, Any]) -> list[str]:
    """Names assigned by the cells run just before this one that hold nothing but assignments.

    In a top-to-bottom run those are the notebook's ``parameters`` cell and, under papermill, the
    ``injected-parameters`` cell after it (papermill only warns about a name the notebook does not
    take). IPython keeps every executed cell's source in ``In``; the last entry is the running cell.
    """
    history = namespace.get("In")
    if not isinstance(history, list) or len(history) < 2:
        return []
    names: list[str] = []
    for source in reversed(history[:-1]):
        try:
            body = ast.parse(source).body
        except SyntaxError:
            break
        if not body or not all(isinstance(node, (ast.Assign, ast.AnnAssign)) for node in body):
            break
        for node in body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names
