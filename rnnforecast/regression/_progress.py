"""Progress of long fits: one tqdm bar over the epochs, on stderr.

skorch's own ``ProgressBar`` draws one bar per epoch over its batches, which
says nothing about how long the whole fit will take. :class:`EpochProgress`
draws a single bar over ``max_epochs`` with the latest losses and an
estimate of the time left; it writes to stderr, so stdout stays clean for
piping.
"""

import copy
import sys

from skorch.callbacks import Callback
from tqdm.auto import tqdm

__all__ = ["EpochProgress"]


class EpochProgress(Callback):
    """A tqdm bar over the epochs of a skorch fit, showing the latest losses.

    Parameters
    ----------
    keys : tuple of str, default=("train_loss", "valid_loss")
        History entries shown after the bar, when the epoch has them.
    file : file-like, "stdout", "stderr" or None, default=None
        Where the bar is drawn; None or "stderr": ``sys.stderr`` at the start of
        each fit, "stdout": ``sys.stdout``. A stream is shared, never copied: a
        ``clone`` of the callback (or of an estimator holding it) draws on the same
        stream, and a pickle keeps ``sys.stdout`` and ``sys.stderr`` by name (other
        streams, such as an open file, cannot be pickled: pass a name).
    delay : float, default=0.0
        Seconds before the bar appears: fits shorter than this stay silent.

    Examples
    --------
    >>> from rnnforecast import RNNRegressor
    >>> from rnnforecast.regression import EpochProgress
    >>> reg = RNNRegressor(max_epochs=50, callbacks=[("epochs", EpochProgress())])
    """

    def __init__(self, keys=("train_loss", "valid_loss"), file=None, delay=0.0):
        self.keys = keys
        self.file = file
        self.delay = delay

    def on_train_begin(self, net, **kwargs):
        self.bar_ = tqdm(
            total=net.max_epochs,
            unit="epoch",
            file=_stream(self.file),
            dynamic_ncols=True,
            leave=True,
            delay=self.delay,
        )

    def on_epoch_end(self, net, **kwargs):
        last = net.history[-1]
        shown = {key: f"{last[key]:.4g}" for key in self.keys if key in last}
        self.bar_.set_postfix(shown, refresh=False)
        self.bar_.update(1)

    def on_train_end(self, net, **kwargs):
        self.bar_.close()
        self.bar_ = None  # it holds its stream, which cannot be pickled; a new fit draws anew

    def __getstate__(self):
        # a fit that ended early (an exception) may leave its bar: never pickle it, so a
        # fitted net with this callback can be saved, or sent back from a worker process
        state = self.__dict__.copy()
        state.pop("bar_", None)
        state["file"] = _named(self.file)  # sys.stdout / sys.stderr by name
        return state

    def __sklearn_clone__(self):
        # sklearn's clone deep-copies each parameter, and a stream cannot be copied
        # ("cannot pickle '_io.TextIOWrapper'"): the clone draws on the same stream
        params = self.get_params(deep=False)
        stream = params.pop("file")
        clone = type(self)(**{key: copy.deepcopy(value) for key, value in params.items()})
        clone.file = stream
        return clone


_NAMES = ("stdout", "stderr")


def _stream(file):
    """The stream that ``file`` (None, "stdout", "stderr" or a stream) names."""
    if file is None:
        return sys.stderr
    if isinstance(file, str):
        if file not in _NAMES:
            raise ValueError(
                f"EpochProgress: file must be a writable stream, 'stdout', 'stderr' or None; "
                f"got {file!r}."
            )
        return getattr(sys, file)
    return file


def _named(file):
    """``file`` with ``sys.stdout`` and ``sys.stderr`` replaced by their names (pickles)."""
    for name in _NAMES:
        if file is getattr(sys, name) or file is getattr(sys, f"__{name}__"):
            return name
    return file
