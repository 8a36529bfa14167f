"""The warning about a value far from its neighbours (rnnforecast.forecasting._outliers)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline, load_lynx, load_shampoo
from rnnforecast.exceptions import RNNForecastWarning
from rnnforecast.forecasting._outliers import FAR, far_value

TINY = dict(window_length=4, hidden_size=2, max_steps=5, random_state=0)


def _seasonal(n=72, seed=0):
    t = np.arange(n)
    return 100 + 10 * np.sin(2 * np.pi * t / 12) + np.random.default_rng(seed).normal(0, 2, n)


def test_a_value_100_times_the_level_is_far_and_3_times_is_not():
    values = _seasonal()
    values[40] *= 100
    position, z = far_value(values)
    assert position == 40 and z > 10 * FAR
    values[40] = _seasonal()[40] * 3  # a promotion's week, say: no warning
    assert far_value(values) is None


@pytest.mark.parametrize("values", [
    load_airline().to_numpy(dtype=float),  # growth and a season
    load_lynx().to_numpy(dtype=float),  # cycles of bursts
    load_shampoo().to_numpy(dtype=float),
    np.where(np.random.default_rng(1).random(200) < 0.15, 5.0, 0.0),  # mostly 0: no scale
    np.r_[np.full(30, 10.0), np.full(30, 50.0)] + np.random.default_rng(2).normal(0, 1, 60),
    np.arange(5.0),  # too short to tell
])
def test_ordinary_series_have_no_far_value(values):
    assert far_value(values) is None


def test_fit_names_the_far_value_once_and_a_panel_its_series():
    values = _seasonal()
    values[40] *= 100
    y = pd.Series(values, index=pd.period_range("2000-01", periods=72, freq="M"))
    with pytest.warns(RNNForecastWarning, match=r"y has a value far from its neighbours: "
                      r"10614\.2 at Period\('2003-05', 'M'\), 4,128 times the typical distance "
                      r"of a value from its neighbours\. Forecasts and intervals follow such a "
                      r"value; if it is an error .* correct it or set it to NaN") as record:
        RNNForecaster(**TINY).fit(y, fh=[1, 2]).predict_interval()  # and the holdout clone
    assert sum("far from its neighbours" in str(w.message) for w in record) == 1
    panel = pd.concat({"a": pd.Series(_seasonal(seed=1), index=y.index), "b": y})
    with pytest.warns(RNNForecastWarning, match=r"at Period\('2003-05', 'M'\) \(series 'b'\)"):
        RNNForecaster(**TINY, calibration=None).fit(panel.to_frame("y"), fh=[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RNNForecastWarning)
        RNNForecaster(**TINY, calibration=None).fit(y.where(y < 1000, 100.0), fh=[1])
