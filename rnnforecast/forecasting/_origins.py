"""Forecasts from earlier origins of a fitted forecaster: the same networks moved
back ``cut`` values (:func:`model_at_origin`), and a clone refitted without the
last values (:func:`fit_holdout`).

The conformal calibration (:mod:`rnnforecast.forecasting._intervals`), the
calibration of trained quantiles (:mod:`rnnforecast.forecasting._probabilistic`)
and the guard of ``combine="auto"`` (:mod:`rnnforecast.forecasting._guard`)
score forecasts made this way on values the forecast did not see. Within one
fit, the guard forecasts its held-out values with the calibration's clone
(:class:`Holdouts`) where both hold out the same series and the calibration
at least as many last values; the calibration's clone is always held out
exactly as far as it asks.
"""

import contextlib
import copy
import warnings

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon

from ._auto import LONG_WINDOW_MESSAGE
from ._classical import shared_recursions
from ._outliers import FAR_VALUE_MESSAGE
from ._point_forecast import forecast_steps, point_forecast
from ._seasonality import (
    FIT_SEASONS, KEPT_DECISION_SP, adjusted_histories, season_of,
)
from ._series import series_cutoff
from ._training_windows import UNADJUSTED_MESSAGE

__all__ = [
    "Holdouts", "fit_holdout", "forecast_from", "model_at_origin", "shared_origins",
]


def fit_holdout(forecaster, series, frames, cut, combine, template=None):
    """A clone fitted, with the same structure, on the series without their last
    ``cut`` values, without intervals, combined as ``combine`` says ("median" or None).
    ``template``: the unfitted forecaster whose parameters the clone takes (by default
    the forecaster's own)."""
    clone = (forecaster if template is None else template).clone().set_params(
        combine=combine,
        horizon=forecaster.horizon_,
        window_length=forecaster.window_length_,
        step_length=forecaster.step_length_,
        hidden_size=forecaster.hidden_size_,
        max_steps=forecaster.max_steps_,
        sp=forecaster.sp_,
        calibration=None,
    )
    y = _join([(key, s.iloc[:-cut]) for key, s in series], forecaster._panel_names,
              forecaster._y_name)
    X = None
    if forecaster.x_columns_ is not None:
        X = _join([(key, f.iloc[: len(s) - cut]) for (key, s), f in zip(series, frames)],
                  forecaster._panel_names)
    seasons = None
    if forecaster.sp_ >= KEPT_DECISION_SP:  # the fit's decision, not a weaker test's
        seasons = {key: None if s is None else s.multiplicative
                   for key, s in forecaster.seasonal_.items()}
    token = FIT_SEASONS.set(seasons)
    try:
        with warnings.catch_warnings():  # the user's fit has said so, where it applies
            warnings.filterwarnings("ignore", message=UNADJUSTED_MESSAGE, category=UserWarning)
            for said in (".* has no effect with ", LONG_WINDOW_MESSAGE, FAR_VALUE_MESSAGE):
                warnings.filterwarnings("ignore", message=said, category=UserWarning)
            return clone.fit(y, X=X)
    finally:
        FIT_SEASONS.reset(token)


class Holdouts:
    """The holdout clones of one fit, one per set of series, shared by its users.

    The guard of ``combine="auto"`` and the conformal calibration each score
    forecasts of a clone fitted without the last values of the series. Where
    they hold out the same series and the calibration holds out at least as
    many values as the guard (``plan`` says how many it will), one clone serves
    both: the calibration's, which the guard forecasts its held-out values with
    (values it never trained on, from origins a little after its training
    data). The calibration always gets a clone held out exactly as far as it
    asks (``exact``): its errors measure a network trained on as much data as
    the holdout allows, and one held out further, with less data, forecast
    worse and widened the intervals (M4 Hourly single series, tuning half: 95%
    MSIS 7.9 -> 11.0, docs/design_notes.md). On a single long series with a
    short horizon (daily, weekly, monthly) this is one fit of three fewer.

    Parameters
    ----------
    forecaster : RNNForecaster
        Fitted (its resolved settings are the clones').
    plan : dict of {tuple of keys: int}, optional
        Last values that a later user will hold out of the series with those keys.
    template : RNNForecaster, optional
        Unfitted, with the parameters of the fit (a calibration made after ``fit``,
        :mod:`rnnforecast.forecasting._deferred_calibration`); by default the
        forecaster's own parameters.
    """

    def __init__(self, forecaster, plan=None, template=None):
        self.forecaster = forecaster
        self.plan = dict(plan or {})
        self.template = template
        self._fits = {}  # keys -> (cut, clone)

    def has(self, keys, cut):
        """Is a clone held out exactly ``cut`` values of the series ``keys`` fitted?"""
        return self._fits.get(tuple(keys), (0, None))[0] == cut

    def fit(self, series, frames, cut, combine, exact=False):
        """A clone fitted without the last ``cut`` values of ``series`` (at least
        ``cut``, and as many as ``plan`` asks, unless ``exact``), combined as
        ``combine`` says: :func:`fit_holdout`, once where it can serve again."""
        keys = tuple(key for key, _ in series)
        held, clone = self._fits.get(keys, (0, None))
        if held < cut or (exact and held != cut):
            held = cut if exact else max(cut, self.plan.get(keys, 0))
            clone = fit_holdout(self.forecaster, series, frames, cut=held, combine=None,
                                template=self.template)
            self._fits[keys] = held, clone
        model = copy.copy(clone)  # the same networks, combined as asked
        model.combine_ = combine
        return model


def model_at_origin(model, series, frames, cut):
    """A copy of the fitted ``model`` (sharing its networks) whose data end ``cut``
    values before each series' end, and whose cutoff is there: its ``_predict``
    forecasts from those origins."""
    model = copy.copy(model)  # shares the networks; its data are replaced below
    trunc = [(key, s.iloc[: len(s) - cut]) for key, s in series]
    model._remember(trunc, [None if f is None else f.iloc[: len(f) - cut] for f in frames])
    model._end_position = {key: len(s) - 1 for key, s in trunc}
    latest = max((s for _, s in trunc), key=lambda s: s.index[-1])
    model._set_cutoff(series_cutoff(latest.index))
    return model


def shared_origins(model, series, cuts):
    """A context in which ``model``'s forecasts from the origins ``cuts`` values before
    each series' end (:func:`forecast_from`) fit the classical members of its median
    once per series, not once per origin
    (:func:`~rnnforecast.forecasting._classical.shared_recursions`: the same numbers).
    Nothing is shared where ``model`` forecasts without the median."""
    if model.combine_ != "median":
        return contextlib.nullcontext()
    indices = model.seasonal_
    histories = adjusted_histories(series, indices, {key: len(s) - 1 for key, s in series})
    lengths = [[len(s) - cut for cut in cuts] for _, s in series]
    return shared_recursions(histories, [season_of(indices[key]) for key, _ in series],
                             lengths)


def forecast_from(model, series, frames, X, cut, n):
    """(S, n) forecasts of ``model`` from the origins ``cut`` values before each end."""
    # before any floor (._nonnegative): the calibrated errors are the network's and the median's
    model = model_at_origin(model, series, frames, cut)
    if hasattr(model, "target_columns_"):  # several targets: their forecasters, one frame
        fh = ForecastingHorizon(np.arange(1, n + 1), is_relative=True)
        return point_forecast(model, fh, X).to_numpy(dtype=float).reshape(len(series), n)
    steps = np.tile(np.arange(1, n + 1), (len(series), 1))
    return forecast_steps(model, steps, X)[0].astype(float, copy=False)


def _join(pieces, names, column=None):
    """One Series, or a panel frame with index levels ``names``, from [(key, piece)]."""
    if names is None:
        return pieces[0][1]
    tuples, rows = [], []
    for key, piece in pieces:
        keys = key if isinstance(key, tuple) else (key,)
        tuples += [keys + (t,) for t in piece.index]
        rows.append(piece.to_numpy())
    index = pd.MultiIndex.from_tuples(tuples, names=names)
    if column is not None:
        return pd.DataFrame({column: np.concatenate(rows)}, index=index)
    # column by column: text columns (static covariates) keep their dtype, numbers theirs
    frame = pd.concat([piece for _, piece in pieces], ignore_index=True)
    return frame.set_axis(index, axis=0)
