"""The skorch plumbing: lazy datasets, seeded batches, tail validation, the net."""

import numpy as np
import pytest
import torch
from numpy.lib.stride_tricks import sliding_window_view

from rnnforecast.exceptions import TrainingDivergedError
from rnnforecast.nn import RNNNet as RNNModule
from rnnforecast.regression._training import ArrayDataset, BatchIterator, RNNNetRegressor, TailSplit


@pytest.fixture
def series():
    return np.sin(np.arange(100) / 4)


def test_contiguous_float32_is_shared_not_copied():
    X = np.zeros((5, 3, 1), dtype=np.float32)
    dataset = ArrayDataset(X, np.zeros(5))
    assert not dataset.lazy
    assert np.shares_memory(dataset.X.numpy(), X)
    assert dataset.y.dtype == torch.float32


def test_strided_view_is_lazy(series):
    X = sliding_window_view(series, 10)[:, :, None]  # read-only, overlapping
    dataset = ArrayDataset(X, series[:91])
    assert dataset.lazy and np.shares_memory(dataset.X, series)
    dense = ArrayDataset(np.ascontiguousarray(X), series[:91])
    index = torch.tensor([3, 0, 90])
    for lazy_part, dense_part in zip(dataset.batch(index), dense.batch(index)):
        assert torch.equal(lazy_part, dense_part)
    Xb, yb = dataset.batch(slice(10, 20))
    assert Xb.dtype == torch.float32 and Xb.shape == (10, 10, 1) and yb.shape == (10,)
    part = dataset.subset(50, 91)
    assert part.lazy and len(part) == 41 and np.shares_memory(part.X, series)


@pytest.mark.parametrize("batch_size", [1, 7, 32, 200])
def test_batches_cover_every_row_once(series, seed, batch_size):
    dataset = ArrayDataset(sliding_window_view(series, 10)[:, :, None], np.arange(91.0))
    for shuffle in [False, True]:
        iterator = BatchIterator(dataset, batch_size, shuffle=shuffle, seed=seed)
        batches = list(iterator)
        assert len(batches) == len(iterator)
        rows = torch.cat([yb for _, yb in batches]).numpy()
        assert sorted(rows) == list(range(91))
        assert (rows.tolist() == list(range(91))) == (not shuffle)


def test_shuffling_is_seeded(seed):
    dataset = ArrayDataset(np.zeros((50, 2, 1)), np.arange(50.0))

    def order(iterator):
        return torch.cat([yb for _, yb in iterator]).tolist()

    first = BatchIterator(dataset, 8, shuffle=True, seed=seed)
    again = BatchIterator(dataset, 8, shuffle=True, seed=seed)
    assert order(first) == order(again)
    assert order(first) != order(BatchIterator(dataset, 8, shuffle=True, seed=seed + 1))
    assert order(first) != order(first)  # every pass draws a new permutation


@pytest.mark.parametrize(
    "fraction, n_valid", [(0.2, 2), (0.25, 2), (0.01, 1), (0.99, 9), (0.5, 5)]
)
def test_tail_split_validates_on_latest_rows(fraction, n_valid):
    y = np.arange(10.0)
    dataset = ArrayDataset(np.arange(30.0).reshape(10, 3, 1), y)
    train, valid = TailSplit(fraction)(dataset)
    assert valid.y.numpy().tolist() == y[10 - n_valid :].tolist()
    assert train.y.numpy().tolist() == y[: 10 - n_valid].tolist()
    assert np.array_equal(valid.X[:, 0, 0].numpy(), 3 * y[10 - n_valid :])
    assert repr(TailSplit(fraction)) == f"TailSplit(fraction={fraction!r})"


def _net(**kwargs):
    params = dict(
        module=RNNModule,
        module__input_size=1,
        module__output_size=1,
        module__hidden_size=4,
        optimizer=torch.optim.Adam,
        max_epochs=3,
        batch_size=16,
        dataset=ArrayDataset,
        iterator_train=BatchIterator,
        iterator_train__shuffle=True,
        iterator_train__seed=0,
        iterator_valid=BatchIterator,
        train_split=TailSplit(0.25),
    )
    return RNNNetRegressor(**dict(params, **kwargs))


def test_history_records_losses_per_batch_and_epoch(series, seed):
    torch.manual_seed(seed)
    X, y = sliding_window_view(series[:-1], 10)[:, :, None], series[10:, None]
    net = _net().fit(X, y)
    assert len(net.history) == 3
    for epoch in net.history:
        train = [b for b in epoch["batches"] if "train_loss" in b]
        valid = [b for b in epoch["batches"] if "valid_loss" in b]
        assert [b["train_batch_size"] for b in train] == [16, 16, 16, 16, 4]
        assert [b["valid_batch_size"] for b in valid] == [16, 6]
        assert epoch["train_batch_count"] == 5 and epoch["valid_batch_count"] == 2
        assert all(isinstance(b["train_loss"], float) for b in train)
        expected = np.average(
            [b["train_loss"] for b in train], weights=[b["train_batch_size"] for b in train]
        )
        assert epoch["train_loss"] == pytest.approx(expected)
        assert "valid_loss" in epoch and "train_loss_best" in epoch


def test_non_finite_loss_raises(series, seed):
    torch.manual_seed(seed)
    X, y = sliding_window_view(series[:-1], 10)[:, :, None], 1e20 * series[10:, None]
    with pytest.raises(TrainingDivergedError, match=r"epoch 1 \(loss=inf\).*lr \(got 0.01\)"):
        _net(lr=0.01).fit(X, y)
