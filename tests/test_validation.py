"""rnnforecast.validation: the shared input checks and index alignment."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnforecast.utils import (
    align_exog,
    check_continues,
    check_finite_float32,
    check_float32_range,
    check_numeric,
    check_time_index,
    join_groups,
    merge_rows,
    series_groups,
    series_runs,
    shift_label,
)

SETTINGS = settings(max_examples=25, deadline=None)
OWNER = "Owner"


@pytest.mark.parametrize(
    "index, step",
    [
        (pd.period_range("2000-01", periods=5, freq="M"), 1),
        (pd.RangeIndex(5), 1),
        (pd.Index(np.arange(100, 105)), 1),
        (pd.date_range("2000-01-01", periods=5, freq="D"), pd.offsets.Day()),
        (pd.DatetimeIndex(pd.date_range("2000-01-01", periods=5, freq="h").tolist()), pd.offsets.Hour()),
    ],
    ids=["period", "range", "int", "datetime", "datetime-inferred"],
)
def test_check_time_index_accepts_regular_time_labels(index, step):
    assert check_time_index(index, "y", OWNER) == step


@pytest.mark.parametrize(
    "index, error, match",
    [
        (pd.Index([0.0, 1.0, 2.0]), TypeError, r"Owner: the index of y must be a PeriodIndex, a Da.*got Index of dtype 'float64' \(first labels \[0.0, 1.0, 2.0\]\)"),
        (pd.Index(["a", "b", "c"]), TypeError, r"index of y must be a PeriodIndex.*first labels \['a', 'b', 'c'\]"),
        (pd.timedelta_range(0, periods=3, freq="h"), TypeError, r"index of y must be .*got TimedeltaIndex"),
        (pd.Index([0, 2, 1]), ValueError, r"index of y must be increasing.*got 1 right after 2.*sort_index"),
        (pd.Index([0, 1, 1]), ValueError, r"index of y must be unique.*got duplicated labels \[1\]"),
        (pd.Index([0, 1, 3]), ValueError, r"index of y must have no gaps.*got 3 right after 1"),
        (pd.Index([0, 2, 4, 6]), ValueError, r"index of y must count time steps one by one .*got labels 2 apart throughout .*reset_index"),
        (pd.PeriodIndex(["2000-01", "2000-03"], freq="M"), ValueError, r"no gaps.*Period\('2000-03', 'M'\) right after"),
        (pd.DatetimeIndex(["2000-01-01", "2000-01-02", "2000-01-05"]), ValueError, r"DatetimeIndex without a frequency.*asfreq"),
    ],
    ids=["float", "string", "timedelta", "unsorted", "duplicated", "int-gap", "int-step-2", "period-gap", "datetime-gap"],
)
def test_check_time_index_errors(index, error, match):
    with pytest.raises(error, match=match):
        check_time_index(index, "y", OWNER)


def test_check_time_index_uses_the_known_step_for_short_indexes():
    one = pd.DatetimeIndex(["2000-01-03"])
    assert check_time_index(one, "y", OWNER, step=pd.offsets.Day()) == pd.offsets.Day()
    with pytest.raises(ValueError, match="no gaps"):
        check_time_index(pd.DatetimeIndex(["2000-01-03", "2000-01-05"]), "y", OWNER, step=pd.offsets.Day())


def test_float32_range():
    check_finite_float32(np.array([3e38, -3e38]), "y", OWNER)
    check_float32_range(np.array([np.nan, np.inf, 1.0]), "y", OWNER)  # left to NaN checks
    with pytest.raises(ValueError, match=r"Owner: y must be within the float32 range.*got 1e\+39 at row 1 \(index 'b'\).*Rescale"):
        check_float32_range(np.array([1.0, 1e39]), "y", OWNER, pd.Index(["a", "b"]))
    with pytest.raises(ValueError, match=r"Owner: X must be within the float32 range.*got -1e\+300 at row 0"):
        check_finite_float32(np.array([[-1e300, 0.0]]), "X", OWNER)
    with pytest.raises(ValueError, match=r"Owner: y must be finite"):
        check_finite_float32(np.array([np.nan]), "y", OWNER)
    # values float32 rounds to 0 or to a few bits: "training diverged ... lower lr" before
    check_float32_range(np.zeros(3), "y", OWNER)  # zeros are fine
    with pytest.raises(ValueError, match=r"Owner: y must hold values that float32 .* tells "
                                         r"apart from 0, got largest \|value\| 6e-40, below "
                                         r"its smallest normal number 1.175e-38. Rescale y"):
        check_float32_range(np.array([4e-40, -6e-40]), "y", OWNER)


def test_a_series_of_values_float32_cannot_hold_is_refused_by_fit():
    from rnnforecast import RNNForecaster

    y = pd.Series(1e-40 * (5 + np.sin(np.arange(48.0))))
    with pytest.raises(ValueError, match=r"RNNForecaster: y must hold values that float32"):
        RNNForecaster(max_steps=5).fit(y, fh=[1])


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1.0, None, 2.0], dtype=object, index=[5, 6, 7]),
        np.array([1.0, None, 2.0], dtype=object),
        np.array([[1.0], [None], [2.0]], dtype=object),
    ],
    ids=["series", "array", "2d-array"],
)
def test_check_numeric_finds_none_in_object_dtype(values):
    with pytest.raises(ValueError, match=r"Owner: y must be numeric without missing values, got \[?None\]? at row 1"):
        check_numeric(values, "y", OWNER)
    check_numeric(np.array([1.0, 2.0]), "y", OWNER)


def test_align_exog_matches_by_label():
    y_index = pd.RangeIndex(3, 6)
    X = pd.DataFrame({"x": np.arange(10.0)}, index=pd.RangeIndex(10))
    aligned, future = align_exog(y_index, X, OWNER)
    assert list(aligned.index) == [3, 4, 5] and list(aligned["x"]) == [3.0, 4.0, 5.0]
    assert list(future.index) == [6, 7, 8, 9]
    with pytest.raises(ValueError, match=r"Owner: X must have a row for every time of y.*first \[5\]"):
        align_exog(y_index, X.iloc[:5], OWNER)


@SETTINGS
@given(st.integers(0, 5), st.integers(0, 5), st.integers(2, 10))
def test_align_exog_extra_rows_never_shift_the_aligned_ones(before, after, n):
    rng = np.random.default_rng(n)
    X = pd.DataFrame({"x": rng.normal(size=before + n + after)}, index=pd.RangeIndex(before + n + after))
    y_index = pd.RangeIndex(before, before + n)
    aligned, future = align_exog(y_index, X, OWNER)
    pd.testing.assert_frame_equal(aligned, X.iloc[before : before + n])
    pd.testing.assert_frame_equal(future, X.iloc[before + n :])


def test_check_continues():
    check_continues(10, 20, 1, pd.Index([21, 22]), "y", OWNER)  # follows
    check_continues(10, 20, 1, pd.Index([15, 16, 25]), "y", OWNER)  # overlaps, continues
    check_continues(10, 20, 1, pd.Index([7, 8, 9]), "y", OWNER)  # precedes, touches
    with pytest.raises(ValueError, match=r"Owner: y in update must continue the series without a gap.*at most 21.*got 23"):
        check_continues(10, 20, 1, pd.Index([23, 24]), "y", OWNER)
    with pytest.raises(ValueError, match=r"Owner: y in update must touch the series.*at least 9.*got 7"):
        check_continues(10, 20, 1, pd.Index([6, 7]), "y", OWNER)


@SETTINGS
@given(st.integers(-30, 30), st.integers(1, 5))
def test_check_continues_raises_exactly_on_gaps(start, length):
    first, last = pd.Period("2000-01", "M"), pd.Period("2000-12", "M")
    index = pd.period_range(first + start, periods=length, freq="M")
    gap = index[0] > last + 1 or index[-1] < first - 1
    if gap:
        with pytest.raises(ValueError, match="gap"):
            check_continues(first, last, 1, index, "y", OWNER)
    else:
        check_continues(first, last, 1, index, "y", OWNER)


def test_shift_label():
    assert shift_label(pd.Period("2000-01", "M"), 1, 2) == pd.Period("2000-03", "M")
    assert shift_label(pd.Timestamp("2000-01-01"), pd.offsets.Hour(), -1) == pd.Timestamp("1999-12-31 23:00")
    assert shift_label(5, 1, 3) == 8


def test_merge_rows_keeps_time_order_and_new_values_win():
    old = pd.Series([1.0, 2.0, 3.0], index=[3, 4, 5])
    new = pd.Series([20.0, 1.5, 6.0], index=[4, 2, 6]).sort_index()
    merged = merge_rows(old, new)
    assert list(merged.index) == [2, 3, 4, 5, 6]
    assert list(merged) == [1.5, 1.0, 20.0, 3.0, 6.0]
    assert merge_rows(old, None) is old


def test_series_groups_round_trip():
    index = pd.MultiIndex.from_tuples([("a", 0), ("a", 1), ("b", 5)], names=["id", "t"])
    frame = pd.DataFrame({"y": [1.0, 2.0, 3.0]}, index=index)
    parts = series_groups(frame)
    assert [key for key, _ in parts] == ["a", "b"]
    assert list(parts[1][1].index) == [5]
    pd.testing.assert_frame_equal(join_groups(parts, ["id", "t"]), frame)
    single = pd.Series([1.0], index=[3])
    assert series_groups(single)[0][0] is None
    assert join_groups(series_groups(single), [None]) is single


def _groupby_parts(frame):
    """series_groups as it was written before series_runs: a groupby (one id level
    as a scalar level, whose keys are the labels under pandas 2 and 3)."""
    levels = list(range(frame.index.nlevels - 1))
    level = levels[0] if len(levels) == 1 else levels
    return [(key, part.droplevel(levels)) for key, part in frame.groupby(level=level, sort=False)]


@pytest.mark.parametrize(
    "ids, times",
    [
        (["b", "b", "a", "a", "a", "c"], [0, 1, 0, 1, 2, 7]),  # contiguous, not sorted
        ([3, 3, 1], list(pd.period_range("2000-01", periods=3, freq="M"))),
        ([("g", 2), ("g", 2), ("f", 1)], list(pd.date_range("2000", periods=3, freq="D"))),
        (["a", "b", "a"], [0, 0, 1]),  # interleaved: groupby decides
    ],
    ids=["str", "int-period", "hierarchical-datetime", "interleaved"],
)
def test_series_groups_are_the_groupby_parts(ids, times):
    tuples = [(*(i if isinstance(i, tuple) else (i,)), t) for i, t in zip(ids, times)]
    frame = pd.DataFrame({"y": np.arange(len(ids), dtype=float)},
                         index=pd.MultiIndex.from_tuples(tuples))
    parts, expected = series_groups(frame), _groupby_parts(frame)
    assert [key for key, _ in parts] == [key for key, _ in expected]
    assert [type(k) for k, _ in parts] == [type(k) for k, _ in expected]
    for (_, part), (_, want) in zip(parts, expected):
        pd.testing.assert_frame_equal(part, want)
    runs = series_runs(frame.index)
    assert (runs is None) == (ids == ["a", "b", "a"])


def test_series_runs_are_read_from_the_index_codes():
    index = pd.MultiIndex.from_product([[5, 2, 9], range(4)], names=["id", "t"])
    keys, bounds = series_runs(index)
    assert keys == [5, 2, 9] and bounds.tolist() == [0, 4, 8, 12]
    missing = pd.MultiIndex.from_arrays([[1.0, np.nan], [0, 0]])
    assert series_runs(missing) is None  # a NaN id: groupby drops it, so it decides


# --- rnnforecast.alignment: what a forecaster has seen -----------------------------
from rnnforecast.forecasting._input_checks import SeenData, check_series, series_ends, split_exog  # noqa: E402


def _seen(n=10, x_rows=None, keep=3):
    y = pd.Series(np.arange(float(n)), index=pd.RangeIndex(n), name="y")
    X = None if x_rows is None else pd.DataFrame({"x": np.arange(float(x_rows))}, index=pd.RangeIndex(x_rows))
    parts = check_series(y, OWNER)
    X_fit, exog = split_exog(y, parts, X, OWNER)
    return SeenData(parts, exog, keep, [None], OWNER), X_fit


def test_seen_data_of_series_ends_is_that_of_the_parts():
    y = pd.DataFrame(
        {"y": np.arange(7.0)},
        index=pd.MultiIndex.from_tuples(
            [("a", p) for p in pd.period_range("2000-01", periods=4, freq="M")]
            + [("b", p) for p in pd.period_range("2001-05", periods=3, freq="M")]
        ),
    )
    parts = check_series(y, OWNER)
    ends = series_ends(parts)
    assert [len(index) for _, index, _ in ends] == [2, 2]
    assert SeenData(ends, None, 3, [None, None], OWNER).spans == (
        SeenData(parts, None, 3, [None, None], OWNER).spans
    )


def test_seen_data_keeps_future_x_and_completes_predict():
    seen, X_fit = _seen(x_rows=14)
    assert list(X_fit.index) == list(range(10))
    assert list(seen.known[None].index) == list(range(7, 14))
    given = pd.DataFrame({"x": [-1.0]}, index=[10])
    X = seen.exog_for_predict(given)
    assert X.loc[10, "x"] == -1.0 and X.loc[11, "x"] == 11.0
    assert _seen(x_rows=10)[0].exog_for_predict(None) is None  # nothing known ahead


def test_seen_data_plans_updates():
    seen, _ = _seen(x_rows=12)
    y_rows, X_rows, after = seen.plan_update(pd.Series([10.0, 11.0], index=[10, 11]), None)
    assert list(y_rows.index) == [10, 11] and list(X_rows.index) == [10, 11]
    assert after.spans[None][:2] == (0, 11) and seen.spans[None][:2] == (0, 9)  # seen unchanged
    with pytest.raises(ValueError, match=r"Owner: update needs X at the new times of y.*missing 1 row\(s\), e.g. \[12\].*got X=None"):
        after.plan_update(pd.Series([12.0], index=[12]), None)
    with pytest.raises(ValueError, match=r"without a gap.*got 13"):
        after.plan_update(pd.Series([13.0], index=[13]), None)
    # rows older than the last window (keep=3) cannot change a forecast: X not needed there
    y_rows, X_rows, _ = after.plan_update(pd.Series(np.arange(12.0), index=pd.RangeIndex(12)), None)
    assert list(y_rows.index) == [9, 10, 11] and list(X_rows.index) == [9, 10, 11]


def test_seen_data_refuses_another_index_kind():
    seen, _ = _seen()
    with pytest.raises(TypeError, match=r"Owner: the index of y in update must be of the kind seen in fit \(integer\), got PeriodIndex"):
        seen.plan_update(pd.Series([1.0], index=pd.period_range("2000-01", periods=1, freq="M")), None)


def test_business_hours_are_checked_without_pandas_performance_warning():
    # pandas adds a business-hour offset label by label and warns: the check's own doing
    index = pd.date_range("2024-01-01 09:00", periods=40, freq="bh")
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.PerformanceWarning)
        check_time_index(index, "y", OWNER)
    with pytest.raises(ValueError, match="no gaps"):
        check_time_index(index.delete(5), "y", OWNER, step=index.freq)
