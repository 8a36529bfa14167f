"""rnnforecast: recurrent neural network forecasters for scikit-learn and sktime.

The package, by concept (dependencies point down the list, never up):

- :mod:`rnnforecast.utils`, :mod:`rnnforecast.nn`, :mod:`rnnforecast.metrics`,
  :mod:`rnnforecast.datasets`, :mod:`rnnforecast.exceptions`: shared checks,
  torch modules, scores, data;
- :mod:`rnnforecast.preprocessing`: windows (numpy and scikit-learn);
- :mod:`rnnforecast.regression`: ``RNNRegressor`` (skorch);
- :mod:`rnnforecast.forecasting`: ``RNNForecaster`` (sktime);
- :mod:`rnnforecast.model_selection`: ``compare_cells``, distributed search;
- :mod:`rnnforecast.plotting`, :mod:`rnnforecast.persistence`, :mod:`rnnforecast.cli`.
"""

from ._retired import install
from .forecasting import RNNForecaster
from .model_selection import compare_cells
from .preprocessing import WindowTransformer, make_supervised
from .regression import RNNRegressor
from ._version import __version__

install()  # the 0.1.0 module paths (rnnforecast/_retired.py)
del install

__all__ = [
    "RNNForecaster",
    "RNNRegressor",
    "WindowTransformer",
    "compare_cells",
    "make_supervised",
    "__version__",
]
