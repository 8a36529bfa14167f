from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sktime.datatypes import check_is_mtype

from rnnforecast.datasets import load_airline, load_lynx, load_m4, load_shampoo

M4_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "m4"


# --- shipped series ----------------------------------------------------------


@pytest.mark.parametrize(
    ("loader", "n", "freq", "first", "last", "first_value", "last_value"),
    [
        (load_airline, 144, "M", "1949-01", "1960-12", 112.0, 432.0),
        (load_lynx, 114, "Y", "1821", "1934", 269.0, 3396.0),
        (load_shampoo, 36, "M", "1991-01", "1993-12", 266.0, 646.9),
    ],
)
def test_shipped_series(loader, n, freq, first, last, first_value, last_value):
    y = loader()
    assert isinstance(y, pd.Series)
    assert isinstance(y.index, pd.PeriodIndex)
    assert y.index.freqstr == pd.PeriodIndex(["2000"], freq=freq).freqstr
    assert len(y) == n and y.index.is_monotonic_increasing and y.index.is_unique
    assert (str(y.index[0]), str(y.index[-1])) == (first, last)
    assert y.dtype == np.float64 and y.notna().all()
    assert (y.iloc[0], y.iloc[-1]) == (first_value, last_value)
    assert y.name


def test_airline_name_and_total():
    y = load_airline()
    assert y.name == "Number of airline passengers"
    assert y.sum() == 40363.0  # Box & Jenkins series G


@pytest.mark.parametrize("loader", [load_airline, load_lynx, load_shampoo])
def test_shipped_series_is_sktime_series(loader):
    assert check_is_mtype(loader(), "pd.Series")


def test_loaders_return_fresh_copies():
    y = load_airline()
    y.iloc[0] = -1.0
    assert load_airline().iloc[0] == 112.0


# --- load_m4 on small files ----------------------------------------------------


def _write(tmp_path, text, name="Hourly-train.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


M4_TEXT = '"V1","V2","V3","V4"\n"H1","5","6","7"\n"H2","1","2",\n"H3","9",,\n'


def test_load_m4_panel_layout(tmp_path):
    panel = load_m4(_write(tmp_path, M4_TEXT))
    assert list(panel.columns) == ["y"]
    assert panel.index.names == ["series", "time"]
    assert panel["y"].dtype == np.float64
    assert panel.index.get_level_values("time").dtype == np.int64
    assert panel.index.tolist() == [
        ("H1", 0), ("H1", 1), ("H1", 2), ("H2", 0), ("H2", 1), ("H3", 0)
    ]
    assert panel["y"].tolist() == [5.0, 6.0, 7.0, 1.0, 2.0, 9.0]
    assert check_is_mtype(panel, "pd-multiindex")


def test_load_m4_keeps_file_order(tmp_path):
    text = '"V1","V2"\n"H10","1"\n"H2","2"\n"H1","3"\n'
    panel = load_m4(_write(tmp_path, text))
    series = panel.index.get_level_values("series").unique()
    assert series.tolist() == ["H10", "H2", "H1"]


def test_load_m4_n_series(tmp_path):
    panel = load_m4(_write(tmp_path, M4_TEXT), n_series=2)
    assert panel.index.get_level_values("series").unique().tolist() == ["H1", "H2"]


def test_load_m4_accepts_str_path(tmp_path):
    assert len(load_m4(str(_write(tmp_path, M4_TEXT)))) == 6


@pytest.mark.parametrize("path", [None, 3, ["a.csv"]])
def test_load_m4_refuses_a_path_that_is_not_one(path):
    with pytest.raises(TypeError, match=r"path must be a str or os.PathLike .* got "):
        load_m4(path)


def test_load_m4_missing_file(tmp_path):
    missing = tmp_path / "nope.csv"
    match = r"path must name an existing M4 CSV.*nope\.csv"
    with pytest.raises(FileNotFoundError, match=match):
        load_m4(missing)


@pytest.mark.parametrize("n_series", [0, -3, 1.5, True, "2"])
def test_load_m4_rejects_bad_n_series(tmp_path, n_series):
    match = rf"n_series must be a positive integer.*{n_series!r}"
    with pytest.raises(ValueError, match=match):
        load_m4(_write(tmp_path, M4_TEXT), n_series=n_series)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"is empty"),
        ("name,F1,F2\nH1,1,2\n", r"first column is 'V1'.*\['name', 'F1', 'F2'\]"),
        ('"V1"\n"H1"\n', r"first column is 'V1'.*\['V1'\]"),
        ('"V1","V2"\n', r"holds a header but no series"),
        ('"V1","V2"\n"H1","abc"\n', r"must hold numeric values"),
        ('"V1","V2"\n"H1","1"\n"H1","2"\n', r"duplicate id 'H1'"),
        ('"V1","V2","V3"\n"H1","1","2"\n"H2",,\n', r"series 'H2' has none"),
        ('"V1","V2","V3","V4"\n"H1","1",,"3"\n', r"series 'H1' has a gap"),
    ],
)
def test_load_m4_rejects_bad_files(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        load_m4(_write(tmp_path, text))


# --- load_m4 on the real M4 Hourly files ----------------------------------------


@pytest.fixture
def m4_dir():
    if not M4_DIR.is_dir():
        pytest.skip(f"M4 Hourly data not found at {M4_DIR} (shared data folder absent)")
    return M4_DIR


def test_load_m4_hourly_train(m4_dir):
    panel = load_m4(m4_dir / "Hourly-train.csv")
    lengths = panel.groupby(level="series", sort=False).size()
    assert len(lengths) == 414
    assert lengths.index[:3].tolist() == ["H1", "H2", "H3"]
    assert sorted(lengths.value_counts().items()) == [(700, 169), (960, 245)]
    assert panel["y"].notna().all()
    assert check_is_mtype(panel, "pd-multiindex")


def test_load_m4_hourly_test_first_series(m4_dir):
    panel = load_m4(m4_dir / "Hourly-test.csv", n_series=3)
    series = panel.index.get_level_values("series").unique()
    assert series.tolist() == ["H1", "H2", "H3"]
    assert len(panel) == 3 * 48
    assert panel.loc["H1", "y"].index.tolist() == list(range(48))
    assert check_is_mtype(panel, "pd-multiindex")
