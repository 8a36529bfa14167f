"""A value far from its neighbours (a typo, another unit), warned about in ``fit``.

The median combination's classical members and the seasonality test follow every value:
one value 100 times the level of a monthly series of 72 values made the default forecast
flat at about twice the level, with intervals from 0 to the forecast (the network alone was
robust). Such a value may be real (a one-day event), so nothing is changed: ``fit`` says
where it is.

A value is far when its distance from the median of its NEIGHBOURS values on each side is
more than FAR times the typical such distance of the series (1.4826 times their median
absolute deviation). Threshold chosen so that real data rarely trips it: of 4,418 series of
M1, M3 and M4 Hourly, two did (M3 monthly: 6,972 among values of about 8,200; M4 Hourly:
7,038 among about 3,300, both single values); 3 times the level of a monthly series with
noise of 2% of it scores about 80, 100 times about 4,000.
"""

import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..exceptions import RNNForecastWarning
from ..utils import label

__all__ = ["FAR", "FAR_VALUE_MESSAGE", "far_value", "warn_far_values"]

#: Distances from the neighbours' median, in typical distances, that make a value far.
FAR = 100
#: Values on each side of a value that it is compared with.
NEIGHBOURS = 2
#: The start of the warning (holdout clones filter it: the user's fit has said so).
FAR_VALUE_MESSAGE = r".*has a value far from its neighbours"


def far_value(values, neighbours=NEIGHBOURS):
    """(position, distance in typical distances) of the value of ``values`` farthest from
    its neighbours' median where that distance exceeds :data:`FAR`, else None (also for
    a series too short to tell, or one whose typical distance is 0: counts mostly 0)."""
    v = np.asarray(values, dtype=float)
    k = int(neighbours)
    if len(v) < 2 * k + 3:
        return None
    padded = np.r_[np.repeat(v[0], k), v, np.repeat(v[-1], k)]
    windows = sliding_window_view(padded, 2 * k + 1)
    around = np.median(np.delete(windows, k, axis=1), axis=1)
    distance = v - around
    typical = 1.4826 * np.median(np.abs(distance - np.median(distance)))
    if not typical > 0:
        return None
    z = np.abs(distance) / typical
    i = int(np.argmax(z))
    return (i, float(z[i])) if z[i] > FAR else None


def warn_far_values(series, owner):
    """Warn (RNNForecastWarning) naming the far values (:func:`far_value`) of ``series``
    ([(key, pd.Series)]), the first three series that have one."""
    found = []
    for key, values in series:
        far = far_value(values.to_numpy(dtype=float))
        if far is not None:
            found.append((key, values, *far))
    if not found:
        return
    shown = "; ".join(
        f"{values.iloc[i]:.6g} at {label(values.index[i])!r}"
        + ("" if key is None else f" (series {key!r})")
        + f", {z:,.0f} times the typical distance of a value from its neighbours"
        for key, values, i, z in found[:3])
    more = f" ({len(found)} series in all)" if len(found) > 3 else ""
    warnings.warn(
        f"{owner}: y has a value far from its neighbours: {shown}{more}. Forecasts and "
        "intervals follow such a value; if it is an error (a typo, another unit), correct "
        "it or set it to NaN and interpolate before fit.",
        RNNForecastWarning,
        stacklevel=6,  # the user's fit
    )
