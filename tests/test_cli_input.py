"""The --csv input of the command line: dates in either order, text, blanks, repeats, empty files."""

import numpy as np
import pandas as pd
import pytest

from rnnforecast.cli import main, read_csv_series

TINY = ["--window-length", "4", "--hidden-size", "4", "--max-epochs", "2", "--threads", "1", "--quiet"]


def _write(path, stamps, values=None):
    values = np.sin(np.arange(len(stamps)) / 3) + 10 if values is None else values
    pd.DataFrame({"date": stamps, "v": values}).to_csv(path, index=False)
    return str(path)


def _days(n=40, layout="%d/%m/%Y"):
    return pd.date_range("2020-01-01", periods=n, freq="D").strftime(layout)


# --- day-first and month-first dates ------------------------------------------------


@pytest.mark.parametrize("layout", ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%m/%d/%Y"])
def test_dates_in_the_order_that_fits(tmp_path, layout):
    y = read_csv_series(_write(tmp_path / "d.csv", _days(layout=layout)), "v", "date")
    assert y.index[0] == pd.Timestamp("2020-01-01") and y.index[-1] == pd.Timestamp("2020-02-09")
    assert y.index.freqstr == "D"


def test_day_first_hours(tmp_path):
    stamps = pd.date_range("2020-01-01", periods=48, freq="h").strftime("%d/%m/%Y %H:%M")
    y = read_csv_series(_write(tmp_path / "h.csv", stamps), "v", "date")
    assert y.index[-1] == pd.Timestamp("2020-01-02 23:00") and y.index.freqstr == "h"


def test_day_first_csv_is_forecast_as_such(capsys, tmp_path):
    # 01/01/2020 ... 09/02/2020: read month-first, 13/01/2020 was an error
    path = _write(tmp_path / "d.csv", _days())
    args = ["forecast", "--csv", path, "--column", "v", "--time-column", "date", "--horizon", "2"]
    out = tmp_path / "forecast.csv"
    assert main(args + TINY + ["--out", str(out)]) == 0
    assert pd.read_csv(out)["time"].tolist() == ["2020-02-10", "2020-02-11"]


@pytest.mark.parametrize(
    "stamps, day_first, month_first",
    [
        # 12 months written day-first: month-first reads 12 days of January
        (pd.date_range("2018-01-01", periods=12, freq="MS").strftime("%d/%m/%Y"), "'MS'", "'D'"),
        # 12 days written day-first: month-first reads 12 months
        (pd.date_range("2020-01-01", periods=12, freq="D").strftime("%d/%m/%Y"), "'D'", "'MS'"),
    ],
)
def test_dates_that_fit_both_orders_are_refused(tmp_path, stamps, day_first, month_first):
    path = _write(tmp_path / "d.csv", stamps)
    message = (
        rf"--time-column 'date' is ambiguous: '{stamps[1]}' \(line 3 of .*\) is .* day-first, a series "
        rf"with frequency {day_first}, or .* month-first, frequency {month_first}; pass "
        r"--dayfirst \(DD/MM/YYYY\) or --no-dayfirst \(MM/DD/YYYY\)\."
    )
    with pytest.raises(ValueError, match=message):
        read_csv_series(path, "v", "date")


@pytest.mark.parametrize("option, first, freq", [("--dayfirst", "2018-02", "MS"), ("--no-dayfirst", "2018-01-02", "D")])
def test_dayfirst_option_chooses_the_order(capsys, tmp_path, option, first, freq):
    stamps = pd.date_range("2018-01-01", periods=12, freq="MS").strftime("%d/%m/%Y")
    path = _write(tmp_path / "d.csv", stamps)
    y = read_csv_series(path, "v", "date", dayfirst=option == "--dayfirst")
    assert str(y.index[1]).startswith(first) and y.index.freqstr == freq
    args = ["forecast", "--csv", path, "--column", "v", "--time-column", "date", "--horizon", "1"]
    assert main(args + TINY + [option]) == 0
    assert "ambiguous" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "dayfirst, layout, message",
    [
        (True, "%m/%d/%Y", r"must hold DD/MM/YYYY dates with --dayfirst, but line 14 of .* holds '01/13/2020'"),
        (False, "%d/%m/%Y", r"must hold MM/DD/YYYY dates with --no-dayfirst, but line 14 of .* holds '13/01/2020'"),
    ],
)
def test_dayfirst_option_that_does_not_fit(tmp_path, dayfirst, layout, message):
    path = _write(tmp_path / "d.csv", _days(layout=layout))
    with pytest.raises(ValueError, match="--time-column 'date' " + message):
        read_csv_series(path, "v", "date", dayfirst=dayfirst)


def test_dates_in_neither_order(tmp_path):
    stamps = list(_days(20, "%d/%m/%Y")) + list(pd.date_range("2020-01-21", periods=20).strftime("%m/%d/%Y"))
    path = _write(tmp_path / "d.csv", stamps)
    message = (
        r"must hold dates, but they read neither month-first \(MM/DD/YYYY: line 14 of .* holds "
        r"'13/01/2020'\) nor day-first \(DD/MM/YYYY: line 22 holds '01/21/2020'\)"
    )
    with pytest.raises(ValueError, match=message):
        read_csv_series(path, "v", "date")


def test_iso_dates_are_read_as_written_even_with_dayfirst(tmp_path):
    path = _write(tmp_path / "d.csv", _days(layout="%Y-%m-%d"))
    y = read_csv_series(path, "v", "date", dayfirst=True)
    assert y.index[1] == pd.Timestamp("2020-01-02") and y.index.freqstr == "D"


# --- the value column ---------------------------------------------------------------


def test_text_in_the_value_column(capsys, tmp_path):
    values = (10 + np.arange(40.0)).astype(object)
    values[[7, 30]] = "abc"
    path = _write(tmp_path / "t.csv", _days(layout="%Y-%m-%d"), values)
    message = r"--column 'v' must be numeric, but line 9 of .* holds 'abc' \(2 such rows\)"
    with pytest.raises(ValueError, match=message):
        read_csv_series(path, "v", "date")
    args = ["forecast", "--csv", path, "--column", "v", "--time-column", "date", "--horizon", "2"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "must be numeric" in err and "categorical" not in err


def test_missing_values(tmp_path):
    values = 10 + np.arange(40.0)
    values[[7, 9]] = np.nan
    path = _write(tmp_path / "m.csv", _days(layout="%Y-%m-%d"), values)
    with pytest.raises(ValueError, match=r"--column 'v' has no value on lines 9, 11 of .* \(blank or NA\)"):
        read_csv_series(path, "v", "date")


def test_numbers_without_time_column_keep_row_numbers(tmp_path):
    y = read_csv_series(_write(tmp_path / "n.csv", _days()), "v")
    assert y.index.equals(pd.RangeIndex(40)) and y.name == "v"


# --- time stamps: blank, repeated; empty files ---------------------------------------


def test_blank_dates(tmp_path):
    stamps = _days(layout="%Y-%m-%d").to_numpy(dtype=object)
    stamps[[7, 20]] = None
    path = _write(tmp_path / "b.csv", stamps)
    with pytest.raises(ValueError, match=r"--time-column 'date' is blank on lines 9, 22 of .*; every row"):
        read_csv_series(path, "v", "date")


@pytest.mark.parametrize(
    "stamps, shown",
    [
        (list(_days(8, "%Y-%m-%d")) + ["2020-01-08"] + list(_days(20, "%Y-%m-%d")[9:]), "'2020-01-08' on lines 9, 10"),
        (list(range(1960, 1970)) + [1969] + list(range(1970, 1980)), "'1969' on lines 11, 12"),
    ],
)
def test_repeated_time_stamps(tmp_path, stamps, shown):
    path = _write(tmp_path / "r.csv", stamps)
    with pytest.raises(ValueError, match=rf"--time-column 'date' repeats time stamps \({shown} of .*\); each"):
        read_csv_series(path, "v", "date")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ValueError, match=r"--csv .* is empty \(no header, no rows\)"):
        read_csv_series(str(path), "v", "date")


@pytest.mark.parametrize("name", ["text", "blank", "repeats", "empty", "ambiguous"])
def test_each_bad_file_is_one_line_without_no_regular_frequency(capsys, tmp_path, name):
    stamps, values = list(_days(30, "%Y-%m-%d")), list(10 + np.arange(30.0))
    if name == "text":
        values[4] = "12,5"
    elif name == "blank":
        stamps[4] = None
    elif name == "repeats":
        stamps[4] = stamps[3]
    elif name == "ambiguous":
        stamps = list(_days(12))
        values = values[:12]
    path = _write(tmp_path / "bad.csv", stamps, values)
    if name == "empty":
        (tmp_path / "bad.csv").write_text("")
    args = ["forecast", "--csv", path, "--column", "v", "--time-column", "date", "--horizon", "2"]
    assert main(args) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert captured.out == "" and len(err.splitlines()) == 1 and "Traceback" not in err
    assert "no regular frequency" not in err and "bad.csv" in err


@pytest.mark.parametrize("separator, name", [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_of_another_separator_is_named(tmp_path, separator, name):
    path = tmp_path / "s.csv"
    path.write_text(f"date{separator}v\n2020-01-01{separator}1\n2020-01-02{separator}2\n")
    with pytest.raises(ValueError, match=f"separate its columns by {name}"):
        read_csv_series(path, "v", "date")
    with pytest.raises(ValueError, match=f"--column is required.*by {name}"):
        read_csv_series(path, None)


def test_a_column_of_dates_is_the_time_column_without_being_named(tmp_path):
    # the CLI read such a file in row order, numbered 0..n-1: a newest-first export was
    # forecast backwards, a gap or a blank date went unnoticed
    path = _text(tmp_path / "d.csv", "date,v\n2020-03-01,3\n2020-02-01,2\n2020-01-01,1\n")
    y = read_csv_series(path, "v", find_time=True)
    assert y.index.equals(pd.date_range("2020-01-01", periods=3, freq="MS"))
    assert y.tolist() == [1.0, 2.0, 3.0]  # newest first in the file: read oldest first
    assert read_csv_series(path, "v").index.equals(pd.RangeIndex(3))  # the library's default
    gap = _text(tmp_path / "g.csv", "date,v\n2020-01-01,1\n2020-02-01,2\n2020-04-01,4\n"
                                     "2020-05-01,5\n")
    with pytest.raises(ValueError, match=r"--time-column 'date' has no regular frequency"):
        read_csv_series(gap, "v", find_time=True)
    both = _text(tmp_path / "b.csv", "a,v,b\n2020-01-01,1,2021-01-01\n2020-01-02,2,2021-01-02\n")
    with pytest.raises(ValueError, match=r"the columns \['a', 'b'\] of .* all hold dates; say "
                                         r"which one .* with --time-column"):
        read_csv_series(both, "v", find_time=True)
    shuffled = _text(tmp_path / "s.csv", "date,v\n2020-01-01,1\n2020-03-01,3\n2020-02-01,2\n")
    with pytest.raises(ValueError, match=r"must run in time order \(oldest or newest first\), "
                                         r"but line 4 of .* \('2020-02-01'\) is earlier than "
                                         r"line 3 above it"):
        read_csv_series(shuffled, "v", "date")
    codes = _text(tmp_path / "c.csv", "id,v\nA1,1\nB2,2\nC3,3\n")  # text, but not dates
    assert read_csv_series(codes, "v", find_time=True).index.equals(pd.RangeIndex(3))


def _text(path, text):
    path.write_text(text)
    return str(path)
