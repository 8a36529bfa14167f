"""The "auto" rules of rnnforecast.settings, as pure functions."""

import re

import pandas as pd
import pytest

from rnnforecast.forecasting import _auto as settings
from rnnforecast.nn import check_positive_int


def test_window_length_auto():
    assert settings.resolve_window_length("auto", sp=12, horizon=6, lengths=[500]) == 24  # two seasons
    assert settings.resolve_window_length("auto", sp=12, horizon=18, lengths=[500]) == 36  # two horizons
    assert settings.resolve_window_length("auto", sp=1, horizon=2, lengths=[500]) == 8  # the shortest
    assert settings.resolve_window_length("auto", sp=24, horizon=48, lengths=[900]) == 168  # a week
    assert settings.resolve_window_length("auto", sp=24, horizon=48, lengths=[100]) == 49  # capped: 4 windows
    assert settings.resolve_window_length(5, sp=24, horizon=48, lengths=[100]) == 5
    # a short series: windows shortened (not below 4 values) so that it gives 4 of them
    assert settings.resolve_window_length("auto", sp=1, horizon=6, lengths=[15]) == 6
    assert settings.resolve_window_length("auto", sp=1, horizon=6, lengths=[11]) == 4
    assert settings.resolve_window_length("auto", sp=1, horizon=6, lengths=[9]) == 3  # 1 window
    assert settings.resolve_window_length("auto", sp=12, horizon=18, lengths=[48, 20]) == 27
    # long seasons: one season when more than 10% of the series cannot fill two and fh
    weekly = [80] * 65 + [900] * 294  # M4 Weekly's lengths, roughly
    assert settings.resolve_window_length("auto", sp=52, horizon=13, lengths=weekly) == 52
    assert settings.resolve_window_length("auto", sp=52, horizon=13, lengths=[80] + [900] * 20) == 104
    # short seasons keep two, and the padding of short series
    assert settings.resolve_window_length("auto", sp=12, horizon=18, lengths=[48] * 9 + [126]) == 36


def test_step_length_auto():
    def step(sp, window, n_series=1):
        return settings.resolve_step_length("auto", sp=sp, window_length=window,
                                            n_series=n_series)

    assert step(24, 168) == 24
    assert step(52, 104) == 52
    assert step(52, 52) == 26  # half a season
    assert step(52, 40) == 1  # not a season
    # a short season: its largest divisor that leaves at least 8 recurrent steps
    assert step(12, 36) == 4  # 9 steps
    assert step(12, 48) == 6  # 8 steps
    assert step(12, 24) == 3
    assert step(4, 16) == 2
    assert step(4, 12) == 1  # 2 a step would leave 6
    assert step(7, 28) == 1  # a week a step would leave 4
    assert step(1, 12) == 1
    # a panel's network learns from finer steps: one value a step, long seasons as before
    assert step(12, 36, n_series=2) == 1
    assert step(24, 168, n_series=2) == 24
    assert settings.resolve_step_length(3, sp=24, window_length=168, n_series=1) == 3
    # called as 0.1.0 called it (rnnforecast.settings.step_length): its rule
    assert settings.resolve_step_length("auto", 12, 36) == 1


def test_max_steps_and_hidden_size_auto():
    assert settings.resolve_max_steps("auto", n_windows=50, batch_size=256) == 300
    assert settings.resolve_max_steps("auto", n_windows=115, batch_size=256) == 300
    assert settings.resolve_max_steps("auto", n_windows=900, batch_size=256) == 900
    assert settings.resolve_max_steps("auto", n_windows=5000, batch_size=256) == 2000
    assert settings.resolve_max_steps("auto", n_windows=72_857, batch_size=256) == 2850
    assert settings.resolve_max_steps("auto", n_windows=10**8, batch_size=256) == 10000
    assert settings.resolve_max_steps(None, n_windows=10, batch_size=256) is None
    assert settings.resolve_hidden_size("auto", n_windows=49_999) == 32
    assert settings.resolve_hidden_size("auto", n_windows=50_000) == 64
    assert settings.resolve_hidden_size(16, n_windows=10**6) == 16


def test_horizon_and_sp():
    assert settings.resolve_horizon(None, None, None) == 1
    assert settings.resolve_horizon(7, None, None) == 7
    index = pd.period_range("2000-01", periods=30, freq="M")
    assert settings.resolve_sp("auto", index, 30) == 12
    assert settings.resolve_sp(4, index, 30) == 4
    # no full day in 500 minutes: no daily season to learn
    minutes = pd.date_range("2000-01-01", periods=500, freq="min")
    assert settings.resolve_sp("auto", minutes, 500) == 1
    assert settings.resolve_sp("auto", minutes, 1440) == 1440
    with pytest.raises(ValueError, match=r"sp=40 is longer than the longest series \(30 values\)"):
        settings.resolve_sp(40, index, 30)


@pytest.mark.parametrize("value", [0, -1, 2.5, "big", True])
def test_auto_parameters_name_the_parameter(value):
    expected = f"RNNForecaster: window_length must be a positive integer or 'auto', got {value!r}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        check_positive_int(value, "window_length", owner="RNNForecaster", allow_auto=True)
    check_positive_int("auto", "window_length", allow_auto=True)
    check_positive_int(None, "max_steps", allow_none=True, allow_auto=True)
    with pytest.raises(ValueError, match="must be a positive integer, got 'auto'"):
        check_positive_int("auto", "hidden_size")  # only where allowed
