"""Wrote the files of tests/data with rnnforecast 0.1.0, before the subpackage layout (flat modules).

Kept for the record: tests/test_persistence_compat.py loads these files with the current code
and checks that they predict what 0.1.0 predicted. Run from the project root."""
import pickle

import numpy as np
import pandas as pd

from rnnforecast import RNNForecaster, RNNRegressor
from rnnforecast.datasets import load_airline

y = load_airline()
f = RNNForecaster(window_length=12, hidden_size=4, max_steps=20, random_state=0).fit(y, fh=[1, 2, 3])
r = RNNRegressor(hidden_size=4, normalize=True, max_steps=20, random_state=0)
X = np.lib.stride_tricks.sliding_window_view(y.to_numpy()[:-1], 12).copy(); t = y.to_numpy()[12:].copy()
r.fit(X, t)
with open("tests/data/forecaster_v010.pkl", "wb") as fh: pickle.dump(f, fh)
import os; f.save(os.path.abspath("tests/data/forecaster_v010"))
with open("tests/data/regressor_v010.pkl", "wb") as fh: pickle.dump(r, fh)
pd.DataFrame({"forecaster": f.predict().to_numpy()}).to_csv("tests/data/forecaster_v010_predict.csv", index=False)
pd.DataFrame({"regressor": r.predict(X[-5:])}).to_csv("tests/data/regressor_v010_predict.csv", index=False)
