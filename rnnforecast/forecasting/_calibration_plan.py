"""What a calibration of RNNForecaster's intervals uses: its method, the horizon
steps it calibrates, the forecast origins per series and the series long enough.

Symbols: S series, n calibrated steps (a multiple of the network's horizon H),
K forecast origins per series. Pure functions of the series' lengths and the
resolved settings, shared by the conformal calibration of point forecasts
(:mod:`rnnforecast.forecasting._intervals`) and the calibration of the heads'
quantiles (:mod:`rnnforecast.forecasting._probabilistic`); :func:`calibration_plan`
puts them together for a fitted forecaster (or says why it has none:
:class:`Uncalibrated`), and :func:`holdout_plan` tells the guard of
``combine="auto"`` what the calibration will hold out.
"""

import warnings

import numpy as np

from ..exceptions import IntervalCoverageWarning
from ._auto import COMBINE_BELOW
from ._targets import TARGET_LEVEL

__all__ = [
    "STEPS_WITHOUT_FH", "TARGET_ERRORS", "Uncalibrated", "calibrated_series",
    "calibrated_steps", "calibration_plan", "holdout_plan", "holds_a_season", "n_origins",
    "resolve_calibration", "steps_and_origins", "target_groups", "training_windows",
]  # fmt: skip

#: The number of scaled errors per step that the origins aim at (K origins per
#: series, at most n; K = 1 on M4). More origins, presumably because they start
#: at other phases of the season than the forecast, covered less: with 12 or 48
#: M4 Hourly series and K = 24 or 21, 90% intervals covered 0.68-0.75 of the test
#: values, with K = 9 or 3 (this value) 0.78-0.82.
TARGET_ERRORS = 100

#: The fewest horizon steps calibrated when ``fit`` has no ``fh`` (a season when longer):
#: with only the network's horizon (one step), every later step was extrapolated.
STEPS_WITHOUT_FH = 8


def n_origins(n_series, n_steps, shortest):
    """K, the forecast origins per series whose errors calibrate the intervals.

    Enough origins for about ``TARGET_ERRORS`` errors per step over all series:
    one per series on a large panel (M4), many for a single series, whose
    intervals were otherwise set by as few errors as steps (lower == upper with
    ``fh=[1]``). At most ``n_steps`` or a quarter of the shortest series,
    whichever is more: a holdout network keeps most of its training values, and
    no series is left out of the calibration for want of values.
    """
    wanted = -(-TARGET_ERRORS // n_series)
    return int(np.clip(wanted, 1, max(n_steps, shortest // 4)))


def calibrated_steps(H, fh_steps, sp, lengths, method):
    """n, the horizon steps to calibrate: a multiple of the network's horizon H.

    With ``fh_steps`` (the largest step of the ``fit`` horizon), as many as it
    and H ask. Without (None), the fit does not say how far forecasts will go:
    a season and at least :data:`STEPS_WITHOUT_FH` (M4's horizons are one to
    two seasons, 6 steps for yearly data), but fewer where more steps would
    leave out of the calibration a series (``lengths``) that H steps keep in
    it (with ``method``), and at least H. Calibrating H steps alone (one
    step without ``fh``) left every later step to the extrapolation of
    :meth:`Calibration.quantiles`: on the single series of
    ``tests/test_interval_coverage.py`` fitted without ``fh``, with a random
    walk's growth, 80% intervals covered 0.963 and 95% ones 0.987.
    """
    if fh_steps is not None:
        return H * -(-max(H, fh_steps) // H)
    lengths = np.asarray(lengths)
    n = H * -(-max(H, sp, STEPS_WITHOUT_FH) // H)
    kept = calibrated_series(H, lengths, method)
    while n > H and (calibrated_series(n, lengths, method) != kept).any():
        n -= H
    return n


def steps_and_origins(H, fh_steps, sp, lengths, method):
    """(n, K): the steps that ``method`` calibrates (:func:`calibrated_steps`) and the
    origins per series (:func:`n_origins`) of series of ``lengths``."""
    n = calibrated_steps(H, fh_steps, sp, lengths, method)
    return n, n_origins(len(lengths), n, int(np.min(lengths)))


def calibrated_series(n, lengths, method):
    """(S,) whether each series is long enough to calibrate n steps with ``method``."""
    K = n_origins(len(lengths), n, int(np.min(lengths)))
    return np.asarray(lengths) > (n + K - 1) + (n if method == "holdout" else 1)


def holds_a_season(n, lengths, sp):
    """Whether the longest series keeps a season (``sp`` values) once the last
    values that calibrate ``n`` steps are held out: the holdout network has the
    same ``sp``, which a series shorter than a season cannot fit."""
    K = n_origins(len(lengths), n, int(np.min(lengths)))
    return int(np.max(lengths)) - (n + K - 1) >= sp


def training_windows(lengths, window_length, horizon):
    """About how many training windows series of ``lengths`` give: one per
    target after the first window, at least one per series longer than the
    horizon (a shorter one is padded)."""
    lengths = np.asarray(lengths)
    return int(np.sum(np.where(lengths > horizon,
                               np.maximum(lengths - window_length - horizon + 1, 1), 0)))


def resolve_calibration(method, lengths, window_length, horizon):
    """The calibration used: ``method``, or for ``"auto"`` ``"holdout"`` when
    the series (``lengths``) give fewer than COMBINE_BELOW training windows,
    ``"insample"`` otherwise.

    With little data (one series, a small panel) the network passes over each
    window many times (``max_steps="auto"``: more than ten passes below about
    51,000 windows, hundreds on one short series): it has partly learnt the
    last targets, and its in-sample errors on them are too small. On the 40 draws of ``tests/test_interval_coverage.py``
    (single series and panels of 3, 60-200 values, known Gaussian noise) with
    the default network, in-sample errors covered 0.771 of the values where
    0.80 was asked and 0.925 for 0.95 (single series fitted without ``fh``:
    0.753 and 0.887), held-out ones 0.832 and 0.958. On large panels (M4 Hourly
    and Weekly, over 250,000 windows, fewer than ten passes) in-sample errors
    covered as well as held-out ones (docs/benchmarks.md), without the second
    fit. The threshold is that of ``combine="auto"``: the same notion of
    "little data".
    """
    if method != "auto":
        return method
    small = training_windows(lengths, window_length, horizon) < COMBINE_BELOW
    return "holdout" if small else "insample"


class Uncalibrated(str):
    """Why a fitted forecaster has no :class:`Calibration` (what its ``calibration_``
    holds then, a str), and the ``method`` ("holdout" or "insample") whose errors the
    series were too short for (None: not asked for)."""

    def __new__(cls, reason, method=None):
        out = super().__new__(cls, reason)
        out.method = method
        return out

    def __reduce__(self):
        return type(self), (str(self), self.method)


def calibration_plan(forecaster, series, fh, warn=False):
    """(method, n, K, keep) of the calibration of a fitted forecaster, or an
    :class:`Uncalibrated` saying why none: the method (``"holdout"`` or
    ``"insample"``), the n steps calibrated from K origins per series, and
    which of the ``series`` are long enough (``keep``). With ``warn``, a
    ``calibration="auto"`` that falls back on in-sample errors says so.
    """
    method = forecaster.calibration
    if method is None:
        return Uncalibrated("it was fitted with calibration=None")
    H = forecaster.horizon_
    groups = target_groups(forecaster, series)
    k = 1 if groups is None else len(set(groups))
    # the columns of a series of y (consecutive, as long as each other) count as one
    # series in the number of origins, so that each column has as many errors as a
    # single target would
    every = np.array([len(s) for _, s in series])
    lengths = every[::k]
    # the network's training windows: of every column, or of each series' k columns at once
    trained = lengths if getattr(forecaster, "_mixed", None) else every
    longest = None if fh is None else int(fh.to_relative(forecaster.cutoff).to_numpy().max())
    if longest is None and forecaster._roles.past:
        longest = H  # past-only covariates: no forecast beyond the network's horizon
    if method == "auto":
        method = resolve_calibration(method, trained, forecaster.window_length_, H)
        n = calibrated_steps(H, longest, forecaster.sp_, lengths, method)
        short = ~calibrated_series(n, lengths, "holdout")
        why = f"too short to hold out {n} step{'s' if n != 1 else ''}"
        if method == "holdout" and not holds_a_season(n, lengths, forecaster.sp_):
            short[:] = True
            why = (f"{why} and keep a season (sp={forecaster.sp_}) "
                   "to fit on")
        if method == "holdout" and (short != ~calibrated_series(n, lengths, "insample")).any():
            if warn:
                warnings.warn(
                    f"RNNForecaster: calibration='auto' would calibrate on held-out values, but "
                    f"{int(np.sum(short))} of the "
                    f"{len(lengths)} series are {why}: the intervals are "
                    "calibrated on the network's errors on its own training values instead, "
                    "which are too small with this little data, and may cover less than asked. "
                    "Fit on longer series, or with a shorter fh.",
                    IntervalCoverageWarning,
                    stacklevel=5,
                )
            method = "insample"
    n, K = steps_and_origins(H, longest, forecaster.sp_, lengths, method)
    keep = np.repeat(calibrated_series(n, lengths, method), k)
    if method == "holdout" and not holds_a_season(n, lengths, forecaster.sp_):
        left = int(lengths.max()) - (n + K - 1)
        room = (f"which leaves at most {left} value{'s' if left != 1 else ''} to fit on, "
                f"fewer than a season (sp={forecaster.sp_})" if left > 0
                else f"more values than the longest series has ({int(lengths.max())})")
        return _uncalibrated(
            f"calibration='holdout' would fit on the series without their last {n + K - 1} "
            f"values (to calibrate {n} step{'s' if n != 1 else ''} ahead), {room}",
            method, H, longest, forecaster.sp_, lengths,
        )
    if not keep.any():
        needed = (n + K - 1) + (n if method == "holdout" else 1) + 1
        return _uncalibrated(
            f"no series is long enough to calibrate {n} step{'s' if n != 1 else ''} with "
            f"calibration={method!r} (needs {needed} values, the longest has {lengths.max()})",
            method, H, longest, forecaster.sp_, lengths,
        )
    return method, n, K, keep


def _uncalibrated(reason, method, H, longest, sp, lengths):
    """The :class:`Uncalibrated` of ``reason``; where the holdout failed and the in-sample
    errors would fail too, saying so, with the method "insample" (whose advice then
    offers neither)."""
    if method == "holdout":
        n, K = steps_and_origins(H, longest, sp, lengths, "insample")
        if not calibrated_series(n, lengths, "insample").any():
            reason += (f", and calibration='insample' would need {n + K + 1} values (the "
                       f"longest series has {int(lengths.max())})")
            method = "insample"
    return Uncalibrated(reason, method)


def holdout_plan(forecaster, series, fh):
    """{keys of the series held out: last values held out} of the calibration of a
    fitted forecaster, for :class:`~rnnforecast.forecasting._origins.Holdouts`;
    empty where it holds out none."""
    plan = calibration_plan(forecaster, series, fh)
    if isinstance(plan, Uncalibrated) or plan[0] != "holdout":
        return {}
    _, n, K, keep = plan
    return {tuple(key for (key, _), kept in zip(series, keep) if kept): n + K - 1}


def target_groups(forecaster, series):
    """The target column of each series (several target columns), or None.

    The series of a forecaster fitted on stacked columns
    (:func:`rnnforecast.forecasting._targets.stack_targets`) are keyed by
    (series of y, ..., column), or by the column for a single series of y.
    """
    names = getattr(forecaster, "_panel_names", None)
    if not names or len(names) < 2 or names[-2] != TARGET_LEVEL:
        return None
    return [key[-1] if isinstance(key, tuple) else key for key, _ in series]
