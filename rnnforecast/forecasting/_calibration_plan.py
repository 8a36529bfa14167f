"""What a calibration of RNNForecaster's intervals uses: its method, the horizon
steps it calibrates, the forecast origins per series and the series long enough.

Symbols: S series, n calibrated steps (a multiple of the network's horizon H),
K forecast origins per series. Pure functions of the series' lengths and the
resolved settings, shared by the conformal calibration of point forecasts
(:mod:`rnnforecast.forecasting._intervals`) and the calibration of the heads'
quantiles (:mod:`rnnforecast.forecasting._probabilistic`).
"""

import numpy as np

from ._auto import COMBINE_BELOW

__all__ = [
    "STEPS_WITHOUT_FH", "TARGET_ERRORS", "calibrated_series", "calibrated_steps",
    "holds_a_season", "n_origins", "resolve_calibration", "training_windows",
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
