"""Checks and facts of a time index (pandas only): step, kind, order, gaps."""

import warnings

import numpy as np
import pandas as pd
from pandas.api.types import is_integer_dtype, is_numeric_dtype

__all__ = [
    "check_finite", "check_index", "frequency_advice", "index_kind", "index_step", "label",
    "no_frequency_error",
]


def check_finite(values, owner, name, index=None):
    """Raise a ValueError locating the first NaN or infinite value of ``values``."""
    finite = np.isfinite(values)
    if finite.all():
        return
    row = int(np.flatnonzero(~finite.reshape(len(values), -1).all(axis=1))[0])
    where = f"row {row}"
    if index is not None:
        where += f" (index {label(index[row])!r})"
    raise ValueError(
        f"{owner}: {name} must be finite (no NaN or inf), got "
        f"{values.reshape(len(values), -1)[row].tolist()!r} at {where}. Fill or drop "
        "missing values first, e.g. with y.interpolate()."
    )


def index_step(index):
    """The regular step between the labels of ``index``, or None if unknown.

    1 for a ``PeriodIndex`` (one period); the ``freq`` (given or inferred)
    of a ``DatetimeIndex`` or ``TimedeltaIndex``; the common difference of
    an evenly spaced integer index (1 for a single label).
    """
    if isinstance(index, pd.PeriodIndex):
        return 1
    if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)):
        if index.freq is not None:
            return index.freq
        if len(index) >= 3:
            inferred = pd.infer_freq(index)
            if inferred is not None:
                return pd.tseries.frequencies.to_offset(inferred)
        return None
    if is_integer_dtype(index.dtype) and len(index) > 0:
        if len(index) == 1:
            return 1
        steps = np.diff(index.to_numpy())
        if steps[0] > 0 and (steps == steps[0]).all():
            return int(steps[0])
    return None


def index_kind(index):
    """'period', 'datetime', 'timedelta', 'integer' or 'other'."""
    for kind, cls in [
        ("period", pd.PeriodIndex),
        ("datetime", pd.DatetimeIndex),
        ("timedelta", pd.TimedeltaIndex),
    ]:
        if isinstance(index, cls):
            return kind
    return "integer" if is_integer_dtype(index.dtype) else "other"


#: Typical steps (in days) that calendar periods have, and the period to index them by.
_CALENDAR_PERIODS = [((27, 32), "M", "monthly"), ((88, 93), "Q", "quarterly"),
                     ((364, 367), "Y", "yearly")]


def frequency_advice(index, name):
    """What to do with a DatetimeIndex whose frequency pandas cannot infer: from its most
    common step, a PeriodIndex for months, quarters and years stamped on varying days, or
    ``asfreq`` with that step, naming the first step that differs (a gap)."""
    times = index.sort_values()
    steps = pd.TimedeltaIndex(times[1:] - times[:-1])
    positive = steps[steps > pd.Timedelta(0)]
    if not len(positive):
        return f"Give it one, e.g. {name}.asfreq('D'), after filling gaps yourself."
    typical = positive.value_counts().idxmax()
    days = typical / pd.Timedelta(days=1)
    for (low, high), code, word in _CALENDAR_PERIODS:
        if low <= days <= high:
            return _period_advice(times, code, word, name)
    if days == 1 and (times.dayofweek < 5).all() and (steps == 3 * typical).any():
        missing = pd.date_range(times[0], times[-1], freq="B").difference(times)
        if len(missing):  # business days (no Saturday or Sunday) with a day missing
            return (f"Its steps look like business days (no Saturday or Sunday), but "
                    f"{missing[0]} is missing ({len(missing)} in all): {name}.asfreq('B') "
                    "puts a row at every business day (NaN where none was), then fill the "
                    "gaps yourself.")
    other = np.flatnonzero(steps != typical)
    where = ""
    if len(other):
        i = int(other[0])
        where = f" but {times[i]} -> {times[i + 1]} is {steps[i]}"
    code = pd.tseries.frequencies.to_offset(typical).freqstr
    if typical % pd.Timedelta(days=1) == pd.Timedelta(0):  # whole days: "D", "7D", not "24h"
        code = "D" if days == 1 else f"{int(days)}D"
    return (f"Its most common step is {typical}{where}: {name}.asfreq('{code}') puts a row at "
            "every step (NaN where none was), then fill the gaps yourself.")


def _period_advice(times, code, word, name):
    """:func:`frequency_advice` for steps of calendar periods (``code``: "M", "Q", "Y"):
    a PeriodIndex, naming a period missing or holding two rows."""
    periods = times.to_period(code)
    if not periods.is_unique:
        twice = periods[periods.duplicated()][0]
        return (f"Its steps look {word}, but {twice} holds more than one row: aggregate "
                f"them by period, e.g. {name} = {name}.groupby({name}.index.to_period("
                f"'{code}')).mean().")
    missing = pd.period_range(periods[0], periods[-1], freq=code).difference(periods)
    if len(missing):
        return (f"Its steps look {word}, but {missing[0]} is missing ({len(missing)} in "
                f"all): index it by period, {name}.index = {name}.index.to_period('{code}'), "
                f"put a row at every period, {name} = {name}.reindex(pd.period_range("
                f"{name}.index[0], {name}.index[-1], freq='{code}')) (NaN where none "
                "was), then fill the gaps yourself.")
    return (f"Its steps look {word} on varying days: index it by period, "
            f"{name}.index = {name}.index.to_period('{code}').")


def no_frequency_error(index, owner, name):
    """The ValueError for a DatetimeIndex whose frequency is neither set nor inferable,
    with :func:`frequency_advice`."""
    return ValueError(
        f"{owner}: the index of {name} is a DatetimeIndex without a frequency that "
        f"can be inferred (irregular or gaps), got {list(index[:3])!r}... "
        f"{frequency_advice(index, name)}"
    )


def check_index(index, owner, name, step=None):
    """Raise a ValueError unless ``index`` is unique, increasing and gap-free.

    Labels that are not times or numbers (strings) are only checked for
    uniqueness: their order says nothing about time. Gaps are looked for
    where the step between labels is known: ``step`` if given, else
    :func:`index_step` of a ``PeriodIndex`` or of a ``DatetimeIndex`` (its
    ``freq``, or the one pandas infers from 3 labels or more; refused where none
    can be: the steps vary), else the smallest difference of an integer index.
    """
    if not index.is_unique:
        duplicated = index[index.duplicated()].unique()[:3].tolist()
        raise ValueError(
            f"{owner}: the index of {name} must be unique (one row per time step), "
            f"got duplicated labels {[label(v) for v in duplicated]!r}. Aggregate or "
            "drop duplicates first."
        )
    ordered = index_kind(index) != "other" or is_numeric_dtype(index.dtype)
    if ordered and not index.is_monotonic_increasing:
        row = int(np.flatnonzero(~np.asarray(index[1:] > index[:-1]))[0])
        raise ValueError(
            f"{owner}: the index of {name} must be increasing (oldest row first), "
            f"got {label(index[row + 1])!r} right after {label(index[row])!r}. Sort "
            "it with sort_index()."
        )
    if step is None and (
        isinstance(index, pd.PeriodIndex)
        or (isinstance(index, pd.DatetimeIndex) and index.freq is not None)
    ):
        step = index_step(index)
    if step is None and isinstance(index, pd.DatetimeIndex) and len(index) >= 3:
        step = index_step(index)  # the frequency pandas infers: none where steps vary
        if step is None:
            raise no_frequency_error(index, owner, name)
    if step is None and index_kind(index) == "integer" and len(index) >= 2:
        step = int(np.diff(index.to_numpy()).min())  # the smallest step; a larger one is a gap
    if step is None or len(index) < 2:
        return
    if index_kind(index) == "integer":
        following = index.to_numpy()[:-1] + step
    else:
        with warnings.catch_warnings():  # business hours: pandas adds them one by one
            warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
            following = index[:-1] + step
    gaps = np.flatnonzero(np.asarray(index[1:] != following))
    if len(gaps) and index_kind(index) == "integer":
        steps = np.unique(np.diff(index.to_numpy()))
        if len(steps) == 1 and steps[0] > step:  # regular, but not in steps of `step`
            raise ValueError(
                f"{owner}: the index of {name} must count time steps one by one (an "
                f"integer index is read in steps of {step!r}, as sktime reads a relative "
                f"fh), got labels {int(steps[0])!r} apart throughout "
                f"({[label(v) for v in index[:3]]!r}...). Relabel the rows, e.g. "
                f"{name}.reset_index(drop=True), or give them a PeriodIndex or "
                "DatetimeIndex of their real frequency."
            )
    if len(gaps):
        row = int(gaps[0])
        if isinstance(index, pd.PeriodIndex):
            every = f"period of {index.freqstr!r}"
        else:
            every = repr(getattr(step, "freqstr", step))
        raise ValueError(
            f"{owner}: the index of {name} must have no gaps (one row every {every}), "
            f"got {label(index[row + 1])!r} right after {label(index[row])!r}. "
            "Reindex to the full range and fill the missing values first (in a "
            "cross-validation, a splitter that leaves rows out of a training fold, such as "
            "KFold, makes such gaps: use a time-ordered one, e.g. TimeSeriesSplit)."
        )


def label(value):
    """An index label as a plain Python value where numpy would clutter its repr."""
    return value.item() if isinstance(value, np.generic) else value
