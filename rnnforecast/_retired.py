"""The module paths of rnnforecast 0.1.0, before the subpackages, still importable.

``import rnnforecast.forecaster`` (or ``rnnforecast.regressor``, ``training``,
...) gives a module that forwards every attribute to the module that now
holds the code, and warns once with a :class:`FutureWarning` naming the new
path. Pickles record the module path of each class, so models saved by 0.1.0
load through these aliases (``tests/test_persistence_compat.py`` loads files
written by 0.1.0). Names renamed in the move are listed per module.

``rnnforecast.nn`` and ``rnnforecast.preprocessing`` were modules and are now
subpackages that export the same public names, so they need no alias.
"""

import importlib
import importlib.abc
import importlib.util
import sys
import types
import warnings

__all__ = ["RETIRED", "install"]

#: Old module -> (new module, {old name: new name}).
RETIRED = {
    "rnnforecast.forecaster": ("rnnforecast.forecasting._forecaster", {}),
    "rnnforecast.aligned": ("rnnforecast.forecasting._aligned_input", {}),
    "rnnforecast.alignment": ("rnnforecast.forecasting._input_checks", {}),
    "rnnforecast.series": ("rnnforecast.forecasting._series", {
        "_split_series": "split_series", "_split_frames": "split_frames",
        "_check_series": "check_series_values", "_series_steps": "series_steps",
        "_series_cutoff": "series_cutoff", "_future_index": "future_index",
        "_name": "series_name",
    }),
    "rnnforecast.exog": ("rnnforecast.forecasting._covariates", {}),
    "rnnforecast.settings": ("rnnforecast.forecasting._auto", {
        "horizon": "resolve_horizon", "sp": "resolve_sp",
        "window_length": "resolve_window_length", "step_length": "resolve_step_length",
        "max_steps": "resolve_max_steps", "hidden_size": "resolve_hidden_size",
    }),
    "rnnforecast.intervals": ("rnnforecast.forecasting._intervals", {}),
    "rnnforecast.seasonality": ("rnnforecast.forecasting._seasonality", {}),
    "rnnforecast.panel_output": ("rnnforecast.forecasting._panel_output", {}),
    "rnnforecast.panel": ("rnnforecast.preprocessing._panel_windows", {
        "NoTargetError": "rnnforecast.exceptions:NoTargetError",
    }),
    "rnnforecast.windows": ("rnnforecast.preprocessing._windows", {
        "check_finite": "rnnforecast.utils:check_finite",
        "check_index": "rnnforecast.utils:check_index",
        "index_kind": "rnnforecast.utils:index_kind",
        "index_step": "rnnforecast.utils:index_step",
        "_label": "rnnforecast.utils:label", "_ndim": "rnnforecast.utils:ndim",
    }),
    "rnnforecast.regressor": ("rnnforecast.regression._regressor", {}),
    "rnnforecast.training": ("rnnforecast.regression._training", {
        "RNNNet": "RNNNetRegressor",
        "TrainingDivergedError": "rnnforecast.exceptions:TrainingDivergedError",
    }),
    "rnnforecast.progress": ("rnnforecast.regression._progress", {}),
    "rnnforecast.losses": ("rnnforecast.nn._losses", {}),
    "rnnforecast.compare": ("rnnforecast.model_selection._compare", {}),
    "rnnforecast.distributed": ("rnnforecast.model_selection._distributed", {}),
    "rnnforecast.validation": ("rnnforecast.utils", {}),
}


class _RetiredModule(types.ModuleType):
    """A retired path: attributes come from the new module (renamed ones by the table)."""

    def __init__(self, name, target, renames):
        super().__init__(name, f"Retired path of {target} (rnnforecast 0.1.0).")
        self._target = target
        self._renames = renames

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        new = self._renames.get(attr, attr)
        module, _, new = new.rpartition(":") if ":" in new else (self._target, "", new)
        return getattr(importlib.import_module(module), new)

    def __dir__(self):
        return sorted(set(dir(importlib.import_module(self._target))) | set(self._renames))


class _RetiredFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in RETIRED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        target, renames = RETIRED[spec.name]
        warnings.warn(
            f"{spec.name} is a path of rnnforecast 0.1.0; import from "
            f"{target.split('._')[0]} "
            f"(the code is in {target}). The old path will be removed in a future release.",
            FutureWarning,
            stacklevel=4,
        )
        return _RetiredModule(spec.name, target, renames)

    def exec_module(self, module):
        pass


def install():
    """Put the finder of retired paths on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _RetiredFinder) for finder in sys.meta_path):
        sys.meta_path.append(_RetiredFinder())
