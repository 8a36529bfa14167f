"""The networks of RNNForecaster: its parameters checked, and each ensemble member built.

Each member is an :class:`rnnforecast.regression.RNNRegressor` with the forecaster's own
training parameters (:data:`REGRESSOR_PARAMS`), its resolved "auto" settings and the padding
flag of the panel windows.
"""

from sklearn.utils._param_validation import validate_parameter_constraints

from ..nn import check_cell, warn_unused_anchor, warn_unused_dropout
from ..regression import RNNRegressor
from ..regression._device import resolve_device
from ..regression._routing import check_callbacks
from ..utils import check_positive_int, is_choice
from ._ensemble import check_n_jobs
from ._intervals import CALIBRATIONS
from ._nonnegative import check_nonnegative
from ._probabilistic import check_loss
from ._seasonality import check_deseasonalize, check_sp
from ._targets import check_channels

__all__ = ["COMBINATIONS", "REGRESSOR_PARAMS", "check_params", "make_regressor"]

#: The values of ``combine``.
COMBINATIONS = ("auto", "median", None)

#: Parameters passed as they are to each network (RNNRegressor).
REGRESSOR_PARAMS = [
    "cell", "num_layers", "dropout", "normalize", "anchor", "loss", "quantiles", "max_epochs",
    "batch_size", "lr", "lr_schedule", "weight_decay", "clip_grad_norm", "validation_fraction",
    "patience", "max_time", "device", "verbose", "callbacks",
]  # fmt: skip


def check_params(forecaster):
    """Raise a ValueError naming the first of ``forecaster``'s parameters that is not valid."""
    check_cell(forecaster.cell, owner=forecaster._owner)
    check_sp(forecaster.sp, owner=forecaster._owner)
    check_deseasonalize(forecaster.deseasonalize, owner=forecaster._owner)
    check_loss(forecaster)
    for name in ["window_length", "step_length", "hidden_size", "max_steps"]:
        check_positive_int(getattr(forecaster, name), name, owner=forecaster._owner,
                           allow_none=name == "max_steps", allow_auto=True)
    for name in ["n_models", "batch_size"]:
        check_positive_int(getattr(forecaster, name), name, owner=forecaster._owner)
    check_n_jobs(forecaster.n_jobs, forecaster._owner)
    check_positive_int(forecaster.horizon, "horizon", owner=forecaster._owner, allow_none=True)
    if not is_choice(forecaster.combine, COMBINATIONS):
        raise ValueError(
            f"{forecaster._owner}: combine must be one of {COMBINATIONS!r}, "
            f"got {forecaster.combine!r}."
        )
    check_channels(forecaster.channels, forecaster._owner)
    # the networks' own parameters, checked as RNNRegressor checks them but named as the
    # forecaster's ("The 'lr' parameter of RNNForecaster must be ...")
    constraints = {name: rule for name, rule in RNNRegressor._parameter_constraints.items()
                   if name in REGRESSOR_PARAMS}
    validate_parameter_constraints(
        constraints, {name: getattr(forecaster, name) for name in constraints},
        caller_name=forecaster._owner,
    )
    if forecaster.max_epochs is None and forecaster.max_steps is None:
        raise ValueError(
            f"{forecaster._owner}: max_epochs and max_steps cannot both be None, got "
            "max_epochs=None, max_steps=None. Set one of them, e.g. max_steps='auto' (the "
            "default)."
        )
    resolve_device(forecaster.device, forecaster._owner)
    check_callbacks(forecaster, forecaster._owner)  # named as the user's estimator
    warn_unused_dropout(forecaster.dropout, forecaster.num_layers, forecaster._owner,
                        stacklevel=5)
    warn_unused_anchor(forecaster.anchor, forecaster.normalize, forecaster._owner, stacklevel=5)
    check_nonnegative(forecaster.nonnegative, forecaster._owner)
    if not is_choice(forecaster.calibration, CALIBRATIONS):
        raise ValueError(
            f"{forecaster._owner}: calibration must be one of {CALIBRATIONS!r}, "
            f"got {forecaster.calibration!r}."
        )


def make_regressor(forecaster, seed):
    """The network of one ensemble member: the forecaster's own training
    parameters, the resolved "auto" ones, and the padding flag of the windows."""
    params = {name: getattr(forecaster, name) for name in REGRESSOR_PARAMS}
    if params["num_layers"] < 2:  # no effect there, and the forecaster has warned once
        params["dropout"] = 0.0
    if not params["normalize"]:  # anchor: the same, warned of by the forecaster
        params["anchor"] = "mean"
    return RNNRegressor(
        **params,
        hidden_size=forecaster.hidden_size_,
        step_length=forecaster.step_length_,
        max_steps=forecaster.max_steps_,
        padding_flag=True,  # the windows' last feature (rnnforecast.panel)
        random_state=seed,
        # encoded static covariates: the features before the flag, not normalised
        **({"module__raw_features": D} if (D := forecaster._roles.n_static_features) else {}),
        **({"module__n_targets": forecaster._mixed} if forecaster._mixed else {}),
    )
