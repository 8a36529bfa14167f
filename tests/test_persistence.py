"""Save and load anywhere: pickle, joblib and sktime round trips; CUDA-trained nets on the CPU."""

import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
from sktime.base import load as sktime_load

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.persistence import DeviceMappedWarning, load

FAST = dict(window_length=6, hidden_size=4, max_steps=20, random_state=0)


def _panel():
    idx = pd.period_range("2000-01", periods=30, freq="M")
    frames = [
        pd.DataFrame(
            {"y": 5.0 + i + np.sin(np.arange(30) / (2 + i))},
            index=pd.MultiIndex.from_product([[f"s{i}"], idx], names=["id", "time"]),
        )
        for i in range(3)
    ]
    return pd.concat(frames)


@pytest.fixture(scope="module")
def fitted():
    return RNNForecaster(**FAST).fit(_panel(), fh=[1, 2, 3])


@pytest.mark.parametrize("how", ["pickle", "joblib", "sktime", "load"])
def test_round_trip_gives_identical_forecasts(fitted, how, tmp_path):
    expected = fitted.predict()
    if how == "pickle":
        loaded = pickle.loads(pickle.dumps(fitted))
    elif how == "joblib":
        joblib.dump(fitted, tmp_path / "f.joblib")
        loaded = joblib.load(tmp_path / "f.joblib")
    else:
        fitted.save(tmp_path / "f")
        loaded = (sktime_load if how == "sktime" else load)(tmp_path / "f.zip")
    pd.testing.assert_frame_equal(loaded.predict(), expected, check_exact=True)
    # the skorch net stays usable: predicts and trains further
    windows = np.zeros((2, 6, 2), dtype=np.float32)
    np.testing.assert_array_equal(
        loaded.regressor_.net_.predict(windows), fitted.regressor_.net_.predict(windows)
    )
    loaded.regressor_.net_.partial_fit(windows, np.ones((2, 3), dtype=np.float32))


@pytest.mark.parametrize("how", ["pickle", "save"])
def test_a_forecaster_fitted_with_its_progress_bar_saves_and_loads(how, tmp_path, capsys):
    # verbose=1 trains with a tqdm bar (rnnforecast.regression.EpochProgress), which holds its
    # stream: it used to make the fitted forecaster unpicklable ("cannot pickle
    # '_io.TextIOWrapper'")
    fitted = RNNForecaster(verbose=1, **FAST).fit(_panel(), fh=[1, 2, 3])
    assert "epoch" in capsys.readouterr().err  # the bar was drawn
    if how == "pickle":
        loaded = pickle.loads(pickle.dumps(fitted))
    else:
        fitted.save(tmp_path / "f")
        loaded = load(tmp_path / "f.zip")
    pd.testing.assert_frame_equal(loaded.predict(), fitted.predict(), check_exact=True)
    regressor = loaded.regressor_  # and it trains again, with a new bar
    regressor.fit(np.zeros((4, 6, 2), dtype=np.float32), np.ones((4, 3), dtype=np.float32))
    assert "epoch" in capsys.readouterr().err


def test_cuda_trained_regressor_loads_on_the_cpu(sine_windows):
    """Simulated: the pickled net says it lives on CUDA; this machine has none."""
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("the CPU-only side needs a machine without CUDA")
    X, y = sine_windows
    reg = RNNRegressor(hidden_size=3, max_epochs=2, random_state=0).fit(X, y)
    expected = reg.predict(X)
    reg.device_, reg.net_.device = "cuda", "cuda"
    with pytest.warns(DeviceMappedWarning, match=r"trained on device_='cuda'.*loaded to 'cpu'"):
        loaded = pickle.loads(pickle.dumps(reg))
    assert loaded.device_ == "cpu" and str(loaded.net_.device) == "cpu"
    np.testing.assert_array_equal(loaded.predict(X), expected)


def test_load_refuses_what_is_not_a_saved_model(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"path='.*missing.pkl' is not a file"):
        load(tmp_path / "missing.pkl")
    text = tmp_path / "notes.txt"
    text.write_text("not a model")
    with pytest.raises(ValueError, match=r"notes.txt' is not a saved rnnforecast model.*joblib"):
        load(text)
    joblib.dump({"a": 1}, tmp_path / "dict.joblib")
    with pytest.raises(TypeError, match=r"holds a dict, expected an RNNForecaster or RNNRegressor"):
        load(tmp_path / "dict.joblib")
