"""What skorch users bring: an optimizer class, routed parameters, validation callbacks."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from skorch.callbacks import Checkpoint, EarlyStopping, LRScheduler

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.datasets import load_shampoo

TINY = dict(hidden_size=4, max_epochs=3, random_state=0)


@pytest.fixture
def windows(sine_windows):
    X, y = sine_windows
    return X[:, :, None], y


def test_optimizer_class_and_routed_parameters_reach_skorch(windows):
    X, y = windows
    reg = RNNRegressor(optimizer=torch.optim.SGD, optimizer__momentum=0.9, lr=0.05, **TINY)
    reg.fit(X, y)
    assert isinstance(reg.net_.optimizer_, torch.optim.SGD)
    assert reg.net_.optimizer_.param_groups[0]["momentum"] == 0.9
    again = clone(reg)  # routed parameters survive clone and set_params
    assert again.get_params()["optimizer__momentum"] == 0.9
    again.set_params(optimizer__momentum=0.5)
    assert again.fit(X, y).net_.optimizer_.param_groups[0]["momentum"] == 0.5
    # the same seed and settings give the same predictions
    np.testing.assert_array_equal(reg.predict(X[:5]), clone(reg).fit(X, y).predict(X[:5]))
    # and SGD with momentum learns: better than predicting the mean
    assert np.mean((reg.predict(X) - y) ** 2) < np.var(y)


@pytest.mark.parametrize(
    "routed, own",
    [({"module__dropout": 0.1}, "dropout"), ({"optimizer__weight_decay": 1e-3}, "weight_decay"),
     ({"optimizer__lr": 0.1}, "lr"), ({"module__hidden_size": 8}, "hidden_size")],
)
def test_routed_duplicates_name_the_own_parameter(windows, routed, own):
    X, y = windows
    name, value = next(iter(routed.items()))
    match = rf"RNNRegressor: {name}={value!r} duplicates a parameter of RNNRegressor: use RNNRegressor's own {own}=\.\.\. instead"
    with pytest.raises(ValueError, match=match):
        RNNRegressor(**{**TINY, **routed}).fit(X, y)


def test_routed_input_size_is_set_from_the_data(windows):
    X, y = windows
    with pytest.raises(ValueError, match=r"module__input_size=3 duplicates .* it is set from the data"):
        RNNRegressor(module__input_size=3, **TINY).fit(X, y)


def test_unknown_routing_prefix_is_refused(windows):
    X, y = windows
    with pytest.raises(ValueError, match=r"routed parameters must start with one of \['callbacks__', 'criterion__', 'module__', 'optimizer__'\], got iterator__seed=1"):
        RNNRegressor(iterator__seed=1, **TINY).fit(X, y)


def test_callbacks_routed_parameters_reach_the_callback(windows):
    # skorch's callbacks__<name>__<parameter>, as a grid search sets it
    X, y = windows
    # an improvement counts only when it cuts the validation loss by half
    params = dict(callbacks=[("es", EarlyStopping(patience=1000, threshold=0.5))],
                  validation_fraction=0.25,
                  **{**TINY, "max_epochs": 60})
    patient = RNNRegressor(**params).fit(X, y)
    reg = RNNRegressor(callbacks__es__patience=1, **params).fit(X, y)
    assert dict(reg.net_.callbacks_)["es"].patience == 1
    assert len(reg.history) < len(patient.history) == 60
    again = clone(reg).set_params(callbacks__es__patience=1000)
    assert again.get_params()["callbacks__es__patience"] == 1000
    assert len(again.fit(X, y).history) == 60


@pytest.mark.parametrize("routed, match", [
    ({"callbacks__es__patience": 2}, r"RNNRegressor: callbacks__es__patience=2 must be "
     r"callbacks__<name>__<parameter> with <name> one of the callbacks given in callbacks=.*"
     r"got callbacks=\['EarlyStopping'\]"),
    ({"callbacks__EarlyStopping__patiense": 2}, r"callbacks__EarlyStopping__patiense=2 is not "
     r"a parameter of the callback 'EarlyStopping' \(EarlyStopping\).* Did you mean "
     r"callbacks__EarlyStopping__patience\?"),
])
def test_callbacks_routed_parameters_errors(windows, routed, match):
    X, y = windows
    with pytest.raises(ValueError, match=match):
        RNNRegressor(callbacks=[EarlyStopping()], validation_fraction=0.25, **routed,
                     **TINY).fit(X, y)


@pytest.mark.parametrize("callback, monitor", [(EarlyStopping(), "valid_loss"),
                                               (Checkpoint(dirname="unused"), "valid_loss_best")])
def test_validation_callbacks_need_a_validation_split(windows, callback, monitor):
    X, y = windows
    match = rf"the callback {type(callback).__name__} monitors '{monitor}', but there is no validation split: validation_fraction=None"
    with pytest.raises(ValueError, match=match):
        RNNRegressor(callbacks=[callback], **TINY).fit(X, y)
    stopped = RNNRegressor(callbacks=[EarlyStopping(patience=1)], validation_fraction=0.25,
                           **{**TINY, "max_epochs": 50}).fit(X, y)
    assert "valid_loss" in stopped.history_[-1]


def test_user_lr_scheduler_is_not_silently_overridden(windows):
    X, y = windows
    scheduler = LRScheduler(policy="StepLR", step_size=1, gamma=0.5)
    with pytest.raises(ValueError, match=r"LRScheduler sets the learning rate, but lr_schedule='cosine' sets it too .* Set lr_schedule='constant'"):
        RNNRegressor(callbacks=[scheduler], lr_schedule="cosine", **TINY).fit(X, y)
    reg = RNNRegressor(callbacks=[scheduler], lr=0.01, **TINY).fit(X, y)  # constant: the user's
    assert reg.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(0.01 * 0.5**3)
    with pytest.raises(ValueError, match=r"RNNForecaster: the callback LRScheduler sets the "
                                         r"learning rate, but lr_schedule='cosine' sets it too"):
        RNNForecaster(callbacks=[scheduler], max_steps=5).fit(load_shampoo(), fh=[1])
    with pytest.raises(ValueError, match=r"RNNForecaster: the callback EarlyStopping monitors "
                                         r"'valid_loss', but there is no validation split"):
        RNNForecaster(callbacks=[EarlyStopping()], max_steps=5).fit(load_shampoo(), fh=[1])


def test_partial_fit_and_warm_start_continue_training(windows):
    X, y = windows
    reg = RNNRegressor(**TINY).fit(X, y)
    epochs = len(reg.history_)
    first = [p.detach().clone() for p in reg.net_.module_.parameters()]
    optimizer = reg.net_.optimizer_
    reg.partial_fit(X, y)
    assert len(reg.history_) == 2 * epochs  # the history goes on
    assert reg.net_.optimizer_ is optimizer  # the optimizer's state is kept
    assert any(not torch.equal(a, b) for a, b in zip(first, reg.net_.module_.parameters()))
    warm = RNNRegressor(warm_start=True, **TINY).fit(X, y).fit(X, y)
    assert len(warm.history_) == 2 * epochs
    np.testing.assert_allclose(warm.predict(X[:5]), reg.predict(X[:5]), rtol=1e-5)
    cold = RNNRegressor(**TINY).fit(X, y).fit(X, y)
    assert len(cold.history_) == epochs  # without warm_start, fit starts again
    # a first partial_fit is a fit; training longer fits the windows better
    assert len(RNNRegressor(**TINY).partial_fit(X, y).history_) == epochs
    assert np.mean((reg.predict(X) - y) ** 2) < np.mean((cold.predict(X) - y) ** 2)


def test_partial_fit_refuses_new_shapes(windows):
    X, y = windows
    reg = RNNRegressor(**TINY).fit(X, y)
    with pytest.raises(ValueError, match=r"RNNRegressor: partial_fit \(and fit with warm_start=True\) needs windows of shape \(N, 12, 1\) and 1 target\(s\) per row as in the first fit, got X of shape \(\d+, 12, 1\) and 2 target\(s\)"):
        reg.partial_fit(X, np.stack([y, y], axis=1))


def test_partial_fit_applies_the_training_parameters_set_since_the_fit(windows):
    # set_params between warm fits used to be ignored silently: get_params described a
    # learning rate and a budget the network never trained with
    X, y = windows
    reg = RNNRegressor(warm_start=True, **TINY).fit(X, y)
    before = reg.predict(X)
    reg.set_params(lr=1e-30, max_epochs=2)  # steps far below float32 precision: no move
    reg.fit(X, y)
    assert reg.net_.optimizer_.param_groups[0]["lr"] == 1e-30
    assert len(reg.history_) == TINY["max_epochs"] + 2  # the history goes on, 2 more epochs
    np.testing.assert_array_equal(reg.predict(X), before)  # the same weights, carried over
    reg.set_params(lr=0.05, optimizer__betas=(0.5, 0.9))
    reg.partial_fit(X, y)
    group = reg.net_.optimizer_.param_groups[0]
    assert group["lr"] == 0.05 and group["betas"] == (0.5, 0.9)
    assert not np.array_equal(reg.predict(X), before)  # and training goes on from them
    assert reg.net_params_["lr"] == 0.05
    # without changes, the optimizer and its state are the fitted ones
    optimizer = reg.net_.optimizer_
    reg.partial_fit(X, y)
    assert reg.net_.optimizer_ is optimizer


@pytest.mark.parametrize("change, said", [
    ({"cell": "lstm"}, "cell from 'gru' to 'lstm'"),
    ({"hidden_size": 8, "num_layers": 2}, "hidden_size from 4 to 8, num_layers from 1 to 2"),
    ({"loss": "absolute_error"}, "loss from 'squared_error' to 'absolute_error'"),
    ({"module__raw_features": 1}, "module__raw_features from None to 1"),
])
def test_partial_fit_refuses_a_new_network_shape_or_loss(windows, change, said):
    X, y = windows
    reg = RNNRegressor(warm_start=True, **TINY).fit(X, y)
    reg.set_params(**change)
    message = (r"RNNRegressor: partial_fit \(and fit with warm_start=True\) trains the fitted "
               r"network further, so the parameters that shape it and its loss cannot change, "
               rf"got {said} since it was fitted")
    for train_further in (reg.fit, reg.partial_fit):
        with pytest.raises(ValueError, match=message):
            train_further(X, y)
    fresh = clone(reg).set_params(warm_start=False)  # a new network takes them
    if "module__raw_features" not in change:
        fresh.fit(X, y)


@pytest.mark.parametrize("routed, message", [
    ({"module__hiden": 8}, r"module__hiden=8 is not a parameter of RNNNet, which takes "
                           r"\['distribution', 'n_quantiles', 'n_targets', 'raw_features'\] "
                           r"this way. Did you mean RNNRegressor's own hidden_size=\.\.\.\?"),
    ({"optimizer": torch.optim.SGD, "optimizer__momentun": 0.9},
     r"optimizer__momentun=0.9 is not a parameter of SGD, which takes \[.*'momentum'.*\] "
     r"this way. Did you mean optimizer__momentum\?"),
])
def test_a_misspelt_routed_parameter_is_named_with_what_it_may_be(windows, routed, message):
    # torch's "RNNNet.__init__() got an unexpected keyword argument 'hiden'" before
    X, y = windows
    with pytest.raises(ValueError, match=rf"RNNRegressor: {message}"):
        RNNRegressor(**routed, **TINY).fit(X, y)


@pytest.mark.parametrize(
    "given, use",
    [({"train_split": None}, "validation_fraction"), ({"criterion": torch.nn.L1Loss}, "loss"),
     ({"iterator_train__shuffle": False}, "batch_size")],
)
def test_skorch_spellings_name_the_parameter_to_use(windows, given, use):
    X, y = windows
    name = next(iter(given))
    with pytest.raises(ValueError, match=rf"RNNRegressor: {name}=.* is a skorch NeuralNet "
                                         rf"parameter that RNNRegressor does not take; use {use}="):
        RNNRegressor(**{**TINY, **given}).fit(X, y)
    # and in set_params (sklearn's "Invalid parameter" listed every name instead)
    with pytest.raises(ValueError, match=rf"RNNRegressor: {name}=.* is a skorch NeuralNet "
                                         rf"parameter that RNNRegressor does not take; use {use}="):
        RNNRegressor(**TINY).set_params(**given)


def test_skorch_net_attributes_on_the_regressor(windows, tmp_path):
    X, y = windows
    reg = RNNRegressor(**TINY)
    with pytest.raises(AttributeError, match=r"RNNRegressor has no 'history' before fit: fit "
                                             r"makes the skorch net, net_"):
        reg.history
    with pytest.raises(AttributeError, match="'RNNRegressor' object has no attribute 'histroy'"):
        reg.histroy
    # skorch's net.initialize() before fit: the net's input size comes from X, in fit
    with pytest.raises(AttributeError, match=r"RNNRegressor has no 'initialize' before fit: "
                                             r"fit makes the skorch net"):
        reg.initialize()
    reg.fit(X, y)
    assert len(reg.history) == TINY["max_epochs"] and reg.history is reg.net_.history
    assert reg.module_ is reg.net_.module_ and reg.optimizer_ is reg.net_.optimizer_
    # skorch's save_params / load_params: a second regressor fitted on data of the same
    # shape (another seed) predicts as the first once it loads the first's parameters
    reg.save_params(f_params=tmp_path / "params.pt")
    other = RNNRegressor(**{**TINY, "random_state": 1}).fit(X, y)
    assert not np.allclose(other.predict(X[:5]), reg.predict(X[:5]))
    other.load_params(f_params=tmp_path / "params.pt")
    np.testing.assert_allclose(other.predict(X[:5]), reg.predict(X[:5]), rtol=1e-6)
    assert not hasattr(clone(reg), "history")  # clone: unfitted again


def test_epoch_scoring_scores_the_validation_windows(windows):
    # skorch's scoring callbacks hand predict the validation dataset itself
    from skorch.callbacks import EpochScoring

    X, y = windows
    reg = RNNRegressor(validation_fraction=0.2, callbacks=[
        EpochScoring("r2", lower_is_better=False),
        EpochScoring("neg_mean_absolute_error", on_train=True, name="train_mae"),
    ], **{**TINY, "max_epochs": 8}).fit(X, y)
    r2 = [row["r2"] for row in reg.history_]
    assert len(r2) == 8 and np.isfinite(r2).all() and r2[-1] > r2[0]
    assert all(row["train_mae"] < 0 for row in reg.history_)
    f = RNNForecaster(validation_fraction=0.2, callbacks=[EpochScoring("r2", lower_is_better=False)],
                      **TINY).fit(load_shampoo(), fh=[1, 2])
    assert np.isfinite([row["r2"] for row in f.regressor_.history_]).all()


def test_dropout_with_one_layer_warns_that_it_does_nothing(windows):
    import warnings

    X, y = windows
    match = (r"RNNRegressor: dropout=0.2 has no effect with num_layers=1: dropout acts between "
             r"stacked recurrent layers")
    with pytest.warns(UserWarning, match=match):
        one = RNNRegressor(dropout=0.2, **TINY).fit(X, y)
    np.testing.assert_array_equal(one.predict(X[:5]), RNNRegressor(**TINY).fit(X, y).predict(X[:5]))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*dropout")
        two = RNNRegressor(dropout=0.2, num_layers=2, **TINY).fit(X, y)
    assert not np.allclose(two.predict(X[:5]),
                           RNNRegressor(num_layers=2, **TINY).fit(X, y).predict(X[:5]))
    with pytest.warns(UserWarning, match=r"RNNForecaster: dropout=0.5 has no effect with "
                                         r"num_layers=1"):
        RNNForecaster(dropout=0.5, **TINY).fit(load_shampoo(), fh=[1, 2])


def test_anchor_without_normalize_warns_that_it_does_nothing(windows):
    X, y = windows
    with pytest.warns(UserWarning, match=r"RNNRegressor: anchor='last' has no effect with "
                                         r"normalize=False"):
        last = RNNRegressor(anchor="last", **TINY).fit(X, y)
    np.testing.assert_array_equal(last.predict(X[:5]), RNNRegressor(**TINY).fit(X, y).predict(X[:5]))
    with pytest.warns(UserWarning, match=r"RNNForecaster: anchor='last' has no effect") as seen:
        RNNForecaster(anchor="last", normalize=False, **TINY).fit(load_shampoo(), fh=[1, 2])
    # the forecaster's own warning, not its networks'
    assert not [w for w in seen if str(w.message).startswith("RNNRegressor: anchor")]


def test_the_last_epoch_of_a_step_budget_is_recorded_and_validated(windows):
    # the budget's last step interrupted its epoch: no train_loss, no validation, no
    # early-stopping check and no log line for it (a progress bar ended at 29/30)
    X, y = windows
    reg = RNNRegressor(max_steps=7, batch_size=32, max_epochs=None, random_state=0,
                       hidden_size=4, validation_fraction=0.2).fit(X, y)
    per_epoch = -(-(len(X) - round(0.2 * len(X))) // 32)
    assert len(reg.history_) == -(-7 // per_epoch)
    last = reg.history_[-1]
    assert {"train_loss", "valid_loss", "train_batch_count"} <= set(last)
    assert sum(row["train_batch_count"] for row in reg.history_) == 7
    # the steps themselves are unchanged: the same weights as seven steps in one go
    assert dict(reg.net_.callbacks_)["schedule"].steps_ == 7


def test_a_criterion_parameter_of_another_loss_is_named(windows):
    # torch's "_Loss.__init__() got an unexpected keyword argument 'delta'" before
    X, y = windows
    with pytest.raises(ValueError, match=r"RNNRegressor: criterion__delta=0.3 is not a parameter "
                                         r"of MSELoss, .* It is a parameter of loss='huber'"):
        RNNRegressor(criterion__delta=0.3, **TINY).fit(X, y)
    RNNRegressor(loss="huber", criterion__delta=0.3, **TINY).fit(X, y)
