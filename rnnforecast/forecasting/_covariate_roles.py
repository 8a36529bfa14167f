"""The roles of the columns of X: future-known, past-only and static covariates.

numpy and pandas only. ``RNNForecaster(past_covariates=[...],
static_covariates=[...])`` names columns of ``X``; the others are
future-known (their values for the forecast steps are given to ``predict``,
or were given to ``fit`` after the end of ``y``).

- **future-known** columns are led by the horizon H in the windows
  (:mod:`rnnforecast.forecasting._covariates`): a window ending at the
  forecast origin carries their values at the H forecast steps.
- **past-only** columns are known up to the cutoff only: they are features of
  the window rows as the series itself is (the value at t on the row of t),
  so a window ending at the forecast origin needs nothing after it. Forecasts
  further than H would need their future values: they are refused.
- **static** columns hold one value per series (store size, region): numeric
  columns are standardised over the series, others (text, categorical,
  boolean) one-hot encoded, both
  learnt in ``fit`` (:class:`CovariateRoles`), and fed on every row of the
  series' windows, unnormalised (``RNNNet(raw_features=...)``).

Symbols: S = series, D = static features after encoding.
"""

import numpy as np
import pandas as pd

from ..utils import index_kind, label, series_groups

__all__ = ["CovariateHooks", "CovariateRoles", "check_past_values", "check_roles",
           "numeric_columns", "static_table"]


def _names(value, name, owner):
    """``value`` (None or a list of column names) as a list."""
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, pd.Index)):
        raise TypeError(
            f"{owner}: {name} must be a list of column names of X or None, got "
            f"{value!r}. Pass e.g. {name}=[{value!r}]."
        )
    return list(value)


def check_roles(X, past_covariates, static_covariates, owner, stage="fit"):
    """The past-only and static column names, checked against ``X``: (past, static).

    Raises when a name is not a column of ``X``, is in both lists, or when
    names are given but ``X`` is not a DataFrame (None, or an array without
    column names).
    """
    past = _names(past_covariates, "past_covariates", owner)
    static = _names(static_covariates, "static_covariates", owner)
    both = [c for c in past if c in static]
    if both:
        raise ValueError(
            f"{owner}: a column is either past-only or static, got {both!r} in both "
            f"past_covariates={past!r} and static_covariates={static!r}."
        )
    if not past and not static:
        return past, static
    given = {"past_covariates": past, "static_covariates": static}
    if not isinstance(X, pd.DataFrame):
        name = "past_covariates" if past else "static_covariates"
        got = "X=None" if X is None else f"X of type {type(X).__name__}"
        raise ValueError(
            f"{owner}: {name}={given[name]!r} names columns of X, but {stage} got {got}. "
            f"Pass X as a DataFrame with those columns, e.g. {stage}(y, X=X)."
        )
    for name, columns in given.items():
        missing = [c for c in columns if c not in X.columns]
        if missing:
            raise ValueError(
                f"{owner}: {name} must name columns of X, got {missing!r}, not among the "
                f"columns of X {list(X.columns)!r}."
            )
    return past, static


def check_past_values(parts, X, past, owner, stage="fit"):
    """Raise unless each past-only column has a value at every time of each series.

    ``parts`` are ``(key, rows)`` of ``y`` (rows: a Series or its index);
    ``X`` holds all series (rows at other times are ignored). A column
    whose values end before the series' end (NaN or no rows there) "stops
    before the cutoff"; missing values before that are gaps.
    """
    if not past:
        return
    groups = dict(series_groups(X))
    for key, rows in parts:
        index = rows if isinstance(rows, pd.Index) else rows.index
        frame = groups.get(key)
        for column in past:
            values = (pd.Series(np.nan, index=index) if frame is None
                      else frame[column].reindex(index))
            missing = values.isna().to_numpy()
            if not missing.any():
                continue
            where = "" if key is None else f" of series {key!r}"
            if missing[-1]:
                known = np.flatnonzero(~missing)
                last = ("no value" if not len(known)
                        else f"its last value at {label(index[known[-1]])!r}")
                raise ValueError(
                    f"{owner}: past-only column {column!r} (past_covariates) must have a "
                    f"value at every time of y up to the cutoff, got {last}{where}, before "
                    f"y's last time {label(index[-1])!r}. Pass X with the column up to the "
                    "end of y (or forecast from where it ends)."
                )
            raise ValueError(
                f"{owner}: past-only column {column!r} (past_covariates) must have no gaps, "
                f"got {int(missing.sum())} missing value(s){where}, first at "
                f"{label(index[np.flatnonzero(missing)[0]])!r}. Fill them, e.g. "
                f"X[{column!r}].interpolate()."
            )


def _check_known_values(X, columns, owner):
    """Raise, naming the column and the first time, where a future-known column of ``X``
    (its rows at y's times) has a missing value: sktime's own message named neither."""
    for column in columns:
        missing = X[column].isna().to_numpy()
        if missing.any():
            first = X.index[np.flatnonzero(missing)[0]]
            first = tuple(map(label, first)) if isinstance(first, tuple) else label(first)
            raise ValueError(
                f"{owner}: column {column!r} of X (a future-known covariate) must have no "
                f"missing values at the times of y, got {int(missing.sum())}, first at "
                f"{first!r}. Fill them (e.g. "
                f"X[{column!r}].interpolate()) or leave the column out."
            )


def static_table(X, static, keys, owner):
    """(S, len(static)) DataFrame of each series' static values, indexed by position.

    Raises when a series has no rows in ``X``, a missing value, or more than
    one value in a static column.
    """
    groups = dict(series_groups(X))
    rows = []
    for key in keys:
        frame = groups.get(key)
        where = "the series" if key is None else f"series {key!r}"
        if frame is None or not len(frame):
            raise ValueError(
                f"{owner}: static_covariates need a row of X for every series, got none "
                f"for {where}."
            )
        row = []
        for column in static:
            values = frame[column]
            if values.isna().any():
                raise ValueError(
                    f"{owner}: static column {column!r} (static_covariates) must have a "
                    f"value on every row, got a missing value for {where} at "
                    f"{label(values.index[values.isna().to_numpy()][0])!r}."
                )
            distinct = pd.unique(values.to_numpy())
            if len(distinct) > 1:
                raise ValueError(
                    f"{owner}: static column {column!r} (static_covariates) must be constant "
                    f"within each series, got {len(distinct)} values for {where}, e.g. "
                    f"{[_plain(v) for v in distinct[:3]]!r}. Pass a column that varies "
                    "over time in past_covariates, or leave it future-known."
                )
            row.append(distinct[0])
        rows.append(row)
    return pd.DataFrame(rows, columns=static, dtype=object)


def numeric_columns(X, columns):
    """The ``columns`` of ``X`` with a numeric dtype (not bool, not categorical)."""
    return [c for c in columns if pd.api.types.is_numeric_dtype(X[c].dtype)
            and not pd.api.types.is_bool_dtype(X[c].dtype)]


def _time_kind(X):
    index = X.index
    return index_kind(index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index)


def _plain(value):
    """A numpy scalar as a Python one, for messages."""
    return value.item() if isinstance(value, np.generic) else value


class CovariateRoles:
    """The columns of X by role, and the encoding of the static ones, learnt in fit.

    Parameters
    ----------
    columns : list
        The columns of the ``X`` given to fit (None: no X).
    past, static : list
        The past-only and static columns (:func:`check_roles`).
    table : pd.DataFrame or None
        :func:`static_table` of the training series (None without static).
    keys : list
        The series' keys, in the order of ``table``'s rows.
    numeric : collection
        The static columns encoded as numbers (:func:`numeric_columns`); the
        others are categories.

    Attributes
    ----------
    future, past, static : list
        The columns by role, in the order of X.
    time : list
        The time-varying columns (future-known and past-only), in the order of X.
    encodings : list of tuple
        Per static column ``("number", mean, scale)`` (standardised over the
        series) or ``("category", values)`` (one-hot, in this order).
    values : dict
        Per series key, its static values as given to fit.
    features : dict
        Per series key, its (D,) encoded static features.
    """

    def __init__(self, columns, past, static, table=None, keys=(), numeric=()):
        columns = [] if columns is None else list(columns)
        self.past = [c for c in columns if c in past]
        self.static = [c for c in columns if c in static]
        self.future = [c for c in columns if c not in past and c not in static]
        self.time = [c for c in columns if c not in static]
        self.encodings = []
        for column in self.static:
            values = table[column]
            if column in numeric:
                numbers = values.to_numpy(dtype=float)
                scale = float(numbers.std())
                self.encodings.append(("number", float(numbers.mean()), scale or 1.0))
            else:
                self.encodings.append(("category", sorted(set(values), key=str)))
        self.values = {key: table.iloc[i].tolist() for i, key in enumerate(keys)
                       } if self.static else {}
        self.features = {key: self.encode(values) for key, values in self.values.items()}

    @property
    def n_static_features(self):
        """D, features of the encoded static columns."""
        return sum(1 if e[0] == "number" else len(e[1]) for e in self.encodings)

    def encode(self, values):
        """(D,) features of one series' static ``values`` (one per static column)."""
        out = []
        for value, encoding in zip(values, self.encodings):
            if encoding[0] == "number":
                out.append((float(value) - encoding[1]) / encoding[2])
            else:
                out.extend(float(value == v) for v in encoding[1])
        return np.asarray(out, dtype=np.float32)

    def static_features(self, keys):
        """(S, D) static features of the series ``keys`` (None without static columns)."""
        if not self.static:
            return None
        return np.stack([self.features[key] for key in keys])

    def check_given(self, X, keys, owner, stage):
        """``X`` of predict or update without its static columns, which must hold
        the values seen in fit (a static covariate belongs to its series)."""
        if not self.static or not isinstance(X, pd.DataFrame):
            return X
        given = [c for c in self.static if c in X.columns]
        if not given:
            return X
        groups = dict(series_groups(X))
        present = [key for key in keys if key in groups]
        table = static_table(X[given], given, present, owner)
        for i, key in enumerate(present):
            for column in given:
                value = table[column].iloc[i]
                fitted = self.values[key][self.static.index(column)]
                if not _same(value, fitted):
                    where = "the series" if key is None else f"series {key!r}"
                    raise ValueError(
                        f"{owner}: static column {column!r} (static_covariates) of {where} "
                        f"was {_plain(fitted)!r} in fit, got {_plain(value)!r} in {stage}. "
                        "A static covariate belongs to its series: leave it out of X, or "
                        "refit with the new value."
                    )
        rest = X.drop(columns=given)
        return rest if len(rest.columns) else None


def _same(value, fitted):
    """Is the static ``value`` given later the ``fitted`` one?"""
    try:
        return bool(value == fitted)
    except (TypeError, ValueError):
        return False


class CovariateHooks:
    """The hooks of :class:`~rnnforecast.forecasting._aligned_input.AlignedInput`
    for a forecaster with ``past_covariates`` and ``static_covariates``.

    The forecaster calls :meth:`_fit_roles` in ``_fit``, which sets
    ``covariates_`` (a :class:`CovariateRoles`).
    """

    past_covariates = None  # forecasters saved before covariates had roles
    static_covariates = None

    @property
    def _roles(self):
        """``covariates_``, or for a forecaster saved before it existed, every column
        of X future-known."""
        roles = getattr(self, "covariates_", None)
        return roles if roles is not None else CovariateRoles(
            getattr(self, "x_columns_", None), [], []
        )

    def _fit_roles(self, X, series, fh):
        """Set ``covariates_`` (the roles of X's columns, the static encoding);
        refuse an ``fh`` beyond the horizon with past-only covariates."""
        past, static = check_roles(X, self.past_covariates, self.static_covariates,
                                   self._owner)
        keys = [key for key, _ in series]
        table = static_table(X, static, keys, self._owner) if static else None
        self.covariates_ = CovariateRoles(self.x_columns_, past, static, table, keys,
                                          numeric_columns(X, static) if static else ())
        longest = None if fh is None else int(fh.to_relative(self.cutoff).to_numpy().max())
        if past and longest is not None and longest > self.horizon_:
            raise ValueError(
                f"{self._owner}: with past_covariates={past!r} (known up to the cutoff "
                f"only) every step is forecast directly, so horizon must cover fh, got "
                f"horizon={self.horizon!r} and fh up to {longest}. Pass horizon=None (fh's "
                f"largest step) or horizon>={longest}."
            )
        return self.covariates_

    def _check_covariates(self, parts, X):
        X = X.to_frame() if isinstance(X, pd.Series) else X
        past, static = check_roles(X, self.past_covariates, self.static_covariates,
                                   self._owner)
        times = [(key, part.index) for key, part, _ in parts]
        if past and times and _time_kind(X) == index_kind(times[0][1]):
            # before X is aligned to y: rows missing at the end name the column too
            check_past_values(times, X, past, self._owner)
        return static

    def _check_covariate_rows(self, y, X):
        """Past-only columns without gaps up to each series' end; static ones constant."""
        if not isinstance(X, pd.DataFrame):
            return
        past, static = (
            [c for c in _names(value, name, self._owner) if c in X.columns]
            for name, value in [("past_covariates", self.past_covariates),
                                ("static_covariates", self.static_covariates)]
        )
        parts = series_groups(y)
        check_past_values(parts, X, past, self._owner)
        if static:
            static_table(X, static, [key for key, _ in parts], self._owner)
        _check_known_values(X.loc[X.index.intersection(y.index)],
                            [c for c in X.columns if c not in past and c not in static],
                            self._owner)

    def _time_covariates(self, X, stage):
        roles = getattr(self, "covariates_", None)
        if roles is None:
            return X
        X = X.to_frame() if isinstance(X, pd.Series) else X
        keys = [key for key, _ in getattr(self, "_last_y", [])]
        return roles.check_given(X, keys, self._owner, stage)

    def _known_ahead(self, X):
        roles = getattr(self, "covariates_", None)
        if roles is None or roles.future == roles.time or not isinstance(X, pd.DataFrame):
            return X  # every time-varying column is future-known: X as given
        if not roles.future:
            return None
        if all(c in X.columns for c in roles.future):
            return X[roles.future]
        return X  # the forecaster names the missing columns
