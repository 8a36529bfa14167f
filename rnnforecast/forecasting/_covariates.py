"""Exogenous rows of RNNForecaster: the covariates a window carries.

Symbols: T = values of a series, H = the direct horizon, F = 1 + exogenous
columns. Row t of a series' features is ``[y_t, X_{t+H}]``: the last window
before a forecast carries the covariates of all H forecast steps.
"""

import numpy as np

from ._series import future_index, series_name, split_frames

__all__ = ["future_rows", "lead_features"]


def lead_features(y_values, x_frame, horizon):
    """(T, F) float32 rows ``[y_t, X_{t+H}]``; rows whose lead is unknown are NaN.

    Parameters
    ----------
    y_values : ndarray of shape (T,)
    x_frame : pd.DataFrame or None
        The series' exogenous rows, aligned with ``y_values`` (more rows
        after its end are the known future).
    horizon : int
    """
    T = len(y_values)
    if x_frame is None:
        return y_values.astype(np.float32)[:, None]
    x = x_frame.to_numpy(dtype=float)
    led = np.full((T, x.shape[1]), np.nan)
    available = min(T, len(x) - horizon)
    led[:available] = x[horizon : horizon + available]
    return np.column_stack([y_values, led]).astype(np.float32)


def future_rows(X, series, n_steps, columns, horizon):
    """Per series, the exogenous rows of the ``n_steps`` after its end (None without X).

    Parameters
    ----------
    X : pd.DataFrame or None
        The ``X`` given to predict (all series).
    series : list of (key, pd.Series)
        The latest values of each series.
    n_steps : int
    columns : list or None
        The exogenous columns seen in fit (None: fitted without X).
    horizon : int
        H, named in the error when rows are missing.
    """
    if columns is None:
        return [None] * len(series)
    if list(X.columns) != columns:
        raise ValueError(
            f"RNNForecaster: X in predict must have the columns seen in fit, "
            f"{columns!r}, got {list(X.columns)!r}."
        )
    frames = split_frames(X, series, required=False)
    out = []
    for (key, y_series), x_frame in zip(series, frames):
        index = future_index(y_series.index, n_steps)
        missing = index if x_frame is None else index.difference(x_frame.index)
        if len(missing):
            raise ValueError(
                f"RNNForecaster: X in predict must cover the {n_steps} steps after the "
                f"end of {series_name(key)} (horizon {horizon} times "
                f"{n_steps // horizon} round(s)); missing {list(missing[:3])}."
            )
        out.append(x_frame.loc[index].to_numpy(dtype=float))
    return out
