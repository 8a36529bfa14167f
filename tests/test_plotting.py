import sys

import pandas as pd
import pytest

from rnnforecast.datasets import load_airline

pytest.importorskip("matplotlib")

from rnnforecast import plotting  # noqa: E402


def test_plot_forecast_with_intervals(tmp_path):
    y = load_airline()
    index = pd.period_range("1961-01", periods=3, freq="M")
    y_pred = pd.Series([450.0, 440.0, 470.0], index=index, name=y.name)
    columns = pd.MultiIndex.from_product([[y.name], [0.9], ["lower", "upper"]])
    interval = pd.DataFrame(
        [[400.0, 500.0], [390.0, 490.0], [420.0, 520.0]], index=index, columns=columns
    )
    fig, ax = plotting.plot_forecast(y, y_pred, interval, title="airline")
    labels = ax.get_legend_handles_labels()[1]
    assert "history" in labels and "forecast" in labels
    assert any("prediction interval" in label for label in labels)
    path = tmp_path / "f.png"
    plotting.save_figure(fig, path)
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_plot_comparison(tmp_path):
    table = pd.DataFrame(
        {
            "cell": ["gru", "rnn"], "n_weights": [100, 40], "mase_mean": [1.0, 1.1],
            "mase_std": [0.2, 0.1], "fit_seconds": [2.0, 1.0], "recommended": [False, True],
        }
    )
    fig, ax = plotting.plot_comparison(table, "mase")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["gru (100 weights)", "rnn (40 weights)"]
    assert "MASE" in ax.get_ylabel()
    plotting.save_figure(fig, tmp_path / "c.png")
    assert (tmp_path / "c.png").stat().st_size > 0


def test_missing_matplotlib_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"needs matplotlib.*pip install \"rnnforecast\[plot\]\""):
        plotting.plot_comparison(pd.DataFrame())
