"""Several target columns forecast by one network (sktime's ``scitype:y="both"``).

Symbols: k = target columns of ``y``, G = series of ``y`` (1 for a single
series), m = forecast steps per series, A = quantile levels.

A ``y`` with k >= 2 columns is *stacked*: each (series, column) becomes one
series of a panel whose index has one more level, :data:`TARGET_LEVEL` (the
column's name), just before the time level, series by series and, within a
series, column by column. ``X`` is repeated for each column. An inner
forecaster of the same class and parameters is fitted on that panel and its
forecasts (and quantiles) are unstacked into k columns again. So each target
column is a series of the panel: seasonally adjusted, scaled, combined and
calibrated (``predict_interval``) on its own, while the network is shared:

- ``channels="independent"``: the network sees one column at a time, as one
  more series of a panel (shared weights, channel independence as in
  PatchTST);
- ``channels="mixing"``: the inner forecaster recognises the level
  (:func:`channel_groups`) and feeds each window all k columns of its series
  as features; the network outputs k x H values (each column mapped back
  with its own window statistics).
"""

import numpy as np
import pandas as pd

from ..utils import id_levels, is_choice, label, series_groups, series_runs

__all__ = [
    "CHANNELS",
    "TARGET_LEVEL",
    "check_channels",
    "check_target_columns",
    "check_update_targets",
    "channel_groups",
    "fit_targets",
    "is_multitarget",
    "mix_channels",
    "predict_target_quantiles",
    "predict_targets",
    "stack_exog",
    "stack_targets",
    "unstack_forecast",
    "unstack_quantiles",
    "update_targets",
]

#: The values of ``RNNForecaster(channels=...)``.
CHANNELS = ("independent", "mixing")
#: The index level of a stacked ``y`` that holds the target column's name.
TARGET_LEVEL = "__target__"
#: The one column of a stacked ``y``.
STACKED_NAME = "__value__"


def check_channels(channels, owner):
    if not is_choice(channels, CHANNELS):
        raise ValueError(
            f"{owner}: channels must be one of {CHANNELS!r}, got {channels!r}. "
            "'independent' shares one network across the target columns, one column at "
            "a time; 'mixing' feeds all columns to it together."
        )


def is_multitarget(y):
    """Whether ``y`` is a DataFrame of two or more target columns."""
    return isinstance(y, pd.DataFrame) and y.shape[1] >= 2


def check_target_columns(y, owner, stage="fit"):
    """Raise unless the columns of ``y`` can be forecast together.

    For a DataFrame of two or more columns: unique column names, numeric
    columns, and in every series the same times observed in every column
    (in ``fit``, a column with NaN at its start or end is shorter than the
    others; NaN inside a column, or anywhere in ``update``'s new rows, is a gap).
    Anything else is left to the other checks.
    """
    if isinstance(y, pd.DataFrame) and isinstance(y.columns, pd.MultiIndex):
        raise ValueError(
            f"{owner}: the columns of y must be one level of names, got a MultiIndex of "
            f"{y.columns.nlevels} levels ({[label(c) for c in y.columns[:3]]!r}...). Flatten "
            "them, e.g. y.columns = ['_'.join(map(str, c)) for c in y.columns]."
        )
    if not is_multitarget(y):
        return
    columns = list(y.columns)
    duplicated = pd.Index(columns)[pd.Index(columns).duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(
            f"{owner}: the target columns of y must have unique names, got "
            f"{[label(c) for c in duplicated]!r} more than once in columns "
            f"{[label(c) for c in columns]!r}. Rename them, e.g. y.columns = [...]."
        )
    for position, column in enumerate(columns):
        dtype = y.iloc[:, position].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise TypeError(
                f"{owner}: every target column of y must be numeric, got dtype "
                f"{str(dtype)!r} in column {label(column)!r}. Convert it, e.g. "
                f"pd.to_numeric(y[{label(column)!r}]), or leave it out of y (a covariate "
                "goes into X)."
            )
    for key, part in series_groups(y):
        missing = part.isna().to_numpy()
        if not missing.any():
            continue
        where = "" if key is None else f" of series {label(key)!r}"
        j = int(np.flatnonzero(missing.any(axis=0))[0])
        rows = np.flatnonzero(~missing[:, j])
        index = part.index
        if stage == "fit" and (not len(rows) or rows[0] > 0 or rows[-1] < len(part) - 1):
            span = "no values" if not len(rows) else (
                f"values from {str(index[rows[0]])!r} to {str(index[rows[-1]])!r}")
            raise ValueError(
                f"{owner}: the target columns of y{where} must have the same length, got "
                f"{span} in column {label(columns[j])!r} (NaN at its start or end) while y "
                f"runs from {str(index[0])!r} to {str(index[-1])!r}. Forecast the "
                "columns separately, or trim y to the times every column covers."
            )
        first = int(np.flatnonzero(missing[:, j])[0])
        raise ValueError(
            f"{owner}: the target columns of y{where}{' in update' if stage != 'fit' else ''} "
            "must have no missing values, got "
            f"{int(missing[:, j].sum())} NaN in column {label(columns[j])!r}, first at "
            f"{str(index[first])!r}. Fill them first, e.g. y.interpolate()."
        )


def _stacked_rows(frame, k):
    """Row positions of ``frame`` in stacked order (series by series, each series'
    rows k times, once per column), and the column number of each."""
    if not isinstance(frame.index, pd.MultiIndex):
        n = len(frame)
        return np.tile(np.arange(n), k), np.repeat(np.arange(k), n)
    runs = series_runs(frame.index)
    if runs is not None:
        spans = [np.arange(a, b) for a, b in zip(runs[1][:-1], runs[1][1:])]
    else:  # series not contiguous: in order of first appearance
        spans = list(frame.groupby(level=id_levels(frame.index), sort=False).indices.values())
    rows = np.concatenate([np.tile(span, k) for span in spans])
    columns = np.concatenate([np.repeat(np.arange(k), len(span)) for span in spans])
    return rows, columns


def _stacked_index(index, rows, labels):
    """``index`` at ``rows``, with the level :data:`TARGET_LEVEL` (``labels``) before time."""
    if not isinstance(index, pd.MultiIndex):
        arrays, names = [pd.Index(labels), index[rows]], [TARGET_LEVEL, index.name]
    else:
        taken = index[rows]
        arrays = [taken.get_level_values(j) for j in range(index.nlevels - 1)]
        arrays += [pd.Index(labels), taken.get_level_values(-1)]
        names = [*index.names[:-1], TARGET_LEVEL, index.names[-1]]
    return pd.MultiIndex.from_arrays(arrays, names=names)


def stack_targets(y):
    """``y`` (k columns, a series or a panel) as a one-column panel of its columns."""
    columns = list(y.columns)
    rows, column = _stacked_rows(y, len(columns))
    values = y.to_numpy(dtype=float)[rows, column]
    labels = np.array(columns, dtype=object)[column]
    return pd.DataFrame({STACKED_NAME: values}, index=_stacked_index(y.index, rows, labels))


def stack_exog(X, columns):
    """``X`` repeated for each target column, indexed as :func:`stack_targets` indexes."""
    if X is None:
        return None
    rows, column = _stacked_rows(X, len(columns))
    labels = np.array(columns, dtype=object)[column]
    stacked = X.iloc[rows]
    return stacked.set_axis(_stacked_index(X.index, rows, labels))


def channel_groups(y):
    """k, the target columns of a stacked ``y`` (:func:`stack_targets`), or None.

    None when ``y`` is not a stacked panel. Its series are then groups of k
    consecutive series (one per column), in the order of the columns.
    """
    if not isinstance(y.index, pd.MultiIndex) or y.index.names[-2] != TARGET_LEVEL:
        return None
    return len(y.index.get_level_values(-2).unique())


def _first_column_rows(n, k, m):
    """Positions of the rows of each series' first column, and G, the series.

    The stacked forecast holds, series by series and column by column, m
    rows per (series, column): n = G * k * m rows.
    """
    G = n // (k * m)
    starts = np.arange(G) * (k * m)
    return (starts[:, None] + np.arange(m)).ravel(), G


def unstack_forecast(pred, columns, m, index=None):
    """The inner forecaster's stacked forecast (m steps per series) back in k columns.

    ``index``: the time index of a single series' forecast (None: a panel,
    indexed like the ``y`` given to ``fit``).
    """
    k = len(columns)
    rows, G = _first_column_rows(len(pred), k, m)
    values = pred.to_numpy(dtype=float).reshape(G, k, m).transpose(0, 2, 1).reshape(-1, k)
    out_index = pred.index[rows].droplevel(-2) if index is None else index
    return pd.DataFrame(values, index=out_index, columns=columns)


def unstack_quantiles(pred, out_columns, k, m, index=None):
    """The inner forecaster's stacked quantiles (A columns) back as k * A columns
    ``out_columns`` (sktime's (variable, level) columns, variable by variable)."""
    rows, G = _first_column_rows(len(pred), k, m)
    A = pred.shape[1]
    values = pred.to_numpy(dtype=float).reshape(G, k, m, A).transpose(0, 2, 1, 3)
    out_index = pred.index[rows].droplevel(-2) if index is None else index
    return pd.DataFrame(values.reshape(G * m, k * A), index=out_index, columns=out_columns)


def mix_channels(series_rows, k):
    """The (features, values) of each stacked series, grouped k by k (channel mixing).

    ``series_rows`` yields, series by series, (T, F) features ``[y_t, X_{t+H}]``
    and (T,) values. Each group of k consecutive series (the columns of one
    series of ``y``) becomes (T, k + F - 1) features ``[y_1, ..., y_k, X]`` (the
    covariates, the same for every column, once) and (T, k) values.
    """
    rows = iter(series_rows)
    for first in rows:
        group = [first] + [next(rows) for _ in range(k - 1)]
        features = np.column_stack([f[:, 0] for f, _ in group] + [first[0][:, 1:]])
        yield features, np.column_stack([values for _, values in group])


#: Fitted attributes of the inner forecaster that the outer one shows (and
#: ``calibration_``, the inner one's when first used: it may be deferred).
MIRRORED = (
    "regressors_", "horizon_", "sp_", "window_length_", "step_length_", "max_steps_",
    "hidden_size_", "combine_", "x_columns_",
)  # fmt: skip


def fit_targets(forecaster, y, X, fh):
    """Fit ``forecaster`` (k >= 2 columns of ``y``): an inner clone on the stacked columns."""
    columns = list(y.columns)
    inner = forecaster.clone()
    inner.fit(stack_targets(y), X=stack_exog(X, columns), fh=fh)
    forecaster.forecaster_ = inner
    forecaster.target_columns_ = columns
    forecaster._single = not isinstance(y.index, pd.MultiIndex)
    for name in MIRRORED:
        setattr(forecaster, name, getattr(inner, name))
    forecaster.seasonal_ = inner.seasonal_
    forecaster.n_series_ = inner.n_series_ // len(columns)
    return forecaster


def predict_targets(forecaster, fh, X):
    """The k columns' point forecasts (see :func:`fit_targets`)."""
    columns = forecaster.target_columns_
    pred = forecaster.forecaster_.predict(fh=fh, X=stack_exog(X, columns))
    index = fh.to_absolute_index(forecaster.cutoff) if forecaster._single else None
    return unstack_forecast(pred, columns, len(fh), index)


def predict_target_quantiles(forecaster, fh, X, alpha):
    """The k columns' quantile forecasts, each column calibrated as its own series."""
    columns = forecaster.target_columns_
    levels = sorted(set(alpha))  # sktime's predict_interval asks them unsorted
    pred = forecaster.forecaster_.predict_quantiles(
        fh=fh, X=stack_exog(X, columns), alpha=levels
    )
    pred = pred.iloc[:, [levels.index(a) for a in alpha]]
    out_columns = forecaster._get_columns(method="predict_quantiles", alpha=alpha)
    index = fh.to_absolute_index(forecaster.cutoff) if forecaster._single else None
    return unstack_quantiles(pred, out_columns, len(columns), len(fh), index)


def check_update_targets(forecaster, y):
    """Raise unless ``y`` of ``update`` holds the target columns of a fit on several
    (:func:`fit_targets`), in any order: before sktime moves the cutoff."""
    columns = getattr(forecaster, "target_columns_", None)
    if columns is None:
        return
    if isinstance(y, pd.Series):  # one column's rows: which column cannot be told
        raise ValueError(
            f"{forecaster._owner}: y in update must have the target columns seen in fit, "
            f"{[label(c) for c in columns]!r}, got a Series (name {label(y.name)!r}). Pass a "
            "DataFrame of those columns."
        )
    if isinstance(y, pd.DataFrame) and not (
            y.columns.is_unique and len(y.columns) == len(columns)
            and set(y.columns) == set(columns)):
        raise ValueError(
            f"{forecaster._owner}: y in update must have the target columns seen in fit, "
            f"{[label(c) for c in columns]!r}, got {[label(c) for c in y.columns]!r}."
        )


def update_targets(forecaster, y, X, update_params):
    """Pass the new rows of the k columns (:func:`check_update_targets`) on to the inner
    forecaster."""
    columns = forecaster.target_columns_
    y = y[columns]  # the same columns, perhaps in another order: matched by name, as X's are
    forecaster.forecaster_.update(
        stack_targets(y), X=stack_exog(X, columns), update_params=update_params
    )
    return forecaster
