"""Prediction intervals of RNNForecaster by conformal calibration per horizon step.

Shapes and symbols used throughout this module:

- S: series, K: forecast origins per series, n: calibrated steps (a multiple
  of the network's horizon H), A: quantile levels.

After the network is fitted, the forecaster forecasts n steps from K origins
near the end of each training series and records the errors ``y - y_hat``,
each divided by its series' scale (the in-sample mean absolute error of the
seasonal naive forecast, the scale of MASE and MSIS), for a series with
multiplicative seasonal indices by the index of the error's time step, and by
the series' relative error level sigma (normalised, or locally adaptive,
conformal prediction: ``series_sigmas``, the network's mean absolute scaled
error on the series from a few earlier origins, median about 1; the scale and
the level are measured in :mod:`rnnforecast.forecasting._error_levels`). The
quantiles of these scaled errors, one set per horizon step and shared by all
series, turn a point forecast into quantile forecasts:
``y_hat + sigma' * scale * index * q_h(alpha)``, where sigma' averages sigma
with the level of the calibrating errors themselves, the latest ones
(``recent_sigmas``). A series that the network forecasts well gets
narrow intervals, a noisy one wide intervals (on M4 Hourly, MSIS 9.04 -> 7.51
with the same network, README).
Intervals are as wide at each step as the errors at that step were, so they
widen with the horizon where the errors grow. The steps calibrated are those of
the ``fh`` given to ``fit``; without one (how sktime's tuners refit), a season
and at least ``STEPS_WITHOUT_FH``, as far as the series allow (``calibrated_steps``
in :mod:`rnnforecast.forecasting._calibration_plan`, with the origins K and the
series kept), not only the network's horizon. Steps beyond n
(forecasts further than calibrated) take the quantiles of step n times
``(step / n) ** b``, b the growth of the errors measured over the calibrated
steps (:func:`growth_exponent`).

Two ways to get errors that look like out-of-sample ones (``calibration``):

- ``"holdout"``: a second network, with the same parameters, is fitted on the
  series without their last n + K - 1 values and forecasts them: honest
  errors, at the cost of a second fit.
- ``"insample"``: the fitted network itself forecasts the last n values of
  each series: no extra fit, but it has trained on those values, so its
  errors are too small and the intervals too narrow.
- ``"auto"``: ``"holdout"`` where the networks trained on fewer than
  :data:`~rnnforecast.forecasting._auto.COMBINE_BELOW` windows (one series,
  a small panel: each window is seen many times and the in-sample errors are
  much too small), ``"insample"`` otherwise (:func:`resolve_calibration`).

With fewer than :data:`POOL_STEPS` errors per step (one series, a panel of a
few) the steps' errors are pooled, their level shrunk towards the series' scale
(few errors measure it poorly), and the intervals widened about their centres:
on real short series the last values' errors understate those of the next
ones. Where the point forecast is the median of the network's and two classical
forecasts (``combine_ == "median"``), how far the three disagree at a step
widens that step's interval: the calibration errors (of the median, from the
last origins) measure the series' uncertainty only on average. Both widenings
and their settings live in :mod:`rnnforecast.forecasting._widening`.
"""

import warnings

import numpy as np
import pandas as pd

from ..exceptions import IntervalCoverageWarning
from ..utils import check_unit_levels
from ._calibration_plan import (  # TARGET_ERRORS: rnnforecast.intervals of 0.1.0 had it
    TARGET_ERRORS,  # noqa: F401
    Uncalibrated,  # here before: pickles of earlier fits name it from this module
    calibrated_series,  # noqa: F401  (the names this module had before the plan moved)
    calibrated_steps,  # noqa: F401
    calibration_plan,
    holdout_plan,
    holds_a_season,  # noqa: F401
    n_origins,  # noqa: F401
    resolve_calibration,  # noqa: F401
    target_groups,
)
from ._error_levels import (  # series_scale, series_sigmas: imported from here before
    SIGMA_ORIGINS,
    SIGMA_PRIOR,
    error_scale,
    origin_errors,
    recent_sigmas,
    series_scale,
    series_sigmas,
    sigma_cuts,
)
from ._origins import Holdouts, shared_origins
from ._series import series_steps
from ._widening import add_spread, calibration_prior, pooled_factor, widen, widens_by_spread

__all__ = [
    "CALIBRATIONS", "Calibration", "POOL_STEPS", "RANDOM_WALK_GROWTH", "Uncalibrated",
    "calibrate", "calibration_plan", "check_levels", "containing_shift",
    "growth_exponent", "holdout_plan",
    "pools_steps", "predict_quantiles", "series_scale",
]  # fmt: skip

#: The values of ``RNNForecaster(calibration=...)``.
CALIBRATIONS = ("auto", "holdout", "insample", None)

#: Pool the calibrated steps' errors (each divided by its step's growth h ** b) when a
#: step has fewer errors than this (one series, a panel of a few; M4's panels and long
#: single series have 100 or more): a 95% interval from the 6 errors per step of a short
#: yearly series was the largest of them. None or 0: never. Chosen on the tuning set (M3,
#: one model per series, 300 series, seed 0, ``benchmarks/protocol.py --coverage``):
#: coverage 80% / 95% 0.631 / 0.699 -> 0.632 / 0.794, MSIS 8.18 / 20.94 -> 7.76 / 15.03.
#: Confirmation (M1, seed 0): 0.538 / 0.610 -> 0.523 / 0.714, MSIS 12.95 / 38.81 -> 12.54 / 30.83.
POOL_STEPS = 100
#: The growth exponent b of the errors beyond the calibrated steps, ``(step / n) ** b``,
#: where it cannot be measured (one calibrated step): a random walk's.
RANDOM_WALK_GROWTH = 0.5


def pools_steps(per_step):
    """Are ``per_step`` errors (or scores) per horizon step few enough that the
    steps' are pooled (fewer than :data:`POOL_STEPS`)? Shared by the conformal
    intervals and the heads' calibration (:mod:`rnnforecast.forecasting._probabilistic`)."""
    return bool(POOL_STEPS) and per_step < POOL_STEPS


class Calibration:
    """Scaled forecast errors per horizon step, and the scale of each series.

    Parameters
    ----------
    errors : ndarray of shape (S * K, n)
        Errors ``y - y_hat`` divided by their series' scale.
    scales : dict
        Scale of each series, by series key.
    method : str
        How the errors were made ("holdout" or "insample").
    sigmas : dict or None, default=None
        Relative error level of each series (see :func:`series_sigmas`), by
        series key; the errors are divided by it too. None: 1 for every series.
    growth : float, default=0.5
        Exponent b of the growth of the quantiles beyond the calibrated steps,
        ``(step / n) ** b`` (:func:`growth_exponent`; 0.5: a random walk's).
    groups : array-like of shape (S * K,) or None, default=None
        The target column of each error's series (several target columns,
        :mod:`rnnforecast.forecasting._targets`): each column's quantiles come
        from its own errors. None: all errors calibrate every series.
    origins : int or None, default=None
        K, the origins per series: each series has K * n errors, what its level
        weighs against the prior (:func:`~rnnforecast.forecasting._widening.shrunk_level`). None: the errors are
        one series'.
    prior : float or None, default=None
        The level that few errors' level is shrunk towards (:func:`calibration_prior`);
        None: :data:`~rnnforecast.forecasting._widening.PRIOR_LEVEL`.
    """

    sigmas = None  # for calibrations pickled before sigmas existed
    growth = RANDOM_WALK_GROWTH  # and before the growth was measured
    groups = None  # and before several target columns
    origins = None  # and before the prior on the level of few errors
    prior = None  # and before constant series had a prior of their own

    def __init__(self, errors, scales, method, sigmas=None, growth=RANDOM_WALK_GROWTH,
                 groups=None, origins=None, prior=None):
        self.errors = np.asarray(errors, dtype=float)
        self.scales = scales
        self.method = method
        self.sigmas = sigmas
        self.growth = growth
        self.groups = None if groups is None else np.asarray(groups, dtype=object)
        self.origins = origins
        self.prior = prior

    def sigma(self, key):
        """The relative error level of series ``key`` (the median one if it had none)."""
        if self.sigmas is None:
            return 1.0
        if key not in self.sigmas:
            return float(np.median(list(self.sigmas.values())))
        return self.sigmas[key]

    @property
    def n_steps(self):
        """n, the horizon steps calibrated."""
        return self.errors.shape[1]

    def quantiles(self, alpha, steps, group=None):
        """(A, *steps.shape) quantiles of the scaled errors at the steps ``steps``
        (of the errors of target column ``group`` only, when given).

        The quantile at level a of N errors lies at position ``a * (N + 1)``
        among them, sorted (numpy's ``method="weibull"``), the rule of split
        conformal prediction: a new error exchangeable with the N falls below
        the k-th smallest with probability ``k / (N + 1)``, so the interval
        between the levels a and b covers ``b - a`` on average, for any N.
        (The former rule, levels widened by ``(N + 1) / N`` around 0.5 and
        numpy's default positions ``a * (N - 1) + 1``, lies inside it: with 30
        Gaussian errors, simulated, its 80% intervals covered 0.78 and its 95%
        ones 0.92.) A level beyond ``N / (N + 1)`` (or below ``1 / (N + 1)``)
        is the largest (smallest) error, with a warning. With fewer than
        :data:`POOL_STEPS` errors per step the quantiles are those of all the
        steps' errors, each divided by ``h ** growth`` (its step's growth),
        widened about each interval's centre (:func:`widen`, by
        :func:`pooled_factor`)
        and times ``h ** growth``. Steps beyond the n
        calibrated take the quantiles of step n times ``(step / n) ** growth``.
        """
        alpha = np.asarray(alpha, dtype=float)
        errors = self.errors
        if group is not None and self.groups is not None:
            errors = errors[self.groups == group]
        pool = pools_steps(len(errors))
        n_errors = len(errors) * (self.n_steps if pool else 1)
        tail = float(np.min(np.minimum(alpha, 1 - alpha)))
        if (n_errors + 1) * tail < 1 - 1e-9:
            warnings.warn(
                f"RNNForecaster: a quantile at alpha={tail:g} (or {1 - tail:g}) needs at least "
                f"{int(np.ceil(1 / tail - 1e-9)) - 1} calibration errors per horizon step (or "
                f"over all steps), this fit has {n_errors}: those quantiles are the largest "
                "errors seen and the interval may cover less than asked. Fit on a longer series "
                "or more series, or ask a lower coverage.",
                IntervalCoverageWarning,
                stacklevel=4,
            )
        if pool:  # few errors per step: the quantiles of all steps' errors, each divided
            # by its step's growth h ** b, times the growth of each step
            growth_h = np.arange(1, self.n_steps + 1) ** self.growth
            pooled = (errors / growth_h).ravel()
            levels = np.concatenate([alpha.ravel(), 1 - alpha.ravel()])
            both = np.quantile(pooled, levels, method="weibull").reshape((2,) + alpha.shape)
            per_series = None if self.origins is None else self.origins * self.n_steps
            factor = pooled_factor(pooled, prior=self.prior, n_errors=per_series)
            table = widen(both[0], both[1], factor)[..., None] * growth_h
        else:
            table = np.quantile(errors, alpha, axis=0, method="weibull")  # (A, n)
        steps = np.asarray(steps)
        inside = np.minimum(steps, self.n_steps) - 1
        growth = np.maximum(steps / self.n_steps, 1.0) ** self.growth
        return table[:, inside] * growth


def growth_exponent(errors):
    """b, how the scaled errors (K * S, n) grow with the step h: the least-squares
    slope of ``log mean |e_h|`` on ``log h`` over the calibrated steps, within
    [0, 1].

    The quantiles beyond the n calibrated steps are those of step n times
    ``(step / n) ** b``. A random walk's errors grow as ``h ** 0.5``; those of a
    stationary series (noise around a pattern the network has learnt) hardly
    grow (b near 0), and a missed trend's grow as ``h`` (b = 1). A fixed 0.5
    made intervals of stationary series too wide beyond the calibrated steps
    (10 series of 120 values of white noise, fitted with ``fh=[1, 2, 3]``: 80%
    intervals covered 0.98 at step 12; 0.80 with b measured). Errors that grow
    and then level off (stationary series) have a smaller slope further on
    than over the first steps, so extrapolating the slope of the calibrated
    steps errs towards wide intervals. One step (nothing to measure) or a step
    without errors: :data:`RANDOM_WALK_GROWTH`.
    """
    errors = np.asarray(errors, dtype=float)
    level = np.abs(errors).mean(axis=0)
    if len(level) < 2 or not (level > 0).all():
        return RANDOM_WALK_GROWTH
    slope = np.polyfit(np.log(np.arange(1, len(level) + 1)), np.log(level), 1)[0]
    return float(np.clip(slope, 0.0, 1.0))


def calibrate(forecaster, series, frames, X, fh, local=True, origins=SIGMA_ORIGINS,
              prior=SIGMA_PRIOR, holdouts=None):
    """The :class:`Calibration` of a fitted forecaster, or a string saying why none.

    Parameters
    ----------
    forecaster : RNNForecaster
        Fitted (``regressors_`` set); its ``calibration`` says how
        (``"auto"``: :func:`resolve_calibration`; where the series are too
        short for a holdout, in-sample errors, with a warning).
    series : list of (key, pd.Series)
        The training series.
    frames : list of pd.DataFrame or None
        Their exogenous rows.
    X : pd.DataFrame or None
        The exogenous data given to ``_fit`` (all series).
    fh : ForecastingHorizon or None
        The horizon given to ``fit``: its largest step is calibrated too
        (without it, :func:`calibrated_steps` says how many).
    local : bool, default=True
        Divide each series' errors by its relative error level
        (:func:`series_sigmas`), so that intervals are as wide as the
        series' own forecasts are good; False: one width for all series
        relative to their scale.
    origins, prior : int
        Passed to :func:`series_sigmas`.
    holdouts : Holdouts or None, optional
        The fit's holdout clones (:class:`~rnnforecast.forecasting._origins.Holdouts`),
        shared with the guard of ``combine="auto"``; None: a clone of its own.
    """
    plan = calibration_plan(forecaster, series, fh, warn=True)
    if isinstance(plan, Uncalibrated):
        return plan
    method, n, K, keep = plan
    scales = {key: series_scale(s.to_numpy(dtype=float), forecaster.sp_) for key, s in series}
    groups = target_groups(forecaster, series)
    groups = None if groups is None else [g for g, kept in zip(groups, keep) if kept]
    series = [s for s, kept in zip(series, keep) if kept]
    frames = [f for f, kept in zip(frames, keep) if kept]
    model = forecaster
    if method == "holdout":
        holdouts = Holdouts(forecaster) if holdouts is None else holdouts
        model = holdouts.fit(series, frames, cut=n + K - 1, combine=forecaster.combine_,
                             exact=True)
    sigmas = None
    cuts = [n + origin for origin in range(K)]
    if local:
        cuts += sigma_cuts(forecaster, 2 * n + K - 1, origins)
    with shared_origins(model, series, cuts):  # the median's classical members: one fit
        if local:
            sigmas = series_sigmas(model, forecaster, scales, series, frames, X, n,
                                   first_cut=2 * n + K - 1, origins=origins, prior=prior)
        errors = np.concatenate([  # values after the forecast origin: n, ..., n + K - 1
            origin_errors(model, forecaster, scales, series, frames, X, n + origin, n, sigmas)
            for origin in range(K)
        ])
    row_groups = None if groups is None else np.tile(np.asarray(groups, dtype=object), K)
    if local:
        sigmas = recent_sigmas(errors, series, sigmas, forecaster.sp_)
        rows = _informative_rows(np.tile([sigmas[key] == 0 for key, _ in series], K),
                                 row_groups)
        errors = errors[rows]
        row_groups = None if row_groups is None else row_groups[rows]
    return Calibration(errors, scales, method, sigmas, growth=growth_exponent(errors),
                       groups=row_groups, origins=K,
                       prior=calibration_prior(series, forecaster.sp_))


def _informative_rows(exact, groups=None):
    """(rows,) bool: the calibration errors that measure the others' quantiles: not
    those of a series forecast without error (``exact``: a constant one, its level 0,
    whose errors are 0 and whose intervals are its forecast), unless every series (of
    its target column, ``groups``) is."""
    keep = ~np.asarray(exact, dtype=bool)
    if groups is None:
        return keep if keep.any() else np.ones_like(keep)
    for group in dict.fromkeys(groups):
        rows = groups == group
        if not keep[rows].any():
            keep[rows] = True
    return keep


def check_levels(values, name, owner="RNNForecaster"):
    """``values`` as a list of floats in (0, 1), unique, in the order given (sktime's
    ``alpha`` and ``coverage``: the columns keep it), or a ValueError."""
    levels = list(values) if isinstance(values, (list, tuple, np.ndarray, pd.Index)) else [values]
    return check_unit_levels(levels, values, name, owner,
                             expected="a number or a list of numbers", order=None)


def containing_shift(bounds):
    """(...) shift of the quantile offsets that puts the point forecast (offset 0) inside
    the interval of ``bounds`` ((2, ...) offsets of its lower and upper quantiles), at its
    nearest edge; 0 where it is inside already.

    Every central interval (the levels a and 1 - a) contains the point forecast, and the
    0.5 quantile is the forecast. The calibrated quantiles keep the errors' bias (their
    midpoint's offset from the forecast); where that bias puts the forecast outside an
    interval, it is not this forecast's: a series that broke to a new level before its
    end (its errors from origins before the break), or another series of a small panel
    whose errors dominate the pooled ones, gave a 90% interval of (0, 2.7) around a
    forecast of 5, and moved the intervals of a steady series of the same panel below
    its forecast. Such an interval moves (its width kept) until the forecast is at its
    nearest edge. Each interval by its own shift: the quantiles of one level do not
    depend on the other levels asked, and they stay in the order of their levels (a
    narrower interval moves at least as far, and is no wider).
    """
    low, high = bounds
    return np.where(high < 0, -high, np.where(low > 0, -low, 0.0))


def predict_quantiles(forecaster, point, fh, alpha, spread=None):
    """Quantile forecasts around ``point``, in sktime's ``predict_quantiles`` format,
    widened by the members' ``spread`` ((S, len(fh)), :func:`add_spread`; None: not)."""
    calibration = forecaster.calibration_
    if not isinstance(calibration, Calibration):
        if forecaster.calibration is None:
            advice = "Fit with calibration='auto', 'holdout' or 'insample'"
        else:  # the series were too short for the errors
            advice = "Fit on longer series, or with a shorter fh (fewer steps to calibrate)"
            if getattr(calibration, "method", None) == "holdout":
                advice += (", or with calibration='insample' (it needs fewer values; its "
                           "intervals are narrower)")
        raise ValueError(
            "RNNForecaster: predict_interval, predict_quantiles, predict_var and "
            "predict_proba need the calibration "
            f"errors made in fit, but {calibration}. {advice}."
        )

    series = forecaster._last_y
    steps = series_steps(fh, forecaster.cutoff, series)  # (S, m)
    ends = np.array([forecaster._end_position[key] for key, _ in series])[:, None]
    scale = error_scale(forecaster, calibration.scales, series, ends + steps, calibration)
    groups = target_groups(forecaster, series)

    def offsets(levels):  # (A, S, m)
        if groups is None or calibration.groups is None:
            return calibration.quantiles(levels, steps) * scale
        q = np.empty((len(levels),) + steps.shape)  # each target column from its own errors
        column = np.asarray(groups, dtype=object)
        for group in dict.fromkeys(column):
            rows = np.flatnonzero(column == group)
            q[:, rows] = calibration.quantiles(levels, steps[rows], group=group)
        return q * scale

    # each level with its mirror 1 - a: the central interval it bounds (asked or not)
    A, levels = len(alpha), list(alpha) + [1 - a for a in alpha]
    if widens_by_spread(spread):  # about the median error, the centre of every level
        q = offsets(levels + [0.5])
        q = add_spread(q[:-1], q[-1], levels, spread)
    else:
        q = offsets(levels)
    # each central interval holds the forecast (the level 0.5: the forecast itself), by a
    # shift of its own: a quantile does not depend on the other levels asked with it
    q = q[:A] + containing_shift(np.stack([np.minimum(q[:A], q[A:]),
                                           np.maximum(q[:A], q[A:])]))
    centre = point.to_numpy(dtype=float).reshape(steps.shape)
    values = (centre[None] + q).reshape(len(alpha), -1).T
    columns = forecaster._get_columns(method="predict_quantiles", alpha=alpha)
    return pd.DataFrame(values, index=point.index, columns=columns)
