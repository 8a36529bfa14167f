"""Training losses beyond torch's own (torch only).

Shapes: N = rows, H = outputs per row.
"""

import torch
from torch import nn

__all__ = ["PinballLoss"]


class PinballLoss(nn.Module):
    """Mean pinball (quantile) loss: its minimiser is the ``quantile`` quantile.

    ``mean(max(q (y - y_hat), (q - 1) (y - y_hat)))``; ``quantile=0.5`` is half
    the mean absolute error.

    Parameters
    ----------
    quantile : float
        q, strictly between 0 and 1.

    Shape:
        - input (predictions) and target: (N, H) or any equal shapes.
        - output: a scalar.
    """

    def __init__(self, quantile=0.5):
        super().__init__()
        if not 0 < quantile < 1:
            raise ValueError(
                f"PinballLoss: quantile must be strictly between 0 and 1, got {quantile!r}."
            )
        self.quantile = float(quantile)

    def forward(self, input, target):
        diff = target - input
        return torch.maximum(self.quantile * diff, (self.quantile - 1) * diff).mean()

    def extra_repr(self):
        return f"quantile={self.quantile}"
