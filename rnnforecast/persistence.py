"""Save and load fitted models anywhere, the CPU included.

A fitted :class:`~rnnforecast.RNNForecaster` is saved by sktime's
``forecaster.save(path)`` (a zip file), by ``pickle`` or by ``joblib``; any
of them loads back with :func:`load` (or with their own loader) and gives
identical forecasts. A network trained on CUDA loads on a machine without
CUDA: skorch maps its weights to the CPU when it is unpickled, and
:func:`map_to_available_device` (called by ``RNNRegressor.__setstate__``)
records the device it now lives on and warns once. Only load files you
trust: like every pickle, a saved model runs code when it is loaded.
"""

import os
import pickle
import zipfile
from pathlib import Path

from .exceptions import DeviceMappedWarning
from .forecasting import RNNForecaster
from .regression import RNNRegressor, map_to_available_device

__all__ = ["DeviceMappedWarning", "map_to_available_device", "load"]


def load(path):
    """Load an :class:`~rnnforecast.RNNForecaster` or :class:`~rnnforecast.RNNRegressor`.

    Parameters
    ----------
    path : str, Path or tuple
        A zip file written by sktime's ``forecaster.save(path)`` (the same
        ``path`` finds ``path + ".zip"``, as sktime's ``load`` does), or a file
        written by ``pickle.dump`` or ``joblib.dump``; or the in-memory
        ``(class, bytes)`` tuple that ``forecaster.save()`` returns without a
        path.

    Returns
    -------
    model : RNNForecaster or RNNRegressor
        Fitted as saved; a CUDA-trained network is on the CPU when this
        machine has no CUDA.
    """
    import joblib

    hint = (
        "Expected a file written by forecaster.save(path) (sktime), pickle.dump or "
        "joblib.dump, or the tuple of forecaster.save()"
    )
    if isinstance(path, tuple):
        if len(path) != 2 or not isinstance(path[1], (bytes, bytearray)):
            raise TypeError(
                f"rnnforecast.load: path as a tuple must be the (class, bytes) pair that "
                f"forecaster.save() returns, got a tuple of {len(path)} item(s) of types "
                f"{[type(v).__name__ for v in path[:3]]!r}. {hint}."
            )
        what = "the tuple of forecaster.save()"
    elif isinstance(path, (str, os.PathLike)):
        path = Path(path)
        zipped = path.with_name(path.name + ".zip")
        if not path.exists() and zipped.is_file():
            path = zipped  # forecaster.save("model") writes model.zip, as sktime's load finds it
        if not path.is_file():
            raise FileNotFoundError(
                f"rnnforecast.load: path={str(path)!r} is not a file (nor is {zipped.name!r} "
                "beside it)."
            )
        what = f"path={str(path)!r}"
    else:
        raise TypeError(
            f"rnnforecast.load: path must be a file path (str or os.PathLike) or the tuple "
            f"of forecaster.save(), got {type(path).__name__} {_short_repr(path)}. {hint}."
        )
    try:
        if isinstance(path, tuple) or zipfile.is_zipfile(path):
            from sktime.base import load as sktime_load

            model = sktime_load(path)
        else:
            model = joblib.load(path)
    except (pickle.UnpicklingError, EOFError, KeyError, ValueError, IndexError,
            AttributeError, ModuleNotFoundError) as error:
        raise ValueError(
            f"rnnforecast.load: {what} is not a saved rnnforecast model "
            f"({type(error).__name__}: {error}). {hint}."
        ) from error
    if not isinstance(model, (RNNForecaster, RNNRegressor)):
        raise TypeError(
            f"rnnforecast.load: {what} holds a {type(model).__name__}, "
            f"expected an RNNForecaster or RNNRegressor. {hint} of one of them."
        )
    return model


def _short_repr(value, width=60):
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."
