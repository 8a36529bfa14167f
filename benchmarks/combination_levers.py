"""Which forecasts to combine on one series: members scored alone and in medians, on the tuning set.

For each series of the protocol's fixed sample (``protocol.py``; the tuning set, M3, by default:
choices are made there only) one ``RNNForecaster`` is fitted, one model per series, and its
members are kept apart: the network's forecast, and the classical forecasts of the same
seasonally adjusted history (Theta, damped trend with its seasonal correction as the default
uses it and without, Holt's undamped trend, drift, simple exponential smoothing, naive), each
restored with the series' seasonal indices as the
forecaster restores its own. Every member, and the median of each member set, is then scored by
mean MASE and sMAPE over the sample, with no further fit: the figures behind the member set of
``combine="median"`` (docs/design_notes.md, issue 17).

Usage, from the repository root::

    python benchmarks/combination_levers.py --n-series 300 --seed 0 --jobs 2
    python benchmarks/combination_levers.py --params '{"anchor": "last"}'
"""

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol import SETS, map_tasks, sample  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.forecasting._classical import (  # noqa: E402
    damped_trend_forecast, ses_level, theta_forecast,
)
from rnnforecast.forecasting._seasonality import (  # noqa: E402
    StackedIndices, adjusted_histories, season_of,
)
from rnnforecast.metrics import mase, smape  # noqa: E402


def holt_forecast(values, h):
    """Holt's linear trend, undamped: the damped-trend fit with the damping fixed at 1."""
    import rnnforecast.forecasting._classical as classical

    damping, classical.DAMPING = classical.DAMPING, (1.0,)
    try:
        return damped_trend_forecast(values, h)
    finally:
        classical.DAMPING = damping


#: name: forecast of the h steps after an adjusted history, given the series' seasonal
#: adjustment ``season`` ((period, multiplicative); (1, True) when it is not adjusted).
CLASSICAL = {
    "theta": lambda v, h, season: theta_forecast(v, h),
    # the default's member: a seasonal correction that follows the errors (period > 1)
    "damped": lambda v, h, season: damped_trend_forecast(v, h, *season),
    "damped-fixed": lambda v, h, season: damped_trend_forecast(v, h),  # the indices only
    "holt": lambda v, h, season: holt_forecast(v, h),
    "drift": lambda v, h, season: (
        v[-1] + (v[-1] - v[0]) / max(len(v) - 1, 1) * np.arange(1, h + 1)),
    "ses": lambda v, h, season: np.repeat(ses_level(v)[0], h),
    "naive": lambda v, h, season: np.repeat(v[-1], h),
}
#: Member sets whose per-step median is scored.
MEDIANS = [
    ("net", "theta", "damped"),
    ("net", "theta", "damped-fixed"),
    ("net", "theta", "damped", "holt"),
    ("net", "theta", "damped", "holt", "drift"),
    ("net", "theta", "damped", "ses"),
    ("net", "theta", "damped", "naive"),
    ("net", "theta", "damped", "drift"),
    ("net", "theta", "holt"),
    ("net", "damped", "holt"),
    ("theta", "damped", "holt"),
]


def members(task):
    """{member: (h,) forecast} of one series, one fit."""
    (_, _, train, _, h, m), seed, params = task
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    y = pd.Series(train)
    # combine="median" keeps the whole history, which the classical members need
    f = RNNForecaster(sp=m, random_state=seed, **{"combine": "median", **params})
    f.fit(y, fh=np.arange(1, h + 1))
    f.combine_ = None  # the network alone
    out = {"net": f.predict().to_numpy(dtype=float)}
    (key, _), = f._last_y
    history = adjusted_histories(f._last_y, f.seasonal_, f._end_position)[0]
    end = f._end_position[key]
    season = season_of(f.seasonal_[key])
    seasonal = StackedIndices([f.seasonal_[key]])
    positions = np.arange(end + 1, end + 1 + h)[None]
    for name, forecast in CLASSICAL.items():
        out[name] = seasonal.restore(forecast(history, h, season)[None], positions)[0]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tuning", dest="which")
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=300, help="size of the fixed sample")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--jobs", type=int, default=1, help="fits run in parallel")
    args = parser.parse_args(argv)
    series = sample(Path(args.data), args.which, args.n_series)
    tasks = [(s, args.seed, json.loads(args.params)) for s in series]
    forecasts = map_tasks(members, tasks, args.jobs, chunksize=4)

    def score(combine):
        rows = [(mase(test, combine(f), train, m=m), smape(test, combine(f)))
                for (_, _, train, test, _, m), f in zip(series, forecasts)]
        return np.mean(rows, axis=0)

    print(f"{args.which} set: {len(series)} series, one RNNForecaster({args.params}) per series, "
          f"seed {args.seed}")
    print(f"{'forecast':36s} {'MASE':>7s} {'sMAPE':>7s}")
    for name in ["net", *CLASSICAL]:
        print(f"{name + ' alone':36s} {score(lambda f, n=name: f[n])[0]:7.3f} "
              f"{score(lambda f, n=name: f[n])[1]:7.2f}")
    for names in MEDIANS:
        value = score(lambda f, ns=names: np.median([f[n] for n in ns], axis=0))
        print(f"{'median of ' + '+'.join(names):36s} {value[0]:7.3f} {value[1]:7.2f}")


if __name__ == "__main__":
    main()
