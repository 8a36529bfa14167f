"""Training a fitted RNNRegressor further (``partial_fit``, ``fit`` with
``warm_start=True``) after ``set_params``.

skorch users change ``lr`` or ``max_epochs`` between calls and expect the next
call to use them. A fitted regressor keeps the parameters its net was built
with (:func:`snapshot`); before training further, :func:`changed_parameters`
says which differ now. Those that shape the network or its loss cannot change
on the same weights (:func:`check_network_unchanged` refuses them, naming
them); the others (learning rate, weight decay, budget, batches, callbacks, ...)
are applied by :func:`rebuilt_net`: a net built from today's parameters that
takes over the fitted one's weights, optimizer state and history.
"""

import numpy as np
import torch
from sklearn.utils import check_random_state

from ._device import forked_devices
from ._probabilistic import loss_head

__all__ = ["NETWORK_PARAMETERS", "changed_parameters", "check_network_unchanged",
           "rebuilt_net", "snapshot", "train_further"]  # fmt: skip

#: Parameters that fix the network's shape, its loss and where it lives: the weights
#: and the optimizer's state of a fitted net belong to them (``module__*`` and
#: ``criterion__*`` keywords too).
NETWORK_PARAMETERS = ("cell", "hidden_size", "num_layers", "dropout", "step_length",
                      "normalize", "padding_flag", "anchor", "loss", "quantile", "quantiles",
                      "optimizer", "device")  # fmt: skip
_NOT_COMPARED = ("warm_start", "verbose")


def snapshot(regressor):
    """The parameters that ``regressor``'s net is built with (``get_params(deep=False)``)."""
    return {name: value for name, value in regressor.get_params(deep=False).items()
            if name not in _NOT_COMPARED}


def _same(a, b):
    if a is b:
        return True
    try:
        return bool(np.all(a == b))
    except (TypeError, ValueError):
        return False


def changed_parameters(regressor):
    """``{name: (then, now)}``: the parameters that differ from those the fitted net
    was built with (none for a regressor fitted before this was recorded)."""
    then = getattr(regressor, "net_params_", None)
    if then is None:
        return {}
    now = snapshot(regressor)
    return {name: (then.get(name), now.get(name)) for name in dict.fromkeys([*then, *now])
            if not _same(then.get(name), now.get(name))}


def check_network_unchanged(regressor, changed):
    """A ValueError naming the ``changed`` parameters that shape the network or its loss."""
    fixed = {name: values for name, values in changed.items()
             if name in NETWORK_PARAMETERS or name.startswith(("module__", "criterion__"))}
    if fixed:
        said = ", ".join(f"{name} from {then!r} to {now!r}" for name, (then, now) in fixed.items())
        raise ValueError(
            f"{type(regressor).__name__}: partial_fit (and fit with warm_start=True) trains the "
            f"fitted network further, so the parameters that shape it and its loss cannot "
            f"change, got {said} since it was fitted. Set them back, or fit a new network "
            "(warm_start=False)."
        )


def rebuilt_net(regressor, n_rows, criterion, seed):
    """A net built from ``regressor``'s parameters today (learning rate, budget for
    ``n_rows`` rows, batches, callbacks) that carries on from the fitted ``net_``:
    its weights, its optimizer's state (with today's learning rate, weight decay and
    ``optimizer__*`` values) and its history."""
    from ._net import build_net  # _net imports the training pieces; only needed here

    old = regressor.net_
    net = build_net(regressor, regressor.input_shape_[-1], n_rows, criterion, seed)
    net.initialize()
    net.module_.load_state_dict(old.module_.state_dict())
    net.optimizer_.load_state_dict(old.optimizer_.state_dict())
    settings = {"lr": regressor.lr, "weight_decay": regressor.weight_decay}
    settings.update({name[len("optimizer__"):]: value
                     for name, value in regressor.get_params(deep=False).items()
                     if name.startswith("optimizer__")})
    for group in net.optimizer_.param_groups:  # load_state_dict restored the old values
        group.update({key: value for key, value in settings.items() if key in group})
    net.history = old.history
    return net


def train_further(regressor, X, y2):
    """Train the fitted ``regressor``'s net further on checked windows ``X`` (N, L, F) and
    targets ``y2`` (N, H), with the parameters set since its fit (``partial_fit``).

    The weights and the optimizer's state are kept; a changed training parameter
    rebuilds the net around them (:func:`rebuilt_net`), a changed network parameter
    is refused (:func:`check_network_unchanged`). Seeded by ``random_state`` and the
    epochs run so far: the same calls give the same weights.
    """
    seed = int(check_random_state(regressor.random_state).randint(np.iinfo(np.int32).max))
    changed = changed_parameters(regressor)
    if changed:
        check_network_unchanged(regressor, changed)
        regressor.net_ = rebuilt_net(regressor, len(X), loss_head(regressor)[2], seed)
    devices = forked_devices(regressor.device_)
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed + len(regressor.net_.history))
        unit_map = getattr(regressor, "target_map_", None)
        regressor.net_.partial_fit(X, y2 if unit_map is None else unit_map.to_windows(y2))
    regressor.net_params_ = snapshot(regressor)
    return regressor
