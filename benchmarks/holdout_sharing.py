"""Fit time of one long series: the guard and the calibration sharing one holdout network,
against each fitting its own (as before), side by side.

A default ``RNNForecaster`` fitted on one long series trains three networks of the same
size: the forecast's, the block guard's (``combine="auto"``, fitted without the last 6 H
values) and the holdout calibration's (without the last n + K - 1). Now the guard uses the
calibration's network where that holds out at least its 6 H values
(:class:`rnnforecast.forecasting._origins.Holdouts`): the long series of a short horizon
(daily, weekly, monthly), not M4 Hourly's 48 hours (6 H = 288 values beyond the 147 of
the calibration). This script fits the same series both ways, one fit
at a time, one torch thread, each way warm (a throw-away fit first), interleaved, and
prints each series' seconds, the holdout networks fitted and the ratio of the total
times. The "separate" side is the former behaviour rebuilt here: a ``Holdouts`` that
never shares. Accuracy is not judged here: ``protocol.py`` does that.

Usage, from the repository root::

    python benchmarks/holdout_sharing.py --n-series 4
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol import sample  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.forecasting import _fitting, _origins  # noqa: E402


class SeparateHoldouts(_origins.Holdouts):
    """The former behaviour: every user fits its own clone."""

    def fit(self, series, frames, cut, combine, exact=False):
        clone = _origins.fit_holdout(self.forecaster, series, frames, cut=cut, combine=None)
        clone.combine_ = combine
        return clone


def timed_fit(y, h, m, seed, separate, params=None):
    """(seconds, holdout networks fitted, forecast) of one default fit and its calibration."""
    fitted = []
    fit_holdout = _origins.fit_holdout

    def counted(*args, **kwargs):
        fitted.append(kwargs.get("cut"))
        return fit_holdout(*args, **kwargs)

    _origins.fit_holdout = counted
    _fitting.Holdouts = SeparateHoldouts if separate else _origins.Holdouts
    try:
        start = time.perf_counter()
        f = RNNForecaster(sp=m, random_state=seed, **(params or {})).fit(
            y, fh=np.arange(1, h + 1))
        f.calibration_  # noqa: B018 (a calibration fit of its own is made on first use)
        seconds = time.perf_counter() - start
    finally:
        _origins.fit_holdout = fit_holdout
        _fitting.Holdouts = _origins.Holdouts
    return seconds, len(fitted), f.predict().to_numpy(dtype=float)


def long_series_run(description, argv=None):
    """(args, RNNForecaster params, series of a protocol.py set) of a timing script: its
    options (--set, --data, --n-series, --seed, --params) parsed, one torch thread."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--set", default="tuning-long", help="a set of protocol.py")
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", category=FutureWarning)
    return args, json.loads(args.params), sample(Path(args.data), args.set, args.n_series)


def main(argv=None):
    args, params, series = long_series_run(__doc__.splitlines()[0], argv)
    _, _, first, _, h, m = series[0]
    for separate in (False, True):  # warm: the first optimizer imports torch._dynamo
        timed_fit(pd.Series(first[:200]), 4, 1, args.seed, separate, params)
    totals = {False: 0.0, True: 0.0}
    print(f"{'series':>8} {'length':>6} {'shared s':>9} {'(fits)':>6} {'separate s':>10} "
          f"{'(fits)':>6} {'ratio':>6}")
    for _, key, train, _, h, m in series:
        y = pd.Series(train)
        shared, n_shared, _ = timed_fit(y, h, m, args.seed, False, params)
        alone, n_alone, _ = timed_fit(y, h, m, args.seed, True, params)
        totals[False] += shared
        totals[True] += alone
        print(f"{key:>8} {len(train):>6} {shared:>9.1f} {n_shared:>6} {alone:>10.1f} "
              f"{n_alone:>6} {shared / alone:>6.2f}")
    print(f"total over {len(series)} series ({args.set}): shared {totals[False]:.1f} s, "
          f"separate {totals[True]:.1f} s, ratio {totals[False] / totals[True]:.2f}")


if __name__ == "__main__":
    main()
