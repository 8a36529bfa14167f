"""Each script in examples/ runs and gives what it promises."""

import runpy
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_pipeline_gridsearch(capsys):
    main = runpy.run_path(str(EXAMPLES / "pipeline_gridsearch.py"))["main"]
    search, comparison = main()
    results = search.cv_results_
    scored = {
        (length, cell): score
        for length, cell, score in zip(
            results["param_window__window_length"],
            results["param_model__cell"],
            results["mean_test_score"],
        )
    }
    assert set(scored) == {(length, cell) for length in (12, 24) for cell in ("rnn", "lstm", "gru")}
    assert all(np.isfinite(score) and -0.5 < score < 0 for score in scored.values())
    assert search.best_params_["model__cell"] in {"rnn", "lstm", "gru"}
    assert np.isfinite(comparison.cv_results_["mean_test_score"]).all()
    out = capsys.readouterr().out
    assert "window_length" in out and "Chosen: cell=" in out and "Ridge" in out


def test_forecast_airline_beats_seasonal_naive(capsys):
    scores = runpy.run_path(str(EXAMPLES / "forecast_airline.py"))["main"]()
    assert "sMAPE" in capsys.readouterr().out
    rnn, naive = scores["RNNForecaster (GRU, defaults)"], scores["seasonal naive"]
    assert 0 < rnn < naive


def test_forecast_covariates_beats_the_forecasts_without_them(capsys):
    results = runpy.run_path(str(EXAMPLES / "forecast_covariates.py"))["main"]()
    assert "with" in capsys.readouterr().out
    for mae_with, mae_without in results.values():
        assert 0 < mae_with < mae_without


@pytest.mark.slow
def test_distributed_search_matches_the_local_search(capsys):
    pytest.importorskip("dask.distributed")
    main = runpy.run_path(str(EXAMPLES / "distributed_search.py"))["main"]
    search = main(["--max-steps", "3"])
    assert len(search.cv_results_["mean_test_score"]) == 6
    assert "same best params: True; identical scores: True" in capsys.readouterr().out
