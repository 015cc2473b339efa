"""Quickstart: the seed notebook replayed, then NumpyMLPClassifier against
scikit-learn's MLPClassifier in a Pipeline and a GridSearchCV.

Run with ``python examples/quickstart.py``. It takes one to three minutes
on 2 cores, most of it in the grid searches, which print a line per fit
(GridSearchCV's ``verbose=2``) as they go.
"""

import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

# --- 1. The notebook, replayed -------------------------------------------
# Its 4-3-1 sigmoid network, three samples, weights from np.random.seed(99),
# one update of its squared error with lr = 0.01 applied twice (a step of
# 1e-4 on the summed gradient, i.e. 3e-4 on our mean over 3 samples).
X_nb = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]])
y_nb = np.array([1, 1, 0])
notebook = NumpyMLPClassifier(
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
    notebook.fit(X_nb, y_nb)

np.set_printoptions(precision=8, suppress=True)
print("The notebook's weights after one update")
print("wh =\n", notebook.coefs_[0])
print("bh =", notebook.intercepts_[0])
print("wout =\n", notebook.coefs_[1])
print("bout =", notebook.intercepts_[1])
print("output after the update =", notebook.predict_proba(X_nb)[:, 1])

# The values the notebook printed after its update, for comparison.
printed_wh = [
    [0.67227883, 0.48807905, 0.82549527],
    [0.03144533, 0.80804888, 0.56561691],
    [0.29762277, 0.04669637, 0.9906275],
    [0.00682479, 0.76979216, 0.74676662],
]
printed_wout = [[0.39545058], [0.97394962], [0.52440853]]
gap = max(
    np.abs(notebook.coefs_[0] - printed_wh).max(),
    np.abs(notebook.coefs_[1] - printed_wout).max(),
    np.abs(notebook.intercepts_[0] - [0.37743814, 0.49414702, 0.92894798]).max(),
    np.abs(notebook.intercepts_[1] - [0.09360602]).max(),
)
print(f"largest difference from the notebook's printed weights: {gap:.1e}")

# --- 2. A drop-in for MLPClassifier ---------------------------------------
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
grid = {"mlp__hidden_layer_sizes": [(50,), (100,)], "mlp__alpha": [1e-4, 1e-2]}

print("\nDigits, Pipeline(StandardScaler, MLP) in GridSearchCV(cv=3), defaults otherwise")
results = []
for name, mlp in [
    ("MLPClassifier", MLPClassifier(random_state=0)),
    ("NumpyMLPClassifier", NumpyMLPClassifier(random_state=0)),
]:
    print(f"\n{name}: 4 candidates x 3 folds, one line per fit", flush=True)
    search = GridSearchCV(
        Pipeline([("scale", StandardScaler()), ("mlp", mlp)]), grid, cv=3, verbose=2
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X_train, y_train)
    elapsed = time.perf_counter() - start
    results.append((name, search.score(X_test, y_test), elapsed, search.best_params_))

print(f"\n{'estimator':<22}{'test accuracy':>15}{'search time (s)':>17}  best parameters")
for name, accuracy, elapsed, best in results:
    print(f"{name:<22}{accuracy:>15.4f}{elapsed:>17.2f}  {best}")
