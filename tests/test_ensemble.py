"""n_jobs: an ensemble's networks trained side by side give the forecasts of one after another."""

import importlib.util
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import torch

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline
from rnnforecast.forecasting._ensemble import n_processes

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"window_length": 12, "hidden_size": 8, "max_steps": 40, "calibration": "insample"}


@pytest.fixture
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # both sides on one torch thread per network
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def panel():
    y = load_airline()
    return pd.concat({"a": y, "b": 0.5 * y[12:]}, names=["series", "time"]).to_frame("y")


@pytest.mark.slow  # seconds of fits to check numbers: not in CI's lowest-versions run
def test_side_by_side_networks_give_the_same_forecasts_and_intervals(panel, one_thread):
    # real data (airline and a shorter copy), three networks, two worker processes
    params = {**QUICK, "n_models": 3, "random_state": 0}
    alone = RNNForecaster(**params).fit(panel, fh=[1, 2, 3])
    side = RNNForecaster(n_jobs=2, **params).fit(panel, fh=[1, 2, 3])
    assert len(side.regressors_) == 3
    pd.testing.assert_frame_equal(side.predict(), alone.predict())
    pd.testing.assert_frame_equal(side.predict_interval(coverage=0.9),
                                  alone.predict_interval(coverage=0.9))
    for a, b in zip(alone.regressors_, side.regressors_):  # each member's own weights
        for p, q in zip(a.net_.module_.parameters(), b.net_.module_.parameters()):
            torch.testing.assert_close(p, q, rtol=0, atol=0)
    # the members differ from each other: each drew its own seed
    first, second = (r.net_.module_.parameters() for r in side.regressors_[:2])
    assert not torch.equal(next(first), next(second))


def test_side_by_side_fits_are_repeatable_and_update_without_refit(one_thread):
    y = load_airline()
    params = {**QUICK, "n_models": 2, "n_jobs": -1, "random_state": 3}
    f = RNNForecaster(**params).fit(y[:-12], fh=[1, 2])
    again = RNNForecaster(**params).fit(y[:-12], fh=[1, 2])
    pd.testing.assert_series_equal(f.predict(), again.predict())
    networks = list(f.regressors_)
    f.update(y[-12:])
    assert f.regressors_ == networks  # update moves the cutoff, trains nothing
    assert str(f.predict().index[0]) == "1961-01"


def test_side_by_side_networks_with_progress_bars_come_back_fitted(one_thread, capsys):
    # each worker draws its network's bar; the fitted networks (and their callbacks) are
    # sent back to this process
    params = {**QUICK, "n_models": 2, "random_state": 1, "verbose": 1}
    side = RNNForecaster(n_jobs=2, **params).fit(load_airline(), fh=[1])
    alone = RNNForecaster(**params).fit(load_airline(), fh=[1])
    pd.testing.assert_series_equal(side.predict(), alone.predict())


def test_processes_one_for_a_single_network_or_a_gpu_at_most_one_per_network():
    assert n_processes(None, 3, "cpu") == 1  # joblib's None: one process
    assert n_processes(4, 1, "cpu") == 1  # one network trains here
    assert n_processes(8, 3, "cpu") == 3  # never more processes than networks
    assert n_processes(2, 3, "cpu") == 2
    assert n_processes(-1, 50, "cpu") == min(50, joblib.cpu_count())  # every core
    assert n_processes(2, 3, "cuda") == 1  # the GPU's networks train in this process


@pytest.mark.parametrize("n_jobs", [0, 1.5, "all", True])
def test_bad_n_jobs_is_refused_naming_it(n_jobs):
    with pytest.raises(ValueError, match=rf"RNNForecaster: n_jobs must be None or a nonzero "
                                         rf"integer \(-1: every core\), got {n_jobs!r}"):
        RNNForecaster(n_jobs=n_jobs, **QUICK).fit(load_airline(), fh=[1])


def test_benchmark_smoke_run_prints_both_times_and_their_ratio(capsys):
    spec = importlib.util.spec_from_file_location(
        "ensemble_jobs", ROOT / "benchmarks" / "ensemble_jobs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    one_s, side_s, apart = module.main(["--smoke", "--n-models", "2", "--jobs", "2"])
    out = capsys.readouterr().out
    assert "one after another (n_jobs=None)" in out and "side by side (n_jobs=2)" in out
    assert f"ratio side by side / one after another: {side_s / one_s:.2f}" in out
    assert one_s > 0 and side_s > 0 and apart < 1e-3
    assert np.isfinite(apart)
