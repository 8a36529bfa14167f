"""rnnforecast: recurrent neural network forecasters for scikit-learn and sktime."""

from .regressor import RNNRegressor

__version__ = "0.1.0"

__all__ = ["RNNRegressor", "__version__"]
