"""The point forecast of a fitted RNNForecaster: the network, recursively, then the
median combination and the seasonal indices.

Shapes and symbols used throughout this module:

- S: series, K: last values kept per series (at least L), L: window length,
  H: the network's direct horizon, n: forecast steps asked.

The last K values of every series are stacked (padded to L where a series is
shorter), seasonally adjusted, and forecast in rounds of H steps: each round
feeds the previous rounds' forecasts back as inputs
(:func:`rnnforecast.preprocessing.forecast_rounds`), with the future-known
covariates of the steps, the past-only ones up to the cutoff and the static
ones of each series (:mod:`rnnforecast.forecasting._covariate_roles`). The
ensemble's networks are combined by their median per window. With
``combine_ == "median"`` the forecasts then go into the median with the
classical ones (:mod:`rnnforecast.forecasting._classical`), and the seasonal
indices are restored last.
"""

import numpy as np

from ..preprocessing import fill_pad, forecast_rounds, stack_tails, tail_rows
from ._classical import combine_median
from ._covariates import future_rows
from ._panel_output import forecast_frame
from ._seasonality import StackedIndices, adjusted_histories
from ._series import series_steps
from ._targets import predict_targets

__all__ = ["forecast_steps", "point_forecast"]


def point_forecast(forecaster, fh, X=None, spread=False):
    """The point forecast of a fitted ``forecaster`` at ``fh`` (its ``_predict``).

    Parameters
    ----------
    forecaster : RNNForecaster
        Fitted.
    fh : ForecastingHorizon
    X : pd.DataFrame or None
        Future-known covariates of the forecast steps, where fit had them.
    spread : bool, default=False
        Return the members' spread too.

    Returns
    -------
    forecast : pd.Series or pd.DataFrame
        In the layout of ``y`` given to fit (sktime's).
    spread : ndarray of shape (S, len(fh))
        With ``spread`` only: the highest minus the lowest of the median's three
        members (the network and the two classical forecasts) at each series' steps,
        in the units of ``y``; 0 without the median (``combine_`` None). None for
        several target columns (their forecasters have their own).
    """
    if hasattr(forecaster, "target_columns_"):
        forecast = predict_targets(forecaster, fh, X)
        return (forecast, None) if spread else forecast
    series = forecaster._last_y
    steps = series_steps(fh, forecaster.cutoff, series)  # (S, n): after each series' end
    values, gap = forecast_steps(forecaster, steps, X, spread)
    forecast = forecast_frame(values, fh, forecaster.cutoff, series, forecaster._panel_names,
                              forecaster._y_name)
    return (forecast, gap) if spread else forecast


def forecast_steps(forecaster, steps, X=None, spread=False):
    """The point forecast of a fitted single-target ``forecaster``, as arrays.

    Parameters
    ----------
    forecaster : RNNForecaster
        Fitted, with one target column.
    steps : ndarray of int, shape (S, n)
        The steps (1: the next value) forecast after each series' end.
    X : pd.DataFrame or None
        Future-known covariates of the forecast steps, where fit had them.
    spread : bool, default=False
        Measure the members' spread (else 0).

    Returns
    -------
    forecast : ndarray of shape (S, n)
    spread : ndarray of shape (S, n)
        As :func:`point_forecast`'s.
    """
    roles = forecaster._roles
    if roles.future and X is None:
        raise ValueError(
            f"{forecaster._owner}: X was given in fit, so predict needs X for the forecast "
            f"steps too (its future-known columns {roles.future!r}), got X=None."
        )
    series, history = forecaster._last_y, forecaster._last_X
    if steps.min() < 1:
        raise NotImplementedError(
            f"{forecaster._owner}: in-sample forecasts are not supported, got fh steps "
            f"{steps.min(axis=0).tolist()} relative to the cutoff {forecaster.cutoff}."
        )
    H, L = forecaster.horizon_, forecaster.window_length_
    rounds = -(-int(steps.max()) // H)
    if roles.past and rounds > 1:
        raise ValueError(
            f"{forecaster._owner}: past_covariates={roles.past!r} are known up to the cutoff "
            f"only, so the network forecasts at most horizon_={H} step(s), all directly "
            f"(steps beyond would need their future values), got fh up to "
            f"{int(steps.max())}. Fit with this fh (e.g. fit(y, X, fh=fh)) or "
            f"horizon>={int(steps.max())}."
        )
    future = future_rows(X, series, rounds * H, roles.future, H)
    # all series at once (rnnforecast.panel): (S, K) last values, padded to L
    y_last, pad = stack_tails([s.to_numpy(dtype=float) for _, s in series], L)
    K = y_last.shape[1]
    ends = np.array([forecaster._end_position[key] for key, _ in series])
    positions = ends[:, None] + np.arange(1 - K, 1 + rounds * H)
    seasonal = StackedIndices([forecaster.seasonal_[key] for key, _ in series])
    y_last = seasonal.adjust(y_last, positions[:, :K])
    x_rows = lagged = None
    if roles.future:  # the rows seen, right-aligned with y_last, then the future ones
        seen = tail_rows([h[roles.future].to_numpy(dtype=float) for h in history], pad, K)
        x_rows = np.concatenate([seen, np.stack(future)], axis=1)
    if roles.past:
        lagged = tail_rows([h[roles.past].to_numpy(dtype=float) for h in history], pad, K)
    static = roles.static_features([key for key, _ in series])

    def predict(windows):  # one batched pass per round and network
        return np.median([reg.predict(windows) for reg in forecaster.regressors_], axis=0)

    if forecaster._mixed:  # groups of k series (columns) forecast together
        k = forecaster._mixed
        y_last, pad = y_last.reshape(-1, k, K).transpose(0, 2, 1), pad[::k]
        x_rows = None if x_rows is None else x_rows[::k]
        lagged = None if lagged is None else lagged[::k]
        static = None if static is None else static[::k]
    values = forecast_rounds(predict, fill_pad(y_last, pad), pad, L, H, rounds, x_rows,
                             lagged=lagged, static=static)
    values = values.reshape(len(series), -1)
    gap = np.zeros_like(values)
    if forecaster.combine_ == "median":  # rnnforecast.forecasting._classical
        histories = adjusted_histories(series, forecaster.seasonal_, forecaster._end_position)
        values, low, high = combine_median(
            values, histories, indices=[forecaster.seasonal_[key] for key, _ in series],
            spread=True)
        if spread:  # the indices restored keep the order of the members
            gap = (seasonal.restore(high, positions[:, K:])
                   - seasonal.restore(low, positions[:, K:]))
    values = seasonal.restore(values, positions[:, K:])
    return (np.take_along_axis(values, steps - 1, axis=1),
            np.take_along_axis(gap, steps - 1, axis=1))
