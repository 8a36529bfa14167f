"""Scale-free normalisation: c times the data gives c times the forecast, for c in
1e-30 .. 1e30; and targets in other units than the windows (a scaler or a log step
before WindowTransformer in a Pipeline) are predicted in the targets' units."""

import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, StandardScaler

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.nn import RNNNet, window_stats
from rnnforecast.preprocessing import WindowTransformer
from rnnforecast.preprocessing._windows import make_supervised
from rnnforecast.regression._target_units import fit_unit_map, unit_mismatch
from rnnforecast.regression._window_input import looks_padded

SCALES = [1e-30, 1e-10, 1.0, 1e10, 1e30]
#: Small and quick, as the issue's reproduction.
SMALL = dict(hidden_size=8, max_steps=30)


# --- window statistics ----------------------------------------------------------


@pytest.mark.parametrize("c", SCALES)
def test_window_stats_are_scale_free(c):
    x = torch.tensor(load_airline().to_numpy(dtype=np.float32)[:36]).reshape(3, 12, 1)
    loc, scale = window_stats(x)
    loc_c, scale_c = window_stats(x * c)
    torch.testing.assert_close(loc_c / c, loc, rtol=1e-5, atol=0)
    torch.testing.assert_close(scale_c / c, scale, rtol=1e-5, atol=0)
    mask = torch.ones(3, 12, 1)
    mask[:, :4] = 0  # the first 4 steps padded
    masked = window_stats(x, mask=mask)
    masked_c = window_stats(x * c, mask=mask)
    for a, b in zip(masked_c, masked):
        torch.testing.assert_close(a / c, b, rtol=1e-5, atol=0)


@pytest.mark.parametrize("c", SCALES)
def test_flat_and_zero_windows_have_a_finite_positive_scale(c):
    x = torch.tensor([[[c]] * 6, [[0.0]] * 6, [[-c]] * 6])  # constant, zeros, negative
    loc, scale = window_stats(x, eps=1e-3)
    torch.testing.assert_close(loc[:, 0, 0], torch.tensor([c, 0.0, -c]))
    # relative to the window's own magnitude (no absolute floor); 1 for zeros
    torch.testing.assert_close(scale[:, 0, 0], torch.tensor([1e-3 * c, 1.0, 1e-3 * c]))
    torch.manual_seed(0)
    net = RNNNet(1, 2, hidden_size=4, normalize=True)
    with torch.no_grad():
        out = net(x)
    assert torch.isfinite(out).all()
    torch.testing.assert_close(out[1], torch.zeros(2))  # zeros: no scale, forecast 0
    with torch.no_grad():  # the same for every c: c times the outputs of 1
        torch.testing.assert_close(out / c, net(x / c), rtol=1e-5, atol=0)


# --- the regressor and the forecaster ------------------------------------------------


@pytest.mark.parametrize("c", SCALES)
def test_regressor_is_scale_equivariant(c):
    """Airline windows times c: c times the predictions (float32 rounding apart)."""
    series = load_airline().to_numpy(dtype=float)
    X, y = sliding_window_view(series[:-1], 12), series[12:]
    reg = RNNRegressor(**SMALL, normalize=True, random_state=0)
    reference = reg.fit(X, y).predict(X[-12:])
    scaled = RNNRegressor(**SMALL, normalize=True, random_state=0).fit(X * c, y * c)
    np.testing.assert_allclose(scaled.predict(X[-12:] * c) / c, reference, rtol=1e-4)


@pytest.mark.parametrize("combine", [None, "auto"])
@pytest.mark.parametrize("c", SCALES)
def test_forecaster_is_scale_equivariant(c, combine):
    """Airline times c is forecast as c times airline's forecast, the network alone
    (combine=None) or with the classical forecasts."""
    y = load_airline()
    params = dict(SMALL, window_length=12, combine=combine, random_state=0)
    reference = RNNForecaster(**params).fit(y, fh=[1, 2, 3]).predict()
    forecast = RNNForecaster(**params).fit(y * c, fh=[1, 2, 3]).predict()
    np.testing.assert_allclose(forecast.to_numpy() / c, reference.to_numpy(), rtol=1e-4)


@pytest.mark.parametrize("c", SCALES)
def test_intermittent_series_is_scale_equivariant(c):
    """Windows of zeros have no scale: they forecast 0 and are left out of the loss,
    so their targets (in the data's units) neither set the forecast nor the training."""
    values = np.random.RandomState(0).poisson(0.1, 120) * 3.0
    values[-12:] = 0.0  # the forecast comes from a window of zeros
    values[-30] = 3.0
    y = pd.Series(values, index=pd.period_range("2000-01", periods=120, freq="M"))
    params = dict(SMALL, window_length=12, combine=None, random_state=0)
    reference = RNNForecaster(**params).fit(y, fh=[1, 2]).predict()
    np.testing.assert_array_equal(reference, 0.0)
    forecaster = RNNForecaster(**params).fit(y * c, fh=[1, 2])
    np.testing.assert_array_equal(forecaster.predict(), 0.0)
    # the network itself, on the windows before: c times the forecast of y
    y_before = y.iloc[:-12]
    before = RNNForecaster(**params).fit(y_before, fh=[1, 2]).predict()
    scaled = RNNForecaster(**params).fit(y_before * c, fh=[1, 2]).predict()
    np.testing.assert_allclose(scaled.to_numpy() / c, before.to_numpy(), rtol=1e-4)


# --- targets in other units than the windows --------------------------------------

#: Airline's last 36 months are the test rows.
N_TEST = 36


def _airline_rows():
    features, targets = make_supervised(load_airline(), horizon=1)
    return (
        features.iloc[:-N_TEST], targets.iloc[:-N_TEST],
        features.iloc[-N_TEST:], targets.iloc[-N_TEST:].to_numpy(),
    )


def _pipeline_mape(step, **params):
    """MAPE (%) on airline's last 36 months of [step,] WindowTransformer(12), RNNRegressor."""
    X_train, y_train, X_test, y_test = _airline_rows()
    steps = [] if step is None else [("scale", step)]
    model = RNNRegressor(normalize=True, random_state=0, **params)
    pipe = Pipeline(steps + [("windows", WindowTransformer(12)), ("model", model)])
    y_pred = pipe.fit(X_train, y_train).predict(X_test)
    return 100 * np.mean(np.abs(y_pred - y_test) / np.abs(y_test)), pipe


@pytest.fixture(scope="module")
def unscaled_mape():
    return {flag: _pipeline_mape(None, padding_flag=flag)[0] for flag in (False, True)}


@pytest.mark.parametrize(
    "step",
    [
        StandardScaler().set_output(transform="pandas"),  # the index kept
        MinMaxScaler().set_output(transform="pandas"),
        FunctionTransformer(np.log1p),  # a DataFrame in, a DataFrame out
    ],
    ids=["StandardScaler", "MinMaxScaler", "log1p"],
)
@pytest.mark.parametrize("padding_flag", [False, True])
def test_scaled_pipeline_predicts_in_the_targets_units(step, padding_flag, unscaled_mape):
    """A scaler or log step before the windows, targets left in passengers: as good as
    without it (98-99% MAPE before: the predictions were in the scaled units)."""
    mape, pipe = _pipeline_mape(step, padding_flag=padding_flag)
    assert mape < 2 * unscaled_mape[padding_flag]
    assert pipe.named_steps["model"].target_map_ is not None


def test_scaler_that_drops_the_index(unscaled_mape):
    """StandardScaler returns an array: the test rows have no index, so their first
    windows are padded instead of filled from the training rows (WindowTransformer's
    numpy rule). Predictions are in passengers still; with padding_flag=True the
    padding is left out of the window statistics and costs little."""
    mape, _ = _pipeline_mape(StandardScaler())
    assert mape < 20  # 97.8% before
    flagged, _ = _pipeline_mape(StandardScaler(), padding_flag=True)
    assert flagged < 2 * unscaled_mape[True]


def test_a_padding_flag_left_unused_warns_and_costs_accuracy():
    """WindowTransformer flags its padding (add_indicator=True); a normalize=True regressor
    with padding_flag=False counted the padded zeros in each window's statistics without a
    word. Test rows given as an array (no index: their first windows padded), log airline."""
    features, targets = make_supervised(np.log(load_airline()), horizon=1)
    train, test = slice(None, -12), slice(-12, None)

    def pipe(flag):
        model = RNNRegressor(hidden_size=8, max_epochs=20, batch_size=32, lr=2e-2,
                             normalize=True, padding_flag=flag, random_state=0)
        return Pipeline([("windows", WindowTransformer(24)), ("model", model)])

    message = (r"RNNRegressor: the last feature of X looks like a padding flag \(0/1, ones "
               r"before the values, .*\), but padding_flag=False")
    with pytest.warns(UserWarning, match=message):
        unflagged = pipe(False).fit(features.iloc[train], targets.iloc[train])
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*looks like a padding flag")
        flagged = pipe(True).fit(features.iloc[train], targets.iloc[train])
    rows, actual = features.iloc[test].to_numpy(), targets.iloc[test].to_numpy()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="X does not have valid feature names")
        errors = {name: np.mean(np.abs(model.predict(rows) - actual))
                  for name, model in [("unflagged", unflagged), ("flagged", flagged)]}
    assert errors["flagged"] < 0.5 * errors["unflagged"]  # 0.065 against 0.242


def test_only_a_flag_shaped_last_feature_counts_as_padding():
    windows = np.zeros((3, 4, 2))
    windows[:, :, 0] = 1.5
    assert not looks_padded(windows)  # no padding at all
    windows[0, :2, 1] = 1  # the first two steps of the first window padded
    assert looks_padded(windows)
    windows[1, 3, 1] = 1  # a 1 after a 0: a binary feature, not padding
    assert not looks_padded(windows)
    windows[1, 3, 1] = 0.5
    assert not looks_padded(windows)
    assert not looks_padded(windows[:, :, :1])  # one feature: nothing to flag


def test_targets_in_the_windows_units_are_not_mapped(sine_windows):
    X, y = sine_windows
    assert RNNRegressor(max_steps=2, normalize=True, random_state=0).fit(X, y).target_map_ is None
    assert RNNRegressor(max_steps=2, random_state=0).fit(X, 100 * y).target_map_ is None
    series = load_airline().to_numpy(dtype=float)
    for horizon in (1, 12):  # a trend moves the targets by H steps: still the same units
        X = sliding_window_view(series[: -horizon], 12)
        y = sliding_window_view(series[12:], horizon)
        assert RNNRegressor(max_steps=2, normalize=True).fit(X, y).target_map_ is None


@pytest.mark.parametrize(
    "transform",
    [lambda v: (v - 280.0) / 120.0, lambda v: v / 1000.0, np.log1p, lambda v: v + 1000.0],
    ids=["standardised", "divided", "log1p", "shifted"],
)
def test_unit_map_undoes_an_increasing_transform(transform):
    series = load_airline().to_numpy(dtype=float)
    last, targets = transform(series[:-1]), series[1:]
    assert unit_mismatch(last, targets)
    unit_map = fit_unit_map(last, targets)
    # the knots: quantiles of samples one month apart, so within a month's change
    np.testing.assert_allclose(unit_map.to_targets(transform(series)), series, rtol=0.1)
    np.testing.assert_allclose(unit_map.to_windows(unit_map.to_targets(last)), last, rtol=1e-9)
    assert fit_unit_map(series[:-1], series[1:]) is None  # the same units


def test_partial_fit_keeps_the_targets_units():
    X_train, y_train, X_test, y_test = _airline_rows()
    scaled = np.log1p(X_train)
    window = WindowTransformer(12).fit(scaled)
    reg = RNNRegressor(hidden_size=8, max_steps=30, normalize=True, random_state=0)
    reg.fit(window.transform(scaled), y_train)
    unit_map = reg.target_map_
    reg.partial_fit(window.transform(scaled), y_train)
    assert reg.target_map_ is unit_map
    y_pred = reg.predict(window.transform(np.log1p(X_test)))
    assert np.all((y_pred > 200) & (y_pred < 900))  # passengers, not log passengers


# --- normalize=False: one standardisation of the whole data ---------------------


def test_without_normalize_a_forecaster_of_series_far_from_zero_forecasts_their_level():
    # fed as they were, values around 1,000 gave forecasts of about 10 (and intervals
    # moved to hold them): the levels that normalize=False keeps must also be learnable
    y = load_airline().iloc[:120]
    params = dict(normalize=False, combine=None, hidden_size=8, max_steps=100,
                  calibration="insample", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        near = RNNForecaster(**params).fit(y / 100, fh=[1, 2, 3])
        far = RNNForecaster(**params).fit(y / 100 + 1000, fh=[1, 2, 3])
        interval = far.predict_interval(coverage=0.9).to_numpy()
    # shifted data, nearly the same standardised problem (the seasonal adjustment differs):
    # about the same forecast, shifted
    np.testing.assert_allclose(far.predict().to_numpy(), near.predict().to_numpy() + 1000,
                               rtol=0, atol=0.3)
    assert (interval[:, 1] - interval[:, 0] < 2).all()  # about the series' noise, not 1000
    assert far.regressors_[0].data_scale_[2][0] == pytest.approx(1000 + y.mean() / 100,
                                                                 rel=0.01)
