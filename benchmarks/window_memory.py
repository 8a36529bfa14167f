"""Peak memory of fitting RNNRegressor on 2 million windows of 168 steps.

The path measured is the one of a Pipeline:
``make_supervised`` -> ``WindowTransformer(168)`` -> ``RNNRegressor.fit``.
The transformer returns a strided view of one padded (T + L - 1, F) float32
array, scikit-learn's validation and the regressor's dataset keep the view,
and each batch is gathered when it is needed, so the (N, L, F) array of
windows is never materialised. The script prints, beside what materialised
windows would take (N * L * F * 4 bytes):

- the peak of numpy/Python allocations during ``fit`` (``tracemalloc``;
  torch's own allocations are not seen by it),
- the growth of the process's peak resident memory during ``fit``
  (``VmHWM`` of ``/proc/self/status``, reset before ``fit``; it sees
  everything, torch included).

Run: ``python benchmarks/window_memory.py [n_points]`` (about a minute on two
CPU cores for the default 2,000,000 points). The series is synthetic: a
daily cycle of 24 hourly steps, a weekly one and noise.
"""

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from rnnforecast import RNNRegressor
from rnnforecast.preprocessing import WindowTransformer
from rnnforecast.preprocessing._windows import make_supervised

WINDOW_LENGTH = 168
MB = 2**20


def peak_rss_mb():
    """Peak resident memory of this process (VmHWM), in MiB; None off Linux."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def reset_peak_rss():
    """Reset VmHWM to the current resident memory (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def main(n_points=2_000_000):
    torch.set_num_threads(1)  # the cores are shared; one thread is steadier
    rng = np.random.default_rng(0)
    t = np.arange(n_points)
    noise = 0.1 * rng.normal(size=n_points)
    series = np.sin(2 * np.pi * t / 24) + 0.5 * np.sin(2 * np.pi * t / 168) + noise
    X, y = make_supervised(pd.Series(series), horizon=1)
    del series, t, noise
    pipeline = Pipeline(
        [
            ("window", WindowTransformer(WINDOW_LENGTH)),
            (
                "model",
                RNNRegressor(
                    "gru",
                    hidden_size=8,
                    step_length=24,
                    max_epochs=1,
                    batch_size=4096,
                    lr=1e-2,
                    random_state=0,
                ),
            ),
        ]
    )
    n_rows, n_features = len(X), X.shape[1] + 1  # + the is_padding indicator
    data_mb = (X.memory_usage().sum() + y.memory_usage()) / MB
    windows_mb = n_rows * WINDOW_LENGTH * n_features * 4 / MB

    # Warm up on a small slice: the first fit imports parts of torch that would
    # otherwise count as allocations of the measured fit.
    clone(pipeline).fit(X.iloc[:5000], y.iloc[:5000])

    reset_peak_rss()
    rss_before = peak_rss_mb()
    tracemalloc.start()
    start = time.perf_counter()
    pipeline.fit(X, y)
    seconds = time.perf_counter() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = peak_rss_mb()

    tail = 100_000
    start = time.perf_counter()
    y_pred = pipeline.predict(X.iloc[-tail:])
    predict_seconds = time.perf_counter() - start
    mae = float(np.mean(np.abs(y_pred - y.iloc[-tail:].to_numpy())))

    print(f"series: {n_points:,} points; windows: N={n_rows:,}, L={WINDOW_LENGTH}, F={n_features}")
    print(f"data (features + targets, float64):           {data_mb:10.1f} MiB")
    print(f"materialised windows would take N*L*F*4 =     {windows_mb:10.1f} MiB")
    print(f"fit: peak numpy/Python allocations (tracemalloc): {traced_peak / MB:6.1f} MiB")
    if rss_before is not None:
        print(
            f"fit: peak resident memory {rss_after:.1f} MiB, "
            f"{rss_after - rss_before:+.1f} MiB over the {rss_before:.1f} MiB before fit"
        )
    print(f"fit: 1 epoch in {seconds:.1f} s; predict {tail:,} rows in {predict_seconds:.1f} s")
    print(f"one-step MAE on the last {tail:,} rows: {mae:.3f} (the noise alone gives 0.080)")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n_points", type=int, nargs="?", default=2_000_000,
                        help="length of the series (default 2,000,000)")
    main(parser.parse_args().n_points)
