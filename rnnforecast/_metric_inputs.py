"""Checks of the inputs of :mod:`rnnforecast.metrics`: arrays, labels, periods, levels.

Each check returns the input as a float array (or number) or raises a ValueError that names
the parameter, what was expected and what was received. Shapes: H = forecast horizon, S =
number of series; ``y_true`` and ``y_pred`` are (H,) or (S, H).
"""

import numpy as np
import pandas as pd

__all__ = [
    "align_by_label", "as_1d", "as_float_array", "check_finite", "check_level", "check_period",
    "check_same_shape", "check_score", "interval_arrays", "panel_rows", "seasonal_naive_scale",
    "to_float",
    "training_series",
]  # fmt: skip


def to_float(y, name, what="numeric array-like"):
    """``y`` as a float array, or a ValueError naming ``name``."""
    try:
        return np.asarray(y, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be {what}; could not convert it to float: {exc}"
        ) from exc


def as_float_array(y, name):
    """Return ``y`` as a finite float array of shape (H,) or (S, H)."""
    array = to_float(y, name)
    if array.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be 1-D (one series) or 2-D (series x horizon); "
            f"got an array with ndim={array.ndim!r} and shape {array.shape!r}."
        )
    if array.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {array.shape!r}.")
    check_finite(array, name)
    return array


def check_finite(array, name):
    """Raise a ValueError if ``array`` holds NaN or infinite values."""
    if not np.all(np.isfinite(array)):
        n_bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} must hold finite values only; got {n_bad!r} NaN or infinite "
            "value(s). Drop padding and missing values before scoring."
        )


def align_by_label(y_true, y_pred, name="y_pred", func=None):
    """``y_pred`` reordered to ``y_true``'s labels when both are pandas objects.

    Two Series (or DataFrames) are compared by label, not by position: the
    same labels in another order are matched, different labels refused.
    ``name`` is the parameter named in the error for ``y_pred`` (e.g.
    ``"lower"``), ``func`` the function named at its start, if given.
    """
    pandas = (pd.Series, pd.DataFrame)
    if not (isinstance(y_true, pandas) and isinstance(y_pred, pandas)):
        return y_true, y_pred
    axes = [("index", y_true.index, y_pred.index)]
    if isinstance(y_true, pd.DataFrame) and isinstance(y_pred, pd.DataFrame):
        axes.append(("columns", y_true.columns, y_pred.columns))
    for axis, true_labels, pred_labels in axes:
        if true_labels.equals(pred_labels):
            continue
        same = (
            true_labels.is_unique
            and pred_labels.is_unique
            and len(true_labels) == len(pred_labels)
            and true_labels.isin(pred_labels).all()
        )
        if not same:
            only_true = list(true_labels.difference(pred_labels)[:3])
            only_pred = list(pred_labels.difference(true_labels)[:3])
            prefix = f"{func}: " if func else ""
            raise ValueError(
                f"{prefix}y_true and {name} must have the same {axis} labels (pandas "
                f"input is compared by label); got labels only in y_true {only_true!r} "
                f"and only in {name} {only_pred!r} (or repeated labels). Align them "
                f"first, e.g. {name}.reindex(y_true.{axis}), or pass arrays to compare "
                "by position."
            )
        y_pred = y_pred.reindex(**{axis: true_labels})
    return y_true, y_pred


def _is_panel(y):
    """Is ``y`` a panel in sktime's format: a Series (or one-column frame) whose index has
    the series' keys in its first levels and the time in its last?"""
    return (isinstance(y, (pd.Series, pd.DataFrame)) and isinstance(y.index, pd.MultiIndex)
            and y.index.nlevels >= 2)


def _series_of(y, name, keys=None):
    """(keys, [1-D values]) of the series of panel ``y``, in order of first appearance (or
    of ``keys``, each of which it must hold)."""
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(
                f"{name} must be one column when it is a panel (a MultiIndex); got the "
                f"columns {list(y.columns)!r}. Score each column on its own."
            )
        y = y.iloc[:, 0]
    levels = list(range(y.index.nlevels - 1))
    parts = {key: group.to_numpy(dtype=float)
             for key, group in y.groupby(level=levels if len(levels) > 1 else 0, sort=False)}
    if keys is None:
        return list(parts), list(parts.values())
    missing = [key for key in keys if key not in parts]
    if missing:
        raise ValueError(
            f"{name} must hold every series of y_true; got none for {missing[:3]!r}."
        )
    return keys, [parts[key] for key in keys]


def _timed_columns(y, training=False):
    """A DataFrame whose rows are times (a PeriodIndex or DatetimeIndex, as sktime's
    forecasts of a DataFrame y) holds one series per column: one column as a 1-D series,
    several as (S, H) rows (``training``: a list of S series). Anything else as it is:
    the rows of a 2-D array or of another DataFrame are series."""
    if not isinstance(y, pd.DataFrame) or not isinstance(y.index, (pd.PeriodIndex,
                                                                    pd.DatetimeIndex)):
        return y
    if y.shape[1] == 1:
        return y.iloc[:, 0]
    columns = [y[c].to_numpy() for c in y.columns]
    return columns if training else np.stack(columns)


def panel_rows(y_true, others, y_train=None):
    """A panel in sktime's format (``y_true`` with a MultiIndex, ``others`` [(name, values)]
    matched to it by label) as one row per series: ``y_true`` and each of ``others`` as
    (S, H) arrays, then ``y_train`` as a dict of the S training series by key, in the rows'
    order (when given, a panel of the same series; errors then name a series by its key).
    Anything else comes back as it is (a DataFrame indexed by times as its columns,
    :func:`_timed_columns`): the metrics score a panel per series, and a panel's rows read
    as one long series mixed the series' scales."""
    if not _is_panel(y_true):
        return tuple(_timed_columns(v) for v in [y_true, *[values for _, values in others]]) + (
            () if y_train is None else (_timed_columns(y_train, training=True),))
    keys, rows = _series_of(y_true, "y_true")
    lengths = sorted({len(row) for row in rows})
    if len(lengths) > 1:
        raise ValueError(
            "every series of a y_true panel must have the same horizon, to be one row of "
            f"(S, H); got lengths {lengths!r}. Score the series of each horizon apart."
        )
    out = [np.stack(rows)]
    for name, values in others:
        out.append(np.stack(_series_of(values, name, keys)[1]) if _is_panel(values)
                   else values)
    if y_train is not None:
        if not _is_panel(y_train):
            raise ValueError(
                "y_train must be a panel of the same series when y_true is a panel (a "
                f"MultiIndex); got {type(y_train).__name__}. Pass the training panel, "
                "e.g. y_train=y (the data the forecaster was fitted on)."
            )
        out.append(dict(zip(keys, _series_of(y_train, "y_train", keys)[1])))
    return tuple(out)


def check_same_shape(y_true, y_pred, name="y_pred"):
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and {name} must have the same shape; got y_true.shape="
            f"{y_true.shape!r} and {name}.shape={y_pred.shape!r}."
        )


def check_period(m):
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"m must be an integer >= 1 (seasonal period); got m={m!r}.")
    return int(m)


def training_series(y_train, n_series):
    """Split ``y_train`` into ``n_series`` (name, finite 1-D float array) pairs."""
    if n_series is None:
        return [("y_train", as_1d(y_train, "y_train"))]
    if isinstance(y_train, dict):  # a panel's series by key (panel_rows)
        return [(f"y_train[{key!r}]", as_1d(s, f"y_train[{key!r}]"))
                for key, s in y_train.items()]
    ragged = isinstance(y_train, np.ndarray) and y_train.dtype == object
    if isinstance(y_train, np.ndarray) and y_train.ndim == 2 or ragged:
        series = list(y_train)
    elif isinstance(y_train, np.ndarray) or np.isscalar(y_train):
        raise ValueError(
            "y_train must be a 2-D array or a sequence of 1-D arrays (one per series) "
            f"when y_true is 2-D; got an array of shape {np.shape(y_train)!r}."
        )
    else:
        series = list(y_train)
    if len(series) != n_series:
        raise ValueError(
            f"y_train must hold one training series per row of y_true ({n_series!r}); "
            f"got {len(series)!r} series. A 2-D y_true is (series, steps): a one-column "
            "DataFrame not indexed by times reads as one series per row; pass its column "
            "(y_true['name']) for one series."
        )
    names = [f"y_train[{i}]" for i in range(n_series)]
    return [(name, as_1d(s, name)) for name, s in zip(names, series)]


def as_1d(y, name):
    array = to_float(y, name, "a numeric 1-D array-like")
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one training series); got shape {array.shape!r}."
        )
    check_finite(array, name)
    return array


def seasonal_naive_scale(y_train, m, name):
    """In-sample mean absolute error of the seasonal naive forecast."""
    if y_train.shape[0] <= m:
        raise ValueError(
            f"{name} must be longer than the seasonal period m={m!r}; got "
            f"{y_train.shape[0]!r} value(s)."
        )
    scale = np.mean(np.abs(y_train[m:] - y_train[:-m]))
    if scale == 0:
        raise ValueError(
            f"{name} has a zero seasonal naive in-sample error (the series repeats "
            f"itself exactly with period m={m!r}), so MASE is undefined for it."
        )
    return scale


def check_score(value, name, positive):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number; got {value!r}.") from None
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    if positive and number <= 0:
        raise ValueError(f"{name} must be > 0 (it divides); got {value!r}.")
    if number < 0:
        raise ValueError(f"{name} must be >= 0 (a score); got {value!r}.")


def check_level(value, name):
    """``value`` as a float strictly between 0 and 1, or a ValueError naming ``name``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 < number < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1; got {value!r}.")
    return number


def interval_arrays(y_true, lower, upper, func, y_train=None):
    """Bounds matched to ``y_true`` by label (pandas), then as checked float arrays (and
    ``y_train`` as :func:`panel_rows` gives it, when given)."""
    _, lower = align_by_label(y_true, lower, name="lower", func=func)
    _, upper = align_by_label(y_true, upper, name="upper", func=func)
    y_true, lower, upper, *train = panel_rows(y_true, [("lower", lower), ("upper", upper)],
                                              y_train)
    y_true = as_float_array(y_true, "y_true")
    lower = as_float_array(lower, "lower")
    upper = as_float_array(upper, "upper")
    check_same_shape(y_true, lower, "lower")
    check_same_shape(y_true, upper, "upper")
    if np.any(lower > upper):
        n_bad = int(np.count_nonzero(lower > upper))
        raise ValueError(
            f"lower must be <= upper at every step; got {n_bad!r} step(s) with "
            "lower > upper (swapped bounds?)."
        )
    return (y_true, lower, upper, *train)
