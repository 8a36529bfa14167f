"""combine: the median of the network's and two classical forecasts, and the guard."""

import contextlib

import numpy as np
import pandas as pd
import pytest
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline, load_shampoo
from rnnforecast.forecasting._auto import COMBINE_BELOW, resolve_combine, resolve_max_steps
from rnnforecast.forecasting import _classical, _origins
from rnnforecast.forecasting._classical import (
    combine_median,
    damped_trend_forecast,
    damped_trend_states,
    shared_recursions,
    theta_forecast,
)
from rnnforecast.forecasting._guard import (
    GUARD_BLOCK_Z,
    GUARD_BLOCKS,
    GUARD_MIN_SERIES,
    block_differences,
    guard_combination,
    guard_differences,
    keep_network,
)
from rnnforecast.forecasting._origins import Holdouts
from rnnforecast.forecasting._seasonality import SeasonalIndices
from rnnforecast.forecasting._series import split_series
from rnnforecast.metrics import mase
from rnnforecast.nn import RNNNet

QUICK = dict(hidden_size=8, max_steps=60, batch_size=32)


def test_classical_forecasts_continue_a_line():
    line = 5.0 + 2.0 * np.arange(30)
    # Theta: the level plus half the slope; on an exact line the level lags by nothing
    np.testing.assert_allclose(theta_forecast(line, 3)[0], line[-1] + 1.0 * (1 / 1.0), rtol=1e-6)
    damped = damped_trend_forecast(line, 4)
    assert np.all(np.diff(damped) > 0) and damped[0] > line[-1]
    assert np.all(np.diff(damped) <= 2.0 + 1e-9)  # damped: steps no larger than the slope
    np.testing.assert_allclose(theta_forecast([7.0], 2), [7.0, 7.0])
    np.testing.assert_allclose(damped_trend_forecast([7.0, 8.0], 2), [8.0, 8.0])


def test_combine_median_is_the_middle_forecast():
    rng = np.random.default_rng(0)
    histories = [rng.normal(10, 1, 40), rng.normal(50, 5, 25)]
    network = np.array([[100.0, 100.0], [-100.0, -100.0]])
    out = combine_median(network, histories)
    for row, values in zip(out, histories):
        low = np.minimum(theta_forecast(values, 2), damped_trend_forecast(values, 2))
        high = np.maximum(theta_forecast(values, 2), damped_trend_forecast(values, 2))
        assert np.all((row >= low - 1e-9) & (row <= high + 1e-9))
    np.testing.assert_allclose(out[0], np.maximum(theta_forecast(histories[0], 2),
                                                  damped_trend_forecast(histories[0], 2)))


@pytest.mark.parametrize("noise_seed", range(3))
def test_damped_trend_follows_a_season_the_indices_miss(noise_seed):
    """An adjusted monthly series whose December peak appeared after the first four
    years (fixed indices averaged it away): the seasonal correction forecasts it."""
    rng = np.random.default_rng(noise_seed)
    t = np.arange(108)
    peak = np.where((t % 12 == 11) & (t >= 48), 20.0, 0.0)
    values = 100 + peak + rng.normal(0, 2, len(t))
    train, test = values[:96], values[96:]
    plain = damped_trend_forecast(train, 12)
    for multiplicative in (False, True):
        seasonal = damped_trend_forecast(train, 12, period=12, multiplicative=multiplicative)
        assert np.abs(seasonal - test).mean() < 0.7 * np.abs(plain - test).mean()
        assert seasonal[-1] > 110 > plain[-1]  # December


def test_damped_trend_without_a_period_is_holts_method():
    rng = np.random.default_rng(1)
    values = 50 + np.cumsum(rng.normal(0.3, 1, 60))
    np.testing.assert_array_equal(damped_trend_forecast(values, 5),
                                  damped_trend_forecast(values, 5, period=1))
    network = rng.normal(50, 1, (1, 5))
    np.testing.assert_array_equal(combine_median(network, [values]),
                                  combine_median(network, [values], indices=[None]))
    # with a period, the median holds the seasonal member
    seasonal = damped_trend_forecast(values, 5, period=12, multiplicative=True)
    out = combine_median(network, [values], indices=[SeasonalIndices(np.ones(12), True)])
    np.testing.assert_allclose(out[0], np.median([network[0], theta_forecast(values, 5),
                                                  seasonal], axis=0))


@pytest.mark.parametrize("period, multiplicative", [(1, True), (12, True), (12, False)])
def test_damped_trend_of_prefixes_from_one_pass_is_the_same(period, multiplicative):
    # one pass over airline gives each prefix's model: the forecasts of fitting each
    # prefix alone, to the last digit, inside shared_recursions or outside
    values = load_airline().to_numpy(dtype=float)
    values = values / values.mean() if multiplicative else values - values.mean()
    lengths = [3, 50, 100, 143, 144]
    states = damped_trend_states(values, lengths + [2, 145], period, multiplicative)
    assert sorted(states) == lengths  # lengths below 3 or beyond the series: none
    assert damped_trend_states(values[:1], [1, 3], period, multiplicative) == {}
    alone = [damped_trend_forecast(values[:L], 18, period, multiplicative) for L in lengths]
    for L, forecast in zip(lengths, alone):
        np.testing.assert_array_equal(states[L].forecast(18), forecast)
    other = values[:100] * 1.5  # not a registered prefix: fitted as outside
    other_alone = damped_trend_forecast(other, 18, period, multiplicative)
    with shared_recursions([values], [(period, multiplicative)], [lengths]):
        for L, forecast in zip(lengths, alone):
            np.testing.assert_array_equal(
                damped_trend_forecast(values[:L].copy(), 18, period, multiplicative), forecast)
        np.testing.assert_array_equal(damped_trend_forecast(other, 18, period, multiplicative),
                                      other_alone)


def test_calibration_and_guard_fit_the_classical_members_once_per_series(seed, monkeypatch):
    # airline, calibrated from 12 + 8 origins and guarded on 6 blocks: with the
    # recursions shared, one pass per series and use; the same intervals as one fit
    # per origin
    passes = []
    states = _classical.damped_trend_states
    monkeypatch.setattr(_classical, "damped_trend_states",
                        lambda values, *args: passes.append(len(values)) or states(values, *args))
    y = load_airline()
    params = dict(random_state=seed, **QUICK)
    shared = RNNForecaster(**params).fit(y, fh=range(1, 13))
    shared_intervals = shared.predict_interval(coverage=[0.8, 0.95])
    shared_passes = len(passes)
    passes.clear()
    monkeypatch.setattr(_origins, "shared_recursions", lambda *args: contextlib.nullcontext())
    alone = RNNForecaster(**params).fit(y, fh=range(1, 13))
    alone_intervals = alone.predict_interval(coverage=[0.8, 0.95])
    pd.testing.assert_frame_equal(shared_intervals, alone_intervals)
    assert shared.combine_ == "median" and shared_passes <= 4 < len(passes)


def test_resolve_combine_and_budget_rules():
    assert resolve_combine("auto", 100, has_X=False) == "median"
    assert resolve_combine("auto", COMBINE_BELOW, has_X=False) is None  # a large panel
    assert resolve_combine("auto", 100, has_X=True) is None  # covariates: the network
    assert resolve_combine(None, 100, has_X=False) is None
    assert resolve_combine("median", 10**6, has_X=True) == "median"
    assert resolve_max_steps("auto", 50, 256) == 300  # little data: the fewest
    assert resolve_max_steps("auto", 200, 256) == 300  # 1 step per window is fewer
    assert resolve_max_steps("auto", 800, 256) == 800  # 1 step per window
    assert resolve_max_steps("auto", 800, 256, n_series=10) == 1600  # a panel: 2 per window
    assert resolve_max_steps("auto", 100, 256, n_series=10) == 300  # still at least 300
    assert resolve_max_steps("auto", 1200, 256, n_series=40) == 2000  # within the 2,000
    assert resolve_max_steps("auto", 5000, 256) == 2000
    assert resolve_max_steps("auto", 10**6, 256) == 10000


def test_keep_network_needs_a_clear_win():
    assert keep_network(np.array([-1.0, -1.2, -0.9, -1.1, -1.0]))
    assert keep_network(np.array([-1.0, 1.2, -0.9, 1.1, -1.0]))  # better on average
    assert not keep_network(np.array([-1.0, 1.2, -0.9, 1.1, -0.1]))  # worse on average
    assert not keep_network(np.array([0.5, 0.4, 0.6, 0.5, 0.5]))
    # blocks of one series: a win by GUARD_BLOCK_Z standard errors, not just on average
    assert keep_network(np.array([-1.0, 1.2, -0.9, 1.1, -1.0]), z=0.0)
    assert not keep_network(np.array([-1.0, 1.2, -0.9, 1.1, -1.0]), z=GUARD_BLOCK_Z)
    assert keep_network(np.array([-1.0, -0.8, -1.3, -0.9, -1.1, -1.2]), z=GUARD_BLOCK_Z)
    # mean -0.3, 1.37 standard errors below 0: kept at z = 1.282 (one-sided 90%), not at 1.645
    wins = np.array([-0.9, 0.3, -0.9, 0.3, -0.3, -0.3])
    assert keep_network(wins, z=GUARD_BLOCK_Z) and not keep_network(wins, z=1.645)


def test_default_single_series_is_the_median_combination(seed):
    y = load_shampoo()
    f = RNNForecaster(random_state=seed, **QUICK).fit(y, fh=[1, 2, 3])
    assert f.combine_ == "median"
    combined = f.predict().to_numpy()
    f.combine_ = None
    network = f.predict().to_numpy()
    values = y.to_numpy(dtype=float)  # shampoo is not seasonal: no adjustment
    assert f.seasonal_[None] is None
    classical = [theta_forecast(values, 3), damped_trend_forecast(values, 3)]
    np.testing.assert_allclose(combined, np.median([network, *classical], axis=0))
    # no guard fit for one short series: too few independent errors to test the network on
    assert guard_differences(f, split_series(y), [None]) is None
    # nor a block test on one shorter than twice the held-out blocks (H = 3 here)
    short = split_series(y.iloc[: 2 * GUARD_BLOCKS * 3 - 1])
    assert block_differences(f, short, [None]) is None


def test_default_beats_seasonal_naive_on_held_out_airline(seed):
    y = load_airline()
    train, test = y.iloc[:-24], y.iloc[-24:].to_numpy(dtype=float)
    pred = RNNForecaster(random_state=seed).fit(train, fh=range(1, 25)).predict().to_numpy()
    history = train.to_numpy(dtype=float)
    snaive = np.resize(history[-12:], 24)
    assert mase(test, pred, history, m=12) < mase(test, snaive, history, m=12)


def test_update_moves_the_classical_forecasts_too(seed):
    y = load_shampoo()
    f = RNNForecaster(random_state=seed, **QUICK).fit(y.iloc[:-3], fh=[1, 2])
    g = RNNForecaster(random_state=seed, **QUICK).fit(y.iloc[:-3], fh=[1, 2])
    g.update(y.iloc[-3:])
    assert len(g._last_y[0][1]) == len(y)  # the classical forecasts see all values
    assert not np.allclose(f.predict().to_numpy(), g.predict().to_numpy())


def _panel(n_series, noise, seed):
    """Seasonal series sharing one shape: a global network learns it, the classical
    forecasts (no seasonality: sp=1) cannot."""
    rng = np.random.default_rng(seed)
    t = np.arange(120)
    frames = {k: pd.Series(20 + 8 * np.sin(2 * np.pi * t / 6 + k) + noise * rng.normal(size=120))
              for k in range(n_series)}
    return pd.concat(frames, names=["series", "time"]).to_frame("y")


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_guard_keeps_a_network_that_clearly_wins_on_a_panel(seed):
    panel = _panel(GUARD_MIN_SERIES, 0.3, seed)
    params = dict(sp=1, deseasonalize=False, window_length=12, hidden_size=16, max_steps=400,
                  random_state=seed)
    f = RNNForecaster(**params).fit(panel, fh=[1, 2, 3])
    differences = guard_differences(f, split_series(panel), [None] * GUARD_MIN_SERIES)
    assert differences.shape == (GUARD_MIN_SERIES,) and (differences < 0).all()
    assert f.combine_ is None  # the guard kept the network alone
    assert guard_combination(f, split_series(panel), [None] * GUARD_MIN_SERIES) is None


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_a_panel_of_fewer_series_is_tested_on_blocks_instead(seed):
    # 8 series give too few paired observations (GUARD_MIN_SERIES = 20); long enough for
    # the blocks, each series' 6 blocks are tested instead
    assert GUARD_MIN_SERIES == 20
    panel = _panel(8, 0.3, seed)
    params = dict(sp=1, deseasonalize=False, window_length=12, hidden_size=16, max_steps=400,
                  random_state=seed)
    f = RNNForecaster(**params).fit(panel, fh=[1, 2, 3])
    assert guard_differences(f, split_series(panel), [None] * 8) is None
    blocks = block_differences(f, split_series(panel), [None] * 8)
    assert blocks.shape == (8 * GUARD_BLOCKS,) and blocks.mean() < 0
    assert f.combine_ is None
    # too short for the blocks (H = 3: 6 blocks need 36 values and as many to fit on): the median
    short = _panel(8, 0.3, seed).groupby(level="series").head(30)
    g = RNNForecaster(**params).fit(short, fh=[1, 2, 3])
    assert g.combine_ == "median"


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_block_guard_keeps_the_network_on_one_long_series_it_forecasts_well(seed):
    # one long series with a cycle the classical forecasts (sp=1: no seasonality) miss
    y = _panel(1, 0.3, seed).droplevel("series")["y"]
    params = dict(sp=1, deseasonalize=False, window_length=12, hidden_size=16, max_steps=400,
                  random_state=seed)
    f = RNNForecaster(**params).fit(y, fh=[1, 2, 3])
    blocks = block_differences(f, split_series(y), [None])
    assert blocks.shape == (GUARD_BLOCKS,) and (blocks < 0).all()
    assert f.combine_ is None  # the network alone
    # a random walk: no block test passes (the network has nothing to learn that the
    # classical forecasts miss), so the median stays
    walk = pd.Series(np.cumsum(np.random.default_rng(seed).normal(size=120)) + 50.0)
    g = RNNForecaster(**params).fit(walk, fh=[1, 2, 3])
    assert g.combine_ == "median"


@pytest.mark.parametrize("fh, in_fit, cuts", [
    # the guard's 6 blocks of 3 inside the calibration's 3 + 36 - 1 values: shared, in fit
    (3, [38], [38]),
    # 6 blocks of 12 beyond the calibration's 12 + 36 - 1: one clone each, the
    # calibration's made when intervals are first asked for (_deferred_calibration)
    (12, [72], [72, 47]),
])
def test_guard_and_calibration_share_a_holdout_network_where_it_holds_out_enough(
        seed, holdout_fits, fh, in_fit, cuts):
    """Airline (144 values, K = 36 calibration origins: a quarter of it): the block guard
    holds out 6 horizons, the calibration n + K - 1 values. One clone serves both when
    the calibration's holds out at least the guard's values; the calibration never gets
    a clone held out further than it asks."""
    fitted = holdout_fits
    f = RNNForecaster(random_state=seed, **QUICK).fit(load_airline(), fh=range(1, fh + 1))
    assert fitted == in_fit
    assert f.calibration_.method == "holdout"
    assert fitted == cuts
    lower, upper = f.predict_interval(coverage=0.9).to_numpy().T
    assert (lower < f.predict().to_numpy()).all() and (f.predict().to_numpy() < upper).all()
    assert fitted == cuts  # made once


def test_holdouts_fit_once_without_the_most_values_any_user_holds_out(seed):
    y = load_airline()
    f = RNNForecaster(random_state=seed, **QUICK).fit(y, fh=[1, 2, 3])
    series = split_series(y)
    holdouts = Holdouts(f, plan={(None,): 30})  # a later user will hold out 30 values
    first = holdouts.fit(series, [None], cut=18, combine=None)
    assert first.cutoff[0] == y.index[-31] and first.combine_ is None
    second = holdouts.fit(series, [None], cut=30, combine="median", exact=True)
    assert second.regressors_ is first.regressors_  # the same networks, not refitted
    assert second.combine_ == "median" and first.combine_ is None
    exact = holdouts.fit(series, [None], cut=20, combine=None, exact=True)  # not 30: refit
    assert exact.regressors_ is not first.regressors_ and exact.cutoff[0] == y.index[-21]
    further = holdouts.fit(series, [None], cut=40, combine=None)  # more than held out: refit
    assert further.cutoff[0] == y.index[-41]


def test_bad_combine_is_refused():
    match = r"RNNForecaster: combine must be one of \('auto', 'median', None\), got 'mean'"
    with pytest.raises(ValueError, match=match):
        RNNForecaster(combine="mean", **QUICK).fit(load_shampoo(), fh=[1])


def test_anchor_last_starts_from_the_naive_forecast():
    net = RNNNet(1, 3, hidden_size=4, normalize=True, anchor="last")
    torch.nn.init.zeros_(net.head.weight)
    torch.nn.init.zeros_(net.head.bias)
    x = torch.randn(5, 7, 1)
    expected = x[:, -1:, 0].expand(5, 3).numpy()
    np.testing.assert_allclose(net(x).detach().numpy(), expected, rtol=1e-6)
    mean = RNNNet(1, 3, hidden_size=4, normalize=True)
    torch.nn.init.zeros_(mean.head.weight)
    torch.nn.init.zeros_(mean.head.bias)
    np.testing.assert_allclose(mean(x).detach().numpy(), x.mean(dim=1).expand(5, 3).numpy(),
                               rtol=1e-5, atol=1e-6)
    match = r"RNNNet: anchor must be one of \('mean', 'last'\), got 'first'"
    with pytest.raises(ValueError, match=match):
        RNNNet(1, 3, anchor="first")


def test_regressor_anchor_parameter(sine_windows):
    from rnnforecast import RNNRegressor

    X, y = sine_windows
    reg = RNNRegressor(normalize=True, anchor="last", hidden_size=4, max_epochs=2, random_state=0)
    assert np.isfinite(reg.fit(X[:, :, None], y).predict(X[:5, :, None])).all()
    assert reg.net_.module_.anchor == "last"
    with pytest.raises(ValueError, match=r"'anchor' parameter of RNNRegressor must be a str among"):
        RNNRegressor(anchor="first").fit(X[:, :, None], y)
