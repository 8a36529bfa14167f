"""Defaults judged on data never used to choose them: a tuning set and a confirmation set.

The two sets are fixed here, in code, and never change with a run:

- **tuning** (``--set tuning``): M3 yearly, quarterly and monthly. Every default of
  ``RNNForecaster`` is chosen on this set only.
- **confirmation** (``--set confirmation``): M1 yearly, quarterly and monthly (1,001 short
  business and macro series, never used to choose anything). The README's figures on how the
  defaults generalise come from this set.
- **long series** (``--set tuning-long`` / ``confirmation-long``): M4 Weekly (80-2,597 values,
  h = 13, period 52) and M4 Hourly (700-960 values, h = 48, period 24), split by the number in
  each series' id: odd ids tune, even ids confirm. The M3 and M1 series are short (at most
  144 values); these check the one-model-per-series path on series users also have: a few
  years of weekly sales, a month of hourly load.

Two modes, the paths users take:

- ``--mode single`` (one model per series, as a user with one series fits): one
  ``RNNForecaster`` per series, given the series' training values only (``sp`` = the subset's
  period), forecasting the subset's horizon.
- ``--mode panel`` (small panels): the sample's series of each subset are cut, in their fixed
  order, into panels of ``--panel-size`` series (20-100); one global ``RNNForecaster`` per panel.

A fixed sample of ``--n-series`` series (spread over the subsets in proportion to their size,
drawn once with a fixed generator) is scored by MASE (in-sample seasonal naive scale of period
m) and sMAPE (percent), beside seasonal naive, naive, Theta and AutoETS scored by the same code
on the same series (Theta and AutoETS need ``pip install "rnnforecast[benchmarks]"``). Printed
per set and method: mean MASE and sMAPE over the series (the network's mean and spread over
``--seeds``), the share of series where the method beats seasonal naive on MASE, and fit
seconds per series (per panel in panel mode: fit and predict, and ``predict_interval`` with
``--coverage``, whose calibration network is fitted when intervals are first asked for); for the network also the share of fits whose
guard (``combine="auto"``) kept the network alone. With ``--coverage 0.8 0.95``, also the
network's prediction intervals of those coverages: the share of the test values inside them
and their MSIS (M4's, scaled as MASE), mean over the series and spread over the seeds; and
beside them AutoETS's and Theta's own intervals (sktime's ``predict_interval`` of the same
fits, ``single_series.reference_bounds``), scored by the same code.

Usage, from the repository root::

    python benchmarks/protocol.py --n-series 300 --seeds 0 1 2 --jobs 2
    python benchmarks/protocol.py --set tuning --mode panel --panel-size 40
    python benchmarks/protocol.py --set tuning --params '{"combine": null}'
    python benchmarks/protocol.py --set confirmation-long --n-series 100 --jobs 2
    python benchmarks/protocol.py --set tuning --seeds 0 --jobs 2 --coverage 0.8 0.95
"""

import argparse
import json
import re
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from single_series import reference_bounds, reference_models  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.exceptions import IntervalCoverageWarning  # noqa: E402
from rnnforecast.metrics import coverage, mase, msis, smape  # noqa: E402

#: name: [(train file, test file, horizon, period, ids), ...] under the data folder; ids
#: "odd" or "even" keeps the series whose id ends in such a number (a fixed half), None all.
SETS = {
    "tuning": [
        ("m3/M3-yearly-train.csv", "m3/M3-yearly-test.csv", 6, 1, None),
        ("m3/M3-quarterly-train.csv", "m3/M3-quarterly-test.csv", 8, 4, None),
        ("m3/M3-monthly-train.csv", "m3/M3-monthly-test.csv", 18, 12, None),
    ],
    "confirmation": [
        ("m1/M1-yearly-train.csv", "m1/M1-yearly-test.csv", 6, 1, None),
        ("m1/M1-quarterly-train.csv", "m1/M1-quarterly-test.csv", 8, 4, None),
        ("m1/M1-monthly-train.csv", "m1/M1-monthly-test.csv", 18, 12, None),
    ],
    "tuning-long": [
        ("m4/weekly/Weekly-train.csv", "m4/weekly/Weekly-test.csv", 13, 52, "odd"),
        ("m4/Hourly-train.csv", "m4/Hourly-test.csv", 48, 24, "odd"),
    ],
    "confirmation-long": [
        ("m4/weekly/Weekly-train.csv", "m4/weekly/Weekly-test.csv", 13, 52, "even"),
        ("m4/Hourly-train.csv", "m4/Hourly-test.csv", 48, 24, "even"),
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


def odd_id(key):
    """Does the series id ``key`` (e.g. "W123") end in an odd number? The halves of M4."""
    return int(re.sub(r"\D", "", str(key))) % 2 == 1


def half(rows, ids):
    """The rows whose id ends in an odd (ids="odd") or even ("even") number; all for None."""
    if ids is None:
        return rows
    odd = ids == "odd"
    return {key: v for key, v in rows.items() if odd_id(key) == odd}


def sample(data, name, n_series):
    """[(subset file, id, train values, test values, h, m)] of the fixed sample of a set."""
    subsets = [(spec, half(read_rows(data / spec[0]), spec[4]), read_rows(data / spec[1]))
               for spec in SETS[name]]
    sizes = np.array([len(train) for _, train, _ in subsets])
    if n_series is None or n_series >= sizes.sum():
        counts = sizes
    else:  # in proportion to the subsets' sizes, largest remainders first: n_series in all
        share = n_series * sizes / sizes.sum()
        counts = np.floor(share).astype(int)
        counts[np.argsort(counts - share)[: n_series - counts.sum()]] += 1
    rng = np.random.default_rng(SAMPLE_SEED)
    chosen = []
    for ((train_file, _, h, m, _), train, test), k in zip(subsets, counts):
        ids = sorted(train)
        for i in sorted(rng.choice(len(ids), size=int(k), replace=False)):
            chosen.append((train_file, ids[i], train[ids[i]], test[ids[i]][:h], h, m))
    return chosen


def groups(series, mode, panel_size):
    """Lists of series fitted together: one each, or panels of one subset each."""
    if mode == "single":
        return [[s] for s in series]
    out = []
    for subset in dict.fromkeys(s[0] for s in series):
        members = [s for s in series if s[0] == subset]
        out += [members[i : i + panel_size] for i in range(0, len(members), panel_size)]
    return out


def fit_group(task):
    """(forecasts (S, h), seconds to fit and forecast (with the intervals when asked),
    network kept alone, interval bounds (S, levels, 2, h) or None) of one model on a
    group, one seed."""
    group, params, seed, threads, coverages, fourier = task
    torch.set_num_threads(threads)
    warnings.filterwarnings("ignore", category=FutureWarning)
    # short series: fewer calibration errors than a 95% quantile needs (measured here instead)
    warnings.filterwarnings("ignore", category=IntervalCoverageWarning)
    _, _, _, _, h, m = group[0]
    if len(group) == 1:
        y = pd.Series(group[0][2])
    else:
        y = pd.concat({key: pd.Series(train) for _, key, train, _, _, _ in group})
        y = y.to_frame("y").rename_axis(["series", "time"])
    # timed: fit and predict (and predict_interval when asked: its calibration network
    # is fitted on first use)
    X = future = None
    if fourier:  # calendar terms as future-known covariates (rows of y, then of the forecast)
        X, future = calendar_terms(y, h, m, fourier)
    start = time.perf_counter()
    f = RNNForecaster(sp=m, random_state=seed, **params).fit(y, X=X, fh=np.arange(1, h + 1))
    pred = f.predict(X=future).to_numpy(dtype=float).reshape(len(group), h)
    seconds = time.perf_counter() - start
    if not coverages:
        return pred, seconds, f.combine_ is None, None
    try:
        frame = f.predict_interval(X=future, coverage=coverages)
    except ValueError:  # too short to calibrate (the error says why): no intervals
        return pred, time.perf_counter() - start, f.combine_ is None, np.full(
            (len(group), len(coverages), 2, h), np.nan)
    seconds = time.perf_counter() - start
    # (S, levels, 2, h): lower and upper bounds of each coverage
    bounds = np.stack([
        np.stack([frame.xs((c, side), axis=1, level=[1, 2]).to_numpy(dtype=float)
                  .reshape(len(group), h) for side in ("lower", "upper")], axis=1)
        for c in coverages], axis=1)
    return pred, seconds, f.combine_ is None, bounds


def calendar_terms(y, h, m, pairs):
    """(X of ``y``'s rows, X of the ``h`` rows after each series' end): ``pairs`` pairs of
    Fourier terms of the period ``m`` of each series' time positions (0 first); for ``m`` 1
    (yearly) a single column, the position over 100 (a trend term)."""
    def terms(t):
        if m == 1:
            return pd.DataFrame({"trend": t / 100.0})
        return pd.DataFrame({f"{name}{j}": f(2 * np.pi * j * t / m) for j in range(1, pairs + 1)
                             for name, f in (("sin", np.sin), ("cos", np.cos))})

    if isinstance(y, pd.Series):
        n = len(y)
        return (terms(np.arange(n)).set_axis(y.index),
                terms(np.arange(n, n + h)).set_axis(pd.RangeIndex(n, n + h)))
    fitted, future = {}, {}
    for key, values in y.groupby(level=0):
        n = len(values)
        fitted[key] = terms(np.arange(n)).set_axis(values.index.get_level_values(1))
        future[key] = terms(np.arange(n, n + h)).set_axis(pd.RangeIndex(n, n + h))
    names = y.index.names
    return (pd.concat(fitted).rename_axis(names), pd.concat(future).rename_axis(names))


def references(task):
    """({method: forecast}, {method: interval bounds (levels, 2, h)}) of one series (same
    code for every method); the bounds of AutoETS's and Theta's own intervals, when asked."""
    series, coverages = task
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="statsmodels")
    _, _, train_values, _, h, m = series
    out, models = reference_models(pd.Series(train_values), h, m)
    out["naive"] = np.repeat(train_values[-1], h)
    bounds = {name: reference_bounds(model, h, coverages)
              for name, model in models.items()} if coverages else {}
    return out, bounds


def run_set(which, args, params, pool):
    series = sample(Path(args.data), which, args.n_series)
    fitted = groups(series, args.mode, args.panel_size)
    levels = args.coverage or []
    net = np.zeros((len(args.seeds), len(series), 2))
    # per seed, series and level: (share of the test values inside, MSIS)
    intervals = np.zeros((len(args.seeds), len(series), len(levels), 2))
    seconds, alone = [], []
    for i, seed in enumerate(args.seeds):
        tasks = [(group, params, seed, args.threads, levels, args.fourier) for group in fitted]
        done = list(pool.imap(fit_group, tasks))
        rows = [p for pred, _, _, _ in done for p in pred]
        bounds = [b for *_, group in done for b in group] if levels else [None] * len(rows)
        for j, ((_, _, train, test, _, m), pred, b) in enumerate(zip(series, rows, bounds)):
            net[i, j] = mase(test, pred, train, m=m), smape(test, pred)
            for k, level in enumerate(levels):
                intervals[i, j, k] = (np.nan, np.nan) if np.isnan(b[k]).any() else (
                    coverage(test, *b[k]), msis(test, *b[k], train, m=m, alpha=1 - level))
    # times from fits run one at a time (the pool is idle): the first --timed groups, first seed
    for group in fitted[: args.timed]:
        _, sec, kept, _ = fit_group((group, params, args.seeds[0], args.threads, levels,
                                     args.fourier))
        seconds.append(sec)
        alone.append(kept)
    start = time.perf_counter()
    refs = pool.map(references, [(s, levels) for s in series])
    ref_seconds = (time.perf_counter() - start) * args.jobs / len(series)
    scores, ref_intervals = {}, {}
    for (_, _, train, test, _, m), (forecasts, bounds) in zip(series, refs):
        for method, pred in forecasts.items():
            scores.setdefault(method, []).append((mase(test, pred, train, m=m), smape(test, pred)))
        for method, b in bounds.items():  # (coverage, MSIS) per level
            ref_intervals.setdefault(method, []).append([
                (coverage(test, *b[k]), msis(test, *b[k], train, m=m, alpha=1 - level))
                for k, level in enumerate(levels)])

    snaive = np.array(scores["seasonal naive"])[:, 0]
    unit = "series" if args.mode == "single" else "panel"
    print(f"\n{which} set: {len(series)} series ({', '.join(s[0] for s in SETS[which])}), "
          f"{args.mode} mode ({len(fitted)} models), RNNForecaster({params})"
          + (f" with X: {args.fourier} pairs of Fourier terms" if args.fourier else "")
          + ", seeds "
          f"{args.seeds}, {args.threads} torch thread(s)")
    print(f"{'method':16s} {'MASE':>16s} {'sMAPE':>16s} {'beats sNaive':>13s}")
    per_seed = net.mean(axis=1)  # (seeds, 2)
    beats = (net[:, :, 0] < snaive[None]).mean(axis=1)
    print(f"{'RNNForecaster':16s} {per_seed[:, 0].mean():8.3f} ±{per_seed[:, 0].std():6.3f} "
          f"{per_seed[:, 1].mean():8.2f} ±{per_seed[:, 1].std():6.2f} {beats.mean():13.2f}  "
          + (f"fit {np.mean(seconds):.1f} s/{unit} over {len(seconds)} fits, network alone in "
             f"{np.mean(alone):.2f} of them; " if seconds else "fits not timed (--timed 0); ")
          + f"MASE per seed {np.round(per_seed[:, 0], 3).tolist()}")
    for k, level in enumerate(levels):  # mean over the series, then spread over the seeds
        cover, score = np.nanmean(intervals[:, :, k], axis=1).T
        refused = np.isnan(intervals[:, :, k, 0]).mean()
        print(f"{'':16s} {level:.0%} intervals: coverage {cover.mean():.3f} ±{cover.std():6.3f}, "
              f"MSIS {score.mean():.3f} ±{score.std():6.3f}; per seed "
              f"{np.round(cover, 3).tolist()} / {np.round(score, 3).tolist()}; "
              f"series too short for intervals: {refused:.2f}")
    for method, rows in scores.items():
        rows = np.array(rows)
        print(f"{method:16s} {rows[:, 0].mean():8.3f} {'':7s} {rows[:, 1].mean():8.2f} {'':7s} "
              f"{(rows[:, 0] < snaive).mean():13.2f}")
        for k, level in enumerate(levels if method in ref_intervals else []):
            own = np.array(ref_intervals[method])[:, k]  # (series, 2)
            cover, score = own.mean(axis=0)
            # the series the network has intervals for (at the first seed), as it is scored
            shared = ~np.isnan(intervals[0, :, k, 0])
            print(f"{'':16s} {level:.0%} intervals (its own): coverage {cover:.3f}, "
                  f"MSIS {score:.3f}; over the {shared.sum()} series with the network's "
                  f"intervals: {own[shared, 0].mean():.3f}, {own[shared, 1].mean():.3f}")
    print(f"references: {ref_seconds:.2f} s/series for all of them")
    subsets = [s[0] for s in series]
    if len(set(subsets)) > 1:  # the same figures by subset (mean MASE; network over seeds)
        for subset in dict.fromkeys(subsets):
            rows = np.array([name == subset for name in subsets])
            refs_mase = ", ".join(f"{method} {np.array(r)[rows, 0].mean():.3f}"
                                  for method, r in scores.items())
            cover = "".join(
                f", {level:.0%} coverage {np.nanmean(intervals[:, rows, k, 0]):.3f} MSIS "
                f"{np.nanmean(intervals[:, rows, k, 1]):.3f}" for k, level in enumerate(levels))
            print(f"  {subset} ({rows.sum()} series): RNNForecaster MASE "
                  f"{net[:, rows, 0].mean():.3f}{cover}; {refs_mase}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), nargs="+",
                        default=["tuning", "confirmation"], dest="which")
    parser.add_argument("--mode", choices=["single", "panel"], default="single")
    parser.add_argument("--panel-size", type=int, default=40, help="series per panel")
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--n-series", type=int, default=300, help="size of the fixed sample")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--threads", type=int, default=1, help="torch threads per fit")
    parser.add_argument("--jobs", type=int, default=1, help="fits run in parallel")
    parser.add_argument("--coverage", type=float, nargs="+",
                        help="also score the network's prediction intervals of these coverages "
                             "(share of the test values inside, MSIS)")
    parser.add_argument("--fourier", type=int, default=0,
                        help="give X: this many pairs of Fourier terms of the period "
                             "(future-known calendar covariates; a trend column for period 1)")
    parser.add_argument("--timed", type=int, default=20,
                        help="fits timed one at a time (seed of --seeds[0])")
    args = parser.parse_args(argv)
    params = json.loads(args.params)
    # the first optimizer of a process imports torch._dynamo (about 1 s): not a fit's cost
    RNNForecaster(max_steps=1, window_length=4, combine=None).fit(pd.Series(np.arange(9.0)))
    if args.jobs == 1:  # in this process (the smoke test imports the script by path)
        for which in args.which:
            run_set(which, args, params, SerialPool())
        return
    with Pool(args.jobs) as pool:
        for which in args.which:
            run_set(which, args, params, pool)


def map_tasks(func, tasks, jobs, chunksize=1):
    """``[func(task) for task in tasks]``: in this process for ``jobs`` 1 (the smoke tests
    import the scripts by path), else in a Pool of ``jobs`` processes."""
    if jobs == 1:
        return [func(task) for task in tasks]
    with Pool(jobs) as pool:
        return pool.map(func, tasks, chunksize=chunksize)


class SerialPool:
    """The ``map`` and ``imap`` of a Pool, run in this process."""

    def map(self, func, tasks):
        return [func(task) for task in tasks]

    imap = map


if __name__ == "__main__":
    main()
