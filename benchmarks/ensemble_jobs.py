"""An ensemble's networks trained one after another against side by side (``n_jobs``).

``RNNForecaster(n_models=N)`` is fitted on the same panel twice, warm (one
throw-away fit of a tiny network first, so neither side pays torch's first
optimizer): once with ``n_jobs=None`` (one process, torch's threads as set by
``--threads``, all cores by default, as a user gets them) and once with
``n_jobs=--jobs`` (that many worker processes, the threads shared out among
them; their start-up is counted). Prints both wall-clock times, their ratio
and how far apart the two forecasts are (on different numbers of torch threads
they may differ in the last digits; on the same number they are equal, as
``tests/test_ensemble.py`` checks).

Data: the first ``--n-series`` series of M4 Hourly (``--data``, the shared
benchmark folder) 48 hours ahead, or with ``--smoke`` a panel of three copies
of the airline series and a few steps (seconds; what the test suite runs).

Usage, from the repository root::

    python benchmarks/ensemble_jobs.py --n-series 414 --n-models 3 --jobs 2
    python benchmarks/ensemble_jobs.py --smoke
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline


def smoke_panel():
    y = load_airline()
    return pd.concat({f"s{i}": y * (i + 1) for i in range(3)},
                     names=["series", "time"]).to_frame("y"), 12, 12


def m4_hourly(data, n_series):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from classic import load_split  # benchmarks/classic.py

    panel, _, _, _ = load_split(data, "m4-hourly", n_series)
    return panel, 48, 24


def timed_fit(panel, horizon, params):
    start = time.perf_counter()
    forecaster = RNNForecaster(**params).fit(panel, fh=np.arange(1, horizon + 1))
    seconds = time.perf_counter() - start
    return forecaster.predict().to_numpy(dtype=float), seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=100, help="first M4 Hourly series")
    parser.add_argument("--n-models", type=int, default=3, help="networks in the ensemble")
    parser.add_argument("--jobs", type=int, default=2, help="n_jobs of the side-by-side fit")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads of this process (default: torch's, all cores)")
    parser.add_argument("--max-steps", type=int, default=None, help="default: 'auto'")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smoke", action="store_true", help="three airline copies, 30 steps")
    args = parser.parse_args(argv)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    panel, horizon, sp = smoke_panel() if args.smoke else m4_hourly(args.data, args.n_series)
    steps = 30 if args.smoke and args.max_steps is None else args.max_steps or "auto"
    params = {"sp": sp, "n_models": args.n_models, "max_steps": steps,
              "random_state": args.seed, "calibration": None, "combine": None}
    n = panel.index.get_level_values(0).nunique()
    print(f"{n} series, {horizon} ahead, RNNForecaster({params}); "
          f"{torch.get_num_threads()} torch threads here")
    timed_fit(panel, horizon, {**params, "n_models": 1, "max_steps": 5})  # warm-up
    one, one_s = timed_fit(panel, horizon, params)
    print(f"  one after another (n_jobs=None): {one_s:7.1f} s", flush=True)
    side, side_s = timed_fit(panel, horizon, {**params, "n_jobs": args.jobs})
    print(f"  side by side (n_jobs={args.jobs}):      {side_s:7.1f} s", flush=True)
    apart = float(np.max(np.abs(side - one) / np.maximum(np.abs(one), 1e-12)))
    print(f"ratio side by side / one after another: {side_s / one_s:.2f}; "
          f"largest relative difference of the forecasts: {apart:.1e}")
    return one_s, side_s, apart


if __name__ == "__main__":
    main()
