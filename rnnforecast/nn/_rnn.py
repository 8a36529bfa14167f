"""Recurrent network modules (torch only).

Shapes, used throughout this module:

- N: batch size
- L: window length (number of time steps in an input window)
- F: number of features per time step (the series itself, then covariates)
- S: values per recurrent step (``step_length``); the recurrence runs over
  ceil(L / S) steps of S * F values each
- H: horizon (number of output values per window)
- k: target series per window (``n_targets``), the first k features; the
  network outputs k * H values, target by target
"""

import math
import warnings
from numbers import Integral

import torch
from torch import nn

from ..utils import check_positive_int, is_choice
from ._distributions import DISTRIBUTIONS, activate, affine, n_params

__all__ = ["ANCHORS", "CELLS", "RNNNet", "check_cell", "warn_unused_dropout", "window_stats"]

#: Where a normalising network's outputs are centred (RNNNet's ``anchor``).
ANCHORS = ("mean", "last")
#: The recurrent cells, by name, mapped to torch's fused implementations.
CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def check_cell(cell, owner="RNNNet"):
    """Raise a ValueError naming the valid cells unless ``cell`` is one of them."""
    if not is_choice(cell, CELLS):
        raise ValueError(
            f"{owner}: cell must be one of {sorted(CELLS)}, got {cell!r}."
        )


def warn_unused_dropout(dropout, num_layers, owner="RNNNet", stacklevel=3):
    """Warn that ``dropout`` does nothing where there is one recurrent layer: it acts
    between stacked layers (torch's own warning is not raised: the network passes 0)."""
    if dropout and num_layers < 2:
        warnings.warn(
            f"{owner}: dropout={dropout!r} has no effect with num_layers={num_layers}: "
            "dropout acts between stacked recurrent layers. Set num_layers=2 or more, or "
            "dropout=0.0 (a search over dropout alone compares identical networks).",
            UserWarning,
            stacklevel=stacklevel,
        )


def warn_unused_anchor(anchor, normalize, owner="RNNNet", stacklevel=3):
    """Warn that ``anchor`` does nothing without ``normalize``: it says what an output of
    0 stands for in a window standardised by its own statistics."""
    if anchor != "mean" and not normalize:
        warnings.warn(
            f"{owner}: anchor={anchor!r} has no effect with normalize=False: it says what "
            "an output of 0 stands for in a window standardised by its own statistics. Set "
            "normalize=True, or leave anchor at 'mean' (a search over anchor alone compares "
            "identical networks).",
            UserWarning,
            stacklevel=stacklevel,
        )


def window_stats(x, eps=1e-3, mask=None):
    """Location and scale of each window, per feature, free of the data's units.

    The statistics are those of the window divided by its largest absolute
    value, multiplied back: ``window_stats(c * x)`` is ``c`` times
    ``window_stats(x)`` (to rounding) for any c > 0, from 1e-30 to 1e30, with
    no absolute floor and no square that under- or overflows float32.

    Parameters
    ----------
    x : torch.Tensor of shape (N, L, F)
        Input windows.
    eps : float, default=1e-3
        The scale is at least ``eps`` times the mean absolute value of the
        window, so that flat windows do not divide by zero. A window of zeros
        has scale 1.
    mask : torch.Tensor of shape (N, L, 1) or None, default=None
        1 on the time steps to take into account, 0 on the others (padding);
        None: all steps. Each window needs at least one step of 1.

    Returns
    -------
    loc, scale : torch.Tensor of shape (N, 1, F)
        Mean and standard deviation over the window's (masked) time steps.
    """
    if mask is None:
        mask = x.new_ones(x.shape[0], x.shape[1], 1)
    count = mask.sum(dim=1, keepdim=True).clamp(min=1.0)
    size = (x.abs() * mask).amax(dim=1, keepdim=True)  # (N, 1, F)
    size = torch.where(size > 0, size, torch.ones_like(size))  # a window of zeros: 1
    z = x / size
    loc = (z * mask).sum(dim=1, keepdim=True) / count
    spread = ((((z - loc) * mask) ** 2).sum(dim=1, keepdim=True) / count).sqrt()
    floor = eps * (z.abs() * mask).sum(dim=1, keepdim=True) / count
    scale = torch.where(floor > 0, torch.maximum(spread, floor), torch.ones_like(spread))
    return loc * size, scale * size


class RNNNet(nn.Module):
    """Recurrent network with a linear head: windows in, H values out.

    Parameters
    ----------
    input_size : int
        F, the number of features per time step.
    output_size : int
        H, the number of values predicted per window (the horizon of a direct
        multi-step forecast).
    cell : {"rnn", "lstm", "gru"}, default="gru"
        The recurrent cell: torch's fused ``nn.RNN`` (tanh), ``nn.LSTM`` or
        ``nn.GRU``.
    hidden_size : int, default=32
        Features of the hidden state.
    num_layers : int, default=1
        Stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between recurrent layers (torch's meaning; only used when
        ``num_layers > 1``).
    step_length : int, default=1
        S, values fed to the cell per recurrent step. A window of L values is
        cut into ceil(L / S) consecutive segments of S values (zero-padded at
        the oldest end), so that a long window becomes a short recurrence
        (the idea of SegRNN, Lin et al. 2023).
    normalize : bool, default=False
        If True, each window is standardised by its own mean and standard
        deviation (per feature, see :func:`window_stats`) before the
        recurrence, and the outputs are mapped back with the statistics of
        feature 0 (the target series). This lets one model serve series of
        very different scales: c times a window gives c times its outputs.
        A window whose feature 0 is all zeros has no scale: its outputs are
        its anchor, 0.
    padding_flag : bool, default=False
        The last feature is a 0/1 flag of padded time steps (1: a copy made
        to fill a window of a short series). With ``normalize``, window
        statistics are then taken over the observed steps only, padded
        steps enter as 0 (the window mean), and the flag is fed as it is.

    anchor : {"mean", "last"}, default="mean"
        With ``normalize``, the value that an output of 0 stands for: the
        window's mean, or its last value, so that a network that has learnt
        nothing forecasts the last value (the naive forecast) and learns
        changes from it.
    raw_features : int, default=0
        With ``normalize``, the last ``raw_features`` features (before the
        padding flag) are fed as they are, not standardised: constants of a
        series (static covariates, already encoded), which a window's own
        statistics would turn into 0.
    n_targets : int, default=1
        k, the series forecast together (channel mixing): the first k
        features of a window, and ``output_size`` holds k blocks of
        ``output_size / k`` values, one block per target. With ``normalize``,
        each block is mapped back with the statistics (and anchor) of its own
        feature.
    distribution : {"quantile", "normal", "student_t"} or None, default=None
        None: one value per output. Otherwise P parameters per output of
        that distribution (:mod:`rnnforecast.nn._distributions`): increasing
        quantiles, or location and scale (and degrees of freedom). With
        ``normalize``, locations and quantiles are mapped back as the values
        are, scales are multiplied by the window's scale (of their target).
    n_quantiles : int or None, default=None
        Q, the quantiles per output of ``distribution="quantile"``.
    data_scale : tuple of 4 sequences of float, or None, default=None
        Without ``normalize``: the location and scale of each input feature
        (F values each) and of each output (``output_size`` values each) in the
        training data, ``(in_loc, in_scale, out_loc, out_scale)``. The inputs
        are standardised by them before the recurrence and the outputs mapped
        back (distributions as with ``normalize``): one global standardisation,
        which keeps levels comparable across windows (what ``normalize=False``
        is for) and keeps a network fed values in the thousands trainable.
        :class:`~rnnforecast.RNNRegressor` measures them in ``fit``. None: the
        windows are fed as they are. Kept as buffers (``state_dict``).

    Notes
    -----
    Shapes: input (N, L, F), output (N, H), with H = k times the steps per target,
    or (N, H, P) with a ``distribution``.
    """

    #: modules pickled before ``padding_flag``, ``anchor`` or ``n_targets`` existed had none
    padding_flag = False
    anchor = "mean"
    raw_features = 0
    n_targets = 1
    distribution = None

    def __init__(
        self,
        input_size,
        output_size,
        cell="gru",
        hidden_size=32,
        num_layers=1,
        dropout=0.0,
        step_length=1,
        normalize=False,
        padding_flag=False,
        anchor="mean",
        raw_features=0,
        n_targets=1,
        distribution=None,
        n_quantiles=None,
        data_scale=None,
    ):
        super().__init__()
        check_cell(cell)
        if not is_choice(distribution, DISTRIBUTIONS + (None,)):
            raise ValueError(
                f"RNNNet: distribution must be one of {DISTRIBUTIONS!r} or None, "
                f"got {distribution!r}."
            )
        if distribution == "quantile":
            check_positive_int(n_quantiles, "n_quantiles", owner="RNNNet")
        if not is_choice(anchor, ANCHORS):
            raise ValueError(f"RNNNet: anchor must be one of {ANCHORS!r}, got {anchor!r}.")
        for name, value in [
            ("input_size", input_size),
            ("output_size", output_size),
            ("hidden_size", hidden_size),
            ("num_layers", num_layers),
            ("step_length", step_length),
            ("n_targets", n_targets),
        ]:
            check_positive_int(value, name)
        if output_size % n_targets or n_targets + padding_flag > input_size:
            raise ValueError(
                f"RNNNet: n_targets must divide output_size and be at most the features "
                f"before the padding flag, got n_targets={n_targets}, "
                f"output_size={output_size}, input_size={input_size}."
            )
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"RNNNet: dropout must be in [0, 1), got {dropout!r}.")
        # numpy integers (e.g. from a grid built with np.arange) become ints for torch
        input_size, output_size, hidden_size, num_layers, step_length = map(
            int, (input_size, output_size, hidden_size, num_layers, step_length)
        )
        self.input_size = input_size
        self.output_size = output_size
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.step_length = step_length
        self.normalize = normalize
        self.padding_flag = padding_flag
        self.anchor = anchor
        n_values = input_size - int(bool(padding_flag))
        if isinstance(raw_features, bool) or not isinstance(raw_features, Integral) or not (
            0 <= raw_features < n_values
        ):
            raise ValueError(
                f"RNNNet: raw_features must be an int in [0, {n_values}) (features after the "
                f"series' own, before any padding flag), got {raw_features!r}."
            )
        self.raw_features = int(raw_features)
        self.n_targets = int(n_targets)
        self.distribution = distribution
        self.n_params = 1 if distribution is None else n_params(distribution, n_quantiles)
        if padding_flag and input_size < 2:
            raise ValueError(
                "RNNNet: padding_flag=True needs the flag as a feature after the values "
                f"(input_size >= 2), got input_size={input_size}."
            )
        self.rnn = CELLS[cell](
            input_size=input_size * step_length,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout if num_layers > 1 else 0.0,
            batch_first=True,
        )
        self.head = nn.Linear(hidden_size, output_size * self.n_params)
        if data_scale is not None:
            self._set_data_scale(data_scale)

    _DATA_SCALE = ("in_loc", "in_scale", "out_loc", "out_scale")

    def _set_data_scale(self, data_scale):
        sizes = (self.input_size, self.input_size, self.output_size, self.output_size)
        if len(data_scale) != 4 or any(len(v) != n for v, n in zip(data_scale, sizes)):
            raise ValueError(
                "RNNNet: data_scale must be (in_loc, in_scale, out_loc, out_scale) of "
                f"{self.input_size}, {self.input_size}, {self.output_size} and "
                f"{self.output_size} values, got lengths {[len(v) for v in data_scale]}."
            )
        for name, values in zip(self._DATA_SCALE, data_scale):
            self.register_buffer(name, torch.as_tensor(values, dtype=torch.float32).clone())

    def _data_scale(self):
        """The buffers of ``data_scale``, or None (none given; modules pickled before them)."""
        buffers = self.__dict__.get("_buffers", {})
        if buffers.get("in_loc") is None:
            return None
        return tuple(buffers[name] for name in self._DATA_SCALE)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # a state saved with a data scale, loaded into a module built without one
        if self._data_scale() is None and prefix + "in_loc" in state_dict:
            self._set_data_scale([state_dict[prefix + name] for name in self._DATA_SCALE])
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def _segments(self, x):
        """(N, L, F) -> (N, ceil(L / S), S * F), zero-padding the oldest end."""
        n, length, features = x.shape
        s = self.step_length
        if s == 1:
            return x
        steps = math.ceil(length / s)
        pad = steps * s - length
        if pad:
            x = torch.cat([x.new_zeros(n, pad, features), x], dim=1)
        return x.reshape(n, steps, s * features)

    def forward(self, x):
        if x.dim() != 3 or x.shape[2] != self.input_size:
            raise ValueError(
                f"RNNNet: expected input of shape (N, L, {self.input_size}), "
                f"got {tuple(x.shape)}."
            )
        k = self.n_targets
        data_scale = None if self.normalize else self._data_scale()
        if data_scale is not None:
            x = (x - data_scale[0]) / data_scale[1]
        if self.normalize:
            loc, scale = self.window_stats(x)
            empty = self.empty_windows(x)  # (N, k)
            base = x[:, -1, :k] if self.anchor == "last" else loc[:, 0, :k]  # (N, k)
            x = (x - loc) / scale
            if self.padding_flag:  # padded steps at the mean; the flag as it is
                x = torch.cat([x[..., :-1] * (1 - x[..., -1:]), x[..., -1:]], dim=2)
        out, _ = self.rnn(self._segments(x))
        y = self.head(out[:, -1])
        if self.distribution is not None:
            y = activate(y.reshape(len(y), self.output_size, self.n_params), self.distribution)
        if data_scale is not None:
            return self.from_data_scale(y)
        if self.normalize:
            # a window of zeros has no scale to give the outputs: its forecast is its
            # anchor (0), the only one that c times the window (the same zeros) can
            # share with the window for every c
            n = y.shape[0]
            factor = scale[:, 0, :k] * ~empty  # (N, k)
            if self.distribution is None:
                y = y.view(n, k, -1) * factor[..., None] + base[..., None]
                return y.reshape(n, -1)
            y = y.view(n, k, -1, self.n_params)
            y = affine(y, self.distribution, base[..., None, None], factor[..., None, None])
            return y.reshape(n, -1, self.n_params)
        return y

    def from_data_scale(self, y, inverse=False):
        """Outputs ``y`` ((N, H) values or (N, H, P) parameters) on the standardised
        scale of ``data_scale`` mapped to the data's units (``inverse``: back)."""
        _, _, loc, scale = self._data_scale()
        if inverse:
            loc, scale = -loc / scale, 1 / scale
        if self.distribution is None:
            return y * scale + loc
        return affine(y, self.distribution, loc[:, None], scale[:, None])

    def window_stats(self, x):
        """(N, 1, F) location and scale of each window (:func:`window_stats`); with
        ``padding_flag``, over the observed steps; 0 and 1 for the flag and the
        ``raw_features``."""
        if self.padding_flag:
            flag = x[..., -1:]
            loc, scale = window_stats(x[..., :-1], mask=1 - flag)
            ones = torch.ones_like(flag[:, :1])
            loc, scale = torch.cat([loc, 0 * ones], dim=2), torch.cat([scale, ones], dim=2)
        else:
            loc, scale = window_stats(x)
        raw = self.raw_features
        if raw:  # the raw features end before the flag (or at the last feature)
            end = x.shape[2] - int(bool(self.padding_flag))
            keep = torch.ones_like(loc)
            keep[..., end - raw : end] = 0
            loc, scale = loc * keep, scale * keep + (1 - keep)
        return loc, scale

    def empty_windows(self, x):
        """(N, k) True where a target feature is 0 on every (observed) step."""
        values = x[..., : self.n_targets]
        if self.padding_flag:
            values = values * (1 - x[..., -1:])
        return (values == 0).all(dim=1)

    def extra_repr(self):
        parts = [f"input_size={self.input_size}", f"output_size={self.output_size}"]
        if self.step_length != 1:
            parts.append(f"step_length={self.step_length}")
        if self.normalize:
            parts.append("normalize=True")
        if self.padding_flag:
            parts.append("padding_flag=True")
        if self.anchor != "mean":
            parts.append(f"anchor={self.anchor!r}")
        if self.raw_features:
            parts.append(f"raw_features={self.raw_features}")
        if self.n_targets != 1:
            parts.append(f"n_targets={self.n_targets}")
        if self.distribution is not None:
            parts.append(f"distribution={self.distribution!r}, n_params={self.n_params}")
        if not self.normalize and self._data_scale() is not None:
            parts.append("data_scale=...")
        return ", ".join(parts)
