"""The held-out calibration of a single series is made when intervals are first asked for,
and gives the intervals that a calibration made in fit gives, whatever happened between."""

import pickle

import numpy as np

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline

QUICK = dict(hidden_size=8, max_steps=60, batch_size=32)
FH = np.arange(1, 13)


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


def test_large_data_is_calibrated_in_fit(seed, holdout_fits, monkeypatch):
    # a large panel with calibration="holdout" would keep all its data until intervals are
    # asked for: from COMBINE_BELOW values on (here lowered to 100) the calibration is in fit
    from rnnforecast.forecasting import _deferred_calibration

    monkeypatch.setattr(_deferred_calibration, "COMBINE_BELOW", 100)
    _fit(seed, combine="median")
    assert len(holdout_fits) == 1


def test_a_calibration_deferred_from_a_cuda_fit_trains_where_the_networks_are(seed):
    # fitted with device="cuda", loaded on a machine without CUDA (the networks mapped to the
    # CPU): the calibration network trains on the CPU instead of failing in predict_interval
    f = _fit(seed)
    expected = _intervals(pickle.loads(pickle.dumps(f)))
    f.__dict__["calibration_"].template.device = "cuda:99"  # a device this machine lacks
    np.testing.assert_array_equal(_intervals(f), expected)
