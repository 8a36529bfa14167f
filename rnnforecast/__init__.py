"""rnnforecast: recurrent neural network forecasters for scikit-learn and sktime."""

from .forecaster import RNNForecaster
from .preprocessing import WindowTransformer
from .regressor import RNNRegressor
from .windows import make_supervised

__version__ = "0.1.0"

__all__ = ["RNNForecaster", "RNNRegressor", "WindowTransformer", "make_supervised", "__version__"]
