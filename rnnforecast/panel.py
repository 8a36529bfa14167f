"""Training and forecast windows of many series, short ones included (numpy only).

Shapes, used throughout this module:

- T: length of one series (its rows of features)
- F: features per time step (the series, then covariates)
- L: window length
- H: horizon (targets per training window)

Every series contributes windows, however short it is: the first rows of a
series are preceded by L - 1 copies of its first row, and a last feature,
``is_padding``, is 1 on those copies and 0 on observed rows, so that the
network can tell them apart. A training window ends at row t of its series
(t = 0 is the first value) and its targets are the H values after t; the
window ends run from ``min(L - 1, (T - H) // 2)`` to ``T - H - 1``, so a
series long enough gets only complete windows, and a short one its windows
with at least half of its values observed. A series with T <= H has no
complete target and is not trained on, but is still forecast.
"""

import numpy as np

from .windows import sliding_windows

__all__ = ["padded_rows", "training_windows", "last_windows"]


def padded_rows(features, window_length):
    """(T + L - 1, F + 1): L - 1 copies of the first row flagged 1, then the rows."""
    features = np.asarray(features, dtype=np.float32)
    pad = np.repeat(features[:1], window_length - 1, axis=0)
    rows = np.concatenate([pad, features])
    flag = np.zeros((len(rows), 1), dtype=np.float32)
    flag[: window_length - 1] = 1.0
    return np.concatenate([rows, flag], axis=1)


def _window_ends(T, L, H):
    """Rows at which the training windows of a series of T values end."""
    first = min(L - 1, (T - H) // 2)
    return np.arange(max(first, 0), T - H)


def training_windows(features, targets, window_length, horizon):
    """The training windows and targets of all series, oldest windows first.

    Parameters
    ----------
    features : list of ndarray of shape (T_i, F)
        The input rows of each series.
    targets : list of ndarray of shape (T_i,)
        The values to forecast of each series.
    window_length : int
    horizon : int

    Returns
    -------
    X : ndarray of shape (N, L, F + 1)
        Windows, ordered by their distance from their series' end (largest
        first), so that the latest rows of X are the latest windows of every
        series (a time-ordered validation split holds out the same recent
        stretch of each series).
    y : ndarray of shape (N, H)
    """
    L, H = window_length, horizon
    X_parts, y_parts, ages = [], [], []
    for rows, values in zip(features, targets):
        T = len(values)
        ends = _window_ends(T, L, H)
        if not len(ends):
            continue
        windows = sliding_windows(padded_rows(rows, L), L)
        X_parts.append(windows[ends])
        y_parts.append(sliding_windows(np.asarray(values, dtype=np.float32)[1:], H)[ends])
        ages.append(T - H - 1 - ends)
    if not X_parts:
        raise ValueError(
            f"no series is longer than the horizon ({H}): there is no target to train on."
        )
    if len(X_parts) == 1:
        return X_parts[0], y_parts[0]
    order = np.argsort(-np.concatenate(ages), kind="stable")
    return np.concatenate(X_parts)[order], np.concatenate(y_parts)[order]


def last_windows(features, window_length):
    """(n_series, L, F + 1): the window ending at the last row of each series."""
    return np.stack([padded_rows(rows[-window_length:], window_length)[-window_length:]
                     for rows in features])
