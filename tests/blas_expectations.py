"""Which BLAS libraries a fit is expected to limit to one thread (see
sknumpynet._threads), computed independently from threadpoolctl's report."""

import os

import numpy as np
import scipy


def shipped_inside(lib, package):
    """Whether ``lib`` (a threadpool_info() entry) ships inside ``package``'s
    directory or its wheel's ``<package>.libs`` directory."""
    root = os.path.dirname(os.path.realpath(package.__file__))
    return os.path.realpath(lib["filepath"]).startswith((root + os.sep, root + ".libs" + os.sep))


def limited_during_fit(lib, libraries):
    """Whether a fit should run ``lib`` on one thread: a BLAS other than
    numpy's own with one thread count for the whole process (not OpenMP),
    chosen among all ``libraries`` as sknumpynet._threads chooses."""
    if lib["user_api"] != "blas" or shipped_inside(lib, np):
        return False
    if lib.get("threading_layer") == "openmp":
        return False
    if any(shipped_inside(other, np) for other in libraries if other["user_api"] == "blas"):
        return True
    return shipped_inside(lib, scipy)
