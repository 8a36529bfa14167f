import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline, load_m4
from rnnforecast.exceptions import IntervalCoverageWarning
from rnnforecast.forecasting._error_levels import series_scale, series_sigmas
from rnnforecast.forecasting._intervals import Calibration, calibrate, check_levels
from rnnforecast.forecasting._series import split_series
from rnnforecast.metrics import coverage

M4_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "m4"
TINY = dict(hidden_size=4, max_steps=30, random_state=0)


def random_walk_panel(n_series=6, length=60, seed=0, exog=False):
    rng = np.random.RandomState(seed)
    index = pd.MultiIndex.from_product(
        [[f"s{i}" for i in range(n_series)], pd.RangeIndex(length)], names=["series", "time"]
    )
    y = pd.DataFrame({"y": (10 + rng.randn(n_series, length).cumsum(axis=1)).ravel()}, index)
    X = pd.DataFrame({"x": rng.randn(len(index))}, index) if exog else None
    return y, X


def check_intervals(forecaster, fh, X=None):
    """Bounds ordered, nested by coverage, around the point forecast."""
    point = forecaster.predict(fh=fh, X=X)
    pred = forecaster.predict_interval(fh=fh, X=X, coverage=[0.5, 0.9])
    name = point.name if isinstance(point, pd.Series) else point.columns[0]
    assert pred.index.equals(point.index)
    inner, outer = pred[(name, 0.5)], pred[(name, 0.9)]
    assert (outer["lower"] <= inner["lower"]).all() and (inner["upper"] <= outer["upper"]).all()
    assert (inner["lower"] < inner["upper"]).all()
    return pred


@pytest.mark.parametrize("calibration", ["holdout", "insample"])
def test_single_series_direct_and_recursive(calibration):
    y = load_airline()
    f = RNNForecaster(12, 6, calibration=calibration, **TINY).fit(y, fh=range(1, 7))
    assert f.get_tag("capability:pred_int")
    # no in-sample forecasts (capability:insample), so no in-sample intervals either
    assert not f.get_tag("capability:insample") and not f.get_tag("capability:pred_int:insample")
    pred = check_intervals(f, fh=range(1, 13))  # steps 7..12 are recursive
    assert len(pred) == 12
    quantiles = f.predict_quantiles(fh=[1, 12], alpha=[0.1, 0.5, 0.9]).to_numpy()
    assert (np.diff(quantiles, axis=1) >= 0).all()


def test_panel_with_exogenous_and_update():
    y, X = random_walk_panel(exog=True)
    train_y = y.groupby(level=0).head(50)
    f = RNNForecaster(window_length=8, **TINY).fit(train_y, X=X, fh=[1, 2, 3])
    pred = check_intervals(f, fh=[1, 2, 3])
    assert pred.index.get_level_values(0).unique().tolist() == [f"s{i}" for i in range(6)]
    f.update(y.groupby(level=0).nth(list(range(50, 55))))
    after = check_intervals(f, fh=[1, 2, 3])
    assert after.index.get_level_values(1).min() == 55


def test_intervals_widen_with_the_horizon_of_a_random_walk():
    y, _ = random_walk_panel(n_series=20, length=80)
    f = RNNForecaster(window_length=8, horizon=12, **TINY).fit(y)
    width = f.predict_interval(fh=range(1, 13), coverage=0.9).groupby(level=1).first()
    width = (width.iloc[:, 1] - width.iloc[:, 0]).to_numpy()  # first series
    assert width[-1] > 1.5 * width[0]


@pytest.mark.skipif(not (M4_DIR / "Hourly-train.csv").exists(), reason="no M4 data")
@pytest.mark.parametrize("calibration", ["holdout", "insample"])
def test_coverage_on_held_back_m4_hourly_values_is_near_nominal(calibration):
    train = load_m4(M4_DIR / "Hourly-train.csv", n_series=24)
    test = load_m4(M4_DIR / "Hourly-test.csv", n_series=24)
    # a small network (2 s); both calibrations covered 0.899 of these 576 values
    # (with the first 12 or 48 series 0.81-0.83: their test days are harder to forecast)
    params = dict(horizon=24, sp=24, window_length=48, calibration=calibration, combine=None)
    f = RNNForecaster(**params, **{**TINY, "max_steps": 100}).fit(train)
    pred = f.predict_interval(fh=range(1, 25), coverage=0.9).to_numpy()
    actual = test.groupby(level=0, sort=False).head(24)["y"].to_numpy()
    assert 0.8 <= coverage(actual, pred[:, 0], pred[:, 1]) <= 0.98


def test_calibration_none_refuses_intervals():
    f = RNNForecaster(calibration=None, **TINY).fit(load_airline())
    with pytest.raises(ValueError, match=r"need the calibration .* calibration=None\. Fit with "
                       r"calibration='auto', 'holdout' or 'insample'"):
        f.predict_interval(fh=[1])
    with pytest.raises(ValueError, match=r"predict_interval, predict_quantiles, predict_var "
                                         r"and predict_proba need the calibration"):
        f.predict_var(fh=[1])  # the message named predict_interval and predict_quantiles only


def test_series_too_short_to_calibrate_refuses_intervals():
    y = pd.Series(np.arange(10.0))
    f = RNNForecaster(window_length=3, **TINY).fit(y, fh=range(1, 6))
    with pytest.raises(ValueError, match=r"no series is long enough .* the longest has 10\), "
                       r"and calibration='insample' would need 11 values \(the longest series "
                       r"has 10\)\. Fit on longer series, or with a shorter fh"):
        f.predict_quantiles(alpha=0.9)


def test_short_quarterly_series_refused_with_what_to_change():
    """Four years of quarters, forecast two years ahead: holding out the 15 values that
    calibrate 8 steps would leave one value to fit on, and the in-sample errors need 17
    values (the advice was calibration='insample'); the error says what to change."""
    y = pd.Series(np.linspace(100.0, 160.0, 16) + np.tile([5.0, -3.0, 8.0, -10.0], 4),
                  index=pd.period_range("2000Q1", periods=16, freq="Q"))
    f = RNNForecaster(**TINY).fit(y, fh=range(1, 9))
    with pytest.raises(ValueError, match=r"without their last 15 values \(to calibrate 8 steps ahead\), which leaves at most 1 value to fit on, fewer than "
                       r"a season \(sp=4\), and calibration='insample' would need 17 values "
                       r"\(the longest series has 16\)\. Fit on longer series, or with a "
                       r"shorter fh \(fewer steps to calibrate\)\.$"):
        f.predict_interval(coverage=0.9)


def test_an_fh_beyond_a_short_series_is_refused_without_a_negative_count():
    # 30 values, 500 steps: "-573 at most" before
    y = pd.Series(10 + np.arange(30.0), index=pd.period_range("2000-01", periods=30, freq="M"))
    f = RNNForecaster(horizon=6, **TINY).fit(y, fh=range(1, 501))
    with pytest.raises(ValueError, match=r"without their last \d+ values \(to calibrate \d+ "
                       r"steps ahead\), more values than the longest series has \(30\), and "
                       r"calibration='insample' would need \d+ values .*\. Fit "
                       r"on longer series, or with a shorter fh"):
        f.predict_interval(coverage=0.9)


def test_unknown_calibration_is_refused():
    with pytest.raises(ValueError, match=r"calibration must be one of .* got 'conformal'"):
        RNNForecaster(calibration="conformal", **TINY).fit(load_airline())


@pytest.fixture(scope="module")
def fitted():
    return RNNForecaster(calibration="insample", **TINY).fit(load_airline(), fh=[1, 2])


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.2, [0.5, 1.0], "0.9", True])
def test_coverage_and_alpha_outside_zero_one_are_refused(fitted, bad):
    with pytest.raises(ValueError, match=r"coverage must be .* strictly between 0 and 1, got"):
        fitted.predict_interval(coverage=bad)
    with pytest.raises(ValueError, match=r"alpha must be .* strictly between 0 and 1, got"):
        fitted.predict_quantiles(alpha=bad)


@pytest.mark.parametrize("bad", [[0.5, 0.5], [0.9, 0.1, 0.9]])
def test_duplicate_levels_are_refused(fitted, bad):
    with pytest.raises(ValueError, match=r"alpha must be without duplicates, got alpha=\["):
        fitted.predict_quantiles(alpha=bad)
    with pytest.raises(ValueError, match=r"coverage must be without duplicates, got"):
        fitted.predict_interval(coverage=bad)


def test_levels_in_any_order_keep_it_in_the_columns(fitted):
    # sktime's own forecasters keep the order given, and its metrics (PinballLoss(alpha=
    # [0.9, 0.1]), EmpiricalCoverage) ask in their order: refused, evaluate scored NaN
    name = fitted.predict().name
    quantiles = fitted.predict_quantiles(alpha=[0.9, 0.1, 0.5])
    assert quantiles.columns.tolist() == [(name, 0.9), (name, 0.1), (name, 0.5)]
    ordered = fitted.predict_quantiles(alpha=[0.1, 0.5, 0.9])
    pd.testing.assert_frame_equal(quantiles, ordered[quantiles.columns])
    intervals = fitted.predict_interval(coverage=[0.9, 0.5])
    assert intervals.columns.get_level_values(1).tolist() == [0.9, 0.9, 0.5, 0.5]
    pd.testing.assert_frame_equal(
        intervals, fitted.predict_interval(coverage=[0.5, 0.9])[intervals.columns])


def test_sktime_evaluate_scores_levels_in_any_order():
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.performance_metrics.forecasting.probabilistic import PinballLoss
    from sktime.split import ExpandingWindowSplitter

    cv = ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=120, step_length=12)
    scores = evaluate(RNNForecaster(calibration="insample", **TINY), cv=cv, y=load_airline(),
                      scoring=PinballLoss(alpha=[0.9, 0.1]))
    assert len(scores) == 2 and np.isfinite(scores.iloc[:, 0]).all()


def test_check_levels_returns_floats():
    assert check_levels(np.array([0.1, 0.9]), "alpha") == [0.1, 0.9]


def test_quantiles_beyond_the_calibrated_steps_grow_as_sqrt():
    errors = np.tile([[-1.0, -2.0], [1.0, 2.0]], (50, 1))
    q = Calibration(errors, {None: 1.0}, "holdout").quantiles([0.99], np.array([1, 2, 8]))
    assert q[0, 2] == pytest.approx(2 * q[0, 1])
    assert q[0, 1] == pytest.approx(2.0)


def test_series_scale_is_never_zero():
    assert series_scale([3.0, 3.0, 3.0], 1) == 3.0
    assert series_scale([0.0, 0.0], 1) == 1.0
    assert series_scale([1.0, 2.0, 4.0], 12) == 1.5


def test_a_constant_series_has_no_prior_error_level():
    from rnnforecast.forecasting._error_levels import naive_error_level
    from rnnforecast.forecasting._widening import PRIOR_LEVEL, calibration_prior

    assert naive_error_level([3.0, 3.0, 3.0], 1) == 0.0  # its scale, 3, is not an error
    assert naive_error_level([1.0, 2.0, 1.0, 2.0], 2) == 1.0  # lag 2 exact, lag 1 not
    ordinary = ("a", pd.Series([1.0, 2.0, 4.0]))
    constant = ("b", pd.Series([5.0] * 3))
    assert calibration_prior([ordinary], 1) == PRIOR_LEVEL
    assert calibration_prior([constant], 1) == 0.0
    # in a panel the constant series' errors are left out of the pool (below), so the
    # others keep their prior (the mean over the series had lowered it to 0.5 here)
    assert calibration_prior([ordinary, constant], 1) == PRIOR_LEVEL


def test_a_constant_series_level_is_its_own_errors():
    """recent_sigmas: a constant series is neither floored nor in the median; the
    others' levels are those of the panel without it."""
    from rnnforecast.forecasting._error_levels import SIGMA_FLOOR, recent_sigmas

    ordinary = [(key, pd.Series(np.arange(10.0) % 3)) for key in "abc"]
    constant = ("k", pd.Series([5.0] * 10))
    errors = np.array([[1.0, 2.0], [0.5, 0.5], [2.0, 1.0]])  # K = 1: one row per series
    alone = recent_sigmas(errors, ordinary, {"a": 1.0, "b": 1.0, "c": 1.0}, sp=1)
    panel = recent_sigmas(np.vstack([errors, [[0.0, 0.0]]]), ordinary + [constant],
                          {"a": 1.0, "b": 1.0, "c": 1.0, "k": 0.0}, sp=1)
    assert panel["k"] == 0.0  # not SIGMA_FLOOR
    assert {key: panel[key] for key in "abc"} == pytest.approx(alone)
    assert min(alone.values()) >= SIGMA_FLOOR


def test_exact_series_errors_are_left_out_of_the_pool():
    from rnnforecast.forecasting._intervals import _informative_rows

    exact = np.array([False, True, False, True])
    np.testing.assert_array_equal(_informative_rows(exact), [True, False, True, False])
    np.testing.assert_array_equal(_informative_rows([True, True]), [True, True])  # all
    # per target column: "y2" has no series that varies, so its rows stay
    groups = np.array(["y1", "y1", "y2", "y2"], dtype=object)
    np.testing.assert_array_equal(_informative_rows([False, True, True, True], groups),
                                  [True, False, True, True])


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_a_constant_series_in_a_panel_gets_an_interval_of_its_value():
    """A panel of four seasonal series, a constant one and an all-zero one: the constant
    ones' 90% intervals are their values (they were 3.5-6.5 around 5 and -0.3-0.3 around
    0: their level shrunk towards the others' and floored), and the seasonal series'
    intervals are about as wide as in the panel without them (they were narrower: the
    constant series' zero errors pooled with theirs and their prior lowered)."""
    rng = np.random.default_rng(0)
    t = np.arange(72)
    seasonal = {f"s{i}": 50 + 10 * np.sin(2 * np.pi * t / 12 + i) + rng.normal(0, 2, 72)
                for i in range(4)}

    def widths(parts):
        y = pd.concat({key: pd.Series(v) for key, v in parts.items()}).to_frame("y")
        f = RNNForecaster(sp=12, max_steps=300, random_state=0)
        f.fit(y.rename_axis(["series", "time"]), fh=[1, 2, 3])
        bounds = f.predict_interval(coverage=0.9)
        return f, (bounds.iloc[:, 1] - bounds.iloc[:, 0]).groupby(level=0).mean(), bounds

    _, alone, _ = widths(seasonal)
    f, panel, bounds = widths({**seasonal, "five": np.full(72, 5.0), "zero": np.zeros(72)})
    np.testing.assert_allclose(bounds.xs("five", level=0).to_numpy(), 5.0, atol=1e-4)
    np.testing.assert_allclose(bounds.xs("zero", level=0).to_numpy(), 0.0, atol=1e-4)
    assert f.calibration_.prior == 1.0
    ratio = panel[list(seasonal)] / alone[list(seasonal)]
    assert ((0.85 < ratio) & (ratio < 1.15)).all(), ratio


def test_a_constant_series_gets_an_interval_of_its_value():
    """Its few calibration errors are all but 0; the prior on their level, in units of
    the series' scale (its mean absolute value), had made a 90% interval of 60 fives
    from -6.4 to 16.4."""
    y = pd.Series(5.0, index=pd.period_range("2010-01", periods=60, freq="M"))
    f = RNNForecaster(max_steps=50, random_state=0).fit(y, fh=[1, 2, 3])
    bounds = f.predict_interval(coverage=0.9).to_numpy()
    np.testing.assert_allclose(f.predict().to_numpy(), 5.0, atol=1e-3)
    np.testing.assert_allclose(bounds, 5.0, atol=1e-2)
    assert f.calibration_.prior == 0.0  # a series that varies has PRIOR_LEVEL (above)


def walk_and_wave(length=300, seed=0):
    """A random walk and a period-4 wave with the same scale (lag-1 naive MAE ~0.8):
    the wave can be forecast almost exactly, the walk cannot."""
    rng = np.random.RandomState(seed)
    index = pd.MultiIndex.from_product(
        [["walk", "wave"], pd.RangeIndex(length)], names=["series", "time"]
    )
    walk = 10 + rng.randn(length).cumsum()
    wave = 10 + np.tile([0.0, 0.8, 0.0, -0.8], length // 4) + 0.02 * rng.randn(length)
    return pd.DataFrame({"y": np.concatenate([walk, wave])}, index)


def mean_widths(forecaster):
    pred = forecaster.predict_interval(fh=range(1, 7), coverage=0.9)
    return (pred.iloc[:, 1] - pred.iloc[:, 0]).groupby(level=0).mean()


def test_intervals_are_as_wide_as_each_series_errors_not_its_scale():
    y = walk_and_wave()
    f = RNNForecaster(window_length=12, horizon=6, hidden_size=8, max_steps=200,
                      random_state=0).fit(y)
    scales = f.calibration_.scales
    assert scales["wave"] == pytest.approx(scales["walk"], rel=0.05)
    sigmas = f.calibration_.sigmas
    assert sigmas["wave"] < 0.5 * sigmas["walk"]
    local = mean_widths(f)
    assert local["wave"] < 0.5 * local["walk"]
    # predict_var: sktime's normal approximation from the intervals
    var = f.predict_var(fh=range(1, 7))["y"]
    assert (var > 0).all() and (var.loc["wave"].to_numpy() < var.loc["walk"].to_numpy()).all()
    # one width for all series relative to their scale: the same for both
    f.calibration_ = calibrate(f, split_series(y), [None, None], None, None, local=False)
    assert f.calibration_.sigmas is None
    common = mean_widths(f)
    assert common["wave"] == pytest.approx(common["walk"], rel=0.1)


def _one(name, values):
    index = pd.MultiIndex.from_product(
        [[name], pd.RangeIndex(len(values))], names=["series", "time"]
    )
    return pd.DataFrame({"y": values}, index)


def test_series_shorter_than_a_window_get_their_own_error_level():
    """A short series is forecast from padded windows: its error level is measured the same
    way, not assumed to be the median one (which left M4 Weekly's short series at 0.47
    coverage for 95%). Only a series with no value before the origins gets the median."""
    rng = np.random.RandomState(1)
    short = {"noisy": 10 + 2.0 * rng.randn(25), "regular": 10 + np.arange(25.0) % 3}
    levels = {}
    for kind, values in short.items():
        walks = [_one(f"walk{k}", 10 + np.random.RandomState(k).randn(300).cumsum())
                 for k in range(3)]  # more series with a level: the median is a walk's
        y = pd.concat([walk_and_wave(), *walks, _one("short", values),
                       _one("tiny", 10 + np.arange(15.0) % 3)])
        f = RNNForecaster(window_length=12, horizon=6, hidden_size=4, max_steps=30,
                          random_state=0).fit(y)
        # n = 6 steps from origins that start 17 values before the end: "short" has 8
        # values before its first origin (less than a window of 12), "tiny" none
        levels[kind] = series_sigmas(f, f, f.calibration_.scales, split_series(y),
                                     [None] * 7, None, n=6, first_cut=17)
        assert levels[kind]["tiny"] == 1.0
        assert levels[kind]["wave"] < levels[kind]["walk"]
        assert {"short", "tiny"} <= set(f.calibration_.sigmas)
        assert np.isfinite(f.predict_interval(fh=[1, 2], coverage=0.8).to_numpy()).all()
    # measured (the median series would get exactly 1.0), and larger where the series is noisy
    assert levels["noisy"]["short"] != 1.0 and levels["regular"]["short"] != 1.0
    assert levels["noisy"]["short"] > levels["regular"]["short"]


def test_same_random_state_gives_the_same_intervals():
    y = walk_and_wave(length=120)
    params = dict(window_length=12, horizon=6, hidden_size=4, max_steps=30, random_state=3)
    a = RNNForecaster(**params).fit(y).predict_interval(fh=[1, 6], coverage=0.9)
    b = RNNForecaster(**params).fit(y).predict_interval(fh=[1, 6], coverage=0.9)
    pd.testing.assert_frame_equal(a, b)


def test_single_series_fitted_without_fh_gets_intervals_that_widen_with_coverage():
    # fitted as ForecastingGridSearchCV refits (no fh): the calibration had one step, and
    # one error set every interval to lower == upper at every coverage
    from rnnforecast.datasets import load_airline

    f = RNNForecaster(window_length=12, hidden_size=8, max_steps=50, random_state=0)
    f.fit(load_airline())
    assert len(f.calibration_.errors) >= 30  # many origins for one series
    table = f.predict_interval(fh=[1, 2], coverage=[0.8, 0.95])
    column = table.columns.get_level_values(0)[0]
    width80 = table[(column, 0.8, "upper")] - table[(column, 0.8, "lower")]
    width95 = table[(column, 0.95, "upper")] - table[(column, 0.95, "lower")]
    assert (width80 > 0).all() and (width95 > width80).all()


def test_few_errors_per_step_are_pooled_over_the_steps_by_their_growth():
    """6 errors per step (a short series): each step's quantiles are those of all 36 errors,
    divided by the step's growth h ** b, widened about their centre, times the growth; 100
    per step: each step's own."""
    from rnnforecast.forecasting._intervals import POOL_STEPS, Calibration
    from rnnforecast.forecasting._widening import POOLED_WIDENING, shrunk_level, widen

    rng = np.random.default_rng(0)
    steps = np.arange(1, 7)
    for rows in (6, POOL_STEPS):
        errors = rng.standard_normal((rows, 6)) * steps ** 0.5
        calibration = Calibration(errors, {None: 1.0}, "holdout", growth=0.5)
        table = calibration.quantiles([0.1, 0.9], steps)
        if rows < POOL_STEPS:
            scaled = errors / steps ** 0.5
            pooled = np.quantile(scaled, [0.1, 0.9], method="weibull")
            factor = POOLED_WIDENING * shrunk_level(scaled) / np.abs(scaled).mean()
            np.testing.assert_allclose(
                table, widen(pooled, pooled[::-1], factor)[:, None] * steps ** 0.5)
            assert not np.allclose(table[1], errors.max(axis=0))  # not the largest error
        else:
            np.testing.assert_allclose(
                table, np.quantile(errors, [0.1, 0.9], axis=0, method="weibull"))


def test_widening_moves_the_quantiles_apart_about_each_intervals_centre():
    """The interval between the levels a and 1 - a gets wider about its midpoint by one
    factor, POOLED_WIDENING times the errors' level shrunk towards PRIOR_LEVEL over their
    level: a bias of the calibration errors is kept, not widened; the median and the order
    of the levels are unchanged."""
    from rnnforecast.forecasting._intervals import Calibration
    from rnnforecast.forecasting._widening import POOLED_WIDENING, shrunk_level, widen

    levels = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
    errors = 5.0 + np.random.default_rng(0).standard_normal((30, 4))  # biased: median about 5
    calibration = Calibration(errors, {None: 1.0}, "holdout", growth=0.0)
    raw = np.quantile(errors.ravel(), levels, method="weibull")
    table = calibration.quantiles(levels, np.array([1]))[:, 0]
    factor = POOLED_WIDENING * shrunk_level(errors) / np.abs(errors).mean()
    assert factor < POOLED_WIDENING  # errors of level 5 scales: shrunk towards 1
    np.testing.assert_allclose(table[::-1] - table, factor * (raw[::-1] - raw))
    np.testing.assert_allclose(table + table[::-1], raw + raw[::-1])  # the same centres
    assert table[2] == pytest.approx(raw[2]) and (np.diff(table) > 0).all()
    # about the point forecast the bias would have grown too: 5 -> 5 * factor
    assert abs((table[0] + table[-1]) / 2 - 5.0) < 0.5
    np.testing.assert_allclose(widen([1.0, 3.0], [3.0, 1.0], factor=2.0), [0.0, 4.0])


def test_the_level_of_few_errors_is_shrunk_towards_the_series_scale():
    from rnnforecast.forecasting._widening import PRIOR_ERRORS, PRIOR_LEVEL, shrunk_level

    small = np.full(10, 0.2)
    assert shrunk_level(small) == pytest.approx((10 * 0.2 + PRIOR_ERRORS * PRIOR_LEVEL)
                                                / (10 + PRIOR_ERRORS))
    assert 0.2 < shrunk_level(small) < PRIOR_LEVEL  # narrow intervals of few errors widen
    assert PRIOR_LEVEL < shrunk_level(np.full(10, -4.0)) < 4.0  # wide ones narrow
    many = np.full(100_000, 0.2)
    assert shrunk_level(many) == pytest.approx(0.2, rel=0.01)  # many errors: their own level
    assert shrunk_level(small, prior=0.5, weight=10) == pytest.approx(0.35)
    assert shrunk_level(small, weight=0) == pytest.approx(0.2)
    assert shrunk_level(np.zeros(5)) == 1.0  # no error: nothing to scale
    # a panel of a few: the level of all its errors, weighed as one series' errors
    assert shrunk_level(np.full(40, 0.2), n_errors=10) == pytest.approx(shrunk_level(small))


def test_a_small_panels_level_weighs_as_one_series_errors():
    """5 series, 2 origins, 3 steps: each series has 6 errors of its own, and the prior
    weighs against those 6, not against the panel's 30."""
    from rnnforecast.forecasting._intervals import Calibration
    from rnnforecast.forecasting._widening import POOLED_WIDENING, shrunk_level, widen

    errors = 0.3 * np.random.default_rng(1).standard_normal((10, 3))
    levels = [0.1, 0.9]
    raw = np.quantile(errors.ravel(), levels, method="weibull")
    for origins, n_errors in ((2, 6), (None, 30)):
        calibration = Calibration(errors, {k: 1.0 for k in range(5)}, "holdout", growth=0.0,
                                  origins=origins)
        factor = POOLED_WIDENING * shrunk_level(errors, n_errors=n_errors) / np.abs(errors).mean()
        table = calibration.quantiles(levels, np.array([1]))[:, 0]
        np.testing.assert_allclose(table, widen(raw, raw[::-1], factor))
    wide = Calibration(errors, {}, "holdout", growth=0.0, origins=2).quantiles(levels, np.array([1]))
    narrow = Calibration(errors, {}, "holdout", growth=0.0).quantiles(levels, np.array([1]))
    assert np.ptp(wide) > np.ptp(narrow)  # small errors: pulled further towards the scale


def test_a_coverage_beyond_the_calibration_errors_warns():
    from rnnforecast.datasets import load_airline
    from rnnforecast.exceptions import IntervalCoverageWarning

    f = RNNForecaster(window_length=12, hidden_size=8, max_steps=50, random_state=0)
    f.fit(load_airline(), fh=[1])
    with pytest.warns(IntervalCoverageWarning, match=r"alpha=0.005 .* needs at least 199 "
                      r"calibration errors per horizon step \(or over all steps\), this fit "
                      r"has \d+"):
        f.predict_interval(coverage=0.99)


def _twelve_months():
    index = pd.date_range("2018-01-01", periods=12, freq="MS")
    return pd.Series(np.arange(12.0) + np.sin(np.arange(12.0)), index=index)


def test_a_series_of_one_season_falls_back_to_insample_with_a_warning():
    # sp='auto' is 12 for monthly data: the holdout network, fitted on 9 values,
    # would have no full season (this crashed the CLI on 12 monthly values)
    match = r"too short to hold out \d+ steps? and keep a season \(sp=12\) to fit on"
    with pytest.warns(IntervalCoverageWarning, match=match):
        f = RNNForecaster(window_length=4, **TINY).fit(_twelve_months(), fh=[1])
    assert f.calibration_.method == "insample"
    band = f.predict_interval(coverage=0.5)
    assert (band.iloc[:, 0] < band.iloc[:, 1]).all()


def test_two_seasons_forecast_a_season_ahead_say_neither_calibration_fits():
    # 24 months, fh 1..12: the advice was calibration='insample', which needs 25 values
    y = pd.Series(np.random.default_rng(0).normal(50, 2, 24),
                  index=pd.period_range("2000-01", periods=24, freq="M"))
    f = RNNForecaster(**TINY).fit(y, fh=range(1, 13))
    with pytest.raises(ValueError, match=r"which leaves at most 1 value to fit on, fewer than "
                       r"a season \(sp=12\), and calibration='insample' would need 25 values "
                       r"\(the longest series has 24\)\. Fit on longer series, or with a "
                       r"shorter fh \(fewer steps to calibrate\)\.$"):
        f.predict_interval(coverage=0.9)


def test_a_series_too_short_for_either_calibration_is_not_advised_insample():
    # 12 years, fh 1..6: "or with calibration='insample'" was advised; it needs 13 values
    y = pd.Series(np.linspace(100.0, 190.0, 12), index=pd.period_range("2005", periods=12,
                                                                        freq="Y"))
    f = RNNForecaster(**TINY).fit(y, fh=range(1, 7))
    with pytest.raises(ValueError, match=r"calibrate 6 steps with calibration='holdout' \(needs "
                       r"18 values, the longest has 12\), and calibration='insample' would need "
                       r"13 values \(the longest series has 12\)\. Fit on longer series, or "
                       r"with a shorter fh \(fewer steps to calibrate\)\.$"):
        f.predict_interval(coverage=0.9)


def test_holdout_of_a_series_of_one_season_is_refused_with_the_reason():
    f = RNNForecaster(window_length=4, calibration="holdout", **TINY).fit(_twelve_months(), fh=[1])
    assert f.calibration_.method == "holdout"  # an Uncalibrated reason, a str
    with pytest.raises(ValueError, match=r"without their last 3 values \(to calibrate 1 step "
                       r"ahead\), which leaves at most 9 values to fit on, fewer than a season "
                       r"\(sp=12\)\. Fit on longer "
                       r"series, or with a shorter fh \(fewer steps to calibrate\), or with "
                       r"calibration='insample'"):
        f.predict_interval(coverage=0.8)


def test_the_insample_advice_is_given_only_where_the_holdout_was_too_short():
    y = pd.Series(np.arange(10.0))
    f = RNNForecaster(window_length=3, calibration="insample", **TINY).fit(y, fh=range(1, 10))
    assert isinstance(f.calibration_, str) and f.calibration_.method == "insample"
    with pytest.raises(ValueError, match=r"calibration='insample' \(needs .*\)\. Fit on longer "
                       r"series, or with a shorter fh \(fewer steps to calibrate\)\.$"):
        f.predict_interval(coverage=0.8)
    reloaded = pickle.loads(pickle.dumps(f))
    assert reloaded.calibration_ == f.calibration_
    assert reloaded.calibration_.method == "insample"


def test_add_spread_widens_each_quantile_in_quadrature_about_the_median_error():
    from statistics import NormalDist

    from rnnforecast.forecasting._widening import add_spread

    levels = [0.025, 0.1, 0.5, 0.9, 0.975]
    # one series, two steps: offsets of the calibrated quantiles (median error +1; skewed
    # at step 2)
    offsets = np.array([[-3.0, -1.0], [-1.0, 0.0], [1.0, 1.0], [3.0, 5.0], [5.0, 9.0]])[:, None]
    centre = offsets[2]
    spread = np.array([[8.0, 8.0]])
    out = add_spread(offsets, centre, levels, spread, weight=0.5)[:, 0]
    # step 1 (symmetric): the 95% distance 4 and 0.5 * 8 = 4 in quadrature about 1
    assert out[[0, 4], 0] == pytest.approx([1 - np.sqrt(32), 1 + np.sqrt(32)])
    z80 = NormalDist().inv_cdf(0.9) / NormalDist().inv_cdf(0.975)
    assert out[3, 0] == pytest.approx(1 + np.sqrt(2.0 ** 2 + (4 * z80) ** 2))
    # step 2 (skewed): each side from its own distance to the median error
    assert out[[0, 4], 1] == pytest.approx([1 - np.sqrt(2 ** 2 + 16), 1 + np.sqrt(8 ** 2 + 16)])
    assert (out[2] == 1.0).all()  # the median stays
    assert (np.diff(out, axis=0) >= 0).all()
    # weight 0: the calibrated quantiles themselves
    np.testing.assert_allclose(add_spread(offsets, centre, levels, spread, weight=0.0), offsets)
    # each level's quantile is its own, whatever else is asked and in whatever order
    for subset in ([4, 0, 2, 3, 1], [0], [3, 1]):
        again = add_spread(offsets[subset], centre, [levels[i] for i in subset], spread,
                           weight=0.5)[:, 0]
        np.testing.assert_allclose(again, out[subset])


def test_a_level_does_not_depend_on_the_other_levels_asked():
    # a near-constant series with a late jump: the median's members disagree and the errors
    # are skewed; the 90% interval asked with the 50% one was 20% wider than asked alone
    # (the quantiles were sorted across the levels asked)
    values = np.full(81, 3.0)
    values[70] = 4.0
    y = pd.Series(values, index=pd.period_range("2000-01", periods=81, freq="M"))
    f = RNNForecaster(random_state=0).fit(y, fh=[1, 2])
    together = f.predict_interval(coverage=[0.5, 0.9])
    alone = f.predict_interval(coverage=0.9)
    np.testing.assert_allclose(together.iloc[:, 2:].to_numpy(), alone.to_numpy())
    quantiles = f.predict_quantiles(alpha=[0.05, 0.25, 0.5, 0.75, 0.95])
    np.testing.assert_allclose(quantiles.iloc[:, [0, 4]].to_numpy(), alone.to_numpy())
    assert (np.diff(quantiles.to_numpy(), axis=1) >= 0).all()


def test_members_spread_widens_the_intervals_of_a_short_real_series(monkeypatch):
    # shampoo sales (36 monthly values): one model, the median of the network and two
    # classical forecasts; where they disagree the intervals are wider, by the rule of
    # add_spread, and the point forecast is the same
    from rnnforecast.datasets import load_shampoo
    from rnnforecast.forecasting import _widening
    from rnnforecast.forecasting._point_forecast import point_forecast
    from sktime.forecasting.base import ForecastingHorizon

    y = load_shampoo()
    f = RNNForecaster(**TINY).fit(y, fh=np.arange(1, 7))
    assert f.combine_ == "median"
    fh = ForecastingHorizon(np.arange(1, 7), is_relative=True)
    point, spread = point_forecast(f, fh, spread=True)
    assert spread.shape == (1, 6) and (spread >= 0).all() and spread.max() > 0
    pd.testing.assert_series_equal(point, f.predict())
    wide = f.predict_interval(coverage=0.95).to_numpy()
    with monkeypatch.context() as patch:
        patch.setattr(_widening, "SPREAD_WEIGHT", 0.0)
        calibrated = f.predict_interval(coverage=0.95).to_numpy()
    # each side moves out by sqrt(d ** 2 + s ** 2) - d, between 0 and s = kappa * spread
    s = _widening.SPREAD_WEIGHT * spread[0]
    growth = (wide[:, 1] - wide[:, 0]) - (calibrated[:, 1] - calibrated[:, 0])
    assert (growth > 0).all() and (growth <= 2 * s + 1e-9).all()
    # without the median there is nothing to disagree: spread 0, intervals as calibrated
    alone = RNNForecaster(combine=None, **TINY).fit(y, fh=np.arange(1, 7))
    assert not point_forecast(alone, fh, spread=True)[1].any()


def test_combine_median_returns_its_members_range():
    from rnnforecast.forecasting._classical import combine_median

    y = load_airline().to_numpy(dtype=float)[:60]
    network = np.full((1, 4), y[-1] * 2.0)  # far above the classical forecasts
    median, low, high = combine_median(network, [y], spread=True)
    np.testing.assert_allclose(median, combine_median(network, [y]))
    assert (low <= median).all() and (median <= high).all()
    np.testing.assert_allclose(high, network)  # the network is the highest member


def test_containing_shift_is_pure():
    from rnnforecast.forecasting._intervals import containing_shift

    bounds = np.array([[[-3.0, 1.0, -1.0]], [[-2.0, 2.0, 1.0]]])  # (2, S=1, m=3)
    # below the forecast: up to it; above it: down to it; around it: unchanged
    np.testing.assert_array_equal(containing_shift(bounds), [[2.0, -1.0, 0.0]])


@pytest.mark.parametrize("nonnegative", ["auto", False])
def test_a_level_shift_leaves_every_interval_around_its_forecast(seed, nonnegative):
    # a series that dropped to a new level before its end calibrates on errors from origins
    # before the drop; pooled with a steady series (a panel of two), those errors put both
    # series' 90% intervals below their forecasts (sales at 50: (0, 0); the step at 5:
    # (0, 2.7)), and one such series alone outside its own
    rng = np.random.default_rng(0)
    sales = 50 + 5 * np.sin(np.arange(40) * 2 * np.pi / 7) + rng.normal(size=40)
    step = np.r_[np.ones(30) * 10, np.ones(10) * 5]
    y = pd.concat({k: pd.DataFrame({"y": v}) for k, v in {"sales": sales, "step": step}.items()},
                  names=["id", "t"])
    f = RNNForecaster(max_steps=30, random_state=seed, nonnegative=nonnegative).fit(
        y, fh=[1, 2, 3])
    point = f.predict()["y"].to_numpy()
    for c in (0.5, 0.8, 0.9, 0.95):
        bounds = f.predict_interval(coverage=c).to_numpy()
        assert ((bounds[:, 0] <= point + 1e-9) & (point <= bounds[:, 1] + 1e-9)).all(), c
    quantiles = f.predict_quantiles(alpha=[0.05, 0.5, 0.95]).to_numpy()
    assert ((quantiles[:, 0] <= point + 1e-9) & (point <= quantiles[:, 2] + 1e-9)).all()
    np.testing.assert_allclose(quantiles[:, 1], point)  # the median is the forecast


def test_a_levels_bounds_do_not_depend_on_the_levels_asked_with_it(seed):
    # a straight line (bounds by a shift of their own, as in the test above): a 50% interval
    # asked with a 95% one was (90.07, 95.9) around a forecast of 90 (only the widest
    # interval asked was made to hold it), alone (90.0, 95.9)
    y = pd.Series(np.arange(30) * 3.0, index=pd.period_range("2000-01", periods=30, freq="M"))
    f = RNNForecaster(max_steps=20, hidden_size=4, random_state=seed).fit(y, fh=[1, 2, 3])
    point = f.predict().to_numpy()
    together = f.predict_interval(coverage=[0.5, 0.8, 0.95])
    for c in (0.5, 0.8, 0.95):
        alone = f.predict_interval(coverage=c)
        np.testing.assert_array_equal(together.xs(c, axis=1, level=1).to_numpy(),
                                      alone.to_numpy())
        lower, upper = alone.to_numpy().T
        assert ((lower <= point + 1e-9) & (point <= upper + 1e-9)).all(), c
    levels = [0.1, 0.25, 0.5, 0.75, 0.9]
    all_levels = f.predict_quantiles(alpha=levels).to_numpy()
    for k, a in enumerate(levels):
        np.testing.assert_array_equal(f.predict_quantiles(alpha=[a]).to_numpy()[:, 0],
                                      all_levels[:, k])
    assert (np.diff(all_levels, axis=1) >= 0).all()  # in the order of their levels


def test_one_constant_series_forecast_by_the_network_alone_gets_a_narrow_interval():
    # its level fell back to 0.375 of its scale (its value): 90% intervals of 91-129
    # around a constant 100, where noise of sd 0.01 gave 99.98-100.03
    y = pd.Series(100.0, index=pd.RangeIndex(96))
    f = RNNForecaster(max_steps=20, hidden_size=8, window_length=8, combine=None,
                      random_state=0).fit(y, fh=[1, 2, 3])
    interval = f.predict_interval(coverage=0.9).to_numpy()
    assert (interval[:, 1] - interval[:, 0] < 0.5).all(), interval
