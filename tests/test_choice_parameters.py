"""A parameter that picks one of a few named choices, given an array or a list
(a grid's values passed by mistake), gets the error that names it, never numpy's
"truth value of an array is ambiguous"."""

import re

import numpy as np
import pytest

from rnnforecast import RNNForecaster, compare_cells
from rnnforecast.datasets import load_airline, load_shampoo
from rnnforecast.nn import RNNNet, SegRNN
from rnnforecast.utils import is_choice

PAIR = np.array(["median", "auto"])


@pytest.mark.parametrize(
    "value, choices, expected",
    [
        ("mean", ("mean", "last"), True),
        ("first", ("mean", "last"), False),
        (None, ("auto", None), True),
        (None, ("mean", "last"), False),
        (np.str_("last"), ("mean", "last"), True),
        (np.array(["mean", "last"]), ("mean", "last"), False),
        (np.array("mean"), ("mean", "last"), False),
        (["mean"], ("mean", "last"), False),
        (1, ("mean", "last"), False),
    ],
)
def test_is_choice(value, choices, expected):
    assert is_choice(value, choices) is expected


@pytest.mark.parametrize(
    "name, message",
    [
        ("combine", r"RNNForecaster: combine must be one of \('auto', 'median', None\), got "),
        ("calibration", r"RNNForecaster: calibration must be one of \('auto', 'holdout', "
                        r"'insample', None\), got "),
        ("loss", r"RNNForecaster: loss must be one of \('absolute_error', .*'student_t'\), got "),
        ("channels", r"RNNForecaster: channels must be one of \('independent', 'mixing'\), got "),
        ("deseasonalize", r"RNNForecaster: deseasonalize must be True, False or one of "
                          r"\('multiplicative', 'additive', 'best_fit'\), got "),
    ],
)
def test_forecaster_choice_given_an_array(name, message):
    forecaster = RNNForecaster(**{name: PAIR}, hidden_size=4, max_steps=5)
    with pytest.raises(ValueError, match=message + re.escape(repr(PAIR))):
        forecaster.fit(load_shampoo(), fh=[1])


@pytest.mark.parametrize(
    "make, name, message",
    [
        (lambda value: RNNNet(1, 3, anchor=value), "anchor",
         r"RNNNet: anchor must be one of \('mean', 'last'\), got "),
        (lambda value: RNNNet(1, 3, distribution=value), "distribution",
         r"RNNNet: distribution must be one of \('quantile', 'normal', 'student_t'\) or "
         r"None, got "),
        (lambda value: RNNNet(1, 3, cell=value), "cell",
         r"RNNNet: cell must be one of \['gru', 'lstm', 'rnn'\], got "),
        (lambda value: SegRNN(96, 24, 7, anchor=value), "anchor",
         r"SegRNN: anchor must be one of \('mean', 'last'\), got "),
    ],
)
def test_network_choice_given_an_array(make, name, message):
    value = np.array(["mean", "last"])
    with pytest.raises(ValueError, match=message + re.escape(repr(value))):
        make(value)


def test_compare_cells_score_given_a_list():
    with pytest.raises(ValueError, match=r"compare_cells: score must be one of \['mase', "
                                         r"'smape'\], got \['mase', 'smape'\]"):
        compare_cells(load_airline(), fh=6, score=["mase", "smape"], max_epochs=1)
