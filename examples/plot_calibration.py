"""
Probability calibration
=======================

A classifier is well calibrated when, among the samples it gives a
probability of 0.8, about 80 % are positive. This example draws the
calibration curves (reliability diagrams) of
:class:`~sknumpynet.NumpyMLPClassifier` with its two losses, of scikit-learn's
``MLPClassifier`` and of a logistic regression on a synthetic binary problem,
and prints their Brier scores and log-losses on held-out data.
"""

# %%
import warnings

import matplotlib.pyplot as plt
from sklearn.calibration import CalibrationDisplay
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

X, y = make_classification(
    n_samples=4000, n_features=20, n_informative=6, n_redundant=4,
    class_sep=0.7, random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)

models = {
    "NumpyMLPClassifier (log_loss)": NumpyMLPClassifier(random_state=0),
    "NumpyMLPClassifier (squared_error)": NumpyMLPClassifier(
        loss="squared_error", random_state=0
    ),
    "MLPClassifier": MLPClassifier(random_state=0),
    "LogisticRegression": LogisticRegression(),
}

fig, ax = plt.subplots(figsize=(6.5, 6), constrained_layout=True)
print(f"{'model':<36}{'accuracy':>9}{'Brier':>8}{'log-loss':>10}")
for name, model in models.items():
    with warnings.catch_warnings():
        # MLPClassifier's default step (0.001) needs more than 200 epochs here
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe = make_pipeline(StandardScaler(), model).fit(X_train, y_train)
    p = pipe.predict_proba(X_test)[:, 1]
    print(f"{name:<36}{pipe.score(X_test, y_test):>9.3f}"
          f"{brier_score_loss(y_test, p):>8.3f}{log_loss(y_test, p):>10.3f}")
    CalibrationDisplay.from_predictions(y_test, p, n_bins=10, name=name, ax=ax)
ax.set_title("Calibration on held-out data")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# On this problem the default network (logistic units, a step of 0.1) is the
# most over-confident of the four, with the highest held-out log-loss.
# ``loss="squared_error"``, for which ``learning_rate_init="auto"`` takes a
# ten times smaller step, and relu units (``MLPClassifier``'s run, which
# ``NumpyMLPClassifier(activation="relu")`` reproduces) both print a lower one.
#
# Networks trained to a low training loss tend to be over-confident on new
# data: their curve bends below the diagonal at high predicted probabilities
# and above it at low ones. How much depends on the size of the network, the
# penalty ``alpha`` and how long it trains; early stopping (see
# :ref:`sphx_glr_auto_examples_plot_early_stopping.py`) or a larger
# ``alpha`` usually brings the curve closer to the diagonal. When calibrated
# probabilities matter, wrap the estimator in
# :class:`~sklearn.calibration.CalibratedClassifierCV`, which works with
# ``NumpyMLPClassifier`` as with any scikit-learn classifier.
