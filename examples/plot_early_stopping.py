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
print(f"early stopping ran {stopped.n_iter_} epochs; best epoch {best_epoch}, "
      f"validation accuracy {stopped.best_validation_score_:.4f}")
print(f"lowest validation loss at epoch {np.argmin(full.validation_loss_curve_) + 1} "
      f"of the {full.n_iter_}-epoch run")
print(f"test accuracy: early-stopped {stopped.score(X_test, y_test):.4f}, "
      f"{full.n_iter_} epochs {full.score(X_test, y_test):.4f}")

# %%
# The curves
# ----------
# The two runs coincide until the stopping rule fires (grey: the run that
# carried on). The dotted line marks the epoch whose weights the early-stopped
# model keeps.
curves = [
    ("loss_curve_", "training objective"),
    ("validation_loss_curve_", "validation log-loss"),
    ("validation_scores_", "validation accuracy"),
]
fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), constrained_layout=True)
for ax, (attr, title) in zip(axes, curves):
    ax.plot(np.arange(1, full.n_iter_ + 1), getattr(full, attr), color="0.7",
            label="stopping rule off")
    ax.plot(np.arange(1, stopped.n_iter_ + 1), getattr(stopped, attr), color="C0",
            marker=".", label="early stopping")
    ax.axvline(best_epoch, color="C3", ls=":", label="best epoch (restored)")
    ax.set_title(f"{title}\n{attr}")
    ax.set_xlabel("epoch")
axes[0].set_yscale("log")
axes[2].set_ylim(0.9, 1.0)
axes[2].legend(loc="lower right", fontsize="small")
plt.show()

# %%
# The training objective keeps falling for as long as training runs: the
# network fits the training samples ever more closely. The held-out curves
# flatten after a few epochs; from there on, more epochs cost time and
# predict held-out digits little or no better. The stopping rule watches the
# accuracy, which moves in steps of one held-out sample (here 1/270), and ends
# the run after ``n_iter_no_change`` epochs without an improvement of at least
# ``tol``, keeping the best epoch's weights. The validation log-loss is the
# smoother signal, and the one to read when you tune ``alpha``, ``max_iter``
# or ``learning_rate_init`` by hand: a validation loss that turns upwards while
# the training objective still falls is the mark of overfitting.
