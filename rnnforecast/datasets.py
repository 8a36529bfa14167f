"""Loaders for the small classic series shipped with rnnforecast and for M4 files.

The classic series (airline, lynx, shampoo) are package data: the repository's
``datasets/`` folder, installed as ``rnnforecast._data`` (see
``datasets/README.md`` for their sources and licences). M4 files are not
shipped; :func:`load_m4` reads them from a path.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["load_airline", "load_lynx", "load_shampoo", "load_m4"]

_DATA_PACKAGE = "rnnforecast._data"


def _packaged_file(filename):
    """Return the shipped data file ``filename`` as a traversable resource.

    ``rnnforecast._data`` exists once the package is installed. In an editable
    install, setuptools' finder cannot resolve that sub-package (the mapped
    ``datasets/`` folder has no ``__init__.py``), so fall back to the source
    tree's ``datasets/`` folder next to the ``rnnforecast/`` folder.
    """
    try:
        return resources.files(_DATA_PACKAGE) / filename
    except ModuleNotFoundError:
        source_copy = Path(__file__).resolve().parents[1] / "datasets" / filename
        if source_copy.is_file():
            return source_copy
        raise


def _load_packaged_series(filename, freq, name):
    """Read a two-column ``period,value`` CSV shipped in ``rnnforecast._data``."""
    with _packaged_file(filename).open("r", encoding="utf-8") as file:
        frame = pd.read_csv(file, dtype={0: str, 1: float})
    periods = pd.PeriodIndex(frame.iloc[:, 0], freq=freq, name="Period")
    return pd.Series(frame.iloc[:, 1].to_numpy(), index=periods, name=name)


def load_airline() -> pd.Series:
    """Load the Box-Jenkins airline passengers series (monthly, 1949-1960).

    Monthly totals of international airline passengers, in thousands, from
    January 1949 to December 1960 (Box, Jenkins & Reinsel, *Time Series
    Analysis*, series G). Trend, multiplicative yearly seasonality.

    Returns
    -------
    y : pd.Series
        144 float values named ``"Number of airline passengers"``, indexed by
        a monthly ``pd.PeriodIndex`` named ``"Period"``.

    See Also
    --------
    load_lynx : Annual lynx trappings, 1821-1934.
    load_shampoo : Monthly shampoo sales over three years.

    Examples
    --------
    >>> from rnnforecast.datasets import load_airline
    >>> y = load_airline()
    >>> len(y), str(y.index[0]), str(y.index[-1]), float(y.iloc[0])
    (144, '1949-01', '1960-12', 112.0)
    """
    return _load_packaged_series("airline.csv", "M", "Number of airline passengers")


def load_lynx() -> pd.Series:
    """Load the Canadian lynx trappings series (annual, 1821-1934).

    Annual numbers of lynx skins collected by the Hudson's Bay Company in the
    Mackenzie River district (Elton & Nicholson, 1942). Cycles of about ten
    years, not seasonal.

    Returns
    -------
    y : pd.Series
        114 float values named ``"Number of lynx trappings"``, indexed by an
        annual ``pd.PeriodIndex`` named ``"Period"``.

    See Also
    --------
    load_airline : Monthly airline passengers, 1949-1960.

    Examples
    --------
    >>> from rnnforecast.datasets import load_lynx
    >>> y = load_lynx()
    >>> len(y), str(y.index[0]), str(y.index[-1])
    (114, '1821', '1934')
    """
    return _load_packaged_series("lynx.csv", "Y", "Number of lynx trappings")


def load_shampoo() -> pd.Series:
    """Load the shampoo sales series (monthly, three years).

    Monthly sales of a shampoo over three years (Makridakis, Wheelwright &
    Hyndman, *Forecasting: Methods and Applications*, 1998). The original
    years are unnamed; they are dated 1991-1993 here, as in sktime.

    Returns
    -------
    y : pd.Series
        36 float values named ``"Number of shampoo sales"``, indexed by a
        monthly ``pd.PeriodIndex`` named ``"Period"``.

    See Also
    --------
    load_airline : Monthly airline passengers, 1949-1960.

    Examples
    --------
    >>> from rnnforecast.datasets import load_shampoo
    >>> y = load_shampoo()
    >>> len(y), str(y.index[0]), float(y.iloc[0])
    (36, '1991-01', 266.0)
    """
    return _load_packaged_series("shampoo.csv", "M", "Number of shampoo sales")


def load_m4(path: str | os.PathLike, *, n_series: int | None = None) -> pd.DataFrame:
    """Read an M4 train or test CSV file into an sktime ``pd-multiindex`` panel.

    An M4 file has one row per series: the id in the first column ``V1``,
    then the values, padded with empty cells to the longest series. M3 files
    in the same layout (first column ``id``) are read the same way.

    Parameters
    ----------
    path : str or os.PathLike
        Path of the CSV file, e.g. ``Hourly-train.csv`` or ``Hourly-test.csv``.
    n_series : int or None, default=None
        Read only the first ``n_series`` series (rows); ``None`` reads all.

    Returns
    -------
    panel : pd.DataFrame
        One float column ``"y"``, indexed by a MultiIndex with levels
        ``("series", "time")``: the series id (e.g. ``"H1"``) and the time
        step ``0 .. n - 1`` (int64) within the series. Padding is dropped;
        series keep the file's order.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``n_series`` is not a positive integer, or the file is not in M4
        format (first column not ``V1``, non-numeric values, duplicate ids,
        an empty series or a gap before the last value of a series).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rnnforecast.datasets import load_m4
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "Hourly-test.csv"
    >>> _ = path.write_text('"V1","V2","V3","V4"\\n"H1","5","6","7"\\n"H2","1","2",\\n')
    >>> panel = load_m4(path)
    >>> panel["y"].tolist()
    [5.0, 6.0, 7.0, 1.0, 2.0]
    >>> panel.index.get_level_values("series").unique().tolist()
    ['H1', 'H2']
    """
    n_series = _check_n_series(n_series)
    frame = _read_m4_csv(path, n_series)
    ids = frame.iloc[:, 0].astype(str).to_numpy()
    values = _numeric_values(frame, path)
    present = ~np.isnan(values)
    lengths = present.sum(axis=1)
    _check_m4_rows(ids, present, lengths, path)
    index = pd.MultiIndex.from_arrays(
        [
            np.repeat(ids, lengths),
            np.concatenate([np.arange(n, dtype=np.int64) for n in lengths]),
        ],
        names=["series", "time"],
    )
    return pd.DataFrame({"y": values[present]}, index=index)


def _check_n_series(n_series):
    if n_series is None:
        return None
    if isinstance(n_series, bool) or not isinstance(n_series, (int, np.integer)):
        raise ValueError(
            f"n_series must be a positive integer or None; got {n_series!r}."
        )
    if n_series < 1:
        raise ValueError(
            f"n_series must be a positive integer or None; got {n_series!r}."
        )
    return int(n_series)


def _read_m4_csv(path, n_series):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "path must be a str or os.PathLike naming an M4 CSV file (e.g. "
            f"'Hourly-train.csv'); got {type(path).__name__}."
        )
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"path must name an existing M4 CSV file; got {os.fspath(path)!r}, "
            "which does not exist or is not a file."
        )
    try:
        frame = pd.read_csv(path, nrows=n_series)
    except pd.errors.EmptyDataError:
        raise ValueError(
            f"path must be an M4 CSV file with a 'V1' id column; "
            f"{os.fspath(path)!r} is empty."
        ) from None
    columns = list(frame.columns)
    if not columns or columns[0] not in ("V1", "id") or len(columns) < 2:
        raise ValueError(
            "path must be an M4 CSV file whose first column is 'V1' (the series id; "
            "'id' in the M3 files of the same layout) "
            f"followed by value columns; {os.fspath(path)!r} has columns "
            f"{columns[:4]!r}{' ...' if len(columns) > 4 else ''}."
        )
    if frame.empty:
        raise ValueError(f"path {os.fspath(path)!r} holds a header but no series.")
    return frame


def _numeric_values(frame, path):
    try:
        return frame.iloc[:, 1:].to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"path {os.fspath(path)!r} must hold numeric values after the id column; "
            f"could not convert them to float: {exc}"
        ) from exc


def _check_m4_rows(ids, present, lengths, path):
    duplicated = pd.Index(ids).duplicated()
    if duplicated.any():
        raise ValueError(
            f"path {os.fspath(path)!r} must hold each series id once; "
            f"got duplicate id {ids[duplicated][0]!r}."
        )
    empty = lengths == 0
    if empty.any():
        raise ValueError(
            f"path {os.fspath(path)!r}: every series needs at least one value; "
            f"series {ids[empty][0]!r} has none."
        )
    leading = np.arange(present.shape[1]) < lengths[:, None]
    gaps = (present != leading).any(axis=1)
    if gaps.any():
        raise ValueError(
            f"path {os.fspath(path)!r}: missing values are only allowed as padding "
            f"after the last value of a series; series {ids[gaps][0]!r} has a gap."
        )
