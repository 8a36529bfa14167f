"""Pictures of forecasts and of cell comparisons (matplotlib, optional).

matplotlib is imported only when a plot is drawn; without it each function
raises an ImportError that says how to install it
(``pip install "rnnforecast[plot]"``). Forecasts are drawn by sktime's
:func:`~sktime.utils.plotting.plot_series`.
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is optional: imported when a plot is drawn
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_comparison", "plot_forecast", "require_pyplot", "save_figure"]

INSTALL_HINT = 'pip install "rnnforecast[plot]"  (or: pip install matplotlib)'


def require_pyplot():
    """matplotlib.pyplot, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            f"rnnforecast.plotting needs matplotlib, which is not installed ({error}); "
            f"install it with: {INSTALL_HINT}"
        ) from error
    return plt


def plot_forecast(
    y: pd.Series | pd.DataFrame,
    y_pred: pd.Series | pd.DataFrame,
    pred_interval: pd.DataFrame | None = None,
    *,
    title: str | None = None,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Draw the history, the forecast and (when given) its prediction intervals.

    sktime's ``plot_series`` draws it when seaborn (which it needs for its
    colours) is installed; otherwise the same picture is drawn with
    matplotlib alone.

    Parameters
    ----------
    y : pd.Series
        The history.
    y_pred : pd.Series
        The forecast.
    pred_interval : pd.DataFrame or None, default=None
        Prediction intervals as returned by sktime's ``predict_interval``.
    title : str or None, default=None
    ax : matplotlib Axes or None, default=None

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    plt = require_pyplot()
    labels = ["history", "forecast"]
    if importlib.util.find_spec("seaborn") is not None:
        from sktime.utils.plotting import plot_series

        drawn = plot_series(
            y, y_pred, labels=labels, markers=["", ""], title=title, ax=ax,
            pred_interval=pred_interval,
        )
        ax = drawn[1] if isinstance(drawn, tuple) else drawn
        return ax.figure, ax
    if ax is None:
        _, ax = plt.subplots(1, figsize=(9, 3))
    for series, label in zip([y, y_pred], labels):
        ax.plot(_timestamps(series.index), series.to_numpy(), label=label)
    if pred_interval is not None:
        name = pred_interval.columns.levels[0][0]
        for coverage in pred_interval.columns.levels[1]:
            ax.fill_between(
                _timestamps(pred_interval.index),
                pred_interval[name][coverage]["lower"].to_numpy(dtype=float),
                pred_interval[name][coverage]["upper"].to_numpy(dtype=float),
                alpha=0.2,
                color=ax.get_lines()[-1].get_color(),
                label=f"{coverage:.0%} prediction interval",
            )
    if title is not None:
        ax.set_title(title, size="xx-large")
    ax.set_ylabel(y.name)
    ax.legend()
    return ax.figure, ax


def _timestamps(index):
    return index.to_timestamp() if hasattr(index, "to_timestamp") else index


def plot_comparison(
    table: pd.DataFrame, score: str | None = None, *, ax: Axes | None = None
) -> tuple[Figure, Axes]:
    """Mean score with its fold spread against fit time, one point per candidate.

    Parameters
    ----------
    table : pd.DataFrame
        As returned by :func:`rnnforecast.compare.compare_cells`.
    score : {"mase", "smape"} or None, default=None
        The score drawn; None: the one that ranked the table.
    ax : matplotlib Axes or None, default=None

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    plt = require_pyplot()
    score = score or table.attrs.get("score", "mase")
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4))
    else:
        fig = ax.figure
    varied = table.attrs.get("varied", ["cell"])
    for _, row in table.iterrows():
        label = ", ".join(str(row[name]) for name in varied)
        style = dict(marker="*", markersize=14) if row["recommended"] else dict(marker="o")
        ax.errorbar(
            row["fit_seconds"], row[f"{score}_mean"], yerr=row[f"{score}_std"],
            capsize=4, linestyle="none", **style,
        )
        ax.annotate(
            f"{label} ({row['n_weights']:,} weights)",
            (row["fit_seconds"], row[f"{score}_mean"]),
            textcoords="offset points", xytext=(6, 6),
        )
    ax.set_xlabel("fit time per fold (s)")
    ax.set_ylabel(f"{score.upper()} (mean +/- std over folds)")
    ax.set_title("cells compared (* recommended)")
    return fig, ax


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Save ``fig`` to ``path`` (format from the suffix) and close it."""
    plt = require_pyplot()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
