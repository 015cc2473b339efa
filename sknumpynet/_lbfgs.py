"""Full-batch training with scipy's L-BFGS-B."""

import os
import warnings

import numpy as np
import scipy
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import ThreadpoolController

__all__ = ["fit_lbfgs", "scipy_own_blas"]


def scipy_own_blas():
    """The BLAS libraries shipped inside scipy's own package, as a
    ``threadpoolctl`` controller (empty when scipy uses a shared BLAS).

    Pip wheels of numpy and scipy each bundle their own OpenBLAS, and each
    keeps a pool of worker threads that spin for a while after every call.
    An L-BFGS fit alternates between the two libraries, numpy's for the
    network's matrix products and scipy's for the optimiser's vector
    updates, so every call waits for the other library's spinning workers to
    give up the CPU: on a 2-core machine that made fits about 15 times
    slower. The optimiser's vector updates gain nothing from threads, so
    :func:`fit_lbfgs` runs scipy's BLAS on one thread and leaves numpy's
    alone. A BLAS shared by numpy and scipy (conda, system packages) has a
    single pool and is not touched.
    """
    root = os.path.dirname(os.path.realpath(scipy.__file__))
    inside = (root + os.sep, root + ".libs" + os.sep)
    controller = ThreadpoolController()
    paths = [
        lib.filepath
        for lib in controller.lib_controllers
        if lib.user_api == "blas" and os.path.realpath(lib.filepath).startswith(inside)
    ]
    return controller.select(filepath=paths)


def fit_lbfgs(objective, theta, *, max_iter, max_fun, tol, verbose):
    """Minimise ``objective`` from ``theta`` with L-BFGS-B.

    Parameters
    ----------
    objective : callable
        ``objective(theta, grad) -> (value, grad)``; works in ``theta.dtype``.
    theta : ndarray
        Starting point; not modified.
    max_iter, max_fun : int
        Caps on iterations and objective evaluations.
    tol : float
        Projected-gradient tolerance (scipy's ``gtol``).
    verbose : bool or int
        Print ``Iteration N, loss = ...`` after every iteration.

    Returns
    -------
    theta : ndarray of ``theta.dtype``
        The solution.
    n_iter : int
        Iterations run (at most ``max_iter``).
    loss_curve : list of float
        The objective after each iteration.
    loss : float
        The objective at the solution.
    """
    dtype = theta.dtype
    grad = np.empty_like(theta)
    curve = []

    def fun(x):
        value, g = objective(x.astype(dtype, copy=False), grad)
        return value, g.astype(np.float64)

    def callback(intermediate_result):
        curve.append(float(intermediate_result.fun))
        if verbose:
            print("Iteration %d, loss = %.8f" % (len(curve), curve[-1]))

    with scipy_own_blas().limit(limits=1):
        result = scipy.optimize.minimize(
            fun,
            theta.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=callback,
            options={"maxfun": max_fun, "maxiter": max_iter, "gtol": tol},
        )
    if result.status != 0:
        message = result.message
        if isinstance(message, bytes):
            message = message.decode("latin1")
        warnings.warn(
            "lbfgs failed to converge after %d iteration(s) (status=%d): %s. "
            "Increase the number of iterations (max_iter) or the number of "
            "function evaluations (max_fun), or scale the data."
            % (result.nit, result.status, message),
            ConvergenceWarning,
            stacklevel=6,
        )
    return result.x.astype(dtype), min(int(result.nit), max_iter), curve, float(result.fun)
