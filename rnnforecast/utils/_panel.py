"""Panel plumbing on pandas indexes: the series of a MultiIndex, exogenous rows
aligned to a series, labels shifted by whole steps, rows merged."""

import numpy as np
import pandas as pd

from ._index import index_kind, label

__all__ = [
    "align_exog",
    "check_continues",
    "id_levels",
    "join_groups",
    "merge_rows",
    "plain_key",
    "series_groups",
    "series_runs",
    "shift_label",
]


def id_levels(index):
    """The ``level`` argument that groups a panel ``MultiIndex`` by series: 0 for a
    (series id, time) index, the list of its id levels for a deeper one. One id level
    is passed as a scalar, whose groups pandas 2 and pandas 3 both name by the label
    itself (a list of one level gives 1-tuples in pandas 3, and warns in pandas 2.2).
    """
    levels = list(range(index.nlevels - 1))
    return levels[0] if len(levels) == 1 else levels


def plain_key(key):
    """A series key with numpy scalars made Python ones (``groupby`` under pandas 2
    puts ``np.int64`` labels in a hierarchical key; the index's own labels are
    Python ints), so that keys compare and print alike however they were found."""
    if isinstance(key, tuple):
        return tuple(plain_key(part) for part in key)
    return key.item() if isinstance(key, np.generic) else key


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
    for key, part in obj.groupby(level=id_levels(obj.index), sort=False):
        out.append((plain_key(key), part.droplevel(levels)))
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
    if index_kind(X.index) != index_kind(y_index):
        raise TypeError(
            f"{owner}: the index of {name} must be of the kind of y's index "
            f"({type(y_index).__name__}), so that rows are matched by time, got a "
            f"{type(X.index).__name__} (first labels {[label(v) for v in X.index[:2]]!r}). "
            f"{_index_hint(y_index, name)}"
        )
    missing = y_index.difference(X.index)
    if len(missing):
        freqs = [getattr(index, "freqstr", None) for index in (X.index, y_index)]
        other = (f" {name} is indexed by {freqs[0]!r} periods, y by {freqs[1]!r}: resample "
                 f"{name} to y's frequency." if None not in freqs and freqs[0] != freqs[1]
                 else "")
        raise ValueError(
            f"{owner}: {name} must have a row for every time of y (it may have more), "
            f"got {len(missing)} time(s) of y missing from {name}, first "
            f"{[label(v) for v in missing[:3]]!r}. Pass {name} covering y's index.{other}"
        )
    aligned = X.loc[y_index]
    future = X[X.index > y_index[-1]]
    return aligned, future


def _index_hint(y_index, name):
    """How to give ``name`` the kind of index of ``y_index``."""
    if isinstance(y_index, pd.PeriodIndex):
        return f"Convert it, e.g. {name}.index = {name}.index.to_period({y_index.freqstr!r})."
    if isinstance(y_index, pd.DatetimeIndex):
        return f"Convert it, e.g. {name}.index = {name}.index.to_timestamp()."
    return f"Index {name} like y, e.g. {name}.index = y.index."


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
            f"first time at most {label(following)!r}, one step after the last seen "
            f"time {label(last)!r}), got {label(index[0])!r}. Include the missing rows, "
            "or refit on the whole series."
        )
    preceding = shift_label(first, step, -1)
    if index[-1] < preceding:
        raise ValueError(
            f"{owner}: {name} in update must touch the series seen so far (its last "
            f"time at least {label(preceding)!r}, one step before the first seen time "
            f"{label(first)!r}), got {label(index[-1])!r}, which leaves a gap. Include "
            "the missing rows, or refit on the whole series."
        )


def merge_rows(old, new):
    """``old`` and ``new`` rows in time order; ``new`` wins where labels repeat."""
    if new is None or len(new) == 0:
        return old
    return pd.concat([old[~old.index.isin(new.index)], new]).sort_index()
