"""rnnforecast.series: the series of a panel and the cutoff of a panel."""

import numpy as np
import pandas as pd
import pytest
from sktime.datatypes import get_cutoff

from rnnforecast.forecasting._series import panel_cutoff, split_series

PANDAS_MAJOR = int(pd.__version__.split(".")[0])


def _panel(times_of, names=("id", "time")):
    tuples = [(key, t) for key, times in times_of.items() for t in times]
    index = pd.MultiIndex.from_tuples(tuples, names=list(names))
    return pd.DataFrame({"y": np.arange(len(tuples), dtype=float)}, index=index)


@pytest.mark.parametrize(
    "times_of",
    [
        {"a": range(3, 10), "b": range(0, 12), "c": range(5, 8)},
        {"a": pd.period_range("2000-01", periods=6, freq="M"),
         "b": pd.period_range("1999-06", periods=4, freq="M")},
        {1: pd.date_range("2000-01-01", periods=5, freq="h"),
         2: pd.date_range("2000-01-01 02:00", periods=7, freq="h")},
        {"z": range(0, 4), "a": range(0, 6)},
    ],
    ids=["int", "period", "datetime", "unsorted-ids"],
)
def test_panel_cutoff_is_sktimes(times_of):
    y = _panel(times_of)
    expected = get_cutoff(y, None, return_index=True)
    got = panel_cutoff(y)
    pd.testing.assert_index_equal(got, expected)
    assert getattr(got, "freq", None) == getattr(expected, "freq", None)
    interleaved = y.sort_index(level=-1, sort_remaining=False, kind="stable")
    pd.testing.assert_index_equal(panel_cutoff(interleaved), expected)  # sktime's path


def test_split_series_gives_views_of_contiguous_series():
    y = _panel({"a": range(3), "b": range(10, 12)})
    series = split_series(y)
    assert [key for key, _ in series] == ["a", "b"]
    assert list(series[1][1].index) == [10, 11] and series[1][1].name == "y"
    np.testing.assert_array_equal(series[1][1].to_numpy(), [3.0, 4.0])
    if PANDAS_MAJOR >= 3:  # pandas 2 (no copy-on-write) copies when the id level is dropped
        assert np.shares_memory(series[1][1].to_numpy(), y["y"].to_numpy())
