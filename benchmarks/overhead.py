"""Training overhead of RNNRegressor against a plain torch loop.

Both sides train the same module (:class:`rnnforecast.nn.RNNNet`) on the same
windows with the same batch size, number of gradient steps, Adam, gradient
norm clipping and one ``loss.item()`` per step; RNNRegressor adds input
validation, the skorch net, its history and callbacks and the divergence
check. Each fit is timed warm (one throw-away fit of each side first); the
two sides' fits are interleaved and the medians of their wall-clock and
process CPU times are reported (the CPU time is the steadier figure on a
shared machine), with the ratio of the fastest fits as a second opinion, for

- small: windows of the airline series (132 windows of length 12), and
- large: ~100k windows of length 24 of a long synthetic series.

Run ``python benchmarks/overhead.py`` (``--help`` for the options).
"""

import argparse
import statistics
import time

import numpy as np
import torch

from rnnforecast import RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.nn import RNNNet


def airline_windows(window_length=12):
    series = np.log(load_airline().to_numpy(dtype=float))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], window_length)
    return X, series[window_length:]


def synthetic_windows(n_windows=100_000, window_length=24, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n_windows + window_length, dtype=float)
    series = np.sin(2 * np.pi * t / 24) + 0.3 * np.sin(2 * np.pi * t / 168)
    series += 0.1 * rng.standard_normal(len(t))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], window_length)
    return X, series[window_length:]


def fit_plain(X, y, *, hidden_size, max_epochs, batch_size, lr, clip, seed):
    """The hand-written loop: what one would write without skorch."""
    torch.manual_seed(seed)
    X = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32)[:, :, None])
    y = torch.from_numpy(np.asarray(y, dtype=np.float32).reshape(len(y), -1))
    module = RNNNet(input_size=1, output_size=y.shape[1], hidden_size=hidden_size)
    optimizer = torch.optim.Adam(module.parameters(), lr=lr)
    criterion = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(seed)
    module.train()
    losses = []
    n = len(X)
    for _ in range(max_epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch_size):
            index = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = criterion(module(X[index]), y[index])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), clip)
            optimizer.step()
            losses.append(loss.item())
    return module, losses


def fit_regressor(X, y, *, hidden_size, max_epochs, batch_size, lr, clip, seed):
    reg = RNNRegressor(
        hidden_size=hidden_size,
        max_epochs=max_epochs,
        batch_size=batch_size,
        lr=lr,
        clip_grad_norm=clip,
        device="cpu",
        random_state=seed,
    )
    return reg.fit(X, y)


def timed(fit, *args, **kwargs):
    """Wall-clock and process CPU seconds of one call.

    The CPU time is the steadier figure on a shared machine: it does not count
    the time this process waits for a core.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    fit(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="torch threads, both sides")
    parser.add_argument("--repeats", type=int, default=5, help="fits of each side, small")
    parser.add_argument("--large-repeats", type=int, default=3)
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--small-epochs", type=int, default=50)
    parser.add_argument("--small-batch-size", type=int, default=16)
    parser.add_argument("--large-windows", type=int, default=100_000)
    parser.add_argument("--large-epochs", type=int, default=2)
    parser.add_argument("--large-batch-size", type=int, default=256)
    parser.add_argument(
        "--only", choices=["small", "large"], default=None, help="run one size only"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    cases = {
        "small": (
            airline_windows(),
            args.small_epochs,
            args.small_batch_size,
            args.repeats,
        ),
        "large": (
            synthetic_windows(args.large_windows),
            args.large_epochs,
            args.large_batch_size,
            args.large_repeats,
        ),
    }
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
        f"hidden_size={args.hidden_size}; median of {args.repeats} (small) and "
        f"{args.large_repeats} (large) warm fits per side"
    )
    header = f"{'case':<7}{'windows':>9}{'L':>4}{'epochs':>7}{'batch':>6}{'steps':>7}"
    header += f"{'clock':>6}{'plain s':>9}{'RNNRegressor s':>16}{'ratio':>7}"
    header += f"{'ratio of mins':>15}"
    print(header)
    for name, ((X, y), epochs, batch_size, repeats) in cases.items():
        if args.only and name != args.only:
            continue
        kwargs = dict(
            hidden_size=args.hidden_size,
            max_epochs=epochs,
            batch_size=batch_size,
            lr=1e-3,
            clip=1.0,
            seed=0,
        )
        fit_plain(X, y, **kwargs)  # warm-up: the first optimizer of a process is slow
        fit_regressor(X, y, **kwargs)
        # Interleave the repeats so that load from others hits both sides alike.
        plain, reg = [], []
        for _ in range(repeats):
            plain.append(timed(fit_plain, X, y, **kwargs))
            reg.append(timed(fit_regressor, X, y, **kwargs))
        steps = epochs * -(-len(X) // batch_size)
        for clock, column in [("wall", 0), ("cpu", 1)]:
            t_plain = statistics.median(t[column] for t in plain)
            t_reg = statistics.median(t[column] for t in reg)
            best = min(t[column] for t in reg) / min(t[column] for t in plain)
            print(
                f"{name:<7}{len(X):>9}{X.shape[1]:>4}{epochs:>7}{batch_size:>6}"
                f"{steps:>7}{clock:>6}{t_plain:>9.3f}{t_reg:>16.3f}"
                f"{t_reg / t_plain:>7.2f}{best:>15.2f}"
            )

if __name__ == "__main__":
    main()
