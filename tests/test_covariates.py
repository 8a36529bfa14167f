"""Past-only and static covariates of RNNForecaster (issue 19, items 1 and 2).

The accuracy tests build series that follow a covariate's past (y_t = 2 x_{t-3}
+ noise, x an AR(1) process) or a level that a static column encodes, and
check that the covariates beat the same forecaster without them.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from sktime.forecasting.base import ForecastingHorizon

from rnnforecast import RNNForecaster
from rnnforecast.forecasting._covariate_roles import CovariateRoles
from rnnforecast.nn import RNNNet
from rnnforecast.preprocessing import forecast_rounds, tail_rows

FH = [1, 2, 3]
#: Tiny settings for the tests that check behaviour, not accuracy.
TINY = dict(window_length=4, hidden_size=4, max_steps=10, calibration=None, random_state=0)


def _lagged_series(n=200, lag=3, seed=0):
    """y_t = 2 x_{t-lag} + 10 + noise (sd 0.1), x an AR(1) process (phi 0.8)."""
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = 0.8 * x[t - 1] + rng.normal()
    y = np.full(n, 10.0) + 0.1 * rng.normal(size=n)
    y[lag:] += 2 * x[:-lag]
    return y, x


def _single(n=200):
    y, x = _lagged_series(n)
    index = pd.RangeIndex(n)
    return pd.Series(y, index=index, name="y"), pd.DataFrame({"x": x}, index=index)


def _panel(n=150, n_series=3):
    ys, xs = [], []
    for i in range(n_series):
        y, x = _lagged_series(n, seed=10 + i)
        index = pd.MultiIndex.from_product([[f"s{i}"], range(n)], names=["id", "t"])
        ys.append(pd.DataFrame({"y": y}, index=index))
        xs.append(pd.DataFrame({"x": x}, index=index))
    return pd.concat(ys), pd.concat(xs)


def _rolling_mae(with_x, without_x, y, X, start, stop, step=3):
    """MAE over the origins start, start + step, ... of fh 1..3, updating both forecasters."""
    times = _times(y)
    errors = {"with": [], "without": []}
    for origin in range(start, stop - 3 + 1, step):
        if origin > start:
            rows = (times >= origin - step) & (times < origin)
            with_x.update(y[rows], X[rows])
            without_x.update(y[rows])
        actual = np.asarray(y[(times >= origin) & (times < origin + 3)]).ravel()
        for name, f in [("with", with_x), ("without", without_x)]:
            errors[name].append(np.abs(np.asarray(f.predict()).ravel() - actual).mean())
    return float(np.mean(errors["with"])), float(np.mean(errors["without"]))


def _times(data):
    index = data.index
    return np.asarray(index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index)


def _train(data, end):
    return data[_times(data) < end]


# ------------------------------------------------------------------ accuracy
@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_past_covariates_beat_no_x_on_a_series_that_follows_their_past():
    y, X = _single()
    params = dict(window_length=8, hidden_size=16, max_steps=400, calibration=None,
                  combine=None, random_state=0)
    with_x = RNNForecaster(past_covariates=["x"], **params).fit(y[:170], X[:170], fh=FH)
    without_x = RNNForecaster(**params).fit(y[:170], fh=FH)
    mae_with, mae_without = _rolling_mae(with_x, without_x, y, X, 170, 200)
    assert mae_with < 0.6 * mae_without, (mae_with, mae_without)


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_past_covariates_beat_no_x_on_a_panel():
    y, X = _panel()
    params = dict(window_length=8, hidden_size=16, max_steps=400, calibration=None,
                  combine=None, random_state=0)
    with_x = RNNForecaster(past_covariates=["x"], **params)
    with_x.fit(_train(y, 130), _train(X, 130), fh=FH)
    without_x = RNNForecaster(**params).fit(_train(y, 130), fh=FH)
    mae_with, mae_without = _rolling_mae(with_x, without_x, y, X, 130, 150)
    assert mae_with < 0.6 * mae_without, (mae_with, mae_without)


def _levels_panel(n=150, n_series=12, sd=2.0, seed=1):
    """Series i: its level (0, ..., 5, by the static column ``kind``) plus noise of sd 2."""
    rng = np.random.default_rng(seed)
    parts = []
    for i in range(n_series):
        level = float(i % 6)
        index = pd.MultiIndex.from_product([[f"s{i}"], range(n)], names=["id", "t"])
        parts.append(pd.DataFrame(
            {"y": level + sd * rng.normal(size=n), "kind": "abcdef"[i % 6], "size": level},
            index=index,
        ))
    return pd.concat(parts)


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
@pytest.mark.parametrize("column", ["kind", "size"])
def test_static_covariates_beat_none_on_a_panel_whose_levels_they_encode(column):
    data = _levels_panel()
    train = _train(data, 120)
    # levels are what a window's own statistics remove: learnt with normalize=False
    params = dict(window_length=2, hidden_size=8, max_steps=800, calibration=None,
                  combine=None, normalize=False, random_state=0)
    with_x = RNNForecaster(static_covariates=[column], **params)
    with_x.fit(train[["y"]], train[[column]], fh=FH)
    without_x = RNNForecaster(**params).fit(train[["y"]], fh=FH)
    mae_with, mae_without = _rolling_mae(
        with_x, without_x, data[["y"]], data[[column]], 120, 150, step=1
    )
    assert mae_with < 0.93 * mae_without, (mae_with, mae_without)


# ------------------------------------------------------------------ behaviour
def test_absolute_fh_of_a_ragged_panel_sets_the_horizon_from_each_series_end():
    # a series ending 4 steps before the others is 6 steps from the panel's next 2 times:
    # horizon_ was 2, and predict refused ("fit with this fh", which fit had)
    y, X = _panel(n=60)
    keep = ~((y.index.get_level_values(0) == "s1") & (y.index.get_level_values(1) >= 56))
    y, X = y[keep], X[keep]
    fh = ForecastingHorizon([60, 61], is_relative=False)
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y, X, fh=fh)
    assert f.horizon_ == 6
    pred = f.predict()
    assert len(pred) == 6 and np.isfinite(pred.to_numpy()).all()
    assert set(pred.index.get_level_values(1)) == {60, 61}


def test_predict_needs_no_future_rows_of_past_covariates():
    y, X = _single(60)
    X["holiday"] = (np.arange(60) % 7 == 0).astype(float)
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X[:50], fh=FH)
    assert f.covariates_.future == ["holiday"] and f.covariates_.past == ["x"]
    future = X[["holiday"]].iloc[50:53]
    pred = f.predict(X=future)
    assert list(pred.index) == [50, 51, 52] and np.isfinite(pred).all()
    # the past-only column may be given too (its values after the cutoff are ignored)
    full = X.iloc[50:53].assign(x=np.nan)
    pd.testing.assert_series_equal(f.predict(X=full), pred)
    with pytest.raises(ValueError, match=r"future-known columns \['holiday'\]"):
        f.predict()


def test_future_rows_given_in_fit_serve_predict_with_past_covariates():
    y, X = _single(60)
    X["holiday"] = (np.arange(60) % 7 == 0).astype(float)
    X.loc[50:, "x"] = np.nan  # not known after the cutoff
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X, fh=FH)
    pred = f.predict()
    pd.testing.assert_series_equal(pred, f.predict(X=X[["holiday"]].iloc[50:53]))


def test_past_covariates_reach_the_forecast_and_update_moves_them():
    y, X = _single(60)
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X[:50], fh=FH)
    pred = f.predict()
    assert list(pred.index) == [50, 51, 52]
    changed = X[:50].copy()
    changed.iloc[-1, 0] += 5.0
    g = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], changed, fh=FH)
    assert not np.allclose(g.predict(), pred)  # the last past value is in the window
    f.update(y[50:53], X[50:53])
    assert list(f.predict().index) == [53, 54, 55]
    again = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X[:50], fh=FH)
    pd.testing.assert_series_equal(again.predict(), pred)  # same random_state, same forecast


def test_past_covariates_on_a_panel_with_update():
    y, X = _panel(40, 2)
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(_train(y, 30), _train(X, 30), fh=FH)
    pred = f.predict()
    assert pred.shape == (6, 1) and np.isfinite(pred.to_numpy()).all()
    rows = (_times(y) >= 30) & (_times(y) < 32)
    f.update(y[rows], X[rows])
    assert sorted(set(f.predict().index.get_level_values(-1))) == [32, 33, 34]


def test_intervals_with_past_covariates_without_fh_in_fit():
    """Without fh, H = 1 step is calibrated (no steps beyond it can be forecast)."""
    y, X = _single(80)
    params = {**TINY, "calibration": "insample", "horizon": 2}
    f = RNNForecaster(past_covariates=["x"], **params).fit(y[:70], X[:70])
    interval = f.predict_interval(fh=[1, 2], coverage=0.8)
    assert interval.shape == (2, 2)
    assert (interval.iloc[:, 0] <= interval.iloc[:, 1]).all()
    with pytest.raises(ValueError, match=r"past_covariates=\['x'\].*at most horizon_=2"):
        f.predict(fh=[1, 2, 3])


def test_static_covariates_are_encoded_and_fed_unnormalised():
    data = _levels_panel(30, 4)
    train = _train(data, 24)
    f = RNNForecaster(static_covariates=["kind", "size"], **TINY)
    f.fit(train[["y"]], train[["kind", "size"]], fh=FH)
    roles = f.covariates_
    assert roles.static == ["kind", "size"] and roles.time == []
    assert roles.encodings[0] == ("category", ["a", "b", "c", "d"])
    assert roles.encodings[1][0] == "number"
    np.testing.assert_allclose(roles.features["s1"][:4], [0, 1, 0, 0])
    assert f.regressor_.net_.module_.raw_features == roles.n_static_features == 5
    pred = f.predict()
    # given again with the same values, or left out: the same forecast
    later = data[_times(data) >= 24][["kind", "size"]]
    pd.testing.assert_frame_equal(f.predict(X=later), pred)
    f.update(data[_times(data) == 24][["y"]])
    f.update(data[_times(data) == 25][["y"]], data[_times(data) == 25][["kind"]])
    assert sorted(set(f.predict().index.get_level_values(-1))) == [26, 27, 28]


def test_static_columns_of_category_dtype_are_categories():
    data = _levels_panel(30, 4)
    data["code"] = (data["size"] * 10).astype(int).astype("category")
    train = _train(data, 24)
    f = RNNForecaster(static_covariates=["code", "size"], **TINY)
    f.fit(train[["y"]], train[["code", "size"]], fh=FH)
    assert f.covariates_.encodings[0] == ("category", [0, 10, 20, 30])
    np.testing.assert_allclose(f.covariates_.features["s2"][:4], [0, 0, 1, 0])
    assert np.isfinite(f.predict().to_numpy()).all()


def test_static_past_and_future_columns_mixed():
    y, X = _panel(40, 2)
    X["store"] = np.where(X.index.get_level_values(0) == "s0", "big", "small")
    X["promo"] = (np.arange(len(X)) % 5 == 0).astype(float)
    train_y, train_X = _train(y, 30), _train(X, 30)
    f = RNNForecaster(past_covariates=["x"], static_covariates=["store"], **TINY)
    f.fit(train_y, train_X, fh=FH)
    assert (f.covariates_.future, f.covariates_.past, f.covariates_.static) == (
        ["promo"], ["x"], ["store"]
    )
    future = X[(_times(X) >= 30) & (_times(X) < 33)]
    pred = f.predict(X=future[["promo"]])
    pd.testing.assert_frame_equal(f.predict(X=future), pred)
    assert pred.shape == (6, 1) and np.isfinite(pred.to_numpy()).all()


def test_roles_without_x_are_unchanged():
    """No roles: every column of X future-known, as before."""
    roles = CovariateRoles(["a", "b"], [], [])
    assert roles.future == roles.time == ["a", "b"] and roles.n_static_features == 0


# ------------------------------------------------------------------ bad input
def test_past_column_with_gaps_is_refused():
    y, X = _single(60)
    X.iloc[20, 0] = np.nan
    f = RNNForecaster(past_covariates=["x"], **TINY)
    with pytest.raises(ValueError, match=r"RNNForecaster: past-only column 'x' "
                       r"\(past_covariates\) must have no gaps, got 1 missing value\(s\), "
                       r"first at 20"):
        f.fit(y[:50], X[:50], fh=FH)


def test_past_column_that_stops_before_the_cutoff_is_refused():
    y, X = _single(60)
    X.iloc[47:, 0] = np.nan
    f = RNNForecaster(past_covariates=["x"], **TINY)
    with pytest.raises(ValueError, match=r"past-only column 'x' \(past_covariates\) must "
                       r"have a value at every time of y up to the cutoff, got its last value "
                       r"at 46, before y's last time 49"):
        f.fit(y[:50], X[:50], fh=FH)


def test_past_column_that_stops_before_the_cutoff_of_update_is_refused():
    y, X = _single(60)
    X.loc[50:, "x"] = np.nan
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X, fh=FH)
    with pytest.raises(ValueError, match=r"past-only column 'x' \(past_covariates\).*no value"):
        f.update(y[50:52])


def test_names_not_in_x_are_refused():
    y, X = _single(60)
    for name in ["past_covariates", "static_covariates"]:
        f = RNNForecaster(**{name: ["temperature"]}, **TINY)
        with pytest.raises(ValueError, match=rf"RNNForecaster: {name} must name columns of "
                           r"X, got \['temperature'\], not among the columns of X \['x'\]"):
            f.fit(y[:50], X[:50], fh=FH)


def test_a_column_in_both_lists_is_refused():
    y, X = _single(60)
    f = RNNForecaster(past_covariates=["x"], static_covariates=["x"], **TINY)
    with pytest.raises(ValueError, match=r"a column is either past-only or static, got "
                       r"\['x'\] in both past_covariates"):
        f.fit(y[:50], X[:50], fh=FH)


def test_a_bare_string_is_refused():
    y, X = _single(60)
    f = RNNForecaster(past_covariates="x", **TINY)
    with pytest.raises(TypeError, match=r"past_covariates must be a list of column names "
                       r"of X or None, got 'x'. Pass e.g. past_covariates=\['x'\]"):
        f.fit(y[:50], X[:50], fh=FH)


def test_static_column_that_varies_within_a_series_is_refused():
    data = _levels_panel(30, 4)
    data.loc[("s1", 5), "kind"] = "z"
    f = RNNForecaster(static_covariates=["kind"], **TINY)
    with pytest.raises(ValueError, match=r"static column 'kind' \(static_covariates\) must "
                       r"be constant within each series, got 2 values for series 's1'"):
        f.fit(data[["y"]], data[["kind"]], fh=FH)


def test_static_value_changed_after_fit_is_refused():
    data = _levels_panel(30, 4)
    train = _train(data, 24)
    f = RNNForecaster(static_covariates=["kind"], **TINY)
    f.fit(train[["y"]], train[["kind"]], fh=FH)
    later = data[_times(data) >= 24][["kind"]].copy()
    later.loc["s0", "kind"] = "q"
    with pytest.raises(ValueError, match=r"static column 'kind' \(static_covariates\) of "
                       r"series 's0' was 'a' in fit, got 'q' in predict"):
        f.predict(X=later)


@pytest.mark.parametrize("name", ["past_covariates", "static_covariates"])
def test_roles_without_x_in_fit_are_refused(name):
    y, _ = _single(60)
    f = RNNForecaster(**{name: ["x"]}, **TINY)
    with pytest.raises(ValueError, match=rf"RNNForecaster: {name}=\['x'\] names columns of "
                       r"X, but fit got X=None"):
        f.fit(y[:50], fh=FH)


def test_fh_beyond_the_horizon_with_past_covariates_is_refused_in_fit():
    y, X = _single(60)
    f = RNNForecaster(past_covariates=["x"], horizon=2, **TINY)
    with pytest.raises(ValueError, match=r"horizon must cover fh, got horizon=2 and fh up "
                       r"to 3"):
        f.fit(y[:50], X[:50], fh=FH)


def test_fh_beyond_the_horizon_with_past_covariates_is_refused_in_predict():
    y, X = _single(60)
    f = RNNForecaster(past_covariates=["x"], **TINY).fit(y[:50], X[:50], fh=[1, 2])
    with pytest.raises(ValueError, match=r"at most horizon_=2 step\(s\), all directly.*"
                       r"got fh up to 4. Fit with this fh"):
        f.predict(fh=[1, 4])


# ------------------------------------------------------------------ the parts
def test_raw_features_are_not_erased_by_normalisation():
    torch.manual_seed(0)
    net = RNNNet(input_size=3, output_size=2, hidden_size=4, normalize=True,
                 padding_flag=True, raw_features=1)
    x = torch.randn(5, 6, 3)
    x[..., 2] = 0.0  # no padding
    x[..., 1] = 1.0
    other = x.clone()
    other[..., 1] = -1.0
    assert not torch.allclose(net(x), net(other))
    plain = RNNNet(input_size=3, output_size=2, hidden_size=4, normalize=True, padding_flag=True)
    plain.load_state_dict(net.state_dict())
    assert torch.allclose(plain(x), plain(other))  # a constant is 0 once standardised
    assert "raw_features=1" in repr(net)
    with pytest.raises(ValueError, match=r"raw_features must be an int in \[0, 2\).*got 2"):
        RNNNet(input_size=3, output_size=1, padding_flag=True, raw_features=2)


def test_forecast_rounds_with_lagged_and_static_features():
    S, K, L, H = 2, 5, 4, 2
    y = np.arange(S * K, dtype=float).reshape(S, K)
    pad = np.array([0, 2])
    lagged = tail_rows([np.arange(K)[:, None], np.arange(3)[:, None] + 10.0], pad, K)
    np.testing.assert_array_equal(lagged[1, :, 0], [10, 10, 10, 11, 12])
    static = np.array([[1.0], [2.0]])
    seen = []

    def predict(windows):
        seen.append(windows)
        return np.zeros((len(windows), H))

    forecast_rounds(predict, y, pad, L, H, 1, lagged=lagged, static=static)
    window = seen[0]
    assert window.shape == (S, L, 4)  # y, lagged, static, flag
    np.testing.assert_array_equal(window[1, :, 1], [10, 10, 11, 12])
    np.testing.assert_array_equal(window[:, :, 2], [[1] * 4, [2] * 4])
    np.testing.assert_array_equal(window[1, :, 3], [1, 0, 0, 0])
    with pytest.raises(ValueError, match="one round of 2 steps can be forecast, got rounds=2"):
        forecast_rounds(predict, y, pad, L, H, 2, lagged=lagged)


def test_past_column_whose_rows_stop_before_the_cutoff_is_refused():
    y, X = _single(60)
    f = RNNForecaster(past_covariates=["x"], **TINY)
    with pytest.raises(ValueError, match=r"past-only column 'x' \(past_covariates\) must "
                       r"have a value at every time of y up to the cutoff, got its last value "
                       r"at 44, before y's last time 49"):
        f.fit(y[:50], X[:45], fh=FH)


def test_a_missing_value_of_a_future_known_column_is_named():
    # sktime's own message named neither the column nor the time
    y = pd.Series(np.sin(np.arange(60) / 3) + 5)
    X = pd.DataFrame({"t": np.arange(63.0), "u": np.arange(63.0)})
    X.loc[10, "u"] = np.nan
    with pytest.raises(ValueError, match=r"RNNForecaster: column 'u' of X \(a future-known "
                                         r"covariate\) must have no missing values at the times "
                                         r"of y, got 1, first at 10\."):
        RNNForecaster(max_steps=5).fit(y, X=X, fh=[1, 2, 3])
    panel = pd.concat({k: y * (k + 1) for k in range(2)}, names=["s", "t"]).to_frame("y")
    rows = pd.concat({k: X for k in range(2)}, names=["s", "t"]).loc[panel.index]
    with pytest.raises(ValueError, match=r"column 'u' of X .* got 2, first at \(0, 10\)\."):
        RNNForecaster(max_steps=5).fit(panel, X=rows, fh=[1])


def test_update_names_a_wrongly_indexed_or_incomplete_X():
    # an X of another index kind raised pandas' "'<' not supported between instances of
    # 'int' and 'Period'"; an X without a column said its values were missing
    index = pd.period_range("2010-01", periods=63, freq="M")
    y = pd.Series(10 + np.sin(np.arange(63)), index=index)
    X = pd.DataFrame({"a": np.cos(np.arange(63)), "p": np.arange(63.0)}, index=index)
    f = RNNForecaster(past_covariates=["p"], combine=None, **TINY).fit(y[:57], X[:57], fh=FH)
    with pytest.raises(TypeError, match=r"the index of X in update must be of the kind seen "
                                        r"in fit \(period\), got RangeIndex"):
        f.update(y[57:60], X[57:60].reset_index(drop=True))
    with pytest.raises(ValueError, match=r"X in update must have the columns of X in fit, "
                                         r"\['a', 'p'\]; got none named \['a'\]"):
        f.update(y[57:60], X[["p"]][57:60])
    quarterly = pd.DataFrame({"a": np.arange(21.0)},
                             index=pd.period_range("2010Q1", periods=21, freq="Q"))
    with pytest.raises(ValueError, match=r"X is indexed by 'Q-DEC' periods, y by 'M': resample"):
        RNNForecaster(combine=None, **TINY).fit(y[:57], quarterly, fh=FH)
    f.update(y[57:60], X[57:60])  # and as fitted: fine
    assert f.cutoff[0] == index[59]


def test_x_given_to_predict_or_update_after_a_fit_without_x_warns():
    y, X = _single(60)
    forecaster = RNNForecaster(**TINY).fit(y[:50], fh=FH)
    with pytest.warns(UserWarning, match=r"X was given to predict, but fit had no X, so the "
                      r"forecast does not use it \(columns \['x'\]\)"):
        with_x = forecaster.predict(X=X[50:53])
    pd.testing.assert_series_equal(with_x, forecaster.predict())  # and it is not used
    with pytest.warns(UserWarning, match="X was given to update, but fit had no X"):
        forecaster.update(y[50:52], X=X[50:52])


def test_columns_of_x_that_fit_did_not_see_warn():
    y, X = _single(60)
    forecaster = RNNForecaster(**TINY).fit(y[:50], X=X[:50], fh=FH)
    extra = X.assign(z=1.0)
    with pytest.warns(UserWarning, match=r"X of predict has columns that fit did not see, so "
                      r"the forecast does not use them: \['z'\] \(fit's X: \['x'\]\)"):
        forecaster.predict(X=extra[50:53])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the columns of fit: no warning
        forecaster.predict(X=X[50:53])
