"""Search on a Dask LocalCluster gives the local search's results (rnnforecast.distributed)."""

import sys

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.distributed import dask_backend, dask_client, require_dask


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


def _evaluate_backend():
    """sktime's evaluate(backend="dask") returns a dask DataFrame (dask.dataframe
    needs pyarrow); without it, the same cluster through joblib's dask backend."""
    try:
        import dask.dataframe  # noqa: F401
    except ImportError:
        return {"backend": "joblib", "backend_params": {"backend": "dask"}}
    return {"backend": "dask"}


@pytest.mark.slow
def test_grid_search_and_sktime_on_a_local_dask_cluster():
    pytest.importorskip("dask.distributed")
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.forecasting.model_selection import ForecastingGridSearchCV
    from sktime.split import ExpandingWindowSplitter

    X, y = _windows()
    local = _search()
    with joblib.parallel_backend("sequential"):
        local.fit(X, y)
    y_series = pd.Series(np.sin(np.arange(60) / 3) + 5.0)
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=40, step_length=10)
    forecaster = RNNForecaster(window_length=6, hidden_size=3, max_steps=10, random_state=0)
    sk_grid = {"cell": ["rnn", "gru"]}
    sk_local = ForecastingGridSearchCV(forecaster, cv, sk_grid).fit(y_series)
    scores_local = evaluate(forecaster, cv, y_series)

    with dask_backend(n_workers=2, threads_per_worker=1) as client:
        assert set(client.run(lambda: __import__("torch").get_num_threads()).values()) == {1}
        remote = _search().fit(X, y)
        sk_remote = ForecastingGridSearchCV(forecaster, cv, sk_grid, backend="dask").fit(
            y_series
        )
        scores_remote = evaluate(forecaster, cv, y_series, **_evaluate_backend())
        if hasattr(scores_remote, "compute"):  # a dask DataFrame
            scores_remote = scores_remote.compute()

    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert sk_remote.best_params_ == sk_local.best_params_
    np.testing.assert_array_equal(
        sk_remote.cv_results_["mean_test_MeanAbsolutePercentageError"],
        sk_local.cv_results_["mean_test_MeanAbsolutePercentageError"],
    )
    np.testing.assert_array_equal(
        np.asarray(scores_remote["test_MeanAbsolutePercentageError"]),
        scores_local["test_MeanAbsolutePercentageError"],
    )


def test_dask_backend_without_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"backend='dask' needs dask.distributed.*pip install"):
        require_dask()
    with pytest.raises(ImportError, match=r"rnnforecast\[dask\]"):
        dask_client()


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("dask.distributed")
    with pytest.raises(
        ConnectionError, match=r"cannot reach the Dask scheduler at scheduler='tcp://127.0.0.1:9'"
    ):
        dask_client("tcp://127.0.0.1:9", timeout=1)
