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
    n_samples=4000,
    n_features=20,
    n_informative=6,
    n_redundant=4,
    class_sep=0.7,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)

# Logistic units with MLPClassifier's penalty (the defaults are relu units
# with alpha=0.3), to show how their large 'auto' step affects calibration.
sigmoid = dict(activation="logistic", alpha=0.0001, random_state=0)
models = {
    "NumpyMLPClassifier (log_loss)": NumpyMLPClassifier(**sigmoid),
    "NumpyMLPClassifier (squared_error)": NumpyMLPClassifier(loss="squared_error", **sigmoid),
    "MLPClassifier": MLPClassifier(random_state=0),
    "LogisticRegression": LogisticRegression(),
}

fig, ax = plt.subplots(figsize=(7, 6.5), constrained_layout=True)
print(f"{'model':<36}{'accuracy':>9}{'Brier':>7}{'log-loss':>9}")
scores = {}
for name, model in models.items():
    with warnings.catch_warnings():
        # MLPClassifier's default step (0.001) needs more than 200 epochs here
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe = make_pipeline(StandardScaler(), model).fit(X_train, y_train)
    p = pipe.predict_proba(X_test)[:, 1]
    scores[name] = (brier_score_loss(y_test, p), log_loss(y_test, p))
    print(
        f"{name:<36}{pipe.score(X_test, y_test):>9.3f}{scores[name][0]:>7.3f}"
        f"{scores[name][1]:>9.3f}"
    )
    CalibrationDisplay.from_predictions(y_test, p, n_bins=10, name=name, ax=ax)
ax.set_title("Calibration on held-out data")
ax.legend(loc="upper left")
plt.show()

networks = [name for name in models if name != "LogisticRegression"]
worst = max(networks, key=lambda name: scores[name])
print(f"worst calibrated network: {worst}")

# %%
# ``NumpyMLPClassifier`` with logistic units and log-loss (for which
# ``learning_rate_init="auto"`` takes a step of 0.1), is the worst
# calibrated of the three networks on this problem: it has the highest Brier
# score and log-loss of the three, and its curve strays furthest from the
# diagonal. Its large step fits the training set closely within a few
# epochs, and networks trained to a low training loss tend to be
# over-confident on new data: their curve bends below the diagonal at high
# predicted probabilities and above it at low ones. The squared-error loss,
# whose gradient fades as a prediction becomes confident and for which
# ``"auto"`` takes a ten times smaller step, gives the best calibrated
# network here; relu units (``MLPClassifier``'s run, which
# ``NumpyMLPClassifier(alpha=0.0001)`` reproduces) also print a lower
# log-loss than the logistic units. The logistic regression scores worse still, but
# for another reason: a linear model cannot fit this problem (its accuracy
# is the lowest).
#
# How well a network is calibrated depends on its size, the penalty
# ``alpha`` and how long it trains; early stopping (see
# :ref:`sphx_glr_auto_examples_plot_early_stopping.py`) or a larger ``alpha``
# usually brings the curve closer to the diagonal. This is why the
# classifier's default penalty is ``alpha=0.3`` rather than
# ``MLPClassifier``'s 0.0001 (user guide, *Defaults*). When calibrated
# probabilities matter, wrap the estimator in
# :class:`~sklearn.calibration.CalibratedClassifierCV`, which works with
# ``NumpyMLPClassifier`` as with any scikit-learn classifier.

# sphinx_gallery_start_ignore
# The first paragraph describes this run; the build of this page checks it.
assert worst == "NumpyMLPClassifier (log_loss)"
assert all(scores[worst][1] >= scores[name][1] for name in networks)
assert min(scores, key=lambda name: scores[name]) == "NumpyMLPClassifier (squared_error)"
# sphinx_gallery_end_ignore
