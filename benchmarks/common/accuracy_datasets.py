"""The data sets of ``accuracy.py``: scikit-learn's bundled loaders, two
moons, two circles, an XOR pattern and five made by ``make_classification``,
each with its number of cross-validation folds and, where both estimators get
one, its ``max_iter``."""

import numpy as np
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_circles,
    make_classification,
    make_moons,
)


def make_xor(n_samples=500, noise=0.1, random_state=0):
    """XOR pattern: label ``x0 * x1 > 0`` of uniform points, then noise."""
    rng = np.random.RandomState(random_state)
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    X += rng.normal(scale=noise, size=X.shape)
    return X, y


def _generated(**kwargs):
    return lambda: make_classification(random_state=0, **kwargs)


#: name -> (loader, number of folds, max_iter of both estimators or None)
DATASETS = {
    "iris": (lambda: load_iris(return_X_y=True), 5, None),
    "wine": (lambda: load_wine(return_X_y=True), 5, None),
    "breast_cancer": (lambda: load_breast_cancer(return_X_y=True), 5, None),
    "digits": (lambda: load_digits(return_X_y=True), 5, None),
    "moons": (lambda: make_moons(n_samples=500, noise=0.2, random_state=0), 5, None),
    "circles": (
        lambda: make_circles(n_samples=500, noise=0.1, factor=0.5, random_state=0),
        5,
        None,
    ),
    "xor": (lambda: make_xor(n_samples=500, noise=0.1, random_state=0), 5, None),
    "multiclass_50d": (
        _generated(n_samples=2000, n_features=50, n_informative=30, n_redundant=10, n_classes=10),
        3,
        None,
    ),
    "imbalanced": (
        _generated(n_samples=2000, n_features=20, n_informative=5, weights=[0.95]),
        3,
        None,
    ),
    "classes_20": (
        _generated(
            n_samples=2000, n_features=30, n_informative=15, n_classes=20, n_clusters_per_class=1
        ),
        3,
        None,
    ),
    "label_noise": (
        _generated(n_samples=1000, n_features=20, n_informative=10, flip_y=0.3),
        3,
        None,
    ),
    "large": (_generated(n_samples=20000, n_features=20, n_informative=10, n_classes=3), 3, 50),
}
