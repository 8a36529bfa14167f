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
(:func:`shrunk_level`: few errors measure it poorly), and the intervals widened
by :data:`POOLED_WIDENING` about their centres: on real short series the last
values' errors understate those of the next ones.

Where the point forecast is the median of the network's and two classical
forecasts (``combine_ == "median"``: one series, a small panel), how far the
three disagree at a step is a sign of how uncertain that step is, which the
calibration errors (of the median, from the last origins) say for the series
only on average: each interval's half-width is combined in quadrature with
the members' range times :data:`SPREAD_WEIGHT` (:func:`add_spread`).
"""

import warnings
from statistics import NormalDist

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
    naive_error_level,
    origin_errors,
    recent_sigmas,
    series_scale,
    series_sigmas,
)
from ._origins import Holdouts
from ._series import series_steps

__all__ = [
    "CALIBRATIONS", "Calibration", "POOL_STEPS", "POOLED_WIDENING", "PRIOR_ERRORS",
    "PRIOR_LEVEL", "SPREAD_WEIGHT", "Uncalibrated", "add_spread", "calibrate",
    "calibration_plan", "calibration_prior",
    "check_levels", "growth_exponent", "holdout_plan", "shrunk_level", "pools_steps",
    "predict_quantiles", "series_scale", "widen",
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
#: Factor on the spread of the pooled quantiles (few errors: one short series, a panel of
#: a few), around the centre of each interval: the quantiles at levels a and 1 - a move
#: apart about their midpoint, so the calibrated bias (the midpoint's offset from the point
#: forecast) is kept and only the width grows; the width is also rescaled by the errors'
#: level shrunk towards PRIOR_LEVEL (shrunk_level) over their level. Their errors come from
#: the last origins of each series, alike and few, and miss the changes that the forecast
#: steps bring: on real series the intervals covered far less than asked. Chosen with
#: PRIOR_ERRORS on the tuning sets (M3, one model per series, 300 series, and 60 long
#: single series of M4's odd ids, seed 0, the bounds of each fit rescaled): the 95%
#: coverage on M3 within 0.94-0.96 (issue 19's goal) and at least 0.92 on the long series,
#: and the lowest mean MSIS of the two relative to the former default (1.6 without the
#: prior): M3 80% / 95% coverage 0.809 / 0.930 -> 0.816 / 0.941, MSIS 7.51 / 12.06 ->
#: 7.11 / 10.82; long series (most not pooled, so hardly changed) 0.785 / 0.927 -> 0.785 /
#: 0.926, MSIS 3.99 / 6.19 -> 3.97 / 6.12 (docs/design_notes.md: the first figures for the
#: long series widened the unpooled ones too; rescored, the choice stands). On series
#: with independent, identically distributed noise (tests/test_interval_coverage.py) the
#: intervals cover more than asked.
POOLED_WIDENING = 1.3
#: The error level that the pooled errors' level is shrunk towards, in units of the
#: series' scale (the seasonal naive forecast's in-sample mean absolute error, MASE's
#: scale): one short series' few errors give its intervals a width that is as much
#: chance as measure: on M3 the series whose calibrated intervals were narrowest for
#: their scale covered least (a quarter of them 0.89 at 95%, the widest quarter 0.97).
#: A constant series, forecast without error by the seasonal naive method, has prior 0
#: (its scale is its mean absolute value instead: :func:`calibration_prior`).
PRIOR_LEVEL = 1.0
#: The weight of PRIOR_LEVEL, in errors (shrunk_level): the level of a short yearly
#: series' 36 pooled errors is 50 / 86 PRIOR_LEVEL's, a long series' thousands keep
#: theirs. Chosen with POOLED_WIDENING (from 15 / 20 / 30 / 50 / 100).
PRIOR_ERRORS = 50
#: kappa, the weight of the median's members' range (the highest minus the lowest of the
#: network's and the two classical forecasts at a step) in the width of the intervals
#: (:func:`add_spread`): a 95% interval's half-width w becomes ``sqrt(w ** 2 + (kappa *
#: range) ** 2)``, another level's in proportion to the Normal quantile. Where the
#: members disagree (a trend that one extrapolates and another damps), the forecast is
#: the more uncertain; the calibration errors measure the series' uncertainty only on
#: average over its last origins. Chosen on the tuning sets (one model per series; each
#: fit's intervals recomputed, kappa from 0.15 to 1.5, in quadrature or as a floor
#: ``max(w, kappa * range)``) by the fifth session's rule: M3's 95% coverage within
#: 0.94-0.96, at least 0.93 on each of its yearly, quarterly and monthly series, at least
#: 0.92 on the long series, the lowest M3 95% MSIS. M3, 300 series, seeds 0-1: coverage
#: 80% / 95% 0.821 / 0.945 -> 0.829 / 0.952, MSIS 6.98 / 10.60 -> 6.88 / 10.22 (yearly
#: 95% coverage 0.922 -> 0.946, MSIS 16.8 -> 15.2; quarterly 0.933 -> 0.935, monthly 0.961
#: -> 0.963); 150 long series of M4's odd ids, seed 0: 0.792 / 0.932, MSIS 4.23 / 6.10 ->
#: 0.794 / 0.937, 4.24 / 6.09. Confirmation (M1, one model per series, seeds 0-2): 0.746 /
#: 0.894, MSIS 10.94 / 22.10 -> 0.753 / 0.898, 10.71 / 21.16; M1's panels of at most 5 and
#: 60 long series of even ids, seed 0, coverage up and MSIS down too (docs/design_notes.md,
#: "The members' disagreement in the width"). 0: the calibrated width alone.
SPREAD_WEIGHT = 0.25
#: The growth exponent b of the errors beyond the calibrated steps, ``(step / n) ** b``,
#: where it cannot be measured (one calibrated step): a random walk's.
RANDOM_WALK_GROWTH = 0.5


def _level(errors):
    """The mean absolute value of ``errors`` (1 where it is 0: nothing to scale)."""
    level = float(np.mean(np.abs(errors)))
    return level if level > 0 else 1.0


def shrunk_level(pooled, prior=None, weight=None, n_errors=None):
    """The error level of the ``pooled`` scaled errors (their mean absolute value L)
    shrunk towards ``prior`` with the weight of ``weight`` errors:
    ``(N * L + weight * prior) / (N + weight)``, N the errors of one series
    (``n_errors``; None: all of ``pooled``, one series). A panel of a few shares
    one level, but each of its series has only N errors of its own: its level
    weighs as one series' does. ``prior`` None: :data:`PRIOR_LEVEL`; ``weight``
    None: :data:`PRIOR_ERRORS`. Errors that are all 0 keep level 1 (their intervals
    stay of width 0)."""
    prior = PRIOR_LEVEL if prior is None else prior
    weight = PRIOR_ERRORS if weight is None else weight
    pooled = np.asarray(pooled, dtype=float)
    level = float(np.mean(np.abs(pooled))) if pooled.size else 0.0
    if not level > 0:
        return 1.0
    n = pooled.size if n_errors is None else n_errors
    return float((n * level + weight * prior) / (n + weight))


def widen(quantiles, mirrored, factor=None):
    """The ``quantiles`` at levels a moved ``factor`` times as far from the centre
    of each interval, the midpoint of the quantiles at a and 1 - a (``mirrored``):
    ``centre + factor * (q(a) - q(1 - a)) / 2``. The width of the interval
    between a and 1 - a grows by ``factor``, its centre (the calibrated bias)
    stays, and the quantiles stay in the order of their levels (level 0.5 is
    unchanged). ``factor`` None: :data:`POOLED_WIDENING`."""
    factor = POOLED_WIDENING if factor is None else factor
    quantiles, mirrored = np.asarray(quantiles, dtype=float), np.asarray(mirrored, dtype=float)
    return (quantiles + mirrored) / 2 + factor * (quantiles - mirrored) / 2


def add_spread(offsets, mirrored, alpha, spread, weight=None):
    """The quantile ``offsets`` (from the point forecast) at levels ``alpha``, their
    intervals widened by the members' ``spread``.

    Each interval between the levels a and 1 - a (``mirrored``: the offsets at 1 - a)
    keeps its centre and gets the half-width ``sqrt(w ** 2 + s ** 2)``, w its own and
    ``s = weight * spread * z(a) / z(0.975)`` (z the Normal quantile: 0 at level 0.5,
    which stays); the quantiles are then put back in the order of their levels.

    Parameters
    ----------
    offsets, mirrored : ndarray of shape (A, S, m)
    alpha : sequence of A floats
    spread : ndarray of shape (S, m)
        The members' range at each series' steps (:func:`point_forecast`), >= 0.
    weight : float or None, default=None
        kappa; None: :data:`SPREAD_WEIGHT`.
    """
    weight = SPREAD_WEIGHT if weight is None else weight
    alpha = np.asarray(alpha, dtype=float)
    normal = NormalDist()
    z = np.array([normal.inv_cdf(a) for a in alpha]) / normal.inv_cdf(0.975)
    centre, half = (offsets + mirrored) / 2, np.abs(offsets - mirrored) / 2
    extra = weight * z[:, None, None] * np.asarray(spread, dtype=float)[None]
    out = centre + np.sign(z)[:, None, None] * np.sqrt(half ** 2 + extra ** 2)
    order = np.argsort(alpha, kind="stable")
    out[order] = np.sort(out[order], axis=0)
    return out


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
        weighs against the prior (:func:`shrunk_level`). None: the errors are
        one series'.
    prior : float or None, default=None
        The level that few errors' level is shrunk towards (:func:`calibration_prior`);
        None: :data:`PRIOR_LEVEL`.
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
        :data:`POOLED_WIDENING` times :func:`shrunk_level` over the errors' level)
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
            factor = (POOLED_WIDENING / _level(pooled)
                      * shrunk_level(pooled, prior=self.prior, n_errors=per_series))
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


def calibration_prior(series, sp):
    """The level that the pooled errors' level is shrunk towards (:func:`shrunk_level`),
    in units of the series' scale: :data:`PRIOR_LEVEL`, or 0 when every one of the
    ``series`` is constant (the seasonal naive forecast's in-sample error level,
    :func:`~rnnforecast.forecasting._error_levels.naive_error_level`, is 0). A
    constant series' scale is its mean absolute value (the seasonal naive forecast's
    error is 0); a prior of that size gave a series of 60 fives, forecast 5, a 90%
    interval from -6.4 to 16.4. In a panel the constant series' errors are not
    pooled (:func:`_informative_rows`), so they do not lower the others' prior (the
    mean over the series did: 0.8 with one constant series of five)."""
    levels = [naive_error_level(s.to_numpy(dtype=float), sp) for _, s in series]
    return PRIOR_LEVEL * float(max(levels, default=1.0))


def check_levels(values, name, owner="RNNForecaster"):
    """``values`` as a list of floats in (0, 1), sorted and unique, or a ValueError."""
    levels = list(values) if isinstance(values, (list, tuple, np.ndarray, pd.Index)) else [values]
    return check_unit_levels(levels, values, name, owner,
                             expected="a number or a list of numbers")


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
            "RNNForecaster: predict_interval and predict_quantiles need the calibration "
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

    by_spread = spread is not None and SPREAD_WEIGHT and np.any(spread > 0)
    # with the spread, the quantiles at 1 - a too (add_spread), in the same call
    q = offsets(list(alpha) + ([1 - a for a in alpha] if by_spread else []))
    if by_spread:
        q = add_spread(q[: len(alpha)], q[len(alpha):], alpha, spread)
    centre = point.to_numpy(dtype=float).reshape(steps.shape)
    values = (centre[None] + q).reshape(len(alpha), -1).T
    columns = forecaster._get_columns(method="predict_quantiles", alpha=alpha)
    return pd.DataFrame(values, index=point.index, columns=columns)
