"""Input checks and index alignment shared by the estimators (numpy and pandas only).

Pure functions: each takes the data, the parameter's name (``"y"``, ``"X"``)
and the owner (the class or function that reports the error), and either
returns the checked or aligned data or raises a ``ValueError`` (a
``TypeError`` for an index of the wrong type) that names the parameter and
the owner, says what was expected and what was received, and gives a hint.

One index check serves every entry point: :func:`check_time_index` is
:func:`rnnforecast.windows.check_index` (unique, increasing, no gaps) plus
the index types a forecaster can label its forecasts with.
"""

import numpy as np
import pandas as pd

from .windows import _label, check_finite, check_index, index_kind, index_step

__all__ = [
    "FLOAT32_MAX",
    "check_time_index",
    "check_finite_float32",
    "check_float32_range",
    "check_numeric",
    "align_exog",
    "check_continues",
    "merge_rows",
    "series_runs",
    "series_groups",
    "join_groups",
    "shift_label",
]

FLOAT32_MAX = float(np.finfo(np.float32).max)

_KINDS = {
    "period": "a PeriodIndex",
    "datetime": "a DatetimeIndex",
    "integer": "an integer index",
}


def check_time_index(index, name, owner, *, step=None):
    """Check a forecaster's time index and return its step.

    The index must be a ``PeriodIndex``, a ``DatetimeIndex`` with a regular
    frequency (given or inferable) or an integer index of consecutive labels
    (step 1, as sktime counts integer steps), and be unique, increasing and
    gap-free (:func:`rnnforecast.windows.check_index`).

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
            f"{str(index.dtype)!r} (first labels {[_label(v) for v in index[:3]]!r}). "
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
            raise ValueError(
                f"{owner}: the index of {name} is a DatetimeIndex without a frequency that "
                f"can be inferred (irregular or gaps), got {list(index[:3])!r}... Give it "
                f"one, e.g. {name}.asfreq('h'), after filling gaps yourself."
            )
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
        if np.isfinite(high) and np.isfinite(low) and max(high, -low) <= FLOAT32_MAX:
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
            where += f" (index {_label(index[row])!r})"
        raise ValueError(
            f"{owner}: {name} must be within the float32 range (|value| <= "
            f"{FLOAT32_MAX:.4g}) the network computes in, got {value!r} at {where}. "
            f"Rescale {name} first, e.g. divide it by a power of ten."
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
            where = f"row {row}" + ("" if index is None else f" (index {_label(index[row])!r})")
            raise ValueError(
                f"{owner}: {name} must be numeric without missing values, got {value!r} at "
                f"{where} (object dtype). Fill or drop missing values, then convert with "
                f"{name}.astype(float)."
            )


def series_runs(index):
    """The series of a panel ``MultiIndex`` as runs of rows: ``(keys, bounds)``, or None.

    Series i is ``keys[i]`` (as ``groupby(level=...)`` names it) and its rows
    are ``bounds[i]:bounds[i + 1]``, in order of first appearance. Found from
    the index codes alone, without sorting or copying the rows. None when the
    rows of a series are not contiguous or a series label is missing (NaN):
    then only a ``groupby`` can split them.
    """
    levels = list(range(index.nlevels - 1))
    codes = [np.asarray(index.codes[level]) for level in levels]
    n = len(index)
    if n == 0 or any((c < 0).any() for c in codes):
        return None
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for c in codes:
        change[1:] |= c[1:] != c[:-1]
    starts = np.flatnonzero(change)
    del change
    sizes = [len(index.levels[level]) for level in levels]
    if np.prod(sizes, dtype=float) >= 2.0**62:
        return None
    run_codes = np.ravel_multi_index([c[starts] for c in codes], sizes)
    if len(np.unique(run_codes)) != len(starts):
        return None  # a series comes back after another one: not contiguous
    labels = [list(index.levels[level].take(c[starts])) for level, c in zip(levels, codes)]
    keys = labels[0] if len(levels) == 1 else list(zip(*labels))
    return keys, np.append(starts, n)


def series_groups(obj):
    """``[(key, part)]``: the rows of each series, indexed by time only.

    ``key`` is None for a single series (index without levels), the series'
    label for a 2-level ``MultiIndex`` and a tuple for deeper ones; order of
    first appearance. When each series' rows are contiguous (the usual
    layout), the parts are slices of ``obj`` (:func:`series_runs`): a panel
    of 100 M rows is split without a sorted copy of it.
    """
    if not isinstance(obj.index, pd.MultiIndex):
        return [(None, obj)]
    levels = list(range(obj.index.nlevels - 1))
    runs = series_runs(obj.index)
    if runs is not None:
        keys, bounds = runs
        return [
            (key, obj.iloc[start:stop].droplevel(levels))
            for key, start, stop in zip(keys, bounds[:-1].tolist(), bounds[1:].tolist())
        ]
    out = []
    for key, part in obj.groupby(level=levels, sort=False):
        key = key[0] if isinstance(key, tuple) and len(key) == 1 else key
        out.append((key, part.droplevel(levels)))
    return out


def join_groups(parts, names):
    """Inverse of :func:`series_groups`: ``[(key, part)]`` back to one object."""
    if len(parts) == 1 and parts[0][0] is None:
        return parts[0][1]
    pieces = []
    for key, part in parts:
        keys = key if isinstance(key, tuple) else (key,)
        index = pd.MultiIndex.from_tuples([keys + (t,) for t in part.index], names=names)
        pieces.append(part.set_axis(index))
    return pd.concat(pieces)


def align_exog(y_index, X, owner, *, name="X"):
    """Rows of ``X`` at the times of ``y_index``, and its rows after them.

    ``X`` may cover more than ``y``: rows before ``y``'s start are dropped,
    rows after its end are returned apart as *future* rows (known future
    covariates). ``X`` is matched by label, never by position.

    Parameters
    ----------
    y_index : pd.Index
        Time labels of one series (checked).
    X : pd.DataFrame
        Covariates of that series, indexed by time.
    owner, name : str
        For the error messages.

    Returns
    -------
    aligned : pd.DataFrame
        ``X.loc[y_index]``, indexed exactly like ``y``.
    future : pd.DataFrame
        The rows of ``X`` after ``y_index[-1]`` (maybe empty).
    """
    missing = y_index.difference(X.index)
    if len(missing):
        raise ValueError(
            f"{owner}: {name} must have a row for every time of y (it may have more), "
            f"got {len(missing)} time(s) of y missing from {name}, first "
            f"{[_label(v) for v in missing[:3]]!r}. Pass {name} covering y's index."
        )
    aligned = X.loc[y_index]
    future = X[X.index > y_index[-1]]
    return aligned, future


def shift_label(label, step, n):
    """``label`` moved by ``n`` steps (Period, Timestamp + offset, or integer)."""
    if isinstance(label, pd.Period):
        return label + n
    return label + n * step


def check_continues(first, last, step, index, name, owner):
    """Raise a ValueError if new rows ``index`` leave a gap before or after first..last.

    ``first`` and ``last`` are the oldest and newest labels seen so far; new
    rows may overlap them, precede them or follow them, but must touch: their
    first label at most one step after ``last``, their last at least one step
    before ``first``.
    """
    following = shift_label(last, step, 1)
    if index[0] > following:
        raise ValueError(
            f"{owner}: {name} in update must continue the series without a gap (its "
            f"first time at most {_label(following)!r}, one step after the last seen "
            f"time {_label(last)!r}), got {_label(index[0])!r}. Include the missing rows, "
            "or refit on the whole series."
        )
    preceding = shift_label(first, step, -1)
    if index[-1] < preceding:
        raise ValueError(
            f"{owner}: {name} in update must touch the series seen so far (its last "
            f"time at least {_label(preceding)!r}, one step before the first seen time "
            f"{_label(first)!r}), got {_label(index[-1])!r}, which leaves a gap. Include "
            "the missing rows, or refit on the whole series."
        )


def merge_rows(old, new):
    """``old`` and ``new`` rows in time order; ``new`` wins where labels repeat."""
    if new is None or len(new) == 0:
        return old
    return pd.concat([old[~old.index.isin(new.index)], new]).sort_index()
