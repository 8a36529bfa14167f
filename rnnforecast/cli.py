"""The ``rnnforecast`` command: forecast a shipped dataset or a CSV column.

Examples::

    rnnforecast forecast --dataset airline --horizon 24
    rnnforecast forecast --csv sales.csv --column units --time-column date --horizon 12 --out f.csv
"""

import argparse
import sys

import numpy as np
import pandas as pd

from . import datasets
from .forecaster import RNNForecaster
from .nn import CELLS

__all__ = ["main", "read_csv_series"]

DATASETS = {
    "airline": datasets.load_airline,
    "lynx": datasets.load_lynx,
    "shampoo": datasets.load_shampoo,
}


def build_parser():
    parser = argparse.ArgumentParser(prog="rnnforecast", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    forecast = commands.add_parser("forecast", help="fit an RNNForecaster and print its forecast")
    source = forecast.add_mutually_exclusive_group(required=True)
    source.add_argument("--dataset", choices=sorted(DATASETS), help="a dataset shipped with rnnforecast")
    source.add_argument("--csv", metavar="FILE", help="a CSV file with one column per series")
    forecast.add_argument("--column", help="the column of --csv to forecast")
    forecast.add_argument("--time-column", help="the column of --csv holding the time stamps")
    forecast.add_argument("--horizon", type=int, required=True, help="steps to forecast")
    forecast.add_argument("--cell", choices=sorted(CELLS), default="gru")
    forecast.add_argument("--window-length", type=int, default=None, help="default: automatic")
    forecast.add_argument("--hidden-size", type=int, default=32)
    forecast.add_argument("--max-epochs", type=int, default=None, help="default: a budget in steps")
    forecast.add_argument("--random-state", type=int, default=0)
    forecast.add_argument("--out", metavar="FILE.csv", help="also write the forecast to this CSV")
    return parser


def read_csv_series(path, column, time_column=None):
    """Read one column of a CSV as a series indexed by time (or by row number).

    Raises ValueError naming the column when it is missing, and when the time
    stamps have no regular frequency.
    """
    frame = pd.read_csv(path)
    for name, value in [("--column", column), ("--time-column", time_column)]:
        if value is not None and value not in frame.columns:
            raise ValueError(
                f"rnnforecast: {name} {value!r} is not a column of {path}; "
                f"the columns are {list(frame.columns)!r}."
            )
    if column is None:
        raise ValueError(
            f"rnnforecast: --column is required with --csv; the columns of {path} "
            f"are {list(frame.columns)!r}."
        )
    y = frame[column]
    if time_column is not None:
        index = pd.DatetimeIndex(pd.to_datetime(frame[time_column]))
        freq = pd.infer_freq(index) if len(index) >= 3 else None
        if freq is None:
            raise ValueError(
                f"rnnforecast: --time-column {time_column!r} has no regular frequency "
                "(irregular time stamps or gaps); fill the gaps first."
            )
        y.index = pd.DatetimeIndex(index, freq=freq)
    return y


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.dataset:
            y = DATASETS[args.dataset]()
        else:
            y = read_csv_series(args.csv, args.column, args.time_column)
        forecaster = RNNForecaster(
            window_length=args.window_length or "auto",
            cell=args.cell,
            hidden_size=args.hidden_size,
            max_epochs=args.max_epochs,
            random_state=args.random_state,
        )
        y_pred = forecaster.fit(y, fh=np.arange(1, args.horizon + 1)).predict()
    except (ValueError, TypeError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    table = y_pred.rename("forecast").rename_axis("time").to_frame()
    print(table.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.out:
        table.to_csv(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
