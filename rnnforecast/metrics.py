"""Accuracy measures of the M4 competition: sMAPE, MASE, OWA, and of intervals: MSIS.

The definitions follow the M4 competition (Makridakis, Spiliotis & Assimakopoulos,
International Journal of Forecasting 36, 2020):

- sMAPE of one series is ``mean(200 * |Y - F| / (|Y| + |F|))``, in percent;
- MASE of one series is ``mean(|Y - F|)`` divided by the in-sample mean absolute
  error of the seasonal naive forecast, ``mean(|y[t] - y[t - m]|)``;
- for a set of series, both are averaged over the series;
- OWA is ``(sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2) / 2``, computed on the
  averages.

Interval and quantile forecasts are scored by:

- MSIS of one series, ``mean((U - L) + 2/alpha * (L - Y) 1{Y < L} + 2/alpha *
  (Y - U) 1{Y > U})`` divided by the same seasonal naive scale as MASE
  (M4, alpha = 0.05), averaged over the series;
- coverage, the share of actual values with ``L <= Y <= U``;
- pinball loss of a quantile ``q``, ``mean(max(q (Y - F), (q - 1) (Y - F)))``.

Shapes: H = forecast horizon, S = number of series. ``y_true`` and ``y_pred``
are either one series of shape (H,) or a panel of shape (S, H); each training
series may have its own length. A panel in sktime's format (a Series or
one-column frame with a MultiIndex, as ``RNNForecaster.predict`` returns it) is
scored as its (S, H) rows, with ``y_train`` a panel of the same series. A DataFrame
indexed by times (a PeriodIndex or DatetimeIndex, as sktime forecasts a DataFrame y)
holds one series per column; the rows of any other 2-D input are series.
"""

import numpy as np

from ._metric_inputs import (
    align_by_label, as_float_array, check_level, check_period, check_same_shape, check_score,
    interval_arrays, panel_rows, seasonal_naive_scale, training_series,
)

__all__ = ["smape", "mase", "owa", "msis", "coverage", "pinball_loss"]


def smape(y_true, y_pred):
    """Symmetric mean absolute percentage error, in percent, as in M4.

    For one series, ``mean(200 * |Y - F| / (|Y| + |F|))``; for several series,
    the mean over the series of that value. A step where both the actual and
    the forecast are zero counts as an error of 0 (M4 leaves it undefined).

    Parameters
    ----------
    y_true : array-like of shape (H,) or (S, H)
        Actual values: one series, or one row per series.
    y_pred : array-like of the same shape as ``y_true``
        Forecasts. When both are pandas Series (or DataFrames) they are
        matched by label: the same labels in another order are aligned,
        different labels are an error.

    Returns
    -------
    float
        sMAPE in percent, between 0 and 200. Computed on values scaled by
        ``max(|Y|, |F|)``, so it stays finite up to the float64 maximum.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or not 1-D/2-D, or holds NaN.

    See Also
    --------
    mase : Mean absolute scaled error.
    owa : Overall weighted average relative to Naive2.

    Examples
    --------
    >>> from rnnforecast.metrics import smape
    >>> round(smape([100.0, 200.0], [110.0, 180.0]), 4)
    10.0251
    >>> round(smape([[1.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [2.0, 6.0]]), 10)
    25.0
    """
    y_true, y_pred = align_by_label(y_true, y_pred)
    y_true, y_pred = panel_rows(y_true, [("y_pred", y_pred)])
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred)
    # |Y - F| / (|Y| + |F|) on values divided by max(|Y|, |F|): the same ratio,
    # without overflow for values near the float64 maximum
    scale = np.maximum(np.abs(y_true), np.abs(y_pred))
    safe = np.where(scale > 0, scale, 1.0)
    true, pred = y_true / safe, y_pred / safe
    denominator = np.abs(true) + np.abs(pred)
    ratio = np.divide(
        200.0 * np.abs(true - pred),
        denominator,
        out=np.zeros_like(denominator),
        where=denominator > 0,
    )
    # |Y - F| <= |Y| + |F|: a ratio above 200 is rounding (Y and F of opposite signs)
    ratio = np.minimum(ratio, 200.0)
    return float(np.mean(np.mean(ratio, axis=-1)))


def mase(y_true, y_pred, y_train, m=1):
    """Mean absolute scaled error, as in M4.

    For one series, ``mean(|Y - F|)`` divided by ``mean(|y[t] - y[t - m]|)``
    over the training series ``y``; for several series, the mean over the
    series of that value.

    Parameters
    ----------
    y_true : array-like of shape (H,) or (S, H)
        Actual values: one series, or one row per series.
    y_pred : array-like of the same shape as ``y_true``
        Forecasts; matched to ``y_true`` by label when both are pandas.
    y_train : array-like of shape (n,), or sequence of S such arrays
        In-sample (training) values of each series, oldest first; when
        ``y_true`` is 2-D, one series per row of ``y_true``, lengths may differ.
    m : int, default=1
        Seasonal period of the naive forecast used for scaling (M4: 24 for
        Hourly, 12 for Monthly, 1 for Yearly). Each training series must be
        longer than ``m``.

    Returns
    -------
    float
        MASE (0 for a perfect forecast, 1 for the in-sample seasonal naive
        error).

    Raises
    ------
    ValueError
        If the shapes differ, ``m < 1``, a training series has no more than
        ``m`` values or is exactly periodic, or an input holds NaN.

    See Also
    --------
    smape : Symmetric mean absolute percentage error.
    owa : Overall weighted average relative to Naive2.

    Examples
    --------
    >>> from rnnforecast.metrics import mase
    >>> mase([5.0, 6.0], [4.0, 6.0], y_train=[1.0, 2.0, 3.0, 4.0])
    0.5
    >>> mase([[5.0], [5.0]], [[4.0], [7.0]], y_train=[[1.0, 3.0], [1.0, 2.0, 3.0]])
    1.25
    """
    y_true, y_pred = align_by_label(y_true, y_pred)
    y_true, y_pred, y_train = panel_rows(y_true, [("y_pred", y_pred)], y_train)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred)
    m = check_period(m)
    n_series = y_true.shape[0] if y_true.ndim == 2 else None
    train = training_series(y_train, n_series)
    scales = np.array([seasonal_naive_scale(y, m, name) for name, y in train])
    errors = np.mean(np.abs(y_true - y_pred), axis=-1)
    return float(np.mean(errors / scales))


def owa(smape_value, mase_value, smape_naive2, mase_naive2):
    """Overall weighted average of sMAPE and MASE relative to Naive2, as in M4.

    ``OWA = (smape_value / smape_naive2 + mase_value / mase_naive2) / 2``,
    computed on the values averaged over all series. Naive2 scores 1; lower
    is better.

    Parameters
    ----------
    smape_value, mase_value : float
        sMAPE (percent) and MASE of the method, averaged over the series.
    smape_naive2, mase_naive2 : float
        sMAPE and MASE of the Naive2 benchmark on the same series (M4 Hourly:
        18.383 and 2.395). Must be positive.

    Returns
    -------
    float
        The OWA.

    Raises
    ------
    ValueError
        If a value is not finite, a score is negative, or a Naive2 score is not
        positive.

    Notes
    -----
    The official M4 tables compute OWA from sMAPE and MASE already rounded to
    three decimals. To reproduce their last digit, pass rounded values: for
    sNaive on M4 Hourly the rounded inputs give 0.62745 (published 0.6275,
    shown as 0.627), the unrounded ones 0.62750.

    Examples
    --------
    >>> from rnnforecast.metrics import owa
    >>> round(owa(13.912, 1.193, smape_naive2=18.383, mase_naive2=2.395), 3)
    0.627
    """
    values = {
        "smape_value": smape_value,
        "mase_value": mase_value,
        "smape_naive2": smape_naive2,
        "mase_naive2": mase_naive2,
    }
    for name, value in values.items():
        check_score(value, name, positive=name.endswith("naive2"))
    relative_smape = float(smape_value) / float(smape_naive2)
    relative_mase = float(mase_value) / float(mase_naive2)
    return 0.5 * (relative_smape + relative_mase)


def msis(y_true, lower, upper, y_train, m=1, alpha=0.05):
    """Mean scaled interval score of ``1 - alpha`` intervals, as in M4.

    For one series, ``mean((U - L) + 2/alpha (L - Y) 1{Y < L} + 2/alpha
    (Y - U) 1{Y > U})`` divided by ``mean(|y[t] - y[t - m]|)`` over the
    training series; for several series, the mean over the series.

    Parameters
    ----------
    y_true : array-like of shape (H,) or (S, H)
        Actual values.
    lower, upper : array-like of the same shape as ``y_true``
        Bounds of the intervals, ``lower <= upper``. When ``y_true`` and a
        bound are both pandas Series (or DataFrames) they are matched by
        label: the same labels in another order are aligned, different
        labels are an error.
    y_train : array-like of shape (n,), or sequence of S such arrays
        In-sample values of each series (see :func:`mase`).
    m : int, default=1
        Seasonal period of the scaling naive forecast (M4: 24 for Hourly).
    alpha : float, default=0.05
        One minus the nominal coverage of the intervals, in (0, 1).

    Returns
    -------
    float
        MSIS (lower is better).

    Raises
    ------
    ValueError
        If the shapes differ, pandas labels differ, ``lower > upper`` somewhere,
        ``alpha`` is not in (0, 1), or an input holds NaN.

    See Also
    --------
    coverage : Share of actual values inside the intervals.
    mase : The same scaling for point forecasts.

    Examples
    --------
    >>> from rnnforecast.metrics import msis
    >>> msis([5.0, 9.0], [4.0, 4.0], [6.0, 6.0], y_train=[1.0, 2.0, 3.0], alpha=0.5)
    8.0
    """
    alpha = check_level(alpha, "alpha")
    # a panel's training series, one per row
    y_true, lower, upper, y_train = interval_arrays(y_true, lower, upper, "msis", y_train)
    m = check_period(m)
    n_series = y_true.shape[0] if y_true.ndim == 2 else None
    train = training_series(y_train, n_series)
    scales = np.array([seasonal_naive_scale(y, m, name) for name, y in train])
    penalty = (2.0 / alpha) * (
        np.maximum(lower - y_true, 0.0) + np.maximum(y_true - upper, 0.0)
    )
    scores = np.mean(upper - lower + penalty, axis=-1)
    return float(np.mean(scores / scales))


def coverage(y_true, lower, upper):
    """Share of the actual values inside their intervals, ``L <= Y <= U``.

    Parameters
    ----------
    y_true : array-like of shape (H,) or (S, H)
        Actual values.
    lower, upper : array-like of the same shape as ``y_true``
        Bounds of the intervals, ``lower <= upper``; matched to ``y_true`` by
        label when both are pandas (see :func:`msis`).

    Returns
    -------
    float
        Between 0 and 1; over all values of a panel (M4's coverage).

    Raises
    ------
    ValueError
        If the shapes differ, pandas labels differ, ``lower > upper`` somewhere,
        or an input holds NaN.

    Examples
    --------
    >>> from rnnforecast.metrics import coverage
    >>> coverage([1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [2.0, 2.0, 2.0, 2.0])
    0.5
    """
    y_true, lower, upper = interval_arrays(y_true, lower, upper, "coverage")
    return float(np.mean((lower <= y_true) & (y_true <= upper)))


def pinball_loss(y_true, y_pred, quantile):
    """Mean pinball (quantile) loss of forecasts of the ``quantile`` quantile.

    ``mean(max(q (Y - F), (q - 1) (Y - F)))``, the same value as
    ``sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=q)`` on a
    single series.

    Parameters
    ----------
    y_true : array-like of shape (H,) or (S, H)
    y_pred : array-like of the same shape as ``y_true``
        Forecasts of the quantile ``quantile``.
    quantile : float
        q, strictly between 0 and 1 (0.5: half the mean absolute error).

    Returns
    -------
    float

    Examples
    --------
    >>> from rnnforecast.metrics import pinball_loss
    >>> pinball_loss([1.0, 3.0], [2.0, 2.0], quantile=0.9)
    0.5
    """
    q = check_level(quantile, "quantile")
    y_true, y_pred = align_by_label(y_true, y_pred)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred)
    diff = y_true - y_pred
    return float(np.mean(np.maximum(q * diff, (q - 1) * diff)))
