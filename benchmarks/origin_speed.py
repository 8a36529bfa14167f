"""Fit and calibration time of one long series: the forecasts from many origins sharing
their work, against each origin doing all of it (as before), side by side.

The holdout calibration and the block guard of a default ``RNNForecaster`` forecast each
series from many origins (the calibration: n + 8 of them). Two parts of that work are now
shared: the damped-trend member of the median is fitted in one pass over each series for
all its origins (:func:`rnnforecast.forecasting._classical.shared_recursions`), and
``predict`` keeps the float64 copy of a network until its weights change
(:func:`rnnforecast.regression._training.float64_module`). The "per origin" side rebuilds
the former behaviour: one damped-trend fit per origin and a copy of the network per
``predict``. (The in-place recursion and the origin forecasts without a pandas frame,
landed with them, speed up both sides.) Each series is fitted both ways, one torch thread,
warm (a throw-away fit first), and the forecasts and intervals must be the same numbers.

Usage, from the repository root::

    python benchmarks/origin_speed.py --n-series 4
"""

import contextlib
import copy
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from holdout_sharing import long_series_run  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.forecasting import _origins  # noqa: E402
from rnnforecast.regression import _training  # noqa: E402


@contextlib.contextmanager
def per_origin():
    """The former behaviour: nothing shared between origins or predict calls."""
    shared, float64 = _origins.shared_recursions, _training.float64_module
    _origins.shared_recursions = lambda *args: contextlib.nullcontext()
    _training.float64_module = lambda module: copy.deepcopy(module).double().eval()
    try:
        yield
    finally:
        _origins.shared_recursions, _training.float64_module = shared, float64


def timed_fit(y, h, m, seed, params):
    """(seconds, point forecast and 80%/95% bounds) of one default fit and its calibration."""
    start = time.perf_counter()
    f = RNNForecaster(sp=m, random_state=seed, **params).fit(y, fh=np.arange(1, h + 1))
    bounds = f.predict_interval(coverage=[0.8, 0.95]).to_numpy(dtype=float)
    seconds = time.perf_counter() - start
    return seconds, np.concatenate([f.predict().to_numpy(dtype=float), bounds.ravel()])


def main(argv=None):
    args, params, series = long_series_run(__doc__.splitlines()[0], argv)
    warnings.filterwarnings("ignore", category=UserWarning)
    _, _, first, _, _, _ = series[0]
    timed_fit(pd.Series(first[:200]), 4, 1, args.seed, params)  # warm: torch._dynamo
    totals = {"shared": 0.0, "per origin": 0.0}
    same = True
    print(f"{'series':>8} {'length':>6} {'shared s':>9} {'per origin s':>12} {'ratio':>6}")
    for _, key, train, _, h, m in series:
        y = pd.Series(train)
        shared, out = timed_fit(y, h, m, args.seed, params)
        with per_origin():
            alone, out_alone = timed_fit(y, h, m, args.seed, params)
        same &= bool(np.array_equal(out, out_alone))
        totals["shared"] += shared
        totals["per origin"] += alone
        print(f"{key:>8} {len(train):>6} {shared:>9.1f} {alone:>12.1f} {shared / alone:>6.2f}")
    print(f"forecasts and 80%/95% intervals the same numbers both ways: {'yes' if same else 'NO'}")
    print(f"total over {len(series)} series ({args.set}): shared {totals['shared']:.1f} s, "
          f"per origin {totals['per origin']:.1f} s, "
          f"ratio {totals['shared'] / totals['per origin']:.2f}")


if __name__ == "__main__":
    main()
