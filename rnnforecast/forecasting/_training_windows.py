"""The training windows of RNNForecaster: each series seasonally adjusted, its covariates
placed, all series streamed into one set of padded panel windows.

Shapes: S series, L = ``window_length_``, H = ``horizon_``, F = 1 + covariate features (+ the
other target columns of a group with ``channels="mixing"``).
"""

import warnings

import numpy as np

from ..preprocessing import NoTargetError, stream_panel_windows
from ._covariates import lead_features
from ._seasonality import (
    FIT_SEASONS, MIN_SEASONS, STOPPED_VALUES, adjustment_of, has_stopped, seasonal_indices,
)
from ._targets import mix_channels

__all__ = ["UNADJUSTED_MESSAGE", "training_windows"]

#: The start of the warning that an asked seasonal adjustment was applied to no series
#: (a regular expression, for the holdout fits that filter it: ``_origins``).
UNADJUSTED_MESSAGE = r".*: deseasonalize=.* was asked, but no series was seasonally adjusted"


def training_windows(forecaster, series, frames, roles):
    """The (N, L, F) windows and (N, H) targets of all ``series`` (lazy PanelWindows).

    Sets ``forecaster.seasonal_`` (each series' SeasonalIndices or None) on the way: a
    series is adjusted when ``deseasonalize`` is on and it is seasonal at ``sp_``.

    Parameters
    ----------
    forecaster : RNNForecaster
        With ``sp_``, ``window_length_``, ``horizon_`` and ``_mixed`` resolved.
    series : list of (key, pd.Series)
    frames : list of pd.DataFrame or None
        Each series' rows of X.
    roles : CovariateRoles
        Which columns of X are future-known, past-only and static.

    Returns
    -------
    windows : PanelWindows
    """
    forecaster.seasonal_ = {}
    fit_seasons = FIT_SEASONS.get() or {}
    lengths = [len(values) for _, values in series]
    kind = adjustment_of(forecaster.deseasonalize)

    def adjusted():  # one series at a time: the panel keeps only its padded rows
        for (key, y_series), x_frame in zip(series, frames):
            values = y_series.to_numpy(dtype=float)
            decided = (fit_seasons[key],) if key in fit_seasons else ()  # a holdout clone
            seasonal = seasonal_indices(values, forecaster.sp_, kind, *decided) if kind else None
            forecaster.seasonal_[key] = seasonal
            if seasonal is not None:
                values = seasonal.adjust(values, np.arange(len(values)))
            future, past = (None, None) if x_frame is None else (
                x_frame[roles.future], x_frame[roles.past])
            yield lead_features(values, future, forecaster.horizon_, past,
                                roles.features.get(key)), values

    n_features = 1 + len(roles.past) + len(roles.future) + roles.n_static_features
    rows, k = adjusted(), forecaster._mixed or 1
    if forecaster._mixed:
        rows, lengths = mix_channels(rows, k), lengths[::k]
    try:
        windows = stream_panel_windows(
            lengths, n_features + k - 1, rows, forecaster.window_length_, forecaster.horizon_,
            **({"n_targets": k} if forecaster._mixed else {}),
        )
    except NoTargetError as error:  # not the errors of adjusted()
        longest = max(lengths)
        advice = ("Forecast fewer steps directly (horizon=...) and let longer ones be "
                  "recursive." if longest > 1 else
                  "A network needs at least 2 values of a series to learn from (one to "
                  "read, one to forecast): fit on a longer series.")
        raise ValueError(
            f"{forecaster._owner}: every series has at most {longest} "
            f"value{'s' if longest != 1 else ''}, but the horizon is {forecaster.horizon_}: "
            f"{error} {advice}"
        ) from error
    _warn_unadjusted(forecaster, series)
    return windows


def _warn_unadjusted(forecaster, series):
    """Warn when ``deseasonalize`` names an adjustment (a str, not the default True) and
    no series got it: the user asked for it, and the forecasts are made without it."""
    asked = forecaster.deseasonalize
    if not isinstance(asked, str) or any(v is not None for v in forecaster.seasonal_.values()):
        return
    m, seasons = forecaster.sp_, MIN_SEASONS  # the gate of seasonal_indices
    lengths = [len(values) for _, values in series]
    if m < 2:
        why = "sp_ is 1 (no season to remove); set sp to the season's length"
    elif max(lengths) < seasons * m:
        why = (f"every series is shorter than {seasons} seasons ({seasons * m} values at "
               f"sp={m}; the shortest has {min(lengths)})")
    elif all(has_stopped(values, m) for _, values in series if len(values) >= seasons * m):
        why = (f"every series of {seasons} seasons or more ends in a season (and "
               f"{STOPPED_VALUES} values or more) of one constant value: its season has "
               "stopped")
    else:
        why = (f"no series of {seasons} seasons or more has a significant autocorrelation "
               f"(90%) at lag sp={m}, the test of the M4 benchmarks")
    warnings.warn(
        f"{forecaster._owner}: deseasonalize={asked!r} was asked, but no series was "
        f"seasonally adjusted: {why}. The forecasts are made without the adjustment "
        "(seasonal_ holds None for every series); pass deseasonalize=False to silence this.",
        UserWarning,
        stacklevel=5,
    )
