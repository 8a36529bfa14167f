"""WindowTransformer: scikit-learn conformance, alignment, history, errors, memory."""

import tracemalloc
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils.estimator_checks import (
    check_global_output_transform_pandas,
    check_set_output_transform,
    check_set_output_transform_pandas,
    parametrize_with_checks,
)

from rnnforecast import RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.preprocessing import WindowTransformer
from rnnforecast.preprocessing._windows import make_supervised

# Rows of a time series are not exchangeable: the window of row t is made of
# the rows before it, so reordering rows, or transforming them one at a time,
# changes the windows. These two checks assume independent rows.
ORDER = (
    "windows are made of the preceding rows, so a row's output depends on the "
    "rows before it and on their order"
)
EXPECTED_FAILED = {
    "check_methods_sample_order_invariance": ORDER,
    "check_methods_subset_invariance": ORDER,
}


@parametrize_with_checks(
    [WindowTransformer(3), WindowTransformer(3, flatten=True, add_indicator=False)],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED,
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def hourly_frame(n_steps=60):
    """A sine wave and one covariate on an hourly DatetimeIndex with a frequency."""
    index = pd.date_range("2024-01-01", periods=n_steps, freq="h")
    t = np.arange(n_steps)
    return pd.DataFrame({"y": np.sin(t / 3), "temp": np.cos(t / 5)}, index=index)


def test_pipeline_rows_align_with_targets():
    y = pd.Series(np.sin(np.arange(80) / 3), index=pd.RangeIndex(80))
    X, target = make_supervised(y, horizon=3)
    pipeline = Pipeline(
        [("window", WindowTransformer(6)), ("model", RNNRegressor(hidden_size=4, max_epochs=2))]
    )
    pipeline.fit(X, target)
    assert pipeline.predict(X).shape == (77, 3)
    windows = pipeline["window"].transform(X)
    assert windows.shape == (77, 6, 2)
    np.testing.assert_allclose(windows[:, -1, 0], y[:77], rtol=1e-6)  # the value at t


@pytest.mark.parametrize(
    "index",
    [
        pd.RangeIndex(60),
        pd.period_range("2000-01", periods=60, freq="M"),
        pd.date_range("2024-01-01", periods=60, freq="h"),
    ],
    ids=["range", "period", "datetime"],
)
def test_test_folds_are_windowed_from_the_training_history(index):
    X = hourly_frame().set_axis(index)
    whole = WindowTransformer(12).fit_transform(X)
    for train, test in TimeSeriesSplit(n_splits=3).split(X):
        window = WindowTransformer(12).fit(X.iloc[train])
        windows = window.transform(X.iloc[test])
        np.testing.assert_array_equal(windows, whole[test])
        assert not windows[:, :, -1].any()  # no padding: all steps are known


def test_only_steps_before_any_known_row_are_padded():
    X = hourly_frame()
    window = WindowTransformer(4).fit(X.iloc[:20])
    padding = window.transform(X.iloc[:20])[:, :, -1]
    np.testing.assert_array_equal(padding[:4], [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0] * 4])
    assert not padding[4:].any()
    assert not window.transform(X.iloc[10:30])[:, :, -1].any()  # overlaps the history
    # Rows after a stretch that fit never saw have no history: padded again.
    assert window.transform(X.iloc[30:])[0, :, -1].tolist() == [1, 1, 1, 0]


def test_numpy_input_windows_each_call_on_its_own():
    X = hourly_frame().to_numpy()
    window = WindowTransformer(3).fit(X[:20])
    windows = window.transform(X[20:])
    assert windows[0, :, -1].tolist() == [1.0, 1.0, 0.0]
    np.testing.assert_allclose(windows[2, :, :2], X[20:23], rtol=1e-6)


def test_series_input_and_no_indicator():
    y = pd.Series(np.arange(5.0), name="load")
    window = WindowTransformer(2, add_indicator=False).fit(y)
    assert window.transform(y)[:, :, 0].tolist() == [[0, 0], [0, 1], [1, 2], [2, 3], [3, 4]]
    assert window.get_feature_names_out().tolist() == ["load_lag_1", "load_lag_0"]


def test_windows_are_a_strided_view_of_the_series():
    X = np.random.default_rng(0).normal(size=(20_000, 1))
    window = WindowTransformer(168).fit(X)
    tracemalloc.start()
    windows = window.transform(X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert windows.shape == (20_000, 168, 2) and windows.dtype == np.float32
    assert not windows.flags.writeable and not windows.flags.c_contiguous
    assert peak < (20_000 + 167) * 2 * 4 + 100_000  # the padded base, not N * L * F
    assert windows.nbytes > 100 * peak


def test_fit_through_the_pipeline_does_not_materialise_the_windows():
    """Pipeline -> WindowTransformer -> RNNRegressor keeps the view: batches only."""
    X = pd.DataFrame({"y": np.sin(np.arange(20_000) / 4)})
    target = X["y"].shift(-1).ffill()
    pipeline = Pipeline(
        [
            ("window", WindowTransformer(168)),
            ("model", RNNRegressor(hidden_size=4, step_length=24, max_epochs=1, batch_size=256)),
        ]
    )
    pipeline.fit(X.iloc[:500], target.iloc[:500])  # imports what the first fit imports
    tracemalloc.start()
    pipeline.fit(X, target)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    materialised = 20_000 * 168 * 2 * 4  # 27 MB
    assert peak < materialised / 5, f"peak {peak / 2**20:.1f} MiB of numpy/Python allocations"


def test_flatten_gives_named_lags_for_any_regressor():
    X = hourly_frame(10)
    window = WindowTransformer(3, flatten=True).fit(X)
    flat = window.transform(X)
    assert flat.shape == (10, 9)
    names = window.get_feature_names_out().tolist()
    assert names[:3] == ["y_lag_2", "temp_lag_2", "is_padding_lag_2"]
    assert names[-3:] == ["y_lag_0", "temp_lag_0", "is_padding_lag_0"]
    np.testing.assert_array_equal(flat.astype(np.float32),
                                  WindowTransformer(3).fit_transform(X).reshape(10, -1))
    frame = window.set_output(transform="pandas").transform(X)
    assert list(frame.columns) == names and frame.index.equals(X.index)
    assert frame.loc[X.index[5], "temp_lag_2"] == X["temp"].iloc[3]


def test_one_grid_compares_rnn_with_tabular_models():
    y = pd.Series(np.sin(np.arange(90) / 3), index=pd.RangeIndex(90))
    X, target = make_supervised(y)
    pipeline = Pipeline([("window", WindowTransformer()), ("model", Ridge())])
    grid = [
        {"window__flatten": [False], "model": [RNNRegressor(hidden_size=4, max_epochs=2)]},
        {"window__flatten": [True], "model": [Ridge(), HistGradientBoostingRegressor(max_iter=10)]},
    ]
    grid = [{**params, "window__window_length": [6, 12]} for params in grid]
    search = GridSearchCV(pipeline, grid, cv=TimeSeriesSplit(n_splits=2)).fit(X, target)
    scores = search.cv_results_["mean_test_score"]
    assert len(scores) == 6 and np.isfinite(scores).all()


@pytest.mark.parametrize(
    ("params", "X", "match"),
    [
        (
            {"window_length": 0},
            np.ones((5, 1)),
            r"The 'window_length' parameter of WindowTransformer must be an int in the "
            r"range \[1, inf\)\. Got 0 instead",
        ),
        (
            {"window_length": 6},
            np.ones((5, 1)),
            r"WindowTransformer: window_length=6 is longer than the series given to fit "
            r"\(n_samples=5\)",
        ),
        (
            {},
            np.array([[1.0], [2.0], [np.nan]]),
            r"WindowTransformer: X must be finite \(no NaN or inf\), got \[nan\] at row 2",
        ),
        (
            {},
            np.ones(5),
            r"WindowTransformer: X must have shape \(T, F\) .* got a 1-D array of shape "
            r"\(5,\)\. Reshape your data: X.reshape\(-1, 1\)",
        ),
        (
            {},
            pd.DataFrame({"y": np.ones(4)}, index=[0, 2, 1, 3]),
            r"WindowTransformer: the index of X must be increasing \(oldest row first\), "
            r"got 1 right after 2",
        ),
        (
            {},
            pd.DataFrame({"y": np.ones(4)}, index=[0, 1, 1, 2]),
            r"WindowTransformer: the index of X must be unique.*duplicated labels \[1\]",
        ),
        (
            {},
            pd.DataFrame(
                {"y": np.ones(3)}, index=pd.PeriodIndex(["2000-01", "2000-02", "2000-05"], freq="M")
            ),
            r"WindowTransformer: the index of X must have no gaps \(one row every period of "
            r"'M'\), got Period\('2000-05', 'M'\) right after Period\('2000-02', 'M'\)",
        ),
    ],
)
def test_fit_errors(params, X, match):
    with pytest.raises(ValueError, match=match):
        WindowTransformer(**{"window_length": 2, **params}).fit(X)


def test_a_gap_in_a_datetime_index_without_a_frequency_is_refused():
    # Jan 4 missing, no freq: Jan 3 was taken as Jan 5's previous value without a word (an
    # integer index with the same gap was refused); a regular one without freq is fitted
    days = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-05", "2020-01-06"]
    X = pd.DataFrame({"a": np.arange(5.0)}, index=pd.DatetimeIndex(days))
    match = (r"{}: the index of {} is a DatetimeIndex without a frequency that can be "
             r"inferred \(irregular or gaps\), .* Its most common step is 1 days 00:00:00 but "
             r"2020-01-03 00:00:00 -> 2020-01-05 00:00:00 is 2 days 00:00:00")
    with pytest.raises(ValueError, match=match.format("WindowTransformer", "X")):
        WindowTransformer(2).fit(X)
    with pytest.raises(ValueError, match=match.format("make_supervised", "y")):
        make_supervised(X["a"])
    regular = X.iloc[:3].set_axis(pd.DatetimeIndex(days[:3]))  # freq None, steps equal
    assert regular.index.freq is None
    assert WindowTransformer(2, flatten=True).fit_transform(regular).shape[0] == 3


@pytest.mark.parametrize("X, error, match", [
    (pd.DataFrame({"y": [1.0, 2.0, 3.0], "store": ["a", "b", "c"]}), TypeError,
     r"WindowTransformer: X must be numeric, got categorical data \(dtype '(str|object)'\) in "
     r"column 'store', e.g. 'a' at row 0"),
    (np.array([["1", "a"], ["2", "b"], ["3", "c"]]), ValueError,
     r"WindowTransformer: X must be numeric, got non-numeric data \(could not convert"),
])
def test_text_in_x_is_refused_by_the_transformer_by_name(X, error, match):
    # numpy's bare "could not convert string to float: 'a'" before
    with pytest.raises(error, match=match):
        WindowTransformer(2).fit(X)


def test_a_sparse_matrix_is_named_sparse_not_non_numeric():
    # numbers in a sparse matrix: sklearn's words, not "got non-numeric data"
    import scipy.sparse

    from rnnforecast import RNNRegressor

    X = scipy.sparse.csr_matrix(np.arange(24.0).reshape(12, 2))
    match = r"{}: Sparse data was passed for X, but dense data is required"
    with pytest.raises(TypeError, match=match.format("WindowTransformer")):
        WindowTransformer(2).fit(X)
    with pytest.raises(TypeError, match=match.format("RNNRegressor")):
        RNNRegressor(max_epochs=1).fit(X, np.arange(12.0))


def test_rows_of_another_series_at_fitted_times_warn():
    # the fitted rows before them were taken as their history without a word: store A's
    # sales inside store B's windows
    index = pd.period_range("2020-01", periods=6, freq="M")
    a = pd.DataFrame({"sales": [100.0, 101, 102, 103, 104, 105]}, index=index)
    b = pd.DataFrame({"sales": [1.0, 2, 3, 4, 5, 6]}, index=index)
    windows = WindowTransformer(3, add_indicator=False).fit(a)
    with pytest.warns(UserWarning, match=r"WindowTransformer: X has rows at times seen in fit "
                                         r"but with other values \(at Period\('2020-04', 'M'\): "
                                         r"\[4.0\] against \[103.0\] in fit\)"):
        windows.transform(b.iloc[3:])
    with warnings.catch_warnings():  # the fitted series itself, or its next rows: silent
        warnings.simplefilter("error")
        again = windows.transform(a.iloc[3:])
    np.testing.assert_array_equal(again[:, :, 0], [[101, 102, 103], [102, 103, 104],
                                                   [103, 104, 105]])


def test_transform_errors():
    X = hourly_frame()
    window = WindowTransformer(4).fit(X.iloc[:30])
    # The DatetimeIndex has an hourly frequency: a missing hour is a gap.
    with pytest.raises(
        ValueError,
        match=r"WindowTransformer: the index of X must have no gaps \(one row every 'h'\), "
        r"got Timestamp\('2024-01-02 09:00:00'\) right after Timestamp\('2024-01-02 07:00:00'\)",
    ):
        window.transform(X.iloc[30:].drop(X.index[32]))
    with pytest.raises(ValueError, match=r"WindowTransformer: X must be finite .* at row 1 \("):
        window.transform(X.iloc[30:].assign(temp=[0.0, np.inf] + [0.0] * 28))
    with pytest.raises(ValueError, match=r"X has 1 features, but WindowTransformer is expecting 2"):
        WindowTransformer(4).fit(X.to_numpy()).transform(X.iloc[:, :1].to_numpy())
    with pytest.raises(
        ValueError,
        match=r"WindowTransformer: set_output\(transform='pandas' or 'polars'\) needs "
        r"flatten=True, got flatten=False",
    ):
        window.set_output(transform="pandas").transform(X)


@pytest.mark.filterwarnings("ignore:X (does not have valid|has) feature names")
@pytest.mark.parametrize(
    "check",
    [
        check_set_output_transform,
        check_set_output_transform_pandas,
        check_global_output_transform_pandas,
    ],
)
def test_flattened_windows_support_set_output(check):
    """scikit-learn's set_output checks (not part of check_estimator) pass with flatten=True."""
    check("WindowTransformer", WindowTransformer(3, flatten=True))


# --- issue 12: panels are windowed series by series --------------------------------


def _panel_frame(lengths):
    """Values encode (series, time): 100 * i + t + 1 (never 0, the padding)."""
    index = pd.MultiIndex.from_tuples(
        [(f"s{i}", t) for i, n in enumerate(lengths) for t in range(n)], names=["id", "t"]
    )
    values = [100.0 * i + t + 1 for i, n in enumerate(lengths) for t in range(n)]
    return pd.DataFrame({"y": values}, index=index)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=4), st.integers(1, 4), st.integers(0, 3))
def test_a_window_never_mixes_two_series(lengths, length, n_seen):
    frame = _panel_frame([n + n_seen for n in lengths])
    assume(len(frame) >= length)  # fit refuses windows longer than its rows
    seen = frame[frame.index.get_level_values("t") < n_seen]
    new = frame[frame.index.get_level_values("t") >= n_seen]
    transformer = WindowTransformer(length, add_indicator=False)
    transformer.fit(seen if len(seen) >= length else frame)
    windows = transformer.transform(new)[:, :, 0]
    for (series, t), window in zip(new.index, windows):
        i = int(series[1:])  # steps before the series' start are padding (0), never another series
        expected = [100 * i + s + 1 if s >= 0 else 0.0 for s in range(t - length + 1, t + 1)]
        assert window.tolist() == expected


def test_panel_windows_errors_name_the_series():
    frame = _panel_frame([4, 4]).drop(("s1", 2))
    with pytest.raises(ValueError, match=r"WindowTransformer: the index of X \(series 's1'\) must have no gaps.*got 3 right after 1"):
        WindowTransformer(2).fit(frame)


def test_global_pandas_output_names_the_setting_and_the_fix():
    y = load_airline().to_numpy(dtype=float)
    X, target = y[:-1].reshape(-1, 1), y[1:]
    pipe = Pipeline([
        ("windows", WindowTransformer(window_length=12)),
        ("rnn", RNNRegressor(normalize=True, hidden_size=4, max_epochs=2, random_state=0)),
    ])
    with sklearn.config_context(transform_output="pandas"):
        match = (r"WindowTransformer: sklearn.set_config\(transform_output='pandas'\) is set "
                 r"globally, .* WindowTransformer\(...\).set_output\(transform='default'\)")
        with pytest.raises(ValueError, match=match):
            pipe.fit(X, target)
        pipe.named_steps["windows"].set_output(transform="default")  # the fix it names
        fixed = pipe.fit(X, target).predict(X[-3:])
    expected = clone(pipe).fit(X, target).predict(X[-3:])  # the same outside the setting
    np.testing.assert_allclose(fixed, expected, rtol=1e-6)


@pytest.mark.parametrize("method", ["fit", "transform"])
def test_values_beyond_float32_are_refused_with_the_largest(method):
    """The windows are float32: 1e39 became inf with only a RuntimeWarning."""
    months = pd.period_range("2000-01", periods=6, freq="M")
    X = pd.DataFrame({"y": [1.0, 2.0, 3.0, -4e39, 5e39, 6.0]}, index=months)
    match = (
        r"WindowTransformer: X must be within the float32 range \(\|value\| <= 3.403e\+38\).*"
        r"got -4e\+39 at row 3 \(index Period\('2000-04', 'M'\)\), largest \|value\| 5e\+39"
    )
    window = WindowTransformer(2)
    with pytest.raises(ValueError, match=match):
        if method == "fit":
            window.fit(X)
        else:
            window.fit(X.iloc[:3]).transform(X)


def test_kfold_gaps_in_a_pipeline_point_at_time_ordered_splits():
    # KFold's middle training fold joins the first and last thirds: the series has a gap
    # there, though the data has none; the message says where such gaps come from
    from sklearn.model_selection import KFold, cross_val_score

    from rnnforecast import RNNRegressor
    from rnnforecast.datasets import load_airline

    y = load_airline().to_numpy(dtype=float)
    X, target = pd.DataFrame({"y": y[:-1]}), y[1:]
    pipe = make_pipeline(WindowTransformer(12), RNNRegressor(max_epochs=1, random_state=0))
    with pytest.raises(ValueError, match=r"must have no gaps .* a splitter that leaves rows out "
                                         r"of a training fold, such as KFold, makes such gaps: "
                                         r"use a time-ordered one, e.g. TimeSeriesSplit"):
        cross_val_score(pipe, X, target, cv=KFold(3), error_score="raise")
    scores = cross_val_score(pipe, X, target, cv=TimeSeriesSplit(3), error_score="raise")
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("labels", ["text", "float"])
def test_a_test_fold_without_times_is_refused_not_padded(labels):
    # read_csv(index_col="date") without parse_dates: a test fold's first windows were
    # padded with zeros instead of the training rows before them (MAE 0.18-0.33 against
    # 0.04-0.07 with a PeriodIndex), silently
    y = np.log(load_airline())
    if labels == "text":
        y.index = y.index.to_timestamp().strftime("%Y-%m-%d")
    else:
        y.index = np.arange(len(y)) * 0.5
    window = WindowTransformer(12).fit(y.iloc[:100].to_frame())
    np.testing.assert_array_equal(window.transform(y.iloc[50:60].to_frame()),
                                  window.transform(y.iloc[:100].to_frame())[50:60])
    with pytest.raises(ValueError, match=r"the first row of X .* is not a row seen in fit, and "
                                         r"X's index .* holds no times to tell whether it "
                                         r"follows the fitted rows"):
        window.transform(y.iloc[100:].to_frame())


def test_flattened_windows_keep_float64():
    # float32 lags of values about 3e8 read 300000032 for 300000027: a linear model on
    # such a table scored MAE 151-776 against 4.5-6.0 on float64 lags
    rng = np.random.default_rng(0)
    values = 3e8 + np.cumsum(rng.integers(0, 20, 300)).astype(float)
    X = pd.DataFrame({"y": values}, index=pd.period_range("2000-01-01", periods=300, freq="D"))
    flat = WindowTransformer(3, flatten=True, add_indicator=False).fit(X.iloc[:200])
    table = flat.transform(X.iloc[200:])
    assert table.dtype == np.float64
    np.testing.assert_array_equal(table[:, -1], values[200:])
    np.testing.assert_array_equal(table[0, :2], values[198:200])  # from the fitted rows
    assert flat.transform(X.iloc[200:].astype(np.float32)).dtype == np.float32
    windows = WindowTransformer(3).fit(X).transform(X)
    assert windows.dtype == np.float32  # RNNRegressor's 3-D windows
