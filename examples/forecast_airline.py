"""Forecast the airline passengers 1959-1960 from 1949-1958 and compare with seasonal naive.

Run: python examples/forecast_airline.py
"""

import numpy as np

from rnnforecast import RNNForecaster
from rnnforecast.datasets import load_airline
from rnnforecast.metrics import smape


def main():
    y = load_airline()
    train, test = y[:"1958-12"], y["1959-01":]
    fh = np.arange(1, len(test) + 1)

    forecaster = RNNForecaster(random_state=0)  # default settings
    y_pred = forecaster.fit(train, fh=fh).predict()

    last_year = train.to_numpy()[-12:]
    seasonal_naive = np.resize(last_year, len(test))

    scores = {
        "RNNForecaster (GRU, defaults)": smape(test.to_numpy(), y_pred.to_numpy()),
        "seasonal naive": smape(test.to_numpy(), seasonal_naive),
    }
    print("Airline passengers, train 1949-1958, test 1959-1960 (24 months)")
    for name, value in scores.items():
        print(f"  sMAPE {name:<30} {value:6.2f}")
    return scores


if __name__ == "__main__":
    main()
