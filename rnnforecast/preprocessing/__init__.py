"""Windows of series (numpy and scikit-learn): strided windows, supervised rows,
the ``WindowTransformer`` pipeline step and the windows of whole panels."""

from ..exceptions import NoTargetError
from ._panel_windows import (
    PanelWindows,
    fill_pad,
    forecast_rounds,
    last_windows,
    padded_rows,
    panel_windows,
    stack_rows,
    stack_tails,
    tail_rows,
    stream_panel_windows,
    training_windows,
)
from ._transformer import WindowTransformer
from ._windows import make_supervised, padded_windows, sliding_windows

__all__ = [
    "NoTargetError",
    "PanelWindows",
    "WindowTransformer",
    "fill_pad",
    "forecast_rounds",
    "last_windows",
    "make_supervised",
    "padded_rows",
    "padded_windows",
    "panel_windows",
    "sliding_windows",
    "stack_rows",
    "stack_tails",
    "stream_panel_windows",
    "tail_rows",
    "training_windows",
]
