"""Which cell for which data? RNN vs LSTM vs GRU, measured with compare_cells.

Runs :func:`rnnforecast.compare_cells` (sktime's ``evaluate`` on expanding
windows, the last fold ending with the series) on each dataset and prints one
table per dataset, then all rows as one Markdown table.

- Shipped series (``airline``, ``lynx``, ``shampoo``): one model per series,
  ``--max-epochs`` epochs per fit (no time limit).
- ``m3-monthly``, ``m4-weekly``, ``m4-hourly`` (training files only, read from
  ``/work/shared/data`` or the paths given): one global model per cell on all
  series long enough for the folds, each cut to its last T values so that
  every fold ends at the same place in every series (sktime's splitters cut a
  panel's series at the same positions from their start). Each comparison
  gets ``--budget`` seconds of training, shared evenly by its fits.

Usage, from the repository root::

    python benchmarks/compare_cells.py                         # shipped series
    python benchmarks/compare_cells.py --datasets m4-hourly --budget 300

With a budget the number of epochs depends on the machine's speed and load.
"""

import argparse
import sys
import time
import warnings

import pandas as pd
import torch

from rnnforecast import compare_cells
from rnnforecast.datasets import load_airline, load_lynx, load_m4, load_shampoo
from rnnforecast.model_selection._compare import format_comparison

# name: (fh, seasonal period m, folds, RNNForecaster parameters, T values kept per series)
SETTINGS = {
    "airline": (12, 12, 3, dict(window_length=24), None),
    "lynx": (10, 1, 3, dict(window_length=20), None),
    "shampoo": (6, 12, 2, dict(window_length=12), None),
    "m3-monthly": (18, 12, 2, dict(window_length=36, batch_size=256), 108),
    "m4-weekly": (13, 1, 2, dict(window_length=52, step_length=4, batch_size=256), 260),
    "m4-hourly": (48, 24, 2, dict(window_length=168, step_length=24, batch_size=256), 700),
}
SHIPPED = {"airline": load_airline, "lynx": load_lynx, "shampoo": load_shampoo}


def read_m3(path):
    """An M3 file (``id,V1..``, one series per row) as a pd-multiindex panel."""
    frame = pd.read_csv(path, index_col=0)
    long = frame.stack().dropna().rename("y").astype(float).to_frame()
    long.index = long.index.set_names(["series", "time"])
    positions = long.groupby(level="series").cumcount().to_numpy()
    series = long.index.get_level_values("series")
    long.index = pd.MultiIndex.from_arrays([series, positions], names=["series", "time"])
    return long


def last_values(panel, length):
    """Series with at least ``length`` values, each cut to its last ``length``."""
    groups = panel.groupby(level="series", sort=False)
    kept = [frame.iloc[-length:] for _, frame in groups if len(frame) >= length]
    out = pd.concat(kept)
    series = out.index.get_level_values("series")
    time_ = out.groupby(level="series", sort=False).cumcount().to_numpy()
    out.index = pd.MultiIndex.from_arrays([series, time_], names=["series", "time"])
    return out


def load(name, args):
    if name in SHIPPED:
        return SHIPPED[name]()
    path = {"m3-monthly": args.m3_monthly, "m4-weekly": args.m4_weekly, "m4-hourly": args.m4_hourly}[name]
    panel = read_m3(path) if name.startswith("m3") else load_m4(path)
    return last_values(panel, SETTINGS[name][4])


def run(name, args):
    fh, sp, n_folds, params, length = SETTINGS[name]
    y = load(name, args)
    n_series = 1 if isinstance(y, pd.Series) else y.index.get_level_values(0).nunique()
    budget = None if name in SHIPPED else args.budget
    max_epochs = args.max_epochs if name in SHIPPED else 10_000
    print(
        f"\n## {name}: {n_series} series x {length or len(y)} values, fh=1..{fh}, m={sp}, "
        f"{n_folds} folds, {params}, hidden_size={args.hidden_size}, "
        + (f"budget {budget:g} s" if budget else f"max_epochs={max_epochs}"),
        flush=True,
    )
    start = time.perf_counter()
    table = compare_cells(
        y, fh, n_folds=n_folds, budget=budget, sp=sp, random_state=args.random_state,
        verbose=1, hidden_size=args.hidden_size, max_epochs=max_epochs, **params,
    )
    print(format_comparison(table))
    print(f"({time.perf_counter() - start:.0f} s in all)", flush=True)
    return table.assign(dataset=name)


def markdown(tables):
    lines = [
        "| dataset | cell | weights | MASE (mean ± std) | sMAPE (mean ± std) | fit s / fold | epochs | rank |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for table in tables:
        for _, row in table.iterrows():
            star = " **(recommended)**" if row["recommended"] else ""
            lines.append(
                f"| {row['dataset']} | `{row['cell']}`{star} | {row['n_weights']:,} | "
                f"{row['mase_mean']:.3f} ± {row['mase_std']:.3f} | "
                f"{row['smape_mean']:.2f} ± {row['smape_std']:.2f} | "
                f"{row['fit_seconds']:.1f} | {row['epochs']:g} | {row['rank']} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", choices=list(SETTINGS), default=list(SHIPPED),
        help="datasets to compare on (default: the shipped series)",
    )
    parser.add_argument("--m3-monthly", default="../shared/data/m3/M3-monthly-train.csv")
    parser.add_argument("--m4-weekly", default="../shared/data/m4/weekly/Weekly-train.csv")
    parser.add_argument("--m4-hourly", default="../shared/data/m4/Hourly-train.csv")
    parser.add_argument(
        "--budget", type=float, default=300.0,
        help="training seconds per comparison on the M3/M4 datasets (default 300)",
    )
    parser.add_argument("--max-epochs", type=int, default=100, help="epochs on the shipped series")
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument(
        "--threads", type=int, default=1,
        help="torch threads (1: on a busy machine, 2 threads ran several times slower)",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore", FutureWarning)
    print(f"torch {torch.__version__}, {args.threads} thread(s)")
    tables = [run(name, args) for name in args.datasets]
    print("\n" + markdown(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
