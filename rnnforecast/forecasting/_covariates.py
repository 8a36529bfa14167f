"""Exogenous rows of RNNForecaster: the covariates a window carries.

Symbols: T = values of a series, H = the direct horizon, P = past-only
columns, C = future-known columns, D = static features, F = 1 + P + C + D.
Row t of a series' features is ``[y_t, P_t, X_{t+H}, S]``: the past-only
covariates at t, the future-known ones led by H (the last window before a
forecast carries them for all H forecast steps) and the series' static
features (:mod:`rnnforecast.forecasting._covariate_roles`).
"""

import numpy as np

from ._series import future_index, series_name, split_frames

__all__ = ["future_rows", "lead_features"]


def lead_features(y_values, x_frame, horizon, past=None, static=None):
    """(T, F) float32 rows ``[y_t, P_t, X_{t+H}, S]``; rows whose lead is unknown are NaN.

    Parameters
    ----------
    y_values : ndarray of shape (T,)
    x_frame : pd.DataFrame or None
        The series' future-known rows, aligned with ``y_values`` (more rows
        after its end are the known future).
    horizon : int
    past : pd.DataFrame or None
        The series' past-only rows, aligned with ``y_values``.
    static : ndarray of shape (D,) or None
        The series' static features.
    """
    T = len(y_values)
    parts = [np.asarray(y_values, dtype=float)[:, None]]
    if past is not None and len(past.columns):
        parts.append(past.to_numpy(dtype=float)[:T])
    if x_frame is not None and len(x_frame.columns):
        x = x_frame.to_numpy(dtype=float)
        led = np.full((T, x.shape[1]), np.nan)
        available = min(T, len(x) - horizon)
        led[:available] = x[horizon : horizon + available]
        parts.append(led)
    if static is not None and len(static):
        parts.append(np.broadcast_to(np.asarray(static, dtype=float), (T, len(static))))
    return np.concatenate(parts, axis=1).astype(np.float32)


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
        The future-known columns seen in fit (None or []: none).
    horizon : int
        H, named in the error when rows are missing.
    """
    if not columns:
        return [None] * len(series)
    missing = [c for c in columns if c not in X.columns]
    if missing:
        raise ValueError(
            f"RNNForecaster: X in predict must have the future-known columns seen in fit, "
            f"{columns!r}, got {list(X.columns)!r} (missing {missing!r})."
        )
    X = X[columns]
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
