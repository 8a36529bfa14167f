"""Torch modules (torch only): the recurrent network, its window statistics, losses."""

from ..utils import check_positive_int  # its 0.1.0 path was rnnforecast.nn
from ._losses import PinballLoss
from ._rnn import ANCHORS, CELLS, RNNNet, check_cell, window_stats

__all__ = ["ANCHORS", "CELLS", "PinballLoss", "RNNNet", "check_cell", "window_stats"]
