"""Several target columns, one network: ETTh1's 7 columns, side by side.

RNNForecaster forecasts the 7 columns of ETTh1 (``../shared/data/ett/``) in
three ways, through the same sktime calls (``fit``, ``update``, ``predict``):

- ``per column``: one network per column, each fitted on its column alone
  (what sktime's vectorisation did before the forecaster took several
  columns);
- ``independent``: ``channels="independent"``, one network sees each column
  as one more series of a panel (shared weights);
- ``mixing``: ``channels="mixing"``, one network sees all 7 columns in each
  window and forecasts the 7 x H values together;

beside the naive (last value) and seasonal naive (the last 24 hours)
forecasts, scored by the same code.

Protocol: the split of the long-horizon benchmark (train / validation / test =
the first 12 / next 4 / next 4 months of 30 days: rows [0, 8640), [8640,
11520), [11520, 14400)); every column standardised with the mean and
(population) standard deviation of its training rows; the networks are
fitted on the last ``--train-rows`` training rows (all 8,640 by default),
then given the validation rows with ``update`` (no refit); forecast origins
every ``--stride`` hours through the test rows, each forecasting the next
``--horizon`` hours from the rows before it (``update`` then ``predict``);
MSE and MAE over every origin, step and column on the standardised values
(and on OT, the usual single target, alone).

Usage, from the repository root::

    python benchmarks/multitarget.py                 # the table of docs/benchmarks.md
    python benchmarks/multitarget.py --seeds 0 1 2   # mean over seeds
    python benchmarks/multitarget.py --smoke         # a check of the script, not a figure

The networks use ``combine=None`` (the network alone: the classical forecasts
of ``combine="median"`` would blur the comparison) and ``calibration=None``
(no intervals are scored); the rest are RNNForecaster's defaults unless
given. ``--coverage 0.9`` fits with the default ``calibration="auto"``
instead and adds the share of test values inside each forecast's 90%
``predict_interval``, over all columns and for the least and the most
covered column. One torch thread.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# the ETTh1 file, its columns and the protocol's split: those of long_horizon.py, beside this script
from long_horizon import COLUMNS, DATA, MONTH, SPLIT_MONTHS, borders  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402

METHODS = ("naive", "seasonal naive", "per column", "independent", "mixing")
#: What --smoke changes: a tiny run over the first test days.
SMOKE = dict(train_rows=240, test_rows=72, max_steps=5, hidden_size=4, window_length=48)


def load(path=DATA):
    """The 7 columns standardised with the training rows' statistics, hourly index."""
    frame = pd.read_csv(path, parse_dates=["date"], index_col="date")
    values = frame[COLUMNS].astype(float)
    train = values.iloc[: borders(MONTH)[1]]
    scaled = (values - train.mean()) / train.std(ddof=0)
    return scaled.asfreq("h")


def origins(test_start, test_end, horizon, stride):
    """The first forecast row of every test origin."""
    return np.arange(test_start, test_end - horizon + 1, stride)


def baseline(y, starts, horizon, season):
    """(O, H, C) forecasts of the last value, or of the last ``season`` values."""
    values = y.to_numpy()
    if season is None:
        return np.repeat(values[starts - 1][:, None, :], horizon, axis=1)
    steps = (np.arange(horizon) % season) - season
    return values[starts[:, None] + steps]


def network(y, starts, horizon, train_rows, channels, seed, per_column, params, coverage=None):
    """(O, H, C) forecasts of RNNForecaster, its fit time in seconds, and with
    ``coverage`` the (O, H, C, 2) bounds of its intervals (else None)."""
    b = borders(MONTH)
    fh = np.arange(1, horizon + 1)
    make = lambda: RNNForecaster(  # noqa: E731
        horizon=horizon, combine=None, channels=channels,
        calibration=None if coverage is None else "auto",
        random_state=seed, **params,
    )
    groups = [[c] for c in COLUMNS] if per_column else [COLUMNS]
    out = np.empty((len(starts), horizon, len(COLUMNS)))
    bounds = None if coverage is None else np.empty(out.shape + (2,))
    fit_time = 0.0
    for group in groups:
        cols = [COLUMNS.index(c) for c in group]
        data = y[group] if len(group) > 1 else y[group[0]]
        tic = time.perf_counter()
        f = make().fit(data.iloc[b[1] - train_rows : b[1]], fh=fh)
        fit_time += time.perf_counter() - tic
        seen = b[1]
        for i, start in enumerate(starts):
            f.update(data.iloc[seen:start])
            seen = start
            pred = f.predict()
            out[i][:, cols] = np.asarray(pred).reshape(horizon, len(cols))
            if coverage is not None:
                interval = f.predict_interval(coverage=coverage).to_numpy()
                bounds[i][:, cols] = interval.reshape(horizon, len(cols), 2)
    return out, fit_time, bounds


def scores(pred, actual, bounds=None):
    error = pred - actual
    ot = COLUMNS.index("OT")
    covered = {}
    if bounds is not None:
        inside = (bounds[..., 0] <= actual) & (actual <= bounds[..., 1])  # (O, H, C)
        per_column = inside.mean(axis=(0, 1))
        covered = {"cov": float(inside.mean()), "cov min": float(per_column.min()),
                   "cov max": float(per_column.max())}
    return {**covered,
        "MSE": float(np.mean(error**2)), "MAE": float(np.mean(np.abs(error))),
        "OT MSE": float(np.mean(error[..., ot] ** 2)),
        "OT MAE": float(np.mean(np.abs(error[..., ot]))),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--horizon", type=int, default=24)
    parser.add_argument("--window-length", type=int, default=96)
    parser.add_argument("--train-rows", type=int, default=borders(MONTH)[1])
    parser.add_argument("--test-rows", type=int, default=SPLIT_MONTHS[2] * MONTH)
    parser.add_argument("--stride", type=int, default=24)
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--max-steps", type=int, default=2000)
    parser.add_argument("--cell", default="gru")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--coverage", type=float, default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    torch.set_num_threads(1)
    y = load(args.data)
    b = borders(MONTH)
    starts = origins(b[2], b[2] + args.test_rows, args.horizon, args.stride)
    actual = y.to_numpy()[starts[:, None] + np.arange(args.horizon)]
    params = dict(window_length=args.window_length, hidden_size=args.hidden_size,
                  max_steps=args.max_steps, cell=args.cell)
    print(f"ETTh1, 7 columns standardised, H = {args.horizon}, window {args.window_length}, "
          f"{len(starts)} test origins every {args.stride} h, trained on the last "
          f"{args.train_rows} training rows, {args.cell} hidden {args.hidden_size}, "
          f"{args.max_steps} steps, seeds {args.seeds}")
    extra = "" if args.coverage is None else "     cov (min-max per column)"
    print(f"{'method':<28}{'MSE':>8}{'MAE':>8}{'OT MSE':>8}{'OT MAE':>8}{'fit s':>8}{extra}")
    for method in args.methods:
        runs, seconds = [], []
        if method in ("naive", "seasonal naive"):
            season = None if method == "naive" else 24
            runs.append(scores(baseline(y, starts, args.horizon, season), actual))
            seconds.append(0.0)
        else:
            for seed in args.seeds:
                pred, fit_time, bounds = network(
                    y, starts, args.horizon, args.train_rows,
                    channels="mixing" if method == "mixing" else "independent",
                    seed=seed, per_column=method == "per column", params=params,
                    coverage=args.coverage,
                )
                runs.append(scores(pred, actual, bounds))
                seconds.append(fit_time)
        mean = {k: np.mean([r[k] for r in runs]) for k in runs[-1]}
        label = {"per column": "per column (7 networks)", "independent":
                 "independent (1 network)", "mixing": "mixing (1 network)"}.get(method, method)
        print(f"{label:<28}{mean['MSE']:>8.4f}{mean['MAE']:>8.4f}{mean['OT MSE']:>8.4f}"
              f"{mean['OT MAE']:>8.4f}{np.mean(seconds):>8.1f}" + (
                  f"{mean['cov']:>9.3f} ({mean['cov min']:.3f}-{mean['cov max']:.3f})"
                  if "cov" in mean else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
