"""Forecasts of series that were never negative, kept at or above zero.

A count or a sales series (values >= 0 throughout its history) can get a
negative point forecast or interval bound: the network, the classical
members of the median and the additive seasonal indices all extrapolate
without a floor. With ``nonnegative="auto"`` (the default) the forecasts and
quantiles of each such series are clipped at 0; a series with a negative
value (in ``fit`` or ``update``) is left as forecast. Clipping moves a
forecast below 0 towards any value >= 0, so it never makes a point forecast
worse, nor an interval miss a value >= 0 that it held.

Symbols: S series, n forecast steps.
"""

import numpy as np
import pandas as pd

__all__ = ["check_nonnegative", "nonnegative_keys", "drop_negative", "floor_at_zero"]


def check_nonnegative(value, owner):
    """Raise a ValueError unless ``value`` is "auto", True or False."""
    if not (isinstance(value, bool) or (isinstance(value, str) and value == "auto")):
        raise ValueError(
            f"{owner}: nonnegative must be 'auto', True or False, got {value!r}."
        )


def nonnegative_keys(value, series):
    """The keys of the ``series`` ([(key, pd.Series)]) whose forecasts are floored:
    all for True, none for False, those without a negative value for "auto"."""
    if value is False:
        return []
    return [key for key, s in series if value is True or not (s.to_numpy() < 0).any()]


def drop_negative(forecaster, series):
    """After ``update`` (its new rows ``series``, [(key, pd.Series)]): forget the floor
    of a series whose new values go below 0 (``nonnegative="auto"``)."""
    keys = getattr(forecaster, "_nonnegative", None)
    if not keys or forecaster.nonnegative != "auto":
        return
    negative = {key for key, s in series if (s.to_numpy() < 0).any()}
    forecaster._nonnegative = [key for key in keys if key not in negative]


def floor_at_zero(forecaster, frame):
    """``frame`` (sktime's ``predict`` or ``predict_quantiles`` output) with the rows
    of the floored series clipped at 0."""
    keys = getattr(forecaster, "_nonnegative", None)
    if not keys:
        return frame
    if isinstance(frame.index, pd.MultiIndex):
        rows = frame.index.droplevel(-1).isin(keys)
    else:  # one series, whose key is None
        rows = np.ones(len(frame), dtype=bool)
    values = frame.to_numpy(dtype=float, copy=True)
    if not (values[rows] < 0).any():
        return frame
    values[rows] = np.maximum(values[rows], 0.0)
    if isinstance(frame, pd.Series):
        return pd.Series(values, index=frame.index, name=frame.name)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)
