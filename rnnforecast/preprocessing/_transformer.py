"""scikit-learn transformers built on :mod:`rnnforecast.windows`.

Shapes: T = rows of the series, F = features per row (the series, then
covariates), L = window length, N = rows out (N = T: a transformer keeps the
rows it is given).
"""

from __future__ import annotations

import warnings
from numbers import Integral

from numpy.typing import ArrayLike
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from ..utils import (
    check_finite,
    check_float32_range,
    check_index,
    check_numeric,
    id_levels,
    index_kind,
    index_step,
    label,
    ndim,
    plain_key,
)
from ._windows import (
    padded_windows,
)

__all__ = ["WindowTransformer"]


class WindowTransformer(TransformerMixin, BaseEstimator):
    """Replace each row t of a series by the window of rows t - L + 1 .. t.

    Made to sit in a ``Pipeline`` before a model, after
    :func:`rnnforecast.windows.make_supervised` has turned a series into rows
    (value and covariates at t) and targets (values after t): the
    transformer never adds or drops rows, so the windows stay aligned with
    the targets, and ``window_length`` can be tuned by ``GridSearchCV``
    together with the model.

    **History.** ``fit`` remembers its rows and their index. When the rows
    given to ``transform`` continue or overlap them on the index (the test
    fold of a ``TimeSeriesSplit``, or new rows after the end of the training
    data), the first windows are completed from those remembered rows, as
    they would be in the whole series, so cross-validation does not penalise
    long windows. The index must be unique, increasing and without gaps
    (gaps are detected where the step is known: a ``PeriodIndex``, a
    ``DatetimeIndex`` with a frequency, or the step seen in ``fit``).

    **Panels.** Rows indexed by a ``MultiIndex`` (series id, ..., time), as
    in sktime's ``pd-multiindex``, are windowed series by series: a window
    never mixes two series (each series' first steps are padded, or taken
    from that series' rows seen in ``fit``), and the windows come back in
    the order of the rows. Each series' time labels must be unique,
    increasing and without gaps. Panel windows are a new array, not a view.

    **Padding.** Only steps before any known row (the start of the
    training data) are padded, with zeros, and marked by an extra feature
    ``is_padding`` (1.0 on padded steps, 0.0 elsewhere) when
    ``add_indicator=True`` (the default), so that a model can tell padding
    from data. Numpy arrays carry no index: every call then windows its own
    rows only and pads their start. Use pandas input for cross-validation.

    **Memory.** The 3-D output is a read-only strided view of one padded
    (T + L - 1, F') float32 array, so N windows of L steps cost the memory of
    the series: :class:`rnnforecast.RNNRegressor` trains on it without
    materialising the windows. ``flatten=True`` materialises (N, L * F')
    for models that need a table, in float64 when ``X`` is (float32 keeps
    7 digits: a lag of 300000027 would read 300000032).

    Parameters
    ----------
    window_length : int, default=12
        L, time steps per window, the current row included.
    flatten : bool, default=False
        Return 2-D windows of shape (N, L * F'), oldest step first, for any
        scikit-learn regressor (``Ridge``, ``HistGradientBoostingRegressor``),
        instead of 3-D (N, L, F') windows for :class:`rnnforecast.RNNRegressor`.
        ``set_output(transform="pandas")`` works with ``flatten=True`` only;
        under a global ``sklearn.set_config(transform_output="pandas")``, give
        3-D windows ``.set_output(transform="default")``.
    add_indicator : bool, default=True
        Add the ``is_padding`` feature (F' = F + 1); else F' = F.

    Attributes
    ----------
    history_ : ndarray of shape (T, F), float64
        The rows seen in ``fit``.
    history_index_ : pd.Index or None
        Their index (None for input without an index).
    n_features_in_ : int
        F, features per row seen in ``fit``.
    feature_names_in_ : ndarray of shape (F,)
        Column names seen in ``fit``, when they are all strings.

    See Also
    --------
    rnnforecast.windows.make_supervised : Rows and targets from a series.
    rnnforecast.windows.padded_windows : The windowing function itself.
    rnnforecast.RNNRegressor : Recurrent network on 3-D windows.

    Examples
    --------
    >>> import numpy as np
    >>> from rnnforecast.preprocessing import WindowTransformer
    >>> X = np.array([[1.0], [2.0], [3.0]])
    >>> windows = WindowTransformer(2).fit_transform(X)
    >>> windows.shape, windows.dtype
    ((3, 2, 2), dtype('float32'))
    >>> windows[:, :, 0].tolist()  # value at t - 1, value at t
    [[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]
    >>> windows[:, :, 1].tolist()  # is_padding
    [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    >>> flat = WindowTransformer(2, flatten=True, add_indicator=False).fit(X)
    >>> flat.get_feature_names_out()
    array(['x0_lag_1', 'x0_lag_0'], dtype=object)

    With an index, rows that follow the training rows get their history:

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, 5.0]})
    >>> window = WindowTransformer(3, add_indicator=False).fit(frame.iloc[:3])
    >>> window.transform(frame.iloc[3:])[:, :, 0].tolist()
    [[2.0, 3.0, 4.0], [3.0, 4.0, 5.0]]
    """

    _parameter_constraints = {
        "window_length": [Interval(Integral, 1, None, closed="left")],
        "flatten": ["boolean"],
        "add_indicator": ["boolean"],
    }

    def __init__(self, window_length=12, *, flatten=False, add_indicator=True):
        self.window_length = window_length
        self.flatten = flatten
        self.add_indicator = add_indicator

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: ArrayLike, y: object = None) -> WindowTransformer:
        """Remember the rows of ``X`` (and their index) as history.

        Parameters
        ----------
        X : array-like of shape (T, F) or pd.Series of length T
            Rows in time order: the series, then covariates. A Series is one
            column (F = 1).
        y : None
            Ignored.

        Returns
        -------
        self : WindowTransformer
        """
        values, index = self._validate_input(X, reset=True)
        if self.window_length > len(values):
            raise ValueError(
                f"WindowTransformer: window_length={self.window_length!r} is longer "
                f"than the series given to fit (n_samples={len(values)}), so every "
                f"window would be padded. Use window_length <= {len(values)}."
            )
        self.history_ = np.array(values, dtype=np.float64)  # as given: flatten keeps it
        self.history_index_ = index
        self._step = None if index is None else index_step(index)
        return self

    def transform(self, X: ArrayLike) -> np.ndarray | pd.DataFrame:
        """Window ending at each row of ``X``.

        Parameters
        ----------
        X : array-like of shape (T, F) or pd.Series of length T
            Rows in time order, with the features seen in ``fit``.

        Returns
        -------
        windows : ndarray of shape (T, L, F') or (T, L * F')
            float32; flattened, float64 when ``X`` is.
            ``windows[t, L - 1 - k]`` is row t - k. 3-D windows are a
            read-only strided view; flattened ones a new array.
        """
        check_is_fitted(self)
        output = _get_output_config("transform", self)["dense"]
        if not self.flatten and output != "default":
            if "transform" in getattr(self, "_sklearn_output_config", {}):
                raise ValueError(
                    "WindowTransformer: set_output(transform='pandas' or 'polars') needs "
                    f"flatten=True, got flatten={self.flatten!r}: 3-D windows (N, L, F) are "
                    "not a table."
                )
            raise ValueError(
                f"WindowTransformer: sklearn.set_config(transform_output={output!r}) is set "
                "globally, but 3-D windows (flatten=False, for RNNRegressor) are not a table. "
                "Keep this step's output as arrays with "
                "WindowTransformer(...).set_output(transform='default'), or use flatten=True "
                "for a table."
            )
        values, index = self._validate_input(X, reset=False)
        # a table for any regressor keeps float64 (float32 rounds 300000027 to 300000032);
        # the 3-D windows of RNNRegressor are float32, as it trains
        dtype = np.float64 if self.flatten and values.dtype == np.float64 else np.float32
        if isinstance(index, pd.MultiIndex):
            windows = self._panel_windows(values, index, dtype)
        else:
            _warn_other_values(values, index, self.history_index_, self.history_)
            windows = padded_windows(
                values,
                self.window_length,
                history=_history_before(index, self.history_index_, self.history_, self._step),
                add_indicator=self.add_indicator,
                dtype=dtype,
            )
        return windows.reshape(len(windows), -1) if self.flatten else windows

    def _panel_windows(self, values, index, dtype):
        """Windows of each series of a (series id, ..., time) panel, rows in input order."""
        fitted = self.history_index_
        fitted_groups = {}
        if isinstance(fitted, pd.MultiIndex):
            fitted_groups = _panel_positions(fitted)
        n_features = values.shape[1] + bool(self.add_indicator)
        out = np.empty((len(values), self.window_length, n_features), dtype=dtype)
        for key, rows in _panel_positions(index).items():
            times = index[rows].droplevel(list(range(index.nlevels - 1)))
            history = None
            if key in fitted_groups:
                known = fitted_groups[key]
                known_times = fitted[known].droplevel(list(range(fitted.nlevels - 1)))
                history = _history_before(
                    times, known_times, self.history_[known], index_step(known_times)
                )
            out[rows] = padded_windows(
                values[rows],
                self.window_length,
                history=history,
                add_indicator=self.add_indicator,
                dtype=dtype,
            )
        return out

    def get_feature_names_out(self, input_features: ArrayLike | None = None) -> np.ndarray:
        """Names of the flattened features: ``<feature>_lag_<k>``.

        Lag k is the row k steps before t (``y_lag_0`` is the value at t),
        oldest first, the features of one step together: the columns of
        ``flatten=True`` output and the (L, F') layout of 3-D windows.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; ``feature_names_in_`` (or ``x0, x1, ...``)
            when None.

        Returns
        -------
        feature_names_out : ndarray of str objects of shape (L * F',)
        """
        check_is_fitted(self, "n_features_in_")
        names = list(_check_feature_names_in(self, input_features))
        if self.add_indicator:
            names.append("is_padding")
        lags = range(self.window_length - 1, -1, -1)
        return np.asarray([f"{name}_lag_{lag}" for lag in lags for name in names], dtype=object)

    def _validate_input(self, X, *, reset):
        """X as a float (T, F) array, and its index (None without one)."""
        if isinstance(X, pd.Series):
            X = X.to_frame()
        index = X.index if isinstance(X, pd.DataFrame) else None
        if index is None and ndim(X) == 1:
            raise ValueError(
                "WindowTransformer: X must have shape (T, F) (time steps, features) or "
                "be a pandas Series, got a 1-D array of shape "
                f"{np.asarray(X).shape}. Reshape your data: X.reshape(-1, 1) is one series."
            )
        check_numeric(X, "X", "WindowTransformer")  # names a text column and its row
        try:
            values = validate_data(
                self, X, reset=reset, dtype=[np.float64, np.float32], ensure_all_finite=False
            )
        except (TypeError, ValueError) as error:
            if "Sparse data" in str(error):  # numbers, but a sparse matrix: sklearn's words
                raise type(error)(f"WindowTransformer: {error}") from error
            if "convert" in str(error) or "argument must be" in str(error):
                raise type(error)(
                    f"WindowTransformer: X must be numeric, got non-numeric data ({error})"
                ) from error
            raise
        if isinstance(index, pd.MultiIndex):
            levels = list(range(index.nlevels - 1))
            for key, rows in _panel_positions(index).items():
                check_index(
                    index[rows].droplevel(levels), "WindowTransformer", f"X (series {key!r})"
                )
        elif index is not None:
            step = None
            fitted = getattr(self, "history_index_", None)
            if not reset and fitted is not None and index_kind(index) == index_kind(fitted):
                step = self._step
            check_index(index, "WindowTransformer", "X", step=step)
        check_finite(values, "WindowTransformer", "X", index)
        # the windows are float32: a larger value would become inf in them
        check_float32_range(values, "X", "WindowTransformer", index)
        return values, index

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # flattened tables keep float64; 3-D windows are float32 (RNNRegressor's)
        tags.transformer_tags.preserves_dtype = (["float64", "float32"] if self.flatten
                                                 else ["float32"])
        return tags



def _panel_positions(index):
    """{series key: row positions} of a (series id, ..., time) MultiIndex."""
    rows = pd.Series(np.arange(len(index)), index=index)
    groups = rows.groupby(level=id_levels(index), sort=False).indices
    return {plain_key(key): positions for key, positions in groups.items()}


def _warn_other_values(values, index, fitted, history):
    """Warn when rows of ``values`` at times seen in fit (``fitted``) hold other values than
    the fitted ``history``: the fitted rows before them still become their windows' first
    steps (history is matched by time), which mixes two series if X is another one."""
    if index is None or fitted is None or len(index) == 0 or isinstance(fitted, pd.MultiIndex):
        return
    positions = fitted.get_indexer(index)
    seen = np.flatnonzero(positions >= 0)
    if not len(seen):
        return
    mine = np.asarray(values[seen], dtype=np.float32)
    theirs = history[positions[seen]]
    same = np.isclose(mine, theirs, rtol=1e-6, atol=0, equal_nan=True).all(axis=1)
    if same.all():
        return
    row = int(seen[np.flatnonzero(~same)[0]])
    warnings.warn(
        f"WindowTransformer: X has rows at times seen in fit but with other values (at "
        f"{label(index[row])!r}: {np.asarray(values[row]).tolist()!r} against "
        f"{history[positions[row]].tolist()!r} in fit), yet its first windows are filled "
        "from the fitted rows before them, matched by time. If X is another series, "
        "transform it with a WindowTransformer fitted on it.",
        UserWarning,
        stacklevel=4,  # the caller of transform (sklearn's output wrapper between)
    )


def _history_before(index, fitted, history, step):
    """Remembered rows of ``history`` (indexed by ``fitted``) just before ``index[0]``."""
    if index is None or fitted is None or len(index) == 0:
        return None
    position = fitted.get_indexer(index[:1])[0]
    if position >= 0:
        return history[:position]
    unordered = [kind for kind in (index_kind(index), index_kind(fitted)) if kind == "other"]
    if unordered:  # text or float labels: whether X follows the fitted rows is unknown
        raise ValueError(
            f"WindowTransformer: the first row of X ({label(index[0])!r}) is not a row seen in "
            f"fit, and X's index (dtype {str(index.dtype)!r}; in fit {str(fitted.dtype)!r}) "
            "holds no times to tell whether it follows the fitted rows, whose last values "
            "fill X's first windows (a test fold's history). Give both a PeriodIndex, a "
            "DatetimeIndex or integer steps: parse dates with pd.to_datetime (read_csv(..., "
            "parse_dates=[...], index_col=...)), or number the rows."
        )
    if step is not None and index_kind(index) == index_kind(fitted):
        try:
            follows = bool(fitted[-1] + step == index[0])
        except (TypeError, ValueError):
            follows = False
        if follows:
            return history
    return None
