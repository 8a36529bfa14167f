"""Classical forecasts of one series, in numpy, and their median with the network's.

Shapes and symbols used throughout this module:

- T: length of the (seasonally adjusted) series, h: steps ahead.

A network trained on one short series, or on a few, has few windows to learn
from, and its forecasts can stray far from any sensible path. The median of
its forecast and of two classical ones (:func:`combine_median`) keeps the
network's forecast where it lies between them and drops it where it strays:
combinations of simple methods were among the best entries of the M3 and M4
competitions. The two classical methods:

- :func:`theta_forecast`, the Theta method as the M4 competition's benchmark
  ran it (Assimakopoulos & Nikolopoulos 2000, in the form of Hyndman & Billah
  2003): simple exponential smoothing of the series, plus half the slope of
  its linear trend, ``b / 2 * (k - 1 + 1 / alpha - (1 - alpha) ** T / alpha)``
  at step k. The smoothing weight alpha minimises the in-sample squared
  one-step errors over a grid; the first value is the initial level.
- :func:`damped_trend_forecast`, Holt's linear method with a damped trend
  (Gardner & McKenzie 1985), its weights and damping chosen on a grid by the
  in-sample squared one-step errors (one of the three methods of M4's "Comb"
  benchmark). Given the seasonal period of an adjusted series, it is Holt and
  Winters' seasonal method instead (Winters 1960; damped as in Gardner &
  McKenzie 1989): a seasonal correction per phase, 1 (or 0) at first, follows
  the errors with its own weight (0 among them: the fixed indices), so that
  seasonality that changes over the years is followed.

Both expect a series that is already seasonally adjusted when it is seasonal.

The calibration and the guard forecast each series from many origins, so the damped
trend is fitted on many prefixes of one history: :func:`shared_recursions` fits them all
in one pass (:func:`damped_trend_states`), with the same numbers.
"""

import contextlib
import contextvars
import hashlib
from typing import NamedTuple

import numpy as np

from ._seasonality import season_of

__all__ = [
    "ALPHAS", "DAMPING", "SEASONAL_WEIGHTS", "TREND_WEIGHTS", "combine_median",
    "DampedState", "damped_trend_forecast", "damped_trend_states", "ses_level",
    "shared_recursions", "theta_forecast",
]  # fmt: skip

#: The smoothing weights searched by :func:`ses_level`.
ALPHAS = np.linspace(0.01, 1.0, 100)
#: The damping factors phi searched by :func:`damped_trend_forecast`.
DAMPING = (0.8, 0.9, 0.98)
#: Level and trend weights (alpha, alpha * beta) searched by :func:`damped_trend_forecast`.
TREND_WEIGHTS = np.linspace(0.05, 0.95, 10)
#: Weights of the seasonal correction searched by :func:`damped_trend_forecast` given a period.
SEASONAL_WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3)


def ses_level(values):
    """(level, alpha): the last level of simple exponential smoothing of ``values``
    with the weight of :data:`ALPHAS` whose one-step errors have the least sum of
    squares."""
    values = np.asarray(values, dtype=float)
    level = np.full(len(ALPHAS), values[0])
    sse = np.zeros(len(ALPHAS))
    for value in values[1:]:  # all weights at once: T steps of a (100,) recursion
        error = value - level
        sse += error * error
        level = level + ALPHAS * error
    best = int(np.argmin(sse))
    return float(level[best]), float(ALPHAS[best])


def theta_forecast(values, h):
    """The Theta method's forecast of the ``h`` steps after ``values``.

    Parameters
    ----------
    values : ndarray of shape (T,)
        The series, seasonally adjusted if it is seasonal.
    h : int

    Returns
    -------
    forecast : ndarray of shape (h,)
    """
    values = np.asarray(values, dtype=float)
    T = len(values)
    if T < 2:
        return np.repeat(values[-1], h)
    level, alpha = ses_level(values)
    slope = np.polyfit(np.arange(T), values, 1)[0]
    k = np.arange(1, h + 1)
    return level + slope / 2 * (k - 1 + 1 / alpha - (1 - alpha) ** T / alpha)


def damped_trend_forecast(values, h, period=1, multiplicative=True):
    """Holt's damped trend forecast of the ``h`` steps after ``values``, with an
    evolving seasonal correction when ``period`` > 1.

    The level starts at the first value and the trend at the first
    difference; the weights (:data:`TREND_WEIGHTS`, and
    :data:`SEASONAL_WEIGHTS` with a period) and the damping
    (:data:`DAMPING`) with the least in-sample sum of squared one-step errors
    forecast ``(level + (phi + ... + phi ** k) * trend) * c`` at step k, where
    c is the correction of the step's phase (added instead of multiplied when
    ``multiplicative`` is False). Time step t of ``values`` has phase
    ``t mod period``.

    Within :func:`shared_recursions`, a ``values`` that is one of the prefixes
    registered there is read from that single pass (the same numbers).

    Parameters
    ----------
    values : ndarray of shape (T,)
        The series, seasonally adjusted if it is seasonal.
    h : int
    period : int, default=1
        m, the seasonal period of the adjustment; 1: no seasonal correction.
    multiplicative : bool, default=True
        Whether the adjustment divided (True) or subtracted (False) the indices.

    Returns
    -------
    forecast : ndarray of shape (h,)
    """
    values = np.ascontiguousarray(values, dtype=float)
    T = len(values)
    if T < 3:
        return np.repeat(values[-1], h)
    m = max(int(period), 1)
    table = _SHARED.get()
    state = None if table is None else table.get(_prefix_key(values, m, multiplicative))
    if state is None:
        state = damped_trend_states(values, [T], m, multiplicative)[T]
    return state.forecast(h)


class DampedState(NamedTuple):
    """The chosen damped-trend model after the first ``length`` values of a series:
    its level, trend, damping and seasonal corrections (m,) there."""

    length: int
    level: float
    trend: float
    phi: float
    correction: np.ndarray
    multiplicative: bool

    def forecast(self, h):
        """(h,): the forecast of the ``h`` steps after the state's last value."""
        k = np.arange(1, h + 1)
        forecast = self.level + np.cumsum(self.phi ** k) * self.trend
        c = self.correction[(self.length - 1 + k) % len(self.correction)]
        return forecast * c if self.multiplicative else forecast + c


def damped_trend_states(values, lengths, period=1, multiplicative=True):
    """``{L: DampedState}``: the model :func:`damped_trend_forecast` chooses on
    ``values[:L]``, for every L of ``lengths`` (3 <= L <= T), from one pass over ``values``."""
    values = np.ascontiguousarray(values, dtype=float)
    T = len(values)
    wanted = {int(L) for L in lengths if 3 <= L <= T}
    if not wanted:  # shorter prefixes are forecast without a fit (damped_trend_forecast)
        return {}
    m = max(int(period), 1)
    gammas = SEASONAL_WEIGHTS if m > 1 else (0.0,)
    alpha, beta, phi, gamma = (w.ravel() for w in np.meshgrid(
        TREND_WEIGHTS, TREND_WEIGHTS / 2, DAMPING, gammas, indexing="ij"))
    alpha_beta = alpha * beta
    G = len(phi)
    level = np.full(G, values[0])
    trend = np.full(G, values[1] - values[0])
    correction = np.full((m, G), 1.0 if multiplicative else 0.0)  # phase by phase
    seasonal = m > 1
    sse = np.zeros(G)
    step, error, scratch = np.empty(G), np.empty(G), np.empty(G)
    states = {}
    for t in range(1, max(wanted)):  # every (alpha, beta, phi, gamma) at once
        np.multiply(phi, trend, out=step)
        step += level
        c = correction[t % m]
        if multiplicative:
            np.multiply(step, c, out=error)
            np.subtract(values[t], error, out=error)
        else:
            np.add(step, c, out=error)
            np.subtract(values[t], error, out=error)
        np.multiply(error, error, out=scratch)
        sse += scratch
        adjusted = error / c if multiplicative else error
        if seasonal:  # c += gamma * error (/ step, multiplicative): this phase's row
            np.multiply(gamma, error, out=scratch)
            if multiplicative:
                scratch /= np.where(step == 0, 1.0, step)
            c += scratch
        np.multiply(alpha, adjusted, out=level)  # level = step + alpha * adjusted
        level += step
        trend *= phi  # trend = phi * trend + alpha * beta * adjusted
        np.multiply(alpha_beta, adjusted, out=scratch)
        trend += scratch
        if t + 1 in wanted:
            best = int(np.argmin(np.where(np.isfinite(sse), sse, np.inf)))
            states[t + 1] = DampedState(t + 1, float(level[best]), float(trend[best]),
                                        float(phi[best]), correction[:, best].copy(),
                                        multiplicative)
    return states


#: The states registered by :func:`shared_recursions` (None outside it), by prefix.
_SHARED = contextvars.ContextVar("rnnforecast_shared_recursions", default=None)


def _prefix_key(values, m, multiplicative):
    digest = hashlib.blake2b(values.tobytes(), digest_size=16).digest()
    return len(values), m, bool(multiplicative), digest


@contextlib.contextmanager
def shared_recursions(histories, seasons, lengths):
    """Within this context, :func:`damped_trend_forecast` of ``histories[i][:L]``, for L
    in ``lengths[i]``, with the season ``seasons[i]`` ((period, multiplicative), as
    :func:`~rnnforecast.forecasting._seasonality.season_of` gives it), is read from one
    pass over each history (:func:`damped_trend_states`) instead of one pass per L.

    The forecasts from several origins of one series (the calibration's, the guard's)
    fit the same recursion on prefixes of one history. A prefix is matched by its
    values (a digest), so any other ``values`` is fitted as outside the context.
    """
    table = {}
    for values, (period, multiplicative), wanted in zip(histories, seasons, lengths):
        values = np.ascontiguousarray(values, dtype=float)
        m = max(int(period), 1)
        for L, state in damped_trend_states(values, wanted, m, multiplicative).items():
            table[_prefix_key(values[:L], m, multiplicative)] = state
    token = _SHARED.set(table)
    try:
        yield
    finally:
        _SHARED.reset(token)


def combine_median(network, histories, indices=None, spread=False):
    """The median of the network's forecasts and the two classical ones, per step.

    Parameters
    ----------
    network : ndarray of shape (S, h)
        The network's forecasts of S series.
    histories : list of S ndarrays
        Each series' (seasonally adjusted) values up to its forecast origin.
    indices : list of S SeasonalIndices or None, optional
        Each series' seasonal indices (None: not adjusted), whose period sets the
        seasonal correction of :func:`damped_trend_forecast`; None: none for any series.
    spread : bool, default=False
        Return the lowest and the highest of the three forecasts too (how far the
        members disagree: :func:`rnnforecast.forecasting._widening.add_spread`).

    Returns
    -------
    forecast : ndarray of shape (S, h)
    low, high : ndarray of shape (S, h)
        With ``spread`` only.
    """
    h = network.shape[1]
    indices = [None] * len(histories) if indices is None else indices
    classical = np.stack([
        np.stack([theta_forecast(values, h),
                  damped_trend_forecast(values, h, *season_of(series_indices))])
        for values, series_indices in zip(histories, indices)
    ], axis=1)  # (2, S, h)
    members = np.concatenate([network[None], classical])
    median = np.median(members, axis=0)
    if spread:
        return median, members.min(axis=0), members.max(axis=0)
    return median
