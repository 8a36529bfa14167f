import numpy as np
import pytest

from rnnforecast.preprocessing._panel_windows import last_windows, padded_rows, training_windows


def test_padded_rows_flag_the_copies():
    rows = padded_rows(np.array([[1.0], [2.0], [3.0]]), 3)
    assert rows.tolist() == [[1, 1], [1, 1], [1, 0], [2, 0], [3, 0]]


def test_long_series_give_complete_windows_only():
    values = np.arange(20.0)
    X, y = training_windows([values[:, None]], [values], window_length=5, horizon=3)
    assert len(X) == 20 - 5 - 3 + 1
    assert X[:, :, 1].max() == 0  # no padding
    np.testing.assert_array_equal(X[0, :, 0], values[:5])
    np.testing.assert_array_equal(y[0], values[5:8])
    np.testing.assert_array_equal(X[-1, :, 0], values[12:17])
    np.testing.assert_array_equal(y[-1], values[17:20])


def test_short_series_are_padded_and_still_trained_on():
    values = np.arange(8.0)  # shorter than window 10 + horizon 3
    X, y = training_windows([values[:, None]], [values], window_length=10, horizon=3)
    assert len(X) > 0
    for window, target in zip(X, y):
        observed = window[window[:, 1] == 0, 0]
        end = int(observed[-1])
        np.testing.assert_array_equal(observed, values[: end + 1])  # no hole, oldest first
        assert (window[window[:, 1] == 1, 0] == values[0]).all()  # padding repeats the first value
        np.testing.assert_array_equal(target, values[end + 1 : end + 4])
        assert len(observed) >= (8 - 3) // 2 + 1  # at least half of what can be observed


def test_windows_never_mix_series_and_latest_come_last():
    a, b = np.arange(30.0), 1000 + np.arange(12.0)
    X, y = training_windows([a[:, None], b[:, None]], [a, b], window_length=6, horizon=2)
    for window, target in zip(X, y):
        observed = window[window[:, 1] == 0, 0]
        same = (observed < 1000).all() or (observed >= 1000).all()
        assert same and ((target < 1000).all() == (observed < 1000).all())
    # the last rows are the windows ending 2 steps before each series' end
    assert {tuple(t) for t in y[-2:]} == {(28.0, 29.0), (1010.0, 1011.0)}


def test_series_not_longer_than_the_horizon_contribute_nothing():
    long, short = np.arange(30.0), np.arange(3.0)
    X, _ = training_windows([long[:, None], short[:, None]], [long, short], 6, 3)
    assert len(X) == 30 - 6 - 3 + 1
    with pytest.raises(ValueError, match="no series is longer than the horizon"):
        training_windows([short[:, None]], [short], 6, 3)


def test_last_windows():
    long, short = np.arange(30.0), np.arange(3.0)
    W = last_windows([long[:, None], short[:, None]], 5)
    assert W.shape == (2, 5, 2)
    np.testing.assert_array_equal(W[0, :, 0], long[-5:])
    assert W[1, :, 0].tolist() == [0, 0, 0, 1, 2] and W[1, :, 1].tolist() == [1, 1, 0, 0, 0]
