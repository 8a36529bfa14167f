"""Distribution heads and their losses (torch only): quantiles, Normal, Student-t.

A point network outputs one value per horizon step. A distribution head
outputs P parameters per step instead, shape (N, H, P) (N = rows, H = horizon
steps, P = parameters per step):

- ``"quantile"``: P = Q quantiles at fixed levels, increasing by construction
  (the first, then softplus increments: they never cross);
- ``"normal"``: P = 2, location and scale (softplus, above :data:`MIN_SCALE`);
- ``"student_t"``: P = 3, location, scale and degrees of freedom
  (``2.01 + softplus``: more than 2, so the variance is finite), as DeepAR's
  likelihood heads.

Each parameter is either location-like (quantiles, location), scale-like
(scale) or unit-free (degrees of freedom): :func:`affine` maps all of them
from one unit to another (``a + b y`` with b > 0), which is how a normalising
network's outputs are mapped back to the data's units and its targets to the
normalised scale.
"""

import math

import torch
from torch import nn
from torch.nn import functional

__all__ = [
    "DISTRIBUTIONS", "MIN_SCALE", "MultiQuantileLoss", "NormalNLL", "StudentTNLL", "activate",
    "affine", "n_params",
]  # fmt: skip

#: The distribution heads, by name.
DISTRIBUTIONS = ("quantile", "normal", "student_t")
#: The smallest scale of a Normal or Student-t head, in the units it is trained in
#: (the normalised scale of a normalising network): no log of 0 in the likelihood.
MIN_SCALE = 1e-4
#: The fewest degrees of freedom of a Student-t head: over 2, so the variance is finite
#: even where the softplus above it underflows to 0.
MIN_DF = 2.01


def n_params(distribution, n_quantiles=None):
    """P, parameters per horizon step of ``distribution`` (Q for ``"quantile"``)."""
    if distribution == "quantile":
        return int(n_quantiles)
    return {"normal": 2, "student_t": 3}[distribution]


def activate(raw, distribution):
    """The parameters (N, H, P) of a head's raw outputs (N, H, P).

    Quantiles: the first raw value, then cumulative softplus increments
    (increasing: no crossing). Normal and Student-t: the location as it is,
    the scale as ``softplus + MIN_SCALE``, the degrees of freedom as
    ``MIN_DF + softplus``.
    """
    if distribution == "quantile":
        if raw.shape[-1] == 1:
            return raw
        steps = functional.softplus(raw[..., 1:])
        return torch.cat([raw[..., :1], raw[..., :1] + steps.cumsum(dim=-1)], dim=-1)
    loc = raw[..., :1]
    scale = functional.softplus(raw[..., 1:2]) + MIN_SCALE
    if distribution == "normal":
        return torch.cat([loc, scale], dim=-1)
    return torch.cat([loc, scale, MIN_DF + functional.softplus(raw[..., 2:3])], dim=-1)


def affine(params, distribution, shift, factor):
    """``params`` (N, H, P) of ``y`` as the parameters of ``shift + factor * y``.

    Parameters
    ----------
    params : torch.Tensor of shape (N, H, P)
    distribution : {"quantile", "normal", "student_t"}
    shift, factor : torch.Tensor broadcastable to (N, H, 1)
        ``factor`` >= 0. Quantiles and locations become ``shift + factor * p``,
        scales ``factor * p``; degrees of freedom do not change.
    """
    if distribution == "quantile":
        return shift + factor * params
    parts = [shift + factor * params[..., :1], factor * params[..., 1:2]]
    return torch.cat(parts + [params[..., 2:]], dim=-1)


class MultiQuantileLoss(nn.Module):
    """Pinball loss averaged over Q quantile levels (and rows and horizon steps).

    ``mean over n, h, k of max(q_k (y - y_hat_k), (q_k - 1) (y - y_hat_k))``:
    minimised by the q_k quantiles of the targets (neuralforecast's ``MQLoss``).

    Parameters
    ----------
    quantiles : sequence of float
        The levels q_1 < ... < q_Q, in (0, 1).

    Notes
    -----
    Shapes: input (N, H, Q), target (N, H); output a scalar.
    """

    def __init__(self, quantiles=(0.1, 0.5, 0.9)):
        super().__init__()
        levels = [float(q) for q in quantiles]
        if not levels or any(not 0 < q < 1 for q in levels):
            raise ValueError(
                "MultiQuantileLoss: quantiles must be numbers strictly between 0 and 1, "
                f"got {quantiles!r}."
            )
        self.quantiles = levels
        self.register_buffer("levels", torch.tensor(levels), persistent=False)

    def forward(self, input, target):
        diff = target.unsqueeze(-1) - input
        q = self.levels.to(dtype=input.dtype, device=input.device)
        return torch.maximum(q * diff, (q - 1) * diff).mean()

    def extra_repr(self):
        return f"quantiles={self.quantiles}"


class NormalNLL(nn.Module):
    """Mean negative log-likelihood of the targets under Normal(location, scale).

    ``log(scale) + (y - location)^2 / (2 scale^2) + log(2 pi) / 2``, averaged.

    Notes
    -----
    Shapes: input (N, H, 2) (location, scale), target (N, H); output a scalar.
    """

    def forward(self, input, target):
        loc, scale = input[..., 0], input[..., 1]
        z = (target - loc) / scale
        return (torch.log(scale) + 0.5 * z**2 + 0.5 * math.log(2 * math.pi)).mean()


class StudentTNLL(nn.Module):
    """Mean negative log-likelihood of the targets under a Student-t.

    With location m, scale s and degrees of freedom v, ``-log p(y) =
    lgamma(v/2) - lgamma((v+1)/2) + log(v pi)/2 + log(s) + (v+1)/2 log(1 + z^2/v)``,
    ``z = (y - m) / s``, averaged.

    Notes
    -----
    Shapes: input (N, H, 3) (location, scale, degrees of freedom), target (N, H);
    output a scalar.
    """

    def forward(self, input, target):
        loc, scale, df = input[..., 0], input[..., 1], input[..., 2]
        z = (target - loc) / scale
        nll = (
            torch.lgamma(df / 2) - torch.lgamma((df + 1) / 2) + 0.5 * torch.log(df * math.pi)
            + torch.log(scale) + (df + 1) / 2 * torch.log1p(z**2 / df)
        )
        return nll.mean()
