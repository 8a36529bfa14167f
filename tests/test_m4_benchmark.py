import builtins
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
M4_DIR = ROOT.parent / "shared" / "data" / "m4"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "m4_hourly", ROOT / "benchmarks" / "m4_hourly.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


m4_hourly = _load_script()

needs_m4 = pytest.mark.skipif(
    not (M4_DIR / "Hourly-train.csv").is_file(),
    reason=f"M4 Hourly data not found in {M4_DIR}",
)


def _train_subset(tmp_path, n_series):
    """A folder holding only Hourly-train.csv, with the first n_series rows."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "Hourly-train.csv"
    with open(M4_DIR / "Hourly-train.csv") as source:
        lines = [next(source) for _ in range(n_series + 1)]
    path.write_text("".join(lines))
    return path


@needs_m4
@pytest.mark.parametrize("cell", ["auto", "gru"])
def test_main_writes_submission_and_reads_only_train(tmp_path, monkeypatch, capsys, cell):
    # H1..H3 have 700 values, H4 has 960: both lengths are in the subset
    train = _train_subset(tmp_path, 4)
    out = tmp_path / "forecasts.csv"
    opened = []
    real_open = builtins.open

    def tracking_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", tracking_open)
    argv = [
        "--train", str(train), "--out", str(out), "--cell", cell,
        "--budget-minutes", "0.2", "--max-epochs", "1", "--hidden-size", "8",
        "--num-layers", "1", "--window-length", "96",
    ]
    assert m4_hourly.main(argv) == 0
    monkeypatch.undo()

    # of the data folder, only the training file was opened, and no test file anywhere
    assert {name for name in opened if Path(name).parent == train.parent} == {str(train)}
    assert not [name for name in opened if "hourly-test" in Path(name).name.lower()]
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["id", *[f"F{i}" for i in range(1, 49)]]
    assert frame["id"].tolist() == ["H1", "H2", "H3", "H4"]
    assert np.isfinite(frame.iloc[:, 1:].to_numpy(dtype=float)).all()
    printed = capsys.readouterr().out
    assert "wall time:" in printed
    assert "chosen config:" in printed
    assert ("validation gru" in printed) == (cell == "auto")


@needs_m4
def test_naive2_matches_official_forecasts():
    panel = m4_hourly.load_m4(M4_DIR / "Hourly-train.csv", n_series=40)
    ids, values = m4_hourly.series_values(panel)
    official = pd.read_csv(
        M4_DIR / "benchmark_forecasts" / "Hourly-Naive2.csv", index_col=0
    ).loc[ids]
    mine = np.vstack([m4_hourly.naive2(v) for v in values])
    np.testing.assert_allclose(mine, official.to_numpy(dtype=float), rtol=1e-6)


def test_naive2_of_a_flat_series_is_its_last_value():
    y = np.r_[np.ones(100), 3.0]
    np.testing.assert_array_equal(m4_hourly.naive2(y, h=5), np.full(5, 3.0))


def test_main_rejects_a_non_positive_budget(tmp_path):
    with pytest.raises(SystemExit):
        m4_hourly.main(
            ["--train", str(tmp_path / "x.csv"), "--out", "o.csv", "--budget-minutes", "0"]
        )
