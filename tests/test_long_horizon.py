"""SegRNN (rnnforecast.nn.SegRNN) and the ETTh1 long-horizon benchmark script."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from rnnforecast.nn import SegRNN

ROOT = Path(__file__).resolve().parents[1]
ETTH1 = ROOT.parent / "shared" / "data" / "ett" / "ETTh1.csv"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "long_horizon", ROOT / "benchmarks" / "long_horizon.py"
    )
    module = importlib.util.module_from_spec(spec)
    # registered, so that its functions can be sent to worker processes (--jobs)
    sys.modules["long_horizon"] = module
    spec.loader.exec_module(module)
    return module


long_horizon = _load_script()


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("channel_embedding", [True, False])
@pytest.mark.parametrize("horizon", [24, 30, 72])
def test_output_shape(cell, channel_embedding, horizon):
    net = SegRNN(96, horizon, 3, seg_len=24, d_model=8, cell=cell,
                 channel_embedding=channel_embedding)
    assert net(torch.randn(5, 96, 3)).shape == (5, horizon, 3)


def test_channels_are_samples_with_shared_weights(seed):
    """Without a channel embedding, a channel's forecast depends on that channel only."""
    torch.manual_seed(seed)
    net = SegRNN(48, 24, 3, seg_len=12, d_model=8, channel_embedding=False).eval()
    x = torch.randn(2, 48, 3)
    y = net(x)
    x2 = x.clone()
    x2[:, :, 1:] = torch.randn(2, 48, 2)
    assert torch.allclose(net(x2)[:, :, 0], y[:, :, 0])
    swapped = net(x[:, :, [2, 0, 1]])
    assert torch.allclose(swapped, y[:, :, [2, 0, 1]], atol=1e-6)


@pytest.mark.parametrize("anchor", ["last", "mean"])
def test_a_shifted_window_gives_a_shifted_forecast(anchor, seed):
    torch.manual_seed(seed)
    net = SegRNN(48, 24, 2, seg_len=12, d_model=8, anchor=anchor).eval()
    x = torch.randn(3, 48, 2)
    assert torch.allclose(net(x + 100.0), net(x) + 100.0, atol=1e-4)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(input_length=100), r"SegRNN: input_length must be a multiple of seg_len=48, "
                                 r"got input_length=100; use input_length=96"),
        (dict(input_length=0), r"SegRNN: input_length must be a positive integer, got 0\."),
        (dict(horizon=2.5), r"SegRNN: horizon must be a positive integer, got 2\.5\."),
        (dict(seg_len=-1), r"SegRNN: seg_len must be a positive integer, got -1\."),
        (dict(d_model=7), r"SegRNN: d_model must be even with channel_embedding=True .*"
                          r"got d_model=7\."),
        (dict(dropout=1.0), r"SegRNN: dropout must be in \[0, 1\), got 1\.0\."),
        (dict(cell="transformer"), r"SegRNN: cell must be one of \['gru', 'lstm', 'rnn'\], "
                                   r"got 'transformer'\."),
        (dict(anchor="first"), r"SegRNN: anchor must be one of \('mean', 'last'\), "
                               r"got 'first'\."),
    ],
)
def test_bad_parameters(kwargs, message):
    params = dict(input_length=96, horizon=24, n_channels=7) | kwargs
    with pytest.raises(ValueError, match=message):
        SegRNN(**params)


def test_d_model_may_be_odd_without_a_channel_embedding():
    net = SegRNN(96, 24, 7, d_model=7, channel_embedding=False)
    assert net(torch.randn(1, 96, 7)).shape == (1, 24, 7)


@pytest.mark.parametrize(
    "shape", [(4, 96, 6), (4, 95, 7), (96, 7), (4, 96, 7, 1)],
)
def test_bad_input_shape(shape):
    net = SegRNN(96, 24, 7, seg_len=24, d_model=8)
    with pytest.raises(ValueError, match=(
        r"SegRNN: expected input of shape \(N, L, C\) = \(N, 96, 7\), "
        + r"got " + repr(shape).replace("(", r"\(").replace(")", r"\)") + r"\."
    )):
        net(torch.randn(*shape))


def test_extra_repr_names_what_differs_from_the_defaults():
    assert SegRNN(96, 24, 7).extra_repr() == "input_length=96, horizon=24, n_channels=7"
    assert SegRNN(96, 24, 7, seg_len=24, cell="lstm").extra_repr() == (
        "input_length=96, horizon=24, n_channels=7, seg_len=24, cell='lstm'"
    )


def test_learns_a_periodic_multichannel_series_better_than_the_last_value(seed):
    """Three channels, periods 24 and 12, different phases and a little noise."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    t = np.arange(1500)
    series = np.stack([
        np.sin(2 * np.pi * t / 24),
        0.5 * np.cos(2 * np.pi * t / 12) + 1.0,
        np.sin(2 * np.pi * t / 24 + 1.0) + 0.3 * np.sin(2 * np.pi * t / 12),
    ], axis=1) + 0.05 * rng.standard_normal((len(t), 3))
    data = torch.tensor(series, dtype=torch.float32)
    L, H = 48, 24
    windows = data.unfold(0, L + H, 1).transpose(1, 2)  # (N, L + H, 3)
    train, test = windows[:1000], windows[1100:]
    net = SegRNN(L, H, 3, seg_len=12, d_model=32, dropout=0.1)
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(8):
        for rows in torch.randperm(len(train), generator=generator).split(64):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(net(train[rows, :L]), train[rows, L:])
            loss.backward()
            optimizer.step()
    net.eval()
    with torch.no_grad():
        mse = torch.nn.functional.mse_loss(net(test[:, :L]), test[:, L:]).item()
    naive = torch.nn.functional.mse_loss(
        test[:, L - 1:L].expand(-1, H, -1), test[:, L:]).item()
    assert mse < 0.1 * naive, (mse, naive)


def test_borders_are_the_standard_ones():
    assert long_horizon.borders(long_horizon.MONTH) == [0, 8640, 11520, 14400]


@pytest.mark.skipif(not ETTH1.is_file(), reason=f"ETTh1 not found at {ETTH1}")
def test_splits_are_standardised_with_the_training_statistics():
    train, valid, test = long_horizon.load_splits(ETTH1, 720)
    assert train.shape == (8640, 7) and valid.shape == test.shape == (2880 + 720, 7)
    np.testing.assert_allclose(train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(train.std(axis=0), 1, atol=1e-5)
    assert np.abs(test.mean(axis=0)).max() > 0.1  # the test rows keep their own level


@pytest.mark.skipif(not ETTH1.is_file(), reason=f"ETTh1 not found at {ETTH1}")
def test_smoke_run_of_the_benchmark_prints_mse_and_mae_last(capsys):
    assert long_horizon.main(["--smoke", "--seed", "0"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    words = lines[-1].split()
    assert words[0] == "MSE" and words[2] == "MAE", lines[-1]
    mse, mae = float(words[1]), float(words[3])
    assert 0 < mae and 0 < mse < 5
    # the same seed gives the same figures
    long_horizon.main(["--smoke", "--seed", "0"])
    assert capsys.readouterr().out.strip().splitlines()[-1] == lines[-1]


@pytest.mark.skipif(not ETTH1.is_file(), reason=f"ETTh1 not found at {ETTH1}")
def test_an_ensemble_scores_the_mean_of_its_members_forecasts(capsys):
    long_horizon.main(["--smoke", "--seed", "0", "--ensemble", "1"])
    single = capsys.readouterr().out.strip().splitlines()[-1]
    long_horizon.main(["--smoke", "--seed", "0", "--ensemble", "2"])
    lines = capsys.readouterr().out.strip().splitlines()
    # its first member is the single run of the same seed, the second that of seed 1
    assert f"seed 0 alone: test {single}" in lines
    assert any(line.startswith("seed 1 alone: test MSE") for line in lines)
    assert any(line.startswith("ensemble of 2 (seeds 0-1") for line in lines)
    assert lines[-1].split()[0] == "MSE" and lines[-1] != single


@pytest.mark.skipif(not ETTH1.is_file(), reason=f"ETTh1 not found at {ETTH1}")
def test_members_trained_in_parallel_processes_give_the_same_figures(capsys):
    long_horizon.main(["--smoke", "--seed", "0", "--ensemble", "2", "--jobs", "1"])
    one_at_a_time = capsys.readouterr().out.strip().splitlines()
    assert one_at_a_time[-2].endswith("(1 process(es))")
    long_horizon.main(["--smoke", "--seed", "0", "--ensemble", "2", "--jobs", "2"])
    parallel = capsys.readouterr().out.strip().splitlines()
    assert parallel[-2].endswith("(2 process(es))")
    assert parallel[-1] == one_at_a_time[-1]
    # each member's own figures (printed by the parent), the same both ways
    for seed in (0, 1):
        alone = [x for x in one_at_a_time if x.startswith(f"seed {seed} alone")]
        assert len(alone) == 1
        assert [x for x in parallel if x.startswith(f"seed {seed} alone")] == alone


def test_jobs_below_one_is_refused(capsys):
    with pytest.raises(SystemExit):
        long_horizon.parse_args(["--jobs", "0"])
    assert "--jobs must be at least 1, got 0" in capsys.readouterr().err


def test_evaluate_takes_the_mean_of_several_networks():
    torch.manual_seed(0)
    split = torch.randn(60, 2)
    net = long_horizon.SegRNN(24, 6, 2, seg_len=6, d_model=8)
    one = long_horizon.evaluate(net, split, 24, 6, 16, "cpu")
    assert long_horizon.evaluate([net, net], split, 24, 6, 16, "cpu") == pytest.approx(one)
    other = long_horizon.SegRNN(24, 6, 2, seg_len=6, d_model=8)
    both = long_horizon.evaluate([net, other], split, 24, 6, 16, "cpu")
    windows = split[torch.arange(60 - 30 + 1)[:, None] + torch.arange(30)]  # every window
    with torch.no_grad():
        mean = (net(windows[:, :24]) + other(windows[:, :24])) / 2
    error = (mean - windows[:, 24:]).double()
    assert both == pytest.approx((float((error ** 2).mean()), float(error.abs().mean())))
    assert both != pytest.approx(one)
