"""
Loss curves and early stopping
==============================

With ``early_stopping=True``, :class:`~sknumpynet.NumpyMLPClassifier` holds
out ``validation_fraction`` of the training data (stratified by class), scores
it after every epoch and stops once the validation accuracy has not improved
by ``tol`` for ``n_iter_no_change`` epochs, then restores the best epoch's
weights. Three curves record the run:

- ``loss_curve_``: the training objective per epoch;
- ``validation_scores_``: the held-out accuracy per epoch;
- ``validation_loss_curve_``: the held-out log-loss per epoch (new in
  sknumpynet; ``MLPClassifier`` has no such attribute).

This example trains on the digits data twice with the same ``random_state``,
and so the same initial weights, split and shuffles: once with the default
stopping rule, once with the rule switched off, to see what the rule saw and
what came after.
"""

# %%
import warnings

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

params = dict(early_stopping=True, validation_fraction=0.2, random_state=0)
stopped = NumpyMLPClassifier(**params).fit(X_train, y_train)

# The same run with the stopping rule off: 60 epochs whatever happens.
full = NumpyMLPClassifier(**params, max_iter=60, n_iter_no_change=1000)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached, on purpose
    full.fit(X_train, y_train)

best_epoch = int(np.argmax(stopped.validation_scores_)) + 1
test_stopped, test_full = stopped.score(X_test, y_test), full.score(X_test, y_test)
print(
    f"early stopping ran {stopped.n_iter_} epochs; best epoch {best_epoch}, "
    f"validation accuracy {stopped.best_validation_score_:.4f}"
)
print(
    f"lowest validation loss at epoch {np.argmin(full.validation_loss_curve_) + 1} "
    f"of the {full.n_iter_}-epoch run"
)
print(f"test accuracy: early-stopped {test_stopped:.4f}, {full.n_iter_} epochs {test_full:.4f}")

# %%
# The curves
# ----------
# :class:`~sknumpynet.LossCurveDisplay` draws a fitted model's curves: the
# training objective and the validation log-loss on the left axis, the
# validation accuracy on the right one, and a dotted line at the epoch whose
# weights the model keeps. First the early-stopped run, then the same run
# with the rule off, which still keeps its best epoch's weights. The two runs
# coincide until the stopping rule fires.
from sknumpynet import LossCurveDisplay

for model, name in [
    (stopped, "early stopping"),
    (full, "stopping rule off (n_iter_no_change=1000)"),
]:
    fig, ax = plt.subplots(figsize=(7, 3.5), constrained_layout=True)
    display = LossCurveDisplay.from_estimator(model, ax=ax, name=name)
    display.ax_.set_yscale("log")
    display.score_ax_.set_ylim(0.9, 1.0)
    display.ax_.set_xlim(0, full.n_iter_ + 1)
    plt.show()

# %%
# The training objective keeps falling for as long as training runs: the
# network fits the training samples ever more closely. The held-out curves
# flatten after a few epochs, but on this run they have not finished: the
# validation log-loss still creeps down until near the end of the 60 epochs,
# and the run that carried on predicts the test digits better than the
# early-stopped model (the last printed line). The stopping rule watches the
# accuracy, which moves in steps of one held-out sample (here 1/270): it
# stalled for ``n_iter_no_change`` epochs without an improvement of at least
# ``tol`` while the model was still getting better, and the run ended with
# the best epoch's weights.
#
# The validation log-loss is the smoother signal, and the one to read when
# you tune ``alpha``, ``max_iter`` or ``learning_rate_init`` by hand: a
# validation loss that turns upwards while the training objective still
# falls is the mark of overfitting. When, as here, it is still falling as the
# run stops, a larger ``n_iter_no_change`` lets early stopping wait longer.

# sphinx_gallery_start_ignore
# The first paragraph describes this run; the build of this page checks it.
assert np.argmin(full.validation_loss_curve_) + 1 > stopped.n_iter_
assert test_full > test_stopped
# sphinx_gallery_end_ignore
