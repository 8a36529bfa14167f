"""Progress of long fits: one tqdm bar over the epochs, on stderr.

skorch's own ``ProgressBar`` draws one bar per epoch over its batches, which
says nothing about how long the whole fit will take. :class:`EpochProgress`
draws a single bar over ``max_epochs`` with the latest losses and an
estimate of the time left; it writes to stderr, so stdout stays clean for
piping.
"""

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
    file : file-like or None, default=None
        Where the bar is drawn; None: ``sys.stderr`` at the start of each fit.
    delay : float, default=0.0
        Seconds before the bar appears: fits shorter than this stay silent.

    Examples
    --------
    >>> from rnnforecast import RNNRegressor
    >>> from rnnforecast.progress import EpochProgress
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
            file=self.file if self.file is not None else sys.stderr,
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
        return state
