"""Memory of a one-epoch global fit and time of a panel forecast, lazy vs materialising.

A synthetic panel of S series x T values (noisy sines of different periods,
levels and scales, integer time index), window 48, H = 24, hidden 16: one
:class:`rnnforecast.RNNForecaster` (GRU) is fitted for exactly one epoch
(``max_epochs=1, max_steps=None``), then forecasts the 24 steps after every
series' end.

Each mode runs in a fresh process, so that its peak resident memory is its
own. The peak (``VmHWM``, reset through ``/proc/self/clear_refs`` just
before ``fit``) is reported twice: as the whole process's peak during
``fit`` (the panel frame and the imports included), and as its growth over
the resident memory just before ``fit``. The whole process's peak during
``predict`` is measured the same way.

- ``lazy``: the library's path: windows gathered a batch at a time from the
  padded series (:class:`rnnforecast.panel.PanelWindows`).
- ``materialise``: the previous path, all windows and targets concatenated
  into arrays (:func:`rnnforecast.panel.training_windows`) and given to
  ``RNNRegressor.fit``; the same windows, in the same order, so the same
  network.

Usage, from the repository root (one torch thread)::

    python benchmarks/panel_scale.py                          # 10,000 x 300, both modes
    python benchmarks/panel_scale.py --series 100000 --length 1000 --modes lazy --max-steps 100 \\
        --repeats 1

The ``materialise`` mode needs all windows in memory: 20,000 x 1,000 took 23 GB, so leave it
out (``--modes lazy``) for large panels.

``--max-steps`` stops the epoch early (the memory of the data and of the
index is all there from the first step; the time is then not an epoch's).
"""

import argparse
import json
import os
import subprocess
import sys
import time


def _rss_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak():
    """Reset this process's peak resident memory (VmHWM) to its current one."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def make_panel(n_series, length, seed=0):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(length)
    period = rng.integers(6, 48, size=(n_series, 1))
    level = rng.uniform(10, 1000, size=(n_series, 1))
    values = level * (1 + 0.3 * np.sin(2 * np.pi * t / period)) + rng.normal(0, 5, (n_series, length))
    index = pd.MultiIndex.from_arrays(
        [np.repeat(np.arange(n_series), length), np.tile(t, n_series)], names=["id", "time"]
    )
    return pd.DataFrame({"y": values.ravel()}, index=index)


def run_one(args):
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    import rnnforecast.forecasting._training_windows as windows_module

    from rnnforecast import RNNForecaster, RNNRegressor
    from rnnforecast.preprocessing._panel_windows import training_windows

    if args.mode == "materialise":
        class Materialised:
            def __init__(self, lengths, n_features, series, window_length, horizon):
                features, targets = map(list, zip(*series))
                self.X, self.y = training_windows(features, targets, window_length, horizon)
                self.shape = self.X.shape

            def __len__(self):
                return len(self.X)

        windows_module.stream_panel_windows = Materialised
        RNNRegressor._fit_windows = lambda self, w: self.fit(w.X, w.y)

    y = make_panel(args.series, args.length)
    f = RNNForecaster(
        window_length=48, horizon=24, hidden_size=16, max_epochs=1,
        max_steps=args.max_steps, batch_size=args.batch_size, random_state=0,
    )
    before = _rss_mb("VmRSS")
    _reset_peak()
    start = time.perf_counter()
    f.fit(y)
    fit_s = time.perf_counter() - start
    peak = _rss_mb("VmHWM")
    fh = np.arange(1, 25)
    times = []
    _reset_peak()
    for _ in range(args.repeats):
        start = time.perf_counter()
        y_pred = f.predict(fh=fh)
        times.append(time.perf_counter() - start)
    predict_peak = _rss_mb("VmHWM")
    steps = len(f.regressor_.history_[-1, "batches"])
    print(json.dumps({
        "mode": args.mode, "series": args.series, "length": args.length,
        "rss_before_fit_mb": round(before), "peak_growth_mb": round(peak - before),
        "fit_peak_rss_mb": round(peak), "predict_peak_rss_mb": round(predict_peak),
        "fit_s": round(fit_s, 1), "steps": steps,
        "predict_s_best": round(min(times), 3), "predict_s_all": [round(t, 3) for t in times],
        "predicted_rows": len(y_pred),
    }))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--length", type=int, default=300)
    parser.add_argument("--modes", default="lazy,materialise")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    if args.mode:
        return run_one(args)
    print(f"panel {args.series:,} series x {args.length:,} values, window 48, H=24, hidden 16, "
          f"one epoch{'' if args.max_steps is None else f' (at most {args.max_steps} steps)'}, "
          f"{args.threads} torch thread(s)")
    for mode in args.modes.split(","):
        cmd = [sys.executable, __file__, "--mode", mode, "--series", str(args.series),
               "--length", str(args.length), "--batch-size", str(args.batch_size),
               "--repeats", str(args.repeats), "--threads", str(args.threads)]
        if args.max_steps is not None:
            cmd += ["--max-steps", str(args.max_steps)]
        out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
        if out.returncode:
            print(f"{mode}: failed (exit {out.returncode})\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{mode:12s} fit: peak RSS of the process {r['fit_peak_rss_mb']:6d} MB, growth "
              f"{r['peak_growth_mb']:6d} MB (RSS before fit {r['rss_before_fit_mb']} MB), "
              f"{r['fit_s']} s for {r['steps']} steps; predict {args.series:,} series x 24 "
              f"steps: best {r['predict_s_best']} s of {r['predict_s_all']}, peak RSS "
              f"{r['predict_peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
