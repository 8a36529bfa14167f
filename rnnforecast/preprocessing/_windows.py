"""Sliding windows of a series, as strided views, and supervised rows.

Shapes, used throughout this module:

- T: length of the series (number of time steps)
- F: number of features per time step (the series itself, then covariates)
- L: window length
- N: number of windows (rows)
- H: horizon (number of target values per row)

Windows are read-only views of the data made with strides
(:func:`numpy.lib.stride_tricks.sliding_window_view`): N windows of L steps
cost the memory of the T values they are cut from, not N * L values.

Numpy arrays in give numpy arrays out. pandas objects in give pandas objects
out with their index kept; the index must be unique, increasing and, where
its frequency is known (a ``PeriodIndex``, a ``DatetimeIndex`` with a
``freq``), without gaps.
"""

from __future__ import annotations

from numbers import Integral

from numpy.typing import ArrayLike
import numpy as np
import pandas as pd

from ..utils import check_finite, check_index, id_levels, plain_key

__all__ = ["sliding_windows", "padded_windows", "make_supervised"]


def sliding_windows(a, window_length):
    """All complete windows of ``a``, as a read-only strided view.

    Parameters
    ----------
    a : array-like of shape (T,) or (T, F)
        The series, oldest value first.
    window_length : int
        L, time steps per window.

    Returns
    -------
    windows : ndarray of shape (T - L + 1, L) or (T - L + 1, L, F)
        ``windows[i]`` holds rows ``i .. i + L - 1`` of ``a``. A view sharing
        memory with ``np.asarray(a)``; nothing is copied.

    See Also
    --------
    padded_windows : One window ending at every row, padded at the start.

    Examples
    --------
    >>> import numpy as np
    >>> from rnnforecast.preprocessing import sliding_windows
    >>> sliding_windows(np.arange(5), 3)
    array([[0, 1, 2],
           [1, 2, 3],
           [2, 3, 4]])
    """
    a = np.asarray(a)
    _check_window_length(window_length, "sliding_windows")
    if a.ndim not in (1, 2):
        raise ValueError(
            "sliding_windows: a must have shape (T,) or (T, F) (time steps, "
            f"features), got an array of shape {a.shape}."
        )
    if window_length > len(a):
        raise ValueError(
            f"sliding_windows: window_length={window_length!r} is longer than the "
            f"series, which has {len(a)} time steps. Use window_length <= {len(a)}."
        )
    windows = np.lib.stride_tricks.sliding_window_view(a, window_length, axis=0)
    return windows if a.ndim == 1 else windows.transpose(0, 2, 1)


def padded_windows(a, window_length, *, history=None, add_indicator=True, dtype=np.float32):
    """One window ending at every row of ``a``, as a read-only strided view.

    Window ``t`` holds rows ``t - L + 1 .. t``. Rows before the first row of
    ``a`` are taken from ``history`` (the rows that precede ``a`` in time,
    its last L - 1 rows are used) and, where there is no history, padded with
    zeros. The windows are a view of one (T + L - 1, F') array, so they cost
    the memory of the series, not N * L values.

    Parameters
    ----------
    a : array-like of shape (T, F)
        The rows to window, oldest first.
    window_length : int
        L, time steps per window.
    history : array-like of shape (M, F) or None, default=None
        Rows just before ``a``; only the last L - 1 are used.
    add_indicator : bool, default=True
        Append a feature ``is_padding``: 1.0 on padded steps, 0.0 elsewhere,
        so that a model can tell a padded zero from an observed one.
    dtype : numpy dtype, default=np.float32
        Dtype of the windows.

    Returns
    -------
    windows : ndarray of shape (T, L, F')
        F' = F + 1 with the indicator, else F. Not C-contiguous, read-only.

    Examples
    --------
    >>> import numpy as np
    >>> from rnnforecast.preprocessing import padded_windows
    >>> w = padded_windows(np.array([[1.0], [2.0], [3.0]]), 2)
    >>> w.shape
    (3, 2, 2)
    >>> w[0].tolist()  # value, is_padding: the step before row 0 is padding
    [[0.0, 1.0], [1.0, 0.0]]
    >>> padded_windows(np.array([[3.0]]), 2, history=np.array([[2.0]]))[0].tolist()
    [[2.0, 0.0], [3.0, 0.0]]
    """
    _check_window_length(window_length, "padded_windows")
    a = np.asarray(a)
    if a.ndim != 2:
        raise ValueError(
            "padded_windows: a must have shape (T, F) (time steps, features), "
            f"got an array of shape {a.shape}."
        )
    n_rows, n_features = a.shape
    n_before = window_length - 1
    if history is None or n_before == 0:
        history = a[:0]
    else:
        history = np.asarray(history)
        if history.ndim != 2 or history.shape[1] != n_features:
            raise ValueError(
                f"padded_windows: history must have shape (M, {n_features}) like a, "
                f"got an array of shape {history.shape}."
            )
        history = history[len(history) - min(n_before, len(history)) :]
    n_pad = n_before - len(history)
    base = np.zeros((n_before + n_rows, n_features + bool(add_indicator)), dtype=dtype)
    base[n_pad:n_before, :n_features] = history
    base[n_before:, :n_features] = a
    if add_indicator:
        base[:n_pad, n_features] = 1.0
    windows = np.lib.stride_tricks.sliding_window_view(base, window_length, axis=0)
    return windows.transpose(0, 2, 1)


def make_supervised(
    y: ArrayLike | pd.Series | pd.DataFrame,
    horizon: int = 1,
    X: ArrayLike | pd.DataFrame | None = None,
) -> tuple[np.ndarray | pd.DataFrame, np.ndarray | pd.DataFrame]:
    """Rows of features at time t and targets at t + 1 .. t + horizon.

    Row t holds the value of the series at t and the covariates at t as
    features, and the next ``horizon`` values of the series as targets. The
    last ``horizon`` rows, whose future is incomplete, are dropped; no other
    row is. Put a :class:`rnnforecast.WindowTransformer` after it in a
    ``Pipeline`` to give each row the window that ends at t.

    Parameters
    ----------
    y : pd.Series or array-like of shape (T,) or (T, 1)
        The series, oldest value first (a column, or a one-column DataFrame,
        is taken as the series). A Series with a ``MultiIndex``
        (series id, ..., time), as in sktime's ``pd-multiindex``, is a panel:
        each series is made into rows on its own, so that no row takes a
        target from another series (its last ``horizon`` rows are dropped);
        the rows keep the panel's index, grouped by series.
    horizon : int, default=1
        H, values to predict from each row.
    X : pd.DataFrame, pd.Series or array-like of shape (T, k), default=None
        Exogenous covariates, aligned with ``y`` (same index for pandas).

    Returns
    -------
    features : pd.DataFrame or ndarray of shape (T - H, 1 + k)
        The series value at t (column ``"y"``), then the covariates at t
        (their column names; ``x0, x1, ...`` for unnamed ones). A DataFrame
        indexed like ``y`` when ``y`` is a Series, else an array.
    targets : pd.Series, pd.DataFrame or ndarray of shape (T - H,) or (T - H, H)
        Value at t + h in column ``"y_step_h"``. A Series (H = 1) or a
        DataFrame (H > 1) indexed by the origin t when ``y`` is a Series,
        else an array.

    Examples
    --------
    >>> import numpy as np
    >>> from rnnforecast.preprocessing import make_supervised
    >>> features, targets = make_supervised(np.arange(5.0), horizon=2)
    >>> features.ravel().tolist(), targets.tolist()
    ([0.0, 1.0, 2.0], [[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]])
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=3, freq="M")
    >>> y = pd.Series([1.0, 2.0, 3.0], index=months)
    >>> features, targets = make_supervised(y)
    >>> features
               y
    2000-01  1.0
    2000-02  2.0
    >>> targets
    2000-01    2.0
    2000-02    3.0
    Freq: M, Name: y_step_1, dtype: float64
    """
    owner = "make_supervised"
    if isinstance(horizon, bool) or not isinstance(horizon, Integral) or horizon < 1:
        raise ValueError(
            f"{owner}: horizon must be an integer >= 1 (values to predict per row), "
            f"got {horizon!r}."
        )
    horizon = int(horizon)
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(
                f"{owner}: y must be one series (a Series or 1-D array), got a "
                f"DataFrame with {y.shape[1]} columns; pass the others as X."
            )
        y = y.iloc[:, 0]
    if isinstance(y, pd.Series) and isinstance(y.index, pd.MultiIndex):
        return _supervised_panel(y, horizon, X, owner)
    return _supervised(y, horizon, X, owner, "y")


def _supervised_panel(y, horizon, X, owner):
    """make_supervised of each series of a (series id, ..., time) MultiIndex panel."""
    if isinstance(X, pd.Series):
        X = X.to_frame(name="x0" if X.name is None else X.name)
    if X is not None and not (isinstance(X, pd.DataFrame) and X.index.equals(y.index)):
        raise ValueError(
            f"{owner}: X must have the index of y (one row per value of y) when y is a "
            f"panel with a MultiIndex, got {type(X).__name__} with "
            f"{'an index' if isinstance(X, pd.DataFrame) else 'no index'} that differs. "
            "Pass X indexed like y."
        )
    levels = list(range(y.index.nlevels - 1))
    features, targets = [], []
    for key, part in y.groupby(level=id_levels(y.index), sort=False):
        key = plain_key(key)
        x_part = None if X is None else X.loc[part.index].droplevel(levels)
        f, t = _supervised(part.droplevel(levels), horizon, x_part, owner, f"y (series {key!r})")
        features.append(f.set_axis(part.index[: len(f)]))
        targets.append(t.set_axis(part.index[: len(t)]))
    return pd.concat(features), pd.concat(targets)


def _supervised(y, horizon, X, owner, name):
    """make_supervised of one series (``name`` is how errors call it)."""
    index = None
    if isinstance(y, pd.Series):
        index = y.index
        check_index(index, owner, name)
    values = _as_float(y, owner, name)
    if values.ndim == 2 and values.shape[1] == 1:  # a column, as a one-column DataFrame
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"{owner}: y must be one series of shape (T,) or (T, 1), got an array of shape "
            f"{values.shape}; pass covariates as X."
        )
    check_finite(values, owner, name, index)
    n_rows = len(values) - horizon
    if n_rows < 1:
        raise ValueError(
            f"{owner}: horizon={horizon!r} leaves no row: {name} has {len(values)} values "
            f"and each row needs {horizon} after it. Use horizon < {len(values)}."
        )
    columns = ["y"]
    covariates = np.empty((len(values), 0))
    if X is not None:
        covariates, names = _covariates(X, index, len(values), owner)
        columns += names
    features = np.column_stack([values[:n_rows], covariates[:n_rows]])
    targets = sliding_windows(values[1:], horizon).copy()
    if horizon == 1:
        targets = targets[:, 0]
    if index is None:
        return features, targets
    origins = index[:n_rows]
    features = pd.DataFrame(features, index=origins, columns=columns)
    if horizon == 1:
        targets = pd.Series(targets, index=origins, name="y_step_1")
    else:
        step_names = [f"y_step_{h}" for h in range(1, horizon + 1)]
        targets = pd.DataFrame(targets, index=origins, columns=step_names)
    return features, targets


def _covariates(X, index, n_values, owner):
    """X as a float (T, k) array and its k column names, checked against y."""
    if isinstance(X, pd.Series):
        X = X.to_frame(name="x0" if X.name is None else X.name)
    if isinstance(X, pd.DataFrame):
        if index is not None and not X.index.equals(index):
            raise ValueError(
                f"{owner}: X must have the index of y (one row per value of y), "
                f"got an index of length {len(X.index)} that differs from y's "
                f"(first labels {list(X.index[:2])!r} vs {list(index[:2])!r})."
            )
        names = [str(column) for column in X.columns]
    else:
        names = None
    values = _as_float(X, owner, "X")
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2 or len(values) != n_values:
        raise ValueError(
            f"{owner}: X must have shape (T, k) with T = {n_values}, the length of "
            f"y, got an array of shape {values.shape}."
        )
    if names is None:
        names = [f"x{j}" for j in range(values.shape[1])]
    if "y" in names or len(set(names)) < len(names):
        raise ValueError(
            f"{owner}: the columns of X must be unique and differ from 'y' (the "
            f"series' own column), got {names!r}."
        )
    check_finite(values, owner, "X", index)
    return values, names


def _as_float(a, owner, name):
    try:
        return np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{owner}: {name} must be numeric, got {error}.") from error


def _check_window_length(window_length, owner):
    if (
        isinstance(window_length, bool)
        or not isinstance(window_length, Integral)
        or window_length < 1
    ):
        raise ValueError(
            f"{owner}: window_length must be an integer >= 1, got {window_length!r}."
        )


