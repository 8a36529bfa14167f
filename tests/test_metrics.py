from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnforecast.metrics import mase, owa, smape

M4_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "m4"


# --- smape -------------------------------------------------------------------


def test_smape_one_series():
    expected = np.mean([200 * 10 / 210, 200 * 20 / 380])
    assert smape([100.0, 200.0], [110.0, 180.0]) == pytest.approx(expected)


def test_smape_perfect_forecast_is_zero_even_at_zero():
    assert smape([0.0, 3.0], [0.0, 3.0]) == 0.0


def test_smape_is_bounded_by_200():
    assert smape([1.0, -1.0], [-1.0, 1.0]) == pytest.approx(200.0)


def test_smape_panel_is_mean_of_per_series_values():
    y_true = np.array([[1.0, 2.0], [3.0, 5.0]])
    y_pred = np.array([[2.0, 2.0], [3.0, 4.0]])
    per_series = [smape(t, p) for t, p in zip(y_true, y_pred)]
    assert smape(y_true, y_pred) == pytest.approx(np.mean(per_series))


def test_smape_is_symmetric_in_its_arguments():
    rng = np.random.RandomState(0)
    a, b = rng.rand(3, 5) + 0.1, rng.rand(3, 5) + 0.1
    assert smape(a, b) == pytest.approx(smape(b, a))


def test_smape_returns_python_float():
    assert type(smape([1.0], [2.0])) is float


@pytest.mark.parametrize(
    ("y_true", "y_pred", "match"),
    [
        ([1.0, 2.0], [1.0], r"y_true and y_pred must have the same shape.*2.*1"),
        ([1.0, np.nan], [1.0, 2.0], r"y_true must hold finite values.*1"),
        ([1.0, 2.0], [np.inf, 2.0], r"y_pred must hold finite values"),
        ([], [], r"y_true must not be empty"),
        (np.ones((2, 2, 2)), np.ones((2, 2, 2)), r"y_true must be 1-D .* ndim=3"),
        (["a", "b"], [1.0, 2.0], r"y_true must be numeric"),
    ],
)
def test_smape_rejects_bad_input(y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        smape(y_true, y_pred)


# --- mase --------------------------------------------------------------------


def test_mase_one_series():
    # in-sample naive error |diff| = 1, forecast error mean = 0.5
    assert mase([5.0, 6.0], [4.0, 6.0], y_train=[1.0, 2.0, 3.0, 4.0]) == 0.5


def test_mase_uses_seasonal_period():
    y_train = np.array([1.0, 5.0, 2.0, 7.0])  # |y[t] - y[t-2]| = 1, 2
    assert mase([3.0], [6.0], y_train, m=2) == pytest.approx(3.0 / 1.5)


def test_mase_panel_with_ragged_training_series():
    y_train = [np.array([1.0, 3.0]), np.array([1.0, 2.0, 3.0])]
    value = mase([[5.0], [5.0]], [[4.0], [7.0]], y_train)
    assert value == pytest.approx(np.mean([1.0 / 2.0, 2.0 / 1.0]))


def test_mase_panel_accepts_2d_training_array():
    y_train = np.array([[1.0, 2.0, 4.0], [0.0, 2.0, 4.0]])
    value = mase(np.ones((2, 3)), np.zeros((2, 3)), y_train)
    assert value == pytest.approx(np.mean([1.0 / 1.5, 1.0 / 2.0]))


@pytest.mark.parametrize("m", [0, -1, 1.5, True, "24"])
def test_mase_rejects_bad_period(m):
    with pytest.raises(ValueError, match=rf"m must be an integer >= 1.*m={m!r}"):
        mase([1.0], [1.0], [1.0, 2.0, 3.0], m=m)


def test_mase_rejects_training_series_not_longer_than_m():
    with pytest.raises(ValueError, match=r"y_train must be longer than .*m=3.*got 3"):
        mase([1.0], [1.0], [1.0, 2.0, 3.0], m=3)


def test_mase_names_the_short_series_of_a_panel():
    with pytest.raises(ValueError, match=r"y_train\[1\] must be longer"):
        mase([[1.0], [1.0]], [[1.0], [1.0]], [[1.0, 2.0], [1.0]])


def test_mase_rejects_periodic_training_series():
    with pytest.raises(ValueError, match=r"y_train has a zero seasonal naive"):
        mase([1.0], [1.0], [2.0, 2.0, 2.0])


@pytest.mark.parametrize(
    ("y_true", "y_pred", "y_train", "match"),
    [
        ([1.0], [1.0], [1.0, np.nan, 3.0], r"y_train must hold finite values"),
        ([1.0, 2.0], [1.0], [1.0, 2.0], r"y_true and y_pred must have the same shape"),
        ([1.0], [1.0], [[1.0, 2.0]], r"y_train must be 1-D .* \(1, 2\)"),
        ([[1.0]], [[1.0]], [1.0, 2.0], r"y_train must hold one training .* got 2"),
        ([[1.0]], [[1.0]], np.array([1.0, 2.0]), r"y_train must be a 2-D array"),
    ],
)
def test_mase_rejects_bad_input(y_true, y_pred, y_train, match):
    with pytest.raises(ValueError, match=match):
        mase(y_true, y_pred, y_train)


# --- owa ---------------------------------------------------------------------


def test_owa_of_naive2_is_one():
    assert owa(18.383, 2.395, 18.383, 2.395) == 1.0


def test_owa_is_mean_of_relative_errors():
    assert owa(10.0, 3.0, smape_naive2=20.0, mase_naive2=2.0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"smape_naive2": 0.0}, r"smape_naive2 must be > 0.*0\.0"),
        ({"mase_naive2": -1.0}, r"mase_naive2 must be > 0.*-1\.0"),
        ({"smape_value": np.nan}, r"smape_value must be finite.*nan"),
        ({"mase_value": -0.5}, r"mase_value must be >= 0.*-0\.5"),
        ({"mase_value": "x"}, r"mase_value must be a real number.*'x'"),
    ],
)
def test_owa_rejects_bad_values(kwargs, match):
    values = dict(smape_value=1.0, mase_value=1.0, smape_naive2=2.0, mase_naive2=2.0)
    values.update(kwargs)
    with pytest.raises(ValueError, match=match):
        owa(**values)


# --- the official M4 Hourly figures -------------------------------------------


def _read_m4_rows(path):
    frame = pd.read_csv(path, index_col=0)
    return frame.index.astype(str), frame.to_numpy(dtype=float)


@pytest.fixture(scope="module")
def m4_hourly():
    if not M4_DIR.is_dir():
        pytest.skip(f"M4 Hourly data not found at {M4_DIR} (shared data folder absent)")
    train_ids, train = _read_m4_rows(M4_DIR / "Hourly-train.csv")
    test_ids, test = _read_m4_rows(M4_DIR / "Hourly-test.csv")
    assert list(train_ids) == list(test_ids)
    train = [row[~np.isnan(row)] for row in train]
    return test_ids, test, train


def _score(name, m4_hourly):
    test_ids, test, train = m4_hourly
    path = M4_DIR / "benchmark_forecasts" / f"Hourly-{name}.csv"
    forecast = pd.read_csv(path, index_col=0)
    forecast.index = forecast.index.astype(str)
    forecast = forecast.loc[test_ids].to_numpy(dtype=float)
    return smape(test, forecast), mase(test, forecast, train, m=24)


@pytest.mark.parametrize(
    ("name", "expected_smape", "expected_mase"),
    [
        ("Naive2", 18.383, 2.395),
        ("sNaive", 13.912, 1.193),
        ("Naive", 43.003, 11.608),
        ("SES", 18.094, 2.385),
    ],
)
def test_m4_hourly_benchmarks_reproduce_official_scores(
    m4_hourly, name, expected_smape, expected_mase
):
    smape_value, mase_value = _score(name, m4_hourly)
    assert round(smape_value, 3) == expected_smape
    assert round(mase_value, 3) == expected_mase


def test_m4_hourly_snaive_owa(m4_hourly):
    naive2 = _score("Naive2", m4_hourly)
    snaive = _score("sNaive", m4_hourly)
    # M4 computes OWA from sMAPE and MASE rounded to 3 decimals: 0.62745 -> 0.627.
    rounded = [round(value, 3) for value in (*snaive, *naive2)]
    assert round(owa(*rounded), 3) == 0.627
    # Unrounded it is 0.627503, which rounds to 0.628 but matches the published 0.6275.
    assert round(owa(*snaive, *naive2), 4) == 0.6275


# --- issue 12: stable near the float64 maximum, pandas compared by label ---------


@pytest.mark.parametrize(
    "y_true, y_pred, expected",
    [
        ([1e308, 1.5e308], [1.7e308, 1e308], (200 * 0.7 / 2.7 + 200 * 0.5 / 2.5) / 2),
        ([1.7e308], [-1.7e308], 200.0),
        ([5e-324, 0.0], [5e-324, 0.0], 0.0),
    ],
    ids=["near-max", "opposite-max", "subnormal"],
)
def test_smape_is_stable_at_the_ends_of_float64(y_true, y_pred, expected):
    assert smape(y_true, y_pred) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-1.7e308, 1.7e308), min_size=1, max_size=5).flatmap(
        lambda a: st.tuples(st.just(a), st.lists(st.floats(-1.7e308, 1.7e308), min_size=len(a), max_size=len(a)))
    )
)
def test_smape_is_finite_and_bounded_on_any_finite_input(pair):
    value = smape(*pair)
    assert 0.0 <= value <= 200.0


@pytest.mark.parametrize("metric", ["smape", "mase"])
def test_pandas_series_are_compared_by_label(metric):
    y_true = pd.Series([1.0, 2.0, 4.0], index=["a", "b", "c"])
    y_pred = pd.Series([4.5, 2.5, 1.5], index=["c", "b", "a"])
    score = _metric_value(metric, y_true, y_pred)
    assert score == pytest.approx(_metric_value(metric, y_true.to_numpy(), y_pred[y_true.index].to_numpy()))


@pytest.mark.parametrize("metric", ["smape", "mase"])
def test_pandas_series_with_other_labels_are_refused(metric):
    y_true = pd.Series([1.0, 2.0], index=[1, 2])
    y_pred = pd.Series([1.0, 2.0], index=[2, 3])
    match = r"y_true and y_pred must have the same index labels.*only in y_true \[1\] and only in y_pred \[3\].*reindex"
    with pytest.raises(ValueError, match=match):
        _metric_value(metric, y_true, y_pred)


def test_pandas_frames_are_aligned_on_both_axes():
    y_true = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["s0", "s1"], columns=[1, 2])
    y_pred = y_true.loc[["s1", "s0"], [2, 1]] * 1.1
    assert smape(y_true, y_pred) == pytest.approx(smape(y_true.to_numpy(), y_true.to_numpy() * 1.1))


def _metric_value(metric, y_true, y_pred):
    if metric == "smape":
        return smape(y_true, y_pred)
    return mase(y_true, y_pred, y_train=[1.0, 2.0, 3.5, 3.0])


def test_smape_of_opposite_signs_is_exactly_200():
    # found by hypothesis: rounding gave 200.00000000000003
    assert smape([-2070583383383115.0], [1242462231220554.0]) == 200.0


def test_a_panel_in_sktimes_format_is_scored_per_series():
    # RNNForecaster.predict's panel layout: read as one long series, the training values'
    # jump from one series to the next entered the scale (MASE 0.075 instead of 0.3)
    from rnnforecast.metrics import coverage, msis

    train_index = pd.MultiIndex.from_product([["a", "b"], range(10)], names=["id", "t"])
    y_train = pd.Series(np.r_[np.arange(10.0), 100 + 10 * np.arange(10.0)], index=train_index)
    index = pd.MultiIndex.from_product([["a", "b"], range(10, 12)], names=["id", "t"])
    y_true = pd.Series([10.0, 11.0, 200.0, 210.0], index=index)
    y_pred = pd.Series([10.5, 11.5, 199.0, 211.0], index=index)
    rows = [y_train.loc["a"].to_numpy(), y_train.loc["b"].to_numpy()]
    assert mase(y_true, y_pred, y_train) == pytest.approx(0.3)
    assert mase(y_true, y_pred, y_train) == mase(y_true.to_numpy().reshape(2, 2),
                                                y_pred.to_numpy().reshape(2, 2), rows)
    assert mase(y_true.to_frame("y"), y_pred.to_frame("y"), y_train.to_frame("y")) == (
        pytest.approx(0.3))
    # matched by label: the series and steps in another order score the same
    assert mase(y_true, y_pred.iloc[::-1], y_train) == pytest.approx(0.3)
    assert msis(y_true, y_pred - 1, y_pred + 1, y_train) == pytest.approx(msis(
        y_true.to_numpy().reshape(2, 2), (y_pred - 1).to_numpy().reshape(2, 2),
        (y_pred + 1).to_numpy().reshape(2, 2), rows))
    assert smape(y_true, y_pred) == pytest.approx(smape(y_true.to_numpy().reshape(2, 2),
                                                        y_pred.to_numpy().reshape(2, 2)))
    assert coverage(y_true, y_pred - 1, y_pred + 1) == 1.0
    with pytest.raises(ValueError, match=r"y_train must be a panel of the same series when "
                                         r"y_true is a panel \(a MultiIndex\); got ndarray"):
        mase(y_true, y_pred, y_train.to_numpy())
    with pytest.raises(ValueError, match=r"y_train must hold every series of y_true; got none "
                                         r"for \['b'\]"):
        mase(y_true, y_pred, y_train.loc[["a"]])
    with pytest.raises(ValueError, match=r"every series of a y_true panel must have the same "
                                         r"horizon.*got lengths \[1, 2\]"):
        mase(y_true.iloc[:3], y_pred.iloc[:3], y_train)


def test_a_panels_training_series_is_named_by_its_key():
    from rnnforecast.metrics import msis

    train_index = pd.MultiIndex.from_product([["shop_a", "shop_b"], range(10)])
    y_train = pd.Series(np.r_[np.arange(10.0), np.full(10, 3.0)], index=train_index)
    y_true = pd.Series(1.0, index=pd.MultiIndex.from_product([["shop_a", "shop_b"], [10, 11]]))
    match = r"y_train\['shop_b'\] has a zero seasonal naive in-sample error"
    with pytest.raises(ValueError, match=match):
        mase(y_true, y_true + 1, y_train)
    with pytest.raises(ValueError, match=match):
        msis(y_true, y_true - 1, y_true + 1, y_train)
    with pytest.raises(ValueError, match=r"y_train\['shop_a'\] must be longer than the "):
        mase(y_true, y_true + 1, y_train, m=10)


def test_a_dataframe_indexed_by_times_holds_one_series_per_column():
    # sktime forecasts a DataFrame y as a DataFrame: its rows were read as series of one
    # step each ("y_train must hold one training series per row of y_true (3)")
    from rnnforecast.metrics import msis

    index = pd.period_range("2020-01", periods=3, freq="M")
    train_index = pd.period_range("2019-01", periods=12, freq="M")
    a, train = np.arange(1.0, 4.0), np.arange(12.0) ** 1.5
    frame = pd.DataFrame({"x": a}, index=index)
    assert mase(frame, frame + 1, pd.DataFrame({"x": train}, index=train_index)) == mase(
        a, a + 1, train)
    assert msis(frame, frame - 1, frame + 1, pd.Series(train, index=train_index)) == msis(
        a, a - 1, a + 1, train)
    two = pd.DataFrame({"x": a, "y": 3 * a}, index=index)
    assert mase(two, two + 1, pd.DataFrame({"x": train, "y": 2 * train}, index=train_index)) == (
        mase(np.stack([a, 3 * a]), np.stack([a, 3 * a]) + 1, [train, 2 * train]))
    with pytest.raises(ValueError, match=r"one training series per row of y_true \(3\); got 10 "
                                         r"series\. .* pass its column"):
        mase(pd.DataFrame({"x": a}), pd.DataFrame({"x": a + 1}), pd.Series(range(10)))
