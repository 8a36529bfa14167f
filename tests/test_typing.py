"""The public API carries type hints (PEP 561: the package ships ``py.typed``)."""

import inspect
import pathlib
import typing

import pytest

import rnnforecast
from rnnforecast import datasets, plotting

#: Public callables whose parameters and return value are annotated.
ANNOTATED = [
    rnnforecast.make_supervised,
    rnnforecast.WindowTransformer.fit,
    rnnforecast.WindowTransformer.transform,
    rnnforecast.WindowTransformer.get_feature_names_out,
    rnnforecast.RNNRegressor.fit,
    rnnforecast.RNNRegressor.partial_fit,
    rnnforecast.RNNRegressor.predict,
    rnnforecast.RNNRegressor.predict_quantiles,
    rnnforecast.RNNRegressor.predict_var,
    rnnforecast.RNNForecaster.fit,
    rnnforecast.RNNForecaster.predict,
    rnnforecast.RNNForecaster.predict_interval,
    rnnforecast.RNNForecaster.predict_quantiles,
    rnnforecast.RNNForecaster.update,
    datasets.load_airline,
    datasets.load_lynx,
    datasets.load_shampoo,
    datasets.load_m4,
]


@pytest.mark.parametrize("func", ANNOTATED, ids=lambda f: f.__qualname__)
def test_public_callables_are_annotated_and_their_hints_resolve(func):
    hints = typing.get_type_hints(func)  # raises if a hint names something undefined
    names = [n for n in inspect.signature(func).parameters if n != "self"]
    assert "return" in hints
    assert set(names) <= set(hints)


def test_plotting_functions_are_annotated():
    # their matplotlib hints resolve only where matplotlib is installed (an optional extra)
    for func in [plotting.plot_forecast, plotting.plot_comparison, plotting.save_figure]:
        assert "return" in func.__annotations__


def test_the_package_is_marked_typed():
    assert (pathlib.Path(rnnforecast.__file__).parent / "py.typed").is_file()
