"""Seasonal period of an index, and classical seasonal adjustment of a series.

Shapes and symbols used throughout this module:

- T: length of the series
- m: the seasonal period (``sp``), in time steps

The adjustment is the one of the M4 competition's benchmarks (Naive2, Theta):
a series is called seasonal when its autocorrelation at lag m is significant
at the 90% level, and its seasonal indices are then the per-phase means of
the ratios of the series to its centred moving average of order m
(multiplicative), normalised to mean 1, or of the differences (additive),
normalised to mean 0. A series with a value <= 0 always gets the additive
indices; a positive one the multiplicative ones (the default), the additive
ones, or (``"best_fit"``) those that fit its last two seasons better, the
misfits taken relative to the values: a swing that grows with the level is
multiplicative, one that stayed the same size while the level moved
(temperatures, CO2) additive, which multiplicative indices would stretch with
the level.
"""

import warnings
from contextvars import ContextVar
from numbers import Integral

import numpy as np
import pandas as pd

from ..exceptions import SeasonalityWarning
from ..utils import is_choice

__all__ = [
    "ADJUSTMENTS", "MIN_SEASONS", "SP_BY_FREQUENCY", "STOPPED_VALUES", "infer_sp", "check_sp",
    "check_deseasonalize", "has_stopped",
    "SeasonalIndices", "seasonal_indices", "adjustment_of",
    "StackedIndices", "adjusted_histories", "season_of", "likely_period",
    "warn_hidden_season",
]

#: Seasonal period by pandas frequency code (the part before any "-" anchor).
SP_BY_FREQUENCY = {
    "Y": 1, "YE": 1, "A": 1, "YS": 1, "AS": 1, "BY": 1, "BYE": 1, "BYS": 1,
    "Q": 4, "QE": 4, "QS": 4, "BQ": 4, "BQE": 4, "BQS": 4,
    "M": 12, "MS": 12, "ME": 12, "BM": 12, "BMS": 12, "BME": 12,
    "SM": 24, "SMS": 24, "SME": 24,
    "W": 52,
    "D": 7,
    "B": 5,
    "H": 24, "h": 24,
    "BH": 8, "bh": 8,
    "min": 1440, "T": 1440,
}  # fmt: skip

#: The seasonal indices of a positive series, by ``deseasonalize`` (True: "multiplicative").
ADJUSTMENTS = ("multiplicative", "additive", "best_fit")
#: Seasons at the end of a positive series whose values choose its indices with "best_fit"
#: (docs/design_notes.md, "Additive or multiplicative, by the last seasons").
CHOICE_SEASONS = 2
#: The fewest seasons of a series that is tested for seasonality (and adjusted), as in the
#: M4 benchmarks.
MIN_SEASONS = 3
#: The last values of a series that, all one value, say that its season has stopped
#: (:func:`has_stopped`): a whole season, and at least this many (three years of quarters;
#: a year of months; 12 days of daily data). Not chosen on data: no series of the tuning
#: or confirmation sets ends so (M3, M1, M4 Weekly and Hourly: none with even one constant
#: season at its end), so no benchmark figure moves. A constant day of hourly data (a
#: closed shop on the last day) also counts: its forecasts are then not seasonally adjusted.
STOPPED_VALUES = 12

# z of a two-sided 90% test, as in the M4 benchmarks' seasonality test
_Z90 = 1.645
#: The shortest season whose test a holdout clone does not repeat: it takes the decision of
#: the fit it stands for (:data:`FIT_SEASONS`). The test's limit grows with the m - 1
#: autocorrelations before lag m, so on a clone of 3-4 seasons a strong monthly season was
#: missed and its flat forecasts' errors made 95% intervals 5-6 times too wide (72 months
#: of a season and noise). Chosen on the tuning set (M3, 100 series, one model each, seed
#: 0): monthly 95% coverage / MSIS 0.962 / 7.113 -> 0.957 / 7.066, all 0.950 / 8.739 ->
#: 0.947 / 8.715; for every sp, quarterly went 0.953 / 7.664 -> 0.938 / 8.226, so shorter
#: seasons keep their own test (docs/design_notes.md).
KEPT_DECISION_SP = 12
#: Per series key, the fit's seasonal decision (None: not seasonal; True: multiplicative
#: indices; False: additive), set while a holdout clone of that fit trains
#: (:func:`rnnforecast.forecasting._origins.fit_holdout`); None outside.
FIT_SEASONS = ContextVar("FIT_SEASONS", default=None)


def infer_sp(index):
    """The seasonal period implied by the frequency of ``index`` (1 if unknown).

    Yearly 1, quarterly 4, monthly 12, twice a month 24, weekly 52, daily 7,
    business daily 5, hourly 24 (12 for every 2 hours), business hourly 8 (a
    business day's hours), and under an hour the steps of a day (48 for every
    30 minutes, 96 for every 15); any other or unknown frequency (seconds, an
    integer index) gives 1, as does a multiple that does not divide the period
    (every 5 hours).

    Parameters
    ----------
    index : pandas.Index

    Returns
    -------
    sp : int

    Examples
    --------
    >>> import pandas as pd
    >>> from rnnforecast.seasonality import infer_sp
    >>> infer_sp(pd.period_range("2000-01", periods=3, freq="M"))
    12
    >>> infer_sp(pd.period_range("2000-01-01", periods=3, freq="30min"))
    48
    >>> infer_sp(pd.RangeIndex(10))
    1
    """
    freq = None
    if isinstance(index, pd.PeriodIndex):
        freq = index.freqstr
    elif isinstance(index, pd.DatetimeIndex):
        freq = index.freqstr if index.freq is not None else None
        if freq is None and len(index) >= 3:
            freq = pd.infer_freq(index)
    if not freq:
        return 1
    head = freq.split("-")[0]
    code = head.lstrip("0123456789")
    multiple = int(head[: len(head) - len(code)] or 1)
    sp = SP_BY_FREQUENCY.get(code, 1)
    # every 2 hours: 12 steps a day; a multiple that does not divide the period: none
    return sp // multiple if sp % multiple == 0 else 1


def _autocorrelations(x):
    """The autocorrelations of ``x`` at lags 0 .. T - 1 (FFT), or None if constant."""
    x = x - x.mean()
    denominator = np.dot(x, x)
    if denominator == 0:
        return None
    n = 1 << (2 * len(x) - 1).bit_length()
    f = np.fft.rfft(x, n)
    return np.fft.irfft(f * np.conj(f), n)[: len(x)] / denominator


#: How strongly a series must repeat itself, at the same lag both in its values
#: (a linear trend removed) and in its changes, for :func:`likely_period`.
PERIOD_CORRELATION = 0.5


def likely_period(values):
    """The lag m >= 2 at which ``values`` most repeat themselves, or None.

    m is the highest local peak of the autocorrelations of the series (its
    linear trend removed) over lags 2 .. T / 3 (three periods at least), kept
    when both they and those of the changes (first differences) reach
    ``PERIOD_CORRELATION`` there: the changes rule out the slow swings of a
    random walk. A hint for :func:`warn_hidden_season`, not a choice of ``sp``:
    on M3 and M1's monthly and quarterly series it found 12 or 4 in 11-25% of
    them (else a divisor such as 6), on their yearly and other series (and on
    400 random walks) nothing.
    """
    v = np.asarray(values, dtype=float)
    T = len(v)
    lags = np.arange(2, T // 3 + 1)
    if len(lags) == 0:
        return None
    t = np.arange(T)
    level = _autocorrelations(v - np.polyval(np.polyfit(t, v, 1), t))
    changes = _autocorrelations(np.diff(v))
    if level is None or changes is None:
        return None
    peaks = lags[(level[lags] > level[lags - 1]) & (level[lags] >= level[lags + 1])]
    if len(peaks) == 0:
        return None
    m = int(peaks[np.argmax(level[peaks])])
    strong = min(level[m], changes[m]) >= PERIOD_CORRELATION
    return m if strong else None


def warn_hidden_season(series, owner):
    """Warn (SeasonalityWarning) when the longest of ``series`` ([(key, pd.Series)]),
    on an index without a frequency (integer labels), repeats itself with a
    :func:`likely_period`: ``sp="auto"`` gave 1, no season, and the median's
    classical forecasts then carry its last values forward flat."""
    values = max((s for _, s in series), key=len)
    if isinstance(values.index, (pd.PeriodIndex, pd.DatetimeIndex)):
        return
    m = likely_period(values.to_numpy(dtype=float))
    if m is not None:
        warnings.warn(
            f"{owner}: sp='auto' found no seasonal period in the index of y (it has no "
            f"frequency: {type(values.index).__name__}), so sp=1, no season; but y repeats "
            f"itself every {m} steps. Pass sp={m} if that is its season (or the length of "
            "the season you know, e.g. 12 for monthly data), or sp=1 to keep none without "
            "this warning; a PeriodIndex or DatetimeIndex with a frequency gives sp itself.",
            SeasonalityWarning,
            stacklevel=5,
        )


def check_sp(sp, owner="RNNForecaster"):
    """Raise a ValueError unless ``sp`` is "auto" or an integer >= 1."""
    if isinstance(sp, str) and sp == "auto":
        return
    if isinstance(sp, bool) or not isinstance(sp, Integral) or sp < 1:
        raise ValueError(
            f"{owner}: sp must be 'auto' or a positive integer (the seasonal period, "
            f"e.g. 12 for monthly data), got {sp!r}."
        )


def check_deseasonalize(deseasonalize, owner="RNNForecaster"):
    """Raise a ValueError unless ``deseasonalize`` is a bool or one of :data:`ADJUSTMENTS`."""
    if isinstance(deseasonalize, (bool, np.bool_)) or is_choice(deseasonalize, ADJUSTMENTS):
        return
    raise ValueError(
        f"{owner}: deseasonalize must be True, False or one of {ADJUSTMENTS!r}, "
        f"got {deseasonalize!r}."
    )


def adjustment_of(deseasonalize):
    """The ``kind`` of :func:`seasonal_indices` that ``deseasonalize`` asks for, None for
    False (no adjustment)."""
    if isinstance(deseasonalize, str):
        return deseasonalize
    return "multiplicative" if deseasonalize else None


class SeasonalIndices:
    """Seasonal indices of one series and the phase of its first value.

    Parameters
    ----------
    factors : ndarray of shape (m,)
        One index per phase; phase ``p`` is time step ``p mod m`` counted from
        the series' first value.
    multiplicative : bool
        Divide (True) or subtract (False) the indices.
    """

    def __init__(self, factors, multiplicative):
        self.factors = np.asarray(factors, dtype=float)
        self.multiplicative = multiplicative

    def at(self, positions):
        """The indices of the time steps ``positions`` (0 = the first value)."""
        return self.factors[np.asarray(positions) % len(self.factors)]

    def adjust(self, values, positions):
        """Remove the seasonality from ``values`` observed at ``positions``."""
        f = self.at(positions)
        return values / f if self.multiplicative else values - f

    def restore(self, values, positions):
        """Put the seasonality back into (forecast) ``values`` at ``positions``."""
        f = self.at(positions)
        return values * f if self.multiplicative else values + f


_UNDECIDED = object()


def seasonal_indices(values, sp, kind="multiplicative", decided=_UNDECIDED):
    """Classical seasonal indices of ``values``, or None if it is not seasonal.

    Parameters
    ----------
    values : ndarray of shape (T,)
    sp : int
        m, the seasonal period.
    kind : {"multiplicative", "additive", "best_fit"}, default="multiplicative"
        The indices of a positive series (:data:`ADJUSTMENTS`).

    Returns
    -------
    SeasonalIndices or None
        None when ``sp`` is 1, when the series has fewer than 3 m values, when
        its season has stopped (:func:`has_stopped`), or when the
        autocorrelation at lag m is not significant (90%). Additive
        when a value is <= 0 or ``kind`` is "additive"; with "best_fit", the
        multiplicative or the additive indices of a positive series, whichever
        leave the smaller sum of squared misfits
        ``(value - trend x index) / value`` (or ``- trend - index``) over the
        last :data:`CHOICE_SEASONS` seasons where the centred moving average
        (the trend) is defined.
    decided : None or bool, optional
        A decision taken already (a holdout clone's, from the fit it stands for):
        None not seasonal, True multiplicative, False additive; the test of lag m and
        ``kind`` are then not used (the indices are still estimated on ``values``, and
        3 m values are still needed).
    """
    values = np.asarray(values, dtype=float)
    T, m = len(values), int(sp)
    if m < 2 or T < MIN_SEASONS * m or has_stopped(values, m):
        return None
    if decided is not _UNDECIDED:  # a holdout clone: the fit's decision, its own indices
        if decided is None:
            return None
        kind = "multiplicative" if decided else "additive"
    elif not _is_seasonal(values, m):
        return None
    trend = _centred_moving_average(values, m)
    valid = ~np.isnan(trend)
    phases = np.arange(T) % m

    def per_phase(detrended):  # (m,) means of each phase where the trend is defined
        return np.array([detrended[valid & (phases == p)].mean() for p in range(m)])

    def additive_indices():
        differences = per_phase(values - trend)
        return SeasonalIndices(differences - differences.mean(), False)

    if kind == "additive" or not (values > 0).all():
        return additive_indices()
    ratios = per_phase(values / trend)
    ratios = ratios / ratios.mean()
    if not (np.isfinite(ratios).all() and (ratios > 0).all()):
        return None
    multiplicative = SeasonalIndices(ratios, True)
    if kind == "multiplicative":
        return multiplicative
    additive = additive_indices()
    # which indices fit the last CHOICE_SEASONS seasons of values with a trend better,
    # relative to the values (a trough near 0 weighs as much as a peak)
    last = np.flatnonzero(valid)[-CHOICE_SEASONS * m :]
    misfit_m = (values[last] - trend[last] * multiplicative.at(last)) / values[last]
    misfit_a = (values[last] - trend[last] - additive.at(last)) / values[last]
    return multiplicative if misfit_m @ misfit_m <= misfit_a @ misfit_a else additive


def has_stopped(values, m, fewest=STOPPED_VALUES):
    """Are the last ``max(m, fewest)`` values of ``values`` one constant value (a product
    no longer sold, a sensor stuck)? Indices estimated over the earlier history would then
    put a season back on a level that has none: a pharmaceutical sales series (sktime's
    PBS) whose last 22 months are 0 was forecast 0.4-2.3 a month, its old season."""
    n = max(int(m), fewest)
    tail = np.asarray(values, dtype=float)[-n:]
    return len(tail) == n and bool(np.all(tail == tail[0]))


def _is_seasonal(values, m):
    """Is the autocorrelation at lag m significant at 90% (Bartlett's formula)?"""
    x = values - values.mean()
    denominator = np.dot(x, x)
    if denominator == 0:
        return False
    acf = np.array([np.dot(x[k:], x[: len(x) - k]) / denominator for k in range(1, m + 1)])
    limit = _Z90 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / len(values))
    return bool(abs(acf[-1]) > limit)


def _centred_moving_average(values, m):
    """Centred moving average of order m (2 x m for even m); NaN at both ends."""
    out = np.full(len(values), np.nan)
    if m % 2:
        kernel = np.ones(m) / m
    else:
        kernel = np.r_[0.5, np.ones(m - 1), 0.5] / m
    smooth = np.convolve(values, kernel, mode="valid")
    start = (len(kernel) - 1) // 2
    out[start : start + len(smooth)] = smooth
    return out


class StackedIndices:
    """The seasonal indices of S series at once, for vectorised (S, n) arrays.

    Parameters
    ----------
    indices : list of SeasonalIndices or None
        One per series; None (not seasonal) adjusts nothing.
    """

    def __init__(self, indices):
        m = max([len(s.factors) for s in indices if s is not None], default=1)
        self.factors = np.ones((len(indices), m))
        self.multiplicative = np.ones(len(indices), dtype=bool)
        for i, s in enumerate(indices):
            if s is not None:
                self.factors[i] = np.resize(s.factors, m)
                self.multiplicative[i] = s.multiplicative
        self.m = m

    def at(self, positions):
        """(S, n) indices at the (S, n) time steps ``positions`` of each series."""
        return np.take_along_axis(self.factors, np.asarray(positions) % self.m, axis=1)

    def adjust(self, values, positions):
        """Remove the seasonality from the (S, n) ``values`` at ``positions``."""
        f, m = self.at(positions), self.multiplicative
        out = np.array(values, dtype=float)
        out[m], out[~m] = out[m] / f[m], out[~m] - f[~m]
        return out

    def restore(self, values, positions):
        """Put the seasonality back into the (S, n) ``values`` at ``positions``."""
        f, m = self.at(positions), self.multiplicative
        out = np.array(values, dtype=float)
        out[m], out[~m] = out[m] * f[m], out[~m] + f[~m]
        return out


def adjusted_histories(series, indices, ends):
    """Each series' values, seasonally adjusted where it has indices.

    Parameters
    ----------
    series : list of (key, pd.Series)
    indices : dict
        SeasonalIndices or None, by series key.
    ends : dict
        Position (from the series' first value) of each series' last value, by key.

    Returns
    -------
    list of ndarray
    """
    out = []
    for key, s in series:
        values = s.to_numpy(dtype=float)
        if indices[key] is not None:
            end = ends[key]
            values = indices[key].adjust(values, np.arange(end + 1 - len(values), end + 1))
        out.append(values)
    return out


def season_of(indices):
    """(period, multiplicative) of a series' SeasonalIndices; (1, True) for None (not
    adjusted): the arguments of the classical members' seasonal correction."""
    return (1, True) if indices is None else (len(indices.factors), indices.multiplicative)
