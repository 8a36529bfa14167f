import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
M4_DIR = ROOT.parent / "shared" / "data" / "m4"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "score_m4", ROOT / "benchmarks" / "score_m4.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score_m4 = _load_script()


def _row(output, label):
    """The numbers (sMAPE, MASE, OWA) printed on the table row starting with label."""
    for line in output.splitlines():
        if line.startswith(label):
            return line[len(label):].split()
    raise AssertionError(f"no row starting with {label!r} in:\n{output}")


# --- on small synthetic files --------------------------------------------------


def _write_rows(path, header, ids, rows):
    width = max(len(row) for row in rows)
    lines = [",".join(header(width))]
    for name, row in zip(ids, rows):
        cells = [f"{value:g}" for value in row] + [""] * (width - len(row))
        lines.append(",".join([name, *cells]))
    path.write_text("\n".join(lines) + "\n")
    return path


def _m4_file(path, ids, rows):
    """A train/test file: V1 = id, then V2.. values, padded with empty cells."""
    def header(n):
        return ["V1", *[f"V{i + 2}" for i in range(n)]]

    return _write_rows(path, header, ids, rows)


def _forecast_file(path, ids, rows):
    """A forecasts file in submission format: id, F1..Fn."""
    def header(n):
        return ["id", *[f"F{i + 1}" for i in range(n)]]

    return _write_rows(path, header, ids, rows)


@pytest.fixture
def tiny_m4(tmp_path):
    """Two series: train of 30 and 40 points, 48 test points each, no extras."""
    rng = np.random.RandomState(0)
    ids = ["H1", "H2"]
    train = [rng.rand(30) + 1, rng.rand(40) + 1]
    test = [rng.rand(48) + 1, rng.rand(48) + 1]
    return {
        "train": _m4_file(tmp_path / "Hourly-train.csv", ids, train),
        "test": _m4_file(tmp_path / "Hourly-test.csv", ids, test),
        "forecasts": _forecast_file(tmp_path / "f.csv", ids[::-1], test[::-1]),
    }


def _argv(paths, **overrides):
    paths = {**paths, **overrides}
    return [
        "--forecasts", str(paths["forecasts"]),
        "--train", str(paths["train"]),
        "--test", str(paths["test"]),
    ]


def test_perfect_forecasts_in_any_row_order(tiny_m4, capsys):
    assert score_m4.main(_argv(tiny_m4)) == 0
    out = capsys.readouterr().out
    assert _row(out, "f.csv (given)") == ["0.000", "0.000", "0.000"]
    assert "18.383, MASE 2.395 (published values)" in out
    assert "No official results found" in out


def test_wrong_number_of_columns(tiny_m4, tmp_path, capsys):
    short = _forecast_file(tmp_path / "short.csv", ["H1", "H2"], [[1.0] * 47] * 2)
    with pytest.raises(SystemExit):
        score_m4.main(_argv(tiny_m4, forecasts=short))
    err = capsys.readouterr().err
    assert "must have 48 forecast columns (id,F1..F48); got 47" in err


def test_ids_must_match_test_file(tiny_m4, tmp_path):
    other = _forecast_file(tmp_path / "other.csv", ["H1", "H3"], [[1.0] * 48] * 2)
    ids = ["H1", "H2"]
    with pytest.raises(ValueError, match=r"missing 1 \['H2'\], unexpected 1 \['H3'\]"):
        score_m4.read_forecasts(other, ids)


def test_missing_forecast_values(tmp_path):
    gap = _forecast_file(tmp_path / "gap.csv", ["H1", "H2"], [[1.0] * 48, [1.0] * 47])
    with pytest.raises(ValueError, match=r"forecasts must be finite"):
        score_m4.read_forecasts(gap, ["H1", "H2"])


def test_duplicate_forecast_ids(tmp_path):
    dup = _forecast_file(tmp_path / "dup.csv", ["H1", "H1"], [[1.0] * 48] * 2)
    with pytest.raises(ValueError, match=r"each id once; got 'H1' twice"):
        score_m4.read_forecasts(dup, ["H1"])


def test_missing_forecasts_file(tiny_m4, tmp_path, capsys):
    with pytest.raises(SystemExit):
        score_m4.main(_argv(tiny_m4, forecasts=tmp_path / "absent.csv"))
    assert "absent.csv' does not exist" in capsys.readouterr().err


def test_train_and_test_series_must_agree(tiny_m4, tmp_path):
    train = _m4_file(tmp_path / "train3.csv", ["H1"], [[1.0, 2.0] * 15])
    with pytest.raises(ValueError, match=r"train and test must hold the same series"):
        score_m4.read_actuals(train, tiny_m4["test"])


def test_test_file_must_hold_48_values(tmp_path):
    train = _m4_file(tmp_path / "train.csv", ["H1"], [[1.0, 2.0] * 15])
    test = _m4_file(tmp_path / "test.csv", ["H1"], [[1.0] * 24])
    with pytest.raises(ValueError, match=r"test must hold 48 values .* \[24\]"):
        score_m4.read_actuals(train, test)


def test_official_file_needs_its_columns(tmp_path):
    official = tmp_path / "official.csv"
    official.write_text("method,OWA\nsNaive,0.6275\n")
    with pytest.raises(ValueError, match=r"official results must have columns .*'OWA'"):
        score_m4.read_official(official)


def test_missing_official_file_given_explicitly(tiny_m4, tmp_path, capsys):
    argv = _argv(tiny_m4) + ["--official", str(tmp_path / "nothing.csv")]
    with pytest.raises(SystemExit):
        score_m4.main(argv)
    assert "--official file" in capsys.readouterr().err


# --- on the official M4 Hourly files ---------------------------------------------


@pytest.fixture
def m4_dir():
    if not M4_DIR.is_dir():
        pytest.skip(f"M4 Hourly data not found at {M4_DIR} (shared data folder absent)")
    return M4_DIR


def test_official_snaive_forecasts(m4_dir, capsys):
    argv = [
        "--forecasts", str(m4_dir / "benchmark_forecasts" / "Hourly-sNaive.csv"),
        "--train", str(m4_dir / "Hourly-train.csv"),
        "--test", str(m4_dir / "Hourly-test.csv"),
    ]
    assert score_m4.main(argv) == 0
    out = capsys.readouterr().out
    assert _row(out, "Hourly-sNaive.csv (given)") == ["13.912", "1.193", "0.627"]
    assert "Naive2 sMAPE 18.383, MASE 2.395" in out
    assert _row(out, "Smyl (ES-RNN, M4 winner)")[-1] == "0.440"
    assert _row(out, "Doornik et al. (best Hourly)")[-1] == "0.410"
    assert _row(out, "sNaive ")[-1] == "0.627"
    assert _row(out, "Naive2 ")[-1] == "1.000"
