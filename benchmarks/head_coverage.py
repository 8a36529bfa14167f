"""Coverage of the probabilistic heads' intervals on the synthetic draws of
``tests/test_interval_coverage.py`` (known Gaussian noise: exact coverage per step).

Usage, from the repository root::

    python benchmarks/head_coverage.py

Prints, per setting, the mean coverage of the 80% and 95% intervals over the 40
draws (10 per case: single series or panel of 3, with or without ``fh``).
"""

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_interval_coverage import interval_draws  # noqa: E402

SETTINGS = [
    {},
    {"loss": "quantile", "quantiles": [0.025, 0.1, 0.5, 0.9, 0.975], "calibration": None},
    {"loss": "quantile", "quantiles": [0.025, 0.1, 0.5, 0.9, 0.975]},
    {"loss": "normal", "calibration": None},
    {"loss": "normal"},
    {"loss": "student_t", "calibration": None},
    {"loss": "student_t"},
]


def main():
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    for params in SETTINGS:
        start = time.perf_counter()
        covered = {0.8: [], 0.95: []}
        for _, cover, _ in interval_draws(0, **params):
            for c in covered:
                covered[c].append(float(np.mean(cover[c])))
        print(f"{params!s:75s} 80%: {np.mean(covered[0.8]):.3f}  95%: "
              f"{np.mean(covered[0.95]):.3f}  ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()  # --help
    main()
