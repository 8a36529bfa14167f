import runpy
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "forecast_airline.py"


def test_forecast_airline_beats_seasonal_naive(capsys):
    scores = runpy.run_path(str(EXAMPLE))["main"]()
    assert "sMAPE" in capsys.readouterr().out
    rnn, naive = scores["RNNForecaster (GRU, defaults)"], scores["seasonal naive"]
    assert 0 < rnn < naive
