"""Smoke runs of the accuracy benchmarks of the defaults (classic.py, protocol.py, ...)."""

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

#: Smoke runs of scripts run by hand: in CI's main run, not in its run at the lowest
#: versions (.ci/run: -m "not slow").
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
needs_m4_weekly = pytest.mark.skipif(
    not (DATA / "m4" / "weekly" / "Weekly-train.csv").is_file(),
    reason=f"M4 Weekly data not found in {DATA}",
)


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (DATA / "m3" / "M3-other-train.csv").is_file(), reason=f"M3 data not found in {DATA}"
)
def test_classic_scores_a_global_model_beside_the_m3_methods(capsys):
    classic = _script("classic")
    classic.main(
        ["--dataset", "m3-other", "--data", str(DATA), "--n-series", "12", "--threads", "1",
         "--params", '{"max_steps": 20, "hidden_size": 4, "n_models": 2}', "--members"]
    )
    out = capsys.readouterr().out
    assert "m3-other: 12 series, h=8" in out
    assert "seed 0: sMAPE" in out and "member 1 alone" in out
    for method in ["THETA", "ForecastPro", "NAIVE2", "seasonal naive"]:
        assert method in out


def test_single_series_benchmark_prints_each_series(capsys):
    single = _script("single_series")
    single.main(["--series", "shampoo", "--seeds", "0", "1", "--params", '{"max_steps": 10}'])
    out = capsys.readouterr().out
    assert "shampoo  RNNForecaster" in out and "seasonal naive" in out


def test_references_own_intervals_hold_their_forecasts_and_nest():
    # the intervals that protocol.py scores beside the network's: AutoETS's (a multiplicative
    # model on airline: its quantiles simulated) and Theta's, each from its own fit
    pytest.importorskip("statsmodels")
    from rnnforecast.datasets import load_airline

    single = _script("single_series")
    train = load_airline().iloc[:-24]
    forecasts, models = single.reference_models(train, 24, 12)
    assert sorted(models) == ["AutoETS", "Theta"]
    for name, model in models.items():
        bounds = single.reference_bounds(model, 24, [0.8, 0.95])
        assert bounds.shape == (2, 2, 24)
        (low80, high80), (low95, high95) = bounds
        assert np.all(low95 < low80) and np.all(low80 < forecasts[name] * 1.02)
        assert np.all(high80 > forecasts[name] * 0.98) and np.all(high95 > high80)
        width = high95 - low95  # each month of the second year wider than in the first
        assert np.all(width[12:] > width[:12]), name
    first = single.reference_bounds(models["AutoETS"], 24, [0.95])  # seeded: the same
    np.testing.assert_array_equal(first, single.reference_bounds(models["AutoETS"], 24, [0.95]))


@pytest.mark.skipif(
    not (DATA / "m4" / "Hourly-train.csv").is_file(), reason=f"M4 data not found in {DATA}"
)
def test_interval_benchmark_scores_msis_and_coverage(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))  # it imports classic.py beside it
    intervals = _script("intervals")
    intervals.main(
        ["--dataset", "m4-hourly", "--data", str(DATA), "--n-series", "3", "--threads", "1",
         "--params", '{"max_steps": 5, "hidden_size": 4}', "--halves"]
    )
    out = capsys.readouterr().out
    assert "95% intervals" in out and "insample" in out and "Naive (computed)" in out
    # H1, H2, H3: each candidate also scored on the odd ids and on the even ones
    assert out.count("odd ids (tuning)") == out.count("even ids (confirmation)") >= 4


@needs_m4_weekly
def test_interval_benchmark_scores_an_ensembles_first_network_alone(capsys, monkeypatch):
    # --first-member: the n_models=1 forecast of the same seed, from the ensemble's own fit
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    intervals = _script("intervals")
    common = ["--dataset", "m4-weekly", "--data", str(DATA), "--n-series", "4", "--threads", "1",
              "--methods", "insample"]
    quick = {"max_steps": 5, "hidden_size": 4}
    intervals.main(common + ["--params", json.dumps({**quick, "n_models": 2}), "--first-member"])
    ensemble = capsys.readouterr().out
    intervals.main(common + ["--params", json.dumps(quick)])
    single = capsys.readouterr().out
    assert "holdout" not in ensemble and "holdout" not in single  # --methods insample
    first = re.search(r"first network alone: (sMAPE [\d.]+  MASE [\d.]+  OWA [\d.]+)", ensemble)
    assert first.group(1) in re.search(r"point: (sMAPE .*)  fit", single).group(1)
    msis = re.search(r"first network alone, insample +([\d.]+ +[\d.]+)", ensemble).group(1)
    assert re.search(r"\n  insample +([\d.]+ +[\d.]+)", single).group(1) == msis


@pytest.mark.skipif(
    not (DATA / "m1" / "M1-yearly-train.csv").is_file(), reason=f"M1 data not found in {DATA}"
)
def test_protocol_scores_one_model_per_series_beside_the_references(capsys):
    protocol = _script("protocol")
    protocol.main(["--set", "confirmation", "--data", str(DATA), "--n-series", "3",
                   "--seeds", "0", "--params", '{"max_steps": 5, "hidden_size": 4}',
                   "--coverage", "0.8", "0.95", "--timed", "1"])
    out = capsys.readouterr().out
    assert "confirmation set: 3 series" in out
    assert "80% intervals: coverage" in out and "95% intervals: coverage" in out
    if importlib.util.find_spec("statsmodels") is not None:  # the references' own intervals
        assert out.count("95% intervals (its own): coverage") == 2  # AutoETS and Theta
    for method in ["RNNForecaster", "seasonal naive", "naive", "beats sNaive"]:
        assert method in out


def test_protocol_sets_never_share_a_series():
    protocol = _script("protocol")
    for tuning, confirmation in [("tuning", "confirmation"), ("tuning-long", "confirmation-long")]:
        halves = {name: {} for name in (tuning, confirmation)}
        for name in halves:
            for spec in protocol.SETS[name]:
                halves[name][spec[0]] = spec[4]
        for file in halves[tuning].keys() & halves[confirmation].keys():
            # a file in both sets is split into the odd and the even ids
            assert {halves[tuning][file], halves[confirmation][file]} == {"odd", "even"}
    rows = {"W1": 1, "W2": 2, "H13": 3, "H400": 4}
    assert protocol.half(rows, "odd") == {"W1": 1, "H13": 3}
    assert protocol.half(rows, "even") == {"W2": 2, "H400": 4}
    assert protocol.half(rows, None) == rows


@needs_m4_weekly
def test_protocol_long_sets_split_m4_by_id(capsys, monkeypatch):
    protocol = _script("protocol")
    # AutoETS on an hourly series of 700 values takes most of a minute: seasonal naive
    # alone here (the references are tested on short series above)
    monkeypatch.setattr(protocol, "reference_models", lambda train, h, sp: (
        {"seasonal naive": np.resize(train.to_numpy(dtype=float)[-sp:], h)}, {}))
    tuning = protocol.sample(DATA, "tuning-long", 6)
    confirmation = protocol.sample(DATA, "confirmation-long", 6)
    assert {int(s[1][1:]) % 2 for s in tuning} == {1}
    assert {int(s[1][1:]) % 2 for s in confirmation} == {0}
    assert min(len(s[2]) for s in tuning + confirmation) >= 80  # long series
    protocol.main(["--set", "confirmation-long", "--data", str(DATA), "--n-series", "2",
                   "--seeds", "0", "--params", '{"max_steps": 5, "hidden_size": 4}'])
    out = capsys.readouterr().out
    assert "confirmation-long set: 2 series" in out and "RNNForecaster" in out
    assert "seasonal naive" in out


@pytest.mark.skipif(
    not (DATA / "m3" / "M3-yearly-train.csv").is_file(), reason=f"M3 data not found in {DATA}"
)
def test_combination_levers_scores_members_and_medians(capsys):
    levers = _script("combination_levers")
    levers.main(["--data", str(DATA), "--n-series", "3",
                 "--params", '{"max_steps": 5, "hidden_size": 4}'])
    out = capsys.readouterr().out
    assert "tuning set: 3 series" in out
    for line in ["net alone", "theta alone", "median of net+theta+damped "]:
        assert line in out


@needs_m4_weekly
def test_block_guard_scores_each_z_on_the_same_fits(capsys):
    guard = _script("block_guard")
    guard.main(["--data", str(DATA), "--n-series", "2", "--seeds", "0", "--z", "0", "1.282",
                "--params", '{"max_steps": 5, "hidden_size": 4}'])
    out = capsys.readouterr().out
    assert "tuning-long set: 2 series" in out
    lines = [line for line in out.splitlines() if line.startswith("all ")]
    assert [line.split()[1] for line in lines] == ["median", "network", "z", "z"]
    # z = 0 keeps the network at least as often as z = 1.282 (the same fits)
    assert float(lines[2].split()[-1]) >= float(lines[3].split()[-1])


@needs_m4_weekly
def test_holdout_sharing_times_both_ways_on_the_same_series(capsys):
    sharing = _script("holdout_sharing")
    sharing.main(["--data", str(DATA), "--n-series", "2",
                  "--params", '{"max_steps": 5, "hidden_size": 4}'])
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()[1:] if line and line[0] == " "]
    assert len(rows) == 2 and "total over 2 series (tuning-long)" in out
    for _, length, _, shared, _, separate, _ in rows:
        # the block guard and the holdout calibration: one network each, or one for both
        assert int(separate) == 2 and int(shared) in (1, 2)


def test_public_series_scores_each_series_beside_the_references(capsys):
    public = _script("public_series")
    public.main(["--series", "seatbelts", "nile", "--seeds", "0",
                 "--params", '{"max_steps": 30, "hidden_size": 4}'])
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line.split() and line.split()[0] in ("seatbelts", "nile")}
    header = next(line.split() for line in out.splitlines() if line.startswith("series"))
    assert set(rows) == {"seatbelts", "nile"} and "mean MASE over 2 series" in out
    nile = dict(zip(header, rows["nile"]))
    assert nile["values"] == "100"
    # yearly: seasonal naive is naive, scored by the same code
    assert nile["seasonal_naive"] == nile["naive"]
    assert float(dict(zip(header, rows["seatbelts"]))["RNN"]) > 0


def test_public_series_names_an_unknown_series(capsys):
    public = _script("public_series")
    with pytest.raises(SystemExit):
        public.main(["--series", "nile", "airline"])
    assert "--series: unknown ['airline']" in capsys.readouterr().err


@needs_m4_weekly
def test_origin_speed_times_both_ways_and_finds_the_same_numbers(capsys):
    speed = _script("origin_speed")
    speed.main(["--data", str(DATA), "--n-series", "2",
                "--params", '{"max_steps": 5, "hidden_size": 4}'])
    out = capsys.readouterr().out
    assert "the same numbers both ways: yes" in out
    total = re.search(r"shared ([\d.]+) s, per origin ([\d.]+) s, ratio ([\d.]+)", out)
    shared, alone, ratio = map(float, total.groups())
    assert ratio == pytest.approx(shared / alone, abs=0.01)
