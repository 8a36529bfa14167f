"""The package's architecture, checked from the source: one-way dependencies, no import
cycle, no import of another module's private name, old module paths still working."""

import ast
import importlib
import importlib.util
import json
import pathlib
import subprocess
import sys
import warnings

import pytest

import rnnforecast
from rnnforecast._retired import RETIRED

PACKAGE = pathlib.Path(rnnforecast.__file__).parent

#: Each layer may import only from the layers listed before it.
LAYERS = [
    {"exceptions", "utils", "nn", "metrics", "_metric_inputs", "datasets", "_retired", "_version"},
    {"preprocessing"},
    {"regression"},
    {"forecasting"},
    {"model_selection"},
    {"plotting", "persistence", "cli", "_cli_input", "__init__"},
]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield "rnnforecast." + ".".join(parts).removesuffix(".__init__"), path


def _imports(name, path):
    """(imported module, imported names) of every import in the file, functions included."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def _layer(module):
    top = module.split(".")[1] if module.count(".") else "__init__"
    for rank, layer in enumerate(LAYERS):
        if top in layer:
            return rank, top
    raise AssertionError(f"{module} is in no layer of tests/test_layout.py")


def _internal_graph():
    graph = {}
    for name, path in _modules():
        targets = set()
        for module, names in _imports(name, path):
            if not module.startswith("rnnforecast"):
                continue
            for imported in names or [None]:
                full = f"{module}.{imported}" if imported else module
                targets.add(full if _is_module(full) else module)
        graph[name] = targets
    return graph


def _is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ModuleNotFoundError, ValueError):
        return False


def test_dependencies_point_one_way():
    wrong = []
    for name, targets in _internal_graph().items():
        rank, _ = _layer(name)
        for target in targets:
            if target == "rnnforecast" and name != "rnnforecast":
                wrong.append(f"{name} -> rnnforecast (the package's own __init__)")
            elif target != "rnnforecast" and _layer(target)[0] > rank:
                wrong.append(f"{name} -> {target}")
    assert not wrong, "imports against the layers: " + "; ".join(sorted(wrong))


def test_no_import_cycle():
    graph = _internal_graph()
    state = {}

    def visit(node, stack):
        state[node] = "open"
        for target in graph.get(node, ()):
            if target == node or target not in graph:
                continue
            if state.get(target) == "open":
                raise AssertionError("import cycle: " + " -> ".join(stack + [target]))
            if target not in state:
                visit(target, stack + [target])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])


def test_no_module_imports_another_modules_private_name():
    wrong = []
    for name, path in _modules():
        for module, names in _imports(name, path):
            if module.startswith("rnnforecast"):
                wrong += [f"{name}: from {module} import {n}" for n in names
                          if n.startswith("_") and not n.startswith("__") and n != "_retired"]
    assert not wrong, "; ".join(wrong)


def test_the_scikit_learn_layer_knows_nothing_of_sktime():
    for name, path in _modules():
        if _layer(name)[1] in {"utils", "nn", "preprocessing", "regression"}:
            imported = [module for module, _ in _imports(name, path)]
            assert not [m for m in imported if m.startswith("sktime")], name


def test_each_old_module_path_warns_once_with_a_future_warning():
    code = (
        "import importlib, json, warnings\n"
        "from rnnforecast._retired import RETIRED\n"
        "counts = {}\n"
        "for old in RETIRED:\n"
        "    with warnings.catch_warnings(record=True) as caught:\n"
        "        warnings.simplefilter('always')\n"
        "        importlib.import_module(old)\n"
        "    counts[old] = sum(issubclass(w.category, FutureWarning) for w in caught)\n"
        "print(json.dumps(counts))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {old: 1 for old in RETIRED}, out.stderr


@pytest.mark.parametrize("old", sorted(RETIRED))
def test_old_module_paths_give_the_same_objects(old):
    new, renames = RETIRED[old]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        module = importlib.import_module(old)
    target = importlib.import_module(new)
    for public in getattr(target, "__all__", []):
        assert getattr(module, public) is getattr(target, public)
    for old_name in renames:
        assert callable(getattr(module, old_name))
