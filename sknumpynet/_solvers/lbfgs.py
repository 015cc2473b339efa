"""Full-batch training with scipy's L-BFGS-B."""

import numpy as np
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from .warn import warn_fit_caller

__all__ = ["fit_lbfgs"]


def fit_lbfgs(objective, theta, *, max_iter, max_fun, tol, verbose, monitor):
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
    monitor : object
        Callback hooks around each iteration (see ``sknumpynet._callbacks``);
        an iteration begins at its first evaluation of ``objective``, from
        the previous iteration's solution.

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
    curve, stopped = [], []
    start = [theta]  # where the current iteration started, for the monitor

    def fun(x):
        monitor.task_begin(start[0])
        value, g = objective(x.astype(dtype, copy=False), grad)
        return value, g.astype(np.float64)

    def callback(intermediate_result):
        curve.append(float(intermediate_result.fun))
        if verbose:
            print("Iteration %d, loss = %.8f" % (len(curve), curve[-1]))
        start[0] = intermediate_result.x.copy()  # scipy reuses x in place
        if monitor.task_end(start[0]):
            stopped.append(True)
            raise StopIteration  # a callback asked to stop: scipy ends here

    result = scipy.optimize.minimize(
        fun,
        theta.astype(np.float64),
        method="L-BFGS-B",
        jac=True,
        callback=callback,
        options={"maxfun": max_fun, "maxiter": max_iter, "gtol": tol},
    )
    monitor.close()
    if result.status != 0 and not stopped:
        message = result.message
        if isinstance(message, bytes):
            message = message.decode("latin1")
        warn_fit_caller(
            "lbfgs failed to converge after %d iteration(s) (status=%d): %s. "
            "Increase the number of iterations (max_iter) or the number of "
            "function evaluations (max_fun), or scale the data."
            % (result.nit, result.status, message),
            ConvergenceWarning,
        )
    return result.x.astype(dtype), min(int(result.nit), max_iter), curve, float(result.fun)
