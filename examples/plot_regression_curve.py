"""
Fitting a curve, with its loss curves
=====================================

:class:`~sknumpynet.NumpyMLPRegressor` fits a noisy 1-D curve whose values
lie around 200, far from the outputs near zero that a freshly initialised
network produces. With the default ``normalize_y=True`` the targets are
standardised inside ``fit`` and the predictions come back in the original
units, so no ``TransformedTargetRegressor`` is needed.

With ``early_stopping=True`` the regressor holds out ``validation_fraction``
of the training data and records three curves, one value per epoch:

- ``loss_curve_``: the training objective (half the mean squared error of
  the standardised targets, plus the L2 penalty);
- ``validation_loss_curve_``: the same loss on the held-out rows (new in
  sknumpynet; ``MLPRegressor`` has no such attribute);
- ``validation_scores_``: the held-out R^2, which the stopping rule watches.

Training stops once the validation R^2 has not improved by ``tol`` for
``n_iter_no_change`` epochs, and the weights of the best epoch are restored.

The defaults (one layer of 100 relu units, steps of 0.001) fit curves like
this one slowly: on the 1-D sine data of
``benchmarks/regression_accuracy.py`` they reach a cross-validated R^2 of
0.78 in 200 epochs. Two hidden layers and a step of 0.01 get further in
fewer epochs, and early stopping decides how many.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from sknumpynet import NumpyMLPRegressor

rng = np.random.RandomState(0)
X = rng.uniform(-3.0, 3.0, size=(1000, 1))
x = X[:, 0]
y = 200.0 + 50.0 * np.sin(2.0 * x) + 10.0 * x + rng.normal(scale=5.0, size=1000)

reg = NumpyMLPRegressor(
    hidden_layer_sizes=(64, 64),
    learning_rate_init=0.01,
    early_stopping=True,
    validation_fraction=0.2,
    n_iter_no_change=20,
    max_iter=500,
    random_state=0,
).fit(X, y)

best_epoch = int(np.argmax(reg.validation_scores_)) + 1
print(
    f"{reg.n_iter_} epochs; best epoch {best_epoch}, "
    f"validation R^2 {reg.best_validation_score_:.4f}"
)
print(f"R^2 on all {len(y)} points: {reg.score(X, y):.4f}")

# %%
# The fitted curve and the loss curves
# ------------------------------------
# First the data and the prediction, in the targets' own units.
grid = np.linspace(-3.0, 3.0, 400).reshape(-1, 1)
epochs = np.arange(1, reg.n_iter_ + 1)
fig, ax = plt.subplots(figsize=(7, 4), constrained_layout=True)
ax.scatter(X[:, 0], y, s=4, color="0.6", label="data")
ax.plot(grid[:, 0], reg.predict(grid), color="C3", lw=2, label="prediction")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left", fontsize="small")
ax.set_title("the curve")
plt.show()

# %%
# Then the curves of training. Left: the training and validation loss per
# epoch, both on the standardised targets (so a loss of 0.5 is what
# predicting the mean would give). Right: the validation R^2 the stopping
# rule watched. The dotted line marks the epoch whose weights the model
# keeps.

fig, (ax_loss, ax_r2) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)

ax_loss.plot(epochs, reg.loss_curve_, label="training (loss_curve_)")
ax_loss.plot(epochs, reg.validation_loss_curve_, label="validation (validation_loss_curve_)")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.legend(fontsize="small")
ax_loss.set_title("loss per epoch (standardised targets)")
ax_loss.axvline(best_epoch, color="C3", ls=":")

ax_r2.plot(epochs, reg.validation_scores_, color="C2")
ax_r2.axvline(best_epoch, color="C3", ls=":", label="best epoch (restored)")
ax_r2.set_ylim(0.9, 1.0)
ax_r2.set_xlabel("epoch")
ax_r2.legend(loc="lower right", fontsize="small")
ax_r2.set_title("validation R^2 (validation_scores_)")
plt.show()

# %%
# The two loss curves fall together while the network learns the shape of
# the curve; the training loss includes the L2 penalty and is averaged over
# the mini-batches as they go, the validation loss is measured on the
# held-out rows after each epoch. Once both level off, at the noise that no
# model can predict, further epochs only move the fit around within the
# noise, and the stopping rule ends the run. The prediction is piecewise
# linear, as every network of relu units is.
