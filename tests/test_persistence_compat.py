"""Models saved by rnnforecast 0.1.0 (flat modules, before the subpackages) load and predict
as they did: the files in tests/data were written by tests/data/make_v010_files.py with 0.1.0."""

import pathlib
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import torch

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.persistence import load

DATA = pathlib.Path(__file__).parent / "data"


def _quiet(loader, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # the 0.1.0 class paths
        return loader(path)


@pytest.mark.parametrize("file", ["forecaster_v010.pkl", "forecaster_v010.zip"])
def test_a_forecaster_saved_by_0_1_0_predicts_identically(file):
    model = _quiet(load, DATA / file)
    assert isinstance(model, RNNForecaster)
    expected = pd.read_csv(DATA / "forecaster_v010_predict.csv")["forecaster"].to_numpy()
    np.testing.assert_allclose(model.predict().to_numpy(), expected, rtol=1e-6)


def test_a_regressor_pickled_by_0_1_0_predicts_identically():
    with open(DATA / "regressor_v010.pkl", "rb") as handle:
        model = _quiet(pickle.load, handle)
    assert isinstance(model, RNNRegressor)
    y = load_airline().to_numpy()
    X = np.lib.stride_tricks.sliding_window_view(y[:-1], 12).copy()
    expected = pd.read_csv(DATA / "regressor_v010_predict.csv")["regressor"].to_numpy()
    np.testing.assert_allclose(model.predict(X[-5:]), expected, rtol=1e-6)


def test_models_saved_by_0_1_0_have_the_new_parameters_at_their_old_behaviour():
    forecaster = _quiet(load, DATA / "forecaster_v010.pkl")
    params = forecaster.get_params()
    assert params["combine"] is None and params["anchor"] == "mean"  # the network alone
    assert params["n_jobs"] is None  # its networks one after another
    assert forecaster.combine_ is None
    with open(DATA / "regressor_v010.pkl", "rb") as handle:
        regressor = _quiet(pickle.load, handle)
    assert regressor.get_params()["optimizer"] is torch.optim.Adam
    assert regressor.get_params()["anchor"] == "mean"
