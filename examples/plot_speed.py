"""
Speed against MLPClassifier
===========================

A small timing run, repeated every time this page is built: both estimators
fit the digits data for the same fixed number of epochs with the same
parameters, and each fit time is the median of three runs.

The two estimators' defaults differ (``alpha``), and the activation and
step are the point of the comparison, so all three are passed explicitly. A fixed number of
epochs makes both do the same amount of work: ``tol=0`` and
``n_iter_no_change`` larger than ``max_iter`` switch the stopping rule off.
The matrix products run on one thread, which keeps the comparison stable
on a busy machine.
For the full benchmark, on more workloads and sizes, see
:ref:`speed-benchmark`.
"""

# %%
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

from sknumpynet import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X = X / 16.0  # pixel intensities in [0, 1]

EPOCHS = 30
REPEATS = 3
common = dict(
    hidden_layer_sizes=(100,),
    solver="adam",
    alpha=1e-4,
    learning_rate_init=1e-3,
    max_iter=EPOCHS,
    tol=0.0,
    n_iter_no_change=EPOCHS + 1,
    random_state=0,
)
estimators = {"MLPClassifier": MLPClassifier, "NumpyMLPClassifier": NumpyMLPClassifier}
activations = ["relu", "logistic"]


def fit_time(estimator_class, **params):
    """Median wall-clock time of REPEATS fits, in seconds."""
    times = []
    for _ in range(REPEATS):
        model = estimator_class(**params)
        start = time.perf_counter()
        model.fit(X, y)
        times.append(time.perf_counter() - start)
        # sphinx_gallery_start_ignore
        assert model.n_iter_ == EPOCHS  # the build checks the epochs ran
        # sphinx_gallery_end_ignore
    return float(np.median(times))


timings = {}
with threadpool_limits(limits=1), warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached, on purpose
    for activation in activations:
        for name, estimator_class in estimators.items():
            timings[name, activation] = fit_time(estimator_class, activation=activation, **common)

print(
    f"digits, {X.shape[0]} samples, hidden_layer_sizes=(100,), adam, "
    f"{EPOCHS} epochs, median of {REPEATS} fits"
)
# The ratio is ours / MLPClassifier's time, as in the benchmark's tables:
# below 1 means NumpyMLPClassifier is faster.
print(
    f"{'activation':<12}{'MLPClassifier (s)':>19}{'NumpyMLPClassifier (s)':>24}{'ours / sklearn':>16}"
)
for activation in activations:
    ref, ours = timings["MLPClassifier", activation], timings["NumpyMLPClassifier", activation]
    print(f"{activation:<12}{ref:>19.3f}{ours:>24.3f}{ours / ref:>16.2f}")

# %%
# The bar chart
# -------------
fig, ax = plt.subplots(figsize=(6.5, 4), constrained_layout=True)
positions = np.arange(len(activations))
width = 0.38
for k, name in enumerate(estimators):
    values = [timings[name, a] for a in activations]
    bars = ax.bar(positions + (k - 0.5) * width, values, width, label=name)
    ax.bar_label(bars, fmt="%.2f s", fontsize="small")
ax.set_xticks(positions, [f"activation={a!r}" for a in activations])
ax.set_ylabel(f"fit time for {EPOCHS} epochs (s), median of {REPEATS}")
ax.set_title("Digits, hidden_layer_sizes=(100,), adam, one thread")
ax.legend(loc="upper center", ncols=2)
ax.margins(y=0.3)
plt.show()

# %%
# Both estimators do the same arithmetic per epoch: the same forward and
# backward matrix products, the same Adam update. The differences come from
# how the work is organised around the matrix products: NumpyMLPClassifier
# keeps all weights in one flat vector (one vectorised optimiser step per
# batch instead of one per weight array) and computes each activation and
# its slope in place. Timings on a page built on a shared machine are noisy;
# run the example a few times, or the benchmark script, before drawing
# conclusions.
