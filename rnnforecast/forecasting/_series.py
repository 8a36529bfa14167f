"""The series of a ``y`` (one series or a panel) and their time steps (pandas and sktime).

Shared by :mod:`rnnforecast.forecasting._forecaster` and :mod:`rnnforecast.forecasting._intervals`:
splitting a panel into its series (and X into the matching frames), the
checks on each series, and the steps and cutoff of each series.
"""

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon

from ..utils import series_groups, series_runs
from ..utils._index import frequency_advice

__all__ = [
    "check_series_values",
    "future_index",
    "panel_cutoff",
    "series_cutoff",
    "series_name",
    "series_steps",
    "split_frames",
    "split_series",
]


def split_series(y):
    """[(key, pd.Series)] for a Series or a (hierarchical) multiindex frame."""
    if isinstance(y, pd.Series):
        return [(None, y)]
    column = y.columns[0]
    return [(key, frame[column]) for key, frame in series_groups(y)]


def split_frames(X, series, required=True):
    """The exogenous frame of each series (or None), in the order of ``series``."""
    if X is None:
        return [None] * len(series)
    if not isinstance(X.index, pd.MultiIndex):
        return [X]
    groups = dict(series_groups(X))
    if required:
        missing = [key for key, _ in series if key not in groups]
        if missing:
            raise ValueError(f"RNNForecaster: X has no rows for series {missing[:3]!r}.")
    return [groups.get(key) for key, _ in series]


def check_series_values(values, key, infer_freq=True):
    """Raise unless ``values`` (one series) are numeric and finite, on an index with a step.

    ``infer_freq=False`` skips the frequency of a DatetimeIndex: the rows of
    ``update`` (one or two, too few to infer one from) were checked against
    the step seen in ``fit`` (:class:`~rnnforecast.forecasting._input_checks.SeenData`).
    """
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values):
        raise TypeError(
            f"RNNForecaster: y must be numeric, got dtype {values.dtype} for "
            f"{series_name(key)}."
        )
    finite = np.isfinite(values.to_numpy(dtype=float))
    if not finite.all():
        raise ValueError(
            f"RNNForecaster: y must be finite, got {int((~finite).sum())} NaN or inf "
            f"value(s) in {series_name(key)} (first at {values.index[~finite][0]!r})."
        )
    index = values.index
    if infer_freq and isinstance(index, pd.DatetimeIndex) and index.freq is None:
        if len(index) < 3 or pd.infer_freq(index) is None:
            raise ValueError(
                f"RNNForecaster: y of {series_name(key)} has a DatetimeIndex without a "
                f"frequency that can be inferred (irregular or gaps). "
                f"{frequency_advice(index, 'y')}"
            )


def series_steps(fh, cutoff, series):
    """(S, n) steps of ``fh`` after the end of each series.

    A relative fh counts from each series' own end; an absolute fh names the
    same times for every series, so a series that ends earlier is further
    from them.
    """
    if fh.is_relative:
        steps = fh.to_relative(cutoff).to_numpy().astype(int)
        return np.tile(steps, (len(series), 1))
    return np.stack(
        [fh.to_relative(series_cutoff(s.index)).to_numpy().astype(int) for _, s in series]
    )


def series_cutoff(index):
    cutoff = index[[-1]]
    if isinstance(index, pd.DatetimeIndex):
        cutoff.freq = index.freq or pd.infer_freq(index)
    return cutoff


def panel_cutoff(y, cutoff=None):
    """sktime's ``get_cutoff(y, cutoff, return_index=True)``, without copying a panel.

    The latest of the last times of the series of ``y``. For a panel frame
    whose series are contiguous (:func:`rnnforecast.validation.series_runs`)
    it reads the last row of each series from the index codes; sktime's
    version copies the whole index into a frame and groups it (about 70
    bytes per row). Anything else goes to sktime.
    """
    from sktime.datatypes import get_cutoff

    if isinstance(y, pd.DataFrame) and isinstance(y.index, pd.MultiIndex) and len(y):
        runs = series_runs(y.index)
        last = None if runs is None else np.asarray(y.index.codes[-1])[runs[1][1:] - 1]
        if last is not None and (last >= 0).all():
            times = y.index.levels[-1]
            out = pd.Index([times.take(last).max()])
            if getattr(times, "freq", None) is not None and out.freq != times.freq:
                out.freq = times.freq
            return out
    return get_cutoff(y, cutoff, return_index=True)


def future_index(index, n_steps):
    """The n_steps index values that follow ``index``."""
    rel = ForecastingHorizon(np.arange(1, n_steps + 1), is_relative=True)
    return pd.Index(rel.to_absolute_index(series_cutoff(index)))


def series_name(key):
    return "the series" if key is None else f"series {key!r}"
