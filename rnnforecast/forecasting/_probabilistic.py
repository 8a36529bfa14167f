"""Quantiles and variances of RNNForecaster from a network trained on a distribution.

With ``loss="quantile"`` (and ``quantiles``), ``"normal"`` or ``"student_t"``
the networks (:class:`rnnforecast.RNNRegressor`) predict, per window and
horizon step, a distribution of the seasonally adjusted, window-normalised
series. Window normalisation is affine with a positive factor, and the network
maps its quantiles and locations back as it maps point forecasts (scales are
multiplied by the window's scale: :func:`rnnforecast.nn.affine`). Here the
seasonality is put back into each quantile as into the point forecast: a
multiplicative index (positive) or an additive one keeps quantiles in order,
and multiplies scales by the index. So every quantile gets the treatment of
the point forecast, and the quantiles never cross.

- The point forecast is the network's median (the median of the networks'
  medians with ``n_models > 1``, and likewise each quantile).
- ``combine="auto"`` resolves to None (the network alone) with these losses;
  an explicit ``combine="median"`` moves the point forecast to the median of
  the network and the classical forecasts, and the network's quantiles by the
  same amount (in the seasonally adjusted units): the distribution is
  re-centred on the combined forecast, its shape is the network's.
- ``calibration`` (conformal) calibrates the network's quantiles, as
  conformalised quantile regression (CQR, Romano et al. 2019) does, one bound
  at a time: for each level a and horizon step h, the network's a-quantile
  forecasts from origins near the end of each series (in-sample, or from a
  network fitted without those values, "holdout") leave scores
  ``(y - q_a) / scale`` (the series' MASE scale times its multiplicative
  seasonal index); the a-quantile of the scores (split-conformal positions,
  as :class:`~rnnforecast.forecasting._intervals.Calibration`) is added to
  every a-quantile forecast, times the scale. A bound the network set too
  narrow moves out, one too wide moves in; the quantiles are then sorted
  (no crossing). Levels between calibrated ones take interpolated
  adjustments (:class:`QuantileCalibration`). ``calibration="auto"`` is
  "holdout" below 50,000 training windows, as for point losses: there a
  network passes over its few windows many times and its own quantiles are
  far too narrow (80%/95% bands covered 0.33/0.56 with ``loss="quantile"`` on
  the 40 synthetic draws of ``tests/test_interval_coverage.py``, 0.78/0.91
  conformalised); above, the network's quantiles as they are (on M4 Hourly
  and Weekly, CQR raised MSIS; docs/benchmarks.md). None never calibrates.
- Several target columns (``channels`` "independent" or "mixing") and past,
  static and future-known covariates go through the same ``_predict``, so
  they get quantiles too.
- Steps beyond the network's horizon H are forecast recursively from the
  fed-back medians: their quantiles are those of the network given those
  medians, which leaves out the uncertainty of the earlier steps (too narrow;
  an :class:`~rnnforecast.exceptions.IntervalCoverageWarning` says so). Give
  ``fh`` to ``fit`` so that H covers it.

How: the forecaster's own ``_predict`` runs with each network wrapped in a
recorder, whose ``predict`` returns the median (fed back, combined and
restored by ``_predict`` as usual) and records the quantiles of the same
windows; so the quantiles follow every step of the point forecast without a
second copy of it (``_predict`` must call ``predict`` of each of
``regressors_`` once per round, which a test of this module would notice).

Shapes: S = series, m = forecast steps asked, R = rounds of H steps, A = levels.
"""

import copy
import warnings

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon

from ..exceptions import IntervalCoverageWarning
from ..regression import (
    PROBABILISTIC_LOSSES,
    check_quantiles,
    check_trained_levels,
    distribution_of,
)
from ..utils import is_choice
from ._calibration_plan import (
    calibrated_series,
    holds_a_season,
    resolve_calibration,
    steps_and_origins,
)
from ._error_levels import error_scale, naive_error_level, series_scale
from ._intervals import containing_shift, pools_steps
from ._origins import fit_holdout, model_at_origin
from ._point_forecast import point_forecast
from ._seasonality import StackedIndices
from ._series import series_steps
from ._targets import stack_exog, unstack_forecast

__all__ = [
    "GRID", "PROBABILISTIC_LOSSES", "QuantileCalibration", "calibrate_quantiles", "check_loss",
    "network_quantiles", "network_var", "probabilistic",
]  # fmt: skip

#: The losses of RNNForecaster.
LOSSES = ("absolute_error", "squared_error", "huber") + PROBABILISTIC_LOSSES


def check_loss(forecaster):
    """Check ``loss`` and ``quantiles`` of ``forecaster`` (ValueErrors naming them)."""
    owner = type(forecaster).__name__
    loss = forecaster.loss
    if not is_choice(loss, LOSSES):
        raise ValueError(f"{owner}: loss must be one of {LOSSES!r}, got {loss!r}.")
    quantiles = getattr(forecaster, "quantiles", None)
    check_quantiles(quantiles, loss, owner)
    if loss == "quantile" and quantiles is None:
        raise ValueError(
            f"{owner}: loss='quantile' needs the quantile levels to train, got "
            "quantiles=None. Use e.g. quantiles=[0.1, 0.5, 0.9] (0.5, the point "
            "forecast, is added when missing)."
        )


def probabilistic(forecaster):
    """Whether ``forecaster``'s networks are trained on a distribution."""
    return distribution_of(forecaster.loss, getattr(forecaster, "quantiles", None)) is not None


#: The levels at which the quantiles of a Normal or Student-t head are calibrated
#: (a quantile head: its trained levels); levels between them are interpolated.
GRID = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5,
        0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 0.995)  # fmt: skip


class QuantileCalibration:
    """Conformal adjustments of a network's quantiles, per level and horizon step.

    Parameters
    ----------
    levels : list of float
        The calibrated levels, increasing.
    adjust : ndarray of shape (len(levels), n)
        The a-quantile of the scores ``(y - q_a) / scale`` at each level a
        and step (n steps calibrated; later steps take step n's).
    scales : dict
        The scale of each series (MASE's), by key.
    method : str
        "holdout" or "insample".
    n_scores : int
        Scores per level and step (over all steps where they were pooled: fewer
        than :data:`~rnnforecast.forecasting._intervals.POOL_STEPS` per step).
    sigmas : dict or None
        Per series key, 1, or 0 for a series that was constant in ``fit``: it is
        forecast without error, and the other series' scores, times its scale
        (its level), would give it a wide interval. None: 1 for every series.
    """

    #: calibrations pickled before ``sigmas`` had none: every series adjusted
    sigmas = None

    def __init__(self, levels, adjust, scales, method, n_scores, sigmas=None):
        self.levels = list(levels)
        self.adjust = np.asarray(adjust, dtype=float)
        self.scales = scales
        self.method = method
        self.n_scores = n_scores
        self.sigmas = sigmas

    def at(self, alpha, steps):
        """(A, *steps.shape) adjustments at the levels ``alpha`` and ``steps``."""
        inside = np.minimum(np.asarray(steps), self.adjust.shape[1]) - 1
        table = np.stack([np.interp(alpha, self.levels, column) for column in self.adjust.T],
                         axis=1)  # (A, n)
        return table[:, inside]

    def __repr__(self):
        return (f"QuantileCalibration(method={self.method!r}, {len(self.levels)} levels, "
                f"{self.adjust.shape[1]} steps, {self.n_scores} scores each)")


class _Recorder:
    """A fitted regressor whose ``predict`` (the median, fed back by the
    forecaster) also records its quantiles (and variances) of each round, as
    (series, H, ...) arrays: a window of k mixed channels (``channels="mixing"``)
    gives k series of H steps, in the order of the forecaster's series."""

    def __init__(self, regressor, horizon, levels, var):
        self.regressor, self.horizon, self.levels, self.var = regressor, horizon, levels, var
        self.points, self.quantiles, self.vars = [], [], []

    def _per_series(self, values):
        return values.reshape((-1, self.horizon) + values.shape[2:])

    def predict(self, windows):
        point = self.regressor.predict(windows)
        self.points.append(self._per_series(point))
        if self.levels is not None:
            q = self.regressor.predict_quantiles(windows, self.levels)
            self.quantiles.append(self._per_series(q))
        if self.var:
            self.vars.append(self._per_series(self.regressor.predict_var(windows)))
        return point


def _forecast(forecaster, fh, X, levels=None, var=False, calibration=None, warn=True):
    """The point forecast and, per series and step of ``fh``, the networks'
    quantiles at ``levels`` (A, S, m) or variances (S, m) in the series' units;
    with a :class:`QuantileCalibration`, the quantiles adjusted by it (``warn``:
    an IntervalCoverageWarning for steps beyond the horizon without one)."""
    recorders = [_Recorder(reg, forecaster.horizon_, levels, var)
                 for reg in forecaster.regressors_]
    model = copy.copy(forecaster)  # shares the networks; they are only read
    model.regressors_ = recorders
    point = point_forecast(model, fh, X)  # before any floor (._nonnegative)
    series = forecaster._last_y
    steps = series_steps(fh, forecaster.cutoff, series)  # (S, m)
    adjusted = np.inf if calibration is None else calibration.adjust.shape[1]  # steps
    covered = min(forecaster.horizon_, adjusted)
    if warn and int(steps.max()) > covered:
        calibrated = "" if int(steps.max()) <= adjusted else (
            f", calibrated for {adjusted} step(s) (later steps reuse the last one's "
            "adjustment)")
        warnings.warn(
            f"{type(forecaster).__name__}: steps up to {int(steps.max())} were asked, beyond "
            f"the network's horizon ({forecaster.horizon_}){calibrated}; the quantiles of "
            "the later steps are the network's given its fed-back medians, without the "
            "uncertainty of the earlier steps, and cover less than asked. Give fh to fit so "
            "that the network forecasts every step directly.",
            IntervalCoverageWarning,
            stacklevel=4,
        )
    ends = np.array([forecaster._end_position[key] for key, _ in series])[:, None]
    positions = ends + steps
    seasonal = StackedIndices([forecaster.seasonal_[key] for key, _ in series])
    index = steps - 1

    def per_step(recorded):  # rounds of (S, H, ...) per network -> (S, m, ...) median
        arrays = [np.concatenate(r.__dict__[recorded], axis=1) for r in recorders]
        full = np.median(arrays, axis=0)
        take = index if full.ndim == 2 else index[..., None]
        return np.take_along_axis(full, take, axis=1)

    point_values = point.to_numpy(dtype=float).reshape(steps.shape)
    # the network's median, and how far the point forecast (combine) moved from it
    shift = seasonal.adjust(point_values, positions) - per_step("points")
    out = None
    if levels is not None:
        adjusted = per_step("quantiles") + shift[..., None]  # (S, m, A)
        out = np.stack([seasonal.restore(adjusted[..., a], positions)
                        for a in range(len(levels))])
        if calibration is not None:
            scale = error_scale(forecaster, calibration.scales, series, positions,
                                calibration.sigmas)
            out = out + calibration.at(levels, steps) * scale[None]
            order = np.argsort(levels)  # adjusted bounds may cross: sorted again
            out[order] = np.sort(out[order], axis=0)
    if var:
        factor = np.where(seasonal.multiplicative[:, None], seasonal.at(positions), 1.0)
        out = per_step("vars") * factor**2
    return point, out


def network_quantiles(forecaster, fh, X, alpha):
    """The networks' quantile forecasts at ``alpha``, in sktime's ``predict_quantiles`` format."""
    alpha = list(alpha)
    levels = getattr(forecaster.regressors_[0], "quantile_levels_", None)
    if levels is not None:
        check_trained_levels(alpha, levels, type(forecaster).__name__)
    calibration = forecaster.calibration_
    if not isinstance(calibration, QuantileCalibration):
        calibration = None
    # each level with its mirror 1 - a where the network has it (a quantile head has only
    # its trained levels): the central interval it bounds, as the conformal path does
    mirrors = [1 - a for a in alpha if levels is None or np.isclose(levels, 1 - a).any()]
    asked = alpha + [m for m in mirrors if not any(np.isclose(m, alpha))]
    point, values = _forecast(forecaster, fh, X, levels=asked, calibration=calibration)
    values = _holding_the_forecast(alpha, asked, values,
                                   point.to_numpy(dtype=float).reshape(values.shape[1:]))
    columns = forecaster._get_columns(method="predict_quantiles", alpha=alpha)
    return pd.DataFrame(values.reshape(len(alpha), -1).T, index=point.index, columns=columns)


def _holding_the_forecast(alpha, asked, values, point):
    """The quantiles at ``alpha`` of ``values`` ((len(asked), S, m), at the levels
    ``asked``), each central interval moved (its width kept) until it holds ``point``
    (S, m): the conformal calibration of the heads shifts their quantiles by the
    held-out scores' bias, which could leave the point forecast (the network's median)
    outside even a 95% interval. As for the conformal intervals
    (:func:`~rnnforecast.forecasting._intervals.containing_shift`), the 0.5 quantile is
    the forecast and a level's quantiles do not depend on the other levels asked. A
    level whose mirror 1 - a the network lacks (a quantile head's untrained level)
    moves alone: its quantile on the forecast's side of it."""
    offsets = values - point[None]
    out = np.empty((len(alpha),) + point.shape)
    for k, a in enumerate(alpha):
        own = offsets[asked.index(a)]
        mirror = next((i for i, b in enumerate(asked) if np.isclose(b, 1 - a)), None)
        if mirror is not None:
            other = offsets[mirror]
            bounds = np.stack([np.minimum(own, other), np.maximum(own, other)])
        elif a < 0.5:
            bounds = np.stack([own, np.full_like(own, np.inf)])
        else:
            bounds = np.stack([np.full_like(own, -np.inf), own])
        out[k] = point + own + containing_shift(bounds)
    return out


def network_var(forecaster, fh, X):
    """The networks' variances (Normal or Student-t), in sktime's ``predict_var`` format
    (several target columns: the inner forecaster's, unstacked as its forecasts are)."""
    if hasattr(forecaster, "target_columns_"):  # rnnforecast.forecasting._targets
        columns = forecaster.target_columns_
        var = forecaster.forecaster_.predict_var(fh=fh, X=stack_exog(X, columns))
        index = fh.to_absolute_index(forecaster.cutoff) if forecaster._single else None
        return unstack_forecast(var, columns, len(fh), index)
    point, values = _forecast(forecaster, fh, X, var=True)
    frame = point.to_frame() if isinstance(point, pd.Series) else point
    return pd.DataFrame(values.reshape(-1, 1), index=frame.index, columns=frame.columns)


def calibrate_quantiles(forecaster, series, frames, X, fh):
    """The :class:`QuantileCalibration` of a fitted forecaster with a
    probabilistic loss, or a string saying why none (its networks' quantiles
    are then used as they are).

    ``calibration`` says how: None, not at all (the networks' quantiles as
    they are); "insample", from the fitted networks' quantile forecasts of
    the last values of each series; "holdout", from those of a second
    forecaster fitted without them; "auto", "holdout" below 50,000 training
    windows (:func:`~rnnforecast.forecasting._calibration_plan.resolve_calibration`:
    a network that passes over few windows many times has quantiles too
    narrow for new values; "insample", with a warning, where the series are
    too short to hold out) and none above. The origins and steps are those of
    the conformal calibration of point forecasts
    (:mod:`rnnforecast.forecasting._intervals`); so is the pooling of the steps'
    scores where each step has fewer than ``POOL_STEPS`` (not its widening).
    """
    method = forecaster.calibration
    H = forecaster.horizon_
    lengths = np.array([len(s) for _, s in series])
    if method == "auto":
        method = resolve_calibration("auto", lengths, forecaster.window_length_, H)
        method = "holdout" if method == "holdout" else None
    if method is None:
        return (f"it was fitted with calibration={forecaster.calibration!r} and loss="
                f"{forecaster.loss!r}: the network's quantiles as they are")
    longest = None if fh is None else int(fh.to_relative(forecaster.cutoff).to_numpy().max())
    n, K = steps_and_origins(H, longest, forecaster.sp_, lengths, method)
    if method == "holdout" and (
        not holds_a_season(n, lengths, forecaster.sp_)
        or not calibrated_series(n, lengths, "holdout").any()
    ):
        if forecaster.calibration == "holdout":
            return (f"calibration='holdout' needs a series longer than {2 * n + K - 1} "
                    f"values that keeps a season (sp={forecaster.sp_}) without its last "
                    f"{n + K - 1}, the longest has {lengths.max()}")
        warnings.warn(
            f"{type(forecaster).__name__}: calibration='auto' would conformalise the "
            f"network's quantiles on held-out values, but the series are too short to hold "
            f"out {n + K - 1} values: they are calibrated on the network's own training "
            "values instead, and may cover less than asked.",
            IntervalCoverageWarning,
            stacklevel=4,
        )
        method = "insample"
        n, K = steps_and_origins(H, longest, forecaster.sp_, lengths, method)
    keep = calibrated_series(n, lengths, method)
    if not keep.any():
        return (f"no series is long enough to calibrate {n} steps with "
                f"calibration={method!r} (the longest has {lengths.max()} values)")
    scales = {key: series_scale(s.to_numpy(dtype=float), forecaster.sp_) for key, s in series}
    sigmas = {key: naive_error_level(s.to_numpy(dtype=float), forecaster.sp_)
              for key, s in series}  # 0: a constant series, forecast without error
    series = [s for s, k in zip(series, keep) if k]
    frames = [f for f, k in zip(frames, keep) if k]
    model = forecaster
    if method == "holdout":
        model = fit_holdout(forecaster, series, frames, cut=n + K - 1,
                            combine=forecaster.combine_)
    quantiles = getattr(forecaster.regressors_[0], "quantile_levels_", None)
    levels = list(GRID) if quantiles is None else list(quantiles)
    scores = np.concatenate([  # (K * S, n, A)
        _origin_scores(model, forecaster, scales, series, frames, X, n + origin, n, levels)
        for origin in range(K)
    ])
    if pools_steps(len(scores)):
        # few scores per step (one series, a panel of a few): the steps' pooled, as the
        # conformal intervals pool their errors (tuning set, M3 one model per series,
        # loss="quantile", seed 0: 95% coverage 0.541 -> 0.640, MSIS 62.17 -> 44.59)
        scores = scores.reshape(-1, 1, scores.shape[-1])  # (K * S * n, 1, A)
        warnings.warn(
            f"{type(forecaster).__name__}(loss={forecaster.loss!r}): the network's quantiles "
            f"are calibrated on {len(scores) // n} scores per horizon step, too few for "
            "them: on real short series (M3 and M1, one model per series) its 95% intervals "
            "covered about 0.64 of the values. On one series or a panel of a few, the default "
            "loss's conformal intervals around the point forecast cover far more (0.94 on M3, "
            "0.89 on M1): fit without loss=... for intervals.",
            IntervalCoverageWarning,
            stacklevel=4,
        )
    adjust = np.stack([  # the a-quantile of the level-a scores, split-conformal positions
        np.quantile(scores[:, :, a], level, axis=0, method="weibull")
        for a, level in enumerate(levels)
    ])  # (A, n), or (A, 1) pooled: the same at every step
    adjust = np.broadcast_to(adjust, (len(levels), n)).copy()
    return QuantileCalibration(levels, adjust, scales, method, len(scores), sigmas)


def _origin_scores(model, forecaster, scales, series, frames, X, cut, n, levels):
    """(S, n, A) scores ``(y - q_a) / scale`` of ``model``'s quantile forecasts
    from ``cut`` values before each series' end."""
    origin = model_at_origin(model, series, frames, cut)
    steps = ForecastingHorizon(np.arange(1, n + 1), is_relative=True)
    _, q = _forecast(origin, steps, X, levels=levels, warn=False)  # (A, S, n)
    actual = np.stack([s.to_numpy(dtype=float)[len(s) - cut : len(s) - cut + n]
                       for _, s in series])
    positions = np.stack([np.arange(len(s) - cut, len(s) - cut + n) for _, s in series])
    scale = error_scale(forecaster, scales, series, positions)
    return np.moveaxis((actual[None] - q) / scale[None], 0, -1)
