"""Coverage of single-series prediction intervals on white noise, fitted with and without fh.

One model per series (as most users fit), ``--series`` series of ``--length`` values of
Gaussian noise (sd 5, mean 100); each forecast ``--horizon`` steps ahead; the share of the
held-out values inside the 80/90/95% intervals, for a fit with ``fh=1..H`` and a fit without
``fh`` (how sktime's ForecastingGridSearchCV refits). Nominal coverage is the target.
``--calibration`` is the forecaster's default unless given.

    python benchmarks/single_series_coverage.py --series 20
    python benchmarks/single_series_coverage.py --series 20 --calibration auto

tests/test_interval_coverage.py measures the same on series with trend and seasonality, and
on panels of 3.
"""

import argparse
import time
import warnings

import numpy as np
import pandas as pd
import torch

from rnnforecast import RNNForecaster
from rnnforecast.exceptions import IntervalCoverageWarning

COVERAGES = (0.8, 0.9, 0.95)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--length", type=int, default=120)
    parser.add_argument("--horizon", type=int, default=6)
    parser.add_argument("--max-steps", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--calibration", default=None, choices=["auto", "insample", "holdout"])
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    H = args.horizon
    inside = {(mode, c): [] for mode in ("fh", "no fh") for c in COVERAGES}
    start = time.perf_counter()
    for seed in range(args.series):
        rng = np.random.default_rng(seed)
        values = 100 + 5 * rng.standard_normal(args.length + H)
        y = pd.Series(values, index=pd.period_range("2000-01", periods=len(values), freq="M"))
        train, test = y[:-H], y[-H:]
        for mode in ("fh", "no fh"):
            calibration = {} if args.calibration is None else {"calibration": args.calibration}
            f = RNNForecaster(window_length=12, hidden_size=8, max_steps=args.max_steps,
                              random_state=seed, **calibration)
            f.fit(train, fh=np.arange(1, H + 1) if mode == "fh" else None)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IntervalCoverageWarning)
                table = f.predict_interval(fh=np.arange(1, H + 1), coverage=list(COVERAGES))
            column = table.columns.get_level_values(0)[0]
            for c in COVERAGES:
                lower = table[(column, c, "lower")].to_numpy()
                upper = table[(column, c, "upper")].to_numpy()
                inside[mode, c] += list((test.to_numpy() >= lower) & (test.to_numpy() <= upper))
    print(f"white noise, {args.series} series x {args.length} values, H={H}, "
          f"max_steps={args.max_steps}, calibration={f.calibration!r} "
          f"({getattr(f.calibration_, 'method', f.calibration_)}), "
          f"{time.perf_counter() - start:.0f} s")
    for mode in ("fh", "no fh"):
        row = ", ".join(f"{c:.0%}: {np.mean(inside[mode, c]):.3f}" for c in COVERAGES)
        print(f"fit with {mode:6s} coverage  {row}")


if __name__ == "__main__":
    main()
