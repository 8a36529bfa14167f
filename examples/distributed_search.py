"""Choose the recurrent cell and the hidden size on a Dask cluster.

A ``GridSearchCV`` over ``cell`` x ``hidden_size`` (6 candidates, 3 time-ordered
folds) of an :class:`rnnforecast.RNNRegressor` on windows of the log airline
series runs its fits on Dask workers through ``joblib.parallel_backend("dask")``
(:func:`rnnforecast.model_selection.dask_backend`), then the same search runs
locally: the best parameters and scores are identical for the same
``random_state`` (every worker computes with one torch thread, as the local
search does).

Needs ``pip install "rnnforecast[dask]"``. Run::

    python examples/distributed_search.py                     # a LocalCluster of 2 workers
    python examples/distributed_search.py --scheduler tcp://10.0.0.5:8786
    python examples/distributed_search.py --no-local          # skip the local comparison
"""

import argparse
import time

import joblib
import numpy as np
import torch
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from rnnforecast import RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.model_selection._distributed import dask_backend


def make_search(max_steps):
    reg = RNNRegressor(max_epochs=None, max_steps=max_steps, normalize=True, random_state=0)
    grid = {"cell": ["rnn", "lstm", "gru"], "hidden_size": [8, 16]}
    return GridSearchCV(
        reg, grid, cv=TimeSeriesSplit(3), scoring="neg_mean_absolute_error", n_jobs=-1
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheduler", default=None, help="tcp://host:port of a running scheduler")
    parser.add_argument("--workers", type=int, default=2, help="workers of the LocalCluster")
    parser.add_argument("--max-steps", type=int, default=60)
    parser.add_argument("--no-local", action="store_true", help="skip the local search")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    series = np.log(load_airline().to_numpy(dtype=float))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 12)
    y = series[12:]

    start = time.perf_counter()
    with dask_backend(args.scheduler, n_workers=args.workers) as client:
        print(f"dask: {len(client.scheduler_info()['workers'])} workers at {client.scheduler.address}")
        search_start = time.perf_counter()
        remote = make_search(args.max_steps).fit(X, y)
        dask_seconds = time.perf_counter() - search_start
    total_seconds = time.perf_counter() - start
    print(f"dask search:  best {remote.best_params_}, MAE {-remote.best_score_:.4f}, "
          f"{dask_seconds:.1f} s ({total_seconds:.1f} s with cluster start and close)")
    if args.no_local:
        return remote
    start = time.perf_counter()
    with joblib.parallel_backend("sequential"):
        local = make_search(args.max_steps).fit(X, y)
    local_seconds = time.perf_counter() - start
    same = np.array_equal(remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"])
    print(f"local search: best {local.best_params_}, MAE {-local.best_score_:.4f}, "
          f"{local_seconds:.1f} s")
    print(f"same best params: {remote.best_params_ == local.best_params_}; identical scores: "
          f"{same}; speed-up {local_seconds / dask_seconds:.2f}x")
    return remote


if __name__ == "__main__":
    main()
