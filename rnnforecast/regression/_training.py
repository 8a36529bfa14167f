"""skorch plumbing for fast, time-ordered training on arrays of windows.

skorch's defaults index a dataset one sample at a time and collate the
samples into batches, and validate on the *oldest* 20% of the rows. The
pieces here replace both:

- :class:`ArrayDataset` holds the windows as one tensor, or, when they are a
  strided view (see :mod:`rnnforecast.windows`), keeps the view and gathers
  each batch lazily, so that the (N, L, F) array is never materialised; it
  also serves the windows of a panel (:class:`rnnforecast.panel.PanelWindows`),
  gathering windows and targets of each batch from the padded series.
- :class:`BatchIterator` yields whole batches by slicing (no per-sample
  indexing, no collation), shuffled by a seeded generator.
- :class:`TailSplit` validates on the *latest* rows, in order.
- :func:`training_budget` and :func:`training_callbacks` turn an RNNRegressor's
  budget and training parameters into skorch's epochs and callbacks.
- :class:`RNNNet` is a ``NeuralNetRegressor`` that stops with a clear error
  when training diverges, computes the loss on the normalised scale when
  the module normalises its windows, reads each batch's loss once, and
  predicts in float64 so that a row's prediction does not depend on the
  other rows of its batch.
"""

import copy
import itertools
import math
import time
import weakref

import numpy as np
import torch
from skorch import NeuralNetRegressor
from skorch.callbacks import (
    Callback, EarlyStopping, EpochTimer, GradientNormClipping, PassthroughScoring, PrintLog,
)
from skorch.dataset import get_len

from ..exceptions import TrainingDivergedError
from ..nn import affine
from ..preprocessing import PanelWindows
from ._progress import EpochProgress
from ._routing import check_callbacks

__all__ = [
    "ArrayDataset",
    "StepSchedule",
    "BatchIterator",
    "TailSplit",
    "TrainingDivergedError",
    "RNNNetRegressor",
    "training_budget",
    "training_callbacks",
]


class ArrayDataset(torch.utils.data.Dataset):
    """Rows of ``X`` (and ``y``) that are served a batch at a time.

    A C-contiguous ``X`` is converted once to a float32 tensor (without a copy
    when it already is a writeable float32 array). Any other ``X`` (a strided
    view of overlapping windows) is kept as it is, and each batch is gathered
    and cast to float32 when it is asked for. A
    :class:`~rnnforecast.panel.PanelWindows` is kept too, and serves both the
    windows and the targets of each batch (``y`` is then None).
    """

    def __init__(self, X, y=None):
        self.lazy = isinstance(X, PanelWindows) or (
            isinstance(X, np.ndarray) and not X.flags.c_contiguous
        )
        self.X = X if self.lazy else _as_float_tensor(X)
        self.y = None if y is None else _as_float_tensor(y)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.batch(slice(i, i + 1)) if isinstance(i, int) else self.batch(i)

    def batch(self, index):
        """Rows ``index`` (a slice or an index tensor) as ``(X, y)`` tensors."""
        if isinstance(self.X, PanelWindows):
            rows = index.numpy() if isinstance(index, torch.Tensor) else index
            Xb, yb = self.X.take(rows)
            return torch.from_numpy(Xb), torch.from_numpy(yb)
        if self.lazy:
            rows = index.numpy() if isinstance(index, torch.Tensor) else index
            Xb = torch.from_numpy(np.ascontiguousarray(self.X[rows], dtype=np.float32))
        else:
            Xb = self.X[index]
        yb = None if self.y is None else self.y[index]
        return Xb, yb

    def subset(self, start, stop):
        """Rows ``start:stop`` as a new dataset sharing memory with this one."""
        part = ArrayDataset.__new__(ArrayDataset)
        part.lazy = self.lazy
        part.X = self.X[start:stop]
        part.y = None if self.y is None else self.y[start:stop]
        return part


def _as_float_tensor(a):
    if isinstance(a, torch.Tensor):
        return a.float()
    a = np.asarray(a)
    if a.dtype != np.float32 or not a.flags.writeable or not a.flags.c_contiguous:
        a = np.array(a, dtype=np.float32, order="C")
    return torch.from_numpy(a)


class BatchIterator:
    """Batches of an :class:`ArrayDataset`, in order or shuffled.

    Parameters
    ----------
    dataset : ArrayDataset
    batch_size : int
    shuffle : bool, default=False
        Draw a new permutation of the rows for every pass.
    seed : int or None, default=None
        Seed of the permutations; the same seed gives the same batches.
    device : str or None, default=None
        Move each batch to this device once, here (skorch's ``infer`` and
        the loss then find it there and copy nothing). None: leave it on the CPU.
    """

    def __init__(self, dataset, batch_size, shuffle=False, seed=None, device=None):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.device = None if device is None or str(device) == "cpu" else torch.device(device)
        self.generator = torch.Generator()
        if seed is not None:
            self.generator.manual_seed(seed)

    def __len__(self):
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self):
        n, size = len(self.dataset), self.batch_size
        if self.shuffle:
            # int32 halves the permutation's memory (100 M windows: 400 MB, not 800);
            # torch draws the same permutation for either dtype
            dtype = torch.int32 if n < 2**31 else torch.int64
            order = torch.randperm(n, generator=self.generator, dtype=dtype)
            batches = (order[start : start + size] for start in range(0, n, size))
        else:
            batches = (slice(start, start + size) for start in range(0, n, size))
        for index in batches:
            Xb, yb = self.dataset.batch(index)
            if self.device is not None:
                Xb = Xb.to(self.device, non_blocking=True)
                yb = None if yb is None else yb.to(self.device, non_blocking=True)
            yield Xb, yb


class TailSplit:
    """Validate on the latest ``fraction`` of the rows, never shuffled.

    Rows are assumed to be in time order, as windows of a series are. At
    least one row goes to each side.
    """

    def __init__(self, fraction):
        self.fraction = fraction

    def n_valid(self, n):
        """Rows held out of ``n``."""
        return min(max(1, round(self.fraction * n)), n - 1)

    def __call__(self, dataset, y=None, groups=None):
        n = len(dataset)
        n_valid = self.n_valid(n)
        return dataset.subset(0, n - n_valid), dataset.subset(n - n_valid, n)

    def __repr__(self):
        return f"TailSplit(fraction={self.fraction!r})"


class TimeLimit(Callback):
    """Stop training at the end of the first epoch that ends past ``seconds``.

    Measured from the start of training. The number of epochs then depends on
    the machine's speed, so results are reproducible only on the same machine
    and load.
    """

    def __init__(self, seconds):
        self.seconds = seconds

    def on_train_begin(self, net, **kwargs):
        self.start_ = time.perf_counter()

    def on_epoch_end(self, net, **kwargs):
        if time.perf_counter() - self.start_ >= self.seconds:
            raise KeyboardInterrupt  # skorch's way to end fit cleanly


class StepSchedule(Callback):
    """Stop after ``max_steps`` optimizer steps and set the learning rate per step.

    Parameters
    ----------
    total_steps : int
        The steps the training will take (the budget of the schedule).
    max_steps : int or None
        Stop (mid-epoch if need be) once this many steps are done: the epoch's
        batches stop there (:meth:`RNNNetRegressor.run_single_epoch` reads
        ``done_``), and the epoch ends as any other (its losses recorded, the
        validation pass and every callback's ``on_epoch_end`` run); a next
        epoch would not begin.
    schedule : {"constant", "cosine"}
        "cosine" decays the learning rate from ``lr`` to 0 along a half cosine
        over ``total_steps``: large steps first, fine ones at the end.
    """

    def __init__(self, total_steps, max_steps=None, schedule="constant"):
        self.total_steps = total_steps
        self.max_steps = max_steps
        self.schedule = schedule

    def on_train_begin(self, net, **kwargs):
        self.steps_ = 0
        self.done_ = False

    def on_epoch_begin(self, net, **kwargs):
        if self.done_:
            raise KeyboardInterrupt  # skorch's way to end fit cleanly

    def on_batch_begin(self, net, training=False, **kwargs):
        if not training or self.schedule == "constant":
            return
        progress = min(self.steps_ / max(self.total_steps, 1), 1.0)
        lr = net.lr * 0.5 * (1.0 + math.cos(math.pi * progress))
        for group in net.optimizer_.param_groups:
            group["lr"] = lr

    def on_batch_end(self, net, training=False, **kwargs):
        if not training:
            return
        self.steps_ += 1
        # the last epoch ends after this batch: raising here (mid-epoch) left it out of
        # the history's losses, the validation, early stopping's best and the log
        self.done_ = self.max_steps is not None and self.steps_ >= self.max_steps


class RNNNetRegressor(NeuralNetRegressor):
    """skorch regressor used inside :class:`rnnforecast.RNNRegressor`.

    Differences from ``NeuralNetRegressor``: no default ``PrintLog`` or epoch
    timer (added by the estimator only when ``verbose``), the loss is computed
    on each window's normalised scale when ``module.normalize`` is set (windows
    of zeros, which forecast 0, left out), and a non-finite training loss raises
    :class:`TrainingDivergedError`.
    """

    @property
    def _default_callbacks(self):
        return [
            ("train_loss", PassthroughScoring(name="train_loss", on_train=True)),
            ("valid_loss", PassthroughScoring(name="valid_loss")),
        ]

    def get_loss(self, y_pred, y_true, X=None, training=False):
        y_true = y_true.to(y_pred.device)
        if getattr(self.module_, "normalize", False):
            X = X.to(y_pred.device)
            loc, scale = self.module_.window_stats(X)
            # k targets (channel mixing): k blocks of outputs, each on its feature's scale
            k, n = getattr(self.module_, "n_targets", 1), len(y_pred)
            loc, scale = loc[:, 0, :k, None], scale[:, 0, :k, None]
            distribution = getattr(self.module_, "distribution", None)
            if distribution is not None:  # (N, k * H, P) parameters, mapped as y is
                y_pred = y_pred.reshape(n, k, -1, y_pred.shape[-1])
                y_pred = affine(y_pred, distribution, -(loc / scale)[..., None],
                                (1 / scale)[..., None])
                y_true = (y_true.reshape(n, k, -1) - loc) / scale
                # windows of zeros have no distribution (scale 0): left out of the loss
                keep = ~self.module_.empty_windows(X)  # (N, k)
                if not keep.any():
                    return (y_pred * 0).sum()
                return self.criterion_(y_pred[keep], y_true[keep])
            y_pred = (y_pred.reshape(n, k, -1) - loc) / scale
            y_true = (y_true.reshape(n, k, -1) - loc) / scale
            # a window of zeros forecasts 0 whatever the weights (RNNNet): no loss, so
            # that its targets, in the data's units, do not weigh on the others
            empty = self.module_.empty_windows(X)[..., None]
            y_true = torch.where(empty, y_pred.detach(), y_true)
            y_pred, y_true = y_pred.reshape(n, -1), y_true.reshape(n, -1)
        data_scale = None if self.module_.normalize else self.module_._data_scale()
        if data_scale is not None:  # on the standardised scale, as the module learns it
            _, _, loc, scale = data_scale
            y_pred = self.module_.from_data_scale(y_pred, inverse=True)
            y_true = (y_true - loc) / scale
        return self.criterion_(y_pred, y_true)

    def predict(self, X):
        """Predictions for the rows of ``X``, computed in float64.

        Training runs in float32, where the matrix kernels sum in an order
        that depends on the batch size and the thread count: the prediction
        for one row would then change (in the 7th digit) with the rows that
        share its batch. A float64 copy of the trained module, fed float64
        rows, makes ``predict(X)[i]`` equal ``predict(X[i:i + 1])`` to float64
        rounding, at about twice the cost of float32 inference on the CPU
        (``benchmarks/predict_precision.py``).

        Parameters
        ----------
        X : ndarray of shape (N, L, F), or an :class:`ArrayDataset`
            skorch's scoring callbacks (``EpochScoring``) pass the validation
            dataset itself.

        Returns
        -------
        y_pred : ndarray of shape (N, H), float64
        """
        module = float64_module(self.module_)
        out = []
        with torch.no_grad():
            for start in range(0, len(X), self.batch_size):
                part = slice(start, start + self.batch_size)
                rows = X.batch(part)[0] if isinstance(X, ArrayDataset) else X[part]
                rows = np.asarray(rows, dtype=np.float64)
                Xb = torch.tensor(rows, device=self.device)
                out.append(module(Xb).cpu().numpy())
        if out:
            return np.concatenate(out)
        params = () if getattr(module, "distribution", None) is None else (module.n_params,)
        return np.empty((0, module.output_size) + params)

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        """skorch's loop over the batches of one epoch, with less per-step work.

        Each batch's loss is read once (the one ``.item()`` skorch does anyway,
        a single device sync) and that float is also the divergence check; the
        batch size is the length of the batch's ``X`` tensor. History entries
        and callback notifications are those of skorch.
        """
        if iterator is None:
            return
        history, notify = self.history, self.notify
        loss_key, size_key = prefix + "_loss", prefix + "_batch_size"
        schedule = dict(self.callbacks_).get("schedule") if training else None
        batch_count = 0
        for batch in iterator:
            notify("on_batch_begin", batch=batch, training=training)
            step = step_fn(batch, **fit_params)
            loss = step["loss"].item()
            if training and not math.isfinite(loss):
                raise TrainingDivergedError(
                    f"RNNRegressor: training diverged in epoch {len(history)} "
                    f"(loss={loss!r}). Lower lr (got {self.lr!r}), keep "
                    "clip_grad_norm on, or scale the data."
                )
            history.record_batch(loss_key, loss)
            history.record_batch(size_key, _batch_len(batch))
            notify("on_batch_end", batch=batch, training=training, **step)
            batch_count += 1
            if getattr(schedule, "done_", False):  # the step budget is spent (StepSchedule)
                break
        history.record(prefix + "_batch_count", batch_count)


def _batch_len(batch):
    X = batch[0] if isinstance(batch, (tuple, list)) else batch
    return X.shape[0] if isinstance(X, torch.Tensor) else get_len(X)


def training_budget(regressor, n_rows):
    """(epochs, optimizer steps) of ``regressor``'s training on ``n_rows`` rows: its
    ``max_steps`` and ``max_epochs``, whichever ends first, on the rows its
    ``validation_fraction`` leaves for training."""
    n_train = n_rows
    if regressor.validation_fraction is not None:
        n_train -= TailSplit(regressor.validation_fraction).n_valid(n_rows)
    per_epoch = -(-n_train // regressor.batch_size)
    if regressor.max_steps is None:
        return regressor.max_epochs, regressor.max_epochs * per_epoch
    epochs = -(-regressor.max_steps // per_epoch)
    if regressor.max_epochs is not None:
        epochs = min(epochs, regressor.max_epochs)
    return epochs, min(regressor.max_steps, epochs * per_epoch)


def training_callbacks(regressor, total_steps):
    """The skorch callbacks of ``regressor``'s training of ``total_steps`` steps: the
    learning-rate schedule, then clipping, early stopping, the time limit and the
    progress log where its parameters ask for them, then its own ``callbacks``."""
    check_callbacks(regressor)
    schedule = StepSchedule(total_steps, regressor.max_steps, regressor.lr_schedule)
    callbacks = [("schedule", schedule)]
    if regressor.clip_grad_norm is not None:
        callbacks.append(("clip", GradientNormClipping(regressor.clip_grad_norm)))
    if regressor.validation_fraction is not None:
        callbacks.append(
            (
                "early_stopping",
                EarlyStopping(
                    patience=regressor.patience,
                    load_best=True,
                    sink=print if regressor.verbose else _silent,
                ),
            )
        )
    if regressor.max_time is not None:
        callbacks.append(("time_limit", TimeLimit(regressor.max_time)))
    if regressor.verbose:
        callbacks += [
            ("epoch_timer", EpochTimer()),
            ("progress_bar", EpochProgress()),
            ("print_log", PrintLog()),
        ]
    return callbacks + list(regressor.callbacks or [])


def _silent(*args, **kwargs):
    pass


#: The float64 copy of each trained module that ``predict`` runs, kept while the module
#: lives and its tensors are unchanged (a copy per call cost half of a small network's
#: predict, which the calibration calls once per origin).
_FLOAT64_MODULES = weakref.WeakKeyDictionary()


def float64_module(module):
    """A float64 copy of ``module`` in eval mode, made again only when a parameter or
    buffer of ``module`` was changed (trained further, loaded) or replaced since."""
    tensors = tuple(itertools.chain(module.parameters(), module.buffers()))
    state = tuple((id(t), t._version, t.data_ptr(), str(t.device)) for t in tensors)
    cached = _FLOAT64_MODULES.get(module)
    if cached is None or cached[0] != state:
        cached = state, copy.deepcopy(module).double().eval(), tensors  # tensors: ids stay theirs
        _FLOAT64_MODULES[module] = cached
    return cached[1]
