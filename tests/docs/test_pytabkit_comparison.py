"""The pytabkit comparison (``benchmarks/pytabkit_comparison.py``) without
PyTorch: its skip, the arithmetic of the tables the docs include, and the
fold cache it shares with ``real_data.py``.

PyTorch is no dependency of the package or its tests: the models are not fit
here. The tables are computed from made-up fold means and checked against
the definitions written out again in the test.
"""

import sys

import benchmark_modules
import pytest

bench = benchmark_modules.load("pytabkit_comparison")
tables = benchmark_modules.load("common.pytabkit_tables")
jsonl_cache = benchmark_modules.load("common.jsonl_cache")
OURS, THEIRS = tables.OURS, tables.THEIRS


def _fold_means(score, log_loss, cpu, wall, task):
    key = "accuracy" if task == "classification" else "r2"
    out = {key: score, "cpu_time": cpu, "wall_time": wall}
    if task == "classification":
        out["log_loss"] = log_loss
    return out


# data set -> (task, {model: (score, log-loss, cpu, wall)})
MADE_UP = {
    "a": ("classification", {OURS: (0.90, 0.30, 2.0, 3.0), THEIRS: (0.85, 0.40, 8.0, 9.0)}),
    "b": ("classification", {OURS: (0.60, 0.90, 4.0, 5.0), THEIRS: (0.70, 0.70, 6.0, 7.0)}),
    "c": ("regression", {OURS: (0.50, None, 1.0, 1.5), THEIRS: (0.75, None, 3.0, 3.5)}),
}
RESULTS = {
    d: (task, {m: _fold_means(*v, task) for m, v in models.items()})
    for d, (task, models) in MADE_UP.items()
}


def test_skips_without_torch(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("skipped: torch cannot be imported")


def test_summary_follows_the_definitions():
    header, rows = tables.SUMMARY_HEADER, tables.summary_rows(RESULTS)
    by_task = {r[0]: dict(zip(header, r)) for r in rows}
    assert set(by_task) == {"classification", "regression"}
    cls = by_task["classification"]
    # error = 1 - accuracy, averaged over the sets a and b
    ours_err, theirs_err = ((1 - 0.90) + (1 - 0.60)) / 2, ((1 - 0.85) + (1 - 0.70)) / 2
    assert float(cls["mean error, %s" % OURS]) == pytest.approx(ours_err, abs=5e-5)
    assert float(cls["mean error, %s" % THEIRS]) == pytest.approx(theirs_err, abs=5e-5)
    rel = 100 * (ours_err - theirs_err) / theirs_err  # +11.1 %: ours is worse
    assert cls["relative difference"] == "%+.1f%%" % rel
    assert cls["sets where %s errs less" % OURS] == "1 of 2"
    assert float(cls["mean log-loss, %s" % OURS]) == pytest.approx(0.60, abs=5e-5)
    assert float(cls["CPU s per fit, %s" % THEIRS]) == pytest.approx(7.0)
    assert float(cls["CPU ratio"]) == pytest.approx(3.0 / 7.0, abs=5e-3)
    reg = by_task["regression"]
    # error = 1 - R²: 0.5 against 0.25, twice pytabkit's
    assert reg["relative difference"] == "+100.0%"
    assert reg["sets where %s errs less" % OURS] == "0 of 1"
    assert reg["mean log-loss, %s" % OURS] == ""
    assert float(reg["CPU ratio"]) == pytest.approx(1.0 / 3.0, abs=5e-3)


def test_per_set_rows():
    rows = tables.per_set_rows(RESULTS, {"a": 100, "b": 200, "c": 300}, 5)
    table = {r[0]: dict(zip(tables.PER_SET_HEADER, r)) for r in rows}
    assert table["b"]["rows"] == "200" and table["b"]["folds"] == "5"
    assert float(table["b"]["accuracy or R², %s" % THEIRS]) == pytest.approx(0.70)
    assert float(table["a"]["CPU ratio"]) == pytest.approx(2.0 / 8.0, abs=5e-3)
    assert table["c"]["log-loss, %s" % OURS] == ""
    assert float(table["c"]["accuracy or R², %s" % OURS]) == pytest.approx(0.50)


def test_cache_keeps_results_across_runs(tmp_path):
    path = tmp_path / "sub" / "cache.jsonl"
    calls = []

    def compute():
        calls.append(1)
        return {"accuracy": 0.5}

    assert jsonl_cache.Cache(str(path)).get("k", compute) == {"accuracy": 0.5}
    again = jsonl_cache.Cache(str(path))
    assert again.get("k", compute) == {"accuracy": 0.5}
    assert len(calls) == 1  # read back, not recomputed
    memory = jsonl_cache.Cache(None)
    memory.get("k", compute)
    assert len(calls) == 2 and not (tmp_path / "None").exists()
