"""The skorch net that an :class:`~rnnforecast.RNNRegressor` trains: its module
(:class:`rnnforecast.nn.RNNNet`), loss, optimizer, batches and callbacks from the
regressor's parameters (the pieces themselves are in
:mod:`rnnforecast.regression._training` and :mod:`rnnforecast.regression._routing`)."""

from ..nn import RNNNet
from ._routing import check_routed
from ._training import (
    ArrayDataset,
    BatchIterator,
    RNNNetRegressor,
    TailSplit,
    training_budget,
    training_callbacks,
)

__all__ = ["build_net"]


def build_net(regressor, n_features, n_rows, criterion, seed):
    """The unfitted :class:`~rnnforecast.regression._training.RNNNetRegressor` of
    ``regressor`` (its ``distribution_``, ``quantile_levels_``, ``n_outputs_`` and
    ``device_`` set) for windows of ``n_features`` features, ``n_rows`` of them
    (the step budget counts them), with the loss ``criterion`` (``loss_head``) and
    the batch order ``seed``."""
    max_epochs, total_steps = training_budget(regressor, n_rows)
    levels = regressor.quantile_levels_
    return RNNNetRegressor(
        module=RNNNet,
        module__input_size=n_features,
        module__output_size=regressor.n_outputs_,
        module__cell=regressor.cell,
        module__hidden_size=regressor.hidden_size,
        module__num_layers=regressor.num_layers,
        module__dropout=regressor.dropout,
        module__step_length=regressor.step_length,
        module__normalize=regressor.normalize,
        module__padding_flag=regressor.padding_flag,
        module__anchor=regressor.anchor,
        module__distribution=regressor.distribution_,
        module__n_quantiles=None if levels is None else len(levels),
        module__data_scale=getattr(regressor, "data_scale_", None),  # None: fitted before it
        **criterion,
        optimizer=regressor.optimizer,
        optimizer__weight_decay=regressor.weight_decay,
        **check_routed(regressor),
        lr=regressor.lr,
        max_epochs=max_epochs,
        batch_size=regressor.batch_size,
        dataset=ArrayDataset,
        iterator_train=BatchIterator,
        iterator_train__shuffle=True,
        iterator_train__seed=seed,
        iterator_valid=BatchIterator,
        iterator_train__device=regressor.device_,  # batches moved to the device once
        iterator_valid__device=regressor.device_,
        train_split=(
            None
            if regressor.validation_fraction is None
            else TailSplit(regressor.validation_fraction)
        ),
        callbacks=training_callbacks(regressor, total_steps),
        device=regressor.device_,
    )
