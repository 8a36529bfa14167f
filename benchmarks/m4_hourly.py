"""Forecast M4 Hourly with one global RNNForecaster, inside a time budget.

Reads only the training file, fits one :class:`rnnforecast.RNNForecaster` on
all its series (a global model, each window standardised by its own
statistics, 48 steps forecast directly), and writes the forecasts in M4's
submission format (``id,F1..F48``, one row per series, in the file's order).
The test file is never opened; score the output with ``score_m4.py``.

With ``--cell auto`` the cell is chosen on a validation hold-out: each
candidate (``rnn``, ``lstm``, ``gru``) is fitted on the training series minus
their last 48 values and scored on those 48 values by OWA (sMAPE and MASE
relative to Naive2 on the same hold-out); the best one is refitted on the
whole training series. With an explicit ``--cell`` there is no validation and
the whole budget goes to the one fit.

Time budget: every fit gets its share of the budget as RNNForecaster's
``max_time`` (training stops after the first epoch that ends past it), with
an epoch's worth of margin kept back, so that the cells are compared at equal
training time.

Usage, from the repository root::

    python benchmarks/m4_hourly.py --train ../shared/data/m4/Hourly-train.csv \\
        --out /tmp/rnn-auto.csv --cell auto --budget-minutes 15
    python benchmarks/score_m4.py --forecasts /tmp/rnn-auto.csv \\
        --train ../shared/data/m4/Hourly-train.csv \\
        --test ../shared/data/m4/Hourly-test.csv

Threads: on a machine shared with other busy processes, torch with 2 threads
ran 5-23 times slower per batch than with 1 (the threads wait on each other),
so the default is ``--threads 1``.
"""

import argparse
import math
import sys
import time

import numpy as np
import pandas as pd
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_m4
from rnnforecast.metrics import mase, owa, smape

HORIZON = 48
PERIOD = 24
CELLS = ("rnn", "lstm", "gru")
# share of the budget spent on validation with --cell auto
VALIDATION_SHARE = 0.5
# seconds kept for loading, predicting and writing
RESERVE_S = 20.0
# training stops after the epoch that ends past its time: keep room for it
EPOCH_MARGIN = 0.9


def series_values(panel):
    """Ids and one value array per series, in the panel's order."""
    groups = panel["y"].groupby(level="series", sort=False)
    ids, values = zip(*[(name, group.to_numpy()) for name, group in groups])
    return list(ids), list(values)


def to_panel(ids, values):
    """A ``pd-multiindex`` panel (series, time) from ids and value arrays."""
    index = pd.MultiIndex.from_arrays(
        [
            np.repeat(ids, [len(v) for v in values]),
            np.concatenate([np.arange(len(v), dtype=np.int64) for v in values]),
        ],
        names=["series", "time"],
    )
    return pd.DataFrame({"y": np.concatenate(values)}, index=index)


# --------------------------------------------------------------- Naive2
def _acf(y, k):
    mean = y.mean()
    return np.sum((y[:-k] - mean) * (y[k:] - mean)) / np.sum((y - mean) ** 2)


def is_seasonal(y, m=PERIOD):
    """M4's 90% autocorrelation test for seasonality at lag ``m``.

    As in the M4 code, the sum starts with acf(1) itself (not squared).
    """
    s = _acf(y, 1) + sum(_acf(y, k) ** 2 for k in range(2, m))
    limit = 1.645 * math.sqrt((1 + 2 * s) / len(y))
    return abs(_acf(y, m)) > limit


def seasonal_indices(y, m=PERIOD):
    """Classical multiplicative decomposition: the m seasonal indices of ``y``.

    Index i belongs to the time steps t with t % m == i (t counted from the
    start of ``y``); the indices average 1.
    """
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    trend = np.convolve(y, weights, mode="valid")
    start = len(weights) // 2
    ratio = np.full(len(y), np.nan)
    ratio[start : start + len(trend)] = y[start : start + len(trend)] / trend
    positions = np.arange(len(y)) % m
    indices = np.array([np.nanmean(ratio[positions == i]) for i in range(m)])
    return indices / indices.mean()


def naive2(y, h=HORIZON, m=PERIOD):
    """M4's Naive2: naive forecast of the seasonally adjusted series."""
    y = np.asarray(y, dtype=float)
    if not is_seasonal(y, m):
        return np.full(h, y[-1])
    indices = seasonal_indices(y, m)
    n = len(y)
    level = y[-1] / indices[(n - 1) % m]
    return level * indices[np.arange(n, n + h) % m]


def holdout_owa(forecasts, actual, train):
    """(sMAPE, MASE, OWA) of ``forecasts`` on a hold-out, OWA against Naive2."""
    reference = np.vstack([naive2(y) for y in train])
    scores = smape(actual, forecasts), mase(actual, forecasts, train, m=PERIOD)
    naive2_scores = smape(actual, reference), mase(actual, reference, train, m=PERIOD)
    return (*scores, owa(*scores, *naive2_scores))


# -------------------------------------------------------------- fitting
def make_forecaster(config, seconds, seed, max_epochs=None):
    return RNNForecaster(
        config["window_length"],
        HORIZON,
        cell=config["cell"],
        hidden_size=config["hidden_size"],
        num_layers=config["num_layers"],
        step_length=config["step_length"],
        max_epochs=max_epochs or 10_000,
        max_time=max(seconds, 1e-3),
        batch_size=config["batch_size"],
        lr=config["lr"],
        random_state=seed,
    )


def fit_predict(config, ids, values, seconds, seed, max_epochs=None):
    """Fit on the series within ``seconds``; return (forecasts (S, 48), epochs)."""
    forecaster = make_forecaster(config, seconds, seed, max_epochs)
    forecaster.fit(to_panel(ids, values), fh=range(1, HORIZON + 1))
    frame = forecaster.predict()["y"]
    forecasts = np.vstack([frame.loc[name].to_numpy() for name in ids])
    return forecasts, len(forecaster.regressor_.history_)


def write_forecasts(path, ids, forecasts):
    columns = [f"F{i}" for i in range(1, HORIZON + 1)]
    frame = pd.DataFrame(forecasts, index=pd.Index(ids, name="id"), columns=columns)
    frame.to_csv(path)


# ------------------------------------------------------------------ CLI
def _parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Fit one global RNNForecaster on M4 Hourly and write forecasts."
    )
    parser.add_argument("--train", required=True, help="Hourly-train.csv")
    parser.add_argument("--out", required=True, help="forecasts CSV to write (id,F1..F48)")
    parser.add_argument("--cell", choices=[*CELLS, "auto"], default="auto")
    parser.add_argument("--budget-minutes", type=float, default=15.0)
    parser.add_argument("--n-series", type=int, help="use only the first n series")
    parser.add_argument("--window-length", type=int, default=168)
    parser.add_argument("--step-length", type=int, default=24)
    parser.add_argument("--hidden-size", type=int, default=64)
    parser.add_argument("--num-layers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--max-epochs", type=int, help="cap on the epochs of each fit")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=0)
    return parser, parser.parse_args(argv)


def main(argv=None):
    """Run the script; ``argv`` defaults to ``sys.argv[1:]``. Returns 0."""
    start = time.perf_counter()
    parser, args = _parse_args(argv)
    if args.budget_minutes <= 0:
        parser.error(f"--budget-minutes must be > 0, got {args.budget_minutes!r}.")
    torch.set_num_threads(args.threads)
    budget = 60.0 * args.budget_minutes
    try:
        ids, values = series_values(load_m4(args.train, n_series=args.n_series))
    except (FileNotFoundError, ValueError) as exc:
        parser.error(str(exc))
    base = {
        "window_length": args.window_length,
        "step_length": args.step_length,
        "hidden_size": args.hidden_size,
        "num_layers": args.num_layers,
        "batch_size": args.batch_size,
        "lr": args.lr,
    }
    cells = CELLS if args.cell == "auto" else (args.cell,)
    configs = [{**base, "cell": cell} for cell in cells]
    # a throw-away fit first, so that one-time start-up costs stay out of the timing
    make_forecaster({**configs[0], "window_length": 2 * HORIZON}, 1e-3, args.seed, 1).fit(
        to_panel(ids[:1], values[:1]), fh=range(1, HORIZON + 1)
    )

    if len(configs) > 1:
        train = [v[:-HORIZON] for v in values]
        actual = np.vstack([v[-HORIZON:] for v in values])
        share = (budget * VALIDATION_SHARE - (time.perf_counter() - start)) / len(configs)
        results = []
        for config in configs:
            t0 = time.perf_counter()
            forecasts, epochs = fit_predict(
                config, ids, train, share * EPOCH_MARGIN, args.seed, args.max_epochs
            )
            scores = holdout_owa(forecasts, actual, train)
            results.append(scores[2])
            print(
                f"validation {config['cell']}: {epochs} epochs, "
                f"{time.perf_counter() - t0:.0f} s, sMAPE {scores[0]:.3f}, "
                f"MASE {scores[1]:.3f}, OWA {scores[2]:.3f} (hold-out: last {HORIZON})"
            )
        best = int(np.argmin(results))
        configs = [configs[best]]

    config = configs[0]
    remaining = budget - (time.perf_counter() - start) - RESERVE_S
    forecasts, epochs = fit_predict(
        config, ids, values, remaining * EPOCH_MARGIN, args.seed, args.max_epochs
    )
    write_forecasts(args.out, ids, forecasts)
    print(f"chosen config: {config}, epochs={epochs}")
    print(f"wrote {len(ids)} series to {args.out}")
    print(f"wall time: {time.perf_counter() - start:.1f} s (budget {budget:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
