"""Segment recurrent network for long horizons (torch only): SegRNN.

Shapes, used throughout this module:

- N: batch size (windows)
- L: input length (time steps of a window)
- C: channels (series of a window; each is forecast on its own, with shared weights)
- H: horizon (time steps forecast)
- W: segment length (``seg_len``)
- P = L / W: input segments, the steps of the encoder
- Q = ceil(H / W): output segments, decoded in parallel
- D: features of the segment embedding and of the hidden state (``d_model``)
"""

import math

import torch
from torch import nn

from ..utils import check_positive_int, is_choice
from ._rnn import ANCHORS, CELLS, check_cell

__all__ = ["SegRNN"]


class SegRNN(nn.Module):
    """Segment recurrent network with parallel multi-step decoding (SegRNN).

    The network of Lin et al. (2023), "SegRNN: Segment Recurrent Neural
    Network for Long-Term Time Series Forecasting" (arXiv 2308.11200):

    1. Each channel of a window is a sample of its own (channel independence:
       the C series share every weight) and is centred on its last value or
       its mean (``anchor``), the value that an output of 0 stands for.
    2. The L inputs are cut into P = L / W segments of W values; each segment
       is embedded by a linear layer and a ReLU into D features.
    3. A recurrent encoder (a GRU by default) runs over the P segments.
    4. Parallel multi-step forecasting (PMF): from the encoder's last state,
       one recurrent step is taken for each of the Q output segments, all at
       once, with a learnt embedding of the segment's position (and, with
       ``channel_embedding``, of the channel) as the step's input.
    5. Each of the Q states goes through dropout and a linear layer to W
       values; the Q * W values, cut to H, are shifted back by the anchor.

    Parameters
    ----------
    input_length : int
        L, time steps of an input window; a multiple of ``seg_len``.
    horizon : int
        H, time steps forecast. The network forecasts ceil(H / W) whole
        segments and returns the first H values.
    n_channels : int
        C, the series of a window.
    seg_len : int, default=48
        W, time steps per segment (the paper's ETTh1 setting).
    d_model : int, default=512
        D, features of the segment embedding and of the recurrent state; even
        when ``channel_embedding`` is True (position and channel get half
        each).
    dropout : float, default=0.5
        Dropout before the output projection.
    cell : {"rnn", "lstm", "gru"}, default="gru"
        The recurrent cell (torch's ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU``).
    channel_embedding : bool, default=True
        If True, the decoder's inputs are a position embedding (D / 2
        features) next to a channel embedding (D / 2); if False, a position
        embedding of D features, the same for every channel.
    anchor : {"last", "mean"}, default="last"
        Each channel of a window is centred on its last value or on its mean
        before the encoder, and the forecast is shifted back by it.

    Notes
    -----
    Shapes: input (N, L, C), output (N, H, C).

    Examples
    --------
    >>> import torch
    >>> from rnnforecast.nn import SegRNN
    >>> net = SegRNN(96, 24, 3, seg_len=24, d_model=16)
    >>> net(torch.randn(2, 96, 3)).shape
    torch.Size([2, 24, 3])
    """

    def __init__(
        self,
        input_length,
        horizon,
        n_channels,
        seg_len=48,
        d_model=512,
        dropout=0.5,
        cell="gru",
        channel_embedding=True,
        anchor="last",
    ):
        super().__init__()
        for name, value in [
            ("input_length", input_length),
            ("horizon", horizon),
            ("n_channels", n_channels),
            ("seg_len", seg_len),
            ("d_model", d_model),
        ]:
            check_positive_int(value, name, owner="SegRNN")
        check_cell(cell, owner="SegRNN")
        if not is_choice(anchor, ANCHORS):
            raise ValueError(f"SegRNN: anchor must be one of {ANCHORS!r}, got {anchor!r}.")
        if isinstance(dropout, bool) or not 0.0 <= dropout < 1.0:
            raise ValueError(f"SegRNN: dropout must be in [0, 1), got {dropout!r}.")
        input_length, horizon, n_channels, seg_len, d_model = map(
            int, (input_length, horizon, n_channels, seg_len, d_model)
        )
        if input_length % seg_len:
            raise ValueError(
                f"SegRNN: input_length must be a multiple of seg_len={seg_len}, got "
                f"input_length={input_length}; use input_length="
                f"{max(seg_len, input_length // seg_len * seg_len)} or a seg_len that "
                f"divides {input_length}."
            )
        if channel_embedding and d_model % 2:
            raise ValueError(
                "SegRNN: d_model must be even with channel_embedding=True (position and "
                f"channel get d_model / 2 features each), got d_model={d_model}."
            )
        self.input_length = input_length
        self.horizon = horizon
        self.n_channels = n_channels
        self.seg_len = seg_len
        self.d_model = d_model
        self.dropout = float(dropout)
        self.cell = cell
        self.channel_embedding = bool(channel_embedding)
        self.anchor = anchor
        self.n_input_segments = input_length // seg_len  # P
        self.n_output_segments = math.ceil(horizon / seg_len)  # Q

        self.embedding = nn.Sequential(nn.Linear(seg_len, d_model), nn.ReLU())
        self.rnn = CELLS[cell](d_model, d_model, num_layers=1, batch_first=True)
        position = d_model // 2 if channel_embedding else d_model
        self.position_emb = nn.Parameter(torch.randn(self.n_output_segments, position))
        if channel_embedding:
            self.channel_emb = nn.Parameter(torch.randn(n_channels, d_model // 2))
        self.head = nn.Sequential(nn.Dropout(self.dropout), nn.Linear(d_model, seg_len))

    def _decoder_inputs(self):
        """(C * Q, 1, D) the decoder's inputs: channel-major, then position."""
        c, q = self.n_channels, self.n_output_segments
        position = self.position_emb.unsqueeze(0).expand(c, q, -1)
        if self.channel_embedding:
            channel = self.channel_emb.unsqueeze(1).expand(c, q, -1)
            position = torch.cat([position, channel], dim=2)
        return position.reshape(c * q, 1, self.d_model)

    def forward(self, x):
        if x.dim() != 3 or x.shape[1:] != (self.input_length, self.n_channels):
            raise ValueError(
                "SegRNN: expected input of shape (N, L, C) = "
                f"(N, {self.input_length}, {self.n_channels}), got {tuple(x.shape)}."
            )
        n, c, p, q, w, d = (
            x.shape[0], self.n_channels, self.n_input_segments, self.n_output_segments,
            self.seg_len, self.d_model,
        )
        base = x[:, -1:, :] if self.anchor == "last" else x.mean(dim=1, keepdim=True)
        base = base.detach()  # (N, 1, C)
        segments = (x - base).transpose(1, 2).reshape(n * c, p, w)
        _, state = self.rnn(self.embedding(segments))  # (1, N * C, D), for LSTM a pair

        # PMF: every output segment of every sample gets the encoder's last state
        # and its own decoder input, in one recurrent step of N * C * Q rows
        def per_segment(s):  # (1, N * C, D) -> (1, N * C * Q, D)
            return s.unsqueeze(2).expand(1, n * c, q, d).reshape(1, n * c * q, d)

        if self.cell == "lstm":
            state = tuple(per_segment(s) for s in state)
        else:
            state = per_segment(state)
        inputs = self._decoder_inputs().repeat(n, 1, 1)  # (N * C * Q, 1, D)
        out, _ = self.rnn(inputs, state)  # (N * C * Q, 1, D)
        y = self.head(out).reshape(n, c, q * w)[:, :, : self.horizon]  # (N, C, H)
        return y.transpose(1, 2) + base

    def extra_repr(self):
        parts = [
            f"input_length={self.input_length}",
            f"horizon={self.horizon}",
            f"n_channels={self.n_channels}",
        ]
        for name, default in [
            ("seg_len", 48), ("d_model", 512), ("dropout", 0.5), ("cell", "gru"),
            ("channel_embedding", True), ("anchor", "last"),
        ]:
            value = getattr(self, name)
            if value != default:
                parts.append(f"{name}={value!r}")
        return ", ".join(parts)
