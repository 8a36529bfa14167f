"""The checks of RNNRegressor's input: windows X of shape (N, L) or (N, L, F), targets y.

Shapes: N rows (windows), L window length, F features per time step, H targets per row.
"""

import warnings

import numpy as np
from sklearn.utils.validation import validate_data

from ..utils import check_float32_range, check_numeric, ndim

__all__ = ["looks_padded", "validate_windows", "warn_unflagged_padding"]


def validate_windows(regressor, X, y="no_validation", *, reset):
    """Check X (and y) for ``regressor``; return X as an (N, L, F) array (a view if
    possible), and y when given.

    Each refusal is a ValueError naming the regressor's class and the parameter. ``reset``
    (fit) records the number of features; otherwise X must have the fitted window shape.
    """
    kwargs = dict(
        reset=reset,
        allow_nd=True,
        dtype=[np.float32, np.float64],
        ensure_all_finite=True,
    )
    if ndim(X) in (0, 1):
        raise ValueError(
            f"{type(regressor).__name__}: X must have shape (N, L) or (N, L, F) (rows, window "
            f"length, features), got {ndim(X)}-D input of shape {np.shape(X)}. "
            "Reshape your data: X.reshape(1, -1) is a single window; "
            "np.lib.stride_tricks.sliding_window_view(series, L) cuts a series "
            "into windows."
        )
    check_numeric(X, "X", type(regressor).__name__)
    if not isinstance(y, str):
        if (ndim(y) or 0) > 2:  # None and 0-D y are sklearn's to name
            raise ValueError(
                f"{type(regressor).__name__}: y must have shape (N,) or (N, H) (rows, targets per "
                f"row), got {ndim(y)}-D input of shape {np.shape(y)}. Reshape it, e.g. "
                "y.reshape(len(y), -1)."
            )
        check_numeric(y, "y", type(regressor).__name__)
    try:
        if isinstance(y, str) and y == "no_validation":
            X = validate_data(regressor, X, **kwargs)
        else:
            X, y = validate_data(regressor, X, y, multi_output=True, y_numeric=True, **kwargs)
            # y_numeric converts object arrays only; catch arrays of strings too.
            y = y.astype(np.float64, copy=False) if y.dtype.kind in "OUS" else y
    except (TypeError, ValueError) as error:
        fitted = getattr(regressor, "input_shape_", None)
        if not reset and fitted is not None and "features, but" in str(error):
            # sklearn counts L (the second axis) as the features of 3-D windows; its words
            # stay first (sklearn's own checks look for them)
            shape = tuple(np.shape(X)[1:]) + ((1,) if np.ndim(X) == 2 else ())
            raise ValueError(
                f"{error} {type(regressor).__name__}: X has windows of shape {shape} (L, F), "
                f"but the regressor was fitted on windows of shape {fitted} (the 'features' "
                "counted above are the window length L)."
            ) from error
        if "Sparse data" in str(error):  # numbers, but a sparse matrix: sklearn's words
            raise type(error)(f"{type(regressor).__name__}: {error}") from error
        if "convert" in str(error) or "argument must be" in str(error):
            raise type(error)(
                f"{type(regressor).__name__}: X and y must be numeric, got non-numeric data "
                f"({error})"
            ) from error
        raise
    check_float32_range(X, "X", type(regressor).__name__)
    if not isinstance(y, str):
        check_float32_range(y, "y", type(regressor).__name__)
    if X.ndim not in (2, 3):
        raise ValueError(
            f"{type(regressor).__name__}: X must have shape (N, L) or (N, L, F) "
            f"(rows, window length, features), got an array of shape {X.shape}."
        )
    if X.ndim == 2:
        X = X[:, :, None]
    if not reset and X.shape[1:] != regressor.input_shape_:
        raise ValueError(
            f"{type(regressor).__name__}: X has windows of shape {X.shape[1:]} (L, F), but the "
            f"regressor was fitted on windows of shape {regressor.input_shape_}."
        )
    return X if isinstance(y, str) else (X, y)


def looks_padded(X):
    """Does the last feature of the (N, L, F) windows ``X`` look like a padding flag, as
    :class:`~rnnforecast.WindowTransformer` adds (``add_indicator=True``): 0 or 1 only,
    some 1, and in every window the 1s, if any, first (padding comes before the values)?"""
    if X.ndim != 3 or X.shape[2] < 2 or X.shape[1] < 2 or len(X) == 0:
        return False
    flag = X[:, :, -1]
    ones = flag == 1
    if not ones.any() or not (ones | (flag == 0)).all():
        return False
    return bool((np.diff(flag, axis=1) <= 0).all())


def warn_unflagged_padding(regressor, X):
    """Warn when ``normalize=True`` windows carry what looks like a padding flag but
    ``padding_flag`` is False: the padded zeros would enter each window's mean and
    standard deviation (on airline, with sklearn's ``TimeSeriesSplit(gap=1)``, MAE 0.2-0.3
    on the log scale against 0.06-0.08 with ``padding_flag=True``)."""
    if regressor.normalize and not regressor.padding_flag and looks_padded(X):
        warnings.warn(
            f"{type(regressor).__name__}: the last feature of X looks like a padding flag "
            "(0/1, ones before the values, as WindowTransformer's add_indicator=True makes), "
            "but padding_flag=False, so padded zeros enter each window's normalisation. Set "
            "padding_flag=True (or WindowTransformer(add_indicator=False) if it is a feature).",
            UserWarning,
            stacklevel=3,
        )
