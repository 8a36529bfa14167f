"""Each series' error scale and relative error level, which the intervals are made of.

A conformal interval here is ``y_hat + sigma' * scale * index * q_h(alpha)``
(:mod:`rnnforecast.forecasting._intervals`): this module measures ``scale``
(:func:`series_scale`, the in-sample MAE of the seasonal naive forecast, the
scale of MASE and MSIS), ``index`` (a multiplicative seasonal index, in
:func:`error_scale`) and ``sigma'`` (:func:`series_sigmas`, the network's mean
absolute scaled error on each series from a few earlier origins, shrunk towards
the median, averaged by :func:`recent_sigmas` with the level of the latest
errors). The heads' calibration (:mod:`rnnforecast.forecasting._probabilistic`)
and the guard of ``combine="auto"`` (:mod:`rnnforecast.forecasting._guard`)
use the same scale.
"""

import numpy as np

from ._origins import forecast_from

__all__ = [
    "ROUNDING", "SIGMA_FLOOR", "SIGMA_ORIGINS", "SIGMA_PRIOR", "SIGMA_RECENT", "error_scale",
    "naive_error_level", "origin_errors", "recent_sigmas", "series_scale", "series_sigmas",
    "sigma_cuts",
]  # fmt: skip

#: Origins per series whose errors measure its relative error level (series_sigmas).
SIGMA_ORIGINS = 8
#: Weight, in origins, of the median level that each series' level is shrunk towards.
#: SIGMA_PRIOR and SIGMA_RECENT were chosen on the odd ids of M4 Weekly and Hourly
#: (seeds 0-1: the best mean MSIS of the two that lowered neither coverage, from
#: weights 0.375 / 0.5 and priors 1 / 2 / 4 / 8; 1 and 0.5 before) and confirmed on
#: the even ids (docs/benchmarks.md, "Each series' error level").
SIGMA_PRIOR = 4.0
#: The smallest relative error level (a series forecast perfectly in-sample still errs).
SIGMA_FLOOR = 0.1
#: Weight of the latest (calibrating) errors in the level that predictions use (recent_sigmas).
SIGMA_RECENT = 0.375
#: A series' error level (in units of its scale) below which its errors are the rounding
#: of the float32 network (a constant series forecast exactly, as 123.456 is stored): 0.
ROUNDING = 1e-6


def _naive_mae(values, sp):
    """The seasonal naive in-sample MAE of ``values`` (lag 1 where that one is 0 or
    the series too short), 0 where every value is the same."""
    for lag in (sp, 1):
        if len(values) > lag:
            scale = np.mean(np.abs(values[lag:] - values[:-lag]))
            if scale > 0:
                return float(scale)
    return 0.0


def series_scale(values, sp):
    """The seasonal naive in-sample MAE of ``values`` (lag 1 if too short; never 0:
    a constant series' is its mean absolute value, or 1)."""
    values = np.asarray(values, dtype=float)
    scale = _naive_mae(values, sp)
    if scale > 0:
        return scale
    level = np.mean(np.abs(values))
    return float(level) if level > 0 else 1.0


def naive_error_level(values, sp):
    """The in-sample error level of the seasonal naive forecast of ``values`` in units
    of :func:`series_scale`: 1, or 0 for a constant series (forecast without error,
    whose scale is its mean absolute value instead)."""
    return 1.0 if _naive_mae(np.asarray(values, dtype=float), sp) > 0 else 0.0


def recent_sigmas(errors, series, sigmas, sp, weight=SIGMA_RECENT):
    """The error levels that predictions use: ``sigmas`` (from the earlier origins)
    averaged with the levels of the calibrating errors themselves, the latest.

    ``errors`` (K * S, n) were divided by ``sigmas``; a series' latest level is
    their mean absolute value times its sigma, divided by the median over series
    (so that it is relative, as the sigmas are, also for held-out errors, larger
    than in-sample ones). On M4 Hourly, weight 0.5 instead of 0 gave MSIS 7.51
    instead of 7.85 and coverage 0.944 instead of 0.937 (Weekly 20.66 against 21.15);
    with the series' levels shrunk harder (SIGMA_PRIOR 4), 0.375 served Weekly better
    (MSIS 6% lower, coverage 0.923 instead of 0.920) and Hourly a little worse (0.7%
    higher; SIGMA_PRIOR says how it was chosen). A constant series (``sp`` is the
    season of :func:`naive_error_level`) has no floor and is not in the median, as
    in :func:`series_sigmas`.
    """
    keys = [key for key, _ in series]
    old = np.array([sigmas[key] for key in keys])
    S = len(keys)
    varies = _varies(series, sp)
    latest = np.abs(errors.reshape(-1, S, errors.shape[1])).mean(axis=(0, 2)) * old
    median = float(np.median(latest[varies])) if varies.any() else 0.0
    # none varies (one constant series): no median to be relative to, and a constant
    # series' level is its own (0: it gave 0.375 of its level, 90% intervals of 91-129
    # around a constant 100)
    latest = latest / median if median > 0 else np.where(varies, 1.0, np.nan_to_num(latest))
    level = np.maximum((1 - weight) * old + weight * latest, SIGMA_FLOOR * varies)
    return {key: float(v) for key, v in zip(keys, level)}


def series_sigmas(model, forecaster, scales, series, frames, X, n, first_cut,
                  origins=SIGMA_ORIGINS, prior=SIGMA_PRIOR):
    """Relative error level of each series: ``{key: sigma}``, median about 1.

    ``model`` forecasts n steps from ``origins`` origins, H/2 apart, the
    latest ``first_cut`` values before each series' end (before the values
    that calibrate, so that these errors are not theirs). A series' raw
    level is its mean absolute error there, scaled as in :func:`error_scale`.
    Origins with less than a window of history are forecast from padded
    windows, as short series are: their errors are what a short series'
    forecasts are like (skipping them left short series at the median level,
    and M4 Weekly's 65 series of 80 values covered 0.47 for 95%). With m origins,
    the level is shrunk towards the median of all series,
    ``(m * raw + prior * median) / (m + prior)``, and divided by that median.

    A constant series (its seasonal naive forecast has no in-sample error:
    :func:`naive_error_level` 0) is not shrunk, floored or counted in the
    median: the other series' errors say nothing of its own, and its level is
    that of its own errors, 0 where the network forecast it exactly (its
    intervals are then its forecast, as a constant single series' are). A panel
    of four seasonal series and a constant one had a 90% interval of 3.5-6.5
    around the constant 5 (its level shrunk towards the others' median).
    """
    lengths = np.array([len(s) for _, s in series])
    total = np.zeros(len(series))
    count = np.zeros(len(series))
    for cut in sigma_cuts(forecaster, first_cut, origins):
        ok = lengths - cut >= 1  # at least one value of history
        if not ok.any():
            break
        chosen = [s for s, k in zip(series, ok) if k]
        chosen_frames = [f for f, k in zip(frames, ok) if k]
        scaled = origin_errors(model, forecaster, scales, chosen, chosen_frames, X, cut, n)
        total[ok] += np.abs(scaled).mean(axis=1)
        count[ok] += 1
    raw = np.divide(total, count, out=np.zeros(len(series)), where=count > 0)
    raw = np.where(raw > ROUNDING, raw, 0.0)  # the float32 network's rounding: no error
    varies = _varies(series, forecaster.sp_)
    measured = (count > 0) & varies
    median = float(np.median(raw[measured])) if measured.any() else 1.0
    if not median > 0:
        median = 1.0
    prior = prior * varies  # a constant series: its own errors alone
    weight = np.maximum(count + prior, 1e-12)  # count 0 (and prior 0): replaced below
    level = (count * raw + prior * median) / weight / median
    level = np.where(count > 0, np.maximum(level, SIGMA_FLOOR * varies), 1.0)
    return {key: float(v) for (key, _), v in zip(series, level)}


def sigma_cuts(forecaster, first_cut, origins=SIGMA_ORIGINS):
    """The cuts (values before each series' end) of :func:`series_sigmas`' origins."""
    stride = max(1, forecaster.horizon_ // 2)
    return [first_cut + j * stride for j in range(origins)]


def _varies(series, sp):
    """(S,) bool: does each series vary (a seasonal naive error level above 0)?"""
    return np.array([naive_error_level(s.to_numpy(dtype=float), sp) > 0 for _, s in series])


def origin_errors(model, forecaster, scales, series, frames, X, cut, n, sigmas=None):
    """(S, n) errors ``y - y_hat`` of ``model``'s n-step forecasts from ``cut``
    values before each series' end, divided by :func:`error_scale`."""
    pred = forecast_from(model, series, frames, X, cut, n)
    actual = np.stack([s.to_numpy(dtype=float)[len(s) - cut : len(s) - cut + n]
                       for _, s in series])
    positions = np.stack([np.arange(len(s) - cut, len(s) - cut + n) for _, s in series])
    scale = error_scale(forecaster, scales, series, positions, sigmas)
    # scale 0: a constant series forecast exactly from every earlier origin (level 0)
    return np.divide(actual - pred, scale, out=np.zeros(scale.shape), where=scale > 0)


def error_scale(forecaster, scales, series, positions, sigmas=None):
    """(S, n) scale of the errors at ``positions``: the series' scale times its
    multiplicative seasonal index there (errors are larger where the season is)
    times its relative error level in ``sigmas`` (a dict, or an object whose ``sigma(key)``
    gives it: a :class:`~rnnforecast.forecasting._intervals.Calibration`)."""
    out = np.empty(positions.shape)
    for i, (key, _) in enumerate(series):
        seasonal = forecaster.seasonal_.get(key)
        factor = 1.0
        if seasonal is not None and seasonal.multiplicative:
            factor = seasonal.at(positions[i])
        if hasattr(sigmas, "sigma"):  # a Calibration
            factor = factor * sigmas.sigma(key)
        elif sigmas is not None:
            factor = factor * sigmas.get(key, 1.0)
        out[i] = scales[key] * factor
    return out
