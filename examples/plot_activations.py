"""
Decision boundaries of the four activations
===========================================

The hidden activation decides what shapes a network can draw. This example
fits :class:`~sknumpynet.NumpyMLPClassifier` with each of its four hidden
activations (``"logistic"``, ``"tanh"``, ``"relu"``, ``"identity"``) on two
toy problems, two interleaved half-moons and two concentric circles, and
draws the predicted probability of the second class over the plane.

Everything else is left at its default but the L2 penalty, set to
``MLPClassifier``'s ``alpha=0.0001`` (the default 0.3 smooths every
boundary): one hidden layer of 100 units, Adam with
``learning_rate_init="auto"`` (a step of 0.1 for logistic units, 0.001 for
tanh, relu and identity), log-loss.
"""

# %%
import warnings

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt
from sklearn.datasets import make_circles, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

# A linear network cannot fit the circles and never converges there.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

datasets = {
    "two moons": make_moons(n_samples=400, noise=0.15, random_state=0),
    "circles": make_circles(n_samples=400, noise=0.1, factor=0.5, random_state=0),
}
activations = ["logistic", "tanh", "relu", "identity"]
scores = {}

for name, (X, y) in datasets.items():
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    fig, axes = plt.subplots(2, 2, figsize=(7, 6.6), constrained_layout=True)
    fig.suptitle(name)
    for ax, activation in zip(axes.ravel(), activations):
        clf = make_pipeline(
            StandardScaler(),
            NumpyMLPClassifier(activation=activation, alpha=0.0001, random_state=0),
        ).fit(X_train, y_train)
        score = clf.score(X_test, y_test)
        DecisionBoundaryDisplay.from_estimator(
            clf,
            X,
            response_method="predict_proba",
            cmap="RdBu",
            alpha=0.55,
            ax=ax,
            grid_resolution=150,
            vmin=0,
            vmax=1,
        )
        ax.scatter(
            X_train[:, 0],
            X_train[:, 1],
            c=y_train,
            cmap="RdBu",
            edgecolors="k",
            s=16,
            linewidths=0.5,
        )
        ax.scatter(
            X_test[:, 0],
            X_test[:, 1],
            c=y_test,
            cmap="RdBu",
            edgecolors="k",
            s=16,
            linewidths=0.5,
            marker="s",
            alpha=0.7,
        )
        ax.set_title(f"activation={activation!r}")
        ax.text(
            0.97,
            0.03,
            f"test accuracy {score:.2f}",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            bbox=dict(facecolor="white", alpha=0.8, edgecolor="none"),
        )
        ax.set_xticks(())
        ax.set_yticks(())
        scores[name, activation] = score
        print(f"{name:<10} {activation:<9} test accuracy {score:.3f}, {clf[-1].n_iter_} epochs")
    plt.show()

# %%
# Circles are training points, squares held-out test points. The logistic
# network bends the boundary around the moons and closes it
# around the inner circle, smoothly. The relu network closes a polygon of
# straight pieces around the inner circle, since its units are piecewise
# linear, but on the moons its boundary is still nearly straight after the
# 200 epochs of ``max_iter``; so is the tanh network's, which the stopping
# rule ends earlier, and on the circles the tanh network encloses the inner
# circle with probabilities still close to one half. Both take
# ``MLPClassifier``'s step of 0.001, which is slow on data this small (two
# mini-batches per epoch); the logistic units' step is 0.1. With
# ``activation="identity"`` every hidden unit is linear, so the whole
# network is a logistic regression: its boundary is a straight line, which
# separates most of the moons but is no better than chance on the circles.
#
# A larger step lets the tanh and relu networks bend too:

for name, (X, y) in datasets.items():
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    for activation in ["tanh", "relu"]:
        clf = make_pipeline(
            StandardScaler(),
            NumpyMLPClassifier(
                activation=activation, alpha=0.0001, learning_rate_init=0.01, random_state=0
            ),
        ).fit(X_train, y_train)
        score = clf.score(X_test, y_test)
        print(f"{name:<10} {activation:<5} learning_rate_init=0.01: test accuracy {score:.3f}")
        # sphinx_gallery_start_ignore
        assert score > scores[name, activation] or score == 1.0
        # sphinx_gallery_end_ignore
