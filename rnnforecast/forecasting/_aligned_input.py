"""sktime's public forecaster methods, with the input checked and aligned first.

:class:`AlignedInput` is mixed into a forecaster before sktime's
``BaseForecaster``. Its ``fit``, ``predict``, ``predict_interval``,
``predict_quantiles`` and ``update`` check ``y`` and ``X`` and align ``X`` to
``y`` by index (:mod:`rnnforecast.alignment`) before sktime converts them, so
that ``_fit``, ``_predict`` and ``_update`` receive ``y`` and ``X`` on the
same index. ``self._seen`` (a :class:`~rnnforecast.alignment.SeenData`)
holds the times seen per series and the covariates known from the last
window on.

This is the one place that overrides sktime's public methods: sktime converts
and checks ``y`` and ``X`` in them before ``_fit`` and ``_predict`` run, so
checks that must name our parameters, and the alignment of ``X`` to ``y``
(keeping rows after ``y`` as known future covariates), come before that.
What it and ``_intervals.py`` rely on beyond sktime's extension template (the signatures of these methods, the hooks
``_set_cutoff_from_y``, ``_set_cutoff`` and ``_check_fh`` (time spans as steps), the
``_cutoff`` and ``_fh`` attributes,
``_get_columns``) is pinned by ``tests/test_sktime_contract.py``.

A forecaster using it sets ``_owner`` (its name in error messages) and
``_rows_kept`` (the latest rows of a series that a forecast depends on). It
may give the columns of ``X`` roles (:mod:`rnnforecast.forecasting._covariate_roles`)
through four hooks: ``_check_covariates`` (in ``fit``, before any other
check of ``X``: the columns that are constant per series, kept out of the
rows remembered for ``predict`` and ``update``), ``_check_covariate_rows``
(their values, on the rows of ``y`` that ``fit`` and ``update`` pass on),
``_time_covariates`` (``X`` of ``predict`` and ``update`` without the constant
columns) and ``_known_ahead`` (the columns of ``X`` that ``predict`` needs
after the cutoff).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from numbers import Real
from typing import Union

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from sktime.forecasting.base import ForecastingHorizon

from ..utils import index_kind
from ._input_checks import SeenData, check_series, series_ends, split_exog
from ._intervals import check_levels
from ._series import panel_cutoff
from ._targets import check_target_columns, check_update_targets

__all__ = ["AlignedInput"]

#: A series, or a panel (sktime's ``pd-multiindex``) frame.
Data = Union[pd.Series, pd.DataFrame]
#: Steps ahead: sktime's ForecastingHorizon or what it is built from.
Horizon = Union[ForecastingHorizon, int, Sequence[int], pd.Index, np.ndarray, None]


class AlignedInput:
    """Checks and index alignment of ``y`` and ``X`` in front of ``BaseForecaster``."""

    _owner = "forecaster"

    def fit(self, y: Data, X: pd.DataFrame | None = None, fh: Horizon = None) -> AlignedInput:
        """Fit to ``y`` (and ``X``): see ``BaseForecaster.fit``.

        ``X`` is matched to ``y`` by index and may have more rows: rows
        before ``y`` are dropped, rows after its end are kept as known future
        covariates that ``predict`` and ``update`` use when not given again.
        """
        y = pd.Series(y) if isinstance(y, np.ndarray) and y.ndim == 1 else y
        series_panel = _is_series_panel(y)
        y = _numbers_as_float(_panel_frame(y))
        check_target_columns(y, self._owner)
        parts = check_series(y, self._owner)
        if parts:
            self._check_absolute_fh(fh, parts[0][1].index)
        static = self._check_covariates(parts, X) if parts else []
        X, exog = split_exog(y, parts, X, self._owner, text_columns=static)
        if parts:
            self._check_covariate_rows(y, X)
        if exog is not None and static:  # per series, not per time: never remembered
            exog = [(key, rows.drop(columns=static), future.drop(columns=static))
                    for key, rows, future in exog]
            exog = exog if len(exog[0][1].columns) else None
        parts = series_ends(parts)  # all SeenData reads; not a view per series
        super().fit(y, X=X, fh=fh)
        self._series_panel = series_panel  # (after sktime's reset) forecasts as a Series too
        self._seen = None
        if parts and not getattr(self, "_is_vectorized", False):
            self._seen = SeenData(
                parts, exog, self._rows_kept, list(y.index.names), self._owner
            )
        return self

    def predict(self, fh: Horizon = None, X: pd.DataFrame | None = None) -> Data:
        """Forecast: see ``BaseForecaster.predict``; ``X`` completes the known future rows."""
        self._check_absolute_fh(fh)
        forecast = super().predict(fh=fh, X=self._known_x(X))
        if getattr(self, "_series_panel", False) and isinstance(forecast, pd.DataFrame):
            return forecast.iloc[:, 0]
        return forecast

    def predict_interval(
        self, fh: Horizon = None, X: pd.DataFrame | None = None,
        coverage: float | list[float] = 0.90,
    ) -> pd.DataFrame:
        """Prediction intervals: see ``BaseForecaster.predict_interval`` and ``calibration``."""
        coverage = self._levels(coverage, "coverage", "[0.8, 0.95]")
        self._check_absolute_fh(fh)
        out = super().predict_interval(fh=fh, X=self._known_x(X), coverage=sorted(coverage))
        return _in_given_order(out, coverage)

    def predict_quantiles(
        self, fh: Horizon = None, X: pd.DataFrame | None = None,
        alpha: float | list[float] | None = None,
    ) -> pd.DataFrame:
        """Quantile forecasts: see ``BaseForecaster.predict_quantiles`` and ``calibration``."""
        if alpha is not None:
            alpha = self._levels(alpha, "alpha", "[0.1, 0.5, 0.9]")
        self._check_absolute_fh(fh)
        out = super().predict_quantiles(
            fh=fh, X=self._known_x(X), alpha=None if alpha is None else sorted(alpha))
        return out if alpha is None else _in_given_order(out, alpha)

    def update(
        self, y: Data, X: pd.DataFrame | None = None, update_params: bool = True
    ) -> AlignedInput:
        """Move the cutoff with new rows (no refit): see ``BaseForecaster.update``.

        The rows of ``y`` must touch the series seen so far (a gap is an
        error); older or overlapping rows keep time order and new values win;
        rows older than the last window cannot change a forecast and are
        skipped. ``X`` is matched to ``y`` by index; its rows after ``y``
        are kept as known future covariates.
        """
        self.check_is_fitted()
        y = pd.Series(y) if isinstance(y, np.ndarray) and y.ndim == 1 else y
        y = _numbers_as_float(_panel_frame(y))
        if isinstance(y, (pd.Series, pd.DataFrame)) and len(y) == 0:  # as sktime's own do
            warnings.warn(
                f"{self._owner}: update got an empty y (no rows), so nothing was updated: "
                f"the cutoff stays at {list(self.cutoff)!r}.",
                UserWarning,
                stacklevel=2,
            )
            return self
        check_target_columns(y, self._owner, stage="update")
        self._check_one_target(y)
        check_update_targets(self, y)
        self._warn_unused_x(X, "update")
        seen = getattr(self, "_seen", None)
        if seen is None or not isinstance(y, (pd.Series, pd.DataFrame)):
            return super().update(y, X=X, update_params=update_params)
        X = self._time_covariates(X, "update")
        y_rows, X_rows, seen = seen.plan_update(y, X)
        if y_rows is not None:
            self._check_covariate_rows(y_rows, X_rows)
            cutoff = self.cutoff
            super().update(y_rows, X=X_rows, update_params=update_params)
            if self.cutoff[0] < cutoff[0]:
                self._set_cutoff(cutoff)  # older rows never move the cutoff back
        self._seen = seen
        return self

    def _levels(self, values, name, example):
        """``values`` as a non-empty list of floats in (0, 1), unique, in the order given
        (computed sorted; the columns are put back in this order: :func:`_in_given_order`).

        Numpy scalars (``np.float32(0.9)``) become floats, which sktime's own
        checks of ``coverage`` and ``alpha`` need.
        """
        levels = check_levels(values, name, owner=self._owner)
        if not levels:
            raise ValueError(
                f"{self._owner}: {name} must be a number or a non-empty list of numbers "
                f"strictly between 0 and 1, got {name}={values!r}. Pass e.g. {name}={example}."
            )
        return levels

    def _check_fh(self, fh, pred_int=False):
        """sktime's check of ``fh``, with steps ahead given as time spans (a
        ``TimedeltaIndex``, relative) turned into whole steps of y's frequency. A
        refused ``fh`` leaves the one seen before (sktime stores it first: every later
        ``predict()`` then failed on it)."""
        before = self.__dict__.get("_fh")
        try:
            return self._whole_steps(super()._check_fh(fh, pred_int=pred_int))
        except (ValueError, TypeError):
            self._fh = before
            raise

    def _whole_steps(self, fh):
        """``fh`` with time spans turned into whole steps of y's frequency."""
        if fh is None or not fh.is_relative:
            return fh
        spans = fh.to_pandas()
        if not isinstance(spans, pd.TimedeltaIndex):
            return fh
        freq = getattr(self._cutoff, "freq", None)
        offset = None if freq is None else to_offset(freq)
        step = _fixed_length(offset)  # days, hours, minutes, ...; None for months
        if step is not None:
            steps = spans / step
            if np.all(steps == np.round(steps)) and np.all(steps >= 1):
                self._fh = ForecastingHorizon(np.round(steps).astype(int), is_relative=True,
                                              freq=freq)
                return self._fh
        raise ValueError(
            f"{self._owner}: fh given as time spans must be whole steps of y's fixed "
            f"frequency, got fh={[str(v) for v in spans[:3]]!r} with y's frequency "
            f"{None if offset is None else offset.freqstr!r}. Pass steps ahead instead, "
            "e.g. fh=[1, 2, 3]."
        )

    def _check_absolute_fh(self, fh, index=None):
        """Refuse an absolute ``fh`` whose time labels are not of the kind of y's index.

        ``index`` is y's time index in ``fit``; later, the cutoff's. sktime
        would fail on an assertion deep in ``ForecastingHorizon``.
        """
        if isinstance(fh, ForecastingHorizon) and not fh.is_relative:
            labels = fh.to_pandas()
        elif isinstance(fh, (pd.PeriodIndex, pd.DatetimeIndex)):
            labels = fh
        else:
            return  # steps ahead, or left to sktime's checks
        if index is None:
            if not self.is_fitted:
                return
            index = self.cutoff
        if isinstance(index, pd.MultiIndex):
            index = index.get_level_values(-1)
        kinds = {"period", "datetime", "integer"}
        if index_kind(labels) == index_kind(index):
            return self._check_on_grid(labels, index)
        if not {index_kind(labels), index_kind(index)} <= kinds:
            return
        raise TypeError(
            f"{self._owner}: an absolute fh must be labelled like the index of y "
            f"({type(index).__name__}), got a {type(labels).__name__} "
            f"{[str(v) for v in labels[:2]]!r}. Pass steps ahead (e.g. fh=[1, 2]) or "
            f"times of y's kind, e.g. fh=pd.{type(index).__name__}([...])."
        )

    def _check_on_grid(self, labels, index):
        """Refuse absolute times that are not steps of y's frequency after its end (a
        quarter of a monthly series, noon of a daily one): sktime failed on a bare
        assertion, or labelled the next steps' forecasts with them."""
        freq = getattr(index, "freq", None)
        if freq is None and isinstance(index, pd.DatetimeIndex) and len(index) >= 3:
            freq = pd.infer_freq(index)
        if freq is None or not isinstance(labels, (pd.PeriodIndex, pd.DatetimeIndex)):
            return
        last = index[-1]
        if isinstance(labels, pd.PeriodIndex):
            on_grid = labels.freqstr == index.freqstr
        else:
            zones = [getattr(labels, "tz", None), getattr(index, "tz", None)]
            if str(zones[0]) != str(zones[1]):
                raise ValueError(
                    f"{self._owner}: an absolute fh must have the time zone of y's index "
                    f"({zones[1]}), got times with time zone {zones[0]} "
                    f"({[str(v) for v in labels[:2]]!r}). Localise or convert them, e.g. "
                    "fh.tz_localize(...) or fh.tz_convert(...), or pass steps ahead."
                )
            ahead = labels[labels > last]
            grid = pd.date_range(start=last, end=max(ahead.max(), last), freq=freq) \
                if len(ahead) else ahead
            on_grid = bool(ahead.isin(grid).all())
        if on_grid:
            return
        raise ValueError(
            f"{self._owner}: an absolute fh must be times of y's frequency "
            f"({getattr(index, 'freqstr', None) or to_offset(freq).freqstr!r}, after {last}), got "
            f"{[str(v) for v in labels[:3]]!r}. Pass steps ahead (e.g. fh=[1, 2]) or the "
            "times of those steps."
        )

    def _known_x(self, X):
        """``X`` completed with the known future covariates seen so far."""
        self._warn_unused_x(X, "predict")
        seen = getattr(self, "_seen", None)
        X = self._time_covariates(X, "predict")
        return self._known_ahead(X if seen is None else seen.exog_for_predict(X))

    def _check_one_target(self, y):
        """Refuse a ``y`` of several columns in ``update`` after a fit on one target
        column: no column may be taken for it by position."""
        if hasattr(self, "target_columns_") or not isinstance(y, pd.DataFrame) \
                or len(y.columns) < 2:
            return
        name = getattr(self, "_y_name", None)
        raise ValueError(
            f"{self._owner}: y in update must have the one target column of fit "
            f"({name!r}), got {len(y.columns)} columns {list(y.columns)!r}. Pass that "
            f"column alone, e.g. update(y[[{name!r}]]), or refit with every column as a "
            "target."
        )

    def _warn_unused_x(self, X, stage):
        """Warn where ``X`` of ``stage`` ("predict", "update") has columns the forecast
        cannot use: fit had no ``X``, or these columns were not in it (sktime's
        forecasters drop them without a word)."""
        fitted = getattr(self, "x_columns_", ())  # () a vectorized fit: its clones warn
        if X is None or not isinstance(X, (pd.Series, pd.DataFrame)) or fitted == ():
            return
        given = list(X.columns) if isinstance(X, pd.DataFrame) else [X.name]
        if fitted is None:
            warnings.warn(
                f"{self._owner}: X was given to {stage}, but fit had no X, so the forecast "
                f"does not use it (columns {given!r}). Fit with X to use covariates.",
                UserWarning, stacklevel=3,
            )
            return
        unseen = [column for column in given if column not in fitted]
        if unseen:
            warnings.warn(
                f"{self._owner}: X of {stage} has columns that fit did not see, so the "
                f"forecast does not use them: {unseen!r} (fit's X: {fitted!r}). Fit with "
                "them to use them.",
                UserWarning, stacklevel=3,
            )

    # hooks of a forecaster that gives the columns of X roles (see the module's notes)
    def _check_covariates(self, parts, X):
        """Check the roles of the columns of ``X`` in fit; the columns constant per series."""
        return []

    def _time_covariates(self, X, stage):
        """``X`` of ``stage`` ("predict", "update") without the columns constant per series."""
        return X

    def _known_ahead(self, X):
        """The columns of ``X`` that predict needs after the cutoff (None: none)."""
        return X

    def _check_covariate_rows(self, y, X):
        """Check the covariates on the rows that fit and update pass on (``X`` on
        ``y``'s index, or None)."""

    def _set_cutoff_from_y(self, y):
        # sktime's get_cutoff copies a panel's whole index; panel_cutoff does not
        self._cutoff = panel_cutoff(y, self.cutoff)


def _numbers_as_float(y):
    """``y`` with its object-dtype columns of numbers only (``astype(object)``, a column
    read with text beside it) as floats; sktime refused them as categorical. Other
    object columns (text, None) are left to the checks that name them."""
    if not isinstance(y, (pd.Series, pd.DataFrame)):
        return y
    frame = y.to_frame() if isinstance(y, pd.Series) else y
    if not frame.columns.is_unique:  # refused, naming the columns, by the target checks
        return y
    numbers = [column for column in frame.columns if frame[column].dtype == object and all(
        isinstance(v, Real) and not isinstance(v, bool) for v in frame[column])]
    if not numbers:
        return y
    if isinstance(y, pd.Series):
        return y.astype(float)
    return y.astype({column: float for column in numbers})


def _in_given_order(frame, levels):
    """``frame`` (sktime's columns: variable, level, ...) with each variable's levels in
    the order of ``levels``, as sktime's own forecasters return them."""
    if list(levels) == sorted(levels):
        return frame
    rank = {float(level): i for i, level in enumerate(levels)}
    variables = list(dict.fromkeys(frame.columns.get_level_values(0)))
    columns = sorted(frame.columns, key=lambda column: (
        variables.index(column[0]), rank[float(column[1])]))
    return frame.loc[:, columns]


def _fixed_length(offset):
    """The length of one step of ``offset`` (a pandas DateOffset) as a Timedelta, or None
    where steps differ in length (months, years, business days) or there is none."""
    if isinstance(offset, pd.offsets.Day):  # not a fixed-length Tick since pandas 3
        return pd.Timedelta(days=offset.n) if offset.n > 0 else None
    if isinstance(offset, pd.offsets.Week):  # W-SUN, ...: seven days apart
        return pd.Timedelta(weeks=offset.n) if offset.n > 0 else None
    if isinstance(offset, pd.offsets.Tick):  # hours, minutes, seconds, ...
        step = pd.Timedelta(offset)
        return step if step > pd.Timedelta(0) else None
    return None


def _is_series_panel(y):
    """Whether ``y`` is a panel given as a Series with a MultiIndex (pandas' usual
    ``frame.set_index(["id", "time"])["sales"]``), which sktime takes only as a frame."""
    return isinstance(y, pd.Series) and isinstance(y.index, pd.MultiIndex)


def _panel_frame(y):
    """``y`` as sktime's ``pd-multiindex`` frame where it is a Series with a MultiIndex
    (one column, the Series' name or "y"); any other ``y`` unchanged."""
    if not _is_series_panel(y):
        return y
    return y.to_frame(name="y" if y.name is None else y.name)
