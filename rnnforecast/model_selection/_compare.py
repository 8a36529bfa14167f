"""Which cell for my data? A measured comparison of RNN, LSTM and GRU.

:func:`compare_cells` backtests one :class:`rnnforecast.RNNForecaster` per
candidate (a cell, optionally crossed with a grid of other parameters) with
sktime's :func:`~sktime.forecasting.model_evaluation.evaluate` on
time-ordered folds (by default an :class:`~sktime.split.ExpandingWindowSplitter`
whose last fold ends with the series), scores each fold with the M4 metrics
of :mod:`rnnforecast.metrics` (MASE and sMAPE), and returns one row per
candidate with its cost (trainable weights, fit and predict seconds), its
rank and a recommendation.

Shapes: n = values of the shortest series, H = the largest step of ``fh``,
L = ``window_length``, K = folds.
"""

import sys
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.model_selection import ParameterGrid
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.model_evaluation import evaluate
from sktime.split import ExpandingWindowSplitter
from tqdm.auto import tqdm

from ..forecasting import RNNForecaster, infer_sp
from ..metrics import mase, smape
from ..nn import CELLS
from ..utils import is_choice, series_groups

__all__ = ["compare_cells", "format_comparison"]

SCORES = ("mase", "smape")


def compare_cells(
    y,
    fh,
    X=None,
    cells=("rnn", "lstm", "gru"),
    cv=None,
    *,
    param_grid=None,
    n_folds=3,
    budget=None,
    score="mase",
    sp="auto",
    random_state=None,
    verbose=0,
    **forecaster_params,
):
    """Backtest one RNNForecaster per cell and recommend one.

    Each candidate is evaluated by sktime's ``evaluate`` (``strategy="refit"``:
    a fresh fit on every fold's training window) on the same folds, with the
    same ``random_state``. The recommendation is the candidate with the
    lowest mean ``score``; when cheaper candidates (fewer trainable weights)
    score within the fold-to-fold standard deviation of the best, the
    cheapest of them is recommended instead.

    Parameters
    ----------
    y : pd.Series or pd.DataFrame
        One series, or a panel (sktime ``pd-multiindex``: series id x time)
        for one global model per candidate.
    fh : int or array-like of int or ForecastingHorizon
        Steps ahead scored in every fold: ``h`` means steps 1..h.
    X : pd.DataFrame or None, default=None
        Future-known exogenous variables, indexed as ``y``.
    cells : sequence of {"rnn", "lstm", "gru"}, default=("rnn", "lstm", "gru")
        The cells compared.
    cv : sktime splitter or None, default=None
        Time-ordered folds, e.g. ``ExpandingWindowSplitter(fh=fh, ...)``;
        its ``fh`` must be ``fh``. None: ``n_folds`` folds of H steps each,
        the last one ending with the (shortest) series. For a panel, sktime's
        splitters cut every series at the same positions from its start.
    param_grid : dict of lists or None, default=None
        Other RNNForecaster parameters to vary, crossed with ``cells``, e.g.
        ``{"hidden_size": [16, 64]}``; each one becomes a column.
    n_folds : int, default=3
        K, folds of the default ``cv`` (ignored when ``cv`` is given). Fewer
        folds cut the comparison short.
    budget : float or None, default=None
        Seconds of training for the whole comparison, shared evenly by all
        fits as RNNForecaster's ``max_time`` (each fit stops after the first
        epoch that ends past its share), so that candidates are compared at
        equal training time. With a budget the number of epochs depends on
        the machine's speed and load.
    score : {"mase", "smape"}, default="mase"
        The score that ranks the candidates (lower is better).
    sp : int or "auto", default="auto"
        Seasonal period, given to every forecaster (see
        :class:`rnnforecast.RNNForecaster`) and used as MASE's seasonal naive
        scale. "auto": from the frequency of the index (12 for monthly data,
        1 when unknown).
    random_state : int or None, default=None
        Seed of every fit: the same seed gives the same table (times aside).
    verbose : int, default=0
        1: a progress bar over the candidates on stderr. 2: also each fit's
        progress over its epochs.
    **forecaster_params
        Passed to every :class:`rnnforecast.RNNForecaster`, e.g.
        ``window_length=24, hidden_size=16, max_epochs=50``. The cells are
        compared as networks alone (``combine=None``) unless ``combine`` is
        given here: a median with classical forecasts would hide them.

    Returns
    -------
    table : pd.DataFrame
        One row per candidate, best first, with the columns ``cell`` (and one
        per ``param_grid`` key), ``n_weights`` (trainable weights),
        ``mase_mean``, ``mase_std``, ``smape_mean``, ``smape_std`` (over the
        folds; standard deviation with ddof=0), ``fit_seconds`` and
        ``predict_seconds``, ``epochs`` (means over the folds), ``n_folds``, ``rank`` (by
        the mean ``score``), ``recommended`` (True on one row) and ``reason``.

    Raises
    ------
    ValueError
        If ``cells`` is empty or names an unknown cell, ``score`` is unknown,
        ``cv`` leaves a fold without enough training values, or ``y`` is too
        short for a single fold.

    See Also
    --------
    format_comparison : The table as text.
    rnnforecast.plotting.plot_comparison : Scores against fit time.

    Examples
    --------
    >>> from rnnforecast.compare import compare_cells
    >>> from rnnforecast.datasets import load_airline
    >>> table = compare_cells(load_airline(), fh=12, n_folds=2, sp=12, random_state=0,
    ...                       window_length=24, hidden_size=4, max_epochs=2)
    >>> sorted(table["cell"])
    ['gru', 'lstm', 'rnn']
    >>> int(table["recommended"].sum())
    1
    """
    candidates = _candidates(cells, param_grid)
    if not is_choice(score, SCORES):
        raise ValueError(f"compare_cells: score must be one of {list(SCORES)}, got {score!r}.")
    for name in ["random_state", "verbose", "max_time", "cell"]:
        if name in forecaster_params:
            hint = {"max_time": "use budget",
                    "cell": "it is what is compared: name the cells in cells=[...]"}.get(
                        name, f"pass {name} to compare_cells itself")
            raise ValueError(
                f"compare_cells: {name} is set by compare_cells, got it in "
                f"**forecaster_params ({name}={forecaster_params[name]!r}); {hint}."
            )
    _check_budget(budget)
    steps = _steps(fh)
    template = RNNForecaster(sp=sp, **{"combine": None, **forecaster_params})
    if sp == "auto":
        index = _series(y)[0].index
        sp = infer_sp(index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index)
    n = _shortest_length(y)
    cv = _check_cv(cv, steps, n, n_folds, template)
    n_fits = len(candidates) * cv.get_n_splits(_shortest_series(y))
    max_time = None if budget is None else float(budget) / n_fits
    _warm_up(template, candidates, y, X, steps)
    rows = []
    bar = tqdm(candidates, desc="compare_cells", unit="cell", file=sys.stderr, disable=not verbose)
    for params in bar:
        bar.set_postfix(params, refresh=True)
        forecaster = template.clone().set_params(
            **params, random_state=random_state, max_time=max_time, verbose=int(verbose > 1)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            folds = evaluate(
                forecaster,
                cv,
                y,
                X=X,
                strategy="refit",
                return_data=True,
                return_model=True,
                error_score="raise",
            )
        rows.append({**params, **_summarise(folds, sp)})
    bar.close()
    return _rank(pd.DataFrame(rows), score, varied=list(candidates[0]))


def format_comparison(table, digits=3):
    """The table of :func:`compare_cells` as aligned text, with its recommendation.

    Parameters
    ----------
    table : pd.DataFrame
        As returned by :func:`compare_cells`.
    digits : int, default=3
        Decimals of the scores and times.

    Returns
    -------
    str
    """
    missing = [c for c in ("recommended", "reason") if c not in getattr(table, "columns", ())]
    if missing or not table["recommended"].any():
        raise ValueError(
            "format_comparison: table must be a table of compare_cells (its columns "
            f"'recommended' and 'reason', one row recommended), got {type(table).__name__}"
            + (f" without the columns {missing!r}." if missing else " with none recommended.")
        )
    shown = table.drop(columns=["reason"]).copy()
    shown["recommended"] = np.where(shown["recommended"], "*", "")
    text = shown.to_string(index=False, float_format=lambda v: f"{v:.{digits}f}")
    best = table.loc[table["recommended"]].iloc[0]
    return f"{text}\nrecommended: {_describe(best, table)} ({best['reason']})"


# ---------------------------------------------------------------- candidates
def _candidates(cells, param_grid):
    """[{"cell": ..., **other}] in the order given."""
    if isinstance(cells, str):
        cells = [cells]
    cells = list(cells)
    if not cells:
        raise ValueError(
            f"compare_cells: cells must name at least one of {sorted(CELLS)}, got an empty "
            f"{cells!r}."
        )
    unknown = [cell for cell in cells if not is_choice(cell, CELLS)]
    if unknown:
        raise ValueError(
            f"compare_cells: cells must be among {sorted(CELLS)}, got unknown "
            f"{unknown!r} in {cells!r}."
        )
    if len(set(cells)) != len(cells):
        raise ValueError(f"compare_cells: cells must not repeat a cell, got {cells!r}.")
    grid = dict(param_grid or {})
    if "cell" in grid:
        raise ValueError("compare_cells: give the cells as cells=..., not in param_grid.")
    others = list(ParameterGrid(grid)) if grid else [{}]
    return [{"cell": cell, **other} for cell in cells for other in others]


def _check_budget(budget):
    """Refuse a ``budget`` that is not a positive, finite number of seconds (or None)."""
    if budget is None:
        return
    if isinstance(budget, bool) or not isinstance(budget, Real) or not 0 < budget < np.inf:
        raise ValueError(
            f"compare_cells: budget must be a positive number of seconds (the training time "
            f"of the whole comparison) or None, got {budget!r}. Pass e.g. budget=60, or "
            "budget=None for no time limit."
        )


def _steps(fh):
    if isinstance(fh, ForecastingHorizon):
        if not fh.is_relative:
            raise ValueError(
                f"compare_cells: fh must be relative (steps ahead), got an absolute {fh!r}."
            )
        steps = fh.to_numpy()
    elif isinstance(fh, Integral) and not isinstance(fh, bool):
        steps = np.arange(1, int(fh) + 1) if fh >= 1 else np.array([int(fh)])
    elif np.ndim(fh) == 0:
        steps = np.array([fh])
    else:
        steps = np.asarray(fh)
    if steps.size == 0 or not np.issubdtype(steps.dtype, np.integer) or steps.min() < 1:
        raise ValueError(
            f"compare_cells: fh must be a positive integer or positive integer steps, "
            f"got {fh!r}."
        )
    return np.sort(steps.astype(int))


# ---------------------------------------------------------------- folds
def _series(y):
    """The values of each series of ``y`` (a Series or a multiindex frame)."""
    return list(_keyed_series(y).values())


def _keyed_series(y):
    """{series id: values} of ``y`` (a Series or a multiindex frame)."""
    if isinstance(y, pd.Series):
        return {None: y}
    if isinstance(y, pd.DataFrame) and isinstance(y.index, pd.MultiIndex):
        return {key: frame.iloc[:, 0] for key, frame in series_groups(y)}
    if isinstance(y, pd.DataFrame) and y.shape[1] == 1:
        return {None: y.iloc[:, 0]}
    raise TypeError(
        "compare_cells: y must be a pd.Series or a one-column pd-multiindex DataFrame "
        f"(series id x time), got {type(y).__name__}."
    )


def _shortest_series(y):
    series = _series(y)
    shortest = min(series, key=len)
    return pd.Series(shortest.to_numpy(), index=pd.RangeIndex(len(shortest)))


def _shortest_length(y):
    return min(len(s) for s in _series(y))


def _check_cv(cv, steps, n, n_folds, template):
    """The splitter to use; a clear error when a fold cannot be fitted."""
    H = int(steps.max())
    # "auto" windows shrink (and short series are padded): one value to start from
    L = 1 if template.window_length == "auto" else template.window_length
    need = L + (template.horizon or H)
    if cv is None:
        if isinstance(n_folds, bool) or not isinstance(n_folds, (int, np.integer)) or n_folds < 1:
            raise ValueError(f"compare_cells: n_folds must be a positive integer, got {n_folds!r}.")
        if n - H < need:
            raise ValueError(
                f"compare_cells: y is too short for any fold: its shortest series has {n} "
                f"values, but one fold needs window_length={L} plus "
                f"horizon={need - L} training values and {H} test "
                f"values ({need + H} in all). Use a shorter window_length or fh."
            )
        most = (n - need) // H
        if n_folds > most:
            raise ValueError(
                f"compare_cells: n_folds={n_folds} folds of {H} steps need "
                f"{need + n_folds * H} values, but the shortest series has {n}; use "
                f"n_folds <= {most}."
            )
        return ExpandingWindowSplitter(fh=steps, initial_window=n - n_folds * H, step_length=H)
    cv_steps = np.sort(np.asarray(ForecastingHorizon(cv.fh).to_numpy()).astype(int))
    if not np.array_equal(cv_steps, steps):
        raise ValueError(
            f"compare_cells: cv.fh must be the fh scored, {steps.tolist()}, got "
            f"{cv_steps.tolist()}."
        )
    shortest = pd.Series(np.zeros(n), index=pd.RangeIndex(n))
    try:
        first = next(iter(cv.split(shortest)), None)
    except (ValueError, TypeError):
        first = None
    if first is None or len(first[0]) == 0:
        raise ValueError(
            f"compare_cells: cv leaves no training window on a series of {n} values "
            f"(cv={cv!r}); it needs folds with at least {need} training values."
        )
    if len(first[0]) < need:
        raise ValueError(
            f"compare_cells: cv leaves only {len(first[0])} training values in its first "
            f"fold, but window_length={L} plus "
            f"horizon={need - L} needs {need}; raise the cv's "
            "initial_window (or window_length)."
        )
    return cv


def _warm_up(template, candidates, y, X, steps):
    """One untimed epoch per cell on the shortest series.

    The first fit of a process pays torch's one-off set-up; without this, the
    first candidate's fit time would carry it.
    """
    if X is not None:
        return
    series = _shortest_series(y)
    for cell in dict.fromkeys(params["cell"] for params in candidates):
        forecaster = template.clone().set_params(cell=cell, max_epochs=1, max_time=None, verbose=0)
        with warnings.catch_warnings():  # a throw-away fit on a copy without y's time index:
            warnings.simplefilter("ignore")  # its warnings (no season found) are not the user's
            forecaster.fit(series, fh=steps)


# ---------------------------------------------------------------- scores
def _summarise(folds, sp):
    """Mean and spread of the scores and times of one candidate's folds."""
    mases, smapes = [], []
    for y_train, y_test, y_pred in zip(folds["y_train"], folds["y_test"], folds["y_pred"]):
        test = _keyed_series(y_test)
        pred = _keyed_series(y_pred.reindex(y_test.index))
        train = _keyed_series(y_train)
        true = np.stack([s.to_numpy(dtype=float) for s in test.values()])
        forecast = np.stack([pred[key].to_numpy(dtype=float) for key in test])
        history = [train[key].to_numpy(dtype=float) for key in test]
        mases.append(mase(true, forecast, history, m=sp))
        smapes.append(smape(true, forecast))
    model = folds["fitted_forecaster"].iloc[-1]
    module = model.regressor_.net_.module_
    return {
        "n_weights": sum(p.numel() for p in module.parameters() if p.requires_grad),
        "mase_mean": float(np.mean(mases)),
        "mase_std": float(np.std(mases)),
        "smape_mean": float(np.mean(smapes)),
        "smape_std": float(np.std(smapes)),
        "fit_seconds": float(folds["fit_time"].mean()),
        "predict_seconds": float(folds["pred_time"].mean()),
        "epochs": float(np.mean([len(f.regressor_.history_) for f in folds["fitted_forecaster"]])),
        "n_folds": len(folds),
    }


def _rank(table, score, varied):
    """Sort best first, add rank, recommended and reason."""
    mean, std = f"{score}_mean", f"{score}_std"
    table["rank"] = table[mean].rank(method="min").astype(int)
    table = table.sort_values(["rank", "n_weights"], kind="stable").reset_index(drop=True)
    best = table.iloc[0]
    tied = table[table[mean] <= best[mean] + best[std]]
    cheapest = tied.sort_values(["n_weights", mean], kind="stable").index[0]
    table["recommended"] = table.index == cheapest
    table["reason"] = ""
    if cheapest == 0:
        table.loc[0, "reason"] = f"best mean {score.upper()}"
    else:
        table.loc[cheapest, "reason"] = (
            f"{score.upper()} {table.loc[cheapest, mean]:.3f} is within the fold spread of "
            f"the best ({best[mean]:.3f} +/- {best[std]:.3f}, {_describe(best, table)}) "
            f"with fewer weights ({table.loc[cheapest, 'n_weights']} vs {best['n_weights']})"
        )
    table.attrs["score"] = score
    table.attrs["varied"] = varied
    return table


def _describe(row, table):
    varied = table.attrs.get("varied", ["cell"])
    return ", ".join(f"{name}={row[name]}" for name in varied)
