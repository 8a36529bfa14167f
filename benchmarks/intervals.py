"""Prediction intervals of RNNForecaster on M4 Hourly / Weekly and M3 Monthly, beside M4's figures.

The forecaster is given only the training file; its intervals are scored on
the test file with :mod:`rnnforecast.metrics` (M4's MSIS, coverage and ACD =
|coverage - nominal|), beside the official M4 figures of the same data
(``m4/official_results/prediction-intervals-by-frequency.csv``) and M4's
Naive intervals (last value +- z sigma sqrt(h)) computed here.

Candidates, all around the same point network (one fit, ``random_state``):

- ``insample``: conformal errors of the fitted network on its own last
  training targets (``calibration="insample"``, the default, no extra fit);
- ``holdout``: conformal errors of a second network fitted without the last
  steps of each series (``calibration="holdout"``; that network is fitted
  once and shared by both of its rows);
- each of them per series (the default, errors normalised by each series'
  error level, ``rnnforecast.forecasting._error_levels.series_sigmas``) and ``global`` (one
  width relative to the series' scale for all series, ``calibrate(...,
  local=False)``);
- ``quantile``: two more networks trained with the pinball loss at the
  bounds' quantiles (``RNNRegressor(loss="quantile")``), one per bound
  (only with ``--quantile-nets``; two extra fits per coverage).
- ``--heads quantile normal student_t``: one more network per head, trained
  on a distribution (``RNNForecaster(loss=...)``; the quantile head on the
  levels 0.5 -/+ c/2 of each coverage and 0.5), with rows: the network's own
  intervals (``calibration=None``, what ``"auto"`` gives above 50,000 windows), its quantiles
  conformalised on in-sample scores (``CQR insample``, ``calibration="insample"``;
  ``CQR holdout`` too with ``--cqr-holdout``, one more fit per head), and
  today's conformal ``insample`` intervals around that same network's median.
  ``--no-default`` skips the default point network and its rows; ``--methods
  insample`` skips the holdout rows (and their fit). With ``n_models`` above 1
  in ``--params``, ``--first-member`` also scores the ensemble's first network
  alone (the same seed's ``n_models=1`` forecast), calibrated in-sample.

Usage, from the repository root::

    python benchmarks/intervals.py --dataset m4-hourly --threads 1
    python benchmarks/intervals.py --dataset m3-monthly --coverage 0.8 0.95 --n-series 200
    python benchmarks/intervals.py --dataset m4-weekly --threads 1 --heads normal --no-default
    python benchmarks/intervals.py --dataset m4-weekly --threads 1 --halves  # odd / even ids

Prints, per coverage, one row per candidate (MSIS, coverage, ACD), the
point sMAPE / MASE / OWA of the run, fit seconds, and the reference rows.
"""

import argparse
import copy
import json
import time

import numpy as np
import torch
from classic import DATASETS as CLASSIC_DATASETS  # benchmarks/classic.py, beside this script
from classic import load_split, read_official
from protocol import odd_id  # benchmarks/protocol.py: the halves of M4 by id
from scipy.stats import norm
from sktime.forecasting.base import ForecastingHorizon

from rnnforecast import RNNForecaster
from rnnforecast.forecasting import _intervals as intervals
from rnnforecast.forecasting import _probabilistic as probabilistic
from rnnforecast.forecasting._origins import Holdouts
from rnnforecast.forecasting._series import split_series
from rnnforecast.metrics import coverage, mase, msis, owa, smape

# the datasets of benchmarks/classic.py that have intervals to score
DATASETS = {name: CLASSIC_DATASETS[name] for name in ["m4-hourly", "m4-weekly", "m3-monthly"]}
M4_COLUMN = {"m4-weekly": "Weekly", "m4-hourly": "Hourly"}
M4_ROWS = {"Naive": "Naive", "ARIMA": "ARIMA", "ETS": "ETS", "118": "ES-RNN (Smyl)"}
M4_BEST = {"m4-weekly": "36", "m4-hourly": "238"}
NAIVE2_POINT = {"m4-hourly": (18.383, 2.395), "m4-weekly": (9.161, 2.777)}  # M4's Naive2


class _QuantileForecaster(RNNForecaster):
    """RNNForecaster whose networks predict the ``q`` quantile (pinball loss)."""

    q = 0.5

    def _make_regressor(self, seed):
        return super()._make_regressor(seed).set_params(loss="quantile", quantile=self.q)


def naive_intervals(train, horizon, cover):
    """M4's Naive intervals: last value +- z sigma sqrt(h), sigma of the one-step changes."""
    z = norm.ppf(0.5 + cover / 2)
    last = np.array([t[-1] for t in train])[:, None]
    sigma = np.array([np.sqrt(np.mean(np.diff(t) ** 2)) for t in train])[:, None]
    half = z * sigma * np.sqrt(np.arange(1, horizon + 1))
    return last - half, last + half


def bounds(frame, ids, cover):
    """(S, h) lower and upper bounds from a predict_interval frame."""
    column = frame.columns.get_level_values(0)[0]
    lower = frame[(column, cover, "lower")]
    upper = frame[(column, cover, "upper")]
    return (np.stack([lower.loc[i].to_numpy() for i in ids]),
            np.stack([upper.loc[i].to_numpy() for i in ids]))


def m4_official(data, name):
    frame = read_official(data, "prediction-intervals-by-frequency")
    column = M4_COLUMN[name]
    out = {}
    for code, label in {**M4_ROWS, M4_BEST[name]: f"best M4 entry ({M4_BEST[name]})"}.items():
        row = frame.loc[code]
        out[label] = (float(row[("MSIS", column)]), float(row[("ACD", column)]))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), required=True)
    parser.add_argument("--data", default="../shared/data", help="the benchmark data folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-series", type=int, default=None, help="first N series only")
    parser.add_argument("--coverage", type=float, nargs="+", default=[0.95])
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--quantile-nets", action="store_true",
                        help="also train pinball-loss networks for the bounds")
    parser.add_argument("--heads", nargs="*", default=[],
                        choices=["quantile", "normal", "student_t"],
                        help="also train networks on these distributions")
    parser.add_argument("--cqr-holdout", action="store_true",
                        help="also conformalise the heads' quantiles on held-out values")
    parser.add_argument("--no-default", action="store_true",
                        help="skip the default point network and its conformal rows")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--halves", action="store_true",
                        help="also score the odd and the even ids apart (tuning / confirmation)")
    parser.add_argument("--methods", nargs="+", default=["insample", "holdout"],
                        choices=["insample", "holdout"],
                        help="the default network's calibrations to score (holdout: one more fit)")
    parser.add_argument("--first-member", action="store_true",
                        help="with n_models > 1, also score the ensemble's first network alone "
                             "(the n_models=1 forecast of the same seed), calibrated in-sample")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    horizon, sp, m = DATASETS[args.dataset][2:]
    panel, ids, train, actual = load_split(args.data, args.dataset, args.n_series)
    actual = np.stack(actual)
    params = {"sp": sp, "random_state": args.seed, **json.loads(args.params)}
    fh = ForecastingHorizon(np.arange(1, horizon + 1), is_relative=True)
    print(f"{args.dataset}: {len(ids)} series, h={horizon}, RNNForecaster({params})")

    odd = np.array([odd_id(i) for i in ids])
    halves = {"odd ids (tuning)": odd, "even ids (confirmation)": ~odd} if args.halves else {}

    def score_point(label, fitted, seconds):
        point = fitted.predict()["y"]
        forecasts = np.stack([point.loc[i].to_numpy() for i in ids])
        s = np.mean([smape(a, f) for a, f in zip(actual, forecasts)])
        q = np.mean([mase(a, f, t, m=m) for a, f, t in zip(actual, forecasts, train)])
        line = f"{label}: sMAPE {s:.3f}  MASE {q:.3f}"
        if args.dataset in NAIVE2_POINT:
            line += f"  OWA {owa(s, q, *NAIVE2_POINT[args.dataset]):.3f}"
        print(f"  {line}  fit {seconds:.0f} s", flush=True)
        for half, rows in halves.items():
            s = np.mean([smape(a, f) for a, f in zip(actual[rows], forecasts[rows])])
            q = np.mean([mase(actual[i], forecasts[i], train[i], m=m)
                         for i in np.flatnonzero(rows)])
            print(f"    {half:28s} sMAPE {s:.3f}  MASE {q:.3f}", flush=True)

    def fit_and_score(label, **extra):
        start = time.perf_counter()
        fitted = RNNForecaster(**{**params, **extra, "calibration": None}).fit(panel, fh=fh)
        seconds = time.perf_counter() - start
        score_point(label, fitted, seconds)
        return fitted, seconds

    series = split_series(panel)
    candidates = {}
    for head in args.heads:
        extra = {"loss": head}
        if head == "quantile":
            levels = sorted({0.5} | {round(0.5 + sign * c / 2, 6) for c in args.coverage
                                     for sign in (-1, 1)})
            extra["quantiles"] = levels
        fitted, seconds = fit_and_score(f"{head} head", **extra)
        frame = fitted.predict_interval(coverage=args.coverage)
        candidates[f"{head} head"] = ({c: bounds(frame, ids, c) for c in args.coverage}, seconds)
        rows = [("CQR insample", "insample", probabilistic.calibrate_quantiles),
                ("conformal insample", "insample", intervals.calibrate)]
        if args.cqr_holdout:
            rows.insert(1, ("CQR holdout", "holdout", probabilistic.calibrate_quantiles))
        for label, method, calibrate in rows:
            model = copy.copy(fitted)
            model.calibration = method
            start = time.perf_counter()
            model.calibration_ = calibrate(model, series, [None] * len(series), None, fh)
            seconds = time.perf_counter() - start
            frame = model.predict_interval(coverage=args.coverage)
            candidates[f"{head}, {label}"] = (
                {c: bounds(frame, ids, c) for c in args.coverage}, seconds)
    if args.no_default:
        args.methods = []
    else:
        forecaster, _ = fit_and_score("point")
    held = Holdouts(forecaster) if args.methods else None  # one holdout fit for both rows
    if args.first_member and not args.no_default and len(forecaster.regressors_) > 1:
        first = copy.copy(forecaster)  # the same seed's n_models=1 network
        first.regressors_ = forecaster.regressors_[:1]
        score_point("first network alone", first, 0)
        first.calibration = "insample"
        start = time.perf_counter()
        first.calibration_ = intervals.calibrate(first, series, [None] * len(series), None, fh)
        frame = first.predict_interval(coverage=args.coverage)
        candidates["first network alone, insample"] = (
            {c: bounds(frame, ids, c) for c in args.coverage}, time.perf_counter() - start)
    for method in args.methods:
        for local in [True, False]:
            start = time.perf_counter()
            model = copy.copy(forecaster)
            model.calibration = method
            model.calibration_ = intervals.calibrate(
                model, series, [None] * len(series), None, fh, local=local, holdouts=held
            )
            seconds = time.perf_counter() - start
            frame = model.predict_interval(coverage=args.coverage)
            label = method + ("" if local else ", global")
            candidates[label] = ({c: bounds(frame, ids, c) for c in args.coverage}, seconds)
    if args.quantile_nets:
        start = time.perf_counter()
        found = {}
        for c in args.coverage:
            ends = []
            for level in (0.5 - c / 2, 0.5 + c / 2):
                net = _QuantileForecaster(**{**params, "calibration": None})
                net.q = level
                pred = net.fit(panel, fh=fh).predict()["y"]
                ends.append(np.stack([pred.loc[i].to_numpy() for i in ids]))
            lower, upper = np.minimum(*ends), np.maximum(*ends)  # no crossing
            found[c] = (lower, upper)
        candidates["quantile"] = (found, time.perf_counter() - start)

    for c in args.coverage:
        alpha = 1 - c
        print(f"\n{c:.0%} intervals                     MSIS    coverage  ACD    extra s")
        for method, (found, seconds) in candidates.items():
            lower, upper = found[c]
            cov = coverage(actual, lower, upper)
            score = msis(actual, lower, upper, train, m=m, alpha=alpha)
            print(f"  {method:30s} {score:8.3f}  {cov:.4f}  {abs(cov - c):.4f}  {seconds:6.0f}")
            for half, rows in halves.items():
                cov = coverage(actual[rows], lower[rows], upper[rows])
                score = msis(actual[rows], lower[rows], upper[rows],
                             [train[i] for i in np.flatnonzero(rows)], m=m, alpha=alpha)
                print(f"    {half:28s} {score:8.3f}  {cov:.4f}  {abs(cov - c):.4f}")
        lower, upper = naive_intervals(train, horizon, c)
        cov = coverage(actual, lower, upper)
        score = msis(actual, lower, upper, train, m=m, alpha=alpha)
        print(f"  {'Naive (computed)':30s} {score:8.3f}  {cov:.4f}  {abs(cov - c):.4f}")
        if args.dataset in M4_COLUMN and c == 0.95 and args.n_series is None:
            for label, (score, acd) in m4_official(args.data, args.dataset).items():
                print(f"  {label + ' (M4)':30s} {score:8.3f}            {acd:.4f}")


if __name__ == "__main__":
    main()
