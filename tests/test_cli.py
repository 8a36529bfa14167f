import numpy as np
import pandas as pd

from rnnforecast.cli import main


def test_forecast_shipped_dataset(capsys, tmp_path):
    out = tmp_path / "forecast.csv"
    code = main(["forecast", "--dataset", "airline", "--horizon", "3", "--max-epochs", "3", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "1961-01" in printed and "1961-03" in printed
    table = pd.read_csv(out)
    assert list(table.columns) == ["time", "forecast"]
    assert table["time"].tolist() == ["1961-01", "1961-02", "1961-03"]
    assert np.isfinite(table["forecast"]).all()


def _write_csv(path, n=80, freq="h"):
    time = pd.date_range("2024-01-01", periods=n, freq=freq)
    load = 100 + 10 * np.sin(np.arange(n) * 2 * np.pi / 24)
    pd.DataFrame({"stamp": time, "load": load}).to_csv(path, index=False)


def test_forecast_csv_column_with_time(capsys, tmp_path):
    path = tmp_path / "load.csv"
    _write_csv(path)
    args = ["forecast", "--csv", str(path), "--column", "load", "--time-column", "stamp"]
    code = main(args + ["--horizon", "2", "--window-length", "12", "--max-epochs", "2"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "2024-01-04 08:00:00" in printed and "2024-01-04 09:00:00" in printed


def test_unknown_column_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "load.csv"
    _write_csv(path)
    code = main(["forecast", "--csv", str(path), "--column", "lod", "--horizon", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--column 'lod' is not a column" in err and "'load'" in err


def test_irregular_time_column_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "load.csv"
    _write_csv(path)
    frame = pd.read_csv(path).drop(index=[5, 17])
    frame.to_csv(path, index=False)
    code = main(["forecast", "--csv", str(path), "--column", "load", "--time-column", "stamp", "--horizon", "2"])
    assert code == 2
    assert "has no regular frequency" in capsys.readouterr().err


def test_missing_column_argument(capsys, tmp_path):
    path = tmp_path / "load.csv"
    _write_csv(path)
    assert main(["forecast", "--csv", str(path), "--horizon", "2"]) == 2
    assert "--column is required with --csv" in capsys.readouterr().err


def test_series_too_short_for_the_horizon(capsys, tmp_path):
    path = tmp_path / "load.csv"
    _write_csv(path, n=4)
    code = main(["forecast", "--csv", str(path), "--column", "load", "--horizon", "5"])
    assert code == 2
    assert "at most 4 values, but the horizon is 5" in capsys.readouterr().err
