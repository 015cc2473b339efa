"""
The notebook, replayed
======================

sknumpynet began as a teaching notebook: a 4-3-1 sigmoid network, three
samples, weights from ``np.random.seed(99)``, and one hand-written
backpropagation update of the squared error, with every intermediate array
printed. This example configures :class:`~sknumpynet.NumpyMLPClassifier` like
the notebook and checks the estimator against the numbers the notebook
printed: its forward pass and its updated weights.

See :doc:`/user_guide/notebook` for the line-by-line mapping.
"""

# %%
# The notebook's data and numbers
# -------------------------------
# Three samples of four binary features, and the values the notebook printed,
# copied verbatim from its output cells.
import warnings

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier

X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]])
y = np.array([1, 1, 0])

# "First Layer Weights" ... "Hidden Layer Bias": the weights the notebook
# printed before its forward pass.
printed_wh = np.array(
    [
        [0.37743894, 0.49414745, 0.92894839],
        [0.39545404, 0.9739563, 0.52441472],
        [0.09361309, 0.81330841, 0.21168679],
        [0.55434578, 0.29226912, 0.81614236],
    ]
)
printed_bh = np.array([0.82804257, 0.22157737, 0.6448347])
printed_wout = np.array([[0.23504378], [0.006553], [0.89864419]])
printed_bout = np.array([0.55223443])
# "Output Layer output" and "Output loss Calculation"
printed_output = np.array([0.8193371, 0.83169441, 0.82473757])
printed_E = np.array([0.1806629, 0.16830559, -0.82473757])
# "Update weights" and "Update bias"
printed_wh_after = np.array(
    [
        [0.67227883, 0.48807905, 0.82549527],
        [0.03144533, 0.80804888, 0.56561691],
        [0.29762277, 0.04669637, 0.9906275],
        [0.00682479, 0.76979216, 0.74676662],
    ]
)
printed_bh_after = np.array([0.37743814, 0.49414702, 0.92894798])
printed_wout_after = np.array([[0.39545058], [0.97394962], [0.52440853]])
printed_bout_after = np.array([0.09360602])

# %%
# One update, as an estimator
# ---------------------------
# One epoch (``max_iter=1``) of plain gradient descent (``solver="sgd"``,
# ``momentum=0``) on one batch of all three samples, with the notebook's
# loss, initialisation and seed. The notebook multiplies its *summed* gradient
# by ``lr = 0.01`` twice, a step of 1e-4; the estimator averages over the
# three samples, so the same step is ``learning_rate_init=3e-4``.
clf = NumpyMLPClassifier(
    hidden_layer_sizes=(3,),
    activation="logistic",
    loss="squared_error",
    solver="sgd",
    batch_size=3,
    momentum=0,
    nesterovs_momentum=False,
    alpha=0,
    max_iter=1,
    shuffle=False,
    weight_init="uniform",
    random_state=99,
    learning_rate_init=3e-4,
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)  # one epoch, on purpose
    clf.fit(X, y)

# %%
# The forward pass
# ----------------
# The notebook's printed "before" weights are later draws of the seed-99
# stream (its cells ran out of order), so the forward pass it printed is
# checked by loading exactly those weights into a copy of the fitted estimator.
printed = clone(clf)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    printed.fit(X, y)
printed.coefs_ = [printed_wh, printed_wout]
printed.intercepts_ = [printed_bh, printed_bout]
ours_output = printed.predict_proba(X)[:, 1]
ours_E = y - ours_output

# %%
# Printed against ours
# --------------------
# Every printed number against the estimator's (the first three values of
# each array), with the largest absolute difference over the whole array.
# The notebook prints 8 decimals, so anything up to 5e-9 is rounding.
rows = [
    ("output (forward pass)", printed_output, ours_output),
    ("E = y - output", printed_E, ours_E),
    ("wh after the update", printed_wh_after, clf.coefs_[0]),
    ("bh after the update", printed_bh_after, clf.intercepts_[0]),
    ("wout after the update", printed_wout_after, clf.coefs_[1]),
    ("bout after the update", printed_bout_after, clf.intercepts_[1]),
]
for name, ref, ours in rows:
    print(f"{name}: max |diff| {np.abs(ref - ours).max():.1e}")
    for who, values in (("printed", ref), ("ours", ours)):
        print(
            f"  {who:<8}"
            + np.array2string(values.ravel()[:3], precision=8, floatmode="fixed", sign=" ")
        )

# %%
# What the update changed
# -----------------------
# The update is tiny (a step of 1e-4 on the summed gradient), so the weights
# before and after look the same on a plot of the weights themselves. The
# second plot shows the change of each of the 16 parameters instead: the
# notebook's (its printed "after" values minus the ``np.random.seed(99)``
# draws it started from) and the estimator's.
np.random.seed(99)  # the notebook's own draws, in its order
start = [
    np.random.rand(4, 3),
    np.random.rand(1, 3).ravel(),
    np.random.rand(3, 1),
    np.random.rand(1),
]
after_printed = [printed_wh_after, printed_bh_after, printed_wout_after, printed_bout_after]
after_ours = [clf.coefs_[0], clf.intercepts_[0], clf.coefs_[1], clf.intercepts_[1]]
flat = lambda arrays: np.concatenate([np.ravel(a) for a in arrays])  # noqa: E731
labels = (
    [f"wh[{i},{j}]" for i in range(4) for j in range(3)]
    + [f"bh[{j}]" for j in range(3)]
    + [f"wout[{i}]" for i in range(3)]
    + ["bout"]
)
positions = np.arange(len(labels))

fig, ax_w = plt.subplots(figsize=(7, 4), constrained_layout=True)
ax_w.bar(positions - 0.2, flat(start), width=0.4, label="before (seed 99 draws)")
ax_w.bar(positions + 0.2, flat(after_ours), width=0.4, label="after (estimator)")
ax_w.set_title("Parameters before and after the update")
ax_w.set_xticks(positions, labels, rotation=90)
ax_w.legend(loc="upper left")
plt.show()

fig, ax_d = plt.subplots(figsize=(7, 4), constrained_layout=True)
ax_d.bar(
    positions - 0.2,
    1e6 * (flat(after_printed) - flat(start)),
    width=0.4,
    label="notebook (printed after - start)",
)
ax_d.bar(positions + 0.2, 1e6 * (flat(after_ours) - flat(start)), width=0.4, label="estimator")
ax_d.axhline(0, color="black", lw=0.8)
ax_d.set_title("Change made by the update (x 1e-6)")
ax_d.set_xticks(positions, labels, rotation=90)
ax_d.legend(loc="lower left")
plt.show()

# %%
# The bars agree to the printed precision (the notebook's changes are
# known only to 1e-8, i.e. 0.01 on this scale). The same configuration with
# a larger ``max_iter`` keeps training the notebook's network; any other
# parameter opens the way from the notebook to the estimator: more layers
# and units, other activations, the log-loss, Adam, mini-batches.
