"""rnnforecast: recurrent neural network forecasters for scikit-learn and sktime."""

from .compare import compare_cells
from .forecaster import RNNForecaster
from .preprocessing import WindowTransformer
from .regressor import RNNRegressor
from .windows import make_supervised

__version__ = "0.1.0"

__all__ = [
    "RNNForecaster",
    "RNNRegressor",
    "WindowTransformer",
    "compare_cells",
    "make_supervised",
    "__version__",
]
