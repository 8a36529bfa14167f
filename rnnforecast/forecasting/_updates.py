"""``update`` of a fitted RNNForecaster: new rows appended to the series it keeps.

The networks are not refitted: the cutoff moves and forecasts start from the
newest window (sktime's ``update(update_params=...)`` is accepted and ignored,
as for a forecaster whose parameters do not change with new data). Several
target columns pass the rows on to their inner forecaster
(:func:`rnnforecast.forecasting._targets.update_targets`).
"""

from ..utils import merge_rows
from ._nonnegative import drop_negative
from ._series import check_series_values, split_frames, split_series

__all__ = ["update_series"]


def update_series(forecaster, y, X=None):
    """Append the rows of ``y`` (and ``X``) to the last rows ``forecaster`` keeps of
    each series (``_last_y``, ``_last_X``) and move each series' end position; a
    ValueError names series that were not seen in fit."""
    new = split_series(y)
    new_y = dict(new)
    unknown = [key for key in new_y if key not in dict(forecaster._last_y)]
    if unknown:
        raise ValueError(
            f"{forecaster._owner}: update got series {unknown[:3]!r} that were not seen in fit "
            f"(it knows {len(forecaster._last_y)} series, e.g. "
            f"{[key for key, _ in forecaster._last_y[:3]]!r}). Refit to add series."
        )
    for key, values in new:
        # one or two new rows cannot give a frequency: their step is the one seen in fit
        check_series_values(values, key, infer_freq=getattr(forecaster, "_seen", None) is None)
    new_X = dict(zip(new_y, split_frames(X, new))) if X is not None else {}
    for key, s in forecaster._last_y:
        if key in new_y:
            forecaster._end_position[key] += int((new_y[key].index > s.index[-1]).sum())
    series = [(key, merge_rows(s, new_y.get(key))) for key, s in forecaster._last_y]
    frames = [
        None if f is None else merge_rows(f, new_X.get(key))
        for (key, _), f in zip(forecaster._last_y, forecaster._last_X)
    ]
    forecaster._remember(series, frames)
    drop_negative(forecaster, new)  # a series that went below 0: no floor (._nonnegative)
    return forecaster
