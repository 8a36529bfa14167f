"""The ``"auto"`` values of RNNForecaster's parameters, resolved from the data.

Each function takes the parameter as the user gave it and returns it as
given when it is not ``"auto"``. The rules, and the measurements behind
them, are in the README ("The defaults, and how they were chosen").

Symbols: L = window length, H = direct horizon, m = seasonal period (``sp``),
N = training windows of all series.
"""

import warnings

import numpy as np

from ._seasonality import infer_sp
from ._series import series_steps

__all__ = [
    "AUTO_EPOCHS", "AUTO_SEASONS", "AUTO_STEPS", "COMBINE_BELOW", "FILL_SHARE", "HIDDEN_SIZES",
    "LONG_SEASON", "LONG_WINDOW_MESSAGE", "MIN_AUTO_WINDOW", "MIN_AUTO_WINDOWS",
    "MIN_RECURRENT_STEPS",
    "PANEL_STEPS_PER_WINDOW", "SHORT_SERIES_WINDOW", "SMALL_DATA_STEPS", "STEPS_PER_WINDOW",
    "resolve_combine", "resolve_hidden_size", "resolve_horizon", "resolve_max_steps",
    "resolve_sp", "resolve_step_length", "resolve_window_length", "warn_long_window",
]  # fmt: skip

#: The shortest window that ``window_length="auto"`` chooses, unless the longest
#: series is too short for MIN_AUTO_WINDOWS windows of it.
MIN_AUTO_WINDOW = 8
#: Complete windows that the longest series gives at least, with an automatic window:
#: shorter windows (down to SHORT_SERIES_WINDOW values) where the series is too short.
#: Chosen on the tuning set (M3, one model per series, 300 series, seed 0; at least
#: 1 / 4 / 8 / 16 windows: mean MASE of the median 1.216 / 1.192 / 1.204 / 1.201;
#: seeds 1 and 2 at 4: 1.192 / 1.198 against 1.216 / 1.217). Before, a yearly
#: series of 15 values forecast 6 ahead trained on a single window of 9.
MIN_AUTO_WINDOWS = 4
#: The shortest automatic window on a series too short for MIN_AUTO_WINDOWS windows.
SHORT_SERIES_WINDOW = 4
#: Seasons in a ``window_length="auto"`` window, where not two: hourly data
#: (m = 24) also has a weekly cycle, so its windows cover a week.
AUTO_SEASONS = {24: 7}
#: The shortest season that ``step_length="auto"`` feeds whole to each
#: recurrent step (hourly 24, weekly 52; monthly 12 measured worse).
LONG_SEASON = 24
#: Shorter seasons, on a single series: ``step_length="auto"`` feeds the largest
#: divisor of the season that leaves the window at least this many recurrent steps (a
#: monthly window of 36 values: 4 a step, 9 steps; quarterly 16: 2 a step); fewer
#: sequential steps train faster. Chosen on the tuning set (M3, one model per series,
#: 300 series, seed 0: mean MASE 1.192 -> 1.190, 95% coverage 0.941 -> 0.943, MSIS
#: 10.82 -> 10.76; monthly fits about twice as fast). A panel keeps one value a step:
#: M3's global networks scored worse with the coarser steps (monthly, the network
#: alone, sMAPE 13.761 -> 14.006 at seed 0; quarterly, the median, 9.023 -> 9.062 over
#: seeds 0-2; docs/design_notes.md).
MIN_RECURRENT_STEPS = 8
#: With long seasons, the share of series that may be too short for an automatic
#: window of two seasons and the horizon (M4 Weekly: 65 of 359 series of 80 values).
FILL_SHARE = 0.1
#: ``max_steps="auto"``: passes over the windows, within (fewest, most) steps;
#: the fewest grows with the data, STEPS_PER_WINDOW steps per window within
#: SMALL_DATA_STEPS and the fewest of AUTO_STEPS (2,000 fixed steps overfit one
#: short series). STEPS_PER_WINDOW chosen from 0.5 / 1 / 2 / 3 on long single
#: series (M4 Weekly and Hourly, odd ids, 60 series, seed 0: mean MASE 0.627 /
#: 0.611 / 0.653 / 0.661; docs/design_notes.md). A panel's global network gets
#: PANEL_STEPS_PER_WINDOW, chosen from 1 / 2 / 3 on M3's panels of 10 and 40 (seed 0,
#: mean MASE 1.237 / 1.237 / 1.247 and 1.220 / 1.200 / 1.190: 2 no worse on either;
#: confirmed on M1, docs/design_notes.md).
AUTO_EPOCHS = 10
AUTO_STEPS = (2000, 10000)
STEPS_PER_WINDOW = 1
PANEL_STEPS_PER_WINDOW = 2
SMALL_DATA_STEPS = 300
#: ``combine="auto"``: the median combination below this many training windows.
COMBINE_BELOW = 50_000
#: ``hidden_size="auto"``: (hidden size, from this many windows on), largest first.
HIDDEN_SIZES = ((64, 50_000), (32, 0))


def resolve_horizon(value, fh, cutoff, series=None):
    """H: ``value``, or for None the largest step of ``fh`` (1 without ``fh``): with the
    ``series`` ([(key, values)]), counted from each one's end (an absolute fh is more
    steps from a series that ends earlier, :func:`~._series.series_steps`)."""
    if value is not None:
        return value
    if fh is None:
        return 1
    if series is None:
        return int(fh.to_relative(cutoff).to_numpy().max())
    return int(series_steps(fh, cutoff, series).max())


def resolve_sp(value, index, longest):
    """m: ``value``, or for ``"auto"`` the period of the index's frequency
    (:func:`rnnforecast.forecasting.infer_sp`), or 1 where the longest series
    (``longest`` values) holds no full season of it (500 minutes of a daily
    cycle of 1,440); a given ``value`` longer than that is an error."""
    if value == "auto":
        sp = infer_sp(index)
        return sp if sp <= longest else 1
    if int(value) > longest:
        raise ValueError(
            f"RNNForecaster: sp={value!r} is longer than the longest series "
            f"({longest} values): no full season to learn from. Use a smaller sp, "
            "or sp=1 for no seasonality."
        )
    return int(value)


#: The start of :func:`warn_long_window`'s warning, which holdout clones do not repeat.
LONG_WINDOW_MESSAGE = ".*: window_length=.* leaves no complete training window"


def warn_long_window(forecaster, longest):
    """Warn where a window given as a number is longer than the longest series less the
    horizon: no training window is complete, every one is partly padding."""
    room = longest - forecaster.horizon_
    if forecaster.window_length == "auto" or forecaster.window_length_ <= room:
        return
    warnings.warn(
        f"{forecaster._owner}: window_length={forecaster.window_length!r} leaves no complete "
        f"training window: the longest series has {longest} values, {max(room, 0)} before "
        f"the horizon's {forecaster.horizon_}, so every window is partly padding (copies of "
        f"the first value). Use window_length='auto' or at most {max(room, 1)}.",
        UserWarning,
        stacklevel=6,
    )


def resolve_window_length(value, sp, horizon, lengths):
    """L: ``value``, or for ``"auto"`` two seasons or two horizons, whichever is
    longer (at least MIN_AUTO_WINDOW), capped so that the longest series gives
    MIN_AUTO_WINDOWS complete windows (the window no shorter than
    SHORT_SERIES_WINDOW for that), and at least one. With long seasons (m >=
    LONG_SEASON), one season when more than FILL_SHARE of the series
    (``lengths``) are too short for two seasons and the horizon: their windows
    would be mostly padding."""
    if value != "auto":
        return int(value)
    lengths = np.asarray(lengths)
    seasons = AUTO_SEASONS.get(sp, 2)
    if sp >= LONG_SEASON and np.mean(lengths < seasons * sp + horizon) > FILL_SHARE:
        seasons = 1
    L = max(seasons * sp, 2 * horizon, MIN_AUTO_WINDOW)
    longest = int(lengths.max())
    # a series of n values gives n - L - H + 1 complete windows
    L = min(L, max(longest - horizon + 1 - MIN_AUTO_WINDOWS, SHORT_SERIES_WINDOW))
    return max(min(L, longest - horizon), 1)


def resolve_step_length(value, sp, window_length, n_series=None):
    """Values per recurrent step: ``value``, or for ``"auto"``, with long seasons
    (m >= LONG_SEASON), one season per step when a window holds two, half a
    season when it holds one, else 1; with shorter ones, on a single series
    (``n_series`` 1), the largest divisor of m that leaves the window
    MIN_RECURRENT_STEPS recurrent steps (1 if none does), on a panel 1 (and for
    ``n_series`` None, the rule of rnnforecast 0.1.0's ``settings.step_length``)."""
    if value != "auto":
        return int(value)
    if sp >= LONG_SEASON:
        if window_length >= 2 * sp:
            return sp
        return sp // 2 if window_length >= sp else 1
    if n_series != 1:
        return 1
    return max(d for d in range(1, sp + 1)
               if sp % d == 0 and (d == 1 or window_length // d >= MIN_RECURRENT_STEPS))


def resolve_max_steps(value, n_windows, batch_size, n_series=1):
    """Optimizer steps: ``value``, or for ``"auto"`` AUTO_EPOCHS passes over
    ``n_windows`` windows in batches of ``batch_size``, within AUTO_STEPS, the
    fewest lowered to STEPS_PER_WINDOW steps per window (PANEL_STEPS_PER_WINDOW
    for ``n_series`` above 1; at least SMALL_DATA_STEPS) for little data."""
    if value != "auto":
        return value
    fewest, most = AUTO_STEPS
    per_window = STEPS_PER_WINDOW if n_series == 1 else PANEL_STEPS_PER_WINDOW
    fewest = int(np.clip(per_window * n_windows, SMALL_DATA_STEPS, fewest))
    steps = AUTO_EPOCHS * -(-n_windows // batch_size)
    return int(np.clip(steps, fewest, most))


def resolve_hidden_size(value, n_windows):
    """Features of the hidden state: ``value``, or for ``"auto"`` 32, and 64 from
    50,000 training windows on (a global model of many series has more to learn;
    on one short series the larger network was worse)."""
    if value != "auto":
        return int(value)
    return next(size for size, fewest in HIDDEN_SIZES if n_windows >= fewest)


def resolve_combine(value, n_windows, has_X):
    """The combination used: ``value``, or for ``"auto"`` "median" when the
    network trains on fewer than COMBINE_BELOW windows and there are no
    covariates (which the classical forecasts cannot use), else None (the
    network alone: a large panel gives it enough to learn from)."""
    if value != "auto":
        return value
    return "median" if n_windows < COMBINE_BELOW and not has_X else None
