"""rnnforecast: recurrent neural network forecasters for scikit-learn and sktime."""

from .forecaster import RNNForecaster
from .regressor import RNNRegressor

__version__ = "0.1.0"

__all__ = ["RNNForecaster", "RNNRegressor", "__version__"]
