"""rnnforecast.windows: windows against plain loops, alignment, errors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnforecast.preprocessing import WindowTransformer
from rnnforecast.preprocessing._windows import make_supervised, padded_windows, sliding_windows

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def series_and_window(draw, max_features=3):
    """A (T, F) float array and a window length L."""
    n_steps = draw(st.integers(1, 20))
    n_features = draw(st.integers(1, max_features))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    values = rng.normal(size=(n_steps, n_features))
    return values, draw(st.integers(1, 25))


@SETTINGS
@given(series_and_window())
def test_sliding_windows_match_loop(case):
    values, length = case
    if length > len(values):
        return
    windows = sliding_windows(values, length)
    loop = [[values[i + j] for j in range(length)] for i in range(len(values) - length + 1)]
    np.testing.assert_array_equal(windows, np.array(loop))
    np.testing.assert_array_equal(sliding_windows(values[:, 0], length), np.array(loop)[:, :, 0])
    assert not windows.flags.writeable
    assert np.shares_memory(windows, values)


@SETTINGS
@given(series_and_window(), st.integers(0, 30), st.booleans())
def test_padded_windows_match_loop(case, n_history, add_indicator):
    values, length = case
    rng = np.random.default_rng(n_history)
    history = rng.normal(size=(n_history, values.shape[1]))
    windows = padded_windows(values, length, history=history, add_indicator=add_indicator)
    known = np.concatenate([history, values])
    expected = []
    for t in range(len(values)):
        window = []
        for k in range(length - 1, -1, -1):  # oldest step first
            row = n_history + t - k
            step = list(known[row]) + [0.0] if row >= 0 else [0.0] * values.shape[1] + [1.0]
            window.append(step if add_indicator else step[:-1])
        expected.append(window)
    np.testing.assert_allclose(windows, np.array(expected, dtype=np.float32))
    assert windows.dtype == np.float32
    assert not windows.flags.writeable


@SETTINGS
@given(st.integers(2, 30), st.integers(1, 6), st.integers(0, 2))
def test_make_supervised_alignment(n_steps, horizon, n_covariates):
    if horizon >= n_steps:
        return
    y = np.arange(n_steps, dtype=float) * 10
    X = np.arange(n_steps * n_covariates, dtype=float).reshape(n_steps, n_covariates)
    features, targets = make_supervised(y, horizon, X if n_covariates else None)
    assert features.shape == (n_steps - horizon, 1 + n_covariates)
    for t in range(n_steps - horizon):
        assert features[t, 0] == y[t]
        np.testing.assert_array_equal(features[t, 1:], X[t])
        future = [y[t + h] for h in range(1, horizon + 1)]
        np.testing.assert_array_equal(np.atleast_1d(targets[t]), future)
    assert targets.ndim == (1 if horizon == 1 else 2)


@SETTINGS
@given(st.integers(2, 30), st.integers(1, 5), st.integers(1, 12))
def test_windows_and_targets_are_aligned(n_steps, horizon, length):
    """Through make_supervised and WindowTransformer, row t sees y[..t] and predicts y[t+1..]."""
    if horizon >= n_steps:
        return
    y = pd.Series(np.arange(1.0, n_steps + 1), index=pd.RangeIndex(n_steps))
    features, targets = make_supervised(y, horizon)
    length = min(length, len(features))
    windows = WindowTransformer(length).fit_transform(features)
    assert len(windows) == len(targets)
    for t in range(len(windows)):
        for k in range(length):
            value, is_padding = windows[t, length - 1 - k]
            assert (value, is_padding) == ((y[t - k], 0.0) if t >= k else (0.0, 1.0))
        future = np.atleast_1d(targets.iloc[t].to_numpy() if horizon > 1 else targets.iloc[t])
        np.testing.assert_array_equal(future, y.to_numpy()[t + 1 : t + 1 + horizon])


@SETTINGS
@given(st.integers(3, 40), st.integers(1, 12), st.data())
def test_split_windows_equal_whole_series_windows(n_steps, length, data):
    """Windows of a later fold, after fit on an earlier one, are those of the whole series."""
    split = data.draw(st.integers(length, n_steps) if length <= n_steps else st.just(None))
    if split is None:
        return
    start = data.draw(st.integers(0, min(split, n_steps - 1)))  # overlap or follow
    index = pd.period_range("2000-01", periods=n_steps, freq="M")
    frame = pd.DataFrame({"y": np.sin(np.arange(n_steps)), "x": np.arange(n_steps)}, index)
    whole = WindowTransformer(length).fit_transform(frame)
    window = WindowTransformer(length).fit(frame.iloc[:split])
    np.testing.assert_array_equal(window.transform(frame.iloc[start:]), whole[start:])


def test_make_supervised_pandas_out():
    index = pd.date_range("2020-01-01", periods=6, freq="D")
    y = pd.Series(np.arange(6.0), index=index, name="load")
    X = pd.DataFrame({"temp": np.arange(6.0) + 100}, index=index)
    features, targets = make_supervised(y, 2, X)
    assert list(features.columns) == ["y", "temp"]
    assert features.index.equals(index[:4])
    assert list(targets.columns) == ["y_step_1", "y_step_2"]
    assert targets.loc["2020-01-02"].tolist() == [2.0, 3.0]
    features, target = make_supervised(y)
    assert isinstance(target, pd.Series) and target.name == "y_step_1"
    assert target.index.equals(index[:5])


def test_make_supervised_takes_a_column_as_one_series():
    # sklearn's habit: y as a column of shape (T, 1), like a one-column DataFrame
    y = np.sin(np.arange(12.0))
    for column in (y[:, None], pd.DataFrame({"y": y})):
        features, targets = make_supervised(column, 3)
        expected = make_supervised(y, 3)
        np.testing.assert_array_equal(np.asarray(features), expected[0])
        np.testing.assert_array_equal(np.asarray(targets), expected[1])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"horizon": 0}, r"make_supervised: horizon must be an integer >= 1.*got 0"),
        ({"horizon": 2.5}, r"horizon must be an integer >= 1.*got 2\.5"),
        ({"horizon": 5}, r"make_supervised: horizon=5 leaves no row: y has 5 values"),
        ({"y": [0.0, np.nan, 2.0]}, r"make_supervised: y must be finite.*got \[nan\] at row 1"),
        ({"y": np.ones((5, 2))}, r"make_supervised: y must be one series of shape \(T,\) or \(T, 1\), got an array of shape \(5, 2\)"),
        ({"X": np.ones((4, 1))}, r"make_supervised: X must have shape \(T, k\) with T = 5"),
        ({"X": np.array([1.0, 2, np.inf, 4, 5])}, r"X must be finite.*got \[inf\] at row 2"),
    ],
)
def test_make_supervised_errors(kwargs, match):
    kwargs = {"y": np.arange(5.0), **kwargs}
    with pytest.raises(ValueError, match=match):
        make_supervised(**kwargs)


@pytest.mark.parametrize(
    ("index", "match"),
    [
        (pd.Index([0, 2, 1, 3]), r"index of y must be increasing.*got 1 right after 2"),
        (pd.Index([0, 1, 1, 2]), r"index of y must be unique.*duplicated labels \[1\]"),
        (
            pd.PeriodIndex(["2000-01", "2000-02", "2000-04", "2000-05"], freq="M"),
            r"index of y must have no gaps \(one row every period of 'M'\), got "
            r"Period\('2000-04', 'M'\) right after Period\('2000-02', 'M'\)",
        ),
    ],
)
def test_make_supervised_index_errors(index, match):
    y = pd.Series(np.arange(4.0), index=index)
    with pytest.raises(ValueError, match="make_supervised: the " + match):
        make_supervised(y)


def test_make_supervised_covariates_need_y_index():
    y = pd.Series(np.arange(4.0))
    X = pd.DataFrame({"a": np.arange(4.0)}, index=np.arange(1, 5))
    with pytest.raises(ValueError, match=r"make_supervised: X must have the index of y"):
        make_supervised(y, X=X)
    with pytest.raises(ValueError, match=r"columns of X must be unique and differ from 'y'"):
        make_supervised(y, X=pd.DataFrame({"y": np.arange(4.0)}))


@pytest.mark.parametrize(
    ("length", "match"),
    [
        (0, r"sliding_windows: window_length must be an integer >= 1, got 0"),
        (6, r"sliding_windows: window_length=6 is longer than the series, which has 5"),
    ],
)
def test_sliding_windows_errors(length, match):
    with pytest.raises(ValueError, match=match):
        sliding_windows(np.arange(5.0), length)


# --- issue 12: panels are made into rows series by series -------------------------


def _panel(lengths, start=0):
    """A (series, time) panel whose values encode (series, time): 100 * i + t."""
    index = pd.MultiIndex.from_tuples(
        [(f"s{i}", start + t) for i, n in enumerate(lengths) for t in range(n)], names=["id", "t"]
    )
    values = [100.0 * i + t for i, n in enumerate(lengths) for t in range(n)]
    return pd.Series(values, index=index, name="y")


def test_make_supervised_panel_never_takes_a_target_from_another_series():
    y = _panel([5, 5])
    features, targets = make_supervised(y, horizon=1)
    assert ("s0", 4) not in features.index  # its target would be s1's first value
    assert targets.loc[("s0", 3)] == 4.0 and targets.loc[("s1", 0)] == 101.0
    assert list(features.index.get_level_values("id")) == ["s0"] * 4 + ["s1"] * 4


@SETTINGS
@given(st.lists(st.integers(2, 8), min_size=1, max_size=4), st.integers(1, 3), st.booleans())
def test_make_supervised_panel_rows_stay_within_their_series(lengths, horizon, with_x):
    lengths = [n + horizon for n in lengths]
    y = _panel(lengths)
    X = pd.DataFrame({"x": -y.to_numpy()}, index=y.index) if with_x else None
    features, targets = make_supervised(y, horizon=horizon, X=X)
    targets = targets.to_frame() if horizon == 1 else targets
    assert len(features) == sum(n - horizon for n in lengths)
    for (series, t), row in targets.iterrows():
        i = int(series[1:])
        assert features.loc[(series, t), "y"] == 100 * i + t
        assert row.tolist() == [100 * i + t + h for h in range(1, horizon + 1)]


def test_make_supervised_panel_errors_name_the_series():
    y = _panel([5, 5]).drop(("s1", 2))
    with pytest.raises(ValueError, match=r"make_supervised: the index of y \(series 's1'\) must have no gaps.*got 3 right after 1"):
        make_supervised(y)
    with pytest.raises(ValueError, match=r"make_supervised: horizon=3 leaves no row: y \(series 's1'\) has 2 values"):
        make_supervised(_panel([5, 2]), horizon=3)
    y = _panel([3, 3])
    with pytest.raises(ValueError, match=r"make_supervised: X must have the index of y .* when y is a panel"):
        make_supervised(y, X=pd.DataFrame({"x": np.arange(6.0)}))


def test_make_supervised_panel_of_integer_and_tuple_ids():
    # a panel's series ids as labels: integers (a scalar key under pandas 2 and 3) and
    # hierarchical ids (tuples), both named by the errors
    y = _panel([4, 4]).rename(index={"s0": 7, "s1": 9}, level="id")
    features, targets = make_supervised(y, horizon=1)
    assert list(features.index.get_level_values("id")) == [7] * 3 + [9] * 3
    assert targets.loc[(9, 0)] == 101.0
    with pytest.raises(ValueError, match=r"horizon=3 leaves no row: y \(series 9\) has 2 values"):
        make_supervised(y.drop([(9, 2), (9, 3)]), horizon=3)
    deep = pd.Series(y.to_numpy(), index=pd.MultiIndex.from_tuples(
        [("g", key, t) for key, t in y.index], names=["group", "id", "t"]))
    with pytest.raises(ValueError, match=r"y \(series \('g', 9\)\) has 2 values"):
        make_supervised(deep.drop([("g", 9, 2), ("g", 9, 3)]), horizon=3)


def test_make_supervised_integer_index_with_a_missing_label():
    y = pd.Series(np.arange(4.0), index=[10, 11, 13, 14])
    with pytest.raises(ValueError, match=r"make_supervised: the index of y must have no gaps \(one row every 1\), got 13 right after 11"):
        make_supervised(y)
    features, _ = make_supervised(pd.Series(np.arange(4.0), index=[0, 2, 4, 6]))
    assert list(features.index) == [0, 2, 4]
