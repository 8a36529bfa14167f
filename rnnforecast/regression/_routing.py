"""skorch's habits on RNNRegressor: routed parameters and callbacks that need settings.

skorch routes ``optimizer__momentum=0.9`` to the optimizer, ``module__...`` to
the module, ``criterion__...`` to the loss and ``callbacks__es__patience=5`` to
the callback named "es". RNNRegressor takes them as
``**routed`` keywords, stored as attributes and returned by ``get_params``;
the helpers here find and check them. A routed name that duplicates one of the
regressor's own parameters (``module__dropout``) is refused with the name to
use, and callbacks that cannot work with the regressor's settings (a
validation monitor without a validation split, a learning-rate scheduler
beside the built-in schedule) are refused with the fix.
"""

import difflib
import inspect

from skorch.callbacks import LRScheduler
from sklearn.utils.validation import check_is_fitted

__all__ = ["NET_ATTRIBUTES", "ROUTES", "SKORCH_SPELLINGS", "SkorchHabits", "check_callbacks",
           "check_routed", "refuse_skorch_spelling", "routed_items"]

#: The routing prefixes, each with its names that duplicate a parameter of
#: RNNRegressor (the parameter to use; None: set from the data).
ROUTES = {
    "module__": {"input_size": None, "output_size": None, "cell": "cell",
                 "hidden_size": "hidden_size", "num_layers": "num_layers",
                 "dropout": "dropout", "step_length": "step_length",
                 "normalize": "normalize", "padding_flag": "padding_flag",
                 "anchor": "anchor", "data_scale": None},
    "optimizer__": {"lr": "lr", "weight_decay": "weight_decay"},
    "criterion__": {"quantile": "quantile"},
    "callbacks__": {},  # callbacks__<name>__<parameter>: one of the user's callbacks
}
#: skorch's NeuralNet parameters (and its routing prefixes, ending in ``__``) that
#: RNNRegressor spells otherwise: the parameter to use instead.
SKORCH_SPELLINGS = {
    "train_split": "validation_fraction=... (a share of the latest rows, in time order; "
                   "skorch's ValidSplit would take a random or the oldest share)",
    "criterion": "loss=... ('squared_error', 'absolute_error', 'quantile', 'normal', "
                 "'student_t')",
    "iterator_train__": "batch_size=... (batches are drawn by the regressor)",
    "iterator_valid__": "batch_size=... (batches are drawn by the regressor)",
    "module": "cell=..., hidden_size=..., num_layers=... and module__... for the rest",
}
#: Attributes and methods of a fitted skorch net that RNNRegressor hands on from
#: ``net_`` (``reg.history`` is ``reg.net_.history``), as skorch users reach for them.
NET_ATTRIBUTES = frozenset({"history", "module_", "optimizer_", "criterion_", "callbacks_",
                            "save_params", "load_params", "initialize"})


def routed_items(estimator):
    """The keywords given beyond the declared parameters (``**routed``):
    attributes that are neither declared, private nor fitted (``name_``)."""
    own = set(estimator._get_param_names())
    return {k: v for k, v in vars(estimator).items()
            if k not in own and not k.startswith("_") and not k.endswith("_")}


def refuse_skorch_spelling(name, value, owner):
    """Raise, naming the parameter to use, where ``name`` is a skorch ``NeuralNet``
    parameter (or routing prefix) that the regressor spells otherwise (SKORCH_SPELLINGS),
    given to the constructor or to ``set_params``."""
    prefix = name[: name.index("__") + 2] if "__" in name else name
    spelling = SKORCH_SPELLINGS.get(prefix)  # a whole name where it has no "__"
    if spelling is not None:
        raise ValueError(
            f"{owner}: {name}={value!r} is a skorch NeuralNet parameter that {owner} does "
            f"not take; use {spelling}."
        )


def check_routed(estimator):
    """The routed parameters, checked: {"optimizer__momentum": 0.9, ...}."""
    owner = type(estimator).__name__
    routed = routed_items(estimator)
    for name in routed:
        refuse_skorch_spelling(name, routed[name], owner)
        prefix = name[: name.index("__") + 2] if "__" in name else name
        if prefix not in ROUTES:
            raise ValueError(
                f"{owner}: routed parameters must start with one of "
                f"{sorted(ROUTES)}, got {name}={routed[name]!r}."
            )
        key = name[len(prefix):]
        if prefix == "callbacks__":
            _check_callback_route(estimator, name, key, routed[name])
            continue
        if key in ROUTES[prefix]:
            own = ROUTES[prefix][key]
            hint = f"use {owner}'s own {own}=... instead" if own else "it is set from the data"
            raise ValueError(
                f"{owner}: {name}={routed[name]!r} duplicates a parameter of {owner}: {hint}."
            )
        target = _routed_to(estimator, prefix)
        accepted = _keywords(target)
        if accepted is not None and key not in accepted:
            others = sorted(accepted - set(ROUTES[prefix]) - {"self", "params"})
            own = {k: v for k, v in ROUTES[prefix].items() if v}
            close = difflib.get_close_matches(key, [*others, *own], n=1)
            hint = ""
            if prefix == "criterion__":
                hint = _other_loss_hint(key)
            if close and not hint:
                hint = (f" Did you mean {owner}'s own {own[close[0]]}=...?" if close[0] in own
                        else f" Did you mean {prefix}{close[0]}?")
            raise ValueError(
                f"{owner}: {name}={routed[name]!r} is not a parameter of {target.__name__}, "
                f"which takes {others!r} this way.{hint}"
            )
    return routed


def callback_names(estimator):
    """{name: callback} of the user's ``callbacks``, named as skorch names them (a tuple's
    name, else the class name)."""
    named = {}
    for callback in estimator.callbacks or []:
        name, callback = callback if isinstance(callback, tuple) else (
            type(callback).__name__, callback)
        named[name] = callback
    return named


def _check_callback_route(estimator, name, key, value):
    """Refuse ``callbacks__<callback>__<parameter>`` unless it names one of the user's
    callbacks and one of its parameters (skorch sets it on that callback)."""
    owner = type(estimator).__name__
    callback_name, _, parameter = key.partition("__")
    named = callback_names(estimator)
    if callback_name not in named or not parameter:
        raise ValueError(
            f"{owner}: {name}={value!r} must be callbacks__<name>__<parameter> with <name> "
            f"one of the callbacks given in callbacks= (a (name, callback) tuple's name, or "
            f"the class name), got callbacks={sorted(named)!r}."
        )
    get_params = getattr(named[callback_name], "get_params", None)
    accepted = set(get_params()) if callable(get_params) else None
    if accepted is not None and parameter not in accepted:
        close = difflib.get_close_matches(parameter, sorted(accepted), n=1)
        hint = f" Did you mean callbacks__{callback_name}__{close[0]}?" if close else ""
        raise ValueError(
            f"{owner}: {name}={value!r} is not a parameter of the callback "
            f"{callback_name!r} ({type(named[callback_name]).__name__}), which takes "
            f"{sorted(accepted)!r}.{hint}"
        )


def _routed_to(estimator, prefix):
    """The class that the ``prefix`` keywords go to (None: not checked)."""
    if prefix == "module__":
        from ..nn import RNNNet

        return RNNNet
    if prefix == "optimizer__":
        return getattr(estimator, "optimizer", None)
    if prefix == "criterion__":  # the class of ``loss`` (and ``quantiles``)
        from ._probabilistic import LOSSES, MultiQuantileLoss

        if getattr(estimator, "quantiles", None) is not None:
            return MultiQuantileLoss
        return LOSSES.get(getattr(estimator, "loss", None))
    return None


def _other_loss_hint(key):
    """' It is a parameter of loss=...' where another of RNNRegressor's losses takes ``key``."""
    from ._probabilistic import LOSSES

    takers = [name for name, cls in LOSSES.items() if key in (_keywords(cls) or ())]
    return f" It is a parameter of loss={takers[0]!r}." if takers else ""


def _keywords(target):
    """The keyword names that ``target`` takes, or None when it takes any (**kwargs) or
    cannot be inspected."""
    if target is None:
        return None
    try:
        parameters = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters}


def check_callbacks(regressor, owner=None):
    """Refuse user callbacks that cannot work with the regressor's settings (or those
    of ``owner``, the estimator the user built: an RNNForecaster checks its own)."""
    owner = type(regressor).__name__ if owner is None else owner
    for callback in regressor.callbacks or []:
        callback = callback[1] if isinstance(callback, tuple) else callback
        monitor = getattr(callback, "monitor", None)
        if (isinstance(monitor, str) and monitor.startswith("valid_")
                and regressor.validation_fraction is None):
            raise ValueError(
                f"{owner}: the callback {type(callback).__name__} monitors {monitor!r}, but "
                "there is no validation split: validation_fraction=None. Set "
                "validation_fraction (e.g. 0.2: the latest 20% of the rows, in time order) "
                "to have a validation loss."
            )
        if isinstance(callback, LRScheduler) and regressor.lr_schedule != "constant":
            raise ValueError(
                f"{owner}: the callback LRScheduler sets the learning rate, but "
                f"lr_schedule={regressor.lr_schedule!r} sets it too (it would override "
                "yours). Set lr_schedule='constant' to use your scheduler."
            )


class SkorchHabits:
    """What skorch users do with a net, on the regressor (a mixin before sklearn's
    ``BaseEstimator``): routed parameters (``optimizer__momentum=0.9``, ...) through
    ``get_params`` / ``set_params`` (skorch's own spellings refused with the name to use),
    and the fitted net's attributes (``reg.history``, ``reg.save_params``, ...,
    :data:`NET_ATTRIBUTES`) handed on from ``net_``."""

    def get_params(self, deep=True):
        """Parameters, skorch's routed ones (``optimizer__momentum``, ...) included."""
        params = super().get_params(deep=deep)
        params.update(routed_items(self))
        return params

    def set_params(self, **params):
        """Set parameters; skorch's routed ones (``optimizer__momentum``, ...) too."""
        given = routed_items(self)
        for name in [k for k in params if k in given or k[: k.find("__") + 2] in ROUTES]:
            setattr(self, name, params.pop(name))
        for name, value in params.items():  # skorch's spellings: the name to use instead
            refuse_skorch_spelling(name, value, type(self).__name__)
        return super().set_params(**params)

    @property
    def history_(self):
        """Per-epoch training history of the skorch net."""
        check_is_fitted(self)
        return self.net_.history

    def __getattr__(self, name):
        # only for names not found otherwise: skorch's, handed on from the fitted net
        if name not in NET_ATTRIBUTES:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        net = self.__dict__.get("net_")
        if net is None:
            raise AttributeError(
                f"{type(self).__name__} has no {name!r} before fit: fit makes the skorch net, "
                f"net_, and then reg.{name} is reg.net_.{name} (to load saved parameters, "
                "fit on data of the same shape first, or pickle the fitted regressor)."
            )
        return getattr(net, name)
