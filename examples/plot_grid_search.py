"""
Grid search over the architecture and the penalty
=================================================

:class:`~sknumpynet.NumpyMLPClassifier` is an ordinary scikit-learn
estimator, so it can be tuned with :class:`~sklearn.model_selection.GridSearchCV`
inside a :class:`~sklearn.pipeline.Pipeline` exactly like ``MLPClassifier``.
This example searches the number and width of the hidden layers
(``hidden_layer_sizes``) and the strength of the L2 penalty (``alpha``) on the
digits data, and shows the cross-validated accuracy of every pair as a heatmap.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

sizes = [(5,), (20,), (50,), (20, 20)]
alphas = [1e-4, 1e-1, 1.0, 10.0]
pipe = Pipeline([("scale", StandardScaler()), ("mlp", NumpyMLPClassifier(random_state=0))])
search = GridSearchCV(pipe, {"mlp__hidden_layer_sizes": sizes, "mlp__alpha": alphas}, cv=3)
start = time.perf_counter()
search.fit(X_train, y_train)
print(f"{len(sizes) * len(alphas)} candidates x 3 folds in {time.perf_counter() - start:.1f} s")
print("best parameters:", search.best_params_)
print(f"best cross-validated accuracy: {search.best_score_:.4f}")
print(f"test accuracy of the refitted best model: {search.score(X_test, y_test):.4f}")

# %%
# The heatmap
# -----------
# ``cv_results_`` lists the candidates in the grid's order (``alpha`` varies
# slowest, since the keys are sorted), so its mean scores reshape into an
# ``alpha`` by ``hidden_layer_sizes`` table.
results = search.cv_results_
scores = np.empty((len(alphas), len(sizes)))
for params, score in zip(results["params"], results["mean_test_score"]):
    scores[alphas.index(params["mlp__alpha"]), sizes.index(params["mlp__hidden_layer_sizes"])] = (
        score
    )

fig, ax = plt.subplots(figsize=(6.5, 4.5), constrained_layout=True)
image = ax.imshow(scores, cmap="viridis", vmin=max(0.8, scores.min()), vmax=1.0)
ax.set_xticks(range(len(sizes)), [str(s) for s in sizes])
ax.set_yticks(range(len(alphas)), [f"{a:g}" for a in alphas])
ax.set_xlabel("hidden_layer_sizes")
ax.set_ylabel("alpha")
for i in range(len(alphas)):
    for j in range(len(sizes)):
        ax.text(
            j,
            i,
            f"{scores[i, j]:.3f}",
            ha="center",
            va="center",
            color="white" if scores[i, j] < 0.93 else "black",
        )
fig.colorbar(image, ax=ax, label="mean cross-validated accuracy")
ax.set_title("Digits: GridSearchCV(cv=3) accuracy")
plt.show()

# %%
# Width matters most at the small end: five hidden units are too few for ten
# digit classes, twenty are nearly enough. A second hidden layer brings
# nothing on a problem this small. Small penalties barely change the result;
# a moderate one can help the narrowest network; the largest costs accuracy
# everywhere, and most with two hidden layers, where it shrinks both weight
# matrices and so their product even more. ``alpha`` is divided by the number
# of samples in the objective (as in ``MLPClassifier``), so its useful range
# depends on the size of the training set. (The colour scale stops at 0.8;
# lower scores are drawn in its darkest colour.)
