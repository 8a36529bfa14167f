"""The sktime forecaster and its parts: input checks and alignment, "auto" settings,
seasonality, covariates, intervals and panel output."""

from ._forecaster import RNNForecaster
from ._seasonality import SeasonalIndices, StackedIndices, check_sp, infer_sp, seasonal_indices

__all__ = [
    "RNNForecaster",
    "SeasonalIndices",
    "StackedIndices",
    "check_sp",
    "infer_sp",
    "seasonal_indices",
]
