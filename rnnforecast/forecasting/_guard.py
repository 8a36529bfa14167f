"""``combine="auto"``: the network alone, or its median with classical forecasts.

Shapes and symbols used throughout this module:

- S: series, H: the network's horizon, K: forecast origins per series.

A network trained on little data (one series, a small panel) can forecast
far worse than simple methods, and whether it does cannot be told from its
training error. The median combination
(:func:`rnnforecast.forecasting._classical.combine_median`) is the safe
forecast there; the guard keeps the network alone where it did better on
values it never trained on. A second network, with the same settings, is fitted on the series
without (at least) their last H + K - 1 values and forecasts H steps from each
of the last K origins, after its training data (values it never trained on;
where the calibration of the intervals holds out the same series and at least
as many values, its second network serves the guard too:
:class:`~rnnforecast.forecasting._origins.Holdouts`); the
median combination forecasts from the same origins. Each series' difference
of scaled errors (network minus combination, scaled as MASE scales them,
summed over the origins) is one paired observation: the network alone is
kept when their mean is below :data:`GUARD_Z` standard errors, i.e. when
the network did better on the held-out values, one decision for all series.

A single series, or fewer than :data:`GUARD_MIN_SERIES`, gives too few
independent observations that way (the origins of one series overlap).
There the held-out values are :data:`GUARD_BLOCKS` blocks of H values at the
end of each series, forecast from the origin before each block (blocks do
not overlap: :func:`block_differences`), and the network alone is kept when
its mean scaled error over the blocks is below the median's by
:data:`GUARD_BLOCK_Z` standard errors. Only series at least twice as long as
the blocks, and a season longer, are tested (the second network keeps at
least half of each series and a season); on shorter ones the combination is
kept without the second fit.
Chosen on the tuning sets of ``benchmarks/protocol.py``: on short series (M3,
one model per series) a guard on 6 overlapping held-out origins of each
series that kept the network when its error was below 0.7-1.0 times the
combination's gave mean MASE 1.258-1.425 against 1.249 for the combination
alone (the network alone chosen in 4-23% of the series, mostly wrongly), and
the block test leaves M3's series (at most 144 values) to the median; on long
series (``--set tuning-long``, odd ids of M4 Hourly and Weekly) the network
alone scored MASE 0.99 against 2.60 for the median on Hourly and 0.73
against 0.45 on Weekly, where the block test decides per series.
"""

import copy

import numpy as np

from ._error_levels import series_scale
from ._origins import Holdouts, forecast_from, shared_origins

__all__ = [
    "GUARD_BLOCKS", "GUARD_BLOCK_Z", "GUARD_MIN_SERIES", "GUARD_ORIGINS", "GUARD_Z",
    "block_differences", "guard_combination", "guard_differences", "keep_network",
]  # fmt: skip

#: The fewest series (long enough for the held-out origins) that the paired test is run
#: on; fewer are tested on blocks (long series) or keep the median. Chosen on the tuning
#: set: M3's panels of 10 series (31 panels, seed 0; a one-off script with the guard's
#: held-out forecasts of each panel) scored mean MASE 1.355 with the paired test (the
#: network alone in 3 panels, worse on their test values in all 3; still 1 at z = 2)
#: against 1.247 with the median in all; its panels of 40 decide alike with 5 or 20.
#: 20 is the issue's smallest "small panel" (was 5).
GUARD_MIN_SERIES = 20
#: K, forecast origins per series (at most H).
GUARD_ORIGINS = 6
#: Standard errors by which the network's mean scaled error must be below the
#: combination's. 0: the better on the held-out values. Chosen on the tuning set
#: (M3): its 8 panels of 40 series all had t = +1.8 to +4.5 (the median better, and
#: on the test values in 7 of 8), so 0 and 1.645 decide alike there; M3 other,
#: global, had t = -0.11 and the network alone scored sMAPE 4.27 on the test
#: values against 4.40 for the median. Where the two are this close on held-out
#: values, either is about as good; a stricter test only drops a better network.
GUARD_Z = 0.0
#: Held-out blocks of H values per series when fewer than GUARD_MIN_SERIES series are tested.
GUARD_BLOCKS = 6
#: Standard errors by which the network must beat the median over the blocks (one-sided
#: 90%): blocks of one series share its regime, so their errors are not independent and
#: a plain mean below the median's would keep a network that is only as good by chance.
#: Chosen on the tuning half of the long series (``--set tuning-long``, seeds 0-1, mean
#: MASE of 100 series for z = 0 / 0.5 / 1 / 1.282 / 1.645 / 2: 0.749 / 0.738 / 0.737 /
#: 0.722 / 0.846 / 0.849): Weekly needs z >= 1.282 (the network wrongly kept below it),
#: Hourly z <= 1.282 (the median, which misses the weekly cycle, wrongly kept above it).
GUARD_BLOCK_Z = 1.282


def guard_combination(forecaster, series, frames, X=None, holdouts=None):
    """``"median"`` or None (the network alone) for a fitted forecaster.

    Parameters
    ----------
    forecaster : RNNForecaster
        Fitted, with ``horizon_`` and the other resolved settings.
    series : list of (key, pd.Series)
        The training series.
    frames : list of pd.DataFrame or None
        Their exogenous rows.
    X : pd.DataFrame or None
        The exogenous data given to fit.
    holdouts : Holdouts or None, optional
        The fit's holdout clones (:class:`~rnnforecast.forecasting._origins.Holdouts`),
        shared with the calibration; None: a clone of its own.

    Returns
    -------
    combine : "median" or None
        "median" also when fewer than GUARD_MIN_SERIES series are long enough
        for the held-out origins.
    """
    holdouts = Holdouts(forecaster) if holdouts is None else holdouts
    differences = guard_differences(forecaster, series, frames, X, holdouts)
    if differences is not None:
        return None if keep_network(differences) else "median"
    blocks = block_differences(forecaster, series, frames, X, holdouts=holdouts)
    return None if blocks is not None and keep_network(blocks, GUARD_BLOCK_Z) else "median"


def keep_network(differences, z=GUARD_Z):
    """Is the mean of the ``differences`` (network minus combination) below zero
    by ``z`` standard errors?"""
    error = differences.std(ddof=1) / np.sqrt(len(differences))
    return bool(differences.mean() < -z * error)


def guard_differences(forecaster, series, frames, X=None, holdouts=None):
    """(S,) held-out scaled error of the network minus the combination's, per
    series long enough; None when fewer than GUARD_MIN_SERIES are."""
    H = forecaster.horizon_
    K = min(GUARD_ORIGINS, H)
    cut = H + K - 1
    long_enough = [len(s) > cut + H + 1 for _, s in series]
    if sum(long_enough) < GUARD_MIN_SERIES:
        return None
    series = [s for s, k in zip(series, long_enough) if k]
    frames = [f for f, k in zip(frames, long_enough) if k]
    holdouts = Holdouts(forecaster) if holdouts is None else holdouts
    holdout = holdouts.fit(series, frames, cut=cut, combine=None)
    # origin k: history up to cut - k values before each end
    return _held_out_gains(holdout, series, frames, X, cut, H,
                           backs=[cut - origin for origin in range(K)]).sum(axis=0)


def block_differences(forecaster, series, frames, X=None, blocks=GUARD_BLOCKS, holdouts=None):
    """(S' * blocks,) held-out scaled error of the network minus the
    combination's, one per block of H values at the end of each series at least
    twice as long as the blocks and a season longer than them (S' of them); None
    when no series is."""
    H = forecaster.horizon_
    cut = blocks * H
    # the second network keeps half of each series, and at least a season (its sp)
    long_enough = [len(s) - cut >= max(cut, forecaster.sp_) for _, s in series]
    if not any(long_enough):
        return None
    series = [s for s, k in zip(series, long_enough) if k]
    frames = [f for f, k in zip(frames, long_enough) if k]
    holdouts = Holdouts(forecaster) if holdouts is None else holdouts
    holdout = holdouts.fit(series, frames, cut=cut, combine=None)
    return _held_out_gains(holdout, series, frames, X, cut, H,
                           backs=[cut - block * H for block in range(blocks)]).ravel()


def _held_out_gains(holdout, series, frames, X, cut, H, backs):
    """(len(backs), S) mean absolute error of the network minus the median's over
    the H values after each origin ``back`` values before each end, scaled."""
    scales = np.array([series_scale(s.to_numpy(dtype=float)[:-cut], holdout.sp_)
                       for _, s in series])
    combined = copy.copy(holdout)  # the same network, its forecasts in the median
    combined.combine_ = "median"
    gains = []
    with shared_origins(combined, series, backs):
        for back in backs:
            network = forecast_from(holdout, series, frames, X, back, H)
            median = forecast_from(combined, series, frames, X, back, H)
            actual = np.stack([s.to_numpy(dtype=float)[len(s) - back: len(s) - back + H]
                               for _, s in series])
            gains.append((np.abs(network - actual) - np.abs(median - actual)).mean(axis=1)
                         / scales)
    return np.stack(gains)
