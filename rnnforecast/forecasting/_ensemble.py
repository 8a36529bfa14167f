"""The networks of an ensemble (``n_models``) trained one after another, or side by side.

With ``n_jobs`` (scikit-learn's meaning: None one process, -1 every core) the
networks of ``n_models`` above 1 train in joblib's worker processes ("loky"),
each with an equal share of the torch threads, and come back fitted; one
network, or a network on a GPU, trains in this process. Each network draws
from its own seed, so on the same number of torch threads the forecasts are
the same whatever ``n_jobs`` (``tests/test_ensemble.py``).
"""

from numbers import Integral

import joblib
import torch

from ..regression._device import resolve_device

__all__ = ["check_n_jobs", "fit_networks", "n_processes"]


def check_n_jobs(n_jobs, owner):
    """Raise a ValueError naming ``owner`` unless ``n_jobs`` is None or a nonzero integer."""
    if n_jobs is None or (isinstance(n_jobs, Integral) and not isinstance(n_jobs, bool)
                          and n_jobs != 0):
        return
    raise ValueError(
        f"{owner}: n_jobs must be None or a nonzero integer (-1: every core), got {n_jobs!r}."
    )


def n_processes(n_jobs, n_networks, device):
    """Processes that train ``n_networks`` networks: 1 for one network or a GPU,
    else ``n_jobs`` as joblib counts it (None: 1, -1: every core), at most one
    per network."""
    if n_networks < 2 or not _on_cpu(device):
        return 1
    return max(1, min(n_networks, joblib.effective_n_jobs(n_jobs)))


def _on_cpu(device):
    """Will the networks train on the CPU? (The regressor's own :func:`resolve_device`;
    a device it refuses is left to the network's error, raised in this process.)"""
    try:
        return torch.device(resolve_device(device)).type == "cpu"
    except ValueError:
        return False


def fit_networks(regressors, windows, processes):
    """The unfitted ``regressors`` fitted on the lazy ``windows``, in ``processes`` processes."""
    if processes == 1:
        return [regressor._fit_windows(windows) for regressor in regressors]
    threads = max(1, torch.get_num_threads() // processes)
    return joblib.Parallel(n_jobs=processes, backend="loky")(
        joblib.delayed(_fit_in_worker)(regressor, windows, threads) for regressor in regressors
    )


def _fit_in_worker(regressor, windows, threads):
    torch.set_num_threads(threads)  # the share of this process: no oversubscription
    return regressor._fit_windows(windows)
