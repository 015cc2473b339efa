"""scipy's BLAS: one-pass vector updates, and keeping its threads out of the way.

``y += a * x`` in NumPy takes two passes over memory and a temporary
(``a * x``, then the sum); BLAS ``axpy`` does it in one pass, about three
times faster on the long parameter vectors that the optimisers and the L2
penalty update every batch. NumPy exposes no ``axpy``, so it comes from
``scipy.linalg.blas``.

Pip wheels of numpy and scipy each bundle their own OpenBLAS, and each keeps
a pool of worker threads that spin for a while after every call. Training
alternates between the two libraries, numpy's for the network's matrix
products and scipy's for vector updates (``axpy`` here, and the L-BFGS-B
optimiser's), so every call would wait for the other pool's spinning workers
to give up the CPU: on a 2-core machine that made L-BFGS fits about 15 times
slower. Vector updates gain nothing from threads, so training runs inside
:func:`serial_other_blas`, which puts every BLAS library but numpy's on one
thread and leaves numpy's as the user set it.
"""

import contextlib
import functools
import os
import threading

import numpy as np
import scipy
from scipy.linalg import blas
from threadpoolctl import ThreadpoolController

__all__ = ["axpy", "serial_other_blas"]

_AXPY = {np.dtype(np.float64): blas.daxpy, np.dtype(np.float32): blas.saxpy}


def axpy(a, x, y):
    """``y += a * x`` in place, for contiguous 1-D ``x`` and ``y`` of one
    float dtype; returns ``y``."""
    result = _AXPY[y.dtype](x, y, a=a)
    if result is not y:  # the wrapper worked on a copy: write it back
        y[...] = result
    return y


def _inside(path, package):
    """Whether the library at ``path`` ships inside ``package``'s directory
    or its wheel's ``<package>.libs`` directory."""
    root = os.path.dirname(os.path.realpath(package.__file__))
    return os.path.realpath(path).startswith((root + os.sep, root + ".libs" + os.sep))


@functools.lru_cache(maxsize=1)
def _other_blas():
    """``threadpoolctl`` controller of every BLAS library but numpy's own.

    numpy's own library is the one shipped inside numpy's package (pip
    wheels). When numpy uses a shared library instead (conda, system
    packages), only the libraries shipped inside scipy's package are
    selected; a BLAS shared by numpy and scipy has one pool and is left
    alone. Found once per process: scanning the loaded libraries takes
    milliseconds, longer than a small fit.
    """
    controller = ThreadpoolController()
    libraries = [lib for lib in controller.lib_controllers if lib.user_api == "blas"]
    if any(_inside(lib.filepath, np) for lib in libraries):
        others = [lib for lib in libraries if not _inside(lib.filepath, np)]
    else:
        others = [lib for lib in libraries if _inside(lib.filepath, scipy)]
    return controller.select(filepath=[lib.filepath for lib in others])


_lock = threading.Lock()
_active = 0  # fits inside serial_other_blas, in all threads
_limiter = None


@contextlib.contextmanager
def serial_other_blas():
    """Context manager that runs every BLAS library but numpy's on one thread
    (see :func:`_other_blas`), restoring their settings on exit.

    Fits running at the same time in several threads share one limit: the
    first to enter sets it and the last to leave restores it, so no fit sees
    the thread count change under it, and the settings that come back are
    the ones from before the first fit. (OpenBLAS 0.3.30 ignores a thread
    count set from another thread once the main thread has set one; a fit
    in such a thread then runs without the limit, slower but correct.)
    """
    global _active, _limiter
    with _lock:
        if _active == 0:
            _limiter = _other_blas().limit(limits=1)
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _limiter.restore_original_limits()
                _limiter = None
