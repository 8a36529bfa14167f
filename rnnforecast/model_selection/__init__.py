"""Choosing a model: cells compared by backtest, searches on a Dask cluster."""

from ._compare import compare_cells, format_comparison
from ._distributed import dask_backend, dask_client, require_dask, set_torch_threads

__all__ = [
    "compare_cells",
    "dask_backend",
    "dask_client",
    "format_comparison",
    "require_dask",
    "set_torch_threads",
]
