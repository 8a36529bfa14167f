"""One call on a CUDA machine: the gpu-marked tests, then M4 Hourly fit time on GPU vs CPU.

1. ``pytest -m gpu`` (CUDA fits match CPU fits, ...); its exit status is kept.
2. One global GRU :class:`rnnforecast.RNNForecaster` (window 96, H = 48,
   hidden 32, batch 256) is fitted on the 414 series of M4 Hourly for the
   same ``--steps`` optimizer steps on ``cuda`` and on the CPU (``--threads``
   torch threads); the times (CUDA synchronised before the clock stops) and
   their ratio are printed, with the forecasts' largest relative difference.
   Without the M4 file, a synthetic panel of the same size is used.

Batches are gathered on the CPU from the lazy panel index and moved to the
device once (``BatchIterator(device=...)``); the only per-step host sync is
the loss read.

Usage, from the repository root::

    python benchmarks/gpu_check.py --train ../shared/data/m4/Hourly-train.csv --steps 300

Exit status: that of pytest, or 2 when there is no CUDA device.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnforecast import RNNForecaster  # noqa: E402


def load_panel(path):
    if path and Path(path).is_file():
        from rnnforecast.datasets import load_m4

        return load_m4(path), f"M4 Hourly ({path})"
    import pandas as pd

    rng = np.random.default_rng(0)
    t = np.arange(700)
    values = 100 + 30 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 3, (414, len(t)))
    index = pd.MultiIndex.from_product([[f"H{i}" for i in range(414)], t], names=["series", "time"])
    return pd.DataFrame({"y": values.ravel()}, index=index), "synthetic 414 x 700 (no M4 file)"


def timed_fit(y, device, steps):
    f = RNNForecaster(
        96, 48, sp=24, hidden_size=32, batch_size=256, max_epochs=None, max_steps=steps,
        device=device, random_state=0,
    )
    start = time.perf_counter()
    f.fit(y)
    if device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return seconds, f.predict(fh=np.arange(1, 49))["y"].to_numpy()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=str(ROOT.parent / "shared/data/m4/Hourly-train.csv"))
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--threads", type=int, default=min(os.cpu_count() or 1, 8))
    args = parser.parse_args(argv)
    if not torch.cuda.is_available():
        print("gpu_check: torch finds no CUDA device; nothing to check here.")
        return 2
    print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}")
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "gpu", "-p", "no:cacheprovider"], cwd=ROOT
    )
    print(f"pytest -m gpu: exit status {tests.returncode}")
    torch.set_num_threads(args.threads)
    y, name = load_panel(args.train)
    timed_fit(y.iloc[: 2000], "cuda", 2)  # CUDA context and kernels warmed up
    gpu_s, gpu_pred = timed_fit(y, "cuda", args.steps)
    cpu_s, cpu_pred = timed_fit(y, "cpu", args.steps)
    diff = np.max(np.abs(gpu_pred - cpu_pred) / np.maximum(np.abs(cpu_pred), 1e-9))
    print(f"{name}: fit {args.steps} steps: GPU {gpu_s:.1f} s, CPU ({args.threads} threads) "
          f"{cpu_s:.1f} s, CPU/GPU ratio {cpu_s / gpu_s:.2f}; largest relative forecast "
          f"difference {diff:.2e}")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
