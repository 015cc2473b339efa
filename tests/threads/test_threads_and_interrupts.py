"""Reliability under threads, interrupts and forks.

- The one-thread limit on the other BLAS libraries (see ``sknumpynet._threads``)
  takes effect in whichever thread fits, also after a fit in the main thread,
  and leaves threadpoolctl usable from other threads.
- An interrupt at any point of a fit, the limit's bookkeeping included,
  leaves every library's thread count as it was and no fit registered. The
  interrupts are injected deterministically at every point where CPython can
  raise one in that code (on entering a hooked function and after each call
  returns), one point per fit, and then at every point from some point on.
- A forked child of a process that is fitting in another thread gets its
  thread counts back and can fit.
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from blas_expectations import limited_during_fit
from numpy.testing import assert_array_equal
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_info, threadpool_limits

from sknumpynet import NumpyMLPClassifier, _threads
from sknumpynet._nn import network as _network

X, Y = make_blobs(n_samples=60, centers=3, n_features=4, random_state=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)


def _small(solver, **params):
    return NumpyMLPClassifier(
        hidden_layer_sizes=(5,), solver=solver, max_iter=2, random_state=0, **params
    )


def _idle():
    return not _threads._fits and _threads._saved is None


def _wait_until_idle(seconds=10.0):
    """The helper thread finishes an interrupted fit's bookkeeping a moment
    after the interrupt when a second one cut the fit's wait for it short."""
    deadline = time.monotonic() + seconds
    while not _idle() and time.monotonic() < deadline:
        time.sleep(0.001)
    return _idle()


# ----------------------------------------------------------------- threads


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_worker_thread_fit_after_main_thread_fit_runs_with_the_limit(monkeypatch, solver):
    """OpenBLAS's thread count is process-wide: the limit must take effect
    from a worker thread too, also once the main thread has fitted (through
    threadpoolctl 3.8 it did not), and with the main thread inside its own
    ``threadpool_limits`` block."""
    seen = {}
    real = _network.forward

    def spy(*args, **kwargs):
        seen.setdefault(threading.current_thread().name, threadpool_info())
        return real(*args, **kwargs)

    monkeypatch.setattr(_network, "forward", spy)
    assert _idle()
    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        _small(solver).fit(X, Y)
        with ThreadPoolExecutor(1, thread_name_prefix="worker") as pool:
            pool.submit(_small(solver).fit, X, Y).result()
        after = threadpool_info()
    assert after == before
    assert any(limited_during_fit(lib, before) for lib in before)
    workers = [name for name in seen if name.startswith("worker")]
    assert len(seen) == 2 and len(workers) == 1
    for during in seen.values():
        for lib, lib_during in zip(before, during):
            assert lib_during["filepath"] == lib["filepath"]
            expected = 1 if limited_during_fit(lib, before) else lib["num_threads"]
            assert lib_during["num_threads"] == expected, lib["filepath"]


def test_fit_leaves_threadpoolctl_usable_from_other_threads():
    """A fit must not make its thread threadpoolctl's controlling thread for
    OpenBLAS: other threads' limits would then be ignored silently."""
    _small("lbfgs").fit(X, Y)

    def limited():
        with threadpool_limits(limits=1, user_api="blas"):
            return threadpool_info()

    with ThreadPoolExecutor(1) as pool:
        inside = pool.submit(limited).result()
    openblas = [lib for lib in inside if lib["internal_api"] == "openblas"]
    assert openblas
    assert [lib["num_threads"] for lib in openblas] == [1] * len(openblas)


def test_concurrent_fits_in_threads_restore_every_thread_count():
    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        with ThreadPoolExecutor(4) as pool:
            futures = [
                pool.submit(_small(solver).fit, X, Y)
                for solver in ("lbfgs", "adam", "sgd", "lbfgs") * 3
            ]
            models = [f.result() for f in futures]
        after = threadpool_info()
    assert after == before and _idle()
    reference = _small("lbfgs").fit(X, Y)
    assert_array_equal(models[0].predict_proba(X), reference.predict_proba(X))


# -------------------------------------------------------------- interrupts


class _Interrupts:
    """Raises KeyboardInterrupt at hooked points reached in the main thread
    (the only thread Python delivers signals to): at point ``at`` only, or
    at every point from ``at`` on with ``storm=True``. ``at=None`` counts."""

    def __init__(self, at=None, storm=False):
        self.at, self.storm, self.count = at, storm, 0

    def point(self):
        if threading.current_thread() is not threading.main_thread():
            return
        self.count += 1
        if self.at is not None and (self.count == self.at or (self.storm and self.count > self.at)):
            raise KeyboardInterrupt("injected at point %d" % self.count)

    def around(self, func):
        """``func`` with a point before the call and one after it returns."""

        def hooked(*args, **kwargs):
            self.point()
            result = func(*args, **kwargs)
            self.point()
            return result

        return hooked


class _HookedSet(set):
    def __init__(self, interrupts):
        super().__init__()
        self.interrupts = interrupts

    def add(self, item):
        self.interrupts.around(super().add)(item)

    def discard(self, item):
        self.interrupts.around(super().discard)(item)


class _HookedQueue:
    """``_repairs``: an interrupt can come only after ``put`` returns."""

    def __init__(self, queue, interrupts):
        self.queue, self.interrupts = queue, interrupts

    def put(self, item):
        self.queue.put(item)
        self.interrupts.point()

    def get(self):
        return self.queue.get()


class _HookedLock:
    """A fit's ``done`` lock, whose wait an interrupt can cut short."""

    def __init__(self, lock, interrupts):
        self.lock, self.interrupts = lock, interrupts

    def acquire(self, *args, **kwargs):
        self.interrupts.point()
        return self.lock.acquire(*args, **kwargs)

    def release(self):
        self.lock.release()


def _hook(monkeypatch, interrupts):
    """Hook every step of the limit's bookkeeping and every forward pass of
    the fit itself."""
    pools = tuple(
        _threads._Pool(pool.filepath, interrupts.around(pool.get), interrupts.around(pool.set))
        for pool in _threads._other_blas()
    )
    monkeypatch.setattr(_threads, "_other_blas", lambda: pools)
    monkeypatch.setattr(_threads, "_fits", _HookedSet(interrupts))
    monkeypatch.setattr(_threads, "_reconcile", interrupts.around(_threads._reconcile))
    monkeypatch.setattr(_threads, "_repairs", _HookedQueue(_threads._repairs, interrupts))

    class Fit(_threads._Fit):
        __slots__ = ()

        def __init__(self):
            super().__init__()
            self.done = _HookedLock(self.done, interrupts)

    monkeypatch.setattr(_threads, "_Fit", Fit)
    monkeypatch.setattr(_network, "forward", interrupts.around(_network.forward))
    # the helper thread must serve the hooked queue
    monkeypatch.setattr(_threads, "_helper", None)


def _interrupted_fits(monkeypatch, solver, storm):
    """Fit once per injection point; return the number of points and every
    (point, thread counts after, idle after, fitted after) outcome."""
    counter = _Interrupts()
    with monkeypatch.context() as m:
        _hook(m, counter)
        _small(solver).fit(X, Y)
    outcomes = []
    for at in range(1, counter.count + 1):
        with monkeypatch.context() as m:
            interrupts = _Interrupts(at, storm)
            _hook(m, interrupts)
            est = _small(solver)
            # in a storm, the caller gets the last interrupt
            first = "injected at point %d" % at
            with pytest.raises(KeyboardInterrupt, match="injected" if storm else first):
                est.fit(X, Y)
            idle = _wait_until_idle()
        outcomes.append((at, threadpool_info(), idle, hasattr(est, "coefs_")))
    return counter.count, outcomes


@pytest.mark.parametrize("storm", [False, True], ids=["one interrupt", "interrupt storm"])
@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_interrupt_at_any_point_restores_thread_counts(monkeypatch, solver, storm):
    assert _idle()  # a leftover limit would hide what the interrupts leave
    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        assert any(limited_during_fit(lib, before) for lib in before)
        points, outcomes = _interrupted_fits(monkeypatch, solver, storm)
        # the hooks do see the bookkeeping: a get, a set and a restore per pool,
        # two registry changes and two reconciliations, and some forward passes
        assert points >= 4 * len(_threads._other_blas()) + 8 + 2
        for at, after, idle, fitted in outcomes:
            assert after == before, "thread counts changed by an interrupt at point %d" % at
            assert idle, "a fit is still registered after an interrupt at point %d" % at
            assert not fitted
        # and the next fit is an ordinary one
        est = _small(solver).fit(X, Y)
        assert threadpool_info() == before and _idle()
    assert_array_equal(est.predict_proba(X), _small(solver).fit(X, Y).predict_proba(X))


def test_interrupt_in_training_reaches_the_caller_unchanged(monkeypatch):
    """The interrupt that stops training is the one the caller gets, after
    the bookkeeping (which takes no interrupt here) is done."""

    def stop(*args, **kwargs):
        raise KeyboardInterrupt("stop")

    monkeypatch.setattr(_network, "forward", stop)
    with pytest.raises(KeyboardInterrupt, match="stop"):
        _small("lbfgs").fit(X, Y)
    assert _idle()


# -------------------------------------------------------------------- fork


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_fork_during_a_fit_in_another_thread(monkeypatch):
    started, finish = threading.Event(), threading.Event()
    real = _network.forward

    def paused(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            started.set()
            finish.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(_network, "forward", paused)
    with threadpool_limits(limits=2, user_api="blas"):
        before = [lib["num_threads"] for lib in threadpool_info()]
        worker = threading.Thread(target=_small("adam").fit, args=(X, Y))
        worker.start()
        try:
            assert started.wait(30) and _threads._fits
            pid = os.fork()
            if pid == 0:  # the child: report through the exit status only
                ok = False
                try:
                    ok = [lib["num_threads"] for lib in threadpool_info()] == before
                    ok = ok and _idle()
                    _small("lbfgs").fit(X, Y)
                    ok = ok and [lib["num_threads"] for lib in threadpool_info()] == before
                finally:
                    os._exit(0 if ok else 1)
        finally:
            finish.set()
            worker.join(30)
        deadline = time.monotonic() + 60
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        if not done:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        after = [lib["num_threads"] for lib in threadpool_info()]
    assert done, "the forked child did not finish"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert after == before and _idle()
