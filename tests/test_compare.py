import numpy as np
import pandas as pd
import pytest
from sktime.split import ExpandingWindowSplitter

from rnnforecast import compare_cells
from rnnforecast.datasets import load_airline
from rnnforecast.model_selection._compare import format_comparison

TINY = dict(window_length=12, hidden_size=4, max_epochs=2, batch_size=32)
COLUMNS = [
    "cell", "n_weights", "mase_mean", "mase_std", "smape_mean", "smape_std",
    "fit_seconds", "predict_seconds", "epochs", "n_folds", "rank", "recommended", "reason",
]
SCORES = ["cell", "n_weights", "mase_mean", "mase_std", "smape_mean", "smape_std", "epochs", "rank"]


@pytest.fixture(scope="module")
def airline_table():
    return compare_cells(load_airline(), fh=6, n_folds=2, sp=12, random_state=0, **TINY)


def test_table_on_airline(airline_table):
    table = airline_table
    assert list(table.columns) == COLUMNS
    assert sorted(table["cell"]) == ["gru", "lstm", "rnn"]
    assert (table["n_folds"] == 2).all() and (table["epochs"] == 2).all()
    assert table[["mase_mean", "smape_mean", "fit_seconds"]].gt(0).all().all()
    # best first, ranked by mean MASE; one recommendation with its reason
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["mase_mean"].is_monotonic_increasing
    assert table["recommended"].sum() == 1
    best = table.loc[table["recommended"]].iloc[0]
    assert best["reason"]
    first = table.iloc[0]
    assert best["mase_mean"] <= first["mase_mean"] + first["mase_std"]
    assert best["n_weights"] <= first["n_weights"]


def test_weights_follow_the_gate_blocks(airline_table):
    # one block per gate: rnn 1, gru 3, lstm 4, plus the same linear head
    weights = airline_table.set_index("cell")["n_weights"]
    block = weights["lstm"] - weights["gru"]
    assert weights["gru"] - weights["rnn"] == 2 * block
    # hidden * (input + hidden) + two biases; the input is the value and its padding flag
    assert block == 4 * (2 + 4) + 2 * 4


def test_deterministic_for_a_random_state(airline_table):
    again = compare_cells(load_airline(), fh=6, n_folds=2, sp=12, random_state=0, **TINY)
    pd.testing.assert_frame_equal(again[SCORES], airline_table[SCORES])
    assert again["recommended"].tolist() == airline_table["recommended"].tolist()


def test_format_comparison_refuses_a_table_not_of_compare_cells():
    # a pandas KeyError "['reason'] not found in axis" before
    with pytest.raises(ValueError, match=r"format_comparison: table must be a table of "
                       r"compare_cells .* got DataFrame without the columns "
                       r"\['recommended', 'reason'\]"):
        format_comparison(pd.DataFrame())


def test_format_comparison_names_the_recommendation(airline_table):
    text = format_comparison(airline_table)
    best = airline_table.loc[airline_table["recommended"], "cell"].iloc[0]
    assert text.splitlines()[0].split()[:3] == ["cell", "n_weights", "mase_mean"]
    assert f"recommended: cell={best} (" in text


def test_panel_global_model_and_param_grid(capsys):
    y = load_airline()
    panel = pd.concat(
        {"a": y.reset_index(drop=True), "b": 2 * y.reset_index(drop=True)[:120]},
        names=["series", "time"],
    ).to_frame("y")
    table = compare_cells(
        panel, fh=[1, 2, 3], cells=["gru"], param_grid={"hidden_size": [2, 4]},
        n_folds=1, random_state=0, verbose=1, window_length=12, max_epochs=1,
    )
    assert list(table.columns[:3]) == ["cell", "hidden_size", "n_weights"]
    assert sorted(table["hidden_size"]) == [2, 4]
    assert np.isfinite(table[["mase_mean", "smape_mean"]]).all().all()
    assert "compare_cells" in capsys.readouterr().err  # progress bar on stderr


def test_budget_is_shared_by_the_fits():
    table = compare_cells(
        load_airline(), fh=6, cells=["rnn"], n_folds=2, budget=1e-6, random_state=0,
        window_length=12, hidden_size=4, max_epochs=1000,
    )
    # 0.5 microseconds per fit: each fit stops after its first epoch, far from 1000
    assert table["epochs"].iloc[0] == 1


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(cells=[]), r"cells must name at least one of \['gru', 'lstm', 'rnn'\], got an empty \[\]"),
        (dict(cells=["gru", "transformer"]), r"cells must be among .* got unknown \['transformer'\]"),
        (dict(cells=["gru", "gru"]), "must not repeat"),
        (dict(score="mae"), r"score must be one of \['mase', 'smape'\], got 'mae'"),
        (dict(fh=0), "fh must be a positive integer"),
        (dict(n_folds=30), r"n_folds=30 folds of 6 steps need .* use n_folds <= "),
        (dict(max_time=5), r"max_time is set by compare_cells, got it in .*\(max_time=5\); use budget"),
        (dict(cell="gru"), r"cell is set by compare_cells, got it in .*\(cell='gru'\); it is "
                           r"what is compared: name the cells in cells=\[\.\.\.\]"),
        (
            dict(cv=ExpandingWindowSplitter(fh=np.arange(1, 7), initial_window=200)),
            "cv leaves no training window on a series of 144 values",
        ),
        (
            dict(cv=ExpandingWindowSplitter(fh=np.arange(1, 7), initial_window=10)),
            r"cv leaves only 10 training values .* window_length=12 plus horizon=6 needs 18",
        ),
        (
            dict(cv=ExpandingWindowSplitter(fh=[1, 2], initial_window=50)),
            r"cv.fh must be the fh scored, \[1, 2, 3, 4, 5, 6\], got \[1, 2\]",
        ),
    ],
)
def test_bad_input_is_a_clear_error(kwargs, match):
    params = dict(fh=6, max_epochs=1, window_length=12)
    params.update(kwargs)
    with pytest.raises(ValueError, match=match):
        compare_cells(load_airline(), **params)


def test_series_too_short_for_any_fold():
    with pytest.raises(ValueError, match=r"y is too short for any fold: .* has 30 values.* \(36 in all\)"):
        compare_cells(load_airline()[:30], fh=6, window_length=24, max_epochs=1)


def test_exogenous_X_is_passed_to_every_fold():
    y = load_airline()
    X = pd.DataFrame({"month": y.index.month.astype(float)}, index=y.index)
    table = compare_cells(
        y, fh=6, X=X, cells=["gru"], n_folds=2, sp=12, random_state=0,
        window_length=12, hidden_size=4, max_epochs=1,
    )
    # input size 3 (y, the month, the padding flag): 3 gate blocks of 4 * (3 + 4) + 2 * 4,
    # head 4 * 6 + 6
    assert table["n_weights"].iloc[0] == 3 * (4 * (3 + 4) + 2 * 4) + 4 * 6 + 6
    assert np.isfinite(table["mase_mean"].iloc[0])


def test_default_sp_warm_up_gives_no_seasonality_warning():
    # the untimed warm-up fit runs on a copy without y's monthly index: it said "found no
    # seasonal period ... Pass sp=12" three times although the scored folds found sp=12
    import warnings

    from rnnforecast.exceptions import SeasonalityWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", SeasonalityWarning)
        table = compare_cells(load_airline(), fh=6, n_folds=1, random_state=0,
                              cells=["gru"], **TINY)
    assert len(table) == 1
