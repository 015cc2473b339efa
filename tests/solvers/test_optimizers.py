"""The optimisers against scikit-learn's own ``_stochastic_optimizers``,
step by step on the same gradients.
"""

import numpy as np
import pytest
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from sknumpynet import NumpyMLPClassifier
from sknumpynet._nn.initializers import initialize
from sknumpynet._nn.parameters import Layout, pack, unpack
from sknumpynet._solvers.optimizers import SGD, Adam, make_optimizer


def _sk_params(layout, seed):
    coefs, intercepts = initialize(
        "glorot_uniform", np.random.RandomState(seed), layout.layer_units, np.float64
    )
    return [c.copy() for c in coefs] + [b.copy() for b in intercepts]


def _as_list(flat, layout):
    coefs, intercepts = unpack(flat, layout)
    return [c.copy() for c in coefs] + [b.copy() for b in intercepts]


def _grads(layout, n_steps, seed):
    rng = np.random.RandomState(seed)
    out = [rng.normal(size=layout.size) for _ in range(n_steps)]
    out[2][:3] = 0.0  # some zero gradient entries
    return out


SGD_CASES = [
    dict(learning_rate="constant", momentum=0.0, nesterovs_momentum=False),
    dict(learning_rate="constant", momentum=0.9, nesterovs_momentum=False),
    dict(learning_rate="constant", momentum=0.9, nesterovs_momentum=True),
    dict(learning_rate="invscaling", momentum=0.5, nesterovs_momentum=True, power_t=0.5),
    dict(learning_rate="invscaling", momentum=0.7, nesterovs_momentum=False, power_t=0.25),
    dict(learning_rate="adaptive", momentum=0.9, nesterovs_momentum=True),
]


@pytest.mark.parametrize("case", SGD_CASES, ids=lambda c: "-".join(map(str, c.values())))
def test_sgd_matches_sklearn(case):
    layout = Layout((3, 4, 2))
    est = NumpyMLPClassifier(solver="sgd", learning_rate_init=0.05, **case)
    est.learning_rate_init_ = 0.05  # as fit resolves it before making the optimiser
    opt = make_optimizer(est, layout.size, np.float64)
    assert isinstance(opt, SGD)
    params = _sk_params(layout, 0)
    theta = pack(params[:2], params[2:])
    ref = SGDOptimizer(
        params,
        learning_rate_init=0.05,
        lr_schedule=case["learning_rate"],
        momentum=case["momentum"],
        nesterov=case["nesterovs_momentum"],
        power_t=case.get("power_t", 0.5),
    )
    t = 0
    for step, g in enumerate(_grads(layout, 8, 1)):
        opt.step(theta, g)
        ref.update_params(params, _as_list(g, layout))
        np.testing.assert_allclose(theta, pack(params[:2], params[2:]), rtol=1e-13, atol=1e-15)
        if step % 2 == 1:  # end of an "epoch"
            t += 10
            opt.epoch_end(t)
            ref.iteration_ends(t)
            assert opt.learning_rate == pytest.approx(ref.learning_rate, rel=1e-14)
    if case["learning_rate"] == "invscaling":
        assert opt.learning_rate < 0.05

    # plateau handling: identical decisions and learning rates until both stop
    decisions = []
    for _ in range(20):
        stop = opt.on_plateau("msg", False)
        assert stop == ref.trigger_stopping("msg", False)
        assert opt.learning_rate == pytest.approx(ref.learning_rate, rel=1e-14)
        decisions.append(stop)
        g = _grads(layout, 3, len(decisions))[0]
        opt.step(theta, g)
        ref.update_params(params, _as_list(g, layout))
        np.testing.assert_allclose(theta, pack(params[:2], params[2:]), rtol=1e-13, atol=1e-15)
        if stop:
            break
    assert decisions[-1] is True
    if case["learning_rate"] == "adaptive":
        assert len(decisions) > 1 and opt.learning_rate <= 1e-6


@pytest.mark.parametrize("betas", [(0.9, 0.999, 1e-8), (0.5, 0.9, 1e-3), (0.0, 0.0, 1e-8)])
def test_adam_matches_sklearn(betas):
    beta_1, beta_2, epsilon = betas
    layout = Layout((3, 4, 3, 2))
    est = NumpyMLPClassifier(
        solver="adam", learning_rate_init=0.01, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon
    )
    est.learning_rate_init_ = 0.01  # as fit resolves it before making the optimiser
    opt = make_optimizer(est, layout.size, np.float64)
    assert isinstance(opt, Adam)
    params = _sk_params(layout, 3)
    n = len(layout.coef_shapes)
    theta = pack(params[:n], params[n:])
    ref = AdamOptimizer(
        params, learning_rate_init=0.01, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon
    )
    for g in _grads(layout, 10, 4):
        opt.step(theta, g)
        ref.update_params(params, _as_list(g, layout))
        np.testing.assert_allclose(theta, pack(params[:n], params[n:]), rtol=1e-12, atol=1e-15)
        assert opt.learning_rate == pytest.approx(ref.learning_rate, rel=1e-14)
        opt.epoch_end(10)
        ref.iteration_ends(10)
    assert opt.t == ref.t == 10
    assert opt.on_plateau("msg", False) is ref.trigger_stopping("msg", False) is True
