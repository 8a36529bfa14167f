"""The scikit-learn regressor over windows and its skorch plumbing (no sktime here)."""

from ..exceptions import TrainingDivergedError
from ._device import map_to_available_device
from ._probabilistic import (
    PROBABILISTIC_LOSSES,
    check_quantiles,
    check_trained_levels,
    distribution_of,
)
from ._progress import EpochProgress
from ._regressor import RNNRegressor
from ._training import (
    ArrayDataset,
    BatchIterator,
    RNNNetRegressor,
    StepSchedule,
    TailSplit,
    TimeLimit,
)

__all__ = [
    "ArrayDataset",
    "BatchIterator",
    "EpochProgress",
    "PROBABILISTIC_LOSSES",
    "RNNNetRegressor",
    "RNNRegressor",
    "StepSchedule",
    "TailSplit",
    "TimeLimit",
    "TrainingDivergedError",
    "check_quantiles",
    "check_trained_levels",
    "distribution_of",
    "map_to_available_device",
]
