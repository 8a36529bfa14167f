"""One global RNNForecaster per dataset (M3, M4 Weekly/Hourly), beside the classical methods.

The forecaster is given only the training file and default settings apart
from the seasonal period and the horizon (``--params`` overrides others). Its
forecasts are scored with :mod:`rnnforecast.metrics` (M4's sMAPE and MASE)
beside the reference methods of the data folder, scored by the same code:

- M3: the original competition forecasts (``m3/forecasts/*.csv``: Theta,
  ForecastPro, Naive2, ...) and seasonal naive;
- M4: the official Naive2 scores (the OWA reference) and, for comparison,
  the official OWA of the best entry, ES-RNN and Theta.

Usage, from the repository root::

    python benchmarks/classic.py --dataset m3-monthly --seeds 0 1 2
    python benchmarks/classic.py --dataset m4-weekly --data ../shared/data

Prints one row per seed (sMAPE, MASE, OWA where M4, fit seconds), their mean
and spread, and the reference rows.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_m4
from rnnforecast.metrics import mase, owa, smape

# name: (train file, test file, horizon, sp of the model, m of MASE)
DATASETS = {
    "m3-yearly": ("m3/M3-yearly-train.csv", "m3/M3-yearly-test.csv", 6, 1, 1),
    "m3-quarterly": ("m3/M3-quarterly-train.csv", "m3/M3-quarterly-test.csv", 8, 4, 4),
    "m3-monthly": ("m3/M3-monthly-train.csv", "m3/M3-monthly-test.csv", 18, 12, 12),
    "m3-other": ("m3/M3-other-train.csv", "m3/M3-other-test.csv", 8, 1, 1),
    "m4-weekly": ("m4/weekly/Weekly-train.csv", "m4/weekly/Weekly-test.csv", 13, 52, 1),
    "m4-hourly": ("m4/Hourly-train.csv", "m4/Hourly-test.csv", 48, 24, 24),
}
M3_METHODS = ["THETA", "ForecastPro", "COMB_S-H-D", "DAMPEN", "Auto-ANN", "NAIVE2"]
M4_COLUMN = {"m4-weekly": "Weekly", "m4-hourly": "Hourly"}
M4_METHODS = {"Naive2": "Naive2", "Theta": "Theta", "118": "ES-RNN (Smyl)"}
M4_BEST = {"m4-weekly": "235", "m4-hourly": "238"}


def series_arrays(panel):
    groups = panel["y"].groupby(level="series", sort=False)
    ids, values = zip(*[(name, group.to_numpy()) for name, group in groups])
    return list(ids), list(values)


def score(forecasts, actual, train, m):
    """Mean sMAPE and MASE over the series (M4 definitions)."""
    s = np.mean([smape(a, f) for a, f in zip(actual, forecasts)])
    q = np.mean([mase(a, f, t, m=m) for a, f, t in zip(actual, forecasts, train)])
    return s, q


def evaluate(forecaster, ids, actual, train, m, naive2):
    """sMAPE, MASE and OWA (NaN without Naive2's scores) of a fitted forecaster."""
    y_pred = forecaster.predict()["y"]
    forecasts = [y_pred.loc[i].to_numpy() for i in ids]
    s, q = score(forecasts, actual, train, m)
    return s, q, (owa(s, q, *naive2[:2]) if naive2 else float("nan"))


def seasonal_naive(train, horizon, m):
    return [np.resize(t[-m:], horizon) if len(t) >= m else np.repeat(t[-1], horizon) for t in train]


def m3_reference(data, name, ids, actual, train, horizon, m):
    rows = {"seasonal naive": score(seasonal_naive(train, horizon, m), actual, train, m)}
    for method in M3_METHODS:
        frame = pd.read_csv(Path(data) / "m3" / "forecasts" / f"{method}.csv", index_col=0)
        forecasts = frame.loc[ids].iloc[:, :horizon].to_numpy(dtype=float)
        rows[method] = score(forecasts, actual, train, m)
    return rows


def read_official(data, sheet="point-forecasts-by-frequency"):
    """An M4 official results sheet: rows by method, columns (measure, frequency)."""
    path = Path(data) / "m4" / "official_results" / f"{sheet}.csv"
    raw = pd.read_csv(path, header=None, dtype=str)
    measures = raw.iloc[0, 1:].ffill()  # "sMAPE" heads its group of frequency columns
    frame = raw.iloc[2:, 1:].set_axis(pd.MultiIndex.from_arrays([measures, raw.iloc[1, 1:]]), axis=1)
    frame.index = raw.iloc[2:, 0].str.strip()
    return frame.loc[~frame.index.duplicated(), frame.columns.get_level_values(1).notna()]


def m4_official(data, name):
    frame = read_official(data)
    column = M4_COLUMN[name]
    out = {}
    for code, label in {**M4_METHODS, M4_BEST[name]: f"best M4 entry ({M4_BEST[name]})"}.items():
        row = frame.loc[code]
        out[label] = tuple(float(row[(measure, column)]) for measure in ["sMAPE", "MASE", "OWA"])
    return out


def load_split(data, dataset, n_series=None):
    """(panel, ids, training arrays, test arrays cut to the horizon) of a dataset."""
    train_file, test_file, horizon = DATASETS[dataset][:3]
    panel = load_m4(Path(data) / train_file, n_series=n_series)
    ids, train = series_arrays(panel)
    test_ids, actual = series_arrays(load_m4(Path(data) / test_file, n_series=n_series))
    assert test_ids == ids, "train and test files list different series"
    return panel, ids, train, [a[:horizon] for a in actual]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), required=True)
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--n-series", type=int, default=None, help="first N series only")
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument(
        "--members", action="store_true", help="also score each ensemble member alone"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    horizon, sp, m = DATASETS[args.dataset][2:]
    panel, ids, train, actual = load_split(args.data, args.dataset, args.n_series)
    params = {"sp": sp, **json.loads(args.params)}
    is_m4 = args.dataset in M4_COLUMN
    naive2 = m4_official(args.data, args.dataset)["Naive2"] if is_m4 else None

    print(f"{args.dataset}: {len(ids)} series, h={horizon}, RNNForecaster({params})")
    results = []
    for seed in args.seeds:
        start = time.perf_counter()
        forecaster = RNNForecaster(random_state=seed, **params)
        forecaster.fit(panel, fh=np.arange(1, horizon + 1))
        fitted = time.perf_counter() - start
        s, q, o = evaluate(forecaster, ids, actual, train, m, naive2)
        results.append((s, q, o, fitted))
        print(f"  seed {seed}: sMAPE {s:.3f}  MASE {q:.3f}  OWA {o:.3f}  fit {fitted:.0f} s  "
              f"combine_={forecaster.combine_!r}")
        if args.members and len(forecaster.regressors_) > 1:
            members = forecaster.regressors_
            for k, regressor in enumerate(members):
                forecaster.regressors_ = [regressor]
                s, q, o = evaluate(forecaster, ids, actual, train, m, naive2)
                print(f"    member {k} alone: sMAPE {s:.3f}  MASE {q:.3f}  OWA {o:.3f}")
            forecaster.regressors_ = members
    r = np.array(results)
    mean, std = r.mean(axis=0), r.std(axis=0)
    print(
        f"RNNForecaster mean over {len(args.seeds)} seed(s): sMAPE {mean[0]:.3f} (std {std[0]:.3f})"
        f"  MASE {mean[1]:.3f} (std {std[1]:.3f})  OWA {mean[2]:.3f}  fit {mean[3]:.0f} s"
    )
    if is_m4:
        print("official M4 results (sMAPE / MASE / OWA):")
        for label, (s, q, o) in m4_official(args.data, args.dataset).items():
            print(f"  {label:24s} {s:7.3f} {q:7.3f} {o:7.3f}")
    else:
        print("reference methods, same series and scoring (sMAPE / MASE):")
        for label, (s, q) in m3_reference(args.data, args.dataset, ids, actual, train, horizon, m).items():
            print(f"  {label:24s} {s:7.3f} {q:7.3f}")


if __name__ == "__main__":
    main()
