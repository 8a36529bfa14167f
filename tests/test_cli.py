import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from rnnforecast import cli
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
    err = capsys.readouterr().err
    assert "--horizon 5 needs a series longer than 5 values" in err
    assert "the series has 4. Ask for at most 3 steps." in err
    assert "horizon=" not in err


def test_errors_and_warnings_speak_of_options(capsys, tmp_path):
    # the library's advice said "a shorter fh" and "calibration='insample'", which the
    # command line has not
    path = tmp_path / "revenue.csv"
    pd.DataFrame({"year": range(2005, 2017), "revenue": np.linspace(100, 190, 12)}).to_csv(
        path, index=False)
    args = ["forecast", "--csv", str(path), "--column", "revenue", "--time-column", "year"]
    assert main(args + ["--horizon", "6", "--coverage", "0.9", "--max-epochs", "2"]) == 2
    err = capsys.readouterr().err
    assert "or with a shorter --horizon (fewer steps to calibrate)." in err
    assert " fh" not in err
    text = ("too short. Fit on longer series, or with a shorter fh (fewer steps to calibrate), "
            "or with calibration='insample' (it needs fewer values; its intervals are narrower).")
    assert cli._as_options(text) == ("too short. Fit on longer series, or with a shorter "
                                     "--horizon (fewer steps to calibrate).")


def test_a_column_of_years_not_named_is_pointed_out(capsys, tmp_path):
    # integer years are times only when named: the rows were numbered without a word
    path = tmp_path / "revenue.csv"
    pd.DataFrame({"year": range(2000, 2020), "revenue": np.linspace(100, 190, 20)}).to_csv(
        path, index=False)
    args = ["forecast", "--csv", str(path), "--column", "revenue", "--horizon", "2"]
    assert main(args + ["--max-epochs", "2"]) == 0
    captured = capsys.readouterr()
    assert ("warning: the column 'year' looks like years (2000, 2001, ...), but only columns "
            "of dates are taken for times unless named: the rows are numbered 0, 1, ... Pass "
            "--time-column year to index the forecast by year.") in captured.err
    assert main(args + ["--max-epochs", "2", "--time-column", "year"]) == 0
    captured = capsys.readouterr()
    assert "looks like years" not in captured.err and "2020" in captured.out


# --- compare, --cell auto, --plot ---------------------------------------------------

TINY = ["--window-length", "12", "--hidden-size", "4", "--max-epochs", "2", "--threads", "1"]


def test_compare_prints_the_table(capsys, tmp_path):
    out = tmp_path / "compare.csv"
    args = ["compare", "--dataset", "airline", "--horizon", "6", "--n-folds", "2", "--out", str(out)]
    assert main(args + TINY) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["cell", "n_weights", "mase_mean"]
    assert {line.split()[0] for line in lines[1:4]} == {"rnn", "lstm", "gru"}
    assert lines[-1].startswith("recommended: cell=")
    assert "compare_cells" in captured.err  # progress on stderr, not stdout
    table = pd.read_csv(out)
    assert sorted(table["cell"]) == ["gru", "lstm", "rnn"] and table["recommended"].sum() == 1


def test_compare_unknown_cell_is_a_clear_error(capsys):
    code = main(["compare", "--dataset", "airline", "--horizon", "6", "--cells", "gru", "tcn"])
    assert code == 2
    assert "got unknown ['tcn']" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--column", "sales"], "rnnforecast: --column is for the file of --csv; with --dataset "
                                "airline nothing reads it. Drop it, or pass --csv FILE instead."),
        (["--time-column", "date", "--dayfirst"], "--time-column, --dayfirst are for the file "
                                                  "of --csv"),
        (["--n-folds", "2"], "rnnforecast: --n-folds sets the comparison of cells, which forecast "
                             "runs with --cell auto only (got --cell gru). Add --cell auto, or "
                             "drop them."),
        (["--budget", "5"], "--budget sets the comparison of cells"),
    ],
)
def test_options_that_would_do_nothing_are_refused(capsys, extra, message):
    # they were accepted and silently ignored
    assert main(["forecast", "--dataset", "airline", "--horizon", "3"] + extra + TINY) == 2
    assert message in capsys.readouterr().err


def test_forecast_cell_auto_uses_the_recommendation(capsys):
    args = ["forecast", "--dataset", "airline", "--horizon", "3", "--cell", "auto", "--n-folds", "2"]
    assert main(args + TINY + ["--quiet"]) == 0
    captured = capsys.readouterr()
    chosen = captured.err.split("--cell auto: ")[1].split()[0]
    assert chosen in {"rnn", "lstm", "gru"}
    assert "1961-03" in captured.out and "--cell auto" not in captured.out


def test_forecast_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    picture = tmp_path / "forecast.png"
    args = ["forecast", "--dataset", "airline", "--horizon", "3", "--plot", str(picture)]
    assert main(args + TINY) == 0
    assert picture.read_bytes()[:4] == b"\x89PNG"


def test_plot_without_matplotlib_is_a_clear_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    args = ["forecast", "--dataset", "airline", "--horizon", "3", "--plot", str(tmp_path / "f.png")]
    assert main(args + TINY) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert 'needs matplotlib' in err and 'pip install "rnnforecast[plot]"' in err


# --- what used to end in a traceback (issue 12) -------------------------------------


class _ClosedPipe:
    """A stdout whose reader has gone away, as after `| head`."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_is_not_a_traceback(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["forecast", "--dataset", "airline", "--horizon", "3"] + TINY) == 141


def test_broken_pipe_in_a_real_pipe():
    # the reader closes the pipe before the forecast is printed
    command = [sys.executable, "-m", "rnnforecast.cli", "forecast", "--dataset", "airline"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    process = subprocess.Popen(
        command + ["--horizon", "3"] + TINY,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_integer_years_stay_years(capsys, tmp_path):
    path = tmp_path / "yearly.csv"
    years = np.arange(1960, 2000)
    pd.DataFrame({"year": years, "births": 100 + np.sin(years / 3)}).to_csv(path, index=False)
    out = tmp_path / "forecast.csv"
    args = ["forecast", "--csv", str(path), "--column", "births", "--time-column", "year"]
    assert main(args + ["--horizon", "2", "--out", str(out)] + TINY) == 0
    assert "2000" in capsys.readouterr().out
    assert pd.read_csv(out)["time"].tolist() == [2000, 2001]


@pytest.mark.parametrize(
    "stamps, expected",
    [(np.arange(0, 40), [40, 41]), (np.arange(0, 80, 2), "integers that step by 2")],
)
def test_integer_time_column_that_is_not_years(capsys, tmp_path, stamps, expected):
    path = tmp_path / "steps.csv"
    pd.DataFrame({"t": stamps, "v": np.sin(np.arange(40) / 3)}).to_csv(path, index=False)
    args = ["forecast", "--csv", str(path), "--column", "v", "--time-column", "t"]
    out = tmp_path / "forecast.csv"
    code = main(args + ["--horizon", "2", "--out", str(out)] + TINY)
    if isinstance(expected, str):
        assert code == 2 and expected in capsys.readouterr().err
    else:
        assert code == 0 and pd.read_csv(out)["time"].tolist() == expected


def test_out_into_a_missing_folder(capsys, tmp_path):
    out = tmp_path / "no" / "such" / "forecast.csv"
    code = main(["forecast", "--dataset", "airline", "--horizon", "3", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "--out" in captured.err and "does not exist; create it first" in captured.err
    assert len(captured.err.splitlines()) == 1


def test_csv_naming_a_folder(capsys, tmp_path):
    code = main(["forecast", "--csv", str(tmp_path), "--column", "x", "--horizon", "3"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--csv {str(tmp_path)!r} is a folder; give a CSV file." in err
    assert len(err.splitlines()) == 1


def test_csv_that_does_not_exist(capsys, tmp_path):
    code = main(["forecast", "--csv", str(tmp_path / "nope.csv"), "--column", "x", "--horizon", "3"])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_forecast_with_coverage_prints_and_writes_the_bounds(capsys, tmp_path):
    out = tmp_path / "forecast.csv"
    args = ["forecast", "--dataset", "airline", "--horizon", "6", "--max-epochs", "3"]
    code = main(args + ["--coverage", "0.9", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.split("\n")[0].split() == ["forecast", "lower", "upper"]
    table = pd.read_csv(out)
    assert list(table.columns) == ["time", "forecast", "lower", "upper"]
    assert (table["lower"] < table["upper"]).all()


@pytest.mark.parametrize("bad", ["0", "1", "1.5", "-0.1"])
def test_coverage_outside_zero_one_is_a_clear_error(capsys, bad):
    code = main(["forecast", "--dataset", "airline", "--horizon", "3", "--coverage", bad])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert f"--coverage must be strictly between 0 and 1 (e.g. 0.9), got {float(bad)!r}" in captured.err


# --- zero, negative and header-only inputs: one line naming the option ---------------


def _one_line_error(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("option", ["--window-length", "--hidden-size"])
def test_zero_window_or_hidden_size_is_not_auto(capsys, option):
    err = _one_line_error(capsys, ["forecast", "--dataset", "airline", "--horizon", "3", option, "0"])
    assert f"{option} must be a positive integer or 'auto', got 0." in err


def test_zero_horizon_names_the_option(capsys):
    err = _one_line_error(capsys, ["forecast", "--dataset", "airline", "--horizon", "0"])
    assert "--horizon must be a positive integer, got 0." in err
    assert "fh" not in err


@pytest.mark.parametrize("bad", ["0", "-1"])
def test_threads_below_one_is_a_clear_error(capsys, bad):
    err = _one_line_error(capsys, ["forecast", "--dataset", "airline", "--horizon", "3", "--threads", bad])
    assert f"--threads must be a positive integer, got {int(bad)}." in err


def test_zero_budget_is_a_clear_error(capsys):
    args = ["compare", "--dataset", "airline", "--horizon", "3", "--budget", "0"]
    err = _one_line_error(capsys, args)
    assert "--budget must be a positive number of seconds, got 0.0." in err
    assert "max_time" not in err


def test_negative_random_state_is_a_clear_error(capsys):
    args = ["forecast", "--dataset", "airline", "--horizon", "3", "--random-state", "-1"]
    err = _one_line_error(capsys, args)
    assert "--random-state must be an integer from 0 to 2**32 - 1, got -1." in err


def test_header_only_csv_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("stamp,load\n")
    args = ["forecast", "--csv", str(path), "--column", "load", "--horizon", "3"]
    err = _one_line_error(capsys, args)
    assert f"--csv {str(path)!r} has no data rows (only a header)" in err


# --- --version; --plot with --coverage ----------------------------------------------


def test_version(capsys):
    import rnnforecast

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"rnnforecast {rnnforecast.__version__}\n"


def test_version_of_the_command():
    import rnnforecast

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-m", "rnnforecast.cli", "--version"], capture_output=True, text=True,
        env=env, timeout=120,
    )
    assert done.returncode == 0 and done.stdout == f"rnnforecast {rnnforecast.__version__}\n"


def _coverage_plot_args(tmp_path):
    out, picture = tmp_path / "forecast.csv", tmp_path / "forecast.png"
    args = ["forecast", "--dataset", "airline", "--horizon", "3", "--coverage", "0.9"]
    return args + ["--out", str(out), "--plot", str(picture)] + TINY, out, picture


def test_plot_with_coverage_draws_the_interval(capsys, monkeypatch, tmp_path):
    # without matplotlib: the interval printed is the interval handed to plot_forecast
    from rnnforecast import plotting

    drawn = {}

    def plot_forecast(y, y_pred, pred_interval=None, *, title=None, ax=None):
        drawn.update(y_pred=y_pred, pred_interval=pred_interval)
        return "figure", "axes"

    monkeypatch.setattr(plotting, "require_pyplot", lambda: None)
    monkeypatch.setattr(plotting, "plot_forecast", plot_forecast)
    monkeypatch.setattr(plotting, "save_figure", lambda figure, path: open(path, "wb").close())
    args, out, picture = _coverage_plot_args(tmp_path)
    assert main(args) == 0
    table = pd.read_csv(out)
    bounds = drawn["pred_interval"]
    assert bounds is not None and bounds.index.equals(drawn["y_pred"].index)
    assert bounds.columns.get_level_values(1).tolist() == [0.9, 0.9]
    np.testing.assert_allclose(bounds.iloc[:, 0], table["lower"])
    np.testing.assert_allclose(bounds.iloc[:, 1], table["upper"])
    assert picture.exists()


def test_plot_with_coverage_draws_a_band(capsys, monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    from rnnforecast import plotting

    bands = []
    save_figure = plotting.save_figure

    def count_bands(figure, path):
        bands.extend(figure.axes[0].collections)
        save_figure(figure, path)

    monkeypatch.setattr(plotting, "save_figure", count_bands)
    args, _, picture = _coverage_plot_args(tmp_path)
    assert main(args) == 0
    assert bands and picture.read_bytes()[:4] == b"\x89PNG"


def test_warnings_name_the_options_and_no_source_line(capsys, tmp_path):
    # Python's format printed the library's file and line, and "Pass sp=12"
    path = tmp_path / "s.csv"
    t = np.arange(60)
    pd.DataFrame({"v": 10 + 3 * np.sin(2 * np.pi * t / 12)}).to_csv(path, index=False)
    code = main(["forecast", "--csv", str(path), "--column", "v", "--horizon", "2",
                 "--max-epochs", "1", "--window-length", "100", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: RNNForecaster: --window-length 100 leaves no complete training window" in err
    assert "Pass --sp 12" in err
    assert ".py:" not in err and "warnings.warn" not in err
