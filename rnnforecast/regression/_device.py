"""Where a network lives after unpickling: CUDA weights on a machine without CUDA."""

import warnings

from ..exceptions import DeviceMappedWarning

__all__ = ["map_to_available_device"]


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
