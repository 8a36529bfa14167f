"""RNNForecaster aligns y and X by index and refuses what cannot be aligned (issue 12).

Regression tests for each cause of a silently wrong forecast, and property
tests over the public entry points (fit, update, predict). Networks are tiny:
what is compared is alignment, not accuracy.
"""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.naive import NaiveForecaster

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline

# the network alone (combine=None): some tests compare its outputs with the forecasts
TINY = dict(window_length=4, horizon=2, hidden_size=2, max_epochs=1, random_state=0, combine=None)
PROPERTY = settings(max_examples=8, deadline=None)
N = 40


def _data(n=N):
    index = pd.period_range("2000-01", periods=n, freq="M")
    y = pd.Series(np.sin(np.arange(n) / 3) + 5, index=index, name="y")
    X = pd.DataFrame({"x": np.cos(np.arange(n) / 3), "z": np.arange(n) % 4.0}, index=index)
    return y, X


def _forecaster(**params):
    return RNNForecaster(**{**TINY, **params})


@pytest.fixture(scope="module")
def fitted_with_x():
    y, X = _data()
    return _forecaster().fit(y[:30], X=X[:30], fh=[1, 2])


@pytest.fixture(scope="module")
def fitted():
    y, _ = _data()
    return _forecaster().fit(y[:30], fh=[1, 2])


# ------------------------------------------------ 1. X longer than y in fit
@pytest.mark.parametrize("rows", [slice(0, 35), slice(0, 40)], ids=["after", "to-the-end"])
def test_extra_x_rows_after_y_do_not_shift_training(rows):
    y, X = _data()
    trimmed = _forecaster().fit(y[:30], X=X[:30], fh=[1, 2]).predict(X=X[30:32])
    longer = _forecaster().fit(y[:30], X=X[rows], fh=[1, 2]).predict(X=X[30:32])
    pd.testing.assert_series_equal(longer, trimmed)


def test_extra_x_rows_before_y_are_dropped():
    y, X = _data()
    trimmed = _forecaster().fit(y[10:30], X=X[10:30], fh=[1, 2]).predict(X=X[30:32])
    longer = _forecaster().fit(y[10:30], X=X[:36], fh=[1, 2]).predict(X=X[30:32])
    pd.testing.assert_series_equal(longer, trimmed)


def test_future_x_rows_given_to_fit_serve_predict():
    y, X = _data()
    given_later = _forecaster().fit(y[:30], X=X[:30], fh=[1, 2]).predict(X=X[30:32])
    known_in_fit = _forecaster().fit(y[:30], X=X[:32], fh=[1, 2])
    pd.testing.assert_series_equal(known_in_fit.predict(), given_later)
    # X given to predict wins over the rows known from fit
    changed = X[30:32] * 10
    expected = _forecaster().fit(y[:30], X=X[:30], fh=[1, 2]).predict(X=changed)
    pd.testing.assert_series_equal(known_in_fit.predict(X=changed), expected)


def test_x_missing_times_of_y_is_refused():
    y, X = _data()
    with pytest.raises(ValueError, match=r"RNNForecaster: X must have a row for every time of y.*got 2 time\(s\) of y missing from X, first \[Period\('2000-01', 'M'\)"):
        _forecaster().fit(y[:30], X=X[2:30], fh=[1, 2])


@PROPERTY
@given(st.integers(0, 8), st.integers(0, 8))
def test_property_x_with_extra_rows_equals_x_trimmed(before, after):
    y, X = _data()
    start, end = 8, 30
    trimmed = _forecaster().fit(y[start:end], X=X[start:end], fh=[1, 2]).predict(X=X[end : end + 2])
    wider = _forecaster().fit(y[start:end], X=X[start - before : end + after], fh=[1, 2])
    pd.testing.assert_series_equal(wider.predict(X=X[end : end + 2]), trimmed)


# ------------------------------------------------------- 2. update and X
def test_update_without_x_after_fit_with_x_is_refused(fitted_with_x):
    y, _ = _data()
    f = copy.deepcopy(fitted_with_x)
    with pytest.raises(ValueError, match=r"RNNForecaster: update needs X at the new times of y, because X was given in fit.*missing 3 row\(s\), e.g. \[Period\('2002-07', 'M'\).*got X=None.*update\(y_new, X=X_new\)"):
        f.update(y[30:33])
    assert f.cutoff[0] == y.index[29]  # nothing changed


def test_update_without_x_uses_the_x_rows_known_from_fit():
    y, X = _data()
    known = _forecaster().fit(y[:30], X=X[:40], fh=[1, 2]).update(y[30:33])
    given = _forecaster().fit(y[:30], X=X[:30], fh=[1, 2]).update(y[30:33], X=X[30:33])
    pd.testing.assert_series_equal(known.predict(), given.predict(X=X[33:35]))


def test_update_with_longer_x_aligns_by_index(fitted_with_x):
    y, X = _data()
    longer = copy.deepcopy(fitted_with_x).update(y[30:33], X=X[28:38])
    exact = copy.deepcopy(fitted_with_x).update(y[30:33], X=X[30:33])
    pd.testing.assert_series_equal(longer.predict(), exact.predict(X=X[33:35]))


def test_update_with_x_missing_new_times_is_refused(fitted_with_x):
    y, X = _data()
    with pytest.raises(ValueError, match=r"update needs X at the new times of y.*missing 1 row\(s\), e.g. \[Period\('2002-09', 'M'\)\].*got an X without rows"):
        copy.deepcopy(fitted_with_x).update(y[30:33], X=X[30:32])


@PROPERTY
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_property_x_whole_equals_x_in_pieces_through_update(pieces):
    y, X = _data()
    start = 26
    whole = copy.deepcopy(_fit_once_with_x())
    stepwise = copy.deepcopy(_fit_once_with_x())
    end = start
    for size in pieces:
        stepwise.update(y[end : end + size], X=X[end : end + size])
        end += size
    whole.update(y[start:end], X=X[start:end])
    pd.testing.assert_series_equal(stepwise.predict(X=X[end : end + 2]), whole.predict(X=X[end : end + 2]))
    full = _forecaster().fit(y[:26], X=X[:N], fh=[1, 2]).update(y[start:end])
    pd.testing.assert_series_equal(full.predict(), whole.predict(X=X[end : end + 2]))


_CACHE = {}


def _fit_once_with_x():
    if "x" not in _CACHE:
        y, X = _data()
        _CACHE["x"] = _forecaster().fit(y[:26], X=X[:26], fh=[1, 2])
    return _CACHE["x"]


# ------------------------------------------ 3. update rows that do not follow
def test_update_with_a_gap_is_refused(fitted):
    y, _ = _data()
    with pytest.raises(ValueError, match=r"RNNForecaster: y in update must continue the series without a gap \(its first time at most Period\('2002-07', 'M'\).*got Period\('2002-10', 'M'\)"):
        copy.deepcopy(fitted).update(y[33:35])


def test_update_with_older_rows_keeps_time_order_and_cutoff():
    y, _ = _data()
    f = _forecaster().fit(y[10:30], fh=[1, 2])
    before = f.predict()
    f.update(y[7:12])  # touches the start, overlaps: nothing after the cutoff changes
    assert f.cutoff[0] == y.index[29]
    pd.testing.assert_series_equal(f.predict(), before)
    with pytest.raises(ValueError, match=r"y in update must touch the series seen so far.*got Period\('2000-03', 'M'\)"):
        f.update(y[0:3])


def test_update_with_overlapping_rows_new_values_win(fitted):
    y, _ = _data()
    changed = y.copy()
    changed[28:30] += 1.0
    f = copy.deepcopy(fitted).update(changed[28:32])
    # the last 4 values, none of them padding (flag 0)
    window = np.stack([changed.to_numpy(dtype=np.float32)[28:32], np.zeros(4)], axis=1)[None]
    np.testing.assert_allclose(f.predict().to_numpy(), f.regressor_.predict(window)[0], rtol=1e-6)
    overlap = copy.deepcopy(fitted).update(y[26:32])
    follow = copy.deepcopy(fitted).update(y[30:32])
    pd.testing.assert_series_equal(overlap.predict(), follow.predict())


@PROPERTY
@given(st.integers(1, 6), st.integers(1, 4))
def test_property_update_with_a_gap_always_raises(gap, length):
    y, _ = _data(60)
    f = copy.deepcopy(_fit_once())
    with pytest.raises(ValueError, match="without a gap"):
        f.update(y[30 + gap : 30 + gap + length])


def _fit_once():
    if "y" not in _CACHE:
        y, _ = _data()
        _CACHE["y"] = _forecaster().fit(y[:30], fh=[1, 2])
    return _CACHE["y"]


# ------------------------------------------------------- 4. index gaps
@pytest.mark.parametrize(
    "index, match",
    [
        (pd.period_range("2000-01", periods=31, freq="M").delete(10), r"got Period\('2000-12', 'M'\) right after Period\('2000-10', 'M'\)"),
        (pd.Index(np.arange(31)).delete(10), r"got 11 right after 9"),
        (pd.date_range("2000-01-01", periods=32, freq="D").delete([10, 20]), r"DatetimeIndex without a frequency"),
    ],
    ids=["period", "integer", "datetime"],
)
def test_index_gaps_in_fit_are_refused(index, match):
    y = pd.Series(np.arange(30.0), index=index)
    with pytest.raises(ValueError, match=r"RNNForecaster: the index of y .*" + match):
        _forecaster().fit(y, fh=[1])
    X = pd.DataFrame({"x": np.arange(30.0)}, index=index)
    with pytest.raises(ValueError, match=r"RNNForecaster: the index of X .*" + match):
        _forecaster().fit(pd.Series(np.arange(30.0)), X=X, fh=[1])


def test_index_gap_in_a_panel_series_names_the_series():
    index = pd.MultiIndex.from_tuples(
        [("a", t) for t in range(12)] + [("b", t) for t in range(12) if t != 5], names=["id", "t"]
    )
    y = pd.DataFrame({"y": np.arange(len(index), dtype=float)}, index=index)
    with pytest.raises(ValueError, match=r"RNNForecaster: the index of y \(series 'b'\) must have no gaps.*got 6 right after 4"):
        _forecaster().fit(y, fh=[1])


# ---------------------------------------- 5. panels, absolute fh, uneven ends
def _uneven_panel():
    parts = []
    for k in (0, 1):
        index = pd.MultiIndex.from_product([[f"k{k}"], range(k, 11 + k)], names=["id", "t"])
        parts.append(pd.DataFrame({"y": np.arange(11.0) + k}, index=index))
    return pd.concat(parts)


def test_absolute_fh_means_the_same_times_for_every_series():
    panel = _uneven_panel()
    fh = ForecastingHorizon([12, 13], is_relative=False)
    ours = _forecaster(window_length=3).fit(panel).predict(fh=fh)
    naive = NaiveForecaster().fit(panel).predict(fh=fh)
    assert ours.index.tolist() == naive.index.tolist() == [("k0", 12), ("k0", 13), ("k1", 12), ("k1", 13)]
    # k0 ends at 10: time 12 is its step 2, time 13 its step 3 (recursive)
    relative = _forecaster(window_length=3).fit(panel).predict(fh=[1, 2, 3])
    np.testing.assert_allclose(ours.loc["k0"].to_numpy().ravel(), relative.loc["k0"].to_numpy().ravel()[1:])
    np.testing.assert_allclose(ours.loc["k1"].to_numpy().ravel(), relative.loc["k1"].to_numpy().ravel()[:2])


@PROPERTY
@given(st.lists(st.integers(0, 4), min_size=1, max_size=3), st.integers(1, 3))
def test_property_absolute_fh_labels_every_series_at_the_asked_times(shifts, n_steps):
    parts = []
    for i, shift in enumerate(shifts):
        index = pd.MultiIndex.from_product([[f"s{i}"], range(shift, shift + 10)], names=["id", "t"])
        parts.append(pd.DataFrame({"y": np.sin(np.arange(10.0) + i) + 2}, index=index))
    panel = pd.concat(parts)
    cutoff = max(shifts) + 9
    times = list(range(cutoff + 1, cutoff + 1 + n_steps))
    f = _forecaster(window_length=3, horizon=1).fit(panel)
    absolute = f.predict(fh=ForecastingHorizon(times, is_relative=False))
    for i in range(len(shifts)):
        assert absolute.loc[f"s{i}"].index.tolist() == times
    relative = f.predict(fh=list(range(1, n_steps + 1)))
    for i, shift in enumerate(shifts):
        ends_at_cutoff = shift + 9 == cutoff
        assert (relative.loc[f"s{i}"].index.tolist() == times) == ends_at_cutoff
        if ends_at_cutoff:
            np.testing.assert_allclose(relative.loc[f"s{i}"].to_numpy(), absolute.loc[f"s{i}"].to_numpy())


# ------------------------------------- 7. values beyond float32, object None
@pytest.mark.parametrize("where", ["y", "X"])
def test_values_beyond_float32_are_refused(where):
    y, X = _data()
    y, X = (y.copy(), X.copy())
    if where == "y":
        y.iloc[7] = 1e39
    else:
        X.iloc[7, 0] = 1e39
    match = rf"RNNForecaster: {where} must be within the float32 range .*got 1e\+39 at row 7 \(index Period\('2000-08', 'M'\)\).*Rescale"
    with pytest.raises(ValueError, match=match):
        _forecaster().fit(y[:30], X=X[:30], fh=[1])
    with pytest.raises(ValueError, match=match if where == "X" else "float32 range"):
        f = _forecaster().fit(_data()[0][:30], X=_data()[1][:30], fh=[1])
        if where == "X":
            f.predict(X=X[:32])
        else:
            f.update(pd.Series([1e39], index=y.index[30:31]), X=X[30:31])


def test_none_in_object_y_is_refused_up_front():
    y = pd.Series([1.0] * 10 + [None] + [2.0] * 19, dtype=object)
    with pytest.raises(ValueError, match=r"RNNForecaster: y must be numeric without missing values, got None at row 10 \(index 10\)"):
        _forecaster().fit(y, fh=[1])


def test_unusable_device_names_device():
    y, _ = _data()
    with pytest.raises(ValueError, match=r"device='meta' cannot be used here.*must be one of 'auto', 'cpu'"):
        _forecaster(device="meta").fit(y, fh=[1])


# ------------------------------------------------ indexes sktime cannot take
BAD_INDEXES = [
    (pd.Index(np.arange(30) * 1.0), TypeError, r"must be a PeriodIndex, a DatetimeIndex or an integer index.*got Index of dtype 'float64'"),
    (pd.Index([f"t{i}" for i in range(30)]), TypeError, r"must be a PeriodIndex.*first labels \['t0', 't1', 't2'\]"),
    (pd.timedelta_range(0, periods=30, freq="h"), TypeError, r"must be a PeriodIndex.*got TimedeltaIndex"),
    (pd.Index(np.arange(30)[::-1]), ValueError, r"must be increasing.*got 28 right after 29.*sort_index"),
    (pd.Index(list(range(29)) + [28]), ValueError, r"must be unique.*duplicated labels \[28\]"),
]
BAD_IDS = ["float", "string", "timedelta", "unsorted", "duplicated"]


@pytest.mark.parametrize("index, error, match", BAD_INDEXES, ids=BAD_IDS)
def test_bad_y_index_in_fit_names_y(index, error, match):
    y = pd.Series(np.arange(30.0), index=index)
    with pytest.raises(error, match=r"RNNForecaster: the index of y " + match):
        _forecaster().fit(y, fh=[1])


@pytest.mark.parametrize("index, error, match", BAD_INDEXES, ids=BAD_IDS)
def test_bad_x_index_names_x(index, error, match, fitted_with_x):
    X = pd.DataFrame({"x": np.arange(30.0), "z": 1.0}, index=index)
    with pytest.raises(error, match=r"RNNForecaster: the index of X " + match):
        _forecaster().fit(pd.Series(np.arange(30.0)), X=X, fh=[1])
    with pytest.raises(error, match=r"RNNForecaster: the index of X " + match):
        copy.deepcopy(fitted_with_x).predict(X=X)


@pytest.mark.parametrize("index, error, match", BAD_INDEXES[3:], ids=BAD_IDS[3:])
def test_bad_y_index_in_update_names_y(index, error, match):
    f = _forecaster().fit(pd.Series(np.arange(30.0)), fh=[1])
    with pytest.raises(error, match=r"RNNForecaster: the index of y " + match):
        f.update(pd.Series(np.arange(30.0), index=index))


def test_update_index_of_another_kind_is_refused(fitted):
    with pytest.raises(TypeError, match=r"RNNForecaster: the index of y in update must be of the kind seen in fit \(period\), got RangeIndex"):
        copy.deepcopy(fitted).update(pd.Series([1.0, 2.0]))


# ------------------------------------------------------ panels and datetimes
def test_panel_x_is_aligned_per_series_and_future_rows_are_known():
    frames_y, frames_x = [], []
    for k, (start, n) in enumerate([(0, 20), (3, 20)]):
        index = pd.MultiIndex.from_product([[f"k{k}"], range(start, start + n)], names=["id", "t"])
        frames_y.append(pd.DataFrame({"y": np.sin(np.arange(n) / 3 + k) + 3}, index=index))
        x_index = pd.MultiIndex.from_product([[f"k{k}"], range(start - 2, start + n + 2)], names=["id", "t"])
        frames_x.append(pd.DataFrame({"x": np.cos(np.arange(n + 4) / 2 + k)}, index=x_index))
    y, X = pd.concat(frames_y), pd.concat(frames_x)
    inside = X[[(t >= (0 if key == "k0" else 3)) for key, t in X.index]]
    trimmed = inside[[(t < (20 if key == "k0" else 23)) for key, t in inside.index]]
    future = inside[[(t >= (20 if key == "k0" else 23)) for key, t in inside.index]]
    known = _forecaster().fit(y, X=X, fh=[1, 2]).predict()
    given = _forecaster().fit(y, X=trimmed, fh=[1, 2]).predict(X=future)
    pd.testing.assert_frame_equal(known, given)


def test_update_on_a_datetime_index():
    index = pd.date_range("2020-01-01", periods=32, freq="D")
    y = pd.Series(np.sin(np.arange(32) / 3) + 5, index=index)
    f = _forecaster().fit(y[:30], fh=[1])
    f.update(y[30:31])
    assert f.predict().index[0] == index[31]
    with pytest.raises(ValueError, match=r"y in update must continue the series without a gap.*got Timestamp\('2020-02-02"):
        f.update(pd.Series([1.0], index=pd.DatetimeIndex(["2020-02-02"])))


def test_a_refused_fh_leaves_the_one_before():
    # sktime stored the refused fh first: every later predict() failed on it
    f = RNNForecaster(max_steps=5, hidden_size=4, window_length=8, combine=None,
                      random_state=0).fit(load_airline()[:120], fh=[1, 2, 3])
    before = f.predict()
    with pytest.raises(ValueError, match=r"fh given as time spans must be whole steps"):
        f.predict(fh=pd.to_timedelta([31], unit="D"))
    pd.testing.assert_series_equal(f.predict(), before)


@pytest.mark.parametrize("zone", [None, "UTC"])
def test_an_absolute_fh_in_another_time_zone_is_named(zone):
    # pandas' "Invalid comparison between dtype=datetime64[us] and Timestamp" before
    index = pd.date_range("2020-03-28", periods=96, freq="h", tz="Europe/Berlin")
    y = pd.Series(np.sin(np.arange(96) / 3) + 5, index=index)
    f = RNNForecaster(max_steps=5, hidden_size=4, window_length=8, combine=None,
                      random_state=0).fit(y, fh=[1, 2])
    with pytest.raises(ValueError, match=rf"an absolute fh must have the time zone of y's index "
                                         rf"\(Europe/Berlin\), got times with time zone {zone}"):
        f.predict(fh=pd.DatetimeIndex(["2020-04-01 01:00"], tz=zone))
    ahead = pd.DatetimeIndex([index[-1] + pd.Timedelta(hours=2)])
    assert f.predict(fh=ahead).index.equals(ahead)
