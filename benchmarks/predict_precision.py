"""What float64 inference costs: predict time against float32 on a large input.

``RNNRegressor.predict`` runs a float64 copy of the trained module so that a
row's prediction does not depend on the rows that share its batch (float32
kernels sum in a batch- and thread-dependent order). This script times both
on the same fitted network and the same windows, interleaved, and prints the
medians, their ratio, and the largest batch-dependence of each precision
(a row predicted alone against the same row inside the whole batch).

Run ``python benchmarks/predict_precision.py`` (``--help`` for the options).
"""

import argparse
import statistics
import time

import numpy as np
import torch
from skorch import NeuralNetRegressor

from rnnforecast import RNNRegressor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=100_000)
    parser.add_argument("--window-length", type=int, default=24)
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    rng = np.random.default_rng(0)
    t = np.arange(args.windows + args.window_length, dtype=float)
    series = np.sin(2 * np.pi * t / 24) + 0.1 * rng.standard_normal(len(t))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], args.window_length)
    y = series[args.window_length :]
    reg = RNNRegressor(
        hidden_size=args.hidden_size, max_epochs=1, batch_size=args.batch_size, random_state=0
    ).fit(X[:2000], y[:2000])
    X3 = np.ascontiguousarray(X[:, :, None], dtype=np.float32)

    def float32_predict(rows):
        return NeuralNetRegressor.predict(reg.net_, rows).ravel()

    def float64_predict(rows):
        return reg.predict(rows[:, :, 0])

    times = {"float32": [], "float64": []}
    for _ in range(args.repeats):
        for name, predict in [("float32", float32_predict), ("float64", float64_predict)]:
            start = time.perf_counter()
            predict(X3)
            times[name].append(time.perf_counter() - start)
    drift = {}
    for name, predict in [("float32", float32_predict), ("float64", float64_predict)]:
        whole = predict(X3[:500])
        alone = np.array([predict(X3[i : i + 1])[0] for i in range(500)])
        drift[name] = float(np.abs(whole - alone).max())
    f32, f64 = statistics.median(times["float32"]), statistics.median(times["float64"])
    print(
        f"predict {args.windows:,} windows x L={args.window_length}, hidden "
        f"{args.hidden_size}, batch {args.batch_size}, {args.threads} torch thread(s)"
    )
    print(f"float32 (skorch's predict): {f32:.3f} s   max |row alone - row in batch| {drift['float32']:.2e}")
    print(f"float64 (RNNRegressor):     {f64:.3f} s   max |row alone - row in batch| {drift['float64']:.2e}")
    print(f"ratio float64 / float32: {f64 / f32:.2f}")


if __name__ == "__main__":
    main()
