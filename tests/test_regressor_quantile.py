import numpy as np
import pytest
from sklearn.metrics import mean_pinball_loss
from sklearn.model_selection import GridSearchCV
from sklearn.utils._param_validation import InvalidParameterError

from rnnforecast import RNNRegressor
from rnnforecast.nn._losses import PinballLoss

TINY = dict(hidden_size=4, max_steps=60, lr=1e-2, random_state=0)


@pytest.fixture
def noisy_windows():
    rng = np.random.RandomState(0)
    t = np.arange(300, dtype=float)
    series = np.sin(t / 3) + 0.3 * rng.randn(len(t))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 8)
    return X, series[8:]


def test_quantile_regressors_are_ordered_and_cover(noisy_windows):
    X, y = noisy_windows
    low = RNNRegressor(loss="quantile", quantile=0.1, **TINY).fit(X, y).predict(X)
    high = RNNRegressor(loss="quantile", quantile=0.9, **TINY).fit(X, y).predict(X)
    assert np.mean(low < high) > 0.95
    assert 0.05 < np.mean(y > high) < 0.3 and 0.05 < np.mean(y < low) < 0.3


def test_quantile_loss_beats_squared_error_on_pinball(noisy_windows):
    X, y = noisy_windows
    q9 = RNNRegressor(loss="quantile", quantile=0.9, **TINY).fit(X, y).predict(X)
    mean = RNNRegressor(**TINY).fit(X, y).predict(X)
    assert mean_pinball_loss(y, q9, alpha=0.9) < mean_pinball_loss(y, mean, alpha=0.9)


def test_grid_search_over_quantile_regressor(noisy_windows):
    X, y = noisy_windows
    from sklearn.metrics import make_scorer

    scorer = make_scorer(mean_pinball_loss, alpha=0.9, greater_is_better=False)
    search = GridSearchCV(
        RNNRegressor(loss="quantile", quantile=0.9, max_steps=20, hidden_size=4, random_state=0),
        {"lr": [1e-3, 1e-2]}, scoring=scorer, cv=2,
    ).fit(X, y)
    assert search.best_params_["lr"] in (1e-3, 1e-2)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1])
def test_quantile_outside_zero_one_is_refused(noisy_windows, bad):
    X, y = noisy_windows
    with pytest.raises(InvalidParameterError, match=r"'quantile' parameter .* range \(0.0, 1.0\)"):
        RNNRegressor(loss="quantile", quantile=bad).fit(X, y)


@pytest.mark.parametrize("loss, quantile", [("quantile", None), ("squared_error", 0.9)])
def test_quantile_goes_with_loss_quantile_only(noisy_windows, loss, quantile):
    X, y = noisy_windows
    with pytest.raises(ValueError, match=r"quantile must be set .* exactly when loss='quantile'"):
        RNNRegressor(loss=loss, quantile=quantile, max_steps=1).fit(X, y)


def test_pinball_loss_module():
    import torch

    loss = PinballLoss(0.9)
    assert float(loss(torch.zeros(2), torch.tensor([1.0, -1.0]))) == pytest.approx(0.5)
    assert "quantile=0.9" in repr(loss)
    with pytest.raises(ValueError, match=r"quantile must be strictly between 0 and 1, got 2"):
        PinballLoss(2)
