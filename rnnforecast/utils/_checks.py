"""Input checks and index alignment shared by the estimators (numpy and pandas only).

Pure functions, one signature: each takes the value (data or a parameter),
the parameter's name (``"y"``, ``"X"``, ``"hidden_size"``) and the owner (the
class or function that reports the error), and either returns the checked or
aligned data or raises a ``ValueError`` (a ``TypeError`` for an index of the
wrong type) that names the parameter and the owner, says what was expected
and what was received, and gives a hint.

One index check serves every entry point: :func:`check_time_index` is
:func:`rnnforecast.utils.check_index` (unique, increasing, no gaps) plus
the index types a forecaster can label its forecasts with.
"""

from numbers import Integral, Real

import numpy as np
import pandas as pd

from ._index import (
    check_finite,
    check_index,
    index_kind,
    index_step,
    label,
    no_frequency_error,
)

__all__ = [
    "FLOAT32_MAX",
    "check_time_index",
    "check_finite_float32",
    "check_float32_range",
    "check_numeric",
    "check_positive_int",
    "check_unit_levels",
    "is_choice",
    "ndim",
]

FLOAT32_MAX = float(np.finfo(np.float32).max)
#: float32's smallest normal number (about 1.2e-38): values all below it are lost in the networks.
FLOAT32_TINY = float(np.finfo(np.float32).tiny)

_KINDS = {
    "period": "a PeriodIndex",
    "datetime": "a DatetimeIndex",
    "integer": "an integer index",
}


def is_choice(value, choices):
    """Whether ``value`` is one of ``choices`` (strings, and None where it is one).

    False, never numpy's "truth value of an array is ambiguous", for an array, a
    list or any other value that is neither a string nor None, so that the caller
    raises its own error naming the parameter.

    Examples
    --------
    >>> import numpy as np
    >>> is_choice("mean", ("mean", "last")), is_choice(None, ("auto", None))
    (True, True)
    >>> is_choice(np.array(["mean", "last"]), ("mean", "last"))
    False
    """
    return (value is None or isinstance(value, str)) and value in choices


def check_time_index(index, name, owner, *, step=None):
    """Check a forecaster's time index and return its step.

    The index must be a ``PeriodIndex``, a ``DatetimeIndex`` with a regular
    frequency (given or inferable) or an integer index of consecutive labels
    (step 1, as sktime counts integer steps), and be unique, increasing and
    gap-free (:func:`rnnforecast.utils.check_index`).

    Parameters
    ----------
    index : pd.Index
        The time labels of one series.
    name, owner : str
        The parameter (``"y"``, ``"X"``) and the reporting class.
    step : int or pandas offset or None, default=None
        The step seen before (e.g. in ``fit``), for indexes too short to
        infer a frequency from.

    Returns
    -------
    step : int or pandas offset
        1 for a PeriodIndex or an integer index, else the frequency.
    """
    kind = index_kind(index)
    if kind not in _KINDS:
        raise TypeError(
            f"{owner}: the index of {name} must be a PeriodIndex, a DatetimeIndex or an "
            f"integer index (time labels), got {type(index).__name__} of dtype "
            f"{str(index.dtype)!r} (first labels {[label(v) for v in index[:3]]!r}). "
            "Use e.g. y.index = pd.period_range(start, periods=len(y), freq='M'), or "
            "y.reset_index(drop=True) for plain step numbers."
        )
    if kind == "integer":
        step = 1
    elif kind == "period":
        step = 1
    elif kind == "datetime" and step is None:
        step = index_step(index)
        if step is None and len(index) >= 2:
            check_index(index, owner, name)  # duplicates, disorder (and 3+ labels: this)
            raise no_frequency_error(index, owner, name)
    check_index(index, owner, name, step=step)
    return step


def check_finite_float32(values, name, owner, index=None):
    """Raise a ValueError unless ``values`` are finite and within float32 range.

    The networks compute in float32: a finite float64 value beyond
    ``FLOAT32_MAX`` (about 3.4e38) would become inf there and give a
    meaningless forecast.
    """
    values = np.asarray(values, dtype=np.float64)
    check_finite(values, owner, name, index)
    check_float32_range(values, name, owner, index)


def check_float32_range(values, name, owner, index=None):
    """Raise a ValueError if a finite value of ``values`` is beyond float32 range.

    NaN and inf are left to the checks of missing values. Costs no copy of
    a strided view of windows unless a value is out of range (or NaN).
    """
    values = np.asarray(values)
    kind = values.dtype.kind
    if values.size == 0 or kind in "biu" or (kind == "f" and values.dtype.itemsize <= 4):
        return  # integers and float32 cannot hold such a value
    if values.dtype.kind == "f" and values.ndim:
        high, low = np.max(values), np.min(values)  # reductions: no copy
        largest = max(high, -low)
        if np.isfinite(high) and np.isfinite(low) and largest <= FLOAT32_MAX:
            if 0 < largest < FLOAT32_TINY:
                raise ValueError(
                    f"{owner}: {name} must hold values that float32 (which windows and "
                    f"networks compute in) tells apart from 0, got largest |value| "
                    f"{largest:.4g}, below its smallest normal number {FLOAT32_TINY:.4g}. "
                    f"Rescale {name} first, e.g. multiply it by a power of ten."
                )
            return
    values = values.astype(np.float64)
    flat = values.reshape(len(values), -1) if values.ndim else values.reshape(1, 1)
    with np.errstate(invalid="ignore"):
        too_large = np.isfinite(flat) & (np.abs(flat) > FLOAT32_MAX)
    if too_large.any():
        row = int(np.flatnonzero(too_large.any(axis=1))[0])
        value = float(flat[row][too_large[row]][0])
        where = f"row {row}"
        if index is not None:
            where += f" (index {label(index[row])!r})"
        largest = float(np.max(np.abs(flat[np.isfinite(flat)])))
        raise ValueError(
            f"{owner}: {name} must be within the float32 range (|value| <= "
            f"{FLOAT32_MAX:.4g}) that windows and networks compute in, got {value!r} at "
            f"{where}, largest |value| {largest:.4g}. Rescale {name} first, e.g. divide "
            "it by a power of ten."
        )


def check_numeric(values, name, owner):
    """Raise a ValueError if object-dtype ``values`` hold a missing value (None, NaN).

    ``values`` is a Series, a DataFrame or an array. Numbers held as Python
    objects with a ``None`` among them would otherwise become NaN deep inside
    training and surface as a diverged loss.
    """
    if isinstance(values, pd.Series):
        values = values.to_frame()
    if isinstance(values, pd.DataFrame):
        index = values.index
        _check_numeric_dtypes(values, name, owner)
        columns = [values[c].to_numpy() for c in values.columns if values[c].dtype == object]
    else:
        index = None
        array = np.asarray(values) if isinstance(values, (np.ndarray, list, tuple)) else None
        if array is None or array.dtype != object or array.ndim == 0:
            return  # numbers, or input (None, sparse) left to the caller's checks
        columns = [array if array.ndim == 1 else array.reshape(len(array), -1)]
    for column in columns:
        missing = pd.isna(column)
        missing = missing.any(axis=1) if missing.ndim == 2 else missing
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            value = column[row] if column.ndim == 1 else column[row].tolist()
            where = f"row {row}" + ("" if index is None else f" (index {label(index[row])!r})")
            raise ValueError(
                f"{owner}: {name} must be numeric without missing values, got {value!r} at "
                f"{where} (object dtype). Fill or drop missing values, then convert with "
                f"{name}.astype(float)."
            )


def _check_numeric_dtypes(frame, name, owner):
    """Raise a TypeError naming the first text value of a column of ``frame``.

    Text (``str`` dtype, or strings in an ``object`` column), categories and
    dates would otherwise reach sktime ("categorical features", without the
    column or the value) or a float conversion deep inside pandas ("could not
    convert string to float"). Other objects (numbers held as Python objects,
    sktime's nested series) are left to the other checks.
    """
    for position, column in enumerate(frame.columns):
        series = frame.iloc[:, position]
        dtype = series.dtype
        if pd.api.types.is_numeric_dtype(dtype):
            continue
        present = series.notna().to_numpy()
        if dtype == object:
            bad = np.fromiter((isinstance(v, (str, bytes)) for v in series.to_numpy()),
                              dtype=bool, count=len(series))
            if not bad.any():
                continue
        else:
            bad = present if present.any() else np.ones(len(series), dtype=bool)
        row = int(np.flatnonzero(bad)[0]) if len(series) else None
        where = f" in column {label(column)!r}" if frame.shape[1] > 1 or name == "X" else ""
        got = f"categorical data (dtype {str(dtype)!r}){where}"
        if row is not None:
            got += (f", e.g. {label(series.iloc[row])!r} at row {row} "
                    f"(index {label(frame.index[row])!r})")
        raise TypeError(
            f"{owner}: {name} must be numeric, got {got}. Convert it first, e.g. "
            f"pd.to_numeric({name}{'[column]' if where else ''}), or leave text columns out."
        )


def check_positive_int(value, name, owner="RNNNet", *, allow_none=False, allow_auto=False):
    """Raise a ValueError naming ``owner`` unless ``value`` is an integer >= 1
    (or None with ``allow_none``, or "auto" with ``allow_auto``)."""
    if (allow_none and value is None) or (allow_auto and isinstance(value, str)
                                          and value == "auto"):
        return
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        others = (["'auto'"] if allow_auto else []) + (["None"] if allow_none else [])
        expected = ", ".join(["a positive integer", *others[:-1]])
        expected += f" or {others[-1]}" if others else ""
        raise ValueError(f"{owner}: {name} must be {expected}, got {value!r}.")


def check_unit_levels(levels, values, name, owner, *, expected, order="sorted"):
    """``levels`` as a list of floats strictly between 0 and 1 and increasing (with
    ``order=None``: in any order, without duplicates), or a ValueError naming ``name``.

    Parameters
    ----------
    levels : list
        The levels to check (the parameter's value, as a list).
    values : object
        The parameter's value as given, shown in the messages.
    name, owner : str
    expected : str
        What each level was expected to be, e.g. "a number or a list of numbers".
    order : str or None, default="sorted"
        How the message names the order asked for ("sorted", "increasing"); None:
        any order (sktime's ``alpha`` and ``coverage``, whose columns keep it).
    """
    for value in levels:
        if isinstance(value, bool) or not isinstance(value, Real) or not 0 < value < 1:
            raise ValueError(
                f"{owner}: {name} must be {expected} strictly between 0 and 1, got "
                f"{value!r} in {name}={values!r}."
            )
    if order is None:
        if len(set(float(v) for v in levels)) < len(levels):
            raise ValueError(
                f"{owner}: {name} must be without duplicates, got {name}={values!r}. "
                f"Use {list(dict.fromkeys(float(v) for v in levels))!r}."
            )
    elif any(b <= a for a, b in zip(levels, levels[1:])):
        raise ValueError(
            f"{owner}: {name} must be {order} and without duplicates, got {name}={values!r}. "
            f"Use {sorted(set(float(v) for v in levels))!r}."
        )
    return [float(v) for v in levels]


def ndim(X):
    """Dimensions of array-like ``X``, or None when numpy cannot tell (ragged)."""
    try:
        return X.ndim if hasattr(X, "ndim") else np.asarray(X).ndim
    except (TypeError, ValueError):
        return None
