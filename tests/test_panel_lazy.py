"""The lazy panel index (PanelWindows), vectorised forecast rounds and the panel frame."""

import numpy as np
import pandas as pd
import pytest
import torch

from rnnforecast import RNNRegressor
from rnnforecast.forecasting._panel_output import forecast_times, panel_frame
from rnnforecast.forecasting._seasonality import SeasonalIndices, StackedIndices
from rnnforecast.preprocessing._panel_windows import (
    forecast_rounds,
    last_windows,
    padded_rows,
    panel_windows,
    stack_rows,
    stack_tails,
    stream_panel_windows,
    training_windows,
)
from rnnforecast.regression._training import ArrayDataset, BatchIterator, TailSplit


def _ragged(n_features=2, lengths=(30, 5, 12, 3, 50), seed=0):
    rng = np.random.RandomState(seed)
    features, targets = [], []
    for T in lengths:
        values = rng.rand(T) * 10
        features.append(np.column_stack([values, rng.rand(T, n_features - 1)]))
        targets.append(values)
    return features, targets


@pytest.mark.parametrize("L, H", [(6, 3), (10, 2), (4, 1), (1, 1)])
def test_panel_windows_are_training_windows(L, H):
    features, targets = _ragged()
    X, y = training_windows(features, targets, L, H)
    windows = panel_windows(features, targets, L, H)
    assert windows.shape == X.shape and windows.horizon == H and len(windows) == len(X)
    Xl, yl = windows.materialize()
    np.testing.assert_array_equal(Xl, X)
    np.testing.assert_array_equal(yl, y)
    part = windows[2:9]
    Xp, yp = part.take(np.array([0, 3, 6]))
    np.testing.assert_array_equal(Xp, X[[2, 5, 8]])
    np.testing.assert_array_equal(yp, y[[2, 5, 8]])


def test_panel_windows_memory_is_the_series_plus_an_index():
    features, targets = _ragged(lengths=[300] * 50)
    windows = panel_windows(features, targets, 48, 24)
    materialised = np.prod(windows.shape) * 4
    # targets are the first feature: read from the rows, not stored twice
    assert windows.targets is None and windows.starts.dtype == np.int32
    assert windows.rows.shape == (50 * (300 + 47), 2)  # no is_padding column
    assert windows.nbytes < materialised / 20


def test_panel_windows_keep_targets_that_are_not_the_first_feature():
    features, targets = _ragged()
    targets[2] = targets[2] + 1.0  # the third series' targets differ from its values
    X, y = training_windows(features, targets, 6, 2)
    windows = panel_windows(features, targets, 6, 2)
    assert windows.targets is not None
    Xl, yl = windows.materialize()
    np.testing.assert_array_equal(Xl, X)
    np.testing.assert_array_equal(yl, y)


def test_stream_panel_windows_consumes_series_once():
    features, targets = _ragged()
    expected = panel_windows(features, targets, 6, 2).materialize()
    lengths = [len(t) for t in targets]
    streamed = stream_panel_windows(lengths, 2, iter(list(zip(features, targets))), 6, 2)
    for got, want in zip(streamed.materialize(), expected):
        np.testing.assert_array_equal(got, want)


def test_panel_windows_errors_name_what_is_wrong():
    features, targets = _ragged(lengths=[3, 2])
    with pytest.raises(ValueError, match=r"no series is longer than the horizon \(3\)"):
        panel_windows(features, targets, 4, 3)
    windows = panel_windows(*_ragged(), 4, 2)
    with pytest.raises(TypeError, match=r"PanelWindows: index must be a slice .*got 3"):
        windows[3]


def test_array_dataset_serves_panel_batches_and_tail_split():
    features, targets = _ragged()
    X, y = training_windows(features, targets, 6, 2)
    dataset = ArrayDataset(panel_windows(features, targets, 6, 2))
    assert dataset.lazy and len(dataset) == len(X)
    train, valid = TailSplit(0.25)(dataset)
    n_valid = TailSplit(0.25).n_valid(len(X))
    Xv, yv = valid.batch(slice(None))
    np.testing.assert_array_equal(Xv.numpy(), X[-n_valid:])
    np.testing.assert_array_equal(yv.numpy(), y[-n_valid:])
    batches = list(BatchIterator(train, 7, shuffle=True, seed=0))
    assert sum(len(b[0]) for b in batches) == len(X) - n_valid
    assert sorted(map(tuple, np.concatenate([b[1].numpy() for b in batches]).tolist())) == sorted(
        map(tuple, y[:-n_valid].tolist())
    )


def test_batch_iterator_moves_batches_to_the_device_once():
    dataset = ArrayDataset(np.zeros((10, 4, 1), dtype=np.float32), np.zeros((10, 1)))
    batches = list(BatchIterator(dataset, 4, device="meta"))
    assert all(X.device.type == "meta" and y.device.type == "meta" for X, y in batches)
    assert all(X.device.type == "cpu" for X, _ in BatchIterator(dataset, 4, device="cpu"))


@pytest.mark.parametrize("validation_fraction", [None, 0.2])
def test_lazy_fit_equals_materialised_fit(validation_fraction):
    features, targets = _ragged()
    params = dict(hidden_size=3, max_epochs=2, batch_size=8, random_state=0,
                  validation_fraction=validation_fraction)
    X, y = training_windows(features, targets, 6, 2)
    eager = RNNRegressor(**params).fit(X, y)
    lazy = RNNRegressor(**params)._fit_windows(panel_windows(features, targets, 6, 2))
    assert lazy.n_features_in_ == eager.n_features_in_ and lazy.n_outputs_ == 2
    np.testing.assert_array_equal(lazy.predict(X[:20]), eager.predict(X[:20]))
    np.testing.assert_array_equal(
        lazy.history_[:, "train_loss"], eager.history_[:, "train_loss"]
    )


def test_lazy_fit_validates_parameters():
    with pytest.raises(ValueError, match="hidden_size"):
        RNNRegressor(hidden_size=0)._fit_windows(panel_windows(*_ragged(), 6, 2))


def test_forecast_rounds_equal_the_per_series_loop():
    rng = np.random.RandomState(1)
    L, H, rounds = 5, 2, 3
    series = [rng.rand(n) for n in (9, 3, 7)]
    x = [rng.rand(len(s) + rounds * H, 1) for s in series]
    weights = rng.rand(L * 3)

    def predict(windows):
        flat = windows.reshape(len(windows), -1).astype(float)
        return np.column_stack([flat @ weights, flat @ weights[::-1]])

    expected = []
    for s, xs in zip(series, x):
        y_ext = s.copy()
        out = []
        for _ in range(rounds):
            T = len(y_ext)
            led = np.full((T, 1), np.nan)
            led[: min(T, len(xs) - H)] = xs[H : H + min(T, len(xs) - H)]
            feats = np.column_stack([y_ext, led]).astype(np.float32)
            p = predict(last_windows([feats], L))[0]
            out.append(p)
            y_ext = np.concatenate([y_ext, p])
        expected.append(np.concatenate(out))
    y, pad = stack_tails(series, L)
    rows = stack_rows(x, pad, y.shape[1] + rounds * H)
    got = forecast_rounds(predict, y, pad, L, H, rounds, rows)
    np.testing.assert_allclose(got, np.array(expected), rtol=1e-12)  # BLAS sums by batch


def test_stacked_seasonal_indices_match_one_by_one():
    a, b = SeasonalIndices([0.5, 1.5, 1.0], True), SeasonalIndices([-1.0, 0.0, 1.0], False)
    stacked = StackedIndices([a, None, b])
    values = np.arange(1.0, 13.0).reshape(3, 4)
    positions = np.array([[0, 1, 2, 3], [5, 6, 7, 8], [2, 3, 4, 5]])
    adjusted = stacked.adjust(values, positions)
    np.testing.assert_array_equal(adjusted[0], a.adjust(values[0], positions[0]))
    np.testing.assert_array_equal(adjusted[1], values[1])
    np.testing.assert_array_equal(adjusted[2], b.adjust(values[2], positions[2]))
    np.testing.assert_array_equal(stacked.restore(adjusted, positions), values)


@pytest.mark.parametrize(
    "last, freq",
    [
        (pd.PeriodIndex(["2000-01", "2001-06"], freq="M"), None),
        (pd.DatetimeIndex(["2000-01-31", "2001-06-30"]), pd.offsets.MonthEnd()),
        (pd.Index([10, 20]), None),
    ],
)
def test_forecast_times_step_from_each_series_end(last, freq):
    times = forecast_times(last, np.array([1, 3]), freq)
    for i, t in enumerate(last):
        step = 1 if freq is None else freq
        assert times[2 * i] == t + step and times[2 * i + 1] == t + 3 * step


def test_panel_frame_index_levels():
    values = np.arange(6.0).reshape(3, 2)
    frame = panel_frame(values, [("a", 1), ("a", 2), ("b", 1)], pd.Index([7, 8]), ["g", "s", "t"], "y")
    assert frame.index.names == ["g", "s", "t"]
    assert frame.index.tolist()[:3] == [("a", 1, 7), ("a", 1, 8), ("a", 2, 7)]
    np.testing.assert_array_equal(frame["y"].to_numpy(), values.ravel())


@pytest.mark.parametrize("lengths", [(5000,), (5000, 4200, 30)])
def test_panel_windows_order_of_long_series(lengths):
    """Many windows per series take the sorting path: same order as training_windows."""
    features, targets = _ragged(n_features=1, lengths=lengths)
    X, y = training_windows(features, targets, 4, 1)
    windows = panel_windows(features, targets, 4, 1)
    np.testing.assert_array_equal(windows.materialize()[0], X)
    np.testing.assert_array_equal(windows.materialize()[1], y)


@pytest.mark.slow
def test_panel_scale_benchmark_runs_both_modes(capsys):
    """Smoke run of benchmarks/panel_scale.py: each mode in a child process, same windows."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "panel_scale.py"
    spec = importlib.util.spec_from_file_location("panel_scale", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--series", "20", "--length", "80", "--max-steps", "2", "--repeats", "1"])
    out = capsys.readouterr().out
    for mode in ["lazy", "materialise"]:
        assert f"{mode:12s} fit: peak RSS of the process" in out
    assert "failed" not in out
