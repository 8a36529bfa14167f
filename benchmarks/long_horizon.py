"""ETTh1 long-horizon benchmark: SegRNN, the standard protocol, one horizon per command.

The protocol of Informer, Autoformer, DLinear, PatchTST and SegRNN on ETTh1
(17,420 hourly rows, 7 columns, all forecast):

- train / validation / test = the first 12 / next 4 / next 4 months of 30
  days (rows [0, 8640), [8640, 11520), [11520, 14400); the rest of the file
  is unused); the validation and test windows' inputs start ``L`` rows before
  their split's first row, so that the first forecast step is that row;
- every column standardised with the mean and (population) standard
  deviation of its training rows;
- inputs of L = 720 hours, horizons H = 96, 192, 336 or 720;
- every window of stride 1 whose H targets lie in the split;
- MSE and MAE over all test windows, steps and columns, on the standardised
  values.

The model is :class:`rnnforecast.nn.SegRNN` (segments of 48 hours, a GRU
encoder, parallel multi-step decoding), trained with Adam on the training
windows; after each epoch the validation MSE is measured, training stops
after ``--patience`` epochs without improvement, and the weights of the best
validation epoch are scored on the test windows. The learning rate is
constant for 3 epochs, then multiplied by 0.9 each epoch (as SegRNN's code).
The test windows are scored once, at the end.

Defaults: the paper's seg_len 48, dropout 0.5, Adam with lr 1e-3, a GRU;
chosen on the validation MSE at H = 96 (never on test): the MAE loss (0.6393
against 0.6429 with the MSE loss, d_model 128), d_model 256 with batches of
256 windows (one network, seed 0: 0.6293 against 0.6352 for d_model 128 with
batches of 64; the paper's 512 was not tried on the CPU), and ``--ensemble
2``: two networks (seeds ``--seed`` and ``--seed`` + 1, each stopped on its
own best validation epoch) whose forecasts are averaged, trained side by side
in two processes (``--jobs 2``): validation MSE 0.6272 against 0.6331 for the
former default, three networks of d_model 128 and batches of 64; about 10
minutes a horizon on 2 CPU cores.

Usage, from the repository root::

    python benchmarks/long_horizon.py --horizon 96
    python benchmarks/long_horizon.py --horizon 720 --seed 2 --device cuda
    python benchmarks/long_horizon.py --horizon 96 --ensemble 1  # one network
    python benchmarks/long_horizon.py --horizon 96 --d-model 128 --batch-size 64 --ensemble 3
        # the former default

The last line printed is ``MSE <value> MAE <value>``. ``--smoke`` runs the
same code in seconds on the first 1,440 rows (months of 3 days), with a tiny
network: a check of the script, not a figure.

Threads and processes: each network gets 1 torch thread (``--threads``) and
``--jobs`` networks train at a time, each in its own process (the same
weights as one after another); on a machine shared with other busy
processes, more threads can be slower (they wait on each other).
"""

import argparse
import math
import multiprocessing
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnforecast.nn import SegRNN  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ett" / "ETTh1.csv"
COLUMNS = ["HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"]
#: Rows per month of the protocol (30 days of 24 hours), and the split in months.
MONTH = 30 * 24
SPLIT_MONTHS = (12, 4, 4)
#: What --smoke changes: rows per "month", and the settings of a tiny run.
SMOKE = dict(month=72, input_length=96, horizon=24, seg_len=24, d_model=16, epochs=2,
             patience=1, batch_size=64)


def borders(month):
    """First rows of train, validation and test, and the end of test."""
    ends = np.cumsum((0,) + SPLIT_MONTHS) * month
    return [int(b) for b in ends]


def load_splits(path, input_length, month=MONTH):
    """Standardised (T, C) float32 arrays of the three splits, each validation and
    test array starting ``input_length`` rows before its border."""
    frame = pd.read_csv(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"long_horizon: {path} has no column(s) {missing}; expected {COLUMNS}.")
    values = frame[COLUMNS].to_numpy(dtype=np.float64)
    b = borders(month)
    if len(values) < b[3]:
        raise ValueError(
            f"long_horizon: the protocol needs {b[3]} rows, {path} has {len(values)}."
        )
    train = values[b[0]:b[1]]
    mean, std = train.mean(axis=0), train.std(axis=0)
    scaled = ((values - mean) / std).astype(np.float32)
    starts = [b[0], b[1] - input_length, b[2] - input_length]
    return [scaled[s:e] for s, e in zip(starts, b[1:])]


def n_windows(split, input_length, horizon):
    return len(split) - input_length - horizon + 1


def batches(split, input_length, horizon, batch_size, generator=None, device="cpu"):
    """(x, y) batches of windows of stride 1: x (B, L, C), y (B, H, C); shuffled with
    ``generator``, in order without."""
    count = n_windows(split, input_length, horizon)
    order = (torch.randperm(count, generator=generator) if generator is not None
             else torch.arange(count))
    steps = torch.arange(input_length + horizon)
    for start in range(0, count, batch_size):
        rows = order[start:start + batch_size, None] + steps  # (B, L + H)
        window = split[rows].to(device, non_blocking=True)
        yield window[:, :input_length], window[:, input_length:]


def evaluate(net, split, input_length, horizon, batch_size, device):
    """MSE and MAE over every window, step and column of ``split``; ``net`` a network
    or a list of them (the mean of their forecasts)."""
    nets = net if isinstance(net, (list, tuple)) else [net]
    for member in nets:
        member.eval()
    squared = absolute = 0.0
    count = 0
    with torch.no_grad():
        for x, y in batches(split, input_length, horizon, batch_size, device=device):
            forecast = torch.stack([member(x) for member in nets]).mean(dim=0)
            error = (forecast - y).double()
            squared += float((error ** 2).sum())
            absolute += float(error.abs().sum())
            count += error.numel()
    return squared / count, absolute / count


def seed_everything(seed, device):
    torch.manual_seed(seed)
    np.random.seed(seed)
    if device.startswith("cuda"):
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)


def learning_rate(initial, epoch):
    """The rate of (0-based) ``epoch``: ``initial`` for 3 epochs, then 0.9 times less
    each epoch."""
    return initial * 0.9 ** max(0, epoch - 2)


def run(args):
    month = SMOKE["month"] if args.smoke else MONTH
    L, H = args.input_length, args.horizon
    splits = [torch.from_numpy(s) for s in load_splits(args.data, L, month)]
    for name, split in zip(["train", "validation", "test"], splits):
        if n_windows(split, L, H) < 1:
            raise ValueError(
                f"long_horizon: the {name} split ({len(split)} rows with its input) is "
                f"too short for input {L} + horizon {H}."
            )
    wall, cpu = time.perf_counter(), _cpu_seconds()
    seeds = [args.seed + k for k in range(args.ensemble)]
    nets = train_all(args, seeds, splits)
    valid, test = splits[1], splits[2]
    if len(nets) > 1:
        for seed, net in zip(seeds, nets):  # each member's own test figure, beside the ensemble's
            mse, mae = evaluate(net, test, L, H, args.eval_batch_size, args.device)
            print(f"seed {seed} alone: test MSE {mse:.4f} MAE {mae:.4f}")
        val_mse, val_mae = evaluate(nets, valid, L, H, args.eval_batch_size, args.device)
        print(f"ensemble of {len(nets)} (seeds {args.seed}-{args.seed + len(nets) - 1}, the mean "
              f"of their forecasts): validation MSE {val_mse:.4f} MAE {val_mae:.4f}")
    mse, mae = evaluate(nets, test, L, H, args.eval_batch_size, args.device)
    print(f"wall {time.perf_counter() - wall:.0f} s, CPU {_cpu_seconds() - cpu:.0f} s "
          f"({args.jobs} process(es))")
    print(f"MSE {mse:.4f} MAE {mae:.4f}")
    return mse, mae


def _cpu_seconds():
    """CPU seconds of this process and of its finished child processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def build(args, splits):
    return SegRNN(args.input_length, args.horizon, splits[0].shape[1], seg_len=args.seg_len,
                  d_model=args.d_model, dropout=args.dropout, cell=args.cell,
                  anchor=args.anchor).to(args.device)


def train_all(args, seeds, splits):
    """The networks of ``seeds``, trained in ``args.jobs`` processes at a time on the CPU
    (one network each, ``args.threads`` torch threads; the same weights as one after
    another: each network depends on its seed only)."""
    jobs = min(args.jobs, len(seeds))
    if jobs <= 1 or args.device != "cpu":
        return [train_one(args, seed, splits) for seed in seeds]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        states = list(pool.map(_train_in_process, [args] * len(seeds), seeds,
                               [splits] * len(seeds)))
    nets = []
    for state in states:
        net = build(args, splits)
        net.load_state_dict(state)
        nets.append(net)
    return nets


def _train_in_process(args, seed, splits):
    """:func:`train_one` in a worker process (its progress printed as it goes, each line
    led by its seed): the network's weights."""
    torch.set_num_threads(args.threads)
    return train_one(args, seed, splits).state_dict()


def train_one(args, seed, splits):
    """One network trained with ``seed``: the weights of its best validation epoch."""
    seed_everything(seed, args.device)
    L, H = args.input_length, args.horizon
    train, valid, test = splits
    net = build(args, splits)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss() if args.loss == "mse" else torch.nn.L1Loss()
    generator = torch.Generator().manual_seed(seed)
    print(f"ETTh1 L={L} H={H} windows train/validation/test "
        f"{n_windows(train, L, H)}/{n_windows(valid, L, H)}/{n_windows(test, L, H)}; "
        f"SegRNN({net.extra_repr()}); loss {args.loss}, lr {args.lr}, "
        f"batch {args.batch_size}, seed {seed}, device {args.device}, "
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)", flush=True)

    best, best_state, best_epoch, waited = math.inf, None, 0, 0
    wall, cpu = time.perf_counter(), time.process_time()
    for epoch in range(args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(args.lr, epoch)
        net.train()
        total, seen = 0.0, 0
        for x, y in batches(train, L, H, args.batch_size, generator, args.device):
            optimizer.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            seen += len(x)
        val_mse, val_mae = evaluate(net, valid, L, H, args.eval_batch_size, args.device)
        improved = val_mse < best
        if improved:
            best, best_epoch, waited = val_mse, epoch + 1, 0
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            waited += 1
        print(f"seed {seed} epoch {epoch + 1}: train {args.loss} {total / seen:.4f}, validation "
            f"MSE {val_mse:.4f} MAE {val_mae:.4f}{' *' if improved else ''} "
            f"({time.perf_counter() - wall:.0f} s)", flush=True)
        if waited >= args.patience:
            break
    net.load_state_dict(best_state)
    print(f"seed {seed}: best validation MSE {best:.4f} at epoch {best_epoch}; "
        f"wall {time.perf_counter() - wall:.0f} s, CPU {time.process_time() - cpu:.0f} s",
        flush=True)
    return net


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--horizon", type=int, default=96, help="H: 96, 192, 336 or 720")
    parser.add_argument("--data", default=str(DATA), help="ETTh1.csv")
    parser.add_argument("--input-length", type=int, default=720)
    parser.add_argument("--seg-len", type=int, default=48)
    parser.add_argument("--d-model", type=int, default=256,
                        help="D (the paper: 512; 256 keeps a horizon within 15 minutes on "
                             "2 CPU cores)")
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--cell", default="gru", choices=["rnn", "lstm", "gru"])
    parser.add_argument("--anchor", default="last", choices=["last", "mean"])
    parser.add_argument("--loss", default="mae", choices=["mse", "mae"],
                        help="training loss (mae: the lower validation MSE at H = 96)")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=256, help="windows per step")
    parser.add_argument("--eval-batch-size", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ensemble", type=int, default=2,
                        help="networks trained with seeds seed, seed + 1, ...; the mean of "
                             "their forecasts is scored (1: one network)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:<n>")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads per network on the CPU")
    parser.add_argument("--jobs", type=int, default=2,
                        help="networks of the ensemble trained at a time, each in its own "
                             "process (CPU only; the same figures as one at a time)")
    parser.add_argument("--smoke", action="store_true",
                        help="a seconds-long check on the first 1,440 rows, tiny network")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.smoke:
        for name, value in SMOKE.items():
            if name != "month":
                setattr(args, name, value)
    return args


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
