"""Targets in other units than the windows: detected in ``fit``, mapped by quantiles.

A normalising network (``RNNRegressor(normalize=True)``) predicts each target
relative to its window: mean plus a multiple of the standard deviation of the
window's first feature. That holds only when the targets are in the units of
that feature. In a ``Pipeline`` whose scaler or log step comes before
``WindowTransformer``, the windows are scaled but the targets (from
``make_supervised``) are not, and the network would forecast in the scaled
units (1.5 passengers instead of 400).

:func:`fit_unit_map` compares the targets with the windows' last values (the
latest value of the first feature, a sample of the same series at nearly the
same times). When their distributions differ beyond what a shift of a few
steps explains, it returns a :class:`UnitMap`: the increasing piecewise-linear
map between their quantiles. The regressor then trains on the targets carried
into the windows' units, and carries its predictions back. Any increasing
transformation of the series (``StandardScaler``, ``MinMaxScaler``,
``RobustScaler``, ``np.log1p``) is undone up to the resolution of the
quantiles and the few steps by which the two samples differ in time. An
increasing map keeps quantiles, so a quantile loss stays the loss of the same
quantile.

Shapes: N = rows, H = targets per row, K = knots of the map.
"""

import numpy as np

__all__ = ["SPREAD_RATIO", "SHIFT", "UnitMap", "fit_unit_map", "unit_mismatch"]

#: Targets whose standard deviation is this many times larger (or smaller) than
#: the windows' last values' are in other units.
SPREAD_RATIO = 1.5
#: So are targets whose mean is more than this many of the last values'
#: standard deviations away from theirs (a straight trend moves the mean of
#: targets H steps ahead by 3.5 H / N of them, N rows).
SHIFT = 1.0
#: Most knots of a map (quantile levels 0, 1/100, ..., 1).
MAX_KNOTS = 101
#: The end segments that set the slope beyond the knots: the outer 10%.
TAIL = 0.1


def unit_mismatch(last, targets):
    """Whether ``targets`` are not in the units of ``last`` (unit-free).

    Parameters
    ----------
    last : ndarray of shape (N,)
        The windows' last values of the first feature.
    targets : ndarray of shape (N,)
        The first target of each row.

    Returns
    -------
    mismatch : bool
        True when the standard deviations differ by a factor over
        :data:`SPREAD_RATIO` or the means by more than :data:`SHIFT` times the
        last values' standard deviation. False when either is constant
        (nothing to compare).
    """
    # divided by the largest |value| first: no square under- or overflows
    size_last, size_targets = np.max(np.abs(last)), np.max(np.abs(targets))
    if not (size_last > 0 and size_targets > 0):
        return False
    last, targets = last / size_last, targets / size_targets
    spread_last = float(np.std(last)) * size_last
    spread_targets = float(np.std(targets)) * size_targets
    if not (spread_last > 0 and spread_targets > 0):
        return False
    ratio = spread_targets / spread_last
    shift = abs(float(np.mean(targets)) * size_targets - float(np.mean(last)) * size_last)
    shift /= spread_last
    return bool(ratio > SPREAD_RATIO or ratio < 1 / SPREAD_RATIO or shift > SHIFT)


class UnitMap:
    """Increasing piecewise-linear map between the windows' and the targets' units.

    Linear between K knots (matching quantiles of the two), and beyond them
    with the slope of the outer 10% of the knots.

    Parameters
    ----------
    window_knots, target_knots : ndarray of shape (K,)
        Strictly increasing, K >= 2: ``target_knots[k]`` is the value in the
        targets' units of ``window_knots[k]``.
    """

    def __init__(self, window_knots, target_knots):
        self.window_knots = window_knots
        self.target_knots = target_knots

    def to_windows(self, y):
        """Targets ``y`` (any shape) in the windows' units."""
        return _interp(y, self.target_knots, self.window_knots)

    def to_targets(self, w):
        """Values ``w`` (any shape) in the windows' units, in the targets' units."""
        return _interp(w, self.window_knots, self.target_knots)

    def __repr__(self):
        return f"UnitMap({len(self.window_knots)} knots)"


def _interp(x, xp, fp):
    """Piecewise-linear through (xp, fp), extended linearly with the slopes of
    the outer :data:`TAIL` of the knots."""
    x = np.asarray(x, dtype=np.float64)
    k = max(1, int(round(TAIL * (len(xp) - 1))))
    low = (fp[k] - fp[0]) / (xp[k] - xp[0])
    high = (fp[-1] - fp[-1 - k]) / (xp[-1] - xp[-1 - k])
    out = np.interp(x, xp, fp)
    out = np.where(x < xp[0], fp[0] + low * (x - xp[0]), out)
    return np.where(x > xp[-1], fp[-1] + high * (x - xp[-1]), out)


def fit_unit_map(last, targets):
    """The :class:`UnitMap` from ``last`` to ``targets`` when they are in other
    units (:func:`unit_mismatch`), else None.

    Parameters
    ----------
    last : ndarray of shape (N,)
        The windows' last values of the first feature.
    targets : ndarray of shape (N,)
        The first target of each row.

    Returns
    -------
    unit_map : UnitMap or None
        Knots at matching quantiles of the two (levels 0, 1/(K-1), ..., 1,
        K = min(N, 101)), where both increase strictly.
    """
    last = np.asarray(last, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64)
    if not unit_mismatch(last, targets):
        return None
    levels = np.linspace(0.0, 1.0, min(len(last), MAX_KNOTS))
    window_knots, target_knots = np.quantile(last, levels), np.quantile(targets, levels)
    keep = [0]
    for i in range(1, len(levels)):  # strictly increasing on both sides: invertible
        if window_knots[i] > window_knots[keep[-1]] and target_knots[i] > target_knots[keep[-1]]:
            keep.append(i)
    # both ranges are positive (unit_mismatch), so levels 0 and 1 make two knots at least
    return UnitMap(window_knots[keep], target_knots[keep])
