"""Every exception and warning of rnnforecast, with one base of each.

``except RNNForecastError`` catches every error the library raises on purpose;
each also subclasses the built-in exception it refines (``ValueError``,
``FloatingPointError``), as scikit-learn's and skorch's do, so code written
against those keeps working.
"""

__all__ = [
    "RNNForecastError",
    "RNNForecastWarning",
    "NoTargetError",
    "TrainingDivergedError",
    "DeviceMappedWarning",
    "CLIError",
    "IntervalCoverageWarning",
    "SeasonalityWarning",
]


class RNNForecastError(Exception):
    """Base class of the errors rnnforecast raises."""


class RNNForecastWarning(UserWarning):
    """Base class of the warnings rnnforecast emits."""


class NoTargetError(RNNForecastError, ValueError):
    """No series is longer than the horizon: there is no training target."""


class TrainingDivergedError(RNNForecastError, FloatingPointError):
    """Raised when the training loss becomes NaN or infinite."""


class DeviceMappedWarning(RNNForecastWarning, UserWarning):
    """A model saved on a device that is not available here was mapped to the CPU."""


class CLIError(RNNForecastError):
    """A bad input of the command line: printed as one line, exit status 2."""


class IntervalCoverageWarning(RNNForecastWarning):
    """A prediction interval rests on too few calibration errors for its coverage."""


class SeasonalityWarning(RNNForecastWarning):
    """A series repeats itself, but its index has no frequency to say its season."""
