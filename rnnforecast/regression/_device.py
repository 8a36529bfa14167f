"""Where a network lives: the device it trains on, and after unpickling CUDA weights on a
machine without CUDA."""

import warnings

import torch

from ..exceptions import DeviceMappedWarning

__all__ = ["forked_devices", "map_to_available_device", "resolve_device"]


def map_to_available_device(regressor):
    """After unpickling: set ``regressor.device_`` to the device its skorch net is on.

    skorch's ``NeuralNet.__setstate__`` loads CUDA weights to the CPU where
    torch has no CUDA (and sets ``net_.device = "cpu"``); the regressor's
    ``device_`` then follows, with a :class:`DeviceMappedWarning`.
    """
    net = regressor.__dict__.get("net_")
    trained_on = regressor.__dict__.get("device_")
    if net is None or trained_on is None or str(net.device) == str(trained_on):
        return regressor
    warnings.warn(
        f"{type(regressor).__name__}: the network was trained on device_={trained_on!r}, "
        f"which torch cannot use here (no CUDA device); its weights were loaded to "
        f"{str(net.device)!r} and it predicts there. Refitting needs device='auto' or "
        f"'cpu' (got device={regressor.__dict__.get('device')!r}).",
        DeviceMappedWarning,
        stacklevel=2,
    )
    regressor.device_ = str(net.device)
    return regressor


def resolve_device(device, owner="RNNRegressor"):
    """The torch device name to train on, or a ValueError naming ``device`` (as ``owner``'s)."""
    name = str(device)
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        kind = torch.device(name).type
    except (RuntimeError, ValueError, TypeError):
        kind = None
    usable = ["'auto'", "'cpu'"]
    if torch.cuda.is_available():
        usable += ["'cuda'", f"'cuda:0'..'cuda:{torch.cuda.device_count() - 1}'"]
    if kind == "cpu":
        return name
    if kind == "cuda" and torch.cuda.is_available():
        index = torch.device(name).index
        if index is None or index < torch.cuda.device_count():
            return name
    if kind == "mps" and torch.backends.mps.is_available():
        return name
    if kind in ("cuda", "mps"):
        reason = f"torch finds no {kind.upper()} device"
    elif kind is not None:
        reason = f"torch cannot train on a {kind!r} device"
    else:
        reason = "torch does not know that device"
    raise ValueError(
        f"{owner}: device={device!r} cannot be used here ({reason}): device must be "
        f"one of {', '.join(usable)} on this machine, got {device!r}. Use device='auto' "
        "to take CUDA when there is one."
    )


def forked_devices(device):
    """The CUDA devices whose random state a fit on ``device`` forks (``torch.random.fork_rng``):
    none on the CPU, whatever its spelling (``"cpu"``, ``"cpu:0"``); ``"cpu:0"`` was handed to
    ``fork_rng``, which asked CUDA for its state ("Torch not compiled with CUDA enabled")."""
    device = torch.device(device)
    return [device] if device.type == "cuda" else []
