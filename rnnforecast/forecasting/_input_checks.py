"""What a forecaster has seen of y and X, and how new input is aligned with it.

numpy and pandas only, built on :mod:`rnnforecast.validation`. A forecaster
checks its input with :func:`check_series` and :func:`check_exog`, aligns
``X`` to ``y`` by index with :func:`split_exog` before ``fit``, and keeps a
:class:`SeenData`: per series the first and last time seen, and the
covariates known from the last window on (rows of ``X`` given after the end
of ``y`` are known future covariates). ``SeenData`` completes the ``X`` of
``predict`` and plans an ``update``: which rows of ``y`` and ``X`` to pass on,
refusing gaps and unknown covariates.

``y`` and ``X`` are a Series/DataFrame indexed by time, or a panel indexed
by (series id, ..., time); a series' key is None for a single series.
"""

import numpy as np
import pandas as pd

from ..utils import (
    align_exog,
    check_continues,
    check_finite,
    check_float32_range,
    check_numeric,
    check_time_index,
    index_kind,
    join_groups,
    label,
    merge_rows,
    series_groups,
    shift_label,
)

__all__ = ["check_series", "series_ends", "check_exog", "split_exog", "SeenData"]


def check_series(y, owner):
    """Check values and time index of every series of ``y``: [(key, rows, step)].

    Input that is not pandas (left to sktime's conversion) gives [].
    """
    if not isinstance(y, (pd.Series, pd.DataFrame)):
        return []
    if len(y) == 0:
        raise ValueError(
            f"{owner}: y must have at least one value per series, got an empty "
            f"{type(y).__name__} (index {type(y.index).__name__}, no rows). Pass the series "
            "to forecast."
        )
    check_numeric(y, "y", owner)
    parts = []
    for key, part in series_groups(y):
        step = check_time_index(part.index, where("y", key), owner)
        if pd.api.types.is_numeric_dtype(np.asarray(part).dtype):
            values = part.to_numpy(dtype=float)
            check_finite(values, owner, where("y", key), part.index)
            check_float32_range(values, "y", owner, part.index)
        parts.append((key, part, step))
    return parts


def series_ends(parts):
    """:func:`check_series` parts reduced to the first and last time of each series.

    All that :class:`SeenData` reads of them: a forecaster holds these, not
    a view of every series of a large panel, while it trains.
    """
    return [(key, part.index[[0, -1]], step) for key, part, step in parts]


def _time_index(part):
    return part if isinstance(part, pd.Index) else part.index


def check_exog(X, owner, text_columns=()):
    """``X`` as a checked DataFrame (None or a non-pandas ``X`` unchanged).

    ``text_columns`` may hold text (static covariates, encoded by the forecaster).
    """
    X = X.to_frame() if isinstance(X, pd.Series) else X
    if not isinstance(X, pd.DataFrame):
        return X
    repeated = list(dict.fromkeys(X.columns[X.columns.duplicated()]))
    if repeated:
        raise ValueError(
            f"{owner}: X must have unique column names (covariates are matched by name), "
            f"got {repeated[:3]!r} more than once in columns {list(X.columns)[:8]!r}. "
            "Rename or drop the repeated columns."
        )
    text = [c for c in text_columns if c in X.columns]
    numbers = X.drop(columns=text) if text else X
    check_numeric(numbers, "X", owner)
    _check_finite(numbers, owner)
    for key, part in series_groups(numbers):
        check_time_index(part.index, where("X", key), owner)
        if all(pd.api.types.is_numeric_dtype(t) for t in part.dtypes):
            check_float32_range(part.to_numpy(dtype=float), "X", owner, part.index)
    return X


def _check_finite(X, owner):
    """Raise a ValueError naming the first inf or -inf of a numeric column of ``X``
    (NaN is left to sktime's check of missing data): it would reach the network
    and end in a diverged loss that says nothing of X."""
    for position, column in enumerate(X.columns):
        values = X.iloc[:, position]
        if not pd.api.types.is_float_dtype(values.dtype):
            continue
        infinite = np.isinf(values.to_numpy(dtype=float, na_value=np.nan))
        if infinite.any():
            row = int(np.flatnonzero(infinite)[0])
            raise ValueError(
                f"{owner}: X must hold finite numbers, got {float(values.iloc[row])!r} in "
                f"column {label(column)!r} at row {row} (index {label(X.index[row])!r}). "
                "Replace infinite values "
                "(e.g. X.replace([np.inf, -np.inf], np.nan), then fill them)."
            )


def split_exog(y, parts, X, owner, text_columns=()):
    """``X`` on ``y``'s index, and [(key, rows on y, future rows)] (or None).

    ``parts`` is :func:`check_series` of ``y``. Rows of ``X`` before a
    series' start are dropped; rows after its end are its future rows.
    ``text_columns``: see :func:`check_exog`.
    """
    if isinstance(X, np.ndarray) and parts and index_kind(parts[0][1].index) != "integer":
        raise TypeError(
            f"{owner}: X must be a pandas DataFrame indexed by the times of y (it is "
            f"matched to y by label), got a numpy array of shape {X.shape} while y has a "
            f"{type(parts[0][1].index).__name__}. Pass e.g. pd.DataFrame(X, index=y.index)."
        )
    X = check_exog(X, owner, text_columns)
    if not isinstance(X, pd.DataFrame) or not parts:
        return X, None
    groups = dict(series_groups(X))
    exog = []
    for key, part, _ in parts:
        if key not in groups:
            raise ValueError(
                f"{owner}: X must have rows for every series of y, got none for "
                f"series {key!r}. Pass X with the series of y."
            )
        exog.append((key, *align_exog(part.index, groups[key], owner)))
    aligned = join_groups([(key, rows) for key, rows, _ in exog], list(y.index.names))
    return aligned, exog


class SeenData:
    """Times seen per series and the covariates known from the last window on.

    Parameters
    ----------
    parts : list of (key, rows, step)
        :func:`check_series` of the ``y`` given to ``fit``, or
        :func:`series_ends` of it.
    exog : list of (key, rows, future) or None
        :func:`split_exog` of the ``X`` given to ``fit`` (None without X).
    keep : int
        Rows per series a forecast depends on (the last window and what
        it needs after it): older rows can never change a forecast.
    names : list
        Index level names of ``y`` (to rebuild a panel).
    """

    def __init__(self, parts, exog, keep, names, owner):
        self.keep = keep
        self.names = names
        self.owner = owner
        indexes = [(key, _time_index(part), step) for key, part, step in parts]
        self.spans = {
            key: (index[0], index[-1], step, index_kind(index)) for key, index, step in indexes
        }
        self.known = None
        if exog is not None:
            self.known = {
                key: pd.concat([rows.iloc[-keep:], future]) for key, rows, future in exog
            }

    @property
    def known_columns(self):
        """The columns of the ``X`` given to ``fit``."""
        return list(next(iter(self.known.values())).columns)

    def exog_for_predict(self, X):
        """``X`` of ``predict`` completed by the known rows (given rows win).

        None when nothing after the end of any series is known and no ``X``
        is given, so that the forecaster asks for ``X`` itself.
        """
        X = check_exog(X, self.owner)
        if self.known is None or (X is not None and not isinstance(X, pd.DataFrame)):
            return X
        columns = self.known_columns
        known = self.known
        if X is not None and list(X.columns) != columns:
            if not set(X.columns) < set(columns):
                return X  # the forecaster names the columns seen in fit
            # some columns (those known only up to the cutoff left out): merged alone
            columns = [c for c in columns if c in X.columns]
            X = X[columns]
            known = {key: rows[columns] for key, rows in known.items()}
        if X is None and not any(
            (rows.index > self.spans[key][1]).any() for key, rows in known.items()
        ):
            return None
        given = {} if X is None else dict(series_groups(X))
        for key, part in given.items():
            kind = self.spans[key][3] if key in self.spans else None
            if kind is not None and index_kind(part.index) != kind:
                raise other_kind_error(self.owner, where("X", key), "predict", kind,
                                       part.index, [str(v) for v in part.index[:2]],
                                       "Pass X indexed like the fitted y.")
        parts = [(key, merge_rows(rows, given.get(key))) for key, rows in known.items()]
        return join_groups(parts, self.names)

    def plan_update(self, y, X):
        """The rows of ``y`` and ``X`` to pass on, and the SeenData after them.

        Returns
        -------
        y_rows : pd.Series, pd.DataFrame or None
            The rows of ``y`` that can change a forecast (None: none can).
        X_rows : pd.DataFrame or None
            ``X`` on the index of ``y_rows`` (None without covariates).
        seen : SeenData
            The state after the update; keep it once the update succeeded.
        """
        owner = self.owner
        check_numeric(y, "y", owner)
        X = check_exog(X, owner)
        if isinstance(X, pd.DataFrame) and self.known:
            fitted = self.known_columns
            absent = [c for c in fitted if c not in X.columns]
            if absent:
                raise ValueError(
                    f"{owner}: X in update must have the columns of X in fit, {fitted!r}; "
                    f"got none named {absent!r} (its columns: {list(X.columns)!r}). The "
                    "next windows use them: pass them for the new times."
                )
        given = dict(series_groups(X)) if isinstance(X, pd.DataFrame) else {}
        new = SeenData.__new__(SeenData)
        new.__dict__.update(self.__dict__)
        new.spans = dict(self.spans)
        new.known = None if self.known is None else dict(self.known)
        parts, x_parts = [], []
        for key, part in series_groups(y):
            if key not in new.spans:
                parts.append((key, part))  # the forecaster names the unknown series
                continue
            part, x_part = new._update_series(key, part, given.get(key), X is None)
            if len(part):
                parts.append((key, part))
                if x_part is not None:
                    x_parts.append((key, x_part))
        if not parts:
            return None, None, new
        y_rows = join_groups(parts, self.names)
        if isinstance(y, pd.DataFrame) and isinstance(y_rows, pd.Series):
            y_rows = y_rows.to_frame(y.columns[0])
        X_rows = join_groups(x_parts, self.names) if x_parts else None
        return y_rows, X_rows, new

    def _update_series(self, key, part, x_given, x_is_none):
        """Check one series' new rows; (rows to pass on, their X rows or None)."""
        owner = self.owner
        first, last, step, kind = self.spans[key]
        name = where("y", key)
        if x_given is not None and index_kind(x_given.index) != kind:
            raise other_kind_error(owner, where("X", key), "update", kind, x_given.index,
                                   [str(v) for v in x_given.index[:2]],
                                   "Pass X indexed like the fitted y.")
        if index_kind(part.index) != kind:
            raise other_kind_error(owner, name, "update", kind, part.index,
                                   list(part.index[:2]),
                                   "Pass new rows indexed like the fitted y.")
        if kind == "period" and part.index.freqstr != first.freqstr:
            raise ValueError(
                f"{owner}: the index of {name} in update must have the frequency seen in "
                f"fit ({first.freqstr!r}), got {part.index.freqstr!r} "
                f"({[str(v) for v in part.index[:2]]!r}). Pass the new rows at that "
                "frequency (e.g. resampled), or refit."
            )
        check_time_index(part.index, name, owner, step=step)
        values = part.to_numpy(dtype=float)
        check_finite(values, owner, name, part.index)
        check_float32_range(values, "y", owner, part.index)
        check_continues(first, last, step, part.index, name, owner)
        new_last = max(last, part.index[-1])
        self.spans[key] = (min(first, part.index[0]), new_last, step, kind)
        if self.known is None:
            return part, None
        keep_from = shift_label(new_last, step, 1 - self.keep)
        rows = merge_rows(self.known[key], x_given)
        missing = part[part.index >= keep_from].index.difference(rows.index)
        if len(missing):
            got = "X=None" if x_is_none else "an X without rows at those times"
            raise ValueError(
                f"{owner}: update needs X at the new times of {name}, because X was "
                f"given in fit and the next windows use it; missing {len(missing)} row(s), e.g. "
                f"{[label(t) for t in missing[:3]]!r}, "
                f"got {got}. Pass X covering the new rows, e.g. update(y_new, X=X_new)."
            )
        self.known[key] = rows[rows.index >= keep_from]
        # rows older than the last window cannot change a forecast: pass on
        # those from where X is known without a break
        unknown = np.flatnonzero(~part.index.isin(rows.index))
        part = part.iloc[unknown[-1] + 1 :] if len(unknown) else part
        return part, rows.loc[part.index]


def other_kind_error(owner, name, call, kind, index, shown, advice):
    """The TypeError for an index of ``name`` in ``call`` (predict, update) that is not of
    the ``kind`` seen in fit, its first labels ``shown``."""
    return TypeError(
        f"{owner}: the index of {name} in {call} must be of the kind seen in fit ({kind}), "
        f"got {type(index).__name__} {shown!r}. {advice}"
    )


def where(name, key):
    """``name`` for a single series, ``name (series key)`` in a panel."""
    return name if key is None else f"{name} (series {key!r})"
