import os

import numpy as np
import pytest
import torch
from hypothesis import settings

# Property tests draw the same examples on every run: a CI run cannot fail by the luck
# of the draw (a failing example found here is then a regression test).
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.load_profile("deterministic")

# The networks in the tests are tiny: one thread is faster than two, and keeps
# the suite quick on a busy 2-core machine. RNNFORECAST_TEST_THREADS=2 runs the
# suite with two torch threads (predictions must not depend on it).
torch.set_num_threads(int(os.environ.get("RNNFORECAST_TEST_THREADS", "1")))


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device; none is available")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def seed():
    return 0


@pytest.fixture
def sine_windows():
    """Windows of a noisy sine wave: X (N, 12), y (N,)."""
    rng = np.random.RandomState(0)
    t = np.arange(160, dtype=float)
    series = np.sin(t / 3) + 0.05 * rng.randn(len(t))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 12)
    return X, series[12:]


@pytest.fixture(scope="session")
def co2_monthly():
    """Mauna Loa CO2 (statsmodels' weekly readings), monthly means of the last 20 years
    (PeriodIndex): the level rises by a tenth while the yearly swing stays about 6 ppm."""
    sm = pytest.importorskip("statsmodels.api")
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    return co2.iloc[-240:].to_period("M")


@pytest.fixture
def holdout_fits(monkeypatch):
    """The cuts of the holdout networks fitted (rnnforecast.forecasting._origins), in order."""
    from rnnforecast.forecasting import _origins

    fitted = []
    fit_holdout = _origins.fit_holdout

    def counted(forecaster, series, frames, cut, combine, template=None):
        fitted.append(cut)
        return fit_holdout(forecaster, series, frames, cut, combine, template)

    monkeypatch.setattr(_origins, "fit_holdout", counted)
    return fitted
