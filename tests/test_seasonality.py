import numpy as np
import pandas as pd
import pytest

from rnnforecast.datasets import load_airline, load_lynx
from rnnforecast.forecasting._classical import theta_forecast
from rnnforecast.forecasting._seasonality import (
    STOPPED_VALUES,
    check_sp,
    has_stopped,
    infer_sp,
    seasonal_indices,
)


@pytest.mark.parametrize(
    "index, sp",
    [
        (pd.period_range("2000-01", periods=5, freq="M"), 12),
        (pd.period_range("2000Q1", periods=5, freq="Q"), 4),
        (pd.period_range("2000", periods=5, freq="Y"), 1),
        (pd.date_range("2000-01-02", periods=5, freq="W-SUN"), 52),
        (pd.date_range("2000-01-01", periods=5, freq="D"), 7),
        (pd.date_range("2000-01-03", periods=5, freq="B"), 5),
        (pd.date_range("2000-01-01", periods=5, freq="h"), 24),
        (pd.date_range("2000-01-01", periods=5, freq="2h"), 12),
        (pd.date_range("2000-01-31", periods=5, freq="ME"), 12),
        (pd.date_range("2000-01-01", periods=5, freq="min"), 1440),
        (pd.date_range("2000-01-01", periods=5, freq="30min"), 48),
        (pd.date_range("2000-01-01", periods=5, freq="SMS"), 24),
        (pd.period_range("2000-01-01", periods=5, freq="15min"), 96),
        (pd.date_range("2000-01-01", periods=5, freq="7min"), 1),
        (pd.date_range("2000-01-01", periods=5, freq="5h"), 1),
        (pd.date_range("2000-01-03 09:00", periods=5, freq="bh"), 8),
        (pd.date_range("2000-01-01", periods=5, freq="10s"), 1),
        (pd.RangeIndex(5), 1),
    ],
)
def test_infer_sp_from_the_frequency(index, sp):
    assert infer_sp(index) == sp


def test_infer_sp_infers_a_missing_datetime_freq():
    index = pd.DatetimeIndex(pd.date_range("2000-01-31", periods=6, freq="ME").tolist())
    assert index.freq is None
    assert infer_sp(index) == 12


@pytest.mark.parametrize("sp", [0, -1, 1.5, "monthly", True, None])
def test_check_sp_refuses(sp):
    with pytest.raises(ValueError, match=r"sp must be 'auto' or a positive integer .* got"):
        check_sp(sp)


def test_airline_is_multiplicatively_seasonal():
    values = load_airline().to_numpy(dtype=float)
    seasonal = seasonal_indices(values, 12)
    assert seasonal.multiplicative
    assert seasonal.factors.mean() == pytest.approx(1.0)
    july, november = seasonal.factors[6], seasonal.factors[10]  # the series starts in January
    assert july > 1.15 and november < 0.9
    positions = np.arange(len(values))
    adjusted = seasonal.adjust(values, positions)
    np.testing.assert_allclose(seasonal.restore(adjusted, positions), values)
    # the adjusted series has a much weaker 12-month pattern than the original (an additive
    # pattern left, if any, relative to the adjusted series' mean)
    left = seasonal_indices(adjusted, 12)
    if left is not None:
        swing = np.ptp(left.factors) / (1.0 if left.multiplicative else adjusted.mean())
        assert swing < 0.1 * np.ptp(seasonal.factors)


def test_non_positive_series_gets_additive_indices():
    values = load_airline().to_numpy(dtype=float) - 300.0
    seasonal = seasonal_indices(values, 12)
    assert not seasonal.multiplicative
    assert seasonal.factors.mean() == pytest.approx(0.0, abs=1e-9)


def _misfit_of_last_seasons(values, seasonal, m, seasons=2):
    """Sum of squares of (values - trend (x or +) index) / values over the last seasons with
    a trend."""
    trend = pd.Series(values).rolling(m + 1, center=True).apply(
        lambda w: (w[0] / 2 + w[1:-1].sum() + w[-1] / 2) / m, raw=True).to_numpy()
    last = np.flatnonzero(~np.isnan(trend))[-seasons * m :]
    f = seasonal.at(last)
    fitted = trend[last] * f if seasonal.multiplicative else trend[last] + f
    return float(np.sum(((values[last] - fitted) / values[last]) ** 2))


@pytest.mark.parametrize("series, multiplicative", [("airline", True), ("co2", False)])
def test_best_fit_takes_the_indices_that_fit_the_last_seasons(series, multiplicative, request):
    data = load_airline() if series == "airline" else request.getfixturevalue("co2_monthly")
    values = data.to_numpy(dtype=float)
    chosen = seasonal_indices(values, 12, "best_fit")
    assert chosen.multiplicative is multiplicative
    ratios = seasonal_indices(values, 12)  # the default: multiplicative
    differences = seasonal_indices(values, 12, "additive")
    assert ratios.multiplicative and not differences.multiplicative
    misfits = [_misfit_of_last_seasons(values, s, 12) for s in (ratios, differences)]
    assert (misfits[0] <= misfits[1]) is multiplicative
    np.testing.assert_allclose(chosen.factors, (ratios if multiplicative else differences).factors)


def test_additive_indices_of_co2_forecast_the_next_year_better(co2_monthly):
    # the Theta member of combine="auto" on the adjusted series, the last 12 months held out
    values = co2_monthly.to_numpy(dtype=float)
    train, test = values[:-12], values[-12:]
    positions, ahead = np.arange(len(train)), np.arange(len(train), len(values))
    errors = {}
    for kind in ("multiplicative", "best_fit"):
        seasonal = seasonal_indices(train, 12, kind)
        forecast = seasonal.restore(theta_forecast(seasonal.adjust(train, positions), 12), ahead)
        errors[kind] = np.mean(np.abs(test - forecast))
    assert not seasonal.multiplicative  # "best_fit" took the additive indices
    assert errors["best_fit"] < 0.9 * errors["multiplicative"]


def test_no_indices_without_seasonality_or_data():
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(200) + 100
    assert seasonal_indices(noise, 12) is None  # no significant lag-12 autocorrelation
    lynx = load_lynx().to_numpy(dtype=float)
    assert seasonal_indices(lynx, 1) is None  # sp=1: nothing to adjust
    assert seasonal_indices(load_airline().to_numpy(dtype=float)[:30], 12) is None  # < 3 seasons
    assert seasonal_indices(np.full(60, 5.0), 12) is None  # flat


def test_a_half_hourly_series_forecasts_its_daily_cycle():
    """Real data: five days of half-hourly solar generation (sktime's bundled copy),
    zero at night. The 30-minute frequency gives a daily season of 48 steps; with
    no season (as before) the classical members carried the night's zeros
    forward and the day ahead was forecast flat at 0."""
    from importlib import resources

    from rnnforecast import RNNForecaster

    path = resources.files("sktime.datasets") / "data" / "solar" / "solar.csv"
    y = pd.read_csv(path, index_col=0, parse_dates=True)["solar_gen"]
    assert y.index.freq is None  # inferred from the timestamps
    train, test = y.iloc[:-48], y.iloc[-48:]
    f = RNNForecaster(random_state=0).fit(train, fh=np.arange(1, 49))
    pred = f.predict()
    assert f.sp_ == 48
    assert pred.index.equals(test.index)
    scale = np.abs(np.diff(train.to_numpy(), n=1)).mean()
    flat = np.abs(test.to_numpy() - train.iloc[-1]).mean() / scale
    mae = np.abs(test.to_numpy() - pred.to_numpy()).mean() / scale
    assert mae < 0.5 * flat
    assert pred.max() > 0.5 * test.max()


def test_likely_period():
    from rnnforecast.forecasting._seasonality import likely_period

    rng = np.random.default_rng(0)
    assert likely_period(load_airline().to_numpy()) == 12
    from importlib import resources

    path = resources.files("sktime.datasets") / "data" / "solar" / "solar.csv"
    solar = pd.read_csv(path)["solar_gen"].to_numpy()  # half-hours: a day is 48
    assert likely_period(solar) == 48
    for n in [50, 100, 500]:  # a random walk's slow swings are not a season
        assert likely_period(np.cumsum(rng.normal(size=n))) is None
    assert likely_period(rng.normal(size=200)) is None
    assert likely_period(load_lynx().to_numpy()) is None  # a cycle of 9-10 years, not strong
    assert likely_period(np.ones(60)) is None
    assert likely_period(np.arange(5.0)) is None


def test_a_seasonal_series_without_a_frequency_warns_about_sp():
    """Real data read without its dates (a RangeIndex, as pd.read_csv gives): sp='auto'
    cannot see the months, so sp=1; the warning says which sp to pass."""
    from rnnforecast import RNNForecaster
    from rnnforecast.exceptions import SeasonalityWarning

    y = load_airline()
    params = dict(max_steps=5, random_state=0)
    with pytest.warns(SeasonalityWarning, match=r"y repeats itself every 12 steps\. Pass sp=12"):
        f = RNNForecaster(**params).fit(y.reset_index(drop=True), fh=[1])
    assert f.sp_ == 1
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", SeasonalityWarning)
        assert RNNForecaster(**params).fit(y, fh=[1]).sp_ == 12  # the index says 12
        RNNForecaster(sp=1, **params).fit(y.reset_index(drop=True), fh=[1])  # asked for none
        RNNForecaster(**params).fit(load_lynx().reset_index(drop=True), fh=[1])


def test_a_stopped_series_keeps_no_season():
    # sktime's PBS (monthly pharmaceutical sales): seasonal for 12 years, then 0 for the last
    # 40 months; its additive indices put the old season back on the zero level
    from sktime.datasets import load_PBS_dataset

    from rnnforecast import RNNForecaster

    values = load_PBS_dataset().to_numpy(dtype=float)
    train = values[:-18]  # ends in 22 months of 0
    assert has_stopped(train, 12) and not has_stopped(values[:-40], 12)
    assert seasonal_indices(values[:-40], 12) is not None  # while it sold: seasonal
    assert seasonal_indices(train, 12) is None
    f = RNNForecaster(sp=12, random_state=0).fit(pd.Series(train), fh=range(1, 19))
    assert f.seasonal_[None] is None
    np.testing.assert_allclose(f.predict().to_numpy(), 0.0, atol=0.1)  # it stays at 0
    # a whole season and at least STOPPED_VALUES values: a quarter, or a short week, is not
    assert STOPPED_VALUES == 12
    assert not has_stopped(np.r_[np.arange(20.0), [5.0] * 11], 4)
    assert has_stopped(np.r_[np.arange(20.0), [5.0] * 12], 4)
    assert not has_stopped(np.r_[np.arange(40.0), [5.0] * 23], 24)
    assert has_stopped(np.r_[np.arange(40.0), [5.0] * 24], 24)


def test_a_decision_taken_already_replaces_the_test():
    # a holdout clone of 43 months of a strong season: the lag-12 test (its limit grows
    # with the 11 large autocorrelations before lag 12) misses it; the fit's decision holds
    t = np.arange(43)
    values = 50 + 10 * np.sin(2 * np.pi * t / 12) + np.random.default_rng(0).normal(0, 1, 43)
    assert seasonal_indices(values, 12) is None
    multiplicative = seasonal_indices(values, 12, decided=True)
    assert multiplicative.multiplicative
    assert np.ptp(multiplicative.factors) > 0.3  # the swing of about +-20% of the level
    assert not seasonal_indices(values, 12, "multiplicative", decided=False).multiplicative
    airline = load_airline().to_numpy(dtype=float)
    assert seasonal_indices(airline, 12, decided=None) is None  # the fit found none
    assert seasonal_indices(airline[:30], 12, decided=True) is None  # still 3 seasons needed
