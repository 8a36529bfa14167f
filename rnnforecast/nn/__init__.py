"""Torch modules (torch only): the recurrent networks, their window statistics, losses."""

from ..utils import check_positive_int  # its 0.1.0 path was rnnforecast.nn
from ._distributions import (
    DISTRIBUTIONS,
    MultiQuantileLoss,
    NormalNLL,
    StudentTNLL,
    affine,
)
from ._losses import PinballLoss
from ._rnn import ANCHORS, CELLS, RNNNet, check_cell, warn_unused_anchor, warn_unused_dropout, window_stats
from ._segment import SegRNN

__all__ = [
    "ANCHORS", "CELLS", "DISTRIBUTIONS", "MultiQuantileLoss", "NormalNLL", "PinballLoss",
    "RNNNet", "SegRNN", "StudentTNLL", "affine", "check_cell", "warn_unused_anchor", "warn_unused_dropout",
    "window_stats",
]  # fmt: skip
