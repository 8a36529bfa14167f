"""Search on a Dask LocalCluster gives the local search's results (rnnforecast.distributed).

dask[distributed] and dask[dataframe] (pyarrow) are in the test extra, so CI runs
these tests: where the CI variable is set, a missing module fails them instead of
skipping them. The cluster (2 worker processes, 1 thread each) and the data are
tiny; most of the module's time is the workers' start and their first imports.
"""

import importlib
import os
import sys

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.model_selection._distributed import (
    dask_backend,
    dask_client,
    require_dask,
    set_torch_threads,
)


def _require(module, reason=None):
    """Import ``module``; skip without it, except in CI (the test extra installs it)."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=reason)


def _windows():
    t = np.arange(120, dtype=float)
    series = np.sin(t / 3) + 0.01 * t
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 8)
    return X, series[8:]


def _search():
    reg = RNNRegressor(max_steps=15, max_epochs=None, random_state=0)
    grid = {"cell": ["rnn", "gru"], "hidden_size": [2, 4]}
    return GridSearchCV(
        reg, grid, cv=TimeSeriesSplit(2), scoring="neg_mean_absolute_error", n_jobs=-1
    )


@pytest.fixture(scope="module")
def dask_cluster():
    """One LocalCluster (2 worker processes, 1 thread each) for this module."""
    _require("dask.distributed")
    with dask_backend(n_workers=2, threads_per_worker=1) as client:
        yield client


def _sktime_setup():
    from sktime.split import ExpandingWindowSplitter

    y = pd.Series(np.sin(np.arange(60) / 3) + 5.0)
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=40, step_length=10)
    forecaster = RNNForecaster(window_length=6, hidden_size=3, max_steps=10, random_state=0)
    return y, cv, forecaster


@pytest.mark.slow
def test_grid_searches_on_a_local_dask_cluster_match_local_ones(dask_cluster):
    from sktime.forecasting.model_selection import ForecastingGridSearchCV

    assert set(dask_cluster.run(set_torch_threads, 1).values()) == {1}
    X, y = _windows()
    remote = _search().fit(X, y)  # inside joblib.parallel_backend("dask")
    y_series, cv, forecaster = _sktime_setup()
    sk_grid = {"cell": ["rnn", "gru"]}
    sk_remote = ForecastingGridSearchCV(forecaster, cv, sk_grid, backend="dask").fit(y_series)
    with joblib.parallel_backend("sequential"):
        local = _search().fit(X, y)
    # backend=None: sktime's plain loop (its default, "loky", would start processes)
    sk_local = ForecastingGridSearchCV(forecaster, cv, sk_grid, backend=None).fit(y_series)

    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert sk_remote.best_params_ == sk_local.best_params_
    column = "mean_test_MeanAbsolutePercentageError"
    np.testing.assert_array_equal(sk_remote.cv_results_[column], sk_local.cv_results_[column])


@pytest.mark.slow
def test_sktime_evaluate_on_a_local_dask_cluster_matches_local(dask_cluster):
    # evaluate(backend="dask") gathers the folds with dask.dataframe (pyarrow); older sktime
    # versions return that dask DataFrame, newer ones (1.2) compute it to pandas
    _require("dask.dataframe", reason="evaluate(backend='dask') needs dask.dataframe (pyarrow)")
    from sktime.forecasting.model_evaluation import evaluate

    y_series, cv, forecaster = _sktime_setup()
    remote = evaluate(forecaster, cv, y_series, backend="dask")
    remote = remote.compute() if hasattr(remote, "compute") else remote
    local = evaluate(forecaster, cv, y_series)
    column = "test_MeanAbsolutePercentageError"
    np.testing.assert_array_equal(remote[column].to_numpy(), local[column].to_numpy())


def test_dask_backend_without_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"backend='dask' needs dask.distributed.*pip install"):
        require_dask()
    with pytest.raises(ImportError, match=r"rnnforecast\[dask\]"):
        dask_client()


def test_unreachable_scheduler_is_a_clear_error():
    _require("dask.distributed")
    with pytest.raises(
        ConnectionError, match=r"cannot reach the Dask scheduler at scheduler='tcp://127.0.0.1:9'"
    ):
        dask_client("tcp://127.0.0.1:9", timeout=1)


@pytest.mark.parametrize("n_threads", [0, -1, "2", 1.5])
def test_set_torch_threads_names_a_bad_count(n_threads):
    # torch's RuntimeError "set_num_threads expects a positive integer" before
    with pytest.raises(ValueError, match=r"set_torch_threads: n_threads must be a positive "
                       rf"integer, got {n_threads!r}"):
        set_torch_threads(n_threads)
