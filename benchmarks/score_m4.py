"""Score M4 Hourly forecasts and compare them with the official M4 results.

Reads forecasts in M4 submission format (``id,F1..F48``, one row per series,
any row order), scores them against the test file with the M4 measures of
:mod:`rnnforecast.metrics` (h = 48, m = 24) and prints sMAPE, MASE and OWA
beside a few official entries of the M4 competition.

Usage, from the repository root::

    python benchmarks/score_m4.py \\
        --forecasts ../shared/data/m4/benchmark_forecasts/Hourly-sNaive.csv \\
        --train ../shared/data/m4/Hourly-train.csv \\
        --test ../shared/data/m4/Hourly-test.csv

Naive2's scores (the OWA reference) are computed from
``benchmark_forecasts/Hourly-Naive2.csv`` in the test file's folder when it is
there, else taken from the published values (sMAPE 18.383, MASE 2.395). The
official results are read from ``M4_hourly_official_results.csv`` in the test
file's folder unless ``--official`` names another file.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from rnnforecast.datasets import load_m4
from rnnforecast.metrics import mase, owa, smape

HORIZON = 48
PERIOD = 24
NAIVE2_PUBLISHED = (18.383, 2.395)
OFFICIAL_FILE = "M4_hourly_official_results.csv"
NAIVE2_FILE = Path("benchmark_forecasts") / "Hourly-Naive2.csv"
# method code in the official file -> label printed
OFFICIAL_METHODS = {
    "238": "Doornik et al. (best Hourly)",
    "118": "Smyl (ES-RNN, M4 winner)",
    "211": "Trotta (best pure ML)",
    "sNaive": "sNaive",
    "Naive2": "Naive2",
    "RNN": "M4 RNN benchmark",
}


def series_values(panel):
    """Split an M4 panel into its ids and one value array per series, in order.

    Parameters
    ----------
    panel : pd.DataFrame
        Output of :func:`rnnforecast.datasets.load_m4`.

    Returns
    -------
    ids : list of str
    values : list of np.ndarray
    """
    groups = panel["y"].groupby(level="series", sort=False)
    ids, values = zip(*[(name, group.to_numpy()) for name, group in groups])
    return list(ids), list(values)


def read_actuals(train_path, test_path):
    """Read the training series and the 48 test values of each series.

    Returns
    -------
    ids : list of str
        Series ids in the test file's order.
    actual : np.ndarray of shape (S, 48)
    train : list of S np.ndarray
    """
    test_ids, test = series_values(load_m4(test_path))
    train_ids, train = series_values(load_m4(train_path))
    if train_ids != test_ids:
        raise ValueError(
            f"train and test must hold the same series in the same order; "
            f"got {len(train_ids)!r} series in {str(train_path)!r} and "
            f"{len(test_ids)!r} in {str(test_path)!r} (first ids {train_ids[:3]!r} "
            f"and {test_ids[:3]!r})."
        )
    lengths = sorted({len(values) for values in test})
    if lengths != [HORIZON]:
        raise ValueError(
            f"test must hold {HORIZON!r} values per series (M4 Hourly horizon); "
            f"got lengths {lengths!r} in {str(test_path)!r}."
        )
    return test_ids, np.vstack(test), train


def read_forecasts(path, ids):
    """Read forecasts in M4 submission format, in the order of ``ids``.

    Parameters
    ----------
    path : str or os.PathLike
        CSV with an id column then ``F1..F48``, one row per series.
    ids : list of str
        The test file's series ids; the forecast ids must be the same set.

    Returns
    -------
    np.ndarray of shape (len(ids), 48)

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file does not have 48 forecast columns, holds non-numeric or
        missing values or duplicate ids, or its ids differ from ``ids``.
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"forecasts file {str(path)!r} does not exist.")
    frame = pd.read_csv(path, index_col=0)
    frame.index = frame.index.astype(str)
    if frame.shape[1] != HORIZON:
        raise ValueError(
            f"forecasts must have {HORIZON!r} forecast columns (id,F1..F{HORIZON}); "
            f"got {frame.shape[1]!r} in {str(path)!r}."
        )
    if frame.index.duplicated().any():
        duplicate = frame.index[frame.index.duplicated()][0]
        raise ValueError(f"forecasts must hold each id once; got {duplicate!r} twice.")
    missing = [name for name in ids if name not in frame.index]
    extra = sorted(set(frame.index) - set(ids))
    if missing or extra:
        raise ValueError(
            "forecasts must hold exactly the test file's series ids; "
            f"missing {len(missing)!r} {missing[:5]!r}, unexpected {len(extra)!r} "
            f"{extra[:5]!r}."
        )
    try:
        values = frame.loc[ids].to_numpy(dtype=float)
    except ValueError as exc:
        raise ValueError(f"forecasts must be numeric; {str(path)!r}: {exc}") from exc
    if not np.all(np.isfinite(values)):
        raise ValueError(
            f"forecasts must be finite; {str(path)!r} has missing or infinite values."
        )
    return values


def naive2_scores(test_path, ids, actual, train):
    """Return Naive2's (sMAPE, MASE) and where they came from."""
    path = Path(test_path).parent / NAIVE2_FILE
    if not path.is_file():
        return NAIVE2_PUBLISHED, "published values"
    forecasts = read_forecasts(path, ids)
    return score(forecasts, actual, train), str(path)


def score(forecasts, actual, train):
    """Return the (sMAPE, MASE) of ``forecasts``, averaged over the series."""
    return smape(actual, forecasts), mase(actual, forecasts, train, m=PERIOD)


def m4_owa(scores, naive2):
    """OWA as the official tables compute it: from scores rounded to 3 decimals."""
    return owa(*[round(value, 3) for value in (*scores, *naive2)])


def read_official(path):
    """Read the selected official rows as (label, sMAPE, MASE, OWA), best first."""
    frame = pd.read_csv(path, dtype={"method": str})
    columns = ["method", "sMAPE_hourly", "MASE_hourly", "OWA_hourly"]
    if not set(columns) <= set(frame.columns):
        raise ValueError(
            f"official results must have columns {columns!r}; "
            f"got {list(frame.columns)!r} in {str(path)!r}."
        )
    frame = frame[frame["method"].isin(list(OFFICIAL_METHODS))]
    frame = frame.sort_values("OWA_hourly")
    return [
        (OFFICIAL_METHODS[method], *scores)
        for method, *scores in frame[columns].itertuples(index=False)
    ]


def format_table(given, official):
    """Format the given row, then the official rows, as an aligned text table."""
    header = ("method", "sMAPE", "MASE", "OWA")
    rows = [given, *official]
    width = max(len(header[0]), *(len(row[0]) for row in rows))

    def line(label, smape_value, mase_value, owa_value):
        return f"{label:<{width}}  {smape_value:>7}  {mase_value:>7}  {owa_value:>6}"

    def numbers(row):
        return line(row[0], f"{row[1]:.3f}", f"{row[2]:.3f}", f"{row[3]:.3f}")

    rule = "-" * len(line(*header))
    out = [line(*header), rule, numbers(given)]
    if official:
        out += [rule, *[numbers(row) for row in official]]
    return "\n".join(out)


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Score M4 Hourly forecasts (sMAPE, MASE, OWA) against the test set."
    )
    parser.add_argument("--forecasts", required=True, help="CSV id,F1..F48")
    parser.add_argument("--train", required=True, help="Hourly-train.csv")
    parser.add_argument("--test", required=True, help="Hourly-test.csv")
    parser.add_argument(
        "--official",
        help=f"official results CSV (default: {OFFICIAL_FILE} next to --test)",
    )
    return parser, parser.parse_args(argv)


def main(argv=None):
    """Run the script; ``argv`` defaults to ``sys.argv[1:]``. Returns 0."""
    parser, args = _parse_args(argv)
    try:
        ids, actual, train = read_actuals(args.train, args.test)
        scores = score(read_forecasts(args.forecasts, ids), actual, train)
        naive2, naive2_source = naive2_scores(args.test, ids, actual, train)
        official_path = Path(args.official or Path(args.test).parent / OFFICIAL_FILE)
        if args.official and not official_path.is_file():
            raise FileNotFoundError(
                f"--official file {str(official_path)!r} does not exist."
            )
        official = read_official(official_path) if official_path.is_file() else []
    except (FileNotFoundError, ValueError) as exc:
        parser.error(str(exc))

    given = (f"{Path(args.forecasts).name} (given)", *scores, m4_owa(scores, naive2))
    print(
        f"M4 Hourly: {len(ids)} series, h = {HORIZON}, m = {PERIOD}; Naive2 sMAPE "
        f"{naive2[0]:.3f}, MASE {naive2[1]:.3f} ({naive2_source})\n"
    )
    print(format_table(given, official))
    print(
        f"\nOWA from sMAPE and MASE rounded to 3 decimals, as in the official results "
        f"(unrounded: {owa(*scores, *naive2):.4f})."
    )
    if not official:
        print(f"No official results found at {str(official_path)!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
