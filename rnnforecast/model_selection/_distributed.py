"""Hyperparameter search on a Dask cluster, through joblib and sktime.

Optional: ``pip install "rnnforecast[dask]"`` (``dask[distributed]``).
scikit-learn's ``GridSearchCV`` runs its fits on Dask workers inside
``joblib.parallel_backend("dask")``; sktime's ``ForecastingGridSearchCV`` and
``evaluate`` take ``backend="dask"`` and run on the client made current here.
Nothing is home-made: this module only connects (or starts a local cluster)
and gives every worker one torch thread, so that workers sharing a machine
do not oversubscribe its cores (and a fit gives the same numbers as a local
one-thread fit).

Examples
--------
>>> from rnnforecast.distributed import dask_backend   # doctest: +SKIP
>>> with dask_backend() as client:                      # doctest: +SKIP
...     search.fit(X, y)
"""

import contextlib
import importlib

import torch

from ..utils import check_positive_int

__all__ = ["require_dask", "dask_client", "dask_backend", "set_torch_threads"]


def require_dask(backend="dask"):
    """Import and return ``dask.distributed``, or raise an ImportError that says how to get it."""
    try:
        return importlib.import_module("dask.distributed")
    except ImportError as error:
        raise ImportError(
            f"rnnforecast.distributed: backend={backend!r} needs dask.distributed, which "
            f"is not installed here ({error}). Install it with "
            "pip install 'rnnforecast[dask]' (or 'dask[distributed]'), or use "
            "backend='loky' for a local search."
        ) from error


def set_torch_threads(n_threads):
    """Set torch's intra-op threads of this process (run on each worker); return it."""
    check_positive_int(n_threads, "n_threads", "set_torch_threads")
    torch.set_num_threads(n_threads)
    return torch.get_num_threads()


def dask_client(scheduler=None, *, n_workers=2, threads_per_worker=1, timeout=10):
    """A ``dask.distributed.Client``, with ``threads_per_worker`` torch threads per worker.

    Parameters
    ----------
    scheduler : str or None, default=None
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``. None
        starts a ``LocalCluster`` of ``n_workers`` worker processes.
    n_workers : int, default=2
        Worker processes of the local cluster (ignored with ``scheduler``).
    threads_per_worker : int, default=1
        Dask threads per local worker, and torch threads of every worker.
    timeout : float, default=10
        Seconds to wait for the scheduler.

    Returns
    -------
    client : dask.distributed.Client
        Close it (and its local cluster) with ``client.close()`` or use
        :func:`dask_backend`.
    """
    distributed = require_dask()
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            dashboard_address=None,
        )
        client = distributed.Client(cluster)
    else:
        try:
            client = distributed.Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as error:
            raise ConnectionError(
                f"rnnforecast.distributed: cannot reach the Dask scheduler at "
                f"scheduler={scheduler!r} within {timeout} s ({type(error).__name__}: "
                f"{error}). Expected the address of a running scheduler (start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`), or "
                "scheduler=None for a local cluster."
            ) from error
    client.run(set_torch_threads, threads_per_worker)
    return client


@contextlib.contextmanager
def dask_backend(scheduler=None, **kwargs):
    """Run joblib (``GridSearchCV``, ...) on Dask inside a ``with`` block.

    Connects with :func:`dask_client` (``scheduler`` and ``kwargs``), makes
    the client current for sktime's ``backend="dask"`` and enters
    ``joblib.parallel_backend("dask")``; closes the client (and a local
    cluster) at the end. Yields the client.
    """
    import joblib

    client = dask_client(scheduler, **kwargs)
    cluster = client.cluster if scheduler is None else None
    try:
        with client.as_current(), joblib.parallel_backend("dask"):
            yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
