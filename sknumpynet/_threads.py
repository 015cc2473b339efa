"""Keeping the thread pools of the BLAS libraries other than numpy's out of
the way while a fit runs: :func:`serial_other_blas`.

scipy's bundled OpenBLAS (the ``axpy`` updates, L-BFGS-B) and numpy's each
keep spinning worker threads, which made fits wait on each other's pools;
every BLAS library but numpy's is put on one thread while any fit runs, in
any thread, and restored when the last one ends, through interrupts too.
The docs' architecture page explains why it is built this way (OpenBLAS's
own setters rather than threadpoolctl's, the set of running fits, the
helper thread that finishes an interrupted fit's bookkeeping).
"""

import functools
import itertools
import os
import queue
import threading

import numpy as np
import scipy
from threadpoolctl import ThreadpoolController

__all__ = ["serial_other_blas"]

# How long an interrupted fit waits for the helper to finish its bookkeeping
# before letting the interrupt through (the helper finishes it regardless).
_REPAIR_WAIT = 1.0


def _inside(path, package):
    """Whether the library at ``path`` ships inside ``package``'s directory
    or its wheel's ``<package>.libs`` directory."""
    root = os.path.dirname(os.path.realpath(package.__file__))
    return os.path.realpath(path).startswith((root + os.sep, root + ".libs" + os.sep))


class _Pool:
    """The thread-count getter and setter of one BLAS library whose thread
    pool the whole process shares."""

    __slots__ = ("filepath", "get", "set")

    def __init__(self, filepath, get, set):
        self.filepath, self.get, self.set = filepath, get, set


def _pool(lib):
    """A :class:`_Pool` for the threadpoolctl controller ``lib``, or None if
    its thread count is per calling thread or cannot be set."""
    if lib.internal_api != "openblas":
        # threadpoolctl calls the library's process-wide setter directly
        return _Pool(lib.filepath, lib.get_num_threads, lib.set_num_threads)
    if getattr(lib, "threading_layer", None) == "openmp":
        return None  # omp_set_num_threads: per calling thread
    # OpenBLAS's own functions, which any thread may call; their names carry
    # the same prefixes and suffixes as threadpoolctl looks for.
    for prefix, suffix in itertools.product(("", "scipy_"), ("", "64_", "_64")):
        get = getattr(lib.dynlib, "%sopenblas_get_num_threads%s" % (prefix, suffix), None)
        set_ = getattr(lib.dynlib, "%sopenblas_set_num_threads%s" % (prefix, suffix), None)
        if get is not None and set_ is not None:
            return _Pool(lib.filepath, get, set_)
    return None


@functools.lru_cache(maxsize=1)
def _other_blas():
    """:class:`_Pool` of every BLAS library but numpy's own, as a tuple.

    numpy's own library is the one shipped inside numpy's package (pip
    wheels). When numpy uses a shared library instead (conda, system
    packages), only the libraries shipped inside scipy's package are
    selected; a BLAS shared by numpy and scipy has one pool and is left
    alone. Found once per process: scanning the loaded libraries takes
    milliseconds, longer than a small fit.
    """
    libraries = [lib for lib in ThreadpoolController().lib_controllers if lib.user_api == "blas"]
    if any(_inside(lib.filepath, np) for lib in libraries):
        others = [lib for lib in libraries if not _inside(lib.filepath, np)]
    else:
        others = [lib for lib in libraries if _inside(lib.filepath, scipy)]
    return tuple(pool for pool in map(_pool, others) if pool is not None)


_lock = threading.Lock()  # held while _reconcile changes thread counts
_fits = set()  # the fits running now, in every thread
_saved = None  # [(pool, its thread count before)] while the limit is in place


def _reconcile():
    """Bring every pool of :func:`_other_blas` in line with ``_fits``: one
    thread while it is not empty, else the thread counts from before the
    limit. Running it again completes a run that an exception cut short."""
    global _saved
    with _lock:
        if _fits:
            if _saved is None:
                _saved = [(pool, pool.get()) for pool in _other_blas()]
            for pool, _ in _saved:
                pool.set(1)
        elif _saved is not None:
            for pool, threads in _saved:
                pool.set(threads)
            _saved = None


class _Fit:
    """A fit's entry in ``_fits``; ``done`` is released once the helper has
    run :func:`_reconcile` for it."""

    __slots__ = ("done",)

    def __init__(self):
        self.done = threading.Lock()
        self.done.acquire()


_repairs = queue.SimpleQueue()  # interrupted fits, for the helper
_helper = None


def _repair_forever():
    """The helper thread: finish the bookkeeping of every interrupted fit
    (the interrupt may have come before the fit left ``_fits``)."""
    while True:
        fit = _repairs.get()
        try:
            _fits.discard(fit)
            _reconcile()
        except Exception:  # pragma: no cover - the fit has already failed
            pass
        finally:
            fit.done.release()


def _start_helper():
    global _helper
    if _helper is None or not _helper.is_alive():
        helper = threading.Thread(target=_repair_forever, name="sknumpynet-blas-limit", daemon=True)
        helper.start()
        _helper = helper


def serial_other_blas(func, /, *args, **kwargs):
    """Return ``func(*args, **kwargs)``, called with every BLAS library but
    numpy's own on one thread (see :func:`_other_blas`).

    Fits running at the same time in several threads share the limit: it is
    in place from the moment the first of them starts to the moment the last
    one ends, so no fit sees the thread count change under it, and the
    settings that come back are the ones from before the first fit. Changes
    made in between by other code are undone at the end.

    Whatever exception interrupts it, and wherever, the limit is lifted and
    the fit forgotten by the time the exception leaves this function (unless
    a second interrupt arrives while the helper thread finishes that work,
    which it then does a moment later).
    """
    _other_blas()  # found before anything changes
    _start_helper()
    fit = _Fit()
    try:
        _fits.add(fit)
        _reconcile()
        return func(*args, **kwargs)
    finally:
        try:
            _fits.discard(fit)
            _reconcile()
        except BaseException:
            # The first call is the hand-over: nothing can come between it and
            # this point (see the module docstring).
            _repairs.put(fit)
            fit.done.acquire(timeout=_REPAIR_WAIT)
            raise


def _after_fork_in_child():
    """A forked child has only the thread that forked: fits running in
    other threads, their lock and the helper thread are not there. Lift the
    limit they had set."""
    global _lock, _repairs, _helper
    _lock = threading.Lock()
    _repairs = queue.SimpleQueue()
    _helper = None
    _fits.clear()
    try:
        _reconcile()
    except Exception:  # pragma: no cover - left for the child's next fit
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
