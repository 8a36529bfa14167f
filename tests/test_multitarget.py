"""Several target columns forecast by one network (rnnforecast.forecasting._targets)."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from rnnforecast import RNNForecaster
from rnnforecast.forecasting import _widening
from rnnforecast.nn import RNNNet
from rnnforecast.preprocessing import forecast_rounds, stream_panel_windows

ROOT = Path(__file__).resolve().parents[1]
ETTH1 = ROOT.parent / "shared" / "data" / "ett" / "ETTh1.csv"
needs_etth1 = pytest.mark.skipif(not ETTH1.is_file(), reason=f"ETTh1 not found at {ETTH1}")

TINY = dict(window_length=12, hidden_size=4, max_steps=20, combine=None)
CHANNELS = ["independent", "mixing"]


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "multitarget", ROOT / "benchmarks" / "multitarget.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def three_columns(n=60):
    t = np.arange(n)
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.DataFrame(
        {"load": np.sin(t / 3) + 5, "price": np.cos(t / 4) * 2 + 10, "temp": 0.1 * t + 3},
        index=index,
    )


def panel_of(y):
    return pd.concat({"a": y, "b": 2 * y + 1}, names=["store", "time"])


@pytest.fixture(scope="module")
def etth1():
    """Three ETTh1 columns, hourly, standardised with the first 1,000 rows' statistics."""
    frame = pd.read_csv(ETTH1, parse_dates=["date"], index_col="date")
    y = frame[["HUFL", "MUFL", "OT"]].iloc[:1200].asfreq("h")
    train = y.iloc[:1000]
    return (y - train.mean()) / train.std()


# ------------------------------------------------------------------- real data
@needs_etth1
@pytest.mark.parametrize("channels", CHANNELS)
def test_beats_the_naive_forecast_on_etth1(etth1, channels):
    H = 24
    f = RNNForecaster(window_length=48, hidden_size=16, max_steps=300, combine=None,
                      calibration=None, channels=channels, random_state=0)
    f.fit(etth1.iloc[:1000], fh=np.arange(1, H + 1))
    errors, naive = [], []
    for start in range(1000, 1200 - H + 1, H):  # 8 origins over the next 200 hours
        f.update(etth1.iloc[start - H : start]) if start > 1000 else None
        actual = etth1.iloc[start : start + H].to_numpy()
        pred = f.predict()
        assert list(pred.columns) == ["HUFL", "MUFL", "OT"]
        errors.append(np.abs(pred.to_numpy() - actual).mean())
        naive.append(np.abs(etth1.iloc[start - 1].to_numpy() - actual).mean())
    assert np.mean(errors) < 0.9 * np.mean(naive), (np.mean(errors), np.mean(naive))


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
@needs_etth1
def test_a_panel_of_etth1_stretches_beats_the_naive_forecast(etth1):
    # two 500-hour stretches of the same transformer as two series, 3 columns each
    H = 12
    parts = {"first": etth1.iloc[:500], "second": etth1.iloc[600:1100]}
    panel = pd.concat({k: v.reset_index(drop=True) for k, v in parts.items()},
                      names=["stretch", "hour"])
    train = panel.groupby(level=0).head(500 - H)
    f = RNNForecaster(window_length=48, hidden_size=16, max_steps=300, combine=None,
                      calibration=None, random_state=0).fit(train, fh=np.arange(1, H + 1))
    pred = f.predict()
    actual = panel.groupby(level=0).tail(H)
    assert pred.index.equals(actual.index) and list(pred.columns) == list(panel.columns)
    last = train.groupby(level=0).tail(1).to_numpy().repeat(H, axis=0)
    network = np.abs(pred.to_numpy() - actual.to_numpy()).mean()
    naive = np.abs(last - actual.to_numpy()).mean()
    assert network < naive, (network, naive)


# --------------------------------------------------------------- output format
@pytest.mark.parametrize("channels", CHANNELS)
def test_single_series_columns_and_index(channels):
    y = three_columns()
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, fh=[1, 2, 3])
    pred = f.predict()
    assert list(pred.columns) == list(y.columns)
    assert list(pred.index) == list(pd.period_range("2005-01", periods=3, freq="M"))
    assert np.isfinite(pred.to_numpy()).all()
    assert f.target_columns_ == list(y.columns) and f.n_series_ == 1
    assert f.forecaster_.n_series_ == 3  # one series per column


@pytest.mark.parametrize("channels", CHANNELS)
def test_panel_columns_and_index(channels):
    y = panel_of(three_columns())
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, fh=[1, 2])
    pred = f.predict()
    assert list(pred.columns) == list(y.columns)
    assert pred.index.names == ["store", "time"]
    assert pred.index.get_level_values(0).tolist() == ["a", "a", "b", "b"]
    assert pred.index.get_level_values(1).astype(str).tolist() == ["2005-01", "2005-02"] * 2
    # series b is 2 a + 1: each (series, column) keeps its own level
    assert (pred.loc["b"].to_numpy() > pred.loc["a"].to_numpy()).all()


def test_panel_of_interleaved_rows_and_integer_ids():
    y = pd.concat({7: three_columns(), 9: three_columns() + 1}, names=["id", "time"])
    interleaved = y.swaplevel().sort_index().swaplevel()  # rows by time, then series
    a = RNNForecaster(random_state=0, **TINY).fit(y, fh=[1]).predict()
    b = RNNForecaster(random_state=0, **TINY).fit(interleaved, fh=[1]).predict()
    assert a.index.get_level_values(0).tolist() == [7, 9]
    assert a.index.get_level_values(0).dtype == y.index.get_level_values(0).dtype
    pd.testing.assert_frame_equal(a, b)


def test_one_column_frame_is_the_univariate_forecaster():
    y = three_columns()[["load"]]
    a = RNNForecaster(random_state=0, **TINY).fit(y, fh=[1, 2]).predict()
    b = RNNForecaster(random_state=0, **TINY).fit(y["load"], fh=[1, 2]).predict()
    assert isinstance(a, pd.DataFrame) and list(a.columns) == ["load"]
    np.testing.assert_array_equal(a["load"].to_numpy(), b.to_numpy())


@pytest.mark.parametrize("channels", CHANNELS)
def test_same_random_state_same_forecast(channels):
    y = three_columns()
    runs = [RNNForecaster(channels=channels, random_state=s, **TINY).fit(y, fh=[1, 2]).predict()
            for s in (3, 3, 4)]
    pd.testing.assert_frame_equal(runs[0], runs[1])
    assert not np.allclose(runs[0].to_numpy(), runs[2].to_numpy())


def test_the_two_modes_differ():
    y = three_columns()
    a = RNNForecaster(channels="independent", random_state=0, **TINY).fit(y, fh=[1, 2])
    b = RNNForecaster(channels="mixing", random_state=0, **TINY).fit(y, fh=[1, 2])
    assert a.regressor_.net_.module_.n_targets == 1
    assert b.regressor_.net_.module_.n_targets == 3
    assert b.regressor_.net_.module_.output_size == 3 * 2
    assert not np.allclose(a.predict().to_numpy(), b.predict().to_numpy())


@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("panel", [False, True], ids=["single", "panel"])
def test_intervals_per_column_are_nested_and_ordered(channels, panel):
    y = three_columns(80)
    y = panel_of(y) if panel else y
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, fh=[1, 2, 3])
    point = f.predict()
    intervals = f.predict_interval(coverage=[0.5, 0.9])
    assert intervals.index.equals(point.index)
    assert intervals.columns.get_level_values(0).unique().tolist() == list(y.columns)
    for column in y.columns:
        lo50, hi50 = intervals[(column, 0.5, "lower")], intervals[(column, 0.5, "upper")]
        lo90, hi90 = intervals[(column, 0.9, "lower")], intervals[(column, 0.9, "upper")]
        # nested and ordered (each column's own errors may be biased: the point
        # forecast need not lie inside, e.g. a trend the network lags behind)
        assert (lo90 <= lo50).all() and (lo50 < hi50).all() and (hi50 <= hi90).all()
    # each column is calibrated on its own scale: the width follows the column
    width = intervals.xs(0.9, axis=1, level=1)
    widths = {c: float((width[(c, "upper")] - width[(c, "lower")]).mean()) for c in y.columns}
    scaled = three_columns(80).assign(price=lambda d: 100 * d["price"])
    scaled = panel_of(scaled) if panel else scaled
    g = RNNForecaster(channels=channels, random_state=0, **TINY).fit(scaled, fh=[1, 2, 3])
    w = g.predict_interval(coverage=0.9).xs(0.9, axis=1, level=1)
    ratio = float((w[("price", "upper")] - w[("price", "lower")]).mean()) / widths["price"]
    assert 50 < ratio < 200


@pytest.mark.parametrize("channels", CHANNELS)
def test_each_column_is_calibrated_on_its_own_errors(channels, monkeypatch):
    # one column with right-skewed noise, one with symmetric noise: the intervals
    # take each column's own error shape, not one shape shared by the columns (the
    # conformal rule alone: the widening of few errors about each interval's centre
    # evens the two sides about the point forecast)
    monkeypatch.setattr(_widening, "POOLED_WIDENING", 1.0)
    monkeypatch.setattr(_widening, "PRIOR_ERRORS", 0)
    rng = np.random.default_rng(0)
    t = np.arange(150)
    y = pd.DataFrame({"skewed": 10 + np.sin(t / 2) + rng.exponential(1.0, 150) ** 2,
                      "symmetric": 10 + np.sin(t / 2) + rng.normal(0, 1.0, 150)},
                     index=pd.period_range("2000-01", periods=150, freq="M"))
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, fh=[1, 2])
    point, interval = f.predict(), f.predict_interval(coverage=0.8)
    above = {c: (interval[(c, 0.8, "upper")] - point[c]).mean() for c in y}
    below = {c: (point[c] - interval[(c, 0.8, "lower")]).mean() for c in y}
    assert above["skewed"] / below["skewed"] > 1.4
    assert 0.8 < above["symmetric"] / below["symmetric"] < 1.25
    # as many errors per column as a single target column would have
    groups = pd.Series(f.forecaster_.calibration_.groups).value_counts()
    single = RNNForecaster(random_state=0, **TINY).fit(y["skewed"], fh=[1, 2])
    assert groups.to_dict() == {"skewed": len(single.calibration_.errors),
                                "symmetric": len(single.calibration_.errors)}


@pytest.mark.parametrize("channels", CHANNELS)
def test_quantiles_per_column(channels):
    y = three_columns(80)
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, fh=[1, 2])
    q = f.predict_quantiles(alpha=[0.1, 0.5, 0.9])
    assert q.columns.tolist() == [(c, a) for c in y.columns for a in (0.1, 0.5, 0.9)]
    for c in y.columns:
        assert (q[(c, 0.1)] <= q[(c, 0.5)]).all() and (q[(c, 0.5)] <= q[(c, 0.9)]).all()


@pytest.mark.parametrize("channels", CHANNELS)
def test_update_moves_the_forecast_on(channels):
    y = three_columns(72)
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y.iloc[:60], fh=[1, 2])
    f.update(y.iloc[60:])
    pred = f.predict()
    assert list(pred.index.astype(str)) == ["2006-01", "2006-02"]
    # the same as a forecaster fitted on the first 60 rows, then given the rest at once
    g = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y.iloc[:60], fh=[1, 2])
    g.update(y.iloc[60:66]).update(y.iloc[66:])
    pd.testing.assert_frame_equal(pred, g.predict())


@pytest.mark.parametrize("channels", CHANNELS)
def test_future_known_X_is_used(channels):
    y = three_columns(80)
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"promo": rng.randint(0, 2, 83).astype(float)},
                     index=pd.period_range("2000-01", periods=83, freq="M"))
    y = y.assign(load=y["load"] + 3 * X["promo"].shift(0).iloc[:80].to_numpy())
    f = RNNForecaster(channels=channels, random_state=0, **TINY).fit(y, X=X, fh=[1, 2, 3])
    pred = f.predict()  # X's rows after y are the known future
    assert list(pred.columns) == list(y.columns) and np.isfinite(pred.to_numpy()).all()
    other = X.copy()
    other.iloc[80:] = 1 - X.iloc[80:]
    assert not np.allclose(f.predict(X=other)["load"], pred["load"])


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "change, error, message",
    [
        (lambda y: y.set_axis(["load", "load", "temp"], axis=1), ValueError,
         r"RNNForecaster: the target columns of y must have unique names, got \['load'\]"),
        (lambda y: y.assign(price=y["price"].astype(str)), TypeError,
         r"RNNForecaster: .*y must be numeric.*column 'price'"),
        (lambda y: y.assign(price=pd.Categorical(["x", "y"] * 30)), TypeError,
         r"RNNForecaster: .*y must be numeric.*column 'price'"),
        (lambda y: y.assign(temp=y["temp"].where(y.index >= y.index[3])), ValueError,
         r"target columns of y must have the same length, got values from '2000-04' "
         r"to '2004-12' in column 'temp'"),
        (lambda y: y.assign(temp=y["temp"].where(y.index < y.index[-2])), ValueError,
         r"target columns of y must have the same length.*'2000-01' to '2004-10' in column "
         r"'temp'"),
        (lambda y: y.assign(price=np.where(np.arange(60) == 7, np.nan, y["price"])), ValueError,
         r"target columns of y must have no missing values, got 1 NaN in column 'price', "
         r"first at '2000-08'"),
        (lambda y: y.assign(price=np.nan), ValueError,
         r"same length, got no values in column 'price'"),
    ],
    ids=["duplicate", "text", "categorical", "leading-nan", "trailing-nan", "inner-nan",
         "all-nan"],
)
def test_bad_target_columns_are_named(change, error, message):
    with pytest.raises(error, match=message):
        RNNForecaster(**TINY).fit(change(three_columns()), fh=[1])


def test_bad_target_columns_of_a_panel_name_the_series():
    y = panel_of(three_columns())
    y.loc[("b", y.index.get_level_values(1)[0]), "temp"] = np.nan
    with pytest.raises(ValueError, match=r"y of series 'b' must have the same length"):
        RNNForecaster(**TINY).fit(y, fh=[1])


@pytest.mark.parametrize("channels", ["mix", None, "Independent", 2])
def test_unknown_channels_is_refused(channels):
    with pytest.raises(ValueError, match=r"RNNForecaster: channels must be one of "
                                         r"\('independent', 'mixing'\), got"):
        RNNForecaster(channels=channels, **TINY).fit(three_columns(), fh=[1])


def test_update_with_other_columns_is_refused():
    y = three_columns()
    f = RNNForecaster(random_state=0, **TINY).fit(y.iloc[:50], fh=[1])
    with pytest.raises(ValueError, match=r"update must have the target columns seen in fit, "
                                         r"\['load', 'price', 'temp'\], got \['load', 'temp'"):
        f.update(y.iloc[50:][["load", "temp", "price"]].rename(columns={"price": "x"}))
    with pytest.raises(ValueError, match=r"target columns of y in update must have no "
                                         r"missing values"):
        f.update(y.iloc[50:].assign(load=np.where(np.arange(10) == 4, np.nan, 1.0)))
    assert f.cutoff[0] == y.index[49]  # nothing changed


def test_update_of_several_columns_names_a_series_or_missing_values():
    y = three_columns()
    f = RNNForecaster(random_state=0, **TINY).fit(y.iloc[:50], fh=[1])
    # a Series reached pandas internals ("'Series' object has no attribute 'columns'")
    with pytest.raises(ValueError, match=r"update must have the target columns seen in fit, "
                                         r"\['load', 'price', 'temp'\], got a Series \(name "
                                         r"'load'\). Pass a DataFrame"):
        f.update(y.iloc[50:]["load"])
    # NaN in the new rows' first row was "must have the same length"
    new = y.iloc[50:52].copy()
    new.iloc[0, 1] = np.nan
    with pytest.raises(ValueError, match=r"target columns of y in update must have no missing "
                                         r"values, got 1 NaN in column 'price'"):
        f.update(new)
    assert f.cutoff[0] == y.index[49]  # nothing changed


def test_multiindex_columns_are_refused_naming_the_fix():
    y = three_columns()
    y.columns = pd.MultiIndex.from_tuples([("a", c) for c in y.columns])
    with pytest.raises(ValueError, match=r"RNNForecaster: the columns of y must be one level "
                                         r"of names, got a MultiIndex of 2 levels.*Flatten"):
        RNNForecaster(**TINY).fit(y, fh=[1])


def test_update_matches_target_columns_by_name():
    y = three_columns()
    f = RNNForecaster(random_state=0, **TINY).fit(y.iloc[:50], fh=[1, 2])
    g = RNNForecaster(random_state=0, **TINY).fit(y.iloc[:50], fh=[1, 2])
    f.update(y.iloc[50:][["temp", "load", "price"]])  # another order: matched by name
    g.update(y.iloc[50:])
    pd.testing.assert_frame_equal(f.predict(), g.predict())
    assert list(f.predict().columns) == ["load", "price", "temp"]


# ----------------------------------------------------- network and windows
def test_each_target_keeps_its_own_scale_in_the_network(seed):
    torch.manual_seed(seed)
    net = RNNNet(4, 2 * 3, hidden_size=5, normalize=True, n_targets=2)
    x = torch.randn(7, 10, 4)
    scaled = x.clone()
    scaled[..., 1] = 100 * scaled[..., 1] + 5
    a, b = net(x).detach(), net(scaled).detach()
    torch.testing.assert_close(b[:, :3], a[:, :3])  # target 0 unchanged
    torch.testing.assert_close(b[:, 3:], 100 * a[:, 3:] + 5, rtol=1e-4, atol=1e-3)


def test_n_targets_must_fit_the_outputs():
    with pytest.raises(ValueError, match="n_targets must divide output_size"):
        RNNNet(3, 5, n_targets=2)


def test_windows_of_k_targets_hold_them_target_by_target():
    T, k, H, L = 12, 2, 3, 4
    values = np.column_stack([np.arange(T), 100 + np.arange(T)]).astype(float)
    features = np.column_stack([values, np.full(T, -1.0)])  # a covariate after them
    windows = stream_panel_windows([T], 3, [(features, values)], L, H, n_targets=k)
    X, y = windows.take(slice(None))
    assert windows.n_outputs == k * H and y.shape == (len(X), k * H)
    end = int(X[-1, -1, 0])  # the last window ends at this row
    assert y[-1].tolist() == [end + 1, end + 2, end + 3, 101 + end, 102 + end, 103 + end]


def test_forecast_rounds_feed_back_every_target():
    # a "network" that forecasts each target's last value plus 1
    def predict(windows):
        last = windows[:, -1, :2]  # (S, k)
        return np.repeat(last + 1, 2, axis=1)  # (S, k * H), H = 2

    y = np.stack([np.arange(5.0), 10 + np.arange(5.0)], axis=1)[None]  # (1, K, k)
    out = forecast_rounds(predict, y, np.array([0]), 3, 2, rounds=2)
    assert out.shape == (1, 2, 4)
    assert out[0].tolist() == [[5, 5, 6, 6], [15, 15, 16, 16]]


# -------------------------------------------------------------- benchmark
@needs_etth1
def test_smoke_run_of_the_benchmark_prints_the_table(capsys):
    script = _load_script()
    assert script.main(["--smoke", "--methods", "naive", "independent", "mixing"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split()[:3] == ["method", "MSE", "MAE"]
    rows = {line[:28].strip(): [float(v) for v in line[28:].split()] for line in lines[2:]}
    assert list(rows) == ["naive", "independent (1 network)", "mixing (1 network)"]
    assert all(np.isfinite(v).all() and v[0] > 0 for v in rows.values())


@pytest.mark.parametrize("channels", CHANNELS)
def test_past_and_static_covariates_with_several_columns(channels):
    y = panel_of(three_columns(80))
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"temp": rng.randn(160), "size": np.repeat([1.0, 3.0], 80)},
                     index=y.index)
    f = RNNForecaster(channels=channels, past_covariates=["temp"], static_covariates=["size"],
                      random_state=0, **TINY).fit(y, X=X, fh=[1, 2])
    pred = f.predict()  # past-only and static columns: no future X needed
    assert list(pred.columns) == list(y.columns) and len(pred) == 4
    assert np.isfinite(pred.to_numpy()).all()
