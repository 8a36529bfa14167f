"""The ``rnnforecast`` command: forecast a series, or compare the cells on it.

Examples::

    rnnforecast forecast --dataset airline --horizon 24
    rnnforecast forecast --dataset airline --horizon 24 --cell auto --plot forecast.png
    rnnforecast forecast --dataset airline --horizon 24 --coverage 0.9 --out f.csv
    rnnforecast forecast --csv sales.csv --column units --time-column date --horizon 12 --out f.csv
    rnnforecast forecast --csv sales.csv --column units --time-column date --dayfirst --horizon 12
    rnnforecast compare --dataset airline --horizon 12

Tables go to stdout; progress bars (fits longer than a few seconds) and
errors go to stderr, so the output can be piped.
"""

import argparse
import contextlib
import math
import os
import re
import sys
import warnings

import numpy as np
import torch

from . import datasets
from ._version import __version__
from ._cli_input import read_csv_series
from .exceptions import CLIError
from .forecasting import RNNForecaster
from .model_selection import compare_cells, format_comparison
from .nn import CELLS
from .regression import EpochProgress

__all__ = ["main", "read_csv_series"]

DATASETS = {
    "airline": datasets.load_airline,
    "lynx": datasets.load_lynx,
    "shampoo": datasets.load_shampoo,
}

#: Seconds before a fit shows its progress bar.
PROGRESS_DELAY = 3.0

# The ``type=`` functions below check each option's value where it is parsed.
# They raise CLIError, which argparse does not catch (it only catches
# ArgumentTypeError, TypeError and ValueError): the error reaches main and is
# printed as one line naming the option, what it expects and what it got.

#: Seeds of numpy and torch must lie in [0, 2**32 - 1].
MAX_SEED = 2**32 - 1


def _refuse(option, expected, value):
    return CLIError(f"rnnforecast: {option} must be {expected}, got {value!r}.")


def _parse_int(text):
    try:
        return int(text)
    except ValueError:
        return None


def positive_int(option, allow_auto=False):
    """An argparse ``type=``: an integer >= 1 (or "auto" with ``allow_auto``)."""
    expected = "a positive integer" + (" or 'auto'" if allow_auto else "")

    def parse(text):
        if allow_auto and text == "auto":
            return text
        value = _parse_int(text)
        if value is None or value < 1:
            raise _refuse(option, expected, text if value is None else value)
        return value

    return parse


def seed(text):
    """An argparse ``type=`` for --random-state: an integer in [0, 2**32 - 1]."""
    value = _parse_int(text)
    if value is None or not 0 <= value <= MAX_SEED:
        raise _refuse(
            "--random-state", "an integer from 0 to 2**32 - 1",
            text if value is None else value,
        )
    return value


def positive_seconds(text):
    """An argparse ``type=`` for --budget: a finite number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not (math.isfinite(value) and value > 0):
        raise _refuse(
            "--budget", "a positive number of seconds", text if value is None else value
        )
    return value


def build_parser():
    parser = argparse.ArgumentParser(prog="rnnforecast", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"rnnforecast {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    source = common.add_mutually_exclusive_group(required=True)
    source.add_argument("--dataset", choices=sorted(DATASETS), help="a dataset shipped with rnnforecast")
    source.add_argument("--csv", metavar="FILE", help="a CSV file with one column per series")
    common.add_argument("--column", help="the column of --csv to forecast")
    common.add_argument(
        "--time-column",
        help="the column of --csv holding the time stamps (dates, or integer years); "
        "default: the one other column of dates, if there is one, else the rows are "
        "numbered in file order",
    )
    common.add_argument(
        "--dayfirst", action=argparse.BooleanOptionalAction, default=None,
        help="dates such as 01/02/2020 are day-first (--dayfirst) or month-first "
        "(--no-dayfirst); default: the order that gives a regular series, and an "
        "error when both do. ISO dates (2020-02-01) are read as written",
    )
    common.add_argument("--horizon", type=positive_int("--horizon"), required=True, help="steps to forecast")
    common.add_argument(
        "--window-length", type=positive_int("--window-length", allow_auto=True),
        default="auto", help="a positive integer or auto (default)",
    )
    common.add_argument(
        "--hidden-size", type=positive_int("--hidden-size", allow_auto=True),
        default="auto", help="a positive integer or auto (default)",
    )
    common.add_argument(
        "--max-epochs", type=positive_int("--max-epochs"), default=None, help="default: the forecaster's budget in steps"
    )
    common.add_argument("--random-state", type=seed, default=0)
    common.add_argument(
        "--n-folds", type=positive_int("--n-folds"), default=None,
        help="backtest folds of the comparison (compare, --cell auto; default 3)",
    )
    common.add_argument(
        "--budget", type=positive_seconds, metavar="SECONDS",
        help="training seconds for the whole comparison (compare, --cell auto), "
        "shared by its fits",
    )
    common.add_argument(
        "--sp", type=positive_int("--sp"), metavar="PERIOD",
        help="seasonal period of the model and of MASE (default: from the frequency, "
        "e.g. 12 for monthly)",
    )
    common.add_argument(
        "--threads", type=positive_int("--threads"), metavar="N",
        help="torch CPU threads (default: torch's); 1 is fastest for small networks "
        "on a busy machine",
    )
    common.add_argument("--quiet", action="store_true", help="no progress bars on stderr")
    common.add_argument("--out", metavar="FILE.csv", help="also write the table to this CSV")
    common.add_argument("--plot", metavar="FILE.png", help="draw a picture (needs matplotlib)")

    forecast = commands.add_parser(
        "forecast", parents=[common],
        help="fit an RNNForecaster and print its forecast",
    )
    forecast.add_argument(
        "--cell", choices=sorted(CELLS) + ["auto"], default="gru",
        help="the recurrent cell; auto: the one compare recommends",
    )
    forecast.add_argument(
        "--coverage", type=float, metavar="LEVEL",
        help="also print the bounds of a prediction interval of this coverage, "
        "e.g. 0.9 (columns lower, upper)",
    )
    commands.add_parser(
        "compare", parents=[common],
        help="backtest the cells and print a table with a recommendation",
    ).add_argument(
        "--cells", nargs="+", default=["rnn", "lstm", "gru"], metavar="CELL",
        help="cells to compare (default: rnn lstm gru)",
    )
    return parser


def main(argv=None):
    try:
        args = build_parser().parse_args(argv)
        _check_unused(args)
        _check_coverage(getattr(args, "coverage", None))
        _check_output("--out", args.out)
        _check_output("--plot", args.plot)
        if args.plot:
            from .plotting import require_pyplot

            require_pyplot()
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        run = _forecast if args.command == "forecast" else _compare
        # fits may print (skorch's tables): keep stdout for the result
        with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            y = DATASETS[args.dataset]() if args.dataset else read_csv_series(
                args.csv, args.column, args.time_column, dayfirst=args.dayfirst,
                find_time=True,
            )
            _check_horizon(args.horizon, y)
            table, text, picture = run(args, y)
        if args.out:
            table.to_csv(args.out)
        if picture is not None:
            from .plotting import save_figure

            save_figure(picture, args.plot)
    except (ValueError, TypeError, ImportError, OSError, CLIError) as error:
        print(f"error: {_as_options(str(error))}", file=sys.stderr)
        return 2
    return _print(text)


#: The library's parameters that its warnings name, and the command line's options for them.
OPTIONS = {"sp=": "--sp ", "window_length=": "--window-length ", "hidden_size=": "--hidden-size ",
           "a shorter fh": "a shorter --horizon"}
#: Advice of the library's messages that the command line has no option for.
NO_OPTION = re.compile(r", or with calibration='insample' \([^)]*\)")


def _as_options(text):
    """A message of the library in the command line's terms: its parameters named as
    options, and its advice about parameters that have no option left out."""
    for parameter, option in OPTIONS.items():
        text = re.sub(rf"(?<![\w-]){re.escape(parameter)}", option, text)
    return NO_OPTION.sub("", text)


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """A warning as the command line shows it: one line on stderr, the options named as
    flags, without the source file and line that Python adds for programmers."""
    print(f"warning: {_as_options(str(message))}", file=sys.stderr)


def _forecast(args, y):
    params = _forecaster_params(args)
    cell = args.cell
    if cell == "auto":
        comparison = compare_cells(
            y, args.horizon, n_folds=args.n_folds or 3, budget=args.budget, sp=_sp(args),
            random_state=args.random_state, verbose=int(not args.quiet), **params,
        )
        best = comparison.loc[comparison["recommended"]].iloc[0]
        cell = best["cell"]
        print(f"--cell auto: {cell} ({best['reason']})", file=sys.stderr)
    callbacks = None if args.quiet else [("progress", EpochProgress(delay=PROGRESS_DELAY))]
    forecaster = RNNForecaster(
        cell=cell, sp=_sp(args), random_state=args.random_state, callbacks=callbacks, **params
    )
    y_pred = forecaster.fit(y, fh=np.arange(1, args.horizon + 1)).predict()
    table = y_pred.rename("forecast").rename_axis("time").to_frame()
    bounds = None
    if args.coverage is not None:
        bounds = forecaster.predict_interval(coverage=args.coverage)
        table["lower"] = bounds.iloc[:, 0].to_numpy()
        table["upper"] = bounds.iloc[:, 1].to_numpy()
    text = table.to_string(float_format=lambda v: f"{v:.3f}")
    picture = None
    if args.plot:
        from .plotting import plot_forecast

        title = f"{args.dataset or args.column}: {cell}, {args.horizon} steps ahead"
        picture = plot_forecast(y, y_pred, pred_interval=bounds, title=title)[0]
    return table, text, picture


def _compare(args, y):
    comparison = compare_cells(
        y, args.horizon, cells=args.cells, n_folds=args.n_folds or 3, budget=args.budget,
        sp=_sp(args), random_state=args.random_state, verbose=int(not args.quiet),
        **_forecaster_params(args),
    )
    picture = None
    if args.plot:
        from .plotting import plot_comparison

        picture = plot_comparison(comparison)[0]
    return comparison.set_index("cell"), format_comparison(comparison), picture


def _forecaster_params(args):
    return dict(
        window_length=args.window_length,
        hidden_size=args.hidden_size,
        max_epochs=args.max_epochs,
    )


def _sp(args):
    """The seasonal period: --sp, or "auto" (from the index frequency)."""
    return "auto" if args.sp is None else args.sp


def _check_unused(args):
    """Refuse options that the other options given leave without effect (they were ignored)."""
    read_csv = [option for option, value in [("--column", args.column),
                                             ("--time-column", args.time_column),
                                             ("--dayfirst", args.dayfirst)] if value is not None]
    if args.dataset and read_csv:
        raise CLIError(
            f"rnnforecast: {', '.join(read_csv)} {'is' if len(read_csv) == 1 else 'are'} for "
            f"the file of --csv; with --dataset {args.dataset} nothing reads "
            f"{'it' if len(read_csv) == 1 else 'them'}. Drop "
            f"{'it' if len(read_csv) == 1 else 'them'}, or pass --csv FILE instead."
        )
    comparing = [option for option, value in [("--n-folds", args.n_folds),
                                              ("--budget", args.budget)] if value is not None]
    if args.command == "forecast" and args.cell != "auto" and comparing:
        raise CLIError(
            f"rnnforecast: {', '.join(comparing)} {'sets' if len(comparing) == 1 else 'set'} "
            "the comparison of cells, which "
            f"forecast runs with --cell auto only (got --cell {args.cell}). Add --cell auto, "
            "or drop them."
        )


def _check_coverage(coverage):
    """Refuse a --coverage outside (0, 1) before any fit."""
    if coverage is not None and not 0 < coverage < 1:
        raise CLIError(
            f"rnnforecast: --coverage must be strictly between 0 and 1 (e.g. 0.9), "
            f"got {coverage!r}."
        )


def _check_horizon(horizon, y):
    """Refuse a --horizon the series is too short to train for, before any fit."""
    if horizon >= len(y):
        raise CLIError(
            f"rnnforecast: --horizon {horizon} needs a series longer than {horizon} values "
            f"(targets that far ahead to train on); the series has {len(y)}. Ask for at "
            f"most {len(y) - 1} steps."
        )


def _check_output(option, path):
    """Refuse an output path whose folder does not exist, before any fit."""
    if path is None:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CLIError(f"rnnforecast: {option} {path!r} is a folder; give a file name.")
    if not os.path.isdir(folder):
        raise CLIError(
            f"rnnforecast: {option} {path!r}: the folder {os.path.dirname(path)!r} does "
            "not exist; create it first."
        )


def _print(text):
    """Print the result; a reader that closed the pipe early (| head) is not an error."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's recipe: point stdout at devnull so that the flush at exit
        # does not fail again, and exit like a process killed by SIGPIPE.
        with contextlib.suppress(AttributeError, OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":
    sys.exit(main())
