"""The global standardisation of a regressor's windows without ``normalize``
(:class:`~rnnforecast.nn.RNNNet`'s ``data_scale``): the location and scale of each
input feature and of each output, measured on the training windows.

Fed values in the thousands, a recurrent network's gates saturate and its linear
head must learn a large offset from small initial weights: a network fitted with
``normalize=False`` on sales around 1,000 forecast about 10. One mean and standard
deviation per feature (not per window, which is what ``normalize=True`` does) keeps
the levels of windows and series comparable, which is why ``normalize=False`` is
chosen (levels that static covariates encode).
"""

import numpy as np

__all__ = ["measure_data_scale"]

#: Window values at most that the statistics are measured on (whole windows, evenly
#: spaced over all of them, at least MIN_WINDOWS): about 1 MB, whatever the data's size.
MOST_VALUES = 100_000
MIN_WINDOWS = 100


def measure_data_scale(X, y2, padding_flag):
    """``(in_loc, in_scale, out_loc, out_scale)`` as lists of floats: per feature of the
    windows ``X`` ((N, L, F) array, or a lazy ``PanelWindows`` when ``y2`` is None), over
    their observed steps (``padding_flag``: the last feature flags padded steps; it keeps
    location 0 and scale 1), and per column of the targets ``y2`` (N, H). A constant
    feature or column gets scale 1."""
    n = len(X)
    per_window = int(np.prod(X.shape[1:]))
    taken = min(n, max(MIN_WINDOWS, MOST_VALUES // max(per_window, 1)))
    index = np.unique(np.linspace(0, n - 1, taken).round().astype(np.int64))
    if y2 is None:
        windows, targets = X.take(index)
    else:
        windows, targets = X[index], np.asarray(y2)[index]
    windows = np.asarray(windows, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64).reshape(len(index), -1)
    values = windows[..., :-1] if padding_flag else windows
    observed = (1.0 - windows[..., -1:]) if padding_flag else np.ones_like(values[..., :1])
    weight = np.broadcast_to(observed, values.shape)
    total = weight.sum(axis=(0, 1))
    total = np.where(total > 0, total, 1.0)
    in_loc = (values * weight).sum(axis=(0, 1)) / total
    in_scale = _usable(np.sqrt(((values - in_loc) ** 2 * weight).sum(axis=(0, 1)) / total))
    out_loc = targets.mean(axis=0)
    out_scale = _usable(targets.std(axis=0))
    if padding_flag:
        in_loc, in_scale = np.append(in_loc, 0.0), np.append(in_scale, 1.0)
    return tuple(a.tolist() for a in (in_loc, in_scale, out_loc, out_scale))


def _usable(scale):
    """Scales of 1 where a feature does not vary (or overflowed)."""
    return np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
