"""Tune the window length and the recurrent cell together with GridSearchCV.

The airline series (monthly passengers, 1949-1960) is log-transformed
(``np.log``: the seasonal swings grow with the level, the log makes them
additive), turned into rows and one-step-ahead targets by ``make_supervised``,
and windowed inside the Pipeline by ``WindowTransformer``, so that the window
length is a hyperparameter like the cell. ``TimeSeriesSplit`` always tests on
later months than it trains on; the first windows of each test fold are
filled from the training months, as in the whole series. Scores are the mean
absolute error on the log scale (0.05 is about 5% of the passengers),
negated as scikit-learn maximises scores.

A second grid compares the chosen recurrent network with a Ridge regression
on the same windows, flattened to a table (``WindowTransformer(flatten=True)``).
On 143 months a linear autoregression is hard to beat; the point is that one
search can compare both on equal terms.

Run: ``python examples/pipeline_gridsearch.py`` (about 20 s of CPU time).
"""

import numpy as np
import pandas as pd
import torch
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline

from rnnforecast import RNNRegressor
from rnnforecast.datasets import load_airline
from rnnforecast.preprocessing import WindowTransformer, make_supervised

WINDOW_LENGTHS = [12, 24]
CELLS = ["rnn", "lstm", "gru"]
SCORING = "neg_mean_absolute_error"


def small_rnn(**params):
    """A network small enough to train 19 times in a few seconds."""
    defaults = dict(
        hidden_size=8, max_epochs=20, batch_size=32, lr=2e-2, normalize=True,
        padding_flag=True,  # WindowTransformer's last feature flags padding (add_indicator)
        random_state=0,
    )
    return RNNRegressor(**{**defaults, **params})


def main():
    """Run both grids, print their tables, and return the fitted searches."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny networks: threads cost more than they save
    try:
        return _search()
    finally:
        torch.set_num_threads(threads)


def _search():
    y = np.log(load_airline())
    X, target = make_supervised(y, horizon=1)
    cv = TimeSeriesSplit(n_splits=3)

    pipeline = Pipeline([("window", WindowTransformer()), ("model", small_rnn())])
    grid = {"window__window_length": WINDOW_LENGTHS, "model__cell": CELLS}
    search = GridSearchCV(pipeline, grid, cv=cv, scoring=SCORING).fit(X, target)

    results = pd.DataFrame(search.cv_results_)
    table = results.pivot(
        index="param_window__window_length", columns="param_model__cell", values="mean_test_score"
    )
    table.index.name, table.columns.name = "window_length", "cell"
    print("Mean test score (negated MAE of log passengers), window length x cell:")
    print(table.round(4).to_string())
    best = search.best_params_
    print(
        f"Chosen: cell={best['model__cell']!r}, "
        f"window_length={best['window__window_length']}, "
        f"score={search.best_score_:.4f}\n"
    )

    # The same windows, 3-D for the network, flattened to a table for Ridge.
    chosen = small_rnn(cell=best["model__cell"])
    versus = [
        {"window__flatten": [False], "model": [chosen]},
        {"window__flatten": [True], "model": [Ridge(alpha=0.01)]},
    ]
    versus = [{**grid, "window__window_length": WINDOW_LENGTHS} for grid in versus]
    comparison = GridSearchCV(pipeline, versus, cv=cv, scoring=SCORING).fit(X, target)
    results = pd.DataFrame(comparison.cv_results_)
    results["model"] = [type(model).__name__ for model in results["param_model"]]
    table = results.pivot(
        index="param_window__window_length", columns="model", values="mean_test_score"
    )
    table.index.name = "window_length"
    print(f"{chosen.cell.upper()} network against Ridge on flattened windows:")
    print(table.round(4).to_string())
    return search, comparison


if __name__ == "__main__":
    main()
