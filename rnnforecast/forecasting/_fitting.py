"""How RNNForecaster fits the series of one target column (a single series or a
panel): the "auto" settings resolved from the data (:mod:`rnnforecast.forecasting._auto`),
the training windows, the networks, the guard of ``combine="auto"`` and the
calibration of the intervals. Several target columns are fitted by
:func:`rnnforecast.forecasting._targets.fit_targets`, which calls this through an
inner forecaster.
"""

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ._auto import (
    resolve_combine,
    resolve_hidden_size,
    resolve_horizon,
    resolve_max_steps,
    resolve_sp,
    resolve_step_length,
    resolve_window_length,
    warn_long_window,
)
from ._deferred_calibration import calibrate_or_defer
from ._ensemble import fit_networks, n_processes
from ._guard import guard_combination
from ._intervals import holdout_plan
from ._nonnegative import nonnegative_keys
from ._origins import Holdouts
from ._outliers import warn_far_values
from ._probabilistic import calibrate_quantiles, probabilistic
from ._seasonality import warn_hidden_season
from ._series import check_series_values, split_frames, split_series
from ._targets import channel_groups
from ._training_windows import training_windows

__all__ = ["fit_series"]


def fit_series(forecaster, y, X, fh):
    """Fit ``forecaster`` (an RNNForecaster whose parameters are checked) to ``y``, a
    Series or a panel frame of one target column (or of k stacked columns with
    ``channels="mixing"``), with exogenous ``X`` (or None) and sktime's ``fh`` (or None):
    sets the fitted attributes and returns the forecaster."""
    if isinstance(y, pd.DataFrame) and not isinstance(y.index, pd.MultiIndex):
        y = y.iloc[:, 0]
    # a stacked y of k columns with channels="mixing": k columns per window
    forecaster._mixed = channel_groups(y) if forecaster.channels == "mixing" else None
    forecaster.x_columns_ = None if X is None else list(X.columns)
    series = split_series(y)
    forecaster.horizon_ = resolve_horizon(forecaster.horizon, fh, forecaster.cutoff, series)
    for key, values in series:
        check_series_values(values, key)
    forecaster._nonnegative = nonnegative_keys(forecaster.nonnegative, series)  # ._nonnegative
    frames = split_frames(X, series)
    roles = forecaster._fit_roles(X, series, fh)
    lengths = [len(values) for _, values in series]
    forecaster.sp_ = resolve_sp(forecaster.sp, series[0][1].index, max(lengths))
    if forecaster.sp == "auto" and forecaster.sp_ == 1:
        warn_hidden_season(series, forecaster._owner)  # an integer index of a seasonal y
    warn_far_values(series, forecaster._owner)  # a typo, another unit (._outliers)
    forecaster.window_length_ = resolve_window_length(
        forecaster.window_length, forecaster.sp_, forecaster.horizon_, lengths
    )
    warn_long_window(forecaster, max(lengths))
    forecaster.step_length_ = resolve_step_length(
        forecaster.step_length, forecaster.sp_, forecaster.window_length_, len(series)
    )
    windows = training_windows(forecaster, series, frames, roles)  # seasonal_ too
    forecaster.n_series_ = len(series)
    forecaster._panel_names = None if isinstance(y, pd.Series) else list(y.index.names)
    forecaster._y_name = y.name if isinstance(y, pd.Series) else y.columns[0]
    forecaster._end_position = {key: len(values) - 1 for key, values in series}
    forecaster.max_steps_ = resolve_max_steps(
        forecaster.max_steps, len(windows), forecaster.batch_size, len(series)
    )
    forecaster.hidden_size_ = resolve_hidden_size(forecaster.hidden_size, len(windows))
    forecaster.combine_ = resolve_combine(forecaster.combine, len(windows), X is not None)
    if probabilistic(forecaster) and forecaster.combine == "auto":
        forecaster.combine_ = None  # the network's distribution is not mixed (_probabilistic)
    seeds = check_random_state(forecaster.random_state).randint(
        np.iinfo(np.int32).max, size=forecaster.n_models
    )
    forecaster.regressors_ = fit_networks(  # side by side with n_jobs (forecasting._ensemble)
        [forecaster._make_regressor(int(seed)) for seed in seeds], windows,
        n_processes(forecaster.n_jobs, len(seeds), forecaster.device),
    )
    del windows  # the padded rows and the window index are not needed after training
    # one holdout clone for the guard and the calibration where they can share it
    holdouts = Holdouts(forecaster)
    if forecaster.combine == "auto" and forecaster.combine_ is not None:
        holdouts.plan = holdout_plan(forecaster, series, fh)  # forecasting._intervals
        forecaster.combine_ = guard_combination(forecaster, series, frames, X, holdouts)  # ._guard
    forecaster._remember(series, frames)
    forecaster.calibration_ = (  # rnnforecast.forecasting._intervals, _probabilistic
        calibrate_quantiles(forecaster, series, frames, X, fh) if probabilistic(forecaster)
        # a second network's fit is deferred until intervals are asked for
        else calibrate_or_defer(forecaster, series, frames, X, fh, holdouts)
    )
    return forecaster
