"""The shipped series forecast one at a time with default settings, beside classical methods.

For each of airline, lynx and shampoo the last ``h`` values are held out;
``RNNForecaster(random_state=seed)`` (defaults: ``sp`` from the index,
automatic window, seasonal adjustment, budget in steps, ensemble) is fitted on
the rest for every seed, and scored by sMAPE and MASE (M4 definitions, MASE
scaled by the in-sample seasonal naive error) beside seasonal naive and
sktime's ``AutoETS`` and ``ThetaForecaster`` (these need ``statsmodels``:
``pip install rnnforecast[benchmarks]``). Fit times are wall-clock seconds per
fit and predict, on one torch thread by default (``--threads``).

Usage, from the repository root::

    python benchmarks/single_series.py --seeds 0 1 2 3 4
"""

import argparse
import importlib.util
import json
import time
import warnings

import numpy as np
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline, load_lynx, load_shampoo
from rnnforecast.forecasting._seasonality import infer_sp
from rnnforecast.metrics import mase, smape

# name: (loader, held-out steps)
SERIES = {"airline": (load_airline, 24), "lynx": (load_lynx, 14), "shampoo": (load_shampoo, 6)}


def reference_forecasts(train, h, sp):
    """Seasonal naive, AutoETS and Theta forecasts of the next h steps."""
    return reference_models(train, h, sp)[0]


def reference_models(train, h, sp):
    """({method: forecast of the next h steps}, {method: fitted sktime forecaster}): seasonal
    naive, and AutoETS and Theta when statsmodels is installed (the fitted ones)."""
    values = train.to_numpy(dtype=float)
    out = {"seasonal naive": np.resize(values[-sp:], h)}
    if importlib.util.find_spec("statsmodels") is None:  # AutoETS and Theta need it
        return out, {}
    from sktime.forecasting.ets import AutoETS
    from sktime.forecasting.theta import ThetaForecaster

    fh = np.arange(1, h + 1)
    # statsmodels needs two full seasons to start a seasonal model or to decompose: a
    # shorter series gets none
    ets_sp = sp if len(values) >= 2 * sp + 2 else 1
    theta = ThetaForecaster(sp=sp, deseasonalize=1 < sp and 2 * sp <= len(values))
    models = {"AutoETS": AutoETS(auto=True, sp=ets_sp, n_jobs=1), "Theta": theta}
    for name, model in models.items():
        out[name] = model.fit(train, fh=fh).predict().to_numpy()
    return out, models


def reference_bounds(model, h, coverages, repetitions=2000):
    """(levels, 2, h) lower and upper bounds of a fitted reference's own prediction
    intervals (sktime's ``predict_interval``). A multiplicative AutoETS model has no
    closed form: sktime 1.2 passes statsmodels 0.15's simulation an argument it refuses,
    so its quantiles are taken here from ``repetitions`` simulated paths (seeded), as
    statsmodels' own ``get_prediction`` takes them."""
    bounds = np.empty((len(coverages), 2, h))
    for k, level in enumerate(coverages):
        try:
            frame = model.predict_interval(coverage=level)
            bounds[k] = frame.to_numpy(dtype=float).T
        except TypeError as error:  # only that refusal: any other error is raised
            if "simulate_kwargs" not in str(error):
                raise
            paths = np.asarray(model._fitted_forecaster.simulate(
                h, anchor="end", repetitions=repetitions, rng=np.random.default_rng(0)))
            bounds[k] = np.quantile(paths, [(1 - level) / 2, (1 + level) / 2], axis=1)
    return bounds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", nargs="+", choices=sorted(SERIES), default=sorted(SERIES))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    params = json.loads(args.params)
    warnings.filterwarnings("ignore", category=FutureWarning, module="sktime")

    # the first optimizer of a process imports torch._dynamo (about 1 s): not a fit's cost
    RNNForecaster(max_steps=1, window_length=4).fit(load_shampoo(), fh=[1])
    print(f"RNNForecaster({params}), seeds {args.seeds}, {args.threads} torch thread(s)")
    print(f"{'series':8s} {'method':16s} {'sMAPE':>14s} {'MASE':>14s} {'fit s':>6s}")
    for name in args.series:
        loader, h = SERIES[name]
        y = loader()
        train, test = y.iloc[:-h], y.iloc[-h:].to_numpy(dtype=float)
        sp = infer_sp(y.index)
        history = train.to_numpy(dtype=float)
        scores, times = [], []
        for seed in args.seeds:
            start = time.perf_counter()
            f = RNNForecaster(random_state=seed, **params).fit(train, fh=np.arange(1, h + 1))
            pred = f.predict().to_numpy()
            times.append(time.perf_counter() - start)  # fit and predict
            scores.append((smape(test, pred), mase(test, pred, history, m=sp)))
        s = np.array(scores)
        print(
            f"{name:8s} {'RNNForecaster':16s} {s[:, 0].mean():7.2f} ±{s[:, 0].std():5.2f} "
            f"{s[:, 1].mean():7.3f} ±{s[:, 1].std():5.3f} {np.mean(times):6.1f}"
        )
        for method, pred in reference_forecasts(train, h, sp).items():
            print(
                f"{'':8s} {method:16s} {smape(test, pred):7.2f} {'':6s} "
                f"{mase(test, pred, history, m=sp):7.3f}"
            )


if __name__ == "__main__":
    main()
