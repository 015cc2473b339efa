"""While a solver runs, every BLAS but numpy's own runs on one thread, and
overlapping fits share that limit (``sknumpynet._threads``).
"""

import threading

import pytest
import scipy
import scipy.optimize
from blas_expectations import limited_during_fit
from threadpoolctl import threadpool_info, threadpool_limits
from training_problems import (
    X3,
    Y3,
    _quiet_fit,
    ours,
)

from sknumpynet import _base
from sknumpynet._threads import serial_other_blas


@pytest.mark.parametrize(
    "solver, trainer",
    [("lbfgs", (scipy.optimize, "minimize")), ("adam", (_base, "run_epochs"))],
)
def test_training_runs_other_blas_on_one_thread(monkeypatch, solver, trainer):
    """While a solver runs, every BLAS library but numpy's own uses one thread
    (their workers would otherwise compete with numpy's for the CPU); numpy's
    keeps its setting, and all are restored afterwards."""
    seen = []
    module, name = trainer
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(threadpool_info())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    # two threads everywhere first, so that one thread during the fit is a change
    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        _quiet_fit(ours(solver=solver, max_iter=5), X3, Y3)
        after = threadpool_info()
    assert len(seen) == 1
    assert any(limited_during_fit(lib, before) for lib in before)
    for lib, during in zip(before, seen[0]):
        assert during["filepath"] == lib["filepath"]
        expected = 1 if limited_during_fit(lib, before) else lib["num_threads"]
        assert during["num_threads"] == expected
    assert after == before


def test_overlapping_blas_limits_are_shared():
    """Fits that overlap in several threads leave in any order: the first to
    leave must not lift the one-thread limit while another still trains,
    and the last restores the settings from before the first."""
    entered = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]
    seen = {}

    def fit(i):
        entered[i].set()
        assert release[i].wait(10)

    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        expected = [1 if limited_during_fit(lib, before) else lib["num_threads"] for lib in before]
        threads = [threading.Thread(target=serial_other_blas, args=(fit, i)) for i in (0, 1)]
        for thread, event in zip(threads, entered):
            thread.start()
            assert event.wait(10)
        release[0].set()  # the first fit finishes first
        threads[0].join(10)
        seen["one left"] = [lib["num_threads"] for lib in threadpool_info()]
        release[1].set()
        threads[1].join(10)
        seen["both left"] = threadpool_info()
    assert seen["one left"] == expected
    assert seen["both left"] == before
