"""Behaviour of RNNRegressor on windows of the airline series and of a sine wave."""

import pickle
import sys

import numpy as np
import pandas as pd
import pytest
import torch
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from skorch.callbacks import Callback, EarlyStopping, GradientNormClipping

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.regression import EpochProgress
from rnnforecast.datasets import load_airline
from rnnforecast.exceptions import TrainingDivergedError

#: Tiny and quick: a few gradient steps of a 4-unit network.
FAST = dict(hidden_size=4, max_epochs=2, batch_size=64)


@pytest.fixture
def airline_windows():
    """Windows of the standardised log airline series: X (131, 12), y (131,)."""
    series = np.log(load_airline().to_numpy())
    series = (series - series.mean()) / series.std()
    return sliding_window_view(series[:-1], 12), series[12:]


class Spy(Callback):
    """Records the datasets of each epoch and the gradient norm of each step."""

    def initialize(self):
        self.datasets, self.grad_norms = [], []
        return self

    def on_epoch_begin(self, net, dataset_train=None, dataset_valid=None, **kwargs):
        self.datasets.append((dataset_train, dataset_valid))

    def on_grad_computed(self, net, named_parameters, **kwargs):
        grads = [p.grad.norm() for _, p in named_parameters if p.grad is not None]
        self.grad_norms.append(torch.stack(grads).norm().item())


# --- model selection on a real series ------------------------------------------


def test_grid_search_over_architectures(airline_windows, seed):
    X, y = airline_windows
    grid = {"cell": ["rnn", "lstm", "gru"], "hidden_size": [2, 4], "num_layers": [1, 2]}
    search = GridSearchCV(
        RNNRegressor(max_epochs=3, batch_size=32, lr=1e-2, random_state=seed),
        grid,
        cv=TimeSeriesSplit(n_splits=2),
        scoring="neg_mean_squared_error",
    ).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert len(scores) == 12
    assert np.isfinite(scores).all()
    assert search.best_params_["cell"] in grid["cell"]
    assert search.predict(X[-5:]).shape == (5,)


# --- reproducibility ------------------------------------------------------------


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_same_seed_same_predictions(sine_windows, seed, cell):
    X, y = sine_windows
    params = dict(FAST, cell=cell, num_layers=2, dropout=0.3, batch_size=32)

    def predictions(random_state):
        return RNNRegressor(**params, random_state=random_state).fit(X, y).predict(X)

    first, again, other = predictions(seed), predictions(seed), predictions(seed + 1)
    assert np.array_equal(first, again)
    assert not np.allclose(first, other)


def test_predict_follows_the_weights_after_further_training_or_loading(
        airline_windows, seed, tmp_path):
    # predict runs a float64 copy of the module, kept between calls: it must follow
    # the weights whenever they change (partial_fit, load_params, set by hand)
    X, y = airline_windows
    reg = RNNRegressor(**FAST, random_state=seed).fit(X, y)
    before = reg.predict(X)
    np.testing.assert_array_equal(reg.predict(X), before)  # kept: the same numbers
    reg.net_.save_params(f_params=tmp_path / "params.pt")
    reg.partial_fit(X, y)
    trained = reg.predict(X)
    assert not np.allclose(trained, before)
    fresh = RNNRegressor(**FAST, random_state=seed + 1).fit(X, y)
    fresh.net_.load_params(f_params=tmp_path / "params.pt")
    np.testing.assert_allclose(fresh.predict(X), before, rtol=1e-12)
    with torch.no_grad():
        next(reg.net_.module_.parameters()).zero_()
    assert not np.allclose(reg.predict(X), trained)


def test_fit_leaves_global_torch_rng_alone(sine_windows, seed):
    X, y = sine_windows
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    RNNRegressor(**FAST, random_state=seed).fit(X, y)
    assert torch.equal(torch.rand(3), expected)


# --- shapes and input types ------------------------------------------------------


@pytest.mark.parametrize("n_features", [None, 1, 3])
@pytest.mark.parametrize("horizon", [None, 1, 4])
def test_output_shape_follows_y(seed, n_features, horizon):
    rng = np.random.RandomState(seed)
    X = rng.randn(50, 8) if n_features is None else rng.randn(50, 8, n_features)
    y = rng.randn(50) if horizon is None else rng.randn(50, horizon)
    reg = RNNRegressor(**FAST, random_state=seed).fit(X, y)
    assert reg.predict(X[:7]).shape == (7,) + y.shape[1:]
    assert reg.predict(X[:7]).dtype == np.float64
    assert reg.input_shape_ == (8, n_features or 1)
    assert reg.n_features_in_ == 8
    assert reg.n_outputs_ == (horizon or 1)


def test_pandas_float32_and_float64_give_the_same_fit(sine_windows, seed):
    X, y = sine_windows
    X32 = X.astype(np.float32)
    y32 = y.astype(np.float32)
    reference = RNNRegressor(**FAST, random_state=seed).fit(X32, y32).predict(X32)
    for X_, y_ in [
        (X32.astype(np.float64), y32.astype(np.float64)),
        (pd.DataFrame(X32.astype(np.float64)), pd.Series(y32.astype(np.float64))),
    ]:
        reg = RNNRegressor(**FAST, random_state=seed).fit(X_, y_)
        assert np.array_equal(reg.predict(X_), reference)


def test_strided_window_view_is_used_without_copy(seed):
    series = np.sin(np.arange(300) / 5)
    X = sliding_window_view(series[:-1], 24)  # read-only, overlapping rows
    assert not X.flags.writeable
    spy = Spy()
    reg = RNNRegressor(**FAST, random_state=seed, callbacks=[("spy", spy)])
    reg.fit(X, series[24:])
    dataset_train, _ = spy.datasets[0]
    assert dataset_train.lazy
    assert np.shares_memory(dataset_train.X, series)
    assert reg.predict(X).shape == (len(X),)


# --- time-ordered validation, early stopping -------------------------------------


def test_validation_rows_are_the_latest(sine_windows, seed):
    X, y = sine_windows
    spy = Spy()
    reg = RNNRegressor(
        **FAST, validation_fraction=0.25, random_state=seed, callbacks=[("spy", spy)]
    ).fit(X, y)
    n_valid = round(0.25 * len(X))
    dataset_train, dataset_valid = spy.datasets[0]
    assert np.array_equal(dataset_valid.y.numpy().ravel(), y[-n_valid:].astype(np.float32))
    assert np.array_equal(dataset_train.y.numpy().ravel(), y[:-n_valid].astype(np.float32))
    for epoch in reg.history_:
        batches = epoch["batches"]
        assert sum(b.get("valid_batch_size", 0) for b in batches) == n_valid
        assert sum(b.get("train_batch_size", 0) for b in batches) == len(X) - n_valid


def test_early_stopping_restores_best_weights(sine_windows, seed):
    X, y = sine_windows
    reg = RNNRegressor(
        hidden_size=8,
        max_epochs=60,
        batch_size=32,
        lr=0.05,
        validation_fraction=0.3,
        patience=2,
        random_state=seed,
    ).fit(X, y)
    history = reg.history_
    stopper = dict(reg.net_.callbacks_)["early_stopping"]
    assert isinstance(stopper, EarlyStopping) and stopper.load_best
    assert len(history) < 60  # stopped early
    valid_losses = history[:, "valid_loss"]
    assert valid_losses[-1] > min(valid_losses)  # the last epoch was not the best
    assert history[stopper.best_epoch_ - 1, "valid_loss_best"]
    # The restored network has the best validation loss, not the last one.
    n_valid = round(0.3 * len(X))
    scale = reg.data_scale_[3][0]  # the losses are on the standardised scale
    mse = np.mean(((reg.predict(X[-n_valid:]) - y[-n_valid:]) / scale) ** 2)
    assert mse == pytest.approx(min(valid_losses), rel=1e-4)


# --- gradient clipping ---------------------------------------------------------


def test_gradient_clipping_on_by_default(sine_windows, seed):
    X, y = sine_windows
    callbacks = dict(RNNRegressor(**FAST, random_state=seed).fit(X, y).net_.callbacks_)
    assert isinstance(callbacks["clip"], GradientNormClipping)
    assert callbacks["clip"].gradient_clip_value == 1.0
    reg = RNNRegressor(**FAST, clip_grad_norm=None, random_state=seed).fit(X, y)
    assert not any(
        isinstance(cb, GradientNormClipping) for _, cb in reg.net_.callbacks_
    )


@pytest.mark.parametrize("clip_grad_norm", [1e-3, None])
def test_gradient_norm_is_clipped(sine_windows, seed, clip_grad_norm):
    X, y = sine_windows
    spy = Spy()  # runs after the clipping callback
    RNNRegressor(
        **FAST, clip_grad_norm=clip_grad_norm, random_state=seed, callbacks=[("spy", spy)]
    ).fit(X, 100 * y)
    if clip_grad_norm is None:
        assert max(spy.grad_norms) > 1.0
    else:
        assert max(spy.grad_norms) <= clip_grad_norm * (1 + 1e-4)


# --- device ---------------------------------------------------------------------


def test_device_auto(sine_windows, seed):
    X, y = sine_windows
    reg = RNNRegressor(**FAST, random_state=seed).fit(X, y)
    assert reg.device_ == ("cuda" if torch.cuda.is_available() else "cpu")
    assert next(reg.net_.module_.parameters()).device.type == reg.device_


@pytest.mark.parametrize("device", ["cpu:0", torch.device("cpu", 0)])
def test_a_numbered_cpu_is_the_cpu(sine_windows, seed, device):
    # "cpu:0" passed the checks, then went to torch's fork_rng as a CUDA device
    X, y = sine_windows
    reg = RNNRegressor(**FAST, device=device, random_state=seed).fit(X, y)
    np.testing.assert_array_equal(
        reg.predict(X[:5]), RNNRegressor(**FAST, device="cpu", random_state=seed).fit(X, y)
        .predict(X[:5]))
    reg.partial_fit(X, y)  # warm-started training forks the same devices
    forecaster = RNNForecaster(device=device, max_steps=5, random_state=seed)
    assert len(forecaster.fit(load_airline(), fh=[1]).predict()) == 1


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_cuda_is_a_clear_error(sine_windows):
    X, y = sine_windows
    with pytest.raises(ValueError, match=r"device='cuda'.*no CUDA device.*'auto'"):
        RNNRegressor(**FAST, device="cuda").fit(X, y)


def test_unknown_device_is_a_clear_error(sine_windows):
    X, y = sine_windows
    with pytest.raises(ValueError, match=r"device must be .*got 'banana'"):
        RNNRegressor(**FAST, device="banana").fit(X, y)


@pytest.mark.parametrize(
    "device, reason",
    [
        ("mps", "torch finds no MPS device"),
        ("meta", "torch cannot train on a 'meta' device"),
        ("xla", "torch cannot train on a 'xla' device"),
    ],
)
def test_devices_torch_cannot_use_here_are_named(sine_windows, device, reason):
    if device == "mps" and torch.backends.mps.is_available():
        pytest.skip("MPS is available here")
    X, y = sine_windows
    match = rf"RNNRegressor: device='{device}' cannot be used here \({reason}\): device must be one of 'auto', 'cpu'.*got '{device}'"
    with pytest.raises(ValueError, match=match):
        RNNRegressor(**FAST, device=device).fit(X, y)


@pytest.mark.parametrize("where", ["X", "y"])
def test_values_beyond_float32_are_refused(sine_windows, where):
    """Issue 12: 1e39 is finite in float64 but inf in the network's float32."""
    X, y = sine_windows
    X, y = (_with(X, (3, 2), 1e39), y) if where == "X" else (X, _with(y, 3, -1e39))
    match = rf"RNNRegressor: {where} must be within the float32 range .*got -?1e\+39 at row 3"
    with pytest.raises(ValueError, match=match):
        RNNRegressor(**FAST).fit(X, y)
    fitted = RNNRegressor(**FAST).fit(*sine_windows)
    if where == "X":
        with pytest.raises(ValueError, match=match):
            fitted.predict(X)


def test_none_in_object_y_is_refused_before_training(sine_windows):
    X, y = sine_windows
    y = y.astype(object)
    y[5] = None
    with pytest.raises(ValueError, match=r"RNNRegressor: y must be numeric without missing values, got None at row 5"):
        RNNRegressor(**FAST).fit(X, y)


@pytest.mark.gpu
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_cuda_fit_matches_cpu(sine_windows, seed, cell):
    X, y = sine_windows
    params = dict(FAST, cell=cell, max_epochs=3, random_state=seed)
    cpu = RNNRegressor(**params, device="cpu").fit(X, y)
    cuda = RNNRegressor(**params, device="cuda").fit(X, y)
    assert cuda.device_ == "cuda"
    assert next(cuda.net_.module_.parameters()).is_cuda
    np.testing.assert_allclose(cuda.predict(X), cpu.predict(X), rtol=1e-3, atol=1e-4)


# --- verbosity ------------------------------------------------------------------


@pytest.mark.parametrize("validation_fraction", [None, 0.3])
def test_verbose_0_prints_nothing(sine_windows, seed, capsys, validation_fraction):
    X, y = sine_windows
    reg = RNNRegressor(
        **dict(FAST, max_epochs=4),
        lr=0.5,  # so that early stopping stops and restores, silently
        validation_fraction=validation_fraction,
        patience=1,
        random_state=seed,
    ).fit(X, y)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    if validation_fraction is not None:
        assert dict(reg.net_.callbacks_)["early_stopping"].best_epoch_ < len(reg.history_)


def test_verbose_1_logs_each_epoch(sine_windows, seed, capsys):
    X, y = sine_windows
    RNNRegressor(
        **dict(FAST, max_epochs=3), validation_fraction=0.2, verbose=1, random_state=seed
    ).fit(X, y)
    captured = capsys.readouterr()
    assert "train_loss" in captured.out and "valid_loss" in captured.out
    epochs = [line.split()[0] for line in captured.out.splitlines()[2:]]
    assert epochs == ["1", "2", "3"]
    assert "it/s" in captured.err or "train_loss=" in captured.err  # progress bar


@pytest.mark.parametrize("file", ["the stream", "stdout", None])
def test_a_progress_bar_on_a_standard_stream_clones_and_pickles(sine_windows, file, capsys):
    # a stream cannot be deep-copied: sklearn's clone of a regressor with
    # EpochProgress(file=sys.stdout) raised "cannot pickle '_io.TextIOWrapper'", and so
    # did pickling it once fitted
    X, y = sine_windows
    file = sys.stdout if file == "the stream" else file  # capsys's, read at the test's start
    reg = RNNRegressor(**dict(FAST, max_epochs=2), random_state=0,
                       callbacks=[("bar", EpochProgress(file=file))])
    fitted = clone(reg).fit(X, y)
    out, err = capsys.readouterr()
    drawn_on = err if file is None else out
    assert "epoch" in drawn_on
    loaded = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(loaded.predict(X), fitted.predict(X))
    kept = clone(loaded).get_params()["callbacks"][0][1].file  # a stream by its name
    assert kept == ("stdout" if file is sys.stdout else file)
    loaded.fit(X, y)  # the loaded bar draws where the original did
    out, err = capsys.readouterr()
    assert "epoch" in (err if file is None else out)


def test_a_progress_bar_clone_shares_its_open_file(sine_windows, tmp_path):
    X, y = sine_windows
    with open(tmp_path / "log.txt", "w") as log:
        bar = EpochProgress(file=log)
        copied = clone(bar)
        assert copied.file is log and copied is not bar
        RNNRegressor(**dict(FAST, max_epochs=2), callbacks=[("bar", copied)]).fit(X, y)
    assert "2/2" in (tmp_path / "log.txt").read_text()


def test_a_progress_bar_refuses_an_unknown_stream_name(sine_windows):
    X, y = sine_windows
    reg = RNNRegressor(**dict(FAST, max_epochs=1),
                       callbacks=[("bar", EpochProgress(file="stdoot"))])
    with pytest.raises(ValueError, match="file must be a writable stream, 'stdout', 'stderr' "
                                         "or None; got 'stdoot'"):
        reg.fit(X, y)


# --- divergence -------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")
@pytest.mark.parametrize(
    "scale_X, scale_y, params",
    [
        (1.0, 1.0, {"lr": 1e20, "clip_grad_norm": None}),  # absurd steps
        # (targets of 1e20, whose squared error overflowed float32, train since the
        # data are standardised as a whole)
    ],
    ids=["huge-lr"],
)
def test_divergence_raises(sine_windows, seed, scale_X, scale_y, params):
    X, y = sine_windows
    reg = RNNRegressor(**dict(FAST, **params), random_state=seed)
    with pytest.raises(TrainingDivergedError, match=r"training diverged in epoch 1 \(loss="):
        reg.fit(X * scale_X, y * scale_y)
    assert issubclass(TrainingDivergedError, FloatingPointError)


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, match",
    [
        ({"cell": "transformer"}, r"'cell' parameter.*'gru'.*Got 'transformer'"),
        ({"hidden_size": 0}, r"'hidden_size' parameter.*Got 0"),
        ({"hidden_size": 1.5}, r"'hidden_size' parameter.*Got 1.5"),
        ({"num_layers": 0}, r"'num_layers' parameter.*Got 0"),
        ({"step_length": -1}, r"'step_length' parameter.*Got -1"),
        ({"max_epochs": 0}, r"'max_epochs' parameter.*Got 0"),
        ({"batch_size": 0}, r"'batch_size' parameter.*Got 0"),
        ({"dropout": 1.0}, r"'dropout' parameter.*\[0.0, 1.0\).*Got 1.0"),
        ({"dropout": -0.1}, r"'dropout' parameter.*Got -0.1"),
        ({"validation_fraction": 1.0}, r"'validation_fraction' parameter.*Got 1.0"),
        ({"lr": 0}, r"'lr' parameter.*Got 0"),
    ],
)
def test_bad_parameter(sine_windows, params, match):
    X, y = sine_windows
    with pytest.raises(ValueError, match=match):
        RNNRegressor(**params).fit(X, y)


def test_bad_cell_lists_the_valid_cells(sine_windows):
    X, y = sine_windows
    with pytest.raises(ValueError) as info:
        RNNRegressor(cell="transformer").fit(X, y)
    assert all(name in str(info.value) for name in ["'rnn'", "'lstm'", "'gru'"])


def _with(array, index, value):
    array = np.array(array, dtype=float)
    array[index] = value
    return array


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda X, y: (X[:, 0], y), r"X must have shape \(N, L\).*got 1-D.*Reshape"),
        (lambda X, y: (X[:, :, None, None], y), r"X must have shape.*\(148, 12, 1, 1\)"),
        (lambda X, y: (X, y[:-1]), r"inconsistent numbers of samples: \[148, 147\]"),
        (lambda X, y: (_with(X, (3, 4), np.nan), y), r"Input X contains NaN"),
        (lambda X, y: (_with(X, (3, 4), np.inf), y), r"Input X contains infinity"),
        (lambda X, y: (X, _with(y, 5, np.nan)), r"Input y contains NaN"),
        (lambda X, y: (X, _with(y, 5, -np.inf)), r"Input y contains infinity"),
        (lambda X, y: (np.full(X.shape, "a"), y), r"X and y must be numeric"),
        (lambda X, y: (X, np.full(y.shape, "a")), r"X and y must be numeric"),
    ],
    ids=["1d-X", "4d-X", "length", "nan-X", "inf-X", "nan-y", "inf-y", "str-X", "str-y"],
)
def test_bad_data(sine_windows, make, match):
    X, y = make(*sine_windows)
    with pytest.raises(ValueError, match=match):
        RNNRegressor(**FAST).fit(X, y)


def test_predict_before_fit(sine_windows):
    X, _ = sine_windows
    with pytest.raises(NotFittedError, match="RNNRegressor instance is not fitted"):
        RNNRegressor().predict(X)


def test_predict_on_windows_of_another_shape(sine_windows, seed):
    X, y = sine_windows
    reg = RNNRegressor(**FAST, random_state=seed).fit(X, y)
    # sklearn's own words ("X has 10 features") count the window length as features: the
    # shapes follow them
    with pytest.raises(ValueError, match=r"X has 10 features, but RNNRegressor is expecting 12 "
                                         r"features as input\. RNNRegressor: X has windows of "
                                         r"shape \(10, 1\) \(L, F\), but the regressor was "
                                         r"fitted on windows of shape \(12, 1\)"):
        reg.predict(X[:, :10])
    with pytest.raises(ValueError, match=r"windows of shape \(24, 2\).*fitted on.*\(12, 1\)"):
        reg.predict(np.stack([np.tile(X, 2), np.tile(X, 2)], axis=2))
    with pytest.raises(ValueError, match=r"windows of shape \(12, 2\).*fitted on.*\(12, 1\)"):
        reg.predict(np.stack([X, X], axis=2))
    with pytest.raises(ValueError, match="Reshape your data"):
        reg.predict(X[0])


# --- persistence ----------------------------------------------------------------


def test_save_params_and_pickle_round_trip(sine_windows, seed, tmp_path):
    X, y = sine_windows
    reg = RNNRegressor(**FAST, cell="lstm", random_state=seed).fit(X, y)
    expected = reg.predict(X)

    reg.net_.save_params(f_params=tmp_path / "params.pt")
    other = RNNRegressor(**dict(FAST, max_epochs=1), cell="lstm", random_state=seed + 1)
    other.fit(X, y)
    assert not np.array_equal(other.predict(X), expected)
    other.net_.load_params(f_params=tmp_path / "params.pt")
    assert np.array_equal(other.predict(X), expected)

    assert np.array_equal(pickle.loads(pickle.dumps(reg)).predict(X), expected)


# --- step_length and normalize -----------------------------------------------


@pytest.mark.parametrize("step_length", [1, 3, 5, 12, 20])
@pytest.mark.parametrize("normalize", [False, True])
def test_step_length_and_normalize(sine_windows, seed, step_length, normalize):
    X, y = sine_windows  # L = 12: 5 and 20 do not divide it
    reg = RNNRegressor(
        **FAST, step_length=step_length, normalize=normalize, random_state=seed
    ).fit(X, y)
    assert reg.net_.module_.rnn.input_size == step_length
    y_pred = reg.predict(X)
    assert y_pred.shape == y.shape and np.isfinite(y_pred).all()


@pytest.mark.parametrize("step_length", [1, 5])
def test_normalize_is_scale_equivariant(airline_windows, seed, step_length):
    X, y = airline_windows
    X, y = X + 3.0, y + 3.0  # a positive series, as the raw airline one
    params = dict(FAST, max_epochs=5, normalize=True, step_length=step_length)
    small = RNNRegressor(**params, random_state=seed).fit(X, y)
    large = RNNRegressor(**params, random_state=seed).fit(1000 * X, 1000 * y)
    np.testing.assert_allclose(large.predict(1000 * X), 1000 * small.predict(X), rtol=1e-3)
    np.testing.assert_allclose(
        large.history_[:, "train_loss"], small.history_[:, "train_loss"], rtol=1e-3
    )


def test_without_normalize_the_data_is_standardised_as_a_whole(airline_windows, seed):
    # one mean and scale per feature and per output, measured in fit: a network fed
    # values in the thousands forecast about 10 for sales about 1,000 before
    X, y = airline_windows
    X, y = X + 3.0, y + 3.0
    params = dict(FAST, max_epochs=5, random_state=seed)
    small = RNNRegressor(**params).fit(X, y)
    large = RNNRegressor(**params).fit(1000 * X + 5000, 1000 * y + 5000)
    np.testing.assert_allclose(large.predict(1000 * X + 5000), 1000 * small.predict(X) + 5000,
                               rtol=1e-4)
    in_loc, in_scale, out_loc, out_scale = large.data_scale_
    np.testing.assert_allclose(out_loc, [np.mean(1000 * y + 5000)])
    np.testing.assert_allclose(out_scale, [np.std(1000 * y + 5000)])
    # levels stay apart: a window moved up by its own scale is no longer forecast as the
    # same shape moved up (normalize=True's windows are standardised one by one)
    lifted = small.predict(X[:5] + X[:5].std()) - small.predict(X[:5])
    assert not np.allclose(lifted, X[:5].std(), rtol=1e-3)
    # a module pickled before the scale, or built without it, feeds the windows as they are
    net = small.net_.module_
    assert net._data_scale() is not None
    raw = type(net)(input_size=1, output_size=1, hidden_size=4)
    assert raw._data_scale() is None
    raw.load_state_dict(net.state_dict())  # takes the scale with the weights
    np.testing.assert_allclose(raw(torch.tensor(X[:3, :, None], dtype=torch.float32))
                               .detach().numpy().ravel(), small.predict(X[:3]), rtol=1e-5)


def test_max_time_stops_after_the_first_epoch_past_it(sine_windows, seed):
    X, y = sine_windows
    reg = RNNRegressor(hidden_size=4, max_epochs=500, max_time=1e-6, random_state=seed).fit(X, y)
    assert len(reg.history_) == 1
    assert np.isfinite(reg.predict(X)).all()


def test_max_time_must_be_positive(sine_windows):
    X, y = sine_windows
    with pytest.raises(ValueError, match="'max_time' parameter of RNNRegressor must be"):
        RNNRegressor(max_time=0).fit(X, y)


def test_numpy_integer_parameters_from_a_grid(sine_windows, seed):
    X, y = sine_windows
    reg = RNNRegressor(
        hidden_size=np.int64(4), num_layers=np.int64(1), step_length=np.int64(3),
        max_epochs=2, random_state=seed,
    ).fit(X, y)
    assert reg.net_.module_.hidden_size == 4 and type(reg.net_.module_.hidden_size) is int


@pytest.mark.parametrize("threads", [1, 2])
def test_prediction_of_a_row_does_not_depend_on_its_batch(seed, threads):
    """Real data (airline windows): each row alone, in batches of any size, same value."""
    from rnnforecast.datasets import load_airline

    series = np.log(load_airline().to_numpy(dtype=float))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 12)
    y = series[12:]
    reg = RNNRegressor(hidden_size=16, max_epochs=3, batch_size=7, random_state=seed).fit(X, y)
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        whole = reg.predict(X)
        alone = np.array([reg.predict(X[i : i + 1])[0] for i in range(len(X))])
        reg.net_.batch_size = 1000  # one batch for all rows
        one_batch = reg.predict(X)
    finally:
        torch.set_num_threads(previous)
    # float64 inference: differences are float64 rounding, not float32's 1e-7
    np.testing.assert_allclose(alone, whole, rtol=1e-12, atol=0)
    np.testing.assert_allclose(one_batch, whole, rtol=1e-12, atol=0)


# --- padding_flag -------------------------------------------------------------


def test_padding_never_sets_a_windows_level(seed):
    """A padded copy of an old, far-off value must not move the forecast of a window."""
    import torch

    from rnnforecast.nn import RNNNet

    torch.manual_seed(seed)
    net = RNNNet(input_size=2, output_size=3, normalize=True, padding_flag=True).double()
    recent = torch.linspace(100, 110, 8, dtype=torch.float64)
    flag = torch.tensor([1.0, 1, 1, 0, 0, 0, 0, 0], dtype=torch.float64)
    low = torch.where(flag.bool(), torch.tensor(5000.0, dtype=torch.float64), recent)
    high = torch.where(flag.bool(), torch.tensor(-7.0, dtype=torch.float64), recent)
    x = torch.stack([torch.stack([v, flag], dim=1) for v in (low, high)])
    with torch.no_grad():
        out = net(x)
    torch.testing.assert_close(out[0], out[1])  # the padded values do not matter
    assert (out > 90).all() and (out < 120).all()  # the level of the observed values
    plain = RNNNet(input_size=2, output_size=3, normalize=True).double()
    with torch.no_grad():
        assert not torch.allclose(plain(x)[0], plain(x)[1])  # without the flag they do


def test_padding_flag_needs_a_flag_feature(sine_windows):
    X, y = sine_windows
    with pytest.raises(ValueError, match="padding_flag=True needs X with a padding flag"):
        RNNRegressor(padding_flag=True, max_epochs=1).fit(X[:, :, None] if X.ndim == 2 else X, y)
