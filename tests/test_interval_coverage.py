"""Property test of RNNForecaster's prediction intervals on series whose predictive distribution
is known: a level, an optional trend and an optional seasonal pattern (sp = 12), plus Gaussian
noise of known sd. For an interval [l, u] the probability that the next value falls in it is
``Phi((u - mu) / sd) - Phi((l - mu) / sd)`` exactly (mu the true mean of that step), so each draw
gives the coverage of all its forecast steps without sampling test values.

Draws are seeded (numpy's generator): the same series on every run. The forecasters are small
(a few seconds for all draws); ``combine`` and ``calibration`` are the defaults.

The conformal rule itself is tested with ``POOLED_WIDENING`` set to 1, ``PRIOR_ERRORS`` to 0
and ``SPREAD_WEIGHT`` to 0 (no widening by the median's members' disagreement):
the default widens the intervals made from few errors (one series, a panel of a few), their
level shrunk towards the series' scale, for real series, whose future differs from their last
values more than independent noise does, so on these draws the default covers more than asked.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from rnnforecast import RNNForecaster
from rnnforecast.exceptions import IntervalCoverageWarning
from rnnforecast.forecasting._calibration_plan import calibrated_steps, resolve_calibration
from rnnforecast.forecasting import _widening
from rnnforecast.forecasting._intervals import Calibration, growth_exponent

#: Steps forecast from each series (beyond the fitted ``fh`` where that is shorter).
STEPS = 12
#: Draws per case (single series or panel of 3, fitted with or without ``fh``).
DRAWS = 6
CASES = [(panel, with_fh) for panel in (False, True) for with_fh in (True, False)]
SMALL = dict(window_length=12, hidden_size=8, max_steps=80)


def draw_series(rng, panel):
    """(y, mu, sd): one series or a panel of 3 of 60-200 monthly values, and the true means
    (S, STEPS) of the STEPS values after each series' end."""
    length = int(rng.integers(60, 201))
    sd = float(rng.uniform(1.0, 5.0))
    amplitude = sd * float(rng.uniform(1.0, 3.0)) if rng.random() < 0.5 else 0.0
    slope = sd * float(rng.uniform(-0.05, 0.05)) if rng.random() < 0.5 else 0.0
    n_series = 3 if panel else 1
    t = np.arange(length + STEPS)
    mu = np.stack([
        100 + 10 * k + slope * t + amplitude * np.sin(2 * np.pi * (t + 4 * k) / 12)
        for k in range(n_series)
    ])  # fmt: skip
    values = mu[:, :length] + sd * rng.standard_normal((n_series, length))
    times = pd.period_range("2000-01", periods=length, freq="M")
    if panel:
        index = pd.MultiIndex.from_product(
            [[f"s{k}" for k in range(n_series)], times], names=["series", "time"]
        )
        y = pd.DataFrame({"y": values.ravel()}, index=index)
    else:
        y = pd.Series(values[0], index=times, name="y")
    return y, mu[:, length:], sd


def interval_draws(seed=0, n_draws=DRAWS, **params):
    """Per draw: (case, coverage of the 80% and 95% intervals (S, STEPS), bounds);
    ``params`` of RNNForecaster replace those of SMALL. The first ``n_draws`` draws of
    each case."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_draws):
        for panel, with_fh in CASES:
            y, mu, sd = draw_series(rng, panel)
            fh = np.arange(1, int(rng.choice([3, 6, 12])) + 1) if with_fh else None
            f = RNNForecaster(**{**SMALL, **params}, random_state=i).fit(y, fh=fh)
            with warnings.catch_warnings():  # 95% from few errors: warned, still measured
                warnings.simplefilter("ignore", IntervalCoverageWarning)
                table = f.predict_interval(fh=np.arange(1, STEPS + 1), coverage=[0.8, 0.95])
            column = table.columns.get_level_values(0)[0]
            bounds, covered = {}, {}
            for c in (0.8, 0.95):
                lower = table[(column, c, "lower")].to_numpy().reshape(mu.shape)
                upper = table[(column, c, "upper")].to_numpy().reshape(mu.shape)
                bounds[c] = (lower, upper)
                covered[c] = norm.cdf((upper - mu) / sd) - norm.cdf((lower - mu) / sd)
            case = ("panel" if panel else "single", "fh" if with_fh else "no fh")
            out.append((case, covered, bounds))
    return out


@pytest.fixture(scope="module")
def draws():
    with pytest.MonkeyPatch.context() as patch:  # the conformal rule alone
        patch.setattr(_widening, "POOLED_WIDENING", 1.0)
        patch.setattr(_widening, "PRIOR_ERRORS", 0)
        patch.setattr(_widening, "SPREAD_WEIGHT", 0.0)
        return interval_draws()


@pytest.mark.slow  # the draws: most of a minute
def test_intervals_are_nested_and_never_of_zero_width(draws):
    for case, _, bounds in draws:
        (lower80, upper80), (lower95, upper95) = bounds[0.8], bounds[0.95]
        assert ((lower95 <= lower80) & (upper80 <= upper95)).all(), case
        assert (upper80 - lower80 > 0).all(), case  # every series has noise


@pytest.mark.slow  # the draws: most of a minute
def test_mean_coverage_is_within_five_points_of_nominal(draws):
    by_case = {}
    for case, covered, _ in draws:
        by_case.setdefault(case, []).append([covered[0.8].mean(), covered[0.95].mean()])
    report = {case: np.round(np.mean(v, axis=0), 3).tolist() for case, v in by_case.items()}
    mean80, mean95 = np.mean([covered for v in by_case.values() for covered in v], axis=0)
    assert abs(mean80 - 0.80) <= 0.05, (mean80, report)
    assert abs(mean95 - 0.95) <= 0.05, (mean95, report)


# ------------------------------------------------------------- the parts, one at a time
@pytest.mark.slow  # the draws: most of a minute
def test_default_widens_the_intervals_of_few_errors(draws):
    # the first draws again, with the default widening: the single series (few errors,
    # pooled) gets intervals wider by one factor (POOLED_WIDENING times its level shrunk
    # towards the scale over its level) at every step and level, and covers more
    # (the members' spread left out: tests/test_intervals.py)
    assert _widening.POOLED_WIDENING > 1 and _widening.PRIOR_ERRORS > 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_widening, "SPREAD_WEIGHT", 0.0)
        wide = interval_draws(n_draws=1)
    for (case, covered, bounds), (_, covered_wide, bounds_wide) in zip(draws, wide):
        if case != ("single", "fh"):
            continue
        ratios = np.concatenate([
            ((bounds_wide[c][1] - bounds_wide[c][0]) / (bounds[c][1] - bounds[c][0])).ravel()
            for c in (0.8, 0.95)])
        np.testing.assert_allclose(ratios, ratios[0])  # one factor for the series
        assert ratios[0] > 1
        for c in (0.8, 0.95):
            assert covered_wide[c].mean() > covered[c].mean()


def test_quantiles_follow_the_split_conformal_rule():
    # the k-th smallest of N errors is the quantile at k / (N + 1): 2 and 18 of 1..19
    # (19 errors of one step are pooled: as many as before, then widened about their
    # centre, 10)
    errors = np.arange(1.0, 20.0)[:, None]
    with pytest.MonkeyPatch.context() as patch:  # the level as measured, not shrunk
        patch.setattr(_widening, "PRIOR_ERRORS", 0)
        q = Calibration(errors, {None: 1.0}, "holdout").quantiles([0.1, 0.9], np.array([1]))
    assert q[:, 0] == pytest.approx(10.0 + np.array([-8.0, 8.0]) * _widening.POOLED_WIDENING)


@pytest.mark.parametrize("n_errors, warns", [(38, True), (39, False)])
def test_a_quantile_beyond_the_errors_warns(n_errors, warns):
    calibration = Calibration(np.ones((n_errors, 1)), {None: 1.0}, "holdout")
    with warnings.catch_warnings():
        warnings.simplefilter("error", IntervalCoverageWarning)
        if warns:
            with pytest.raises(IntervalCoverageWarning, match=r"needs at least 39 .* has 38"):
                calibration.quantiles([0.025, 0.975], np.array([1]))
        else:
            calibration.quantiles([0.025, 0.975], np.array([1]))


@pytest.mark.parametrize("power", [0.0, 0.5, 1.0])
def test_growth_beyond_the_calibrated_steps_is_measured(power):
    steps = np.arange(1, 7)
    errors = np.array([[-1.0], [1.0]]) * steps**power
    assert growth_exponent(errors) == pytest.approx(power)
    assert growth_exponent(errors[:, :1]) == 0.5  # one step: a random walk's


def test_without_fh_a_season_of_steps_is_calibrated():
    assert calibrated_steps(1, None, 12, [200], "insample") == 12
    assert calibrated_steps(1, None, 1, [200], "insample") == 8
    assert calibrated_steps(3, 5, 12, [200], "insample") == 6  # the fh's, as before
    # a series that one step keeps in the calibration is not left out for more steps
    assert calibrated_steps(1, None, 12, [20, 200], "holdout") < 12
    y = pd.Series(100 + np.random.default_rng(0).standard_normal(120),
                  index=pd.period_range("2000-01", periods=120, freq="M"))
    f = RNNForecaster(**SMALL, random_state=0).fit(y)
    assert f.calibration_.n_steps == 12


def test_auto_calibration_holds_out_where_the_data_are_few():
    assert resolve_calibration("auto", [120], 12, 1) == "holdout"
    assert resolve_calibration("auto", [1000] * 100, 24, 24) == "insample"
    assert resolve_calibration("insample", [120], 12, 1) == "insample"
    y = pd.Series(100 + np.random.default_rng(0).standard_normal(120),
                  index=pd.period_range("2000-01", periods=120, freq="M"))
    f = RNNForecaster(**SMALL, calibration="auto", random_state=0).fit(y, fh=[1, 2, 3])
    assert f.calibration_.method == "holdout"


def test_auto_calibration_too_short_to_hold_out_warns_and_uses_insample():
    y = pd.Series(10 + np.random.default_rng(0).standard_normal(14))
    f = RNNForecaster(window_length=3, hidden_size=4, max_steps=30, calibration="auto",
                      random_state=0)
    with pytest.warns(IntervalCoverageWarning, match=r"too short to hold out 5 steps"):
        f.fit(y, fh=range(1, 6))
    assert f.calibration_.method == "insample"


def test_a_short_seasonal_series_keeps_its_season_in_the_calibration():
    # 72 months of a strong season and noise of sd 2: the calibration's clone, fitted on
    # its first 43-49 values, tested the season again, found none (the test is weak on few
    # seasons), and its flat forecasts' errors made 95% intervals 5-6 times the width the
    # noise needs; it now takes the fit's decision (seasonal_indices(decided=...))
    rng = np.random.default_rng(50000)
    t = np.arange(72)
    y = pd.Series(50 + 10 * np.sin(2 * np.pi * t / 12 + 0.3) + rng.normal(0, 2, 72),
                  index=pd.period_range("2000-01", periods=72, freq="M"))
    forecaster = RNNForecaster(random_state=0).fit(y, fh=np.arange(1, 13))
    assert forecaster.seasonal_[None] is not None
    interval = forecaster.predict_interval(coverage=0.95)
    width = (interval.iloc[:, 1] - interval.iloc[:, 0]).to_numpy()
    ideal = 2 * norm.ppf(0.975) * 2
    assert width.mean() < 2.5 * ideal  # 5.3 times before, 1.4 now
