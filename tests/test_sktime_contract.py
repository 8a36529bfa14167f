"""What rnnforecast relies on in sktime's BaseForecaster, beyond the extension template.

``rnnforecast/forecasting/_aligned_input.py`` is the one place that overrides sktime's
public methods (to check ``y`` and align ``X`` by index before sktime converts them), and it
and ``_intervals.py`` use a few reserved names. Each test here fails if a sktime release
changes one of them, so a new sktime is caught by the tests, not by users.
"""

import inspect

import numpy as np
import pandas as pd
import pytest
from sktime.forecasting.base import BaseForecaster, ForecastingHorizon

from rnnforecast import RNNForecaster
from rnnforecast.forecasting._aligned_input import AlignedInput

#: The public methods AlignedInput overrides, with the parameters it passes on.
OVERRIDDEN = {
    "fit": ["y", "X", "fh"],
    "predict": ["fh", "X"],
    "predict_interval": ["fh", "X", "coverage"],
    "predict_quantiles": ["fh", "X", "alpha"],
    "update": ["y", "X", "update_params"],
}


@pytest.mark.parametrize("name", sorted(OVERRIDDEN))
def test_overridden_public_methods_keep_their_parameters(name):
    base = list(inspect.signature(getattr(BaseForecaster, name)).parameters)[1:]
    ours = list(inspect.signature(getattr(AlignedInput, name)).parameters)[1:]
    assert base == OVERRIDDEN[name] == ours


def test_the_forecaster_resolves_the_overrides_before_sktime():
    mro = RNNForecaster.__mro__
    assert mro.index(AlignedInput) < mro.index(BaseForecaster)
    for name in OVERRIDDEN:
        assert getattr(RNNForecaster, name) is getattr(AlignedInput, name)


def test_reserved_hooks_exist_with_the_signatures_used():
    # fit and update call _set_cutoff_from_y(y); AlignedInput replaces it for panels
    assert list(inspect.signature(BaseForecaster._set_cutoff_from_y).parameters) == ["self", "y"]
    # _intervals.forecast_from and AlignedInput.update move the cutoff with _set_cutoff
    assert list(inspect.signature(BaseForecaster._set_cutoff).parameters)[:2] == ["self", "cutoff"]
    # AlignedInput._check_fh turns time spans into steps, and stores them in _fh
    assert list(inspect.signature(BaseForecaster._check_fh).parameters) == [
        "self", "fh", "pred_int"]
    # _intervals.predict_quantiles names its columns as sktime does
    y = pd.Series(np.arange(30.0), index=pd.period_range("2000-01", periods=30, freq="M"))
    f = RNNForecaster(window_length=4, hidden_size=4, max_steps=5, combine=None,
                      calibration="insample", random_state=0).fit(y, fh=[1, 2])
    columns = f._get_columns(method="predict_quantiles", alpha=[0.1, 0.9])
    assert list(columns) == list(f.predict_quantiles(alpha=[0.1, 0.9]).columns)


def test_cutoff_is_read_from_the_attribute_the_hook_writes():
    y = pd.Series(np.arange(30.0), index=pd.period_range("2000-01", periods=30, freq="M"))
    f = RNNForecaster(window_length=4, hidden_size=4, max_steps=5, combine=None,
                      calibration=None, random_state=0).fit(y, fh=[1, 2])
    assert f.cutoff[0] == y.index[-1]
    f._cutoff = pd.PeriodIndex([y.index[-3]], freq="M")  # what _set_cutoff_from_y writes
    assert f.cutoff[0] == y.index[-3]


def test_update_calls_the_hooks_through_the_public_method():
    y = pd.Series(np.arange(30.0), index=pd.period_range("2000-01", periods=30, freq="M"))
    f = RNNForecaster(window_length=4, hidden_size=4, max_steps=5, combine=None,
                      calibration=None, random_state=0).fit(y.iloc[:-2], fh=[1, 2])
    f.update(y.iloc[-2:])
    assert f.cutoff[0] == y.index[-1]
    pred = f.predict(fh=ForecastingHorizon([1], is_relative=True))
    assert pred.index[0] == y.index[-1] + 1
