"""The held-out calibration of a single series is made when intervals are first asked for,
and gives the intervals that a calibration made in fit gives, whatever happened between."""

import pickle

import numpy as np
import pytest

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline
from rnnforecast.forecasting import _origins

QUICK = dict(hidden_size=8, max_steps=60, batch_size=32)
FH = np.arange(1, 13)


@pytest.fixture
def holdout_fits(monkeypatch):
    """The cuts of the holdout networks fitted, in order."""
    fitted = []
    fit_holdout = _origins.fit_holdout

    def counted(forecaster, series, frames, cut, combine, template=None):
        fitted.append(cut)
        return fit_holdout(forecaster, series, frames, cut, combine, template)

    monkeypatch.setattr(_origins, "fit_holdout", counted)
    return fitted


def _fit(seed, **params):
    y = load_airline().iloc[:-12]  # 132 values, 12 ahead: the guard's clone is not the calibration's
    return RNNForecaster(random_state=seed, **{**QUICK, **params}).fit(y, fh=FH)


def _intervals(f):
    return f.predict_interval(coverage=[0.8, 0.95]).to_numpy()


def test_points_only_never_fit_the_calibration_network(seed, holdout_fits):
    f = _fit(seed, combine="median")  # no guard: the calibration's clone alone
    f.predict()
    assert holdout_fits == []  # a point forecast needs no second network
    assert f.calibration_.method == "holdout"
    assert len(holdout_fits) == 1
    _intervals(f)
    f.predict_quantiles(alpha=[0.1])
    assert len(holdout_fits) == 1  # made once


def test_the_same_intervals_whenever_they_are_asked_for(seed):
    made_in_fit = _fit(seed)
    made_in_fit.calibration_  # noqa: B018 (made now, as fit made it before)
    expected = _intervals(made_in_fit)

    # after a pickle round trip
    later = pickle.loads(pickle.dumps(_fit(seed)))
    np.testing.assert_array_equal(_intervals(later), expected)

    # after update: the calibration of the fit's data, as when it was made in fit
    y = load_airline()
    made_in_fit.update(y.iloc[-12:-6], update_params=False)
    after_update = _fit(seed)
    after_update.update(y.iloc[-12:-6], update_params=False)
    np.testing.assert_array_equal(_intervals(after_update), _intervals(made_in_fit))


def test_a_refit_makes_its_own_calibration(seed):
    f = _fit(seed)
    first = _intervals(f)
    f.fit(load_airline().iloc[:-24], fh=FH)  # other data: other errors
    assert not np.allclose(_intervals(f), first)
    assert not hasattr(RNNForecaster(), "calibration_")
