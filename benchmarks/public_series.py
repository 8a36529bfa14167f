"""Ordinary public series that no default was chosen on, one model per series, as a user fits.

Twelve series that ship with statsmodels and sktime (``pip install "rnnforecast[benchmarks]"``),
none of them in ``../shared/data`` or used to choose anything: electrical equipment orders,
Mauna Loa CO2 (monthly means of the last 20 years), El Nino sea temperatures, Australian drug
sales (PBS), UK road casualties (Seatbelts) - monthly, 18 ahead; US real GDP, CPI,
unemployment, real investment, an interest rate - quarterly, 8 ahead; sunspots and the Nile's
flow - yearly, 6 ahead. Each series' last values are held out; ``RNNForecaster(sp=m,
random_state=seed)`` is fitted on the rest for every seed and scored by MASE (in-sample
seasonal naive scale) beside seasonal naive, naive, Theta and AutoETS (the code of
``single_series.reference_models``; a series with a value <= 0 gets them on the series shifted
to be positive, which Theta's multiplicative adjustment needs). Printed: each series' MASE
(the network's mean over the seeds) and seconds to fit and forecast, then the mean MASE over
the series (the network's per seed, mean and spread).

Usage, from the repository root::

    python benchmarks/public_series.py --seeds 0 1 2 --jobs 2
"""

import argparse
import json
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from single_series import reference_models  # noqa: E402

from rnnforecast import RNNForecaster  # noqa: E402
from rnnforecast.metrics import mase  # noqa: E402


def load_series():
    """{name: (values, period m, horizon h)}, oldest value first."""
    import statsmodels.api as sm
    import statsmodels.datasets.elec_equip as elec_equip
    from sktime.datasets import load_PBS_dataset

    out = {"elec_equip": (elec_equip.load().data.iloc[:, 0].to_numpy(dtype=float), 12, 18)}
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    out["co2"] = (co2.to_numpy(dtype=float)[-240:], 12, 18)
    out["elnino"] = (sm.datasets.elnino.load_pandas().data.iloc[:, 1:].to_numpy(dtype=float)
                     .ravel(), 12, 18)
    out["pbs"] = (load_PBS_dataset().to_numpy(dtype=float), 12, 18)
    seatbelts = Path(sys.modules["sktime"].__file__).parent / "datasets/data/seatbelts"
    out["seatbelts"] = (pd.read_csv(seatbelts / "seatbelts.csv")["KSI"].to_numpy(dtype=float),
                        12, 18)
    macro = sm.datasets.macrodata.load_pandas().data
    for column in ["realgdp", "cpi", "unemp", "realinv"]:
        out[f"macro_{column}"] = (macro[column].to_numpy(dtype=float), 4, 8)
    rates = sm.datasets.interest_inflation.load_pandas().data
    out["interest_rate"] = (rates["R"].to_numpy(dtype=float), 4, 8)
    out["sunspots"] = (sm.datasets.sunspots.load_pandas().data["SUNACTIVITY"]
                       .to_numpy(dtype=float), 1, 6)
    out["nile"] = (sm.datasets.nile.load_pandas().data["volume"].to_numpy(dtype=float), 1, 6)
    return out


def fit_one(task):
    """(MASE, seconds to fit and forecast) of one series and seed."""
    values, m, h, seed, params = task
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    train, test = values[:-h], values[-h:]
    start = time.perf_counter()
    f = RNNForecaster(sp=m, random_state=seed, **params).fit(pd.Series(train),
                                                            fh=np.arange(1, h + 1))
    pred = f.predict().to_numpy(dtype=float)
    return mase(test, pred, train, m=m), time.perf_counter() - start


def references(task):
    """{method: MASE} of seasonal naive, naive, AutoETS and Theta on one series."""
    values, m, h = task
    warnings.filterwarnings("ignore")
    train, test = values[:-h], values[-h:]
    shift = 1.0 - train.min() if train.min() <= 0 else 0.0  # Theta's adjustment needs > 0
    forecasts, _ = reference_models(pd.Series(train + shift), h, m)
    forecasts = {name: pred - shift for name, pred in forecasts.items()}
    forecasts["naive"] = np.repeat(train[-1], h)
    return {name: mase(test, pred, train, m=m) for name, pred in forecasts.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--series", nargs="+", help="only these (default: all twelve)")
    parser.add_argument("--params", default="{}", help="JSON of RNNForecaster parameters")
    parser.add_argument("--jobs", type=int, default=1, help="fits run in parallel")
    args = parser.parse_args(argv)
    params = json.loads(args.params)
    data = load_series()
    unknown = sorted(set(args.series or []) - set(data))
    if unknown:
        parser.error(f"--series: unknown {unknown}; the series are {sorted(data)}")
    data = {name: data[name] for name in (args.series or data)}
    tasks = [(v, m, h, seed, params) for v, m, h in data.values() for seed in args.seeds]
    if args.jobs == 1:  # in this process (tests import the script by path)
        fits, refs = list(map(fit_one, tasks)), list(map(references, data.values()))
    else:
        with Pool(args.jobs) as pool:
            fits = pool.map(fit_one, tasks)
            refs = pool.map(references, list(data.values()))
    fits = np.array(fits).reshape(len(data), len(args.seeds), 2)
    methods = list(refs[0])
    print(f"RNNForecaster({params}), seeds {args.seeds}, one model per series, one torch "
          f"thread per fit, {args.jobs} fit(s) at a time; MASE")
    print(f"{'series':14s} {'values':>6s} {'RNN':>7s} "
          + " ".join(f"{name.replace(' ', '_'):>14s}" for name in methods) + "  s/fit")
    for (name, (values, _, _)), fit, ref in zip(data.items(), fits, refs):
        print(f"{name:14s} {len(values):6d} {fit[:, 0].mean():7.3f} "
              + " ".join(f"{ref[k]:14.3f}" for k in methods) + f"  {fit[:, 1].mean():5.1f}")
    per_seed = fits[:, :, 0].mean(axis=0)
    print(f"mean MASE over {len(data)} series: RNNForecaster {per_seed.mean():.3f} "
          f"± {per_seed.std():.3f} (per seed {np.round(per_seed, 3).tolist()}); "
          + ", ".join(f"{k} {np.mean([r[k] for r in refs]):.3f}" for k in methods))


if __name__ == "__main__":
    main()
