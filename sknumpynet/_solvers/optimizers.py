"""Stochastic optimisers over one flat parameter vector.

Both optimisers follow scikit-learn's ``_stochastic_optimizers`` exactly
(same update rules, same learning-rate schedules), but update the whole
network with a few vectorised in-place operations on the flat vector.

An optimiser exposes:

``step(theta, grad)``
    update ``theta`` in place from the gradient ``grad``;
``epoch_end(t)``
    called after every epoch with ``t``, the number of samples seen so far;
``on_plateau(verbose)``
    called when training has stopped improving; returns ``True`` to stop, or
    ``False`` after lowering the learning rate (``learning_rate="adaptive"``);
``step_size`` / ``set_step_size(rate)``
    the current step before Adam's bias correction, which the schedules of
    :mod:`~sknumpynet._solvers.schedules` set before each batch.

With ``weight_decay`` > 0 each step also shrinks the weights (the first
``n_coef`` entries of ``theta``, not the biases), decoupled from the
gradient as in PyTorch's ``AdamW``: ``W <- W * (1 - step_size *
weight_decay)``, before the optimiser's own update, which uses the
gradient taken at the weights before the shrinking.

``step_scales``, a vector like ``theta`` or ``None``, multiplies each
parameter's step (and its decay) by its own factor, as PyTorch's parameter
groups with their own learning rates do; the tabular estimators' NTK
parametrisation sets it (see :mod:`sknumpynet._nn.ntk`). ``None``, the
drop-ins' case, is one step size for every parameter.

Adam also trains a scaling layer in front of the first layer when given
``scaling=(n_features, n_units, step_factor)`` (see
:mod:`sknumpynet._solvers.scaling_layer`; the tabular estimators'
``scaling_layer``).
"""

import math

import numpy as np

from .._nn.axpy import axpy
from .scaling_layer import join_first_layer, split_first_layer

__all__ = ["SGD", "Adam", "make_optimizer"]


def _decay(theta, rate, weight_decay, n_coef, step_scales):
    """Decoupled weight decay of the weights ``theta[:n_coef]``, in place."""
    if not weight_decay:
        return
    weights = theta[:n_coef]
    if step_scales is None:
        weights *= 1.0 - rate * weight_decay
    else:
        weights *= 1.0 - rate * weight_decay * step_scales[:n_coef]


class SGD:
    """Stochastic gradient descent with (Nesterov) momentum.

    ``v <- momentum * v - lr * grad``; then ``theta += v``, or with Nesterov
    ``theta += momentum * v - lr * grad``.
    """

    def __init__(
        self,
        size,
        dtype,
        learning_rate_init,
        schedule,
        momentum,
        nesterov,
        power_t,
        weight_decay=0.0,
        n_coef=0,
        step_scales=None,
    ):
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = float(learning_rate_init)
        self.schedule = schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocity = np.zeros(size, dtype=dtype)
        self.weight_decay = float(weight_decay)
        self.n_coef = n_coef
        self.step_scales = step_scales

    @property
    def step_size(self):
        return self.learning_rate

    def set_step_size(self, rate):
        self.learning_rate = rate

    def step(self, theta, grad):
        lr = self.learning_rate
        _decay(theta, lr, self.weight_decay, self.n_coef, self.step_scales)
        if self.step_scales is not None:
            grad = grad * self.step_scales
        if self.momentum == 0:
            axpy(-lr, grad, theta)
            return
        v = self.velocity
        v *= self.momentum
        axpy(-lr, grad, v)
        if self.nesterov:
            axpy(self.momentum, v, theta)
            axpy(-lr, grad, theta)
        else:
            theta += v

    def epoch_end(self, t):
        if self.schedule == "invscaling":
            self.learning_rate = self.learning_rate_init / (t + 1) ** self.power_t

    def on_plateau(self, msg, verbose):
        if self.schedule != "adaptive":
            if verbose:
                print(msg + " Stopping.")
            return True
        if self.learning_rate <= 1e-6:
            if verbose:
                print(msg + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(msg + " Setting learning rate to %f" % self.learning_rate)
        return False


class Adam:
    """Adam (Kingma and Ba, 2014) with bias correction folded into the step.

    ``m <- b1 m + (1 - b1) g``; ``v <- b2 v + (1 - b2) g**2``;
    ``theta -= lr * sqrt(1 - b2**t) / (1 - b1**t) * m / (sqrt(v) + eps)``, ``lr``
    being ``learning_rate_init`` or a schedule's step (``rate``).
    """

    def __init__(
        self,
        size,
        dtype,
        learning_rate_init,
        beta_1,
        beta_2,
        epsilon,
        weight_decay=0.0,
        n_coef=0,
        step_scales=None,
        scaling=None,
    ):
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = float(learning_rate_init)
        self.rate = float(learning_rate_init)
        # the scaling layer: (n_features, n_units, step_factor), its scales,
        # the first layer's weights before scaling (set at the first step)
        # and the scales' moments
        self.scaling = None if scaling is None else list(scaling)
        self.feature_scale = self.feature_base = self.scale_m = self.scale_v = None
        if scaling is not None:
            self.feature_scale = np.ones(scaling[0], dtype=dtype)
            self.scale_m = np.zeros(scaling[0], dtype=dtype)
            self.scale_v = np.zeros(scaling[0], dtype=dtype)
        self.weight_decay = float(weight_decay)
        self.n_coef = n_coef
        self.step_scales = step_scales
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.m = np.zeros(size, dtype=dtype)
        self.v = np.zeros(size, dtype=dtype)
        self._scratch = np.empty(size, dtype=dtype)

    @property
    def step_size(self):
        return self.rate

    def set_step_size(self, rate):
        self.rate = rate

    def step(self, theta, grad):
        scaling = self.scaling
        if scaling is not None:
            shape = tuple(scaling[:2])
            if self.feature_base is None:  # the first step: s = 1, V = W
                self.feature_base = theta[: shape[0] * shape[1]].reshape(shape).copy()
            scale_grad = split_first_layer(
                theta, grad, shape, self.feature_scale, self.feature_base
            )
        _decay(theta, self.rate, self.weight_decay, self.n_coef, self.step_scales)
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        self.learning_rate = self.rate * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        direction = self._direction(self.m, self.v, grad, self._scratch)
        if self.step_scales is not None:
            direction *= self.step_scales
        axpy(-self.learning_rate, direction, theta)
        if scaling is not None:
            direction = self._direction(self.scale_m, self.scale_v, scale_grad, scale_grad)
            axpy(-self.learning_rate * scaling[2], direction, self.feature_scale)
            join_first_layer(theta, shape, self.feature_scale, self.feature_base)

    def _direction(self, m, v, grad, out):
        """Update the moments ``m`` and ``v`` with ``grad``; return
        ``m / (sqrt(v) + eps)`` in ``out`` (which may be ``grad``)."""
        b1, b2 = self.beta_1, self.beta_2
        m *= b1
        axpy(1 - b1, grad, m)
        np.multiply(grad, grad, out=out)
        v *= b2
        axpy(1 - b2, out, v)
        np.sqrt(v, out=out)
        out += self.epsilon
        np.divide(m, out, out=out)
        return out

    def epoch_end(self, t):
        pass

    def on_plateau(self, msg, verbose):
        if verbose:
            print(msg + " Stopping.")
        return True


def make_optimizer(est, size, dtype, n_coef=0, step_scales=None, scaling=None):
    """The optimiser named by ``est.solver``, configured from ``est``'s parameters
    (the step size is the resolved ``est.learning_rate_init_``; ``n_coef``
    is the number of weights, which ``weight_decay`` shrinks; ``step_scales``
    each parameter's factor on the step, or ``None``; ``scaling`` Adam's
    scaling layer, or ``None``)."""
    decay = getattr(est, "weight_decay", 0.0)
    if est.solver == "sgd":
        return SGD(
            size,
            dtype,
            est.learning_rate_init_,
            est.learning_rate,
            est.momentum,
            est.nesterovs_momentum,
            est.power_t,
            decay,
            n_coef,
            step_scales,
        )
    return Adam(
        size,
        dtype,
        est.learning_rate_init_,
        est.beta_1,
        est.beta_2,
        est.epsilon,
        decay,
        n_coef,
        step_scales,
        scaling,
    )
