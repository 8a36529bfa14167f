"""The forecast frame of a panel, built at once for all series (pandas only), and that of
a single series.

S = series, n = forecast steps per series. The per-series loop of building
one small frame per series and concatenating them costs about 0.2 ms per
series; here the index of all S x n rows is built with one vectorised
operation per index level.
"""

import numpy as np
import pandas as pd

from ._series import series_cutoff

__all__ = ["series_last_times", "forecast_times", "panel_frame", "forecast_frame"]


def series_last_times(indexes):
    """The last time of each series' index, as one pandas Index."""
    return pd.Index([index[-1] for index in indexes])


def forecast_times(last, steps, freq=None):
    """(S * n) times ``steps`` (n,) after each series' last time, series by series.

    Parameters
    ----------
    last : pandas.Index of shape (S,)
        The last time of each series: periods, timestamps or integers.
    steps : ndarray of shape (n,)
        Relative steps (1 = the first step after the series' end).
    freq : pandas offset or None
        The frequency of timestamps (required for a DatetimeIndex).
    """
    steps = np.asarray(steps, dtype=np.int64)
    if isinstance(last, pd.PeriodIndex):
        ordinals = last.asi8[:, None] + steps[None, :]
        return pd.PeriodIndex.from_ordinals(ordinals.ravel(), freq=last.freq)
    if isinstance(last, pd.DatetimeIndex):
        if freq is None:
            raise ValueError(
                "forecast_times: freq is required for timestamps, got freq=None."
            )
        columns = [last + int(k) * freq for k in steps]
        stacked = columns[0].append(columns[1:])
        order = (np.arange(len(last))[:, None] + len(last) * np.arange(len(steps))).ravel()
        return stacked[order]
    values = last.to_numpy()[:, None] + steps[None, :]
    return pd.Index(values.ravel())


def panel_frame(values, keys, times, names, name):
    """A (S * n, 1) frame of forecasts ``values`` (S, n) of the series ``keys``.

    ``times`` are the S * n times (series by series, see :func:`forecast_times`),
    or n times shared by all series.
    """
    S, n = values.shape
    if len(times) == n and S * n != n:
        times = pd.Index(times)[np.tile(np.arange(n), S)]
    if keys and isinstance(keys[0], tuple):
        key_levels = [pd.Index(list(level)) for level in zip(*keys)]
    else:
        key_levels = [pd.Index(list(keys))]
    levels = [level.repeat(n) for level in key_levels] + [pd.Index(times)]
    index = pd.MultiIndex.from_arrays(levels, names=names)
    return pd.DataFrame({name: values.ravel()}, index=index)


def forecast_frame(values, fh, cutoff, series, panel_names, name):
    """The (S, n) forecast ``values`` of ``fh`` as sktime returns them: a Series for a
    single series (``panel_names`` None), else a frame indexed by (series id, ..., time).

    A relative ``fh`` counts steps after each series' own end; an absolute one gives
    the same times for every series.
    """
    if panel_names is None:
        index = fh.to_absolute_index(cutoff)
        return pd.Series(values[0], index=index, name=name)
    if fh.is_relative:  # steps after each series' own end
        first = series[0][1].index
        freq = series_cutoff(first).freq if isinstance(first, pd.DatetimeIndex) else None
        last = series_last_times([y_series.index for _, y_series in series])
        times = forecast_times(last, fh.to_relative(cutoff).to_numpy(), freq)
    else:  # absolute times are the same times for every series
        times = fh.to_absolute_index(cutoff)
    return panel_frame(values, [key for key, _ in series], times, panel_names, name)
