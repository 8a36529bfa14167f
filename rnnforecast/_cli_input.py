"""Reading the series of ``rnnforecast --csv``: one column, indexed by its time stamps.

Every refusal is a ValueError that names the option (``--csv``, ``--column``,
``--time-column``, ``--dayfirst``), what was expected and what the file holds,
with line numbers of the file (the header is line 1).
"""

import os
import re
import warnings

import numpy as np
import pandas as pd

__all__ = ["read_csv_series"]

#: Integer time stamps in this range are read as years.
YEARS = (1000, 2999)

#: Dates that start with day and month in either order: 01/02/2020, 1.2.20, 01-02-2020 13:00.
DAY_MONTH = re.compile(r"(\d{1,2})([/.-])\d{1,2}\2(\d{4}|\d{2})(?P<time>[ T].*)?")

#: Time-of-day layouts tried after such a date.
TIMES = ["", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", "T%H:%M", "T%H:%M:%S", "T%H:%M:%S.%f"]

#: Lines quoted at most in one message.
SHOWN = 3


def read_csv_series(path, column, time_column=None, *, dayfirst=None, find_time=False):
    """Read one column of a CSV as a series indexed by time (or by row number).

    Dates become a DatetimeIndex with its frequency; integer years (e.g.
    1960, 1961, ...) a yearly PeriodIndex; other integers an integer index.
    Dates such as 01/02/2020 are read day-first or month-first as
    ``dayfirst`` says; with ``dayfirst=None`` the reading that gives a
    regular series is used, and a file that both readings fit is refused.
    With ``find_time`` and no ``time_column``, the one other column whose
    values are all dates is the time column (several: refused, to choose);
    without one, the rows are numbered in file order.

    Raises ValueError naming the option when the file is not a readable CSV
    file or has no rows, a column is missing, the values are not numbers or
    are missing, or the time stamps are blank, repeated, ambiguous or have
    no regular step.
    """
    if os.path.isdir(path):
        raise ValueError(f"rnnforecast: --csv {path!r} is a folder; give a CSV file.")
    if not os.path.isfile(path):
        raise ValueError(f"rnnforecast: --csv {path!r} does not exist.")
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise ValueError(
            f"rnnforecast: --csv {path!r} is empty (no header, no rows); it needs a header "
            "line and at least one row of values."
        ) from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ValueError(f"rnnforecast: --csv {path!r} could not be read as CSV: {error}") from None
    hint = _separator_hint(frame.columns)
    for name, value in [("--column", column), ("--time-column", time_column)]:
        if value is not None and value not in frame.columns:
            raise ValueError(
                f"rnnforecast: {name} {value!r} is not a column of {path}; "
                f"the columns are {list(frame.columns)!r}{hint}."
            )
    if column is None:
        raise ValueError(
            f"rnnforecast: --column is required with --csv; the columns of {path} "
            f"are {list(frame.columns)!r}{hint}."
        )
    if frame.empty:
        raise ValueError(
            f"rnnforecast: --csv {path!r} has no data rows (only a header); "
            "it needs at least one row of values."
        )
    if time_column is None and find_time:
        time_column = _date_column(frame, column, path)
    frame.index = frame.index + 2  # the line of each row in the file
    y = _numbers(frame[column], column, path)
    if time_column is None:
        return y.set_axis(pd.RangeIndex(len(y)))
    stamps = frame[time_column]
    backwards = _newest_first(stamps, time_column, path, dayfirst)
    if backwards:  # an export with the newest row first: read oldest first
        y, stamps = y.iloc[::-1], stamps.iloc[::-1]
    return y.set_axis(_time_index(stamps, time_column, path, dayfirst))


def _newest_first(stamps, time_column, path, dayfirst):
    """Whether the rows run from the newest time stamp to the oldest; a ValueError
    when they are in neither order."""
    if len(stamps) < 2 or stamps.isna().any():
        return False  # too short to say; blanks are refused by _time_index
    times = (stamps.to_numpy() if pd.api.types.is_integer_dtype(stamps)
             else _dates(stamps, time_column, path, dayfirst))
    times = pd.Index(times)
    if times.is_monotonic_increasing or not times.is_unique:
        return False  # repeats are refused by _time_index
    if times.is_monotonic_decreasing:
        return True
    row = int(np.flatnonzero(~np.asarray(times[1:] > times[:-1]))[0])
    raise ValueError(
        f"rnnforecast: --time-column {time_column!r} must run in time order (oldest or "
        f"newest first), but line {stamps.index[row + 1]} of {path} "
        f"({str(stamps.iloc[row + 1])!r}) is earlier than line {stamps.index[row]} above it "
        f"({str(stamps.iloc[row])!r}); sort the file by time."
    )


def _date_column(frame, column, path):
    """The one column besides ``column`` whose values (blanks aside) all read as dates,
    or None; several such columns are a ValueError asking for --time-column."""
    found = []
    for name in frame.columns:
        values = frame[name].dropna()
        if name == column or values.empty or pd.api.types.is_numeric_dtype(values):
            continue
        text = values.astype(str)
        if not text.str.contains(r"\d").all():
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas' guess of the format
            dates = pd.to_datetime(text, errors="coerce", format="mixed")
        if dates.notna().all():
            found.append(name)
    if len(found) > 1:
        raise ValueError(
            f"rnnforecast: the columns {found!r} of {path} all hold dates; say which one "
            "holds the time stamps with --time-column."
        )
    if not found:
        _warn_years(frame, column)
    return found[0] if found else None


def _warn_years(frame, column):
    """Warn where a column besides ``column`` holds integer years one after another (1990,
    1991, ...): the rows are numbered unless --time-column names it."""
    for name in frame.columns:
        values = frame[name]
        if name == column or not pd.api.types.is_integer_dtype(values) or len(values) < 2:
            continue
        steps = np.diff(values.to_numpy())
        if values.between(*YEARS).all() and (np.abs(steps) == 1).all():
            warnings.warn(
                f"the column {name!r} looks like years ({values.iloc[0]}, "
                f"{values.iloc[1]}, ...), but only columns of dates are taken for times "
                f"unless named: the rows are numbered 0, 1, ... Pass --time-column {name} "
                "to index the forecast by year.",
                UserWarning,
                stacklevel=2,
            )
            return


def _separator_hint(columns):
    """A note for a file read as one column whose name holds another separator."""
    if len(columns) != 1:
        return ""
    for separator, name in [(";", "semicolons"), ("\t", "tabs"), ("|", "bars")]:
        if separator in str(columns[0]):
            return (
                f" (one column: the file seems to separate its columns by {name}; --csv "
                "reads comma-separated files, so save it with commas)"
            )
    return ""


def _lines(rows):
    """'line 9' or 'lines 9, 12, 15 and 4 more' for row labels that are line numbers."""
    rows = list(rows)
    shown = ", ".join(str(row) for row in rows[:SHOWN])
    more = f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
    return f"line{'s' if len(rows) > 1 else ''} {shown}{more}"


def _numbers(values, column, path):
    """The column as numbers, or a ValueError naming the first text and the missing values."""
    if not pd.api.types.is_numeric_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
        text = values[numbers.isna() & values.notna()]
        if len(text):
            raise ValueError(
                f"rnnforecast: --column {column!r} must be numeric, but line {text.index[0]} "
                f"of {path} holds {text.iloc[0]!r}"
                + (f" ({len(text)} such rows)" if len(text) > 1 else "")
                + "; forecast a column of numbers."
            )
        values = numbers
    missing = values.index[values.isna()]
    if len(missing):
        raise ValueError(
            f"rnnforecast: --column {column!r} has no value on {_lines(missing)} of {path} "
            "(blank or NA); fill the gaps first (the forecaster needs a value at every step)."
        )
    return values


def _time_index(stamps, time_column, path, dayfirst):
    """A regular index from a column of time stamps."""
    blank = stamps.index[stamps.isna()]
    if len(blank):
        raise ValueError(
            f"rnnforecast: --time-column {time_column!r} is blank on {_lines(blank)} of "
            f"{path}; every row needs a time stamp."
        )
    if pd.api.types.is_integer_dtype(stamps):
        _refuse_repeats(stamps, stamps, time_column, path)
        return _integer_index(stamps, time_column)
    index = _dates(stamps, time_column, path, dayfirst)
    _refuse_repeats(index, stamps, time_column, path)
    freq = pd.infer_freq(index) if len(index) >= 3 else None
    if freq is None:
        raise _irregular(time_column)
    return pd.DatetimeIndex(index, freq=freq)


def _irregular(time_column):
    return ValueError(
        f"rnnforecast: --time-column {time_column!r} has no regular frequency "
        "(irregular time stamps or gaps); fill the gaps first."
    )


def _refuse_repeats(times, stamps, time_column, path):
    """Refuse time stamps that appear more than once, quoting them as the file writes them."""
    times = pd.Series(np.asarray(times), index=stamps.index)
    repeated = times[times.duplicated(keep=False)]
    if repeated.empty:
        return
    groups = list(repeated.groupby(repeated, sort=False).groups.values())
    shown = "; ".join(f"{str(stamps[rows[0]])!r} on {_lines(rows)}" for rows in groups[:SHOWN])
    more = f"; and {len(groups) - SHOWN} more" if len(groups) > SHOWN else ""
    raise ValueError(
        f"rnnforecast: --time-column {time_column!r} repeats time stamps ({shown}{more} of "
        f"{path}); each time stamp must appear once."
    )


def _integer_index(stamps, time_column):
    values = stamps.to_numpy()
    steps = np.unique(np.diff(values))
    if len(values) >= 2 and (len(steps) != 1 or steps[0] < 1):
        raise _irregular(time_column)
    if len(steps) and steps[0] != 1:
        raise ValueError(
            f"rnnforecast: --time-column {time_column!r} holds integers that step by "
            f"{steps[0]}; integer time stamps must step by 1 (or be dates)."
        )
    if YEARS[0] <= values.min() and values.max() <= YEARS[1]:
        return pd.PeriodIndex(pd.Index(values).astype(str), freq="Y")
    return pd.Index(values, dtype="int64")


def _dates(stamps, time_column, path, dayfirst):
    """The time stamps as dates; those written day and month first in the order that fits."""
    text = stamps.astype(str).str.strip()
    layout = text.str.fullmatch(DAY_MONTH.pattern)
    if not layout.all():  # ISO dates, month names, ...: the order is not in question
        try:
            return pd.DatetimeIndex(pd.to_datetime(stamps))
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"rnnforecast: --time-column {time_column!r} must hold dates or integer "
                f"years, got values such as {stamps.iloc[0]!r} ({error})."
            ) from None
    orders = [False, True] if dayfirst is None else [dayfirst]
    readings = {first: _read(text, first) for first in orders}
    parsed = {
        first: index for first, index in readings.items() if isinstance(index, pd.DatetimeIndex)
    }
    if not parsed:
        if dayfirst is None:
            month, day = readings[False], readings[True]
            raise ValueError(
                f"rnnforecast: --time-column {time_column!r} must hold dates, but they read "
                f"neither month-first (MM/DD/YYYY: line {month} of {path} holds "
                f"{stamps[month]!r}) nor day-first (DD/MM/YYYY: line {day} holds {stamps[day]!r})."
            )
        option, order = ("--dayfirst", "DD/MM/YYYY") if dayfirst else ("--no-dayfirst", "MM/DD/YYYY")
        line = readings[dayfirst]
        raise ValueError(
            f"rnnforecast: --time-column {time_column!r} must hold {order} dates with "
            f"{option}, but line {line} of {path} holds {stamps[line]!r}; "
            "give the other order or none (the order that fits is then found)."
        )
    if len(parsed) == 1 or parsed[False].equals(parsed[True]):
        return next(iter(parsed.values()))
    regular = {first: index for first, index in parsed.items() if _regular(index)}
    if len(regular) == 1:
        return next(iter(regular.values()))
    if not regular:  # gaps or repeats either way; the usual reading reports them
        return parsed[False]
    example = next(i for i in range(len(text)) if parsed[False][i] != parsed[True][i])
    raise ValueError(
        f"rnnforecast: --time-column {time_column!r} is ambiguous: {stamps.iloc[example]!r} "
        f"(line {stamps.index[example]} of {path}) is {parsed[True][example]:%Y-%m-%d} day-first, "
        f"a series with frequency {pd.infer_freq(parsed[True])!r}, or "
        f"{parsed[False][example]:%Y-%m-%d} month-first, frequency "
        f"{pd.infer_freq(parsed[False])!r}; pass --dayfirst (DD/MM/YYYY) or --no-dayfirst "
        "(MM/DD/YYYY)."
    )


def _read(text, dayfirst):
    """Dates read day-first or month-first, or the line of the first that does not read."""
    match = DAY_MONTH.fullmatch(text.iloc[0])
    separator, year = match.group(2), match.group(3)
    date = ("%d{0}%m{0}" if dayfirst else "%m{0}%d{0}").format(separator)
    date += "%Y" if len(year) == 4 else "%y"
    tries = [
        pd.to_datetime(text, format=date + clock, errors="coerce")
        for clock in (TIMES if match.group("time") else [""])
    ]
    dates = max(tries, key=lambda dates: dates.notna().sum())
    return pd.DatetimeIndex(dates) if dates.notna().all() else dates.index[dates.isna()][0]


def _regular(index):
    return len(index) >= 3 and not index.has_duplicates and pd.infer_freq(index) is not None
