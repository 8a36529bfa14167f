"""Defaults judged on data never used to choose them: a tuning set and a confirmation set.

The two sets are fixed here, in code, and never change with a run:

- **tuning** (``--set tuning``): M3 yearly, quarterly and monthly. Every default of
  ``RNNForecaster`` is chosen on this set only.
- **confirmation** (``--set confirmation``): M1 yearly, quarterly and monthly (1,001 short
  business and macro series, never used to choose anything). The README's figures on how the
  defaults generalise come from this set.

Single-series mode, as a user with one series fits: one ``RNNForecaster`` per series, given the
series' training values only (``sp`` = the subset's period), forecasting the subset's horizon.
A fixed sample of ``--n-series`` series (spread over the subsets in proportion to their size,
drawn once with a fixed generator) is scored by MASE (in-sample seasonal naive scale of period
m) and sMAPE (percent), beside seasonal naive, naive, Theta and AutoETS scored by the same code
on the same series (Theta and AutoETS need ``pip install "rnnforecast[benchmarks]"``). Printed
per method: mean MASE and sMAPE over the series (the network's mean and spread over
``--seeds``), the share of series where the method beats seasonal naive on MASE, and fit seconds
per series.

Usage, from the repository root::

    python benchmarks/protocol.py --set confirmation --n-series 300 --seeds 0 1 2
    python benchmarks/protocol.py --set tuning --params '{"deseasonalize": false}'
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
from single_series import reference_forecasts  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.metrics import mase, smape  # noqa: E402

#: name: [(train file, test file, horizon, period), ...] under the data folder.
SETS = {
    "tuning": [
        ("m3/M3-yearly-train.csv", "m3/M3-yearly-test.csv", 6, 1),
        ("m3/M3-quarterly-train.csv", "m3/M3-quarterly-test.csv", 8, 4),
        ("m3/M3-monthly-train.csv", "m3/M3-monthly-test.csv", 18, 12),
    ],
    "confirmation": [
        ("m1/M1-yearly-train.csv", "m1/M1-yearly-test.csv", 6, 1),
        ("m1/M1-quarterly-train.csv", "m1/M1-quarterly-test.csv", 8, 4),
        ("m1/M1-monthly-train.csv", "m1/M1-monthly-test.csv", 18, 12),
    ],
}
#: The sample never depends on the run: one generator, seeded once.
SAMPLE_SEED = 20261202


def read_rows(path):
    """{id: values} of a file with one series per row (id first, then padded values)."""
    frame = pd.read_csv(path)
    return {
        str(row.iloc[0]): row.iloc[1:].dropna().to_numpy(dtype=float) for _, row in frame.iterrows()
    }


def sample(data, name, n_series):
    """[(subset file, id, train values, test values, h, m)] of the fixed sample of a set."""
    subsets = [(spec, read_rows(data / spec[0]), read_rows(data / spec[1])) for spec in SETS[name]]
    sizes = np.array([len(train) for _, train, _ in subsets])
    if n_series is None or n_series >= sizes.sum():
        counts = sizes
    else:  # in proportion to the subsets' sizes, largest remainders first: n_series in all
        share = n_series * sizes / sizes.sum()
        counts = np.floor(share).astype(int)
        counts[np.argsort(counts - share)[: n_series - counts.sum()]] += 1
    rng = np.random.default_rng(SAMPLE_SEED)
    chosen = []
    for ((train_file, _, h, m), train, test), k in zip(subsets, counts):
        ids = sorted(train)
        for i in sorted(rng.choice(len(ids), size=int(k), replace=False)):
            chosen.append((train_file, ids[i], train[ids[i]], test[ids[i]][:h], h, m))
    return chosen


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), required=True, dest="which")
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=300, help="size of the fixed sample")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    params = json.loads(args.params)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="statsmodels")

    series = sample(Path(args.data), args.which, args.n_series)
    scores = {}  # method: list over series of (mase, smape) (network: per seed)
    seconds = {}
    net = np.zeros((len(args.seeds), len(series), 2))
    for j, (_, key, train_values, test_values, h, m) in enumerate(series):
        train = pd.Series(train_values)
        fh = np.arange(1, h + 1)
        for i, seed in enumerate(args.seeds):
            start = time.perf_counter()
            f = RNNForecaster(sp=m, random_state=seed, **params).fit(train, fh=fh)
            seconds.setdefault("RNNForecaster", []).append(time.perf_counter() - start)
            pred = f.predict().to_numpy()
            net[i, j] = mase(test_values, pred, train_values, m=m), smape(test_values, pred)
        start = time.perf_counter()
        references = reference_forecasts(train, h, m)
        references["naive"] = np.repeat(train_values[-1], h)
        for method, pred in references.items():
            scores.setdefault(method, []).append(
                (mase(test_values, pred, train_values, m=m), smape(test_values, pred)))
        seconds.setdefault("references", []).append(time.perf_counter() - start)

    snaive = np.array(scores["seasonal naive"])[:, 0]
    print(f"{args.which} set: {len(series)} series ({', '.join(s[0] for s in SETS[args.which])}), "
          f"one model per series, RNNForecaster({params}), seeds {args.seeds}, "
          f"{args.threads} torch thread(s)")
    print(f"{'method':16s} {'MASE':>16s} {'sMAPE':>16s} {'beats sNaive':>13s}")
    per_seed = net.mean(axis=1)  # (seeds, 2)
    beats = (net[:, :, 0] < snaive[None]).mean(axis=1)
    print(f"{'RNNForecaster':16s} {per_seed[:, 0].mean():8.3f} ±{per_seed[:, 0].std():6.3f} "
          f"{per_seed[:, 1].mean():8.2f} ±{per_seed[:, 1].std():6.2f} {beats.mean():13.2f}  "
          f"fit {np.mean(seconds['RNNForecaster']):.1f} s/series")
    for method, rows in scores.items():
        rows = np.array(rows)
        print(f"{method:16s} {rows[:, 0].mean():8.3f} {'':7s} {rows[:, 1].mean():8.2f} {'':7s} "
              f"{(rows[:, 0] < snaive).mean():13.2f}")
    print(f"references: {np.mean(seconds['references']):.2f} s/series for all of them")


if __name__ == "__main__":
    main()
