"""Past-only and static covariates: forecasts with and without them.

Two made-up problems where the covariates carry what the series' own past
cannot tell, each forecast 1-3 steps ahead from rolling origins (the
forecasters move with ``update``, no refit), mean absolute error printed:

- a series that follows a measured covariate's past, y_t = 2 x_{t-3} + 10 +
  noise (x an AR(1) process): ``past_covariates=["x"]``, known only up to
  the cutoff, so ``predict`` needs no future values of it;
- a panel of 12 series around six levels (0 to 5, noise of sd 2) that a text
  column names: ``static_covariates=["kind"]``, one value per series.

Run: python examples/forecast_covariates.py (about 20 s on one core).
"""

import numpy as np
import pandas as pd

from rnnforecast import RNNForecaster

FH = [1, 2, 3]


def lagged_series(n=200, lag=3, seed=0):
    """y_t = 2 x_{t-lag} + 10 + noise (sd 0.1), x an AR(1) process (phi 0.8)."""
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = 0.8 * x[t - 1] + rng.normal()
    y = np.full(n, 10.0) + 0.1 * rng.normal(size=n)
    y[lag:] += 2 * x[:-lag]
    index = pd.RangeIndex(n)
    return pd.Series(y, index=index, name="y"), pd.DataFrame({"x": x}, index=index)


def levels_panel(n=150, n_series=12, sd=2.0, seed=1):
    """Series i: level i % 6 plus noise of sd 2; the column ``kind`` names the level."""
    rng = np.random.default_rng(seed)
    parts = []
    for i in range(n_series):
        index = pd.MultiIndex.from_product([[f"s{i}"], range(n)], names=["id", "t"])
        parts.append(pd.DataFrame(
            {"y": (i % 6) + sd * rng.normal(size=n), "kind": "abcdef"[i % 6]}, index=index
        ))
    return pd.concat(parts)


def times(data):
    index = data.index
    return np.asarray(index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index)


def rolling_mae(with_x, without_x, y, X, start, stop, step=3):
    """MAE of fh 1..3 from the origins start, start + step, ...; both forecasters updated."""
    t = times(y)
    errors = {"with": [], "without": []}
    for origin in range(start, stop - 3 + 1, step):
        if origin > start:
            rows = (t >= origin - step) & (t < origin)
            with_x.update(y[rows], X[rows])
            without_x.update(y[rows])
        actual = np.asarray(y[(t >= origin) & (t < origin + 3)]).ravel()
        for name, forecaster in [("with", with_x), ("without", without_x)]:
            errors[name].append(np.abs(np.asarray(forecaster.predict()).ravel() - actual).mean())
    return float(np.mean(errors["with"])), float(np.mean(errors["without"]))


def main():
    results = {}

    y, X = lagged_series()
    params = dict(window_length=8, hidden_size=16, max_steps=400, calibration=None,
                  combine=None, random_state=0)
    with_x = RNNForecaster(past_covariates=["x"], **params).fit(y[:170], X[:170], fh=FH)
    without_x = RNNForecaster(**params).fit(y[:170], fh=FH)
    results["past covariate x, one series"] = rolling_mae(with_x, without_x, y, X, 170, 200)

    data = levels_panel()
    train = data[times(data) < 120]
    # the levels are what each window's own standardisation removes: normalize=False
    params = dict(window_length=2, hidden_size=8, max_steps=800, calibration=None,
                  combine=None, normalize=False, random_state=0)
    with_x = RNNForecaster(static_covariates=["kind"], **params)
    with_x.fit(train[["y"]], train[["kind"]], fh=FH)
    without_x = RNNForecaster(**params).fit(train[["y"]], fh=FH)
    results["static covariate kind, panel of 12"] = rolling_mae(
        with_x, without_x, data[["y"]], data[["kind"]], 120, 150, step=1
    )

    print(f"{'MAE, fh 1-3':<38} {'with':>7} {'without':>8}")
    for name, (mae_with, mae_without) in results.items():
        print(f"{name:<38} {mae_with:7.3f} {mae_without:8.3f}")
    return results


if __name__ == "__main__":
    main()
