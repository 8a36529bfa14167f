"""Training and forecast windows of many series, short ones included (numpy only).

Shapes, used throughout this module:

- T: length of one series (its rows of features)
- F: features per time step (the series, then covariates)
- L: window length
- H: horizon (targets per training window)
- k: target series per window (``n_targets``, channel mixing): the first k
  features; a window's targets are then k * H values, target by target

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

from ..exceptions import NoTargetError
from ._windows import sliding_windows

__all__ = ["NoTargetError", "padded_rows", "training_windows", "last_windows", "PanelWindows",
           "panel_windows", "stream_panel_windows", "stack_tails", "stack_rows", "tail_rows",
           "fill_pad", "forecast_rounds"]


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

    The materialised reference of :func:`panel_windows` (which the
    forecaster uses), as :func:`last_windows` is of the forecaster's
    vectorised rounds: the tests check that both give the same windows.

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
        raise NoTargetError(
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


class PanelWindows:
    """The training windows of a panel, gathered a batch at a time.

    Holds the padded rows of all series in one (sum_i (T_i + L - 1), F)
    float32 array, the first row of each series (``offsets``) and an index
    of the first row of every window, in the order of
    :func:`training_windows` (largest distance from the series' end first).
    The ``is_padding`` feature of a window is computed when it is gathered
    (the first L - 1 rows of each series are its padding), and the targets
    are read from the rows' first feature when they are the series' values
    (``targets`` is then None; else it holds them on the same rows). The
    (N, L, F + 1) windows and (N, H) targets are never materialised.

    Use :func:`panel_windows` to build one. Slicing (``windows[a:b]``) gives
    the windows ``a:b`` sharing memory with this one; :meth:`take` gathers
    rows as arrays.

    Attributes
    ----------
    shape : tuple
        (N, L, F + 1), the shape the materialised windows would have.
    horizon : int
        H, steps forecast per window and target.
    n_targets : int
        k, the target series of each window (its first k features).
    n_outputs : int
        k * H, the targets per window.
    nbytes : int
        Bytes held by the rows, targets and index.
    """

    n_targets = 1

    def __init__(self, rows, targets, starts, window_length, horizon, offsets, n_targets=1):
        self.rows = rows
        self.targets = targets
        self.starts = starts
        self.window_length = window_length
        self.horizon = horizon
        self.offsets = offsets
        self.n_targets = n_targets

    @property
    def n_outputs(self):
        return self.horizon * self.n_targets

    @property
    def shape(self):
        return (len(self.starts), self.window_length, self.rows.shape[1] + 1)

    @property
    def ndim(self):
        return 3

    @property
    def nbytes(self):
        held = [self.rows, self.targets, self.starts, self.offsets]
        return sum(a.nbytes for a in held if a is not None)

    def __len__(self):
        return len(self.starts)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError(
                f"PanelWindows: index must be a slice (take(...) gathers rows), got {index!r}."
            )
        return PanelWindows(self.rows, self.targets, self.starts[index], self.window_length,
                            self.horizon, self.offsets, self.n_targets)

    def take(self, index):
        """Windows and targets ``index`` (a slice or integer array): (n, L, F + 1), (n, k * H)."""
        L, F = self.window_length, self.rows.shape[1]
        first = np.asarray(self.starts[index], dtype=np.int64)
        at = first[:, None] + np.arange(L)
        X = np.empty((len(first), L, F + 1), dtype=np.float32)
        X[:, :, :F] = self.rows[at]
        # rows before offsets[i] + L - 1 are the padding of series i
        series = np.searchsorted(self.offsets, first, side="right") - 1
        X[:, :, F] = at < (self.offsets[series] + (L - 1))[:, None]
        at = first[:, None] + (L + np.arange(self.horizon))
        if self.n_targets == 1:
            y = self.rows[at, 0] if self.targets is None else self.targets[at]
            return X, y
        k = self.n_targets
        y = self.rows[at, :k] if self.targets is None else self.targets[at]  # (n, H, k)
        return X, np.ascontiguousarray(y.transpose(0, 2, 1)).reshape(len(first), -1)

    def materialize(self):
        """All windows and targets as arrays, as :func:`training_windows` returns them."""
        return self.take(slice(None))

    def __repr__(self):
        return f"PanelWindows(shape={self.shape}, horizon={self.horizon})"


def panel_windows(features, targets, window_length, horizon):
    """The windows of :func:`training_windows`, lazily: a :class:`PanelWindows`.

    Parameters and order as in :func:`training_windows`; memory is that of the
    padded series plus one integer per window. See :func:`stream_panel_windows`
    to build it one series at a time.
    """
    lengths = [len(values) for values in targets]
    F = np.shape(features[0])[1] if np.ndim(features[0]) == 2 else 1
    return stream_panel_windows(lengths, F, zip(features, targets), window_length, horizon)


def stream_panel_windows(lengths, n_features, series, window_length, horizon, n_targets=1):
    """:func:`panel_windows` of series given one at a time.

    Parameters
    ----------
    lengths : sequence of int
        T_i, the length of each series.
    n_features : int
        F, features per time step.
    series : iterable of (ndarray of shape (T_i, F), ndarray of shape (T_i,) or (T_i, k))
        The features and targets of each series, in order, consumed once:
        only their padded float32 rows are kept, so a caller that makes
        them one at a time holds one series at a time.
    window_length, horizon : int
    n_targets : int, default=1
        k, target columns per series (channel mixing): a window's targets
        are the k * H values after it, target by target.

    Returns
    -------
    windows : PanelWindows
    """
    L, H, F, k = window_length, horizon, n_features, n_targets
    lengths = np.asarray(lengths, dtype=np.int64)
    if not (lengths > H).any():
        raise NoTargetError(
            f"no series is longer than the horizon ({H}): there is no target to train on."
        )
    offsets = np.concatenate([[0], np.cumsum(lengths + L - 1)])
    rows = np.empty((offsets[-1], F), dtype=np.float32)
    targets = None  # allocated only if a series' targets differ from its first feature
    for i, (start, (f, values)) in enumerate(zip(offsets[:-1], series)):
        T = int(lengths[i])
        f = np.asarray(f, dtype=np.float32).reshape(T, F)
        rows[start : start + L - 1] = f[:1]
        rows[start + L - 1 : start + L - 1 + T] = f
        values = np.asarray(values, dtype=np.float32)
        first = f[:, 0] if k == 1 else f[:, :k]
        if targets is None and not np.array_equal(values.reshape(first.shape), first):
            # the series so far had their values there
            targets = (rows[:, 0] if k == 1 else rows[:, :k]).copy()
        if targets is not None:
            targets[start + L - 1 : start + L - 1 + T] = values.reshape(first.shape)
    starts = _window_starts(lengths, offsets, L, H)
    return PanelWindows(rows, targets, starts, L, H, offsets, k)


def _window_starts(lengths, offsets, L, H):
    """First padded row of every training window, oldest age first (see PanelWindows)."""
    # window ends per series: first_i .. T_i - H - 1; age = T_i - H - 1 - end
    first = np.maximum(np.minimum(L - 1, (lengths - H) // 2), 0)
    counts = np.maximum(lengths - H - first, 0)
    dtype = np.int32 if offsets[-1] < np.iinfo(np.int32).max else np.int64
    # a window ending at row t of series i starts at padded row offsets[i] + t
    last_start = offsets[:-1] + lengths - H - 1  # of the age-0 window of each series
    n_ages = int(counts.max())
    if n_ages <= 8 * len(lengths) or n_ages <= 4096:
        # oldest age first, series in order within an age: one pass per age
        starts = np.empty(int(counts.sum()), dtype=dtype)
        filled = 0
        for age in range(n_ages - 1, -1, -1):
            live = np.flatnonzero(counts > age)
            starts[filled : filled + len(live)] = last_start[live] - age
            filled += len(live)
        return starts
    # few series with many windows each: one stable sort
    series = np.repeat(np.arange(len(lengths)), counts)
    ages = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    ages = counts[series] - 1 - ages
    order = np.argsort(-ages, kind="stable")
    return (last_start[series] - ages)[order].astype(dtype)


def stack_tails(arrays, width=0):
    """(S, K) rows of the 1-D ``arrays``, right-aligned, and the pad of each row.

    K is the longest array's length, at least ``width``. Row i holds array i
    in its last ``len(arrays[i])`` columns and, before them, copies of its
    first value (``pad[i]`` columns), as :func:`padded_rows` pads.
    """
    lengths = np.array([len(a) for a in arrays])
    K = max(int(lengths.max()), width)
    pad = K - lengths
    out = np.empty((len(arrays), K))
    for i, a in enumerate(arrays):
        out[i, pad[i]:] = a
    return fill_pad(out, pad), pad


def stack_rows(arrays, pad, width):
    """(S, width, C): the (T_i, C) ``arrays`` from column ``pad[i]`` on, NaN elsewhere."""
    out = np.full((len(arrays), width, np.shape(arrays[0])[1]), np.nan)
    for i, a in enumerate(arrays):
        a = a[: width - pad[i]]
        out[i, pad[i] : pad[i] + len(a)] = a
    return out


def tail_rows(arrays, pad, width):
    """(S, width, C): the last rows of the (T_i, C) ``arrays``, right-aligned.

    Row i ends with the last ``width - pad[i]`` rows of array i (all of them
    when it is shorter: the columns before are NaN); columns ``< pad[i]`` are
    then copies of column ``pad[i]``, as :func:`stack_tails` pads the values
    they belong to.
    """
    out = np.full((len(arrays), width, np.shape(arrays[0])[1]), np.nan)
    for i, a in enumerate(arrays):
        a = np.asarray(a, dtype=float)[-(width - pad[i]):]
        out[i, width - len(a):] = a
    return fill_pad(out, pad)


def fill_pad(rows, pad):
    """``rows`` (S, K, ...) with columns ``< pad[i]`` of row i set to column ``pad[i]``."""
    first = rows[np.arange(len(rows)), pad]
    padded = np.arange(rows.shape[1]) < pad[:, None]
    if rows.ndim == 3:
        first, padded = first[:, None, :], padded[:, :, None]
    else:
        first = first[:, None]
    return np.where(padded, first, rows)


def forecast_rounds(predict, y, pad, window_length, horizon, rounds, x=None, *,
                    lagged=None, static=None):
    """Forecast all series together, ``rounds`` times H steps, feeding forecasts back.

    Parameters
    ----------
    predict : callable
        ``predict(windows)`` maps (S, L, F + 1) windows to (S, k * H)
        forecasts, target by target.
    y : ndarray of shape (S, K) or (S, K, k)
        The last values of each series (of its k targets), padded as
        :func:`stack_tails` does (K >= L).
    pad : ndarray of shape (S,)
        Padded columns of each row of ``y``.
    window_length, horizon, rounds : int
    x : ndarray of shape (S, K + rounds * H, C) or None
        Exogenous rows aligned with ``y`` (column j of ``x`` is the time of
        column j of ``y``, then the forecast steps); NaN where unknown. The
        window feature at time t is ``x`` at t + H (led by H).
    lagged : ndarray of shape (S, K, P) or None
        Covariates known up to the last value only (aligned with ``y``, padded
        like it), fed as they are: the window feature at time t is ``lagged``
        at t. Nothing is known of them after the last value, so only one
        round can be forecast.
    static : ndarray of shape (S, D) or None
        Constants of each series, the same on every row of its windows.

    Returns
    -------
    forecasts : ndarray of shape (S, rounds * H) or (S, k, rounds * H)
        Shaped as ``y``'s targets.

    Notes
    -----
    The features of a row are ``[y, lagged, x (led), static]`` (``y``: its k
    targets), then the padding flag, in the order of :func:`padded_rows`' input.
    """
    L, H = window_length, horizon
    targets = y[:, :, None] if y.ndim == 2 else y
    S, K, k = targets.shape
    if lagged is not None and rounds > 1:
        raise ValueError(
            f"forecast_rounds: lagged covariates are known up to the last value only, so "
            f"one round of {H} steps can be forecast, got rounds={rounds}."
        )
    width = K + rounds * H
    P = 0 if lagged is None else lagged.shape[2]
    C = 0 if x is None else x.shape[2]
    D = 0 if static is None else static.shape[1]
    rows = np.full((S, width, k + P + C + D), np.nan, dtype=np.float32)
    rows[:, :K, :k] = targets
    if P:
        rows[:, :K, k : k + P] = lagged
    if C:
        rows[:, : width - H, k + P : k + P + C] = x[:, H:width]
    if D:
        rows[:, :, k + P + C :] = static[:, None, :]
    if P or C:
        rows[:, :K] = fill_pad(rows[:, :K], pad)
    out = np.empty((S, k, rounds * H))
    for r in range(rounds):
        end = K + r * H
        flag = (np.arange(end - L, end) < pad[:, None]).astype(np.float32)
        windows = np.concatenate([rows[:, end - L : end], flag[:, :, None]], axis=2)
        out[:, :, r * H : (r + 1) * H] = np.reshape(predict(windows), (S, k, H))
        rows[:, end : end + H, :k] = out[:, :, r * H : (r + 1) * H].transpose(0, 2, 1)
    return out[:, 0] if y.ndim == 2 else out
