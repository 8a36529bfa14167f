"""The block guard of one series: which z, and how many blocks, on the protocol's sets.

For each series of the protocol's fixed sample (``protocol.py``; the long-series tuning half,
``tuning-long``, by default: choices are made there only) one ``RNNForecaster`` is fitted per
seed, one model per series, and kept apart: the network's test forecast, the median
combination's, and the block guard's held-out differences (network minus median, one per block
of H values at the end of the series, ``rnnforecast.forecasting._guard.block_differences``) for
each number of blocks asked. Every rule "the network alone when its mean difference is below
the median's by z standard errors, over the largest number of blocks the series has room
for" is then scored by mean MASE over the sample, with no further fit: the figures behind
``GUARD_BLOCK_Z`` and ``GUARD_BLOCKS`` (docs/design_notes.md, issue 17).

Usage, from the repository root::

    python benchmarks/block_guard.py --n-series 100 --seeds 0 1 --jobs 2
    python benchmarks/block_guard.py --set tuning --n-series 300 --seeds 0 1 --blocks 6 4 3 2
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
from rnnforecast.forecasting._guard import block_differences, keep_network  # noqa: E402
from rnnforecast.metrics import mase  # noqa: E402


def fit_series(task):
    """{network, median: test forecasts, blocks: {count: differences or None}} of one series."""
    (_, _, train, _, h, m), seed, params, blocks = task
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    y = pd.Series(train)
    f = RNNForecaster(sp=m, random_state=seed, **{**params, "combine": "median"})
    f.fit(y, fh=np.arange(1, h + 1))
    median = f.predict().to_numpy(dtype=float)
    f.combine_ = None
    network = f.predict().to_numpy(dtype=float)
    f.combine_ = "median"  # the held-out forecasts compare the network with the median
    held_out = {count: block_differences(f, [(None, y)], [None], None, blocks=count)
                for count in blocks}
    return {"network": network, "median": median, "blocks": held_out}


def keeps(fitted, blocks, z):
    """Does the rule keep the network: over the most blocks the series has room for?"""
    for count in sorted(blocks, reverse=True):
        differences = fitted["blocks"][count]
        if differences is not None:
            return keep_network(differences, z)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tuning-long", dest="which")
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=100, help="size of the fixed sample")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--z", type=float, nargs="+", default=[0.0, 0.5, 1.0, 1.282, 1.645, 2.0])
    parser.add_argument("--blocks", type=int, nargs="+", default=[6],
                        help="numbers of blocks; a series uses the largest it has room for")
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--jobs", type=int, default=1, help="fits run in parallel")
    args = parser.parse_args(argv)
    params = json.loads(args.params)

    series = sample(Path(args.data), args.which, args.n_series)
    tasks = [(s, seed, params, args.blocks) for seed in args.seeds for s in series]
    fitted = np.array(map_tasks(fit_series, tasks, args.jobs), dtype=object)
    fitted = fitted.reshape(len(args.seeds), len(series))
    print(f"{args.which} set: {len(series)} series, one RNNForecaster({params}) per series, "
          f"seeds {args.seeds}, blocks {args.blocks}")
    rules = {"median": None, "network": None, **{f"z = {z:g}": z for z in args.z}}
    subsets = list(dict.fromkeys(s[0] for s in series)) + ["all"]
    print(f"{'subset':28s} {'rule':10s} {'mean MASE':>9s}  per seed  network kept")
    for subset in subsets:
        rows = [j for j, s in enumerate(series) if subset in ("all", s[0])]
        for label, z in rules.items():
            per_seed, kept = [], []
            for fits in fitted:
                scores = []
                for j in rows:
                    _, _, train, test, _, m = series[j]
                    alone = label == "network" or (z is not None and keeps(fits[j], args.blocks, z))
                    kept.append(alone)
                    scores.append(mase(test, fits[j]["network" if alone else "median"], train, m=m))
                per_seed.append(np.mean(scores))
            seeds = " ".join(f"{v:.3f}" for v in per_seed)
            print(f"{Path(subset).stem:28s} {label:10s} {np.mean(per_seed):9.3f}  {seeds}  "
                  f"{np.mean(kept):.2f}")


if __name__ == "__main__":
    main()
