"""
Monitoring training: progress bars, scores per epoch, stopping on demand
========================================================================

Both estimators support scikit-learn's callback API (``sklearn.callback``,
scikit-learn 1.9 and newer): a fit is a task with one subtask per epoch (per
iteration for ``solver="lbfgs"``), and callbacks set with ``set_callbacks``
hear about each one. This example shows

- :class:`~sklearn.callback.ProgressBar` on a fit, and nested bars for a
  search over a pipeline;
- :class:`~sklearn.callback.ScoringMonitor` scoring the model after every
  epoch, next to :class:`~sknumpynet.LossCurveDisplay`;
- a callback of our own that stops training once a target is reached.

:class:`~sklearn.callback.ProgressBar` draws with ``rich`` (``pip install
rich``). In a terminal the bars move while the model trains; this page was
built without a terminal, so each bar shows its final state only.
"""

# %%
import os

# rich sizes the bars to the terminal; a fixed width for this page
os.environ.setdefault("COLUMNS", "100")

from sklearn.callback import ProgressBar, ScoringMonitor
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

# %%
# A progress bar
# --------------
# One bar per fit, advancing one step per epoch (``max_iter`` steps at most;
# it fills up when the fit ends, also when the stopping rule ends it early).
# A progress bar goes on the outermost estimator, here the pipeline, which
# passes it down to its steps: one bar for the pipeline, one for each step.
clf = make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=100, random_state=0))
clf.set_callbacks(ProgressBar())
clf.fit(X_train, y_train)
print(f"{clf[-1].n_iter_} epochs, test accuracy {clf.score(X_test, y_test):.4f}")

# %%
# Nested bars in a search
# -----------------------
# The same in a search: ``max_propagation_depth=None`` passes the bar down
# every level, to show the search, each candidate and fold, each pipeline
# step and our fits (the default, 1, stops one level below the search).
search = GridSearchCV(
    make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=60, random_state=0)),
    {"numpymlpclassifier__alpha": [1e-4, 1e-1]},
    cv=2,
)
search.set_callbacks(ProgressBar(max_propagation_depth=None))
search.fit(X_train, y_train)
print(f"best alpha {search.best_params_['numpymlpclassifier__alpha']:g}")

# %%
# A score after every epoch
# -------------------------
# :class:`~sklearn.callback.ScoringMonitor` scores the model as it stands at
# the end of each epoch, on the data given to ``fit``; its log has one row per
# epoch, and one for the whole fit. Here the network trains with early
# stopping, which scores a held-out tenth of that data after every epoch
# itself; :class:`~sknumpynet.LossCurveDisplay` draws those curves (left).
import matplotlib.pyplot as plt
import numpy as np

from sknumpynet import LossCurveDisplay

monitor = ScoringMonitor(scoring="accuracy")
net = NumpyMLPClassifier(early_stopping=True, random_state=0)
net.set_callbacks(monitor)
net.fit(StandardScaler().fit_transform(X_train), y_train)

log = [row for row in monitor.get_logs().data if row["task_name"] == "epoch"]
print(f"{len(log)} scores logged for {net.n_iter_} epochs")
epochs = np.arange(1, len(log) + 1)

fig, ax_loss = plt.subplots(figsize=(7, 4), constrained_layout=True)
display = LossCurveDisplay.from_estimator(net, ax=ax_loss)
display.ax_.set_yscale("log")
plt.show()

# %%
# And the accuracy the monitor logged after each epoch, beside the
# held-out accuracy that early stopping watched:

fig, ax_score = plt.subplots(figsize=(7, 4), constrained_layout=True)
ax_score.plot(
    epochs,
    [row["accuracy"] for row in log],
    color="C4",
    marker=".",
    label="accuracy on the data given to fit (ScoringMonitor)",
)
ax_score.plot(
    epochs,
    net.validation_scores_,
    color="C2",
    linestyle="--",
    label="accuracy on the held-out tenth (early stopping)",
)
ax_score.set_xlabel("epoch")
ax_score.set_ylim(0.9, 1.001)
ax_score.legend(loc="lower right", fontsize="small")
plt.show()

# %%
# The monitored accuracy includes the held-out tenth, which the network never
# trains on: it levels off just below 1, the held-out accuracy further below.
#
# Stopping on demand
# ------------------
# A callback is any object with the four methods of the
# :class:`~sklearn.callback.FitCallback` protocol. ``on_fit_task_end``
# returning ``True`` asks the estimator to stop after the current epoch;
# ``fitted_estimator`` is the model as it stands at that point.


class StopAtAccuracy:
    """Stop once the model reaches ``target`` accuracy on ``X``, ``y``."""

    def __init__(self, X, y, target):
        self.X, self.y, self.target = X, y, target
        self.history = []

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        if context.task_name != "epoch":
            return False  # the end of the whole fit
        self.history.append(fitted_estimator.score(self.X, self.y))
        return self.history[-1] >= self.target

    def teardown(self, estimator, context):
        pass


# held-out data of its own for the callback: never the test set
X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, stratify=y_train, random_state=0)
scaler = StandardScaler().fit(X_fit)
stopper = StopAtAccuracy(scaler.transform(X_val), y_val, target=0.95)
net = NumpyMLPClassifier(max_iter=200, random_state=0).set_callbacks(stopper)
net.fit(scaler.transform(X_fit), y_fit)
print(
    f"stopped after {net.n_iter_} epochs; held-out accuracy per epoch: "
    f"{np.round(stopper.history, 3).tolist()}"
)
print(f"test accuracy {net.score(scaler.transform(X_test), y_test):.4f}")
