"""The forecaster's defaults: seasonal period, seasonal adjustment, windows, budget, ensembles."""

import re

import numpy as np
import pandas as pd
import pytest

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline
from rnnforecast.forecasting._auto import resolve_max_steps
from rnnforecast.metrics import mase, smape

# the network alone (combine=None): these tests check its settings and forecasts
QUICK = dict(hidden_size=8, max_steps=60, batch_size=32, combine=None)


@pytest.fixture(scope="module")
def airline():
    return load_airline()


def test_sp_and_window_length_auto(airline, seed):
    f = RNNForecaster(random_state=seed, **QUICK).fit(airline, fh=range(1, 7))
    assert f.sp_ == 12
    assert f.window_length_ == 24  # two seasons (longer than two horizons)
    assert f.seasonal_[None].multiplicative
    yearly = airline.groupby(airline.index.year).sum()
    yearly.index = pd.period_range("1949", periods=len(yearly), freq="Y")
    g = RNNForecaster(random_state=seed, **QUICK).fit(yearly, fh=[1, 2])
    assert g.sp_ == 1 and g.seasonal_[None] is None
    assert g.window_length_ == 7  # 8, the shortest, shortened for 4 windows of 12 values
    assert RNNForecaster(sp=4, random_state=seed, **QUICK).fit(airline, fh=[1]).sp_ == 4


def test_short_series_trains_on_four_windows_and_beats_naive(airline, seed):
    """Airline's yearly totals, 1949-1958 (10 values), 2 years ahead: the automatic window is
    shortened to 5 values so that the series gives 4 windows (before: one window of 8), and
    the network alone beats the naive forecast on 1959-1960."""
    yearly = airline.groupby(airline.index.year).sum()
    yearly.index = pd.period_range("1949", periods=len(yearly), freq="Y")
    train, test = yearly.iloc[:-2], yearly.iloc[-2:].to_numpy()
    f = RNNForecaster(random_state=seed, combine=None).fit(train, fh=[1, 2])
    assert f.window_length_ == 5 and len(train) - 5 - 2 + 1 == 4
    history = train.to_numpy()
    network = mase(test, f.predict().to_numpy(), history)
    assert network < mase(test, np.repeat(history[-1], 2), history)


def test_default_forecast_has_the_seasonal_shape(airline, seed):
    """Airline, train 1949-1958: the forecast keeps July far above November."""
    train, test = airline[:"1958-12"], airline["1959-01":]
    y_pred = RNNForecaster(random_state=seed).fit(train, fh=range(1, 25)).predict()
    assert y_pred["1959-07"] > 1.25 * y_pred["1959-11"]
    # and beats seasonal naive (sMAPE 17.0 on this split)
    assert smape(test.to_numpy(), y_pred.to_numpy()) < 17.0
    # the network alone, on this long, smooth series, is far better
    alone = RNNForecaster(random_state=seed, combine=None).fit(train, fh=range(1, 25)).predict()
    assert smape(test.to_numpy(), alone.to_numpy()) < 12.0


def test_seasonal_adjustment_switch(airline, seed):
    on = RNNForecaster(random_state=seed, **QUICK).fit(airline, fh=[1, 2, 3])
    off = RNNForecaster(random_state=seed, deseasonalize=False, **QUICK).fit(airline, fh=[1, 2, 3])
    assert off.seasonal_[None] is None
    assert not np.allclose(on.predict(), off.predict())


def test_deseasonalize_picks_the_indices_per_series(seed, co2_monthly):
    # a panel of a multiplicative series (airline) and an additive one (CO2: its yearly swing
    # stayed about 6 ppm while the level rose), each given its own kind by "best_fit"
    air, co2 = load_airline(), co2_monthly
    panel = pd.concat({"air": pd.Series(air.to_numpy(), index=pd.RangeIndex(len(air))),
                       "co2": pd.Series(co2.to_numpy(), index=pd.RangeIndex(len(co2)))})
    panel = panel.rename_axis(["series", "time"]).to_frame("y")
    kinds = {}
    for deseasonalize in (True, "multiplicative", "additive", "best_fit"):
        f = RNNForecaster(sp=12, deseasonalize=deseasonalize, random_state=seed, **QUICK)
        f.fit(panel, fh=[1, 2])
        kinds[deseasonalize] = [f.seasonal_[key].multiplicative for key in ("air", "co2")]
    assert kinds[True] == kinds["multiplicative"] == [True, True]
    assert kinds["additive"] == [False, False]
    assert kinds["best_fit"] == [True, False]


@pytest.mark.parametrize(
    "make_y, sp, why",
    [
        # white noise, 5 years of months: long enough, but no season to find
        (lambda a: pd.Series(np.random.default_rng(0).normal(10, 1, 60),
                             index=pd.period_range("2010-01", periods=60, freq="M")), 12,
         r"no series of 3 seasons or more has a significant autocorrelation \(90%\) at lag sp=12, "
         r"the test of the M4 benchmarks"),
        # airline's first two years: a season, but fewer than 3 of them
        (lambda a: a.iloc[:24], 12, r"every series is shorter than 3 seasons \(36 values at "
         r"sp=12; the shortest has 24\)"),
        (lambda a: a, 1, r"sp_ is 1 \(no season to remove\); set sp to the season's length"),
        # airline, then a year of zeros: the season has stopped
        (lambda a: pd.concat([a, pd.Series(0.0, index=pd.period_range(
            a.index[-1] + 1, periods=12, freq="M"))]), 12,
         r"every series of 3 seasons or more ends in a season \(and 12 values or more\) of one "
         r"constant value: its season has stopped"),
    ],
)
@pytest.mark.parametrize("kind", ["multiplicative", "additive", "best_fit"])
def test_an_asked_adjustment_that_no_series_gets_warns(airline, seed, make_y, sp, why, kind):
    match = (rf"RNNForecaster: deseasonalize='{kind}' was asked, but no series was seasonally "
             rf"adjusted: {why}\. The forecasts are made without the adjustment")
    f = RNNForecaster(sp=sp, deseasonalize=kind, random_state=seed, **QUICK)
    with pytest.warns(UserWarning, match=match):
        f.fit(make_y(airline), fh=[1, 2])
    assert all(indices is None for indices in f.seasonal_.values())


def test_the_default_adjustment_and_an_adjusted_series_do_not_warn(airline, seed):
    import warnings

    noise = pd.Series(np.random.default_rng(0).normal(10, 1, 60),
                      index=pd.period_range("2010-01", periods=60, freq="M"))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*deseasonalize=")
        RNNForecaster(sp=12, random_state=seed, **QUICK).fit(noise, fh=[1])  # True: the default
        f = RNNForecaster(sp=12, deseasonalize="additive", random_state=seed, **QUICK)
        f.fit(airline, fh=[1])
    assert not f.seasonal_[None].multiplicative


@pytest.mark.parametrize("deseasonalize", ["auto", "mult", 1, None, np.array([True, False])])
def test_bad_deseasonalize_is_refused(deseasonalize):
    match = (r"RNNForecaster: deseasonalize must be True, False or one of \('multiplicative', "
             rf"'additive', 'best_fit'\), got {re.escape(repr(deseasonalize))}")
    with pytest.raises(ValueError, match=match):
        RNNForecaster(deseasonalize=deseasonalize, **QUICK).fit(load_airline(), fh=[1])


def test_short_series_in_a_ragged_panel_are_forecast(seed):
    t = np.arange(60)
    frames = []
    for name, n in [("long", 60), ("short", 9), ("tiny", 2)]:
        index = pd.MultiIndex.from_product([[name], t[:n]], names=["series", "time"])
        frames.append(pd.DataFrame({"y": 10 + np.sin(t[:n] / 2)}, index=index))
    panel = pd.concat(frames)
    f = RNNForecaster(window_length=12, random_state=seed, **QUICK).fit(panel, fh=[1, 2, 3])
    y_pred = f.predict()
    assert list(y_pred.loc["short"].index) == [9, 10, 11]
    assert list(y_pred.loc["tiny"].index) == [2, 3, 4]
    assert np.isfinite(y_pred["y"]).all()


def test_budget_in_steps(airline, seed):
    f = RNNForecaster(window_length=12, batch_size=16, max_steps=25, random_state=seed)
    f.fit(airline, fh=[1])
    history = f.regressor_.history_
    steps = sum(len(epoch["batches"]) for epoch in history)
    assert steps == 25  # one epoch is 8 batches: stopped in the middle of the 4th
    # the cosine schedule ends near zero
    assert f.regressor_.net_.optimizer_.param_groups[0]["lr"] < 0.01 * f.lr
    both = RNNForecaster(window_length=12, batch_size=16, max_steps=1000, max_epochs=2, random_state=seed)
    assert len(both.fit(airline, fh=[1]).regressor_.history_) == 2


def test_ensemble_is_the_median_of_its_members(airline, seed):
    f = RNNForecaster(n_models=3, random_state=seed, **QUICK).fit(airline, fh=[1, 2, 3])
    assert len(f.regressors_) == 3
    members = []
    for regressor in f.regressors_:
        f_one = RNNForecaster(n_models=1, random_state=seed, **QUICK).fit(airline, fh=[1, 2, 3])
        f_one.regressor_ = regressor
        members.append(f_one.predict().to_numpy())
    np.testing.assert_allclose(f.predict().to_numpy(), np.median(members, axis=0))
    again = RNNForecaster(n_models=3, random_state=seed, **QUICK).fit(airline, fh=[1, 2, 3])
    pd.testing.assert_series_equal(f.predict(), again.predict())


def test_update_continues_the_seasonal_phase(airline, seed):
    train, new = airline.iloc[:-7], airline.iloc[-7:]
    f = RNNForecaster(random_state=seed, **QUICK).fit(train, fh=[1, 2, 3])
    f.update(new.iloc[:3]).update(new.iloc[3:])  # in two pieces
    seasonal, L = f.seasonal_[None], f.window_length_
    adjusted = seasonal.adjust(airline.to_numpy(dtype=float), np.arange(144))
    window = np.stack([adjusted[-L:], np.zeros(L)], axis=1)[None]
    expected = seasonal.restore(f.regressor_.predict(window)[0], np.arange(144, 147))
    np.testing.assert_allclose(f.predict().to_numpy(), expected)
    assert list(f.predict().index.astype(str)) == ["1961-01", "1961-02", "1961-03"]


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"sp": 0}, ValueError, r"sp must be 'auto' or a positive integer .* got 0"),
        ({"sp": "monthly"}, ValueError, r"sp must be 'auto' or a positive integer .* got 'monthly'"),
        ({"sp": 500}, ValueError, r"sp=500 is longer than the longest series \(144 values\)"),
        ({"n_models": 0}, ValueError, "n_models must be a positive integer, got 0"),
        ({"window_length": "long"}, ValueError, "window_length must be a positive integer"),
    ],
)
def test_bad_defaults_parameters(airline, params, error, match):
    with pytest.raises(error, match=match):
        RNNForecaster(**{**QUICK, **params}).fit(airline, fh=[1])


def test_max_epochs_and_max_steps_cannot_both_be_none(airline):
    with pytest.raises(ValueError, match="max_epochs and max_steps cannot both be None"):
        RNNForecaster(max_steps=None, max_epochs=None).fit(airline, fh=[1])


def _hourly_panel(n_series=2, length=400):
    t = np.arange(length)
    index = pd.MultiIndex.from_product(
        [[f"s{i}" for i in range(n_series)],
         pd.period_range("2020-01-01", periods=length, freq="h")],
        names=["series", "time"],
    )
    daily = np.tile(10 + np.sin(2 * np.pi * t / 24) + 0.2 * (t // 24 % 7 >= 5), n_series)
    return pd.DataFrame({"y": daily}, index=index)


def test_hourly_auto_window_is_a_week_fed_a_day_per_step(seed):
    f = RNNForecaster(random_state=seed, **QUICK).fit(_hourly_panel(), fh=range(1, 49))
    assert f.sp_ == 24
    assert f.window_length_ == 168  # a week of hours
    assert f.step_length_ == 24  # one day per recurrent step
    assert f.regressor_.net_.module_.rnn.input_size == 2 * 24  # value and padding flag per hour


def test_short_seasons_are_fed_a_divisor_of_the_season_per_step(airline, seed):
    f = RNNForecaster(random_state=seed, **QUICK).fit(airline, fh=range(1, 7))
    assert f.window_length_ == 24 and f.step_length_ == 3  # a quarter: 8 recurrent steps
    assert f.regressor_.net_.module_.rnn.input_size == 2 * 3  # value and padding flag
    # a panel's network keeps one value a step
    panel = pd.concat({"a": airline, "b": airline * 2}).to_frame("y")
    panel = panel.rename_axis(["series", "time"])
    assert RNNForecaster(random_state=seed, **QUICK).fit(panel, fh=range(1, 7)).step_length_ == 1
    # a window of one long season is fed half a season per step, a shorter one a value
    g = RNNForecaster(window_length=30, random_state=seed, **QUICK).fit(
        _hourly_panel(), fh=range(1, 3)
    )
    assert g.step_length_ == 12
    h = RNNForecaster(window_length=20, random_state=seed, **QUICK).fit(
        _hourly_panel(), fh=range(1, 3)
    )
    assert h.step_length_ == 1


def test_auto_budget_is_ten_passes_within_bounds(airline, seed):
    params = dict(hidden_size=4, max_epochs=1, random_state=seed, combine=None)
    f = RNNForecaster(batch_size=32, **params).fit(airline, fh=range(1, 7))
    assert f.max_steps_ == 300  # 4 batches a pass, 115 windows: the fewest for little data
    five = pd.concat({k: airline for k in range(5)}, names=["series", "time"]).to_frame("y")
    g = RNNForecaster(batch_size=32, **params).fit(five, fh=range(1, 7))
    assert g.max_steps_ == 1150  # 18 batches a pass, 575 windows: 2 steps per window of a panel
    g = RNNForecaster(batch_size=2, **params).fit(five, fh=range(1, 7))  # 575 windows
    passes = len(g.regressor_.history_[-1, "batches"])  # one pass: max_epochs=1
    assert g.max_steps_ == 10 * passes and 2000 < g.max_steps_ < 10000
    # 20 copies in batches of 1: 10 passes would be 10 x 2,300 steps, above the ceiling
    assert resolve_max_steps("auto", 2300, batch_size=1, n_series=20) == 10000
    assert RNNForecaster(max_steps=7, batch_size=32, **params).fit(airline, fh=[1]).max_steps_ == 7


def test_auto_hidden_size_grows_with_the_panel(airline, seed):
    params = dict(max_steps=5, batch_size=256, random_state=seed)
    assert RNNForecaster(**params).fit(airline, fh=[1]).hidden_size_ == 32
    t = np.arange(510)
    index = pd.MultiIndex.from_product([range(100), t], names=["series", "time"])
    panel = pd.DataFrame({"y": np.tile(10 + np.sin(t / 3), 100)}, index=index)
    f = RNNForecaster(window_length=4, **params).fit(panel, fh=[1])  # 100 x 506 windows
    assert f.hidden_size_ == 64
    assert f.regressor_.net_.module_.rnn.hidden_size == 64
    g = RNNForecaster(window_length=4, hidden_size=8, **params).fit(panel, fh=[1])
    assert g.hidden_size_ == 8
