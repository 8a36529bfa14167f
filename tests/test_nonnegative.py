"""Forecasts of series that were never negative stay at or above zero
(``nonnegative="auto"``, rnnforecast.forecasting._nonnegative)."""

import numpy as np
import pandas as pd
import pytest
from sktime.datasets import load_PBS_dataset

from rnnforecast import RNNForecaster
from rnnforecast.forecasting._nonnegative import floor_at_zero, nonnegative_keys


@pytest.fixture(scope="module")
def scripts():
    """Real data: monthly counts of a drug's scripts (sktime's PBS copy) up to the 11th
    month of zeros that end it: fewer than a season, so the season has not stopped
    (``_seasonality.has_stopped``) and its pattern of earlier years, restored additively,
    takes the median below zero. (The whole series, three years of zeros at its end, is
    no longer adjusted, and is forecast 0: ``tests/test_seasonality.py``.)"""
    return load_PBS_dataset().astype(float).iloc[:-29]


def _fit(y, **params):
    return RNNForecaster(max_steps=100, random_state=0, **params).fit(y, fh=np.arange(1, 13))


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_counts_get_no_negative_forecast_or_bound(scripts):
    clipped, raw = _fit(scripts), _fit(scripts, nonnegative=False)
    pred, pred_raw = clipped.predict(), raw.predict()
    assert (pred_raw < 0).any()  # what the floor is for
    assert (pred >= 0).all()
    np.testing.assert_allclose(pred, np.maximum(pred_raw, 0))
    bounds = clipped.predict_interval(coverage=0.9)
    bounds_raw = raw.predict_interval(coverage=0.9)
    assert (bounds_raw.to_numpy() < 0).any()
    # the interval of the forecast before its floor, then floored: never wider
    np.testing.assert_allclose(bounds.to_numpy(), np.maximum(bounds_raw.to_numpy(), 0))


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_a_series_with_a_negative_value_is_not_floored(scripts):
    shifted = scripts - 1.0  # the same series, with values below zero
    f = _fit(shifted)
    assert (f.predict() < 0).any()
    np.testing.assert_allclose(f.predict(), _fit(shifted, nonnegative=False).predict())
    assert (_fit(shifted, nonnegative=True).predict() >= 0).all()


def test_each_series_of_a_panel_has_its_own_floor(scripts):
    panel = pd.concat({"counts": scripts, "shifted": scripts - 1.0}, names=["id", "t"])
    pred = _fit(panel.to_frame("y")).predict()
    assert (pred.loc["counts"] >= 0).all().all()
    assert (pred.loc["shifted"] < 0).any().any()


def test_update_with_a_negative_value_drops_the_floor(scripts):
    train, new = scripts.iloc[:-1], scripts.iloc[-1:]
    f = _fit(train)
    assert (f.predict() >= 0).all()
    f.update(new - 1.0)  # a negative value: the series is no longer a count
    raw = _fit(train, nonnegative=False).update(new - 1.0)
    np.testing.assert_allclose(f.predict(), raw.predict())


def test_nonnegative_keys():
    series = [("a", pd.Series([0.0, 1.0])), ("b", pd.Series([1.0, -1.0]))]
    assert nonnegative_keys("auto", series) == ["a"]
    assert nonnegative_keys(True, series) == ["a", "b"]
    assert nonnegative_keys(False, series) == []


def test_floor_at_zero_of_a_panel_frame():
    class Fitted:
        _nonnegative = ["a"]

    index = pd.MultiIndex.from_product([["a", "b"], [1, 2]])
    frame = pd.DataFrame({"y": [-1.0, 2.0, -3.0, 4.0]}, index=index)
    out = floor_at_zero(Fitted(), frame)
    assert out["y"].tolist() == [0.0, 2.0, -3.0, 4.0]

    class Deeper:  # two id levels: the keys are tuples
        _nonnegative = [("a", "x")]

    index = pd.MultiIndex.from_product([["a", "b"], ["x"], [1, 2]])
    frame = pd.DataFrame({"lo": [-1.0, 2.0, -3.0, 4.0], "hi": [-5.0, 1.0, 1.0, 1.0]},
                         index=index)
    out = floor_at_zero(Deeper(), frame)
    assert out["lo"].tolist() == [0.0, 2.0, -3.0, 4.0]
    assert out["hi"].tolist() == [0.0, 1.0, 1.0, 1.0]


@pytest.mark.parametrize("value", ["yes", 1, None, "true"])
def test_nonnegative_refuses(value, scripts):
    with pytest.raises(ValueError, match=r"nonnegative must be 'auto', True or False, got"):
        RNNForecaster(nonnegative=value).fit(scripts, fh=[1])
